"""Every page's number of queries stays the same when its data grows.

The test opens, as Admin Bappeda, every page of the permission test's URL
list twice. The first time the data is the ``rencana`` plan with the
objects that ``url_cases`` makes. The second time ``grow`` has added OPD with
their documents, and copies of every element and indikator with their
targets, realisation and other rows.

A page whose count rises by more than ``TOLERANCE`` reads something per row;
the failure lists it with both counts. Pages that return a redirect to a
GET (the HTMX row endpoints, the entry pages) are not counted.

``grow`` copies rows generically: for every element and indikator it copies
each row of every model that points at it, so a new model with a foreign key
to them is grown without touching this file.

NOTE: the copies go one level deep. A row that points only at a copied row
(and not at an element or indikator) is not copied, so a few list pages are
compared on unchanged data: the input and verification pages of a period,
an OPD's LKjIP page and the public PK page.
"""

from __future__ import annotations

import itertools

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.core.tests.permission_cases import POST_ONLY
from sakip.core.tests.test_permissions import objects, project_urls, url_cases
from sakip.organisasi.models import Unit
from sakip.perencanaan.models import Dokumen, Elemen, Indikator

__all__ = ["objects"]  # the fixture, imported from the permission test

# Copies of each element and indikator that ``grow`` adds, and new OPD.
COPIES = 4
NEW_OPD = 2
# Queries a page may add when its data grows.
TOLERANCE = 0
# Pages whose count may grow, each with the reason.
EXEMPT: dict[str, str] = {
    # Each kind of audited record on the page costs two queries: its history
    # rows on the page and the rows before them. The count follows the number
    # of audited models shown, at most about thirty, never the number of
    # rows; sakip/arsip/tests/test_audit.py checks that rows add nothing.
    "arsip:audit_list": "two queries per audited model on the page",
}

_serial = itertools.count(1)


def _copy(instance, remap: dict, **changes):
    """Insert a copy of ``instance`` with ``changes``, its foreign keys moved
    through ``remap`` ({model: {old pk: new pk}}) and its unique text fields
    made unique. Return the copy, or None when a unique constraint rejects
    it (a row that may exist only once per object it does not point at)."""
    model = type(instance)
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        value = getattr(instance, field.attname)
        if field.is_relation and value is not None:
            value = remap.get(field.related_model, {}).get(value, value)
        elif field.unique and isinstance(value, str):
            value = f"{value}-{next(_serial)}"[-field.max_length :]
        values[field.attname] = value
    values.update(changes)
    try:
        # bulk_create skips save(), which refuses changes to adopted plans
        # and would write history rows the test does not need.
        with transaction.atomic():
            [copy] = model.objects.bulk_create([model(**values)])
    except IntegrityError:
        return None
    return copy


def _dependents(target: type[models.Model]) -> list[tuple[type, models.Field]]:
    """Every (model, foreign key) that points at ``target``, except history
    tables and the tree and copy steps that ``grow`` handles itself."""
    handled = {(Elemen, "induk"), (Elemen, "dokumen"), (Indikator, "elemen")}
    found = []
    for model in apps.get_models():
        if any(field.name == "history_id" for field in model._meta.fields):
            continue
        for field in model._meta.concrete_fields:
            if not field.many_to_one or field.related_model is not target:
                continue
            if (model, field.name) in handled or model is target:
                continue
            found.append((model, field))
    return found


def _copy_dependents(target, old_pk: int, new_pk: int, remap: dict) -> None:
    """Copy the rows that point at ``old_pk`` to point at ``new_pk``, adding
    each copy to ``remap``. Models come in app order, so an indikator's
    targets are copied before the PK rows that point at the indikator and
    at one of its targets, and those rows then get the copied target."""
    for model, field in _dependents(target):
        for row in model.objects.filter(**{field.attname: old_pk}):
            copy = _copy(row, remap, **{field.attname: new_pk})
            if copy is not None:
                remap.setdefault(model, {})[row.pk] = copy.pk


