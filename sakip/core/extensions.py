"""Extension points: a later stage of the cycle adds panels to an earlier
stage's pages, so that the earlier app never imports the later one.

A page marks a named slot with ``{% render_panels "slot" obj %}`` (template
library ``sakip_extensions``). An app fills it from its ``AppConfig.ready()``::

    register_panel(
        "indikator_detail",
        template_name="pengukuran/partials/panel_capaian_indikator.html",
        get_context=capaian_panel_context,
    )

Slots in use: ``indikator_detail`` (the object is an Indikator),
``dokumen_detail`` (a Dokumen), ``perjanjian_detail`` (a PerjanjianKinerja),
``rencana_aksi_detail`` (a RencanaAksi), ``evaluasi_detail`` (an Evaluasi)
and ``evaluasi_kriteria`` (a ``BarisKriteria`` of ``sakip.evaluasi.selectors``:
one criterion of an evaluation's sheet). A panel of ``evaluasi_kriteria``
renders once per criterion, so its context function must read its data once
per request, not once per criterion.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

PanelContext = Callable[[HttpRequest, Any], Mapping[str, Any]]


@dataclass(frozen=True)
class Panel:
    """A block that an app adds to a slot: its template and the function that
    builds the template's context from the request and the page's object."""

    template_name: str
    get_context: PanelContext
    order: int = 100


_panels: dict[str, list[Panel]] = {}


def register_panel(
    slot: str, *, template_name: str, get_context: PanelContext, order: int = 100
) -> None:
    """Add a panel to ``slot``; panels render by ``order``, then by registration.

    Registering the same template in the same slot again replaces the earlier
    panel, so a ``ready()`` that runs twice adds nothing twice.
    """
    panels = [p for p in _panels.get(slot, []) if p.template_name != template_name]
    panels.append(Panel(template_name, get_context, order))
    panels.sort(key=lambda panel: panel.order)
    _panels[slot] = panels


def unregister_panel(slot: str, *, template_name: str) -> None:
    """Remove the panel of ``template_name`` from ``slot``, if it is there."""
    panels = _panels.get(slot, [])
    _panels[slot] = [p for p in panels if p.template_name != template_name]


def get_panels(slot: str) -> list[Panel]:
    return list(_panels.get(slot, []))


def render_panels(slot: str, request: HttpRequest, obj: Any) -> SafeString:
    """Render every panel of ``slot`` for ``obj``, one after the other.

    Each template gets the panel's own context plus ``object``; the request
    passes through, so context processors and ``{% csrf_token %}`` work.
    """
    rendered = []
    for panel in get_panels(slot):
        context = {"object": obj, **panel.get_context(request, obj)}
        rendered.append((render_to_string(panel.template_name, context, request),))
    return format_html_join("\n", "{}", rendered)
