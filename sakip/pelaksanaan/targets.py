"""The rules of a rencana aksi's targets, in pure Python with no Django.

The quarterly targets (TW1-TW4) of a PK row reach the PK's yearly target by
the indikator's agregasi:

- kumulatif: TW I + TW II + TW III + TW IV = the yearly target;
- akhir: TW IV = the yearly target;
- rata_rata: the mean of the quarters = the yearly target;
- a scale (skala) indikator, whatever its agregasi: TW IV's value = the
  yearly value.

A band (rentang) target is compared bound by bound. A quarter without a
target is left out of the sum and the mean, as the capaian engine leaves it
out, and is reported on its own. These findings are warnings: a Pemda may
adopt a rencana aksi that differs on purpose.

The monthly physical targets (target fisik) of a sub kegiatan are cumulative
percentages: each is between 0 and 100 with at most two decimals and never
below an earlier month's; a value that breaks this is rejected. December
should be 100, and a month left empty is reported, as warnings.

Messages are Indonesian templates marked with ``gettext_noop``; a Django
caller translates them with ``Pesan.render(gettext)``.
"""

from __future__ import annotations

import decimal
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum
from typing import Any

from sakip.core.angka import gettext_noop, round_half_up
from sakip.perencanaan.nilai import Pesan, format_singkat

TRIWULAN = ("TW1", "TW2", "TW3", "TW4")
LABEL_TRIWULAN = {"TW1": "TW I", "TW2": "TW II", "TW3": "TW III", "TW4": "TW IV"}
BULAN = tuple(range(1, 13))
NAMA_BULAN = {
    1: gettext_noop("Januari"),
    2: gettext_noop("Februari"),
    3: gettext_noop("Maret"),
    4: gettext_noop("April"),
    5: gettext_noop("Mei"),
    6: gettext_noop("Juni"),
    7: gettext_noop("Juli"),
    8: gettext_noop("Agustus"),
    9: gettext_noop("September"),
    10: gettext_noop("Oktober"),
    11: gettext_noop("November"),
    12: gettext_noop("Desember"),
}
# Target fisik is a percentage with two decimals (the column is 5,2).
FISIK_DECIMAL_PLACES = 2
FISIK_MAX = Decimal(100)
# Indicator values keep at most four decimals (perencanaan's NILAI_DECIMAL_PLACES).
NILAI_DECIMAL_PLACES = 4

_HUNDRED = Decimal(100)
_CONTEXT = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_EVEN)


class JenisNilai(StrEnum):
    """The kind of an indikator's targets: a number, a band or a scale value."""

    ANGKA = "angka"
    RENTANG = "rentang"
    SKALA = "skala"


class Agregasi(StrEnum):
    """The way an indikator's quarters add up (perencanaan's Indikator.Agregasi)."""

    AKHIR = "akhir"
    KUMULATIF = "kumulatif"
    RATA_RATA = "rata_rata"


@dataclass(frozen=True)
class NilaiTarget:
    """The value of one target: a number, a scale value or a band. All empty
    means no target for that period."""

    nilai: Decimal | None = None
    nilai_skala: str = ""
    batas_bawah: Decimal | None = None
    batas_atas: Decimal | None = None

    @classmethod
    def of(cls, row: Any) -> NilaiTarget:
        """Read the four values of a Target row; ``None`` is an empty target."""
        if row is None:
            return cls()
        return cls(
            nilai=row.nilai,
            nilai_skala=row.nilai_skala or "",
            batas_bawah=row.batas_bawah,
            batas_atas=row.batas_atas,
        )

    @property
    def is_empty(self) -> bool:
        return (
            self.nilai is None
            and not self.nilai_skala
            and self.batas_bawah is None
            and self.batas_atas is None
        )


KOSONG = NilaiTarget()


def format_target(value: NilaiTarget) -> str:
    """Show a target as written: a number, a scale value or a band ``3–5``."""
    if value.nilai_skala:
        return value.nilai_skala
    if value.batas_bawah is not None or value.batas_atas is not None:
        bawah = "—" if value.batas_bawah is None else format_singkat(value.batas_bawah)
        atas = "—" if value.batas_atas is None else format_singkat(value.batas_atas)
        return f"{bawah}–{atas}"
    if value.nilai is None:
        return "—"
    return format_singkat(value.nilai)


