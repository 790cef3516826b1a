"""The score of an Evaluasi AKIP and its predikat, with no Django in it.

The nilai of a sub komponen is its bobot times the mean of its criteria's
answer values (each between 0 and 1); a komponen's nilai is the sum of its
sub komponen, and the total the sum of the komponen. An unanswered criterion
counts as 0 in the mean, so that an incomplete score never overstates, and
the result says how many are missing.

The predikat is read from bands, each with the value that a score must be
above to reach it (AA above 90, A above 80, ...): a score exactly on a
boundary takes the lower band. The score is rounded half up to two places
before the band is read, so that the number shown and its predikat agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DUA_DESIMAL = Decimal("0.01")


@dataclass(frozen=True)
class SubKomponenInput:
    kode: str
    bobot: Decimal
    # The value of each criterion's answer, None where it is unanswered.
    jawaban: Sequence[Decimal | None]


@dataclass(frozen=True)
class KomponenInput:
    kode: str
    bobot: Decimal
    sub_komponen: Sequence[SubKomponenInput]


@dataclass(frozen=True)
class Band:
    """A predikat and the value that a score must be above to reach it. The
    lowest band also takes every score at or below its own value."""

    predikat: str
    di_atas: Decimal


@dataclass(frozen=True)
class NilaiSubKomponen:
    kode: str
    bobot: Decimal
    nilai: Decimal
    jumlah_kriteria: int
    belum_dijawab: int


@dataclass(frozen=True)
class NilaiKomponen:
    kode: str
    bobot: Decimal
    nilai: Decimal
    sub_komponen: tuple[NilaiSubKomponen, ...]

    @property
    def belum_dijawab(self) -> int:
        return sum(sub.belum_dijawab for sub in self.sub_komponen)


@dataclass(frozen=True)
class NilaiEvaluasi:
    """The score of a whole evaluation: its komponen, the total, the total
    rounded to two places, and its predikat."""

    komponen: tuple[NilaiKomponen, ...]
    total: Decimal
    total_dibulatkan: Decimal
    predikat: str

    @property
    def belum_dijawab(self) -> int:
        return sum(komponen.belum_dijawab for komponen in self.komponen)

    @property
    def lengkap(self) -> bool:
        """Whether every criterion is answered, so the score may be final."""
        return self.belum_dijawab == 0


def compute_sub_komponen(sub: SubKomponenInput) -> NilaiSubKomponen:
    """Compute a sub komponen's nilai: bobot × the mean of its answers, with
    unanswered criteria as 0. A sub komponen without criteria scores 0."""
    jumlah = len(sub.jawaban)
    belum = sum(1 for value in sub.jawaban if value is None)
    if jumlah == 0:
        nilai = Decimal(0)
    else:
        total = sum((value for value in sub.jawaban if value is not None), Decimal(0))
        nilai = sub.bobot * total / jumlah
    return NilaiSubKomponen(
        kode=sub.kode,
        bobot=sub.bobot,
        nilai=nilai,
        jumlah_kriteria=jumlah,
        belum_dijawab=belum,
    )


def round_nilai(nilai: Decimal) -> Decimal:
    """Round a score half up to two places, as it is shown."""
    return nilai.quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP)


def find_predikat(nilai: Decimal, bands: Sequence[Band]) -> str:
    """Return the predikat of ``nilai`` (already rounded as shown): the band
    with the highest ``di_atas`` below ``nilai``, else the lowest band."""
    if not bands:
        raise ValueError("no predikat bands")
    ordered = sorted(bands, key=lambda band: band.di_atas, reverse=True)
    for band in ordered:
        if nilai > band.di_atas:
            return band.predikat
    return ordered[-1].predikat


def compute_nilai(
    komponen: Sequence[KomponenInput], bands: Sequence[Band]
) -> NilaiEvaluasi:
    """Compute every sub komponen's and komponen's nilai, the total and its
    predikat."""
    hasil = []
    for item in komponen:
        subs = tuple(compute_sub_komponen(sub) for sub in item.sub_komponen)
        hasil.append(
            NilaiKomponen(
                kode=item.kode,
                bobot=item.bobot,
                nilai=sum((sub.nilai for sub in subs), Decimal(0)),
                sub_komponen=subs,
            )
        )
    total = sum((item.nilai for item in hasil), Decimal(0))
    dibulatkan = round_nilai(total)
    return NilaiEvaluasi(
        komponen=tuple(hasil),
        total=total,
        total_dibulatkan=dibulatkan,
        predikat=find_predikat(dibulatkan, bands),
    )
