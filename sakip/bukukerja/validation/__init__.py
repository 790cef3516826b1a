"""Checking every row of a workbook against the workbook itself and the
database, and finding what an import would create, change or leave alone.

A reference (an induk, a unit, a dokumen …) may point at a row of the same
workbook or at one already in the database. Where a workbook row updates a
database row, the checks use the row as it will be after the import: the
database values with the workbook's columns laid over them. A column that a
sheet lacks leaves its field as it is. A column that is present but empty
clears the field or sets its default.

Every problem becomes a WorkbookError; none stops the checking, so that one
run reports them all. The one exception is a sheet whose header row lacks a
required column: its rows are not checked, because every one would fail, and
references to its rows are not reported as missing.
"""

from __future__ import annotations

from ..reader import Workbook
from ..schema import SHEETS
from ..state import DatabaseState
from . import changes, nilai, organisasi, perencanaan
from .context import CREATE, SAME, UPDATE, Context, ImportPlan, Record

__all__ = ["CREATE", "SAME", "UPDATE", "ImportPlan", "Record", "validate_workbook"]

# The sheets' checks, in the order their references need.
CHECKS = (
    organisasi.check_pengaturan,
    organisasi.check_unit,
    organisasi.check_skala,
    perencanaan.check_dokumen,
    perencanaan.check_elemen,
    perencanaan.check_indikator,
    nilai.check_target,
    nilai.check_realisasi,
    nilai.check_anggaran,
    nilai.check_keuangan,
)


def validate_workbook(workbook: Workbook, state: DatabaseState) -> ImportPlan:
    """Check ``workbook`` against itself and ``state``, and classify its rows."""
    ctx = Context(workbook, state)
    for check in CHECKS:
        check(ctx)
    if not ctx.errors:
        changes.classify_all(ctx)
        changes.check_frozen_documents(ctx)
        changes.check_document_years(ctx)
        changes.check_closed_years(ctx)
    new_scales = {nama for nama, _nilai in ctx.records["Skala"]} - set(state.skala)
    return ImportPlan(
        errors=ctx.errors,
        records=ctx.records,
        sheets=[name for name in SHEETS if name in workbook.sheets],
        skala_baru=sorted(new_scales),
        unknown_columns={
            name: sheet.unknown_columns
            for name, sheet in workbook.sheets.items()
            if sheet.unknown_columns
        },
        ignored_sheets=workbook.ignored_sheets,
    )