# Quarterly targets.


def split_kumulatif(
    total: Decimal | None, *, places: int | None = None
) -> tuple[Decimal | None, ...]:
    """Split ``total`` into four quarters that add up to it exactly.

    The first three quarters are a quarter of the total rounded towards zero
    at ``places`` decimals, and the fourth takes the rest. By default
    ``places`` is the total's own, so a whole number splits into whole
    numbers: 10 gives 2, 2, 2, 4.
    """
    if total is None:
        return (None,) * 4
    if places is None:
        places = _own_places(total)
    step = Decimal(1).scaleb(-places)
    with decimal.localcontext(_CONTEXT):
        quarter = (total / 4).quantize(step, rounding=ROUND_DOWN)
        rest = total - 3 * quarter
    return (quarter, quarter, quarter, rest)


def _own_places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def prefill_triwulan(
    tahunan: NilaiTarget, *, jenis: JenisNilai, agregasi: Agregasi
) -> dict[str, NilaiTarget]:
    """Propose the quarterly targets of a new rencana aksi from the PK's
    yearly target.

    Kumulatif: the yearly target split in four (``split_kumulatif``).
    Akhir, rata_rata and every scale indikator: each quarter gets the yearly
    value, and the operator lowers the early ones.
    """
    jenis, agregasi = JenisNilai(jenis), Agregasi(agregasi)
    if tahunan.is_empty:
        return dict.fromkeys(TRIWULAN, KOSONG)
    if jenis is JenisNilai.SKALA or agregasi is not Agregasi.KUMULATIF:
        return dict.fromkeys(TRIWULAN, tahunan)
    if jenis is JenisNilai.RENTANG:
        # Both bounds are split with two more decimals than either has, so
        # that the division is exact (up to four decimals) and each quarter's
        # lower bound stays below its upper bound.
        places = min(
            NILAI_DECIMAL_PLACES,
            max(_own_places(v) for v in _bounds(tahunan) if v is not None) + 2,
        )
        bawah = split_kumulatif(tahunan.batas_bawah, places=places)
        atas = split_kumulatif(tahunan.batas_atas, places=places)
        return {
            tw: NilaiTarget(batas_bawah=b, batas_atas=a)
            for tw, b, a in zip(TRIWULAN, bawah, atas, strict=True)
        }
    return {
        tw: NilaiTarget(nilai=v)
        for tw, v in zip(TRIWULAN, split_kumulatif(tahunan.nilai), strict=True)
    }


def _bounds(value: NilaiTarget) -> tuple[Decimal | None, Decimal | None]:
    return (value.batas_bawah, value.batas_atas)


def validate_triwulan(
    values: Mapping[str, NilaiTarget],
    *,
    jenis: JenisNilai,
    skala_values: Collection[str] = (),
) -> dict[str, Pesan]:
    """Check that each quarter's value is of the indikator's kind: a value of
    its scale, both bounds of a band in order, or a number. Return the error
    of each quarter that is not, keyed by quarter; an empty quarter is fine."""
    jenis = JenisNilai(jenis)
    errors = {}
    for triwulan in TRIWULAN:
        value = values.get(triwulan, KOSONG)
        if value.is_empty:
            continue
        error = _kind_error(value, jenis=jenis, skala_values=skala_values)
        if error is not None:
            errors[triwulan] = error
    return errors


