"""The periods that realisation is entered for: the quarters of an
indikator's realisation and the months of the budget's."""

from __future__ import annotations

from sakip.perencanaan.models import Periode

PERIODE_TRIWULAN = (Periode.TW1, Periode.TW2, Periode.TW3, Periode.TW4)


def periode_keuangan(bulan: int) -> str:
    """Return the period code of month ``bulan``: 7 is ``B07``."""
    return f"B{bulan:02d}"


def bulan_of(periode: str) -> int:
    """Return the month number of a period B01–B12."""
    return int(Periode(periode).value[1:])
