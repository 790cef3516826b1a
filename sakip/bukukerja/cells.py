"""Reading the value of one cell as text, a choice, a number or a year, and
collecting what is wrong with it as a WorkbookError at its sheet, row and
column."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from sakip.core.angka import TranslatableValueError, parse_angka
from sakip.perencanaan.models import NILAI_DECIMAL_PLACES, NILAI_MAX_DIGITS

from .reader import Row, WorkbookError

# Excel keeps 15 significant digits of a number ("Number precision: 15 digits"
# in Microsoft's Excel specifications and limits). A numeric cell beyond that
# carries binary noise, such as 64.39999999999999 from a formula, so a float
# cell is read at 15 significant digits.
EXCEL_DIGITS = 15

# A value of a DecimalField(19, 4) on SQLite survives only with at most 15
# digits in all, because SQLite keeps NUMERIC as a 64-bit float.
MAX_DIGITS = NILAI_MAX_DIGITS - NILAI_DECIMAL_PLACES
MAX_DECIMAL_PLACES = NILAI_DECIMAL_PLACES

TAHUN_MIN = 2000
TAHUN_MAX = 2100

# A cell of free text (an uraian, a definisi, a keterangan) holds at most this
# many characters. The longest uraian of the demo Pemda has a few hundred; a
# megabyte in one cell is a mistake that would make every page slow.
TEXT_MAX_LENGTH = 5000


def as_text(value: Any) -> str:
    """Return the text of a cell as the spreadsheet shows it: a whole number
    without ``.0``, a date as ``YYYY-MM-DD``."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)


def count_digits(value: Decimal) -> tuple[int, int]:
    """Count the digits of ``value`` written without exponent and without
    trailing zeros after the point; return (all digits, digits after it)."""
    _sign, digits, exponent = value.normalize().as_tuple()
    if not isinstance(exponent, int):
        raise ValueError(f"{value!r} is not a finite number.")
    if exponent >= 0:
        return len(digits) + exponent, 0
    places = -exponent
    return max(len(digits), places), places


@lru_cache(maxsize=64)
def _by_folded(options: tuple[str, ...]) -> dict[str, str]:
    return {option.casefold(): option for option in options}