def _kind_error(
    value: NilaiTarget, *, jenis: JenisNilai, skala_values: Collection[str]
) -> Pesan | None:
    has_number = value.nilai is not None
    has_bound = value.batas_bawah is not None or value.batas_atas is not None
    if jenis is JenisNilai.SKALA:
        if has_number or has_bound:
            return Pesan(
                "bukan_skala",
                gettext_noop("Pilih salah satu nilai skala indikator ini."),
            )
        if value.nilai_skala not in skala_values:
            return Pesan(
                "di_luar_skala",
                gettext_noop(
                    "%(nilai)s tidak ada dalam skala indikator ini; pilih salah "
                    "satu dari %(pilihan)s."
                ),
                {"nilai": value.nilai_skala, "pilihan": ", ".join(skala_values)},
            )
        return None
    if value.nilai_skala:
        return Pesan(
            "skala_untuk_angka",
            gettext_noop("Nilai skala hanya untuk indikator berskala; isi angka."),
        )
    if jenis is JenisNilai.RENTANG:
        if has_number:
            return Pesan(
                "rentang_satu_nilai",
                gettext_noop(
                    "Target indikator rentang diisi batas bawah dan batas atas, "
                    "bukan satu nilai."
                ),
            )
        if value.batas_bawah is None or value.batas_atas is None:
            return Pesan(
                "rentang_tidak_lengkap",
                gettext_noop("Isi batas bawah dan batas atas."),
            )
        if value.batas_bawah > value.batas_atas:
            return Pesan(
                "rentang_terbalik",
                gettext_noop("Batas bawah (%(bawah)s) melebihi batas atas (%(atas)s)."),
                {
                    "bawah": format_singkat(value.batas_bawah),
                    "atas": format_singkat(value.batas_atas),
                },
            )
        return None
    if has_bound:
        return Pesan(
            "batas_untuk_angka",
            gettext_noop("Batas bawah dan atas hanya untuk indikator rentang."),
        )
    return None


def check_triwulan(
    tahunan: NilaiTarget,
    triwulan: Mapping[str, NilaiTarget],
    *,
    jenis: JenisNilai,
    agregasi: Agregasi,
) -> list[Pesan]:
    """List why the quarterly targets do not reach the yearly target by the
    rules of the module docstring; empty when they do."""
    jenis, agregasi = JenisNilai(jenis), Agregasi(agregasi)
    if tahunan.is_empty:
        return [
            Pesan(
                "tahunan_kosong",
                gettext_noop(
                    "Target tahunan PK belum diisi, sehingga target triwulan "
                    "belum dapat dibandingkan dengannya."
                ),
            )
        ]
    values = [triwulan.get(tw, KOSONG) for tw in TRIWULAN]
    result = []
    kosong = [
        LABEL_TRIWULAN[tw] for tw, v in zip(TRIWULAN, values, strict=True) if v.is_empty
    ]
    if kosong:
        result.append(
            Pesan(
                "triwulan_kosong",
                gettext_noop("Target %(triwulan)s belum diisi."),
                {"triwulan": ", ".join(kosong)},
            )
        )

    if jenis is JenisNilai.SKALA or agregasi is Agregasi.AKHIR:
        akhir = values[-1]
        if not akhir.is_empty and _components(akhir, jenis) != _components(
            tahunan, jenis
        ):
            result.append(
                Pesan(
                    "tw4_berbeda",
                    gettext_noop(
                        "Target TW IV (%(triwulan)s) belum sama dengan target "
                        "tahunan PK (%(tahunan)s)."
                    ),
                    {
                        "triwulan": format_target(akhir),
                        "tahunan": format_target(tahunan),
                    },
                )
            )
        return result

    present = [v for v in values if not v.is_empty]
    if not present:
        return result
    yearly = _components(tahunan, jenis)
    columns = list(zip(*(_components(v, jenis) for v in present), strict=True))
    with decimal.localcontext(_CONTEXT):
        totals = tuple(_sum(column) for column in columns)
        if agregasi is Agregasi.KUMULATIF:
            reached = totals == yearly
            aggregate = totals
            kode = "jumlah_berbeda"
            template = gettext_noop(
                "Jumlah target triwulan (%(triwulan)s) belum sama dengan target "
                "tahunan PK (%(tahunan)s)."
            )
        else:
            # Compared as sums, so that a mean such as 82,333… needs no rounding.
            reached = totals == tuple(_times(w, len(present)) for w in yearly)
            aggregate = tuple(None if t is None else t / len(present) for t in totals)
            kode = "rata_rata_berbeda"
            template = gettext_noop(
                "Rata-rata target triwulan (%(triwulan)s) belum sama dengan "
                "target tahunan PK (%(tahunan)s)."
            )
    if not reached:
        result.append(
            Pesan(
                kode,
                template,
                {
                    "triwulan": format_target(_from_components(aggregate, jenis)),
                    "tahunan": format_target(tahunan),
                },
            )
        )
    return result


def _components(value: NilaiTarget, jenis: JenisNilai) -> tuple:
    if jenis is JenisNilai.SKALA:
        return (value.nilai_skala,)
    if jenis is JenisNilai.RENTANG:
        return _bounds(value)
    return (value.nilai,)


