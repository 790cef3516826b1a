"""The sign and unit rules of an indikator's values, which its targets of
every later stage (the PK, the rencana aksi's quarters) and its realisation
all follow.

Pure Python with no Django: the caller passes the indikator's satuan and
uraian, and translates the returned message with ``Pesan.render(gettext)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from sakip.core.angka import format_angka, format_nilai, gettext_noop


@dataclass(frozen=True)
class Pesan:
    """A message: an Indonesian template marked for translation, its
    parameters, and a code that callers and tests match on."""

    kode: str
    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template % self.params

    def render(self, translate: Callable[[str], str]) -> str:
        """Return the message translated by ``translate`` (e.g. gettext)."""
        return translate(self.template) % self.params


def format_singkat(value: Decimal) -> str:
    """Format a value the Indonesian way without needless decimals: ``80``,
    ``1.250``, ``72,50``, ``0,648``."""
    if value == value.to_integral_value():
        return format_angka(value, 0)
    return format_nilai(value)


SATUAN_PERSEN = ("%", "persen")

# A percentage may be negative only where it measures a change: economic
# growth shrinks in a recession, prices fall in deflation.
# NOTE: this reads the uraian because Indikator has no field saying whether
# its value may be negative; such a field would replace this list.
KATA_PERUBAHAN = ("pertumbuhan", "laju", "inflasi", "perubahan")

_NEGATIF = {
    "realisasi": gettext_noop(
        "Realisasi %(uraian)s dalam persen tidak boleh negatif; tertulis %(nilai)s."
    ),
    "target": gettext_noop(
        "Target %(uraian)s dalam persen tidak boleh negatif; tertulis %(nilai)s."
    ),
}


def is_persen(satuan: str) -> bool:
    """Return whether ``satuan`` is a percentage (``%``, ``persen``,
    ``persentase``)."""
    return satuan.strip().casefold().startswith(SATUAN_PERSEN)


def check_nilai_indikator(
    nilai: Decimal | None,
    *,
    satuan: str,
    uraian: str,
    teks: str = "",
    jenis: Literal["realisasi", "target"] = "realisasi",
) -> Pesan | None:
    """Return why ``nilai`` does not fit an indikator of ``satuan`` and
    ``uraian``, or None when it does.

    A percentage may not be negative unless the uraian names a change. When
    the caller has the text as typed (``teks``), a trailing percent sign is
    accepted only for a percentage or for an indikator without a satuan,
    because ``parse_angka`` drops the sign and "50%" would become 50 laporan.
    """
    teks = teks.strip()
    persen = is_persen(satuan)
    if teks.endswith("%") and satuan.strip() and not persen:
        return Pesan(
            "persen_untuk_bukan_persen",
            gettext_noop(
                "Indikator %(uraian)s bersatuan %(satuan)s, bukan persen. Tulis "
                "%(nilai)s tanpa tanda %%."
            ),
            {"uraian": uraian, "satuan": satuan.strip(), "nilai": teks[:-1].rstrip()},
        )
    if nilai is None or nilai >= 0 or not persen:
        return None
    if any(kata in uraian.casefold() for kata in KATA_PERUBAHAN):
        return None
    return Pesan(
        "persen_negatif",
        _NEGATIF[jenis],
        {"uraian": uraian, "nilai": teks or format_singkat(nilai)},
    )
