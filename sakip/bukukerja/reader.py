"""Reading a Buku Kerja workbook into rows of cell values.

The reader checks only the shape of the file: that it is an ``.xlsx`` of an
acceptable size, which known sheets it has, and that their header rows hold
the required columns. What the cells mean is judged in ``validation``.
"""

from __future__ import annotations

import logging
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import openpyxl
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .schema import SHEET_BY_NORMALIZED_NAME, SHEETS, normalize_name

logger = logging.getLogger(__name__)

# An xlsx is a zip of XML. A file that unpacks to far more than a workbook
# does is a zip bomb, not a workbook.
# NOTE: the factor is an estimate. The demo and test workbooks unpack to 5 to
# 13 times their size, and files under 1 MB may unpack to 50 MB.
MAX_UNPACKED_FACTOR = 50

# Rows read between two progress reports.
PROGRESS_EVERY_ROWS = 2000

ProgressCallback = Callable[[float], None]


@dataclass(frozen=True, slots=True)
class WorkbookError:
    """One problem found in a workbook, at a sheet, row and column.

    ``row`` is the row number as the spreadsheet shows it, so the header is
    row 1. ``row`` and ``column`` are empty for a problem of the whole file
    or sheet.
    """

    sheet: str
    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "baris": self.row,
            "kolom": self.column,
            "pesan": self.message,
        }

    def __str__(self) -> str:
        place = [part for part in (self.sheet,) if part]
        if self.row is not None:
            place.append(_("baris %(baris)d") % {"baris": self.row})
        if self.column:
            place.append(_("kolom %(kolom)s") % {"kolom": self.column})
        if not place:
            return self.message
        return f"{', '.join(place)}: {self.message}"


class UnreadableWorkbookError(Exception):
    """The file is not a workbook that can be read at all, so none of its
    rows is checked. The message gives the reason in Indonesian."""

    def as_error(self) -> WorkbookError:
        return WorkbookError(sheet="", row=None, column="", message=str(self))


class Row:
    """The cells of one data row, by column name; a missing column is None."""

    __slots__ = ("number", "_values", "_index")

    def __init__(self, number: int, values: tuple, index: dict[str, int]) -> None:
        self.number = number
        self._values = values
        self._index = index

    def get(self, column: str) -> Any:
        position = self._index.get(column)
        if position is None:
            return None
        return self._values[position]