def _from_components(values: tuple, jenis: JenisNilai) -> NilaiTarget:
    if jenis is JenisNilai.RENTANG:
        return NilaiTarget(batas_bawah=values[0], batas_atas=values[1])
    return NilaiTarget(nilai=values[0])


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    numbers = [v for v in values if v is not None]
    return sum(numbers, Decimal(0)) if numbers else None


def _times(value: Decimal | None, count: int) -> Decimal | None:
    return None if value is None else value * count


# Monthly physical targets.


def prefill_fisik(anggaran_kas: Mapping[int, int | None]) -> dict[int, Decimal | None]:
    """Propose the target fisik of each month: the share of the year's
    anggaran kas planned up to that month, in percent rounded half up to two
    places, and 100 in December. Without any anggaran kas only December gets
    a value."""
    total = sum(anggaran_kas.get(bulan) or 0 for bulan in BULAN)
    result: dict[int, Decimal | None] = {}
    cumulative = 0
    for bulan in BULAN:
        cumulative += anggaran_kas.get(bulan) or 0
        if bulan == 12:
            result[bulan] = FISIK_MAX
        elif total <= 0:
            result[bulan] = None
        else:
            with decimal.localcontext(_CONTEXT):
                share = Decimal(cumulative) * _HUNDRED / Decimal(total)
            result[bulan] = round_half_up(share, FISIK_DECIMAL_PLACES)
    return result


def validate_fisik(
    values: Mapping[int, Decimal | None],
    *,
    nama_bulan: Mapping[int, str] = NAMA_BULAN,
) -> dict[int, Pesan]:
    """Check each month's target fisik: 0 to 100, two decimals at most, and
    not below the latest earlier month that has one. Return the error of
    each month that fails, keyed by month."""
    errors: dict[int, Pesan] = {}
    previous: tuple[int, Decimal] | None = None
    for bulan in BULAN:
        value = values.get(bulan)
        if value is None:
            continue
        params = {"bulan": nama_bulan[bulan], "nilai": format_singkat(value)}
        if not value.is_finite() or value < 0 or value > FISIK_MAX:
            errors[bulan] = Pesan(
                "fisik_di_luar_batas",
                gettext_noop(
                    "Target fisik %(bulan)s (%(nilai)s %%) harus antara 0 dan 100 %%."
                ),
                params,
            )
            continue
        if -_exponent(value) > FISIK_DECIMAL_PLACES:
            errors[bulan] = Pesan(
                "fisik_desimal",
                gettext_noop(
                    "Target fisik %(bulan)s (%(nilai)s %%) paling banyak memiliki "
                    "2 angka di belakang koma."
                ),
                params,
            )
            continue
        if previous is not None and value < previous[1]:
            errors[bulan] = Pesan(
                "fisik_turun",
                gettext_noop(
                    "Target fisik %(bulan)s (%(nilai)s %%) lebih rendah dari "
                    "%(sebelumnya)s (%(nilai_sebelumnya)s %%). Target fisik "
                    "dihitung kumulatif sejak Januari, jadi tidak boleh turun."
                ),
                {
                    **params,
                    "sebelumnya": nama_bulan[previous[0]],
                    "nilai_sebelumnya": format_singkat(previous[1]),
                },
            )
            continue
        previous = (bulan, value)
    return errors


def _exponent(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def check_fisik(
    values: Mapping[int, Decimal | None],
    *,
    nama_bulan: Mapping[int, str] = NAMA_BULAN,
) -> list[Pesan]:
    """List the warnings of a valid monthly plan: the months left empty, and
    a December below 100 %."""
    result = []
    kosong = [nama_bulan[b] for b in BULAN if values.get(b) is None]
    if kosong:
        result.append(
            Pesan(
                "fisik_kosong",
                gettext_noop("Target fisik %(bulan)s belum diisi."),
                {"bulan": ", ".join(kosong)},
            )
        )
    desember = values.get(12)
    if desember is not None and desember != FISIK_MAX:
        result.append(
            Pesan(
                "fisik_desember",
                gettext_noop(
                    "Target fisik Desember %(nilai)s %%, belum 100 %%: pekerjaan "
                    "sub kegiatan ini direncanakan belum selesai pada akhir tahun."
                ),
                {"nilai": format_singkat(desember)},
            )
        )
    return result
