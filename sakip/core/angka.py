"""Parse and format numbers in the Indonesian form that reports and workbooks use.

Pure Python with no Django, so that the capaian engine can use it. Messages are
in Indonesian and marked with ``gettext_noop``: a caller inside Django translates
an error with ``gettext(error.template) % error.params``.
"""

import decimal
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

# Optional sign: ASCII hyphen-minus, plus, or the minus sign U+2212 that
# published reports often print.
_SIGN = r"(?P<sign>[-+\u2212]?)"
# With a comma, the comma is the decimal separator and dots group thousands.
_INDONESIAN = re.compile(_SIGN + r"(?P<body>\d+,\d+|[1-9]\d{0,2}(?:\.\d{3})+,\d+)")
# Without a comma, two or more dots with groups of three digits group thousands.
_INDONESIAN_GROUPED_INTEGER = re.compile(
    _SIGN + r"(?P<body>[1-9]\d{0,2}(?:\.\d{3}){2,})"
)
_PLAIN = re.compile(_SIGN + r"(?P<body>\d+(?:\.\d+)?)")
# One dot followed by exactly three digits after a group of one to three
# digits: ``144.000`` is 144 thousand in Indonesian form and 144 in plain form.
_AMBIGUOUS = re.compile(_SIGN + r"[1-9]\d{0,2}\.\d{3}")


def gettext_noop(message: str) -> str:
    """Mark ``message`` for ``makemessages`` without importing Django."""
    return message


class TranslatableValueError(ValueError):
    """A ValueError whose Indonesian message a Django caller can translate.

    ``str(error)`` is the message in Indonesian; ``template`` and ``params`` let
    the caller run it through ``gettext`` first. ``code`` names the kind of
    error (``invalid`` unless the parser says otherwise), so that a form can
    give its own message for it.
    """

    def __init__(
        self, template: str, params: Mapping[str, object], *, code: str = "invalid"
    ) -> None:
        self.template = template
        self.params = dict(params)
        self.code = code
        super().__init__(template % self.params)