class RowReader:
    """Reads the cells of one row and records each problem, so that one pass
    over a sheet reports every wrong cell.

    A method returns None for an empty or invalid cell. For an invalid cell
    ``invalid`` then contains the column, so that later checks can skip the
    value.
    """

    __slots__ = ("sheet", "row", "errors", "invalid")

    def __init__(self, sheet: str, row: Row, errors: list[WorkbookError]) -> None:
        self.sheet = sheet
        self.row = row
        self.errors = errors
        self.invalid: set[str] = set()

    @property
    def number(self) -> int:
        return self.row.number

    def error(self, column: str, message: str) -> None:
        self.invalid.add(column)
        self.errors.append(
            WorkbookError(
                sheet=self.sheet, row=self.row.number, column=column, message=message
            )
        )

    def raw(self, column: str) -> Any:
        return self.row.get(column)

    def _required(self, column: str) -> None:
        self.error(column, _("Kolom %(kolom)s wajib diisi.") % {"kolom": column})

    def text(
        self, column: str, *, required: bool = False, max_length: int | None = None
    ) -> str | None:
        value = self.raw(column)
        if value is None:
            if required:
                self._required(column)
            return None
        text = as_text(value)
        if max_length is None:
            max_length = TEXT_MAX_LENGTH
        if len(text) > max_length:
            self.error(
                column,
                _("Teks terlalu panjang: %(panjang)d karakter, paling banyak %(maks)d.")
                % {"panjang": len(text), "maks": max_length},
            )
            return None
        return text

    def choice(
        self,
        column: str,
        choices: Iterable[str],
        *,
        required: bool = False,
        default: str | None = None,
    ) -> str | None:
        """Read one of ``choices``, matched without regard to case and returned
        in the spelling of ``choices``, or ``default`` for an empty cell."""
        text = self.text(column, required=required and default is None)
        if text is None:
            return default
        options = tuple(choices)
        chosen = _by_folded(options).get(" ".join(text.split()).casefold())
        if chosen is None:
            self.error(
                column,
                _('Nilai "%(nilai)s" tidak dikenal. Pilihan: %(pilihan)s.')
                % {"nilai": text, "pilihan": ", ".join(options)},
            )
        return chosen

    def angka(self, column: str, *, required: bool = False) -> Decimal | None:
        """Read a number as ``parse_angka`` does, with at most 15 digits and 4
        decimal places."""
        value = self.raw(column)
        try:
            number = parse_angka(value)
        except TranslatableValueError as error:
            self.error(column, _(error.template) % error.params)
            return None
        if number is None:
            if required:
                self._required(column)
            return None
        if isinstance(value, float):
            with decimal.localcontext() as context:
                context.prec = EXCEL_DIGITS
                number = +number
        digits, places = count_digits(number)
        if places > MAX_DECIMAL_PLACES:
            self.error(
                column,
                _(
                    "Nilai %(nilai)s memiliki %(jumlah)d angka di belakang koma; "
                    "paling banyak %(maks)d."
                )
                % {
                    "nilai": as_text(value),
                    "jumlah": places,
                    "maks": MAX_DECIMAL_PLACES,
                },
            )
            return None
        if digits > MAX_DIGITS:
            self.error(
                column,
                _(
                    "Nilai %(nilai)s memiliki %(jumlah)d angka penting; paling "
                    "banyak %(maks)d yang dapat disimpan dengan tepat."
                )
                % {"nilai": as_text(value), "jumlah": digits, "maks": MAX_DIGITS},
            )
            return None
        return number

    def integer(
        self,
        column: str,
        *,
        required: bool = False,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        number = self.angka(column, required=required)
        if number is None:
            return None
        if number != number.to_integral_value():
            self.error(
                column,
                _("Nilai %(nilai)s harus bilangan bulat.") % {"nilai": number},
            )
            return None
        whole = int(number)
        if (minimum is not None and whole < minimum) or (
            maximum is not None and whole > maximum
        ):
            self.error(
                column,
                _("Nilai %(nilai)d di luar rentang %(min)d sampai %(maks)d.")
                % {"nilai": whole, "min": minimum or 0, "maks": maximum or 0},
            )
            return None
        return whole

    def tahun(self, column: str, *, required: bool = False) -> int | None:
        number = self.angka(column, required=required)
        if number is None:
            return None
        if number != number.to_integral_value() or not (
            TAHUN_MIN <= number <= TAHUN_MAX
        ):
            self.error(
                column,
                _("Tahun %(tahun)s tidak sah: tulis tahun %(min)d sampai %(maks)d.")
                % {
                    "tahun": as_text(self.raw(column)),
                    "min": TAHUN_MIN,
                    "maks": TAHUN_MAX,
                },
            )
            return None
        return int(number)

    def rupiah(self, column: str, *, required: bool = False) -> int | None:
        """Read a whole, non-negative number of rupiah."""
        number = self.angka(column, required=required)
        if number is None:
            return None
        if number < 0:
            self.error(
                column,
                _("Nilai rupiah tidak boleh negatif: %(nilai)s.")
                % {"nilai": as_text(self.raw(column))},
            )
            return None
        if number != number.to_integral_value():
            self.error(
                column,
                _(
                    "Nilai rupiah harus bilangan bulat tanpa sen: %(nilai)s. Angka "
                    "dengan satu titik seperti 1.500 dibaca sebagai 1,5; tulis 1500 "
                    "atau 1.500.000."
                )
                % {"nilai": as_text(self.raw(column))},
            )
            return None
        return int(number)

    def ya_tidak(self, column: str) -> bool | None:
        """``ya`` / ``tidak`` (or a TRUE / FALSE cell); None for an empty cell."""
        value = self.raw(column)
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        text = as_text(value).casefold()
        if text == "ya":
            return True
        if text == "tidak":
            return False
        self.error(
            column,
            _('Nilai "%(nilai)s" tidak dikenal. Pilihan: ya, tidak.')
            % {"nilai": as_text(value)},
        )
        return None
