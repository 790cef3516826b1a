"""The Riwayat panel on the detail pages of earlier apps (a dokumen, an
indikator with its targets and realisasi, a PK with its rows, a rencana
aksi), registered through ``sakip.core.extensions``."""

from __future__ import annotations

from django.http import HttpRequest

from sakip.core.extensions import register_panel
from sakip.pelaksanaan.models import Aksi, RencanaAksi, TargetFisikBulanan
from sakip.pengukuran.models import Realisasi
from sakip.perencanaan.models import Dokumen, Indikator, Target
from sakip.perjanjian.models import BarisPK, PerjanjianKinerja

from .selectors import riwayat_terkait

TEMPLATE = "arsip/partials/panel_riwayat.html"


def dokumen_context(request: HttpRequest, dokumen: Dokumen) -> dict:
    sources = [(Dokumen, {"id": dokumen.pk}), (Target, {"dokumen_id": dokumen.pk})]
    return {"riwayat": riwayat_terkait(sources), "riwayat_model": "perencanaan.dokumen"}


def indikator_context(request: HttpRequest, indikator: Indikator) -> dict:
    sources = [
        (Indikator, {"id": indikator.pk}),
        (Target, {"indikator_id": indikator.pk}),
        (Realisasi, {"indikator_id": indikator.pk}),
    ]
    return {
        "riwayat": riwayat_terkait(sources),
        "riwayat_model": "perencanaan.indikator",
    }


def perjanjian_context(request: HttpRequest, perjanjian: PerjanjianKinerja) -> dict:
    sources = [
        (PerjanjianKinerja, {"id": perjanjian.pk}),
        (BarisPK, {"perjanjian_id": perjanjian.pk}),
        (Target, {"dokumen_id": perjanjian.dokumen_id}),
    ]
    return {
        "riwayat": riwayat_terkait(sources),
        "riwayat_model": "perjanjian.perjanjiankinerja",
    }


def rencana_aksi_context(request: HttpRequest, rencana_aksi: RencanaAksi) -> dict:
    sources = [
        (RencanaAksi, {"id": rencana_aksi.pk}),
        (Aksi, {"rencana_aksi_id": rencana_aksi.pk}),
        (TargetFisikBulanan, {"rencana_aksi_id": rencana_aksi.pk}),
        (Target, {"dokumen_id": rencana_aksi.dokumen_id}),
    ]
    return {
        "riwayat": riwayat_terkait(sources),
        "riwayat_model": "pelaksanaan.rencanaaksi",
    }


def register() -> None:
    # Last on each page (order 900), below the panels of the stages.
    for slot, get_context in (
        ("dokumen_detail", dokumen_context),
        ("indikator_detail", indikator_context),
        ("perjanjian_detail", perjanjian_context),
        ("rencana_aksi_detail", rencana_aksi_context),
    ):
        register_panel(slot, template_name=TEMPLATE, get_context=get_context, order=900)