def parse_angka(value: str | int | float | Decimal | None) -> Decimal | None:
    """Parse a number from a spreadsheet cell or text; ``None`` when it is empty.

    Numeric cells: an int is exact, and a float goes through ``repr`` so that
    0.1 becomes Decimal("0.1"). Text may be in Indonesian form (``1.234,5``,
    ``97,5%``, ``0,648``, ``-1,5``) or plain form (``1234.5``). A trailing percent
    sign is dropped, never divided by 100. An empty string or ``None`` is no
    value, never zero.

    The separators are read by this rule:

    - a comma makes it Indonesian form: the comma is the decimal separator and
      dots may group the integer part by thousands (``1.234.567,5``);
    - without a comma, two or more dots that split off groups of exactly three
      digits, with a first group that does not start with 0, group thousands
      (``1.234.567`` is 1234567);
    - a single dot followed by exactly three digits after a group of one to
      three digits that does not start with 0 (``144.000``, ``1.250``) is
      rejected as ambiguous: it is 144 thousand in Indonesian form and 144 in
      plain form, and a wrong guess changes a capaian a thousandfold;
    - otherwise a single dot is the decimal point (``1234.5``, ``0.648``).

    Anything else (``1,234.5``, ``1.23.4``, ``12 345``, letters, NaN, infinity,
    booleans, dates) raises TranslatableValueError, a ValueError that names the
    value.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        # bool is an int subclass, but a TRUE/FALSE cell is not a number.
        raise _invalid(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _invalid(value)
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        result = Decimal(repr(value))
        if not result.is_finite():
            raise _invalid(value)
        return result
    if isinstance(value, str):
        return _parse_text(value)
    raise _invalid(value)


def _parse_text(text: str) -> Decimal | None:
    cleaned = text.strip()
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1].rstrip()
        if not cleaned:
            raise _invalid(text)
    if not cleaned:
        return None

    if "," in cleaned:
        match = _INDONESIAN.fullmatch(cleaned)
        if match is None:
            raise _invalid(text)
        digits = match["body"].replace(".", "").replace(",", ".")
    elif _AMBIGUOUS.fullmatch(cleaned):
        raise _ambiguous(text)
    elif match := _INDONESIAN_GROUPED_INTEGER.fullmatch(cleaned):
        digits = match["body"].replace(".", "")
    elif match := _PLAIN.fullmatch(cleaned):
        digits = match["body"]
    else:
        raise _invalid(text)

    sign = "-" if match["sign"] in ("-", "\u2212") else ""
    return Decimal(sign + digits)


def _invalid(value: object) -> TranslatableValueError:
    return TranslatableValueError(
        gettext_noop(
            'Nilai "%(nilai)s" bukan angka yang sah. Tulis angka seperti 1.234,5 '
            "atau 1234.5, atau kosongkan sel bila belum ada nilainya."
        ),
        {"nilai": value},
    )


# The largest amount that SAKIP stores as a pagu, an anggaran kas or a
# realisasi keuangan: 15 digits, just under Rp 1.000 triliun, far above the
# whole APBD of any Pemda. Excel also keeps 15 significant digits. The sum of
# 9,223 amounts at this limit still fits the 64-bit integer that SQLite's SUM
# returns; PostgreSQL sums a bigint column as numeric.
RUPIAH_MAX = 10**15 - 1
RUPIAH_MAX_DIGITS = len(str(RUPIAH_MAX))

# "Rp", "Rp." or "rp" before an amount, as typed or printed on a DPA.
_RUPIAH_PREFIX = re.compile(r"^rp\.?", re.IGNORECASE)
# Ungrouped digits, with an optional decimal part after a comma or, of one or
# two digits, after a dot (``1500000``, ``1500000,00``, ``1500000.00``).
_RUPIAH_PLAIN = re.compile(
    _SIGN + r"(?P<bulat>\d+)(?:\.(?P<desimal_titik>\d{1,2})|,(?P<desimal>\d+|-))?"
)
# Digits grouped by dots, with an optional decimal part after a comma
# (``1.500.000``, ``1.500.000,00``, ``1.500.000,-``).
_RUPIAH_GROUPED = re.compile(
    _SIGN + r"(?P<bulat>[1-9]\d{0,2}(?:\.\d{3})+)(?:,(?P<desimal>\d+|-))?"
)
# A value longer than this is shortened where a message quotes it.
_QUOTED_MAX_LENGTH = 30


_RUPIAH_INVALID = gettext_noop(
    'Nilai "%(nilai)s" bukan jumlah rupiah. Tulis rupiah bulat seperti 1500000, '
    "1.500.000 atau Rp 1.500.000,00."
)
_RUPIAH_SEN = gettext_noop(
    'Nilai "%(nilai)s" memiliki sen; jumlah rupiah dicatat bulat, tanpa sen.'
)
_RUPIAH_NEGATIVE = gettext_noop(
    'Nilai "%(nilai)s" negatif; jumlah rupiah tidak boleh negatif.'
)
_RUPIAH_TOO_LARGE = gettext_noop(
    'Nilai "%(nilai)s" terlalu besar; jumlah rupiah paling besar %(maks)s.'
)


def parse_rupiah(value: str | int | float | Decimal | None) -> int | None:
    """Parse a whole, non-negative number of rupiah; ``None`` when it is empty.

    Text may start with ``Rp``, ``Rp.`` or ``Rp `` and may group thousands with
    dots (``Rp 1.500.000``). A decimal part is accepted only when it is zero
    (``1.500.000,00``, ``1500000.00``, ``1.500.000,-``), because a pagu is
    recorded in whole rupiah. Whitespace anywhere is ignored. A single dot
    followed by three digits groups thousands (``150.000`` is 150000), unlike
    in ``parse_angka``, because an amount of rupiah has no decimals to confuse
    it with. Numeric cells are read exactly.

    Raises TranslatableValueError, whose ``code`` is ``invalid`` (not an
    amount), ``sen`` (a decimal part other than zero), ``min_value``
    (negative) or ``max_value`` (above RUPIAH_MAX). The digits are counted
    before they are converted, so that no text is too long to reject.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise _rupiah_error(_RUPIAH_INVALID, value, code="invalid")
    if isinstance(value, str):
        return _parse_rupiah_text(value)
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    else:
        raise _rupiah_error(_RUPIAH_INVALID, value, code="invalid")
    if not number.is_finite():
        raise _rupiah_error(_RUPIAH_INVALID, value, code="invalid")
    if number != number.to_integral_value():
        raise _rupiah_error(_RUPIAH_SEN, value, code="sen")
    return _checked_rupiah(number, original=value)


