"""Questions on the audit trail: the history rows that django-simple-history
keeps for every audited model, searched across all of them at once.

A search is one UNION over the history tables, paginated in the database.
The rows of one page are then read in two queries per model on the page
(the records, and the records before them for the diff). The number of
queries therefore does not grow with the rows shown.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

from sakip.core.scoping import ScopedQuerySet
from sakip.organisasi.models import Unit

# The lookup to the unit of each audited model that has neither a ``unit``
# field nor a scoped queryset, for the unit filter.
UNIT_PATHS = {
    "perencanaan.target": "dokumen__unit",
    "perencanaan.tautanelemen": "dari__dokumen__unit",
    "perencanaan.riwayatstatusdokumen": "dokumen__unit",
    "perencanaan.riwayatpublikasidokumen": "dokumen__unit",
    "perjanjian.barispk": "perjanjian__unit",
    "perjanjian.barisanggaranpk": "perjanjian__unit",
    "pelaporan.analisissasaran": "laporan__unit",
    "pelaporan.revisilaporankinerja": "laporan__unit",
    "evaluasi.jawaban": "evaluasi__unit",
    "evaluasi.langkahevaluasi": "evaluasi__unit",
    "evaluasi.penugasanevaluator": "evaluasi__unit",
}
TYPE_LABELS = {"+": "dibuat", "~": "diubah", "-": "dihapus"}
LABEL_FIELDS = ("kode", "nama", "uraian", "judul", "tahun")


@dataclass
class Perubahan:
    """One changed field of a history record: its label and both values."""

    field: str
    sebelum: Any
    sesudah: Any


@dataclass
class Catatan:
    """One history record as the audit page shows it."""

    model_label: str
    model_name: str
    object_id: int
    object_label: str
    history_id: int
    tanggal: datetime.datetime
    jenis: str
    pengguna: Any
    alasan: str
    perubahan: list[Perubahan] = field(default_factory=list)


def audited_models() -> list[type[models.Model]]:
    """Return every model whose history is kept, sorted by verbose name."""
    found = [
        model
        for model in apps.get_models()
        if hasattr(model, "history")
        and hasattr(model.history, "model")
        and issubclass(model.history.model, HistoricalChanges)
    ]
    return sorted(found, key=lambda model: str(model._meta.verbose_name).lower())


def unit_path(model: type[models.Model]) -> str | None:
    """Return the lookup from ``model`` to its Unit ('' for Unit itself), or None
    when the model has no unit (a scale, an LKE template)."""
    label = model._meta.label_lower
    if label in UNIT_PATHS:
        return UNIT_PATHS[label]
    queryset_class = model._default_manager._queryset_class
    if issubclass(queryset_class, ScopedQuerySet):
        return queryset_class.unit_path
    names = {f.name for f in model._meta.get_fields()}
    if "unit" in names:
        return "unit"
    return None


def _unit_q(path: str, unit: Unit) -> Q:
    prefix = f"{path}__" if path else ""
    if unit.opd_id is None:
        return Q(**{f"{prefix}pk": unit.pk})
    return Q(**{f"{prefix}opd_id": unit.opd_id})


def _history_queryset(
    model: type[models.Model],
    *,
    pengguna_id: int | None,
    unit: Unit | None,
    dari: datetime.date | None,
    sampai: datetime.date | None,
    object_id: int | None,
):
    queryset = model.history.all()
    if pengguna_id is not None:
        queryset = queryset.filter(history_user_id=pengguna_id)
    if dari is not None:
        queryset = queryset.filter(history_date__date__gte=dari)
    if sampai is not None:
        queryset = queryset.filter(history_date__date__lte=sampai)
    if object_id is not None:
        queryset = queryset.filter(id=object_id)
    if unit is not None:
        path = unit_path(model)
        if path is None:
            return None
        ids = model._base_manager.filter(_unit_q(path, unit)).values("pk")
        queryset = queryset.filter(id__in=ids)
    return queryset


def audit_search(
    *,
    model_labels: Iterable[str] = (),
    pengguna_id: int | None = None,
    unit: Unit | None = None,
    dari: datetime.date | None = None,
    sampai: datetime.date | None = None,
    object_id: int | None = None,
):
    """Return a queryset of (history_date, history_id, model_label) rows over
    the history of ``model_labels`` (all audited models when empty), newest
    first. A Paginator slices it, and ``audit_page`` reads one page of it.

    NOTE: the unit filter joins the live rows, so the history of an object
    deleted since is not found by unit.
    """
    wanted = set(model_labels)
    parts = []
    for model in audited_models():
        label = model._meta.label_lower
        if wanted and label not in wanted:
            continue
        queryset = _history_queryset(
            model,
            pengguna_id=pengguna_id,
            unit=unit,
            dari=dari,
            sampai=sampai,
            object_id=object_id,
        )
        if queryset is None:
            continue
        parts.append(
            queryset.annotate(model_label=Value(label, output_field=CharField()))
            .order_by()
            .values_list("history_date", "history_id", "model_label")
        )
    if not parts:
        return (
            audited_models()[0]
            .history.none()
            .values_list("history_date", "history_id", "history_type")
        )
    first, *rest = parts
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by("-history_date", "-history_id")


def audit_page(rows: Iterable[tuple]) -> list[Catatan]:
    """Read the full records of a page of ``audit_search`` rows, each with
    the fields it changed against the record before it."""
    rows = list(rows)
    by_label: dict[str, list[int]] = defaultdict(list)
    for _date, history_id, label in rows:
        by_label[label].append(history_id)

    records: dict[tuple[str, int], Catatan] = {}
    for label, history_ids in by_label.items():
        model = apps.get_model(label)
        for catatan in _read_records(model, history_ids):
            records[(label, catatan.history_id)] = catatan
    return [records[(label, hid)] for _date, hid, label in rows]


def _read_records(model: type[models.Model], history_ids: list[int]) -> list[Catatan]:
    history = model.history.model
    previous = (
        history.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    current = list(
        history.objects.filter(history_id__in=history_ids)
        .select_related("history_user")
        .annotate(sebelum_id=Subquery(previous))
    )
    earlier = history.objects.in_bulk(
        [record.sebelum_id for record in current if record.sebelum_id]
    )
    return [
        _catatan(model, record, earlier.get(record.sebelum_id)) for record in current
    ]


def _catatan(model, record, sebelum) -> Catatan:
    return Catatan(
        model_label=model._meta.label_lower,
        model_name=str(model._meta.verbose_name),
        object_id=record.id,
        object_label=_object_label(record),
        history_id=record.history_id,
        tanggal=record.history_date,
        jenis=record.history_type,
        pengguna=record.history_user,
        alasan=record.history_change_reason or "",
        perubahan=_changes(model, record, sebelum),
    )


def _object_label(record) -> str:
    """Return a short name of the object from its own columns, without a
    query."""
    for name in LABEL_FIELDS:
        value = getattr(record, name, None)
        if value not in (None, ""):
            return f"{value}"[:80]
    return f"#{record.id}"


def _changes(model, record, sebelum) -> list[Perubahan]:
    if record.history_type == "-":
        return []
    if sebelum is None:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        return [
            Perubahan(str(f.verbose_name), None, getattr(record, f.attname))
            for f in fields
            if getattr(record, f.attname) not in (None, "")
        ]
    delta = record.diff_against(sebelum)
    verbose = {f.name: str(f.verbose_name) for f in model._meta.concrete_fields}
    return [
        Perubahan(verbose.get(change.field, change.field), change.old, change.new)
        for change in delta.changes
    ]


def riwayat_terkait(
    sources: Iterable[tuple[type[models.Model], dict]], *, limit: int = 20
) -> list[Catatan]:
    """Return the latest ``limit`` history records that match ``sources``, newest
    first, for a page's Riwayat panel. Each source is an audited model and the
    filter on its history table, e.g. ``(Target, {"indikator_id": 7})``.

    Each source costs two queries whatever it finds, so that a page's query
    count stays the same as its object's history grows.
    """
    found: list[Catatan] = []
    for model, lookup in sources:
        found += _read_latest(model, lookup, limit)
    found.sort(key=lambda catatan: (catatan.tanggal, catatan.history_id), reverse=True)
    return found[:limit]


def _read_latest(model: type[models.Model], lookup: dict, limit: int) -> list[Catatan]:
    history = model.history.model
    previous = (
        history.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    latest = (
        history.objects.filter(**lookup)
        .annotate(sebelum_id=Subquery(previous))
        .order_by("-history_date", "-history_id")
    )
    current = list(latest.select_related("history_user")[:limit])
    earlier = {
        record.history_id: record
        for record in history.objects.filter(
            history_id__in=latest.values("sebelum_id")[:limit]
        )
    }
    return [
        _catatan(model, record, earlier.get(record.sebelum_id)) for record in current
    ]


def jenis_label(jenis: str) -> str:
    return {"+": _("dibuat"), "~": _("diubah"), "-": _("dihapus")}.get(jenis, jenis)