@dataclass
class Sheet:
    """The known columns and the data rows of one sheet of the workbook."""

    name: str
    title: str
    columns: list[str]
    unknown_columns: list[str]
    values: list[tuple[int, tuple]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._index = {column: i for i, column in enumerate(self.columns)}

    def has(self, column: str) -> bool:
        return column in self._index

    def rows(self) -> Iterator[Row]:
        for number, values in self.values:
            yield Row(number, values, self._index)

    def __len__(self) -> int:
        return len(self.values)


@dataclass
class Workbook:
    """The known sheets of a workbook, the sheets it ignored, and the problems
    of its header rows."""

    sheets: dict[str, Sheet]
    ignored_sheets: list[str]
    errors: list[WorkbookError]

    def sheet(self, name: str) -> Sheet | None:
        return self.sheets.get(name)

    @property
    def row_count(self) -> int:
        return sum(len(sheet) for sheet in self.sheets.values())


def read_workbook(
    source: str | Path | IO[bytes], *, progress: ProgressCallback | None = None
) -> Workbook:
    """Read the known sheets of the workbook at ``source`` (a path or a binary
    file opened for reading).

    Raise UnreadableWorkbookError when the file is empty, too big, or not an
    xlsx. ``progress`` is called now and then with the fraction read so far.
    """
    if isinstance(source, str | Path):
        with open(source, "rb") as handle:
            return read_workbook(handle, progress=progress)

    _check_size(source)
    try:
        # data_only reads the value a spreadsheet program saved with a
        # formula. A file written by a script that never computed it has no
        # such value, and the cell would read as empty: the formulas are
        # read from a second pass so that such a cell is reported instead.
        book = openpyxl.load_workbook(
            source, read_only=True, data_only=True, keep_links=False
        )
        formula_book = openpyxl.load_workbook(
            source, read_only=True, data_only=False, keep_links=False
        )
    except Exception as error:
        # openpyxl raises many kinds of errors for a damaged or foreign file
        # (zip, XML, key and value errors), and to the user they all mean the
        # same.
        logger.warning("Workbook could not be opened: %s", error, exc_info=True)
        raise UnreadableWorkbookError(_not_xlsx_message()) from error
    try:
        return _read_sheets(book, formula_book, progress or (lambda fraction: None))
    finally:
        book.close()
        formula_book.close()


def _check_size(handle: IO[bytes]) -> None:
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    if size == 0:
        raise UnreadableWorkbookError(_("Berkas kosong: tidak ada isinya sama sekali."))
    limit = settings.SAKIP_WORKBOOK_MAX_BYTES
    if size > limit:
        raise UnreadableWorkbookError(
            _(
                "Berkas berukuran %(ukuran)s, melebihi batas %(batas)s. Pecah buku "
                "kerja menjadi beberapa berkas, misalnya satu berkas per tahun."
            )
            % {"ukuran": filesizeformat(size), "batas": filesizeformat(limit)}
        )
    if not zipfile.is_zipfile(handle):
        raise UnreadableWorkbookError(_not_xlsx_message())
    handle.seek(0)
    with zipfile.ZipFile(handle) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    handle.seek(0)
    if unpacked > MAX_UNPACKED_FACTOR * max(size, 1024 * 1024):
        raise UnreadableWorkbookError(
            _(
                "Isi berkas terurai menjadi %(ukuran)s, jauh lebih besar dari "
                "buku kerja biasa. Berkas ini tidak dibaca."
            )
            % {"ukuran": filesizeformat(unpacked)}
        )


def _not_xlsx_message() -> str:
    return _(
        "Berkas ini bukan buku kerja Excel .xlsx yang dapat dibaca. Simpan ulang "
        'dari Excel atau LibreOffice sebagai "Excel Workbook (.xlsx)".'
    )


def _read_sheets(book: Any, formula_book: Any, progress: ProgressCallback) -> Workbook:
    known: list[tuple[str, Any]] = []
    ignored: list[str] = []
    errors: list[WorkbookError] = []
    for worksheet in book.worksheets:
        name = SHEET_BY_NORMALIZED_NAME.get(normalize_name(worksheet.title))
        if name is None:
            ignored.append(worksheet.title)
        elif any(name == seen for seen, _sheet in known):
            errors.append(
                WorkbookError(
                    sheet=worksheet.title,
                    row=None,
                    column="",
                    message=_("Sheet %(sheet)s muncul lebih dari sekali.")
                    % {"sheet": name},
                )
            )
        else:
            known.append((name, worksheet))
    if not known:
        raise UnreadableWorkbookError(
            _("Buku kerja tidak berisi satu pun sheet yang dikenal (%(sheet)s).")
            % {"sheet": ", ".join(SHEETS)}
        )

    sheets: dict[str, Sheet] = {}
    for position, (name, worksheet) in enumerate(known):

        def report(fraction: float, position: int = position) -> None:
            progress((position + fraction) / len(known))

        try:
            sheet, sheet_errors = _read_sheet(name, worksheet, report)
            sheet_errors.extend(
                _uncomputed_formulas(sheet, formula_book[worksheet.title])
            )
        except Exception as error:
            # A damaged sheet XML surfaces only while its rows are read.
            logger.warning("Sheet %s could not be read: %s", name, error, exc_info=True)
            raise UnreadableWorkbookError(_not_xlsx_message()) from error
        sheets[name] = sheet
        errors.extend(sheet_errors)
    return Workbook(sheets=sheets, ignored_sheets=ignored, errors=errors)


def _read_sheet(
    name: str, worksheet: Any, progress: Callable[[float], None]
) -> tuple[Sheet, list[WorkbookError]]:
    # The row count that the file declares serves only for the progress bar.
    # reset_dimensions() then makes openpyxl read every row, because some
    # programs declare a wrong size.
    declared_rows = worksheet.max_row or 0
    worksheet.reset_dimensions()
    rows = worksheet.iter_rows(values_only=True)
    header = next(rows, ())

    columns: list[str] = []
    positions: list[int] = []
    unknown: list[str] = []
    errors: list[WorkbookError] = []
    expected = {column.name for column in SHEETS[name]}
    for position, title in enumerate(header):
        if title is None or not str(title).strip():
            continue
        column = normalize_name(title)
        if column not in expected:
            unknown.append(str(title).strip())
        elif column in columns:
            errors.append(
                WorkbookError(
                    sheet=name,
                    row=1,
                    column=column,
                    message=_("Kolom %(kolom)s muncul lebih dari sekali.")
                    % {"kolom": column},
                )
            )
        else:
            columns.append(column)
            positions.append(position)
    for column in SHEETS[name]:
        if column.required and column.name not in columns:
            errors.append(
                WorkbookError(
                    sheet=name,
                    row=1,
                    column=column.name,
                    message=_(
                        "Kolom wajib %(kolom)s tidak ada di baris judul (baris 1)."
                    )
                    % {"kolom": column.name},
                )
            )

    sheet = Sheet(
        name=name, title=worksheet.title, columns=columns, unknown_columns=unknown
    )
    for number, raw in enumerate(rows, start=2):
        values = tuple(
            _clean_cell(raw[position]) if position < len(raw) else None
            for position in positions
        )
        if any(value is not None for value in values):
            sheet.values.append((number, values))
        if number % PROGRESS_EVERY_ROWS == 0 and declared_rows > 1:
            progress(min(number / declared_rows, 1.0))
    progress(1.0)
    return sheet, errors


def _uncomputed_formulas(sheet: Sheet, worksheet: Any) -> list[WorkbookError]:
    """Report each cell of a known column that contains a formula but no saved
    value: the import would otherwise read it as empty and clear the field."""
    read = {number: values for number, values in sheet.values}
    header = next(worksheet.iter_rows(max_row=1, values_only=True), ())
    position_of = {
        normalize_name(title): position
        for position, title in enumerate(header)
        if title is not None and str(title).strip()
    }
    columns = [
        (column, position_of[column])
        for column in sheet.columns
        if column in position_of
    ]
    if not columns:
        return []
    errors = []
    worksheet.reset_dimensions()
    for number, cells in enumerate(worksheet.iter_rows(min_row=2), start=2):
        for index, (column, position) in enumerate(columns):
            if position >= len(cells) or cells[position].data_type != "f":
                continue
            values = read.get(number)
            if values is None or values[index] is None:
                errors.append(
                    WorkbookError(
                        sheet=sheet.name,
                        row=number,
                        column=column,
                        message=_(
                            "Sel berisi rumus %(rumus)s tanpa hasil tersimpan, "
                            "sehingga nilainya tidak terbaca. Buka dan simpan "
                            "berkas di Excel atau LibreOffice agar rumus dihitung, "
                            "atau ganti rumus dengan nilainya."
                        )
                        % {"rumus": cells[position].value},
                    )
                )
    return errors


def _clean_cell(value: Any) -> Any:
    """Text without surrounding spaces, and empty text as None; other values
    (numbers, booleans, dates) as openpyxl read them."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value
