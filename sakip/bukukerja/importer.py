"""Importing a Buku Kerja workbook: read, check, then write it all in one
transaction, or write nothing.

Rows are matched by their kode (or by the columns that identify a target, a
realisasi, a pagu …) and updated in place. A row whose fields already hold
the workbook's values is not written, so importing the same workbook twice
changes nothing and adds no history. Import never deletes a row, except a
``mendukung`` link that the workbook's mendukung cell no longer lists.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import IntegrityError, OperationalError, transaction
from django.utils.translation import gettext as _

from sakip.core.angka import parse_angka
from sakip.core.statistik import analyze_database

from .reader import UnreadableWorkbookError, Workbook, WorkbookError, read_workbook
from .state import load_state
from .validation import ImportPlan, validate_workbook
from .writer import apply_plan

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, str], None]

# Share of the progress bar that each stage fills, in percent.
READ_UNTIL = 60
CHECK_UNTIL = 80


@dataclass
class ImportResult:
    """The outcome of an import: its errors, or the rows it created, changed
    and left unchanged per sheet."""

    errors: list[WorkbookError] = field(default_factory=list)
    summary: dict[str, dict[str, int]] = field(default_factory=dict)
    unknown_columns: dict[str, list[str]] = field(default_factory=dict)
    ignored_sheets: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def ringkasan(self) -> dict[str, Any]:
        """Return the summary in the form an ImporBukuKerja job stores."""
        return {
            "sheet": self.summary,
            "kolom_tidak_dikenal": self.unknown_columns,
            "sheet_diabaikan": self.ignored_sheets,
            "disimpan": self.written,
        }


def import_workbook(
    source: str | Path | IO[bytes],
    *,
    dry_run: bool = False,
    user: Any = None,
    reason: str = "",
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Import the workbook at ``source``; with ``dry_run`` only check it.

    Nothing is written unless every row of every sheet is valid. ``user`` and
    ``reason`` go into the history records. ``progress`` is called with a
    percentage and the name of the stage, never inside the write transaction.
    """
    report = progress or (lambda percent, stage: None)
    report(0, _("Membaca berkas"))
    try:
        workbook = read_workbook(
            source,
            progress=lambda fraction: report(
                int(fraction * READ_UNTIL), _("Membaca berkas")
            ),
        )
    except UnreadableWorkbookError as error:
        return ImportResult(errors=[error.as_error()])

    # Checking happens first outside any transaction, so that its progress
    # is committed and visible to the page that polls it, and so that the
    # write transaction below stays short.
    report(READ_UNTIL, _("Memeriksa isi buku kerja"))
    plan = validate_workbook(workbook, load_state(tahun=_years(workbook)))
    if not plan.valid or dry_run:
        return _result(plan, written=False)

    report(CHECK_UNTIL, _("Menyimpan ke basis data"))
    try:
        with transaction.atomic():
            # The database may have changed since the check. On SQLite this
            # transaction takes the write lock at its start (transaction mode
            # IMMEDIATE), so checking again here reads what the writes will
            # meet. On PostgreSQL a concurrent commit may still slip in, and
            # then the constraints raise IntegrityError below.
            plan = validate_workbook(workbook, load_state(tahun=_years(workbook)))
            if plan.valid:
                apply_plan(plan, user=user, reason=reason)
                analyze_database()
    except IntegrityError:
        logger.exception("Workbook import failed on a database constraint")
        message = _(
            "Data di basis data berubah ketika impor berjalan, sehingga tidak ada "
            "yang disimpan. Jalankan impor sekali lagi."
        )
        return ImportResult(errors=[WorkbookError("", None, "", message)])
    except OperationalError:
        # For example SQLite's "database is locked" after its busy timeout,
        # while another process holds the write lock.
        logger.exception("Workbook import could not write to the database")
        message = _(
            "Basis data sedang dipakai proses lain atau tidak dapat ditulis, "
            "sehingga tidak ada yang disimpan. Coba lagi beberapa saat lagi."
        )
        return ImportResult(errors=[WorkbookError("", None, "", message)])
    if not plan.valid:
        return _result(plan, written=False)
    report(100, _("Selesai"))
    return _result(plan, written=True)


def _result(plan: ImportPlan, *, written: bool) -> ImportResult:
    return ImportResult(
        errors=plan.errors,
        summary=plan.summary() if plan.valid else {},
        unknown_columns=plan.unknown_columns,
        ignored_sheets=plan.ignored_sheets,
        written=written,
    )


def _years(workbook: Workbook) -> set[int]:
    """Collect the years that the year-bound sheets mention. Invalid years
    are left to validation."""
    years: set[int] = set()
    for name in ("Target", "Realisasi", "Anggaran", "Keuangan"):
        sheet = workbook.sheet(name)
        if sheet is None:
            continue
        seen: set[Any] = set()
        for row in sheet.rows():
            value = row.get("tahun")
            if value in seen:
                continue
            seen.add(value)
            try:
                number = parse_angka(value)
            except ValueError:
                continue
            if number is not None and number == number.to_integral_value():
                years.add(int(number))
    return years