def _copy_indikator(indikator, remap: dict, **changes) -> None:
    copy = _copy(indikator, remap, **changes)
    if copy is not None:
        inner = {**remap, Indikator: {indikator.pk: copy.pk}}
        _copy_dependents(Indikator, indikator.pk, copy.pk, inner)


def _copy_dokumen(dokumen, unit) -> None:
    """Copy a document, its element tree, indikator and their rows to ``unit``."""
    copy = _copy(dokumen, {}, unit_id=unit.pk)
    remap = {Dokumen: {dokumen.pk: copy.pk}, Elemen: {}}
    for elemen in Elemen.objects.filter(dokumen=dokumen).order_by("pk"):
        induk = remap[Elemen].get(elemen.induk_id, elemen.induk_id)
        new = _copy(elemen, remap, dokumen_id=copy.pk, induk_id=induk)
        remap[Elemen][elemen.pk] = new.pk
    for old_pk, new_pk in remap[Elemen].items():
        _copy_dependents(Elemen, old_pk, new_pk, remap)
        for indikator in Indikator.objects.filter(elemen_id=old_pk):
            _copy_indikator(indikator, remap, elemen_id=new_pk)


def grow(objects: dict) -> None:
    """Add OPD with copies of Dinas A's documents, copies of every element
    beside it, and copies of every indikator, with their targets,
    realisation and every other row that points at them."""
    documents = list(Dokumen.objects.filter(unit=objects["opd_a"]).order_by("pk"))
    elements = list(Elemen.objects.order_by("pk"))
    indikator = list(Indikator.objects.order_by("pk"))
    pemda = objects["opd_a"].induk

    for _ in range(NEW_OPD):
        number = next(_serial)
        unit = Unit.objects.create(
            kode=f"OPD-X{number}",
            nama=f"Dinas Tambahan {number}",
            jenis=Unit.Jenis.PERANGKAT_DAERAH,
            induk=pemda,
        )
        for dokumen in documents:
            _copy_dokumen(dokumen, unit)

    for elemen in elements:
        for _ in range(COPIES):
            copy = _copy(elemen, {})
            _copy_dependents(Elemen, elemen.pk, copy.pk, {})
            for item in indikator:
                if item.elemen_id == elemen.pk:
                    _copy_indikator(item, {}, elemen_id=copy.pk)

    for item in indikator:
        for _ in range(COPIES):
            _copy_indikator(item, {})


def count_queries(client, cases) -> dict[str, tuple[int, int, int]]:
    """Open every page of ``cases`` and return, per URL, its status, its
    number of queries and the length of its content."""
    counts = {}
    for name, _route in project_urls():
        case = cases.get(name)
        if case is None or case.kind == POST_ONLY:
            continue
        for scope, kwargs in case.scopes.items():
            url = reverse(name, kwargs=kwargs)
            # The log keeps only the last 9,000 queries, and ``grow`` fills
            # it, after which CaptureQueriesContext would count nothing.
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            content = b"" if response.streaming else response.content
            counts[f"{name} [{scope}] {url}"] = (
                response.status_code,
                len(captured.captured_queries),
                len(content),
            )
    return counts


@pytest.mark.django_db
def test_query_counts_do_not_grow(client, cast, objects):
    client.force_login(cast["admin"])
    cases = url_cases(objects)
    indikator_before = Indikator.objects.count()
    opd_before = Unit.objects.perangkat_daerah().count()

    small = count_queries(client, cases)
    grow(objects)
    large = count_queries(client, cases)

    assert Indikator.objects.count() > 5 * indikator_before
    assert Unit.objects.perangkat_daerah().count() == opd_before + NEW_OPD
    checked = [page for page, (status, *_rest) in large.items() if status == 200]
    assert len(checked) > 150
    # The growth reaches what the list pages render: 79 of the pages grow
    # today, while the forms of one object need not.
    longer = [page for page in checked if large[page][2] > small[page][2]]
    assert len(longer) >= 70
    grown = {
        page: (small[page][1], large[page][1])
        for page in checked
        if page.split(" ")[0] not in EXEMPT
        and large[page][1] > small[page][1] + TOLERANCE
    }
    assert grown == {}
