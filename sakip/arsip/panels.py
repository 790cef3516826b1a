"""The Riwayat panel on the detail pages of earlier apps (a dokumen, an
indikator with its targets and realisasi, a PK with its rows and targets, a
rencana aksi with its actions and monthly targets, an evaluation with its
answers and recommendations), registered through ``sakip.core.extensions``.

The page renders only a placeholder, which loads the panel from
``arsip:riwayat_panel`` with HTMX, so the history queries never add to the
detail page's own query count.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.http import HttpRequest

from sakip.core.extensions import register_panel
from sakip.evaluasi.models import Evaluasi, Jawaban, Rekomendasi
from sakip.pelaksanaan.models import Aksi, RencanaAksi, TargetFisikBulanan
from sakip.pengukuran.models import Realisasi
from sakip.perencanaan.models import Dokumen, Indikator, Target
from sakip.perjanjian.models import BarisPK, PerjanjianKinerja

TEMPLATE = "arsip/partials/panel_riwayat.html"

Sources = list[tuple[type[models.Model], dict]]


def dokumen_sources(dokumen: Dokumen) -> Sources:
    return [(Dokumen, {"id": dokumen.pk}), (Target, {"dokumen_id": dokumen.pk})]


def indikator_sources(indikator: Indikator) -> Sources:
    return [
        (Indikator, {"id": indikator.pk}),
        (Target, {"indikator_id": indikator.pk}),
        (Realisasi, {"indikator_id": indikator.pk}),
    ]


def perjanjian_sources(perjanjian: PerjanjianKinerja) -> Sources:
    return [
        (PerjanjianKinerja, {"id": perjanjian.pk}),
        (BarisPK, {"perjanjian_id": perjanjian.pk}),
        (Target, {"dokumen_id": perjanjian.dokumen_id}),
    ]


def rencana_aksi_sources(rencana_aksi: RencanaAksi) -> Sources:
    return [
        (RencanaAksi, {"id": rencana_aksi.pk}),
        (Aksi, {"rencana_aksi_id": rencana_aksi.pk}),
        (TargetFisikBulanan, {"rencana_aksi_id": rencana_aksi.pk}),
        (Target, {"dokumen_id": rencana_aksi.dokumen_id}),
    ]


def evaluasi_sources(evaluasi: Evaluasi) -> Sources:
    return [
        (Evaluasi, {"id": evaluasi.pk}),
        (Jawaban, {"evaluasi_id": evaluasi.pk}),
        (Rekomendasi, {"evaluasi_id": evaluasi.pk}),
    ]


# The kinds of object with a Riwayat panel, by the name in the panel's URL:
# the page's slot, the model, and the history that the panel shows.
PANELS: dict[str, tuple[str, type[models.Model], Callable[..., Sources]]] = {
    "dokumen": ("dokumen_detail", Dokumen, dokumen_sources),
    "indikator": ("indikator_detail", Indikator, indikator_sources),
    "perjanjian": ("perjanjian_detail", PerjanjianKinerja, perjanjian_sources),
    "rencana-aksi": ("rencana_aksi_detail", RencanaAksi, rencana_aksi_sources),
    "evaluasi": ("evaluasi_detail", Evaluasi, evaluasi_sources),
}


def _placeholder_context(jenis: str):
    def get_context(request: HttpRequest, obj: models.Model) -> dict:
        return {"riwayat_jenis": jenis}

    return get_context


def register() -> None:
    # Last on each page (order 900), below the panels of the stages.
    for jenis, (slot, _model, _sources) in PANELS.items():
        register_panel(
            slot,
            template_name=TEMPLATE,
            get_context=_placeholder_context(jenis),
            order=900,
        )