def _parse_rupiah_text(text: str) -> int | None:
    cleaned = "".join(text.split())
    if not cleaned:
        return None
    cleaned = _RUPIAH_PREFIX.sub("", cleaned, count=1)
    match = _RUPIAH_PLAIN.fullmatch(cleaned) or _RUPIAH_GROUPED.fullmatch(cleaned)
    if match is None:
        raise _rupiah_error(_RUPIAH_INVALID, text, code="invalid")
    groups = match.groupdict()
    decimals = groups.get("desimal") or groups.get("desimal_titik") or ""
    if decimals != "-" and decimals.strip("0"):
        raise _rupiah_error(_RUPIAH_SEN, text, code="sen")
    digits = match["bulat"].replace(".", "").lstrip("0") or "0"
    negative = match["sign"] in ("-", "\u2212") and digits != "0"
    if negative:
        raise _rupiah_error(_RUPIAH_NEGATIVE, text, code="min_value")
    if len(digits) > RUPIAH_MAX_DIGITS:
        raise _rupiah_error(_RUPIAH_TOO_LARGE, text, code="max_value")
    return _checked_rupiah(Decimal(digits), original=text)


def _checked_rupiah(value: Decimal, *, original: object) -> int:
    if value < 0:
        raise _rupiah_error(_RUPIAH_NEGATIVE, original, code="min_value")
    if value > RUPIAH_MAX:
        raise _rupiah_error(_RUPIAH_TOO_LARGE, original, code="max_value")
    return int(value)


def _rupiah_error(template: str, value: object, *, code: str) -> TranslatableValueError:
    return TranslatableValueError(
        template,
        {"nilai": _quoted(value), "maks": format_angka(Decimal(RUPIAH_MAX), 0)},
        code=code,
    )


def _quoted(value: object) -> str:
    """Return ``value`` as a message quotes it: text stripped, a float cell
    without its ``.0``, and anything long cut to its first characters."""
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value).strip()
    if len(text) > _QUOTED_MAX_LENGTH:
        text = text[:_QUOTED_MAX_LENGTH] + "…"
    return text


def format_nilai(value: Decimal) -> str:
    """Format a target or realisation with its own decimals, two at least and
    four at most (``0,648``, ``72,84``), so that a value is shown as typed."""
    exponent = value.normalize().as_tuple().exponent
    places = min(4, max(2, -exponent)) if isinstance(exponent, int) else 2
    return format_angka(value, places=places)


def decimal_text(value: Decimal | None) -> str | None:
    """Write ``value`` as plain decimal text without trailing zeros ("72.5"),
    exactly as stored; ``None`` stays ``None``."""
    if value is None:
        return None
    normalized = value.normalize()
    if normalized.is_zero():
        return "0"
    return format(normalized, "f")


def _ambiguous(value: str) -> TranslatableValueError:
    return TranslatableValueError(
        gettext_noop(
            'Nilai "%(nilai)s" bermakna ganda: dapat dibaca sebagai ribuan atau '
            "sebagai pecahan desimal. Tulis 144000 atau 144.000,00 untuk seratus "
            "empat puluh empat ribu, 144 atau 144,000 untuk seratus empat puluh "
            "empat, atau isi sel sebagai angka."
        ),
        {"nilai": value.strip()},
    )


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round ``value`` half up (away from zero at .5) to ``places`` decimals.

    The precision of the local context grows with the value, so that no value
    is too large to round.
    """
    if not value.is_finite():
        raise ValueError(f"Cannot round {value!r}: it is not a finite number.")
    digits_needed = max(value.adjusted(), 0) + places + 2
    with decimal.localcontext() as context:
        context.prec = max(28, digits_needed)
        context.Emax = decimal.MAX_EMAX
        context.Emin = decimal.MIN_EMIN
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_angka(value: Decimal, places: int = 2) -> str:
    """Format ``value`` the Indonesian way, e.g. ``1.234.567,89``, rounded half up.

    A value that rounds to zero is shown without a minus sign.
    """
    rounded = round_half_up(value, places)
    if rounded.is_zero():
        rounded = abs(rounded)
    plain = f"{rounded:,.{places}f}"
    return plain.replace(",", "_").replace(".", ",").replace("_", ".")
