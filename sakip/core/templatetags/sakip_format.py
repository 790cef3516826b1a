"""Template filters that show numbers the Indonesian way: 1.234.567,89 and
97,50 %. Every number on a page goes through them, so that pages, exports and
reports round the same way (half up, ``sakip.core.angka.format_angka``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from sakip.core.angka import format_angka, format_nilai

register = template.Library()

KOSONG = "—"


def _as_decimal(value) -> Decimal | None:
    """Convert a template value to Decimal; None for empty or not a number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, float):
        # repr keeps the shortest form, so 0.1 is Decimal("0.1").
        value = repr(value)
    try:
        result = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return result if result.is_finite() else None


@register.filter
def angka(value, places=None) -> str:
    """Format a number as ``1.234,50``; "—" for an empty value or not a number.

    Without ``places`` the number keeps its own decimals, two at least and
    four at most (``0,648``, ``72,84``), as targets and realisation are typed.
    """
    number = _as_decimal(value)
    if number is None:
        return KOSONG
    if places is None:
        return format_nilai(number)
    return format_angka(number, int(places))


@register.filter
def persen(value, places=2) -> str:
    """Format a percentage as ``97,50 %``; "—" for an empty value."""
    number = _as_decimal(value)
    if number is None:
        return KOSONG
    return f"{format_angka(number, int(places))} %"


@register.filter
def rupiah(value) -> str:
    """Format whole rupiah as ``Rp 1.234.567``; "—" for an empty value."""
    number = _as_decimal(value)
    if number is None:
        return KOSONG
    return f"Rp {format_angka(number, 0)}"


@register.filter
def nilai_target(target) -> str:
    """Show a Target or Realisasi row as written: a number, a scale value, or a
    band ``3,00–5,00``; "—" when it has no value."""
    skala = getattr(target, "nilai_skala", "")
    if skala:
        return skala
    bawah = getattr(target, "batas_bawah", None)
    atas = getattr(target, "batas_atas", None)
    if bawah is not None or atas is not None:
        return f"{angka(bawah)}–{angka(atas)}"
    return angka(getattr(target, "nilai", None))


def _luminance(hex_colour: str) -> float:
    """Relative luminance of an ``#rrggbb`` colour, as WCAG 2 defines it."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@register.filter
def warna_teks(hex_colour) -> str:
    """Pick a readable text colour (white or near-black) for a background.

    White is used when it reaches the WCAG AA contrast of 4.5 : 1, otherwise
    near-black, which then always contrasts more.
    """
    if not isinstance(hex_colour, str) or len(hex_colour) != 7:
        return "#212529"
    contrast_white = 1.05 / (_luminance(hex_colour) + 0.05)
    return "#ffffff" if contrast_white >= 4.5 else "#212529"
