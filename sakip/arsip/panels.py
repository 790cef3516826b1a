"""The Riwayat panel on the detail pages of earlier apps (a dokumen, an
indikator with its targets and realisasi, a PK with its rows and targets),
registered through ``sakip.core.extensions``.

The page renders only a placeholder, which loads the panel from
``arsip:riwayat_panel`` with HTMX, so the history queries never add to the
detail page's own query count.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.http import HttpRequest

from sakip.core.extensions import register_panel
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


# The kinds of object with a Riwayat panel, by the name in the panel's URL:
# the page's slot, the model, and the history that the panel shows.
PANELS: dict[str, tuple[str, type[models.Model], Callable[..., Sources]]] = {
    "dokumen": ("dokumen_detail", Dokumen, dokumen_sources),
    "indikator": ("indikator_detail", Indikator, indikator_sources),
    "perjanjian": ("perjanjian_detail", PerjanjianKinerja, perjanjian_sources),
}
# NOTE: the rencana aksi page has no Riwayat panel. Rendering any panel runs
# the context processors again, one query over that page's budget of 20,
# and its PK's page shows the history of the PK's rows and targets.


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
