"""Early warning: project an indikator's year-end realisation from the periods
reported so far, and flag the indikator whose projected capaian misses.

Pure Python with no Django, like the capaian engine it uses. The projection
depends on the indikator's agregasi, with t the share of the year that the
latest reported period ends (TW2 is 1/2, B05 is 5/12):

- kumulatif: the sum to date divided by the share of the year's planned
  total that the rencana aksi plans up to the same quarter; where it plans
  nothing yet, the sum plus the year's planned total; without a quarterly
  plan, the sum divided by t;
- akhir: the least-squares line through the reported values, read at the
  end of the year (t = 1); one value stands as it is. Scale values stay at
  the latest value;
- rata_rata: the mean of the values so far.

The projected capaian is the engine's capaian of the projected realisation
against the yearly target, with the same polaritas, rumus negatif and scale.
An indikator is flagged when that capaian, rounded to two places, is below
``BATAS_PERINGATAN`` (76 %, the lowest capaian of kategori Tinggi). An
undefined projected capaian (no target, target zero) is never flagged: the
page shows its reason instead.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from . import capaian as engine

BATAS_PERINGATAN: Final = Decimal(76)

_CONTEXT: Final = decimal.Context(
    prec=60,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


class Metode(StrEnum):
    """The method of a projection, as the page explains it."""

    RENCANA_AKSI = "rencana_aksi"
    LINEAR = "linear"
    TREN = "tren"
    NILAI_TERAKHIR = "nilai_terakhir"
    RATA_RATA = "rata_rata"


@dataclass(frozen=True, kw_only=True)
class Proyeksi:
    """The projected year-end realisation of one indikator and its capaian.

    ``realisasi`` is None when no period has a value yet, and then ``hasil``
    is the engine's "belum diisi". ``sampai`` is the latest reported period.
    """

    realisasi: Decimal | str | None
    hasil: engine.HasilCapaian
    metode: Metode | None
    sampai: engine.Periode | None

    @property
    def tertinggal(self) -> bool:
        """Whether the indikator will miss: projected capaian below 76 %."""
        value = self.hasil.capaian_2dp
        return value is not None and value < BATAS_PERINGATAN


def project_realisasi(
    *,
    polaritas: engine.Polaritas,
    agregasi: engine.Agregasi,
    target_tahunan: engine.Target | None,
    realisasi: Mapping[str, Decimal | str | None],
    periode: engine.Periode,
    rencana: Mapping[str, engine.Target | None] | None = None,
    rumus_negatif: engine.RumusNegatif = engine.RumusNegatif.SELISIH,
    skala: Mapping[str, int] | None = None,
) -> Proyeksi:
    """Project the year-end realisation from the values up to ``periode``.

    ``realisasi`` maps period codes (TW1-TW4 or B01-B12) to the values
    reported. Quarters are used when any quarter up to ``periode`` has a
    value, months otherwise. ``rencana`` maps TW1-TW4 to the rencana aksi's
    quarterly targets, used only for kumulatif. A ``tahunan`` value in
    ``realisasi`` is the year's own value and is returned unchanged.
    """
    agregasi = engine.Agregasi(agregasi)
    points = _reported_points(realisasi, engine.Periode(periode))
    if not points:
        return _result(
            None, None, None, polaritas, target_tahunan, rumus_negatif, skala
        )

    sampai = points[-1][0]
    values = [value for _periode, value in points]
    is_skala = any(isinstance(value, str) for value in values)
    if sampai is engine.Periode.TAHUNAN or is_skala:
        projected, metode = values[-1], Metode.NILAI_TERAKHIR
    else:
        numbers = [_as_decimal(v) for v in values]
        with decimal.localcontext(_CONTEXT):
            projected, metode = _project_numbers(
                agregasi=agregasi,
                points=[(p, n) for (p, _v), n in zip(points, numbers, strict=True)],
                target_tahunan=target_tahunan,
                rencana=rencana,
            )
    return _result(
        projected, metode, sampai, polaritas, target_tahunan, rumus_negatif, skala
    )


def share_of_year(periode: engine.Periode) -> Decimal:
    """Return the share of the year that ``periode`` ends: TW2 is 0.5."""
    periode = engine.Periode(periode)
    if periode is engine.Periode.TAHUNAN:
        return Decimal(1)
    nomor = periode.nomor or 0
    if periode.is_triwulan:
        return Decimal(nomor) / Decimal(4)
    return Decimal(nomor) / Decimal(12)


def _reported_points(
    realisasi: Mapping[str, Decimal | str | None], periode: engine.Periode
) -> list[tuple[engine.Periode, Decimal | str]]:
    by_periode = {engine.parse_periode(kode): v for kode, v in realisasi.items()}
    if periode is engine.Periode.TAHUNAN:
        tahunan = by_periode.get(engine.Periode.TAHUNAN)
        if tahunan is not None:
            return [(engine.Periode.TAHUNAN, tahunan)]
    quarters = [
        (p, by_periode.get(p))
        for p in (
            engine.triwulan_sampai(periode)
            if not periode.is_bulan
            else engine.TRIWULAN[: (periode.nomor or 0) // 3]
        )
    ]
    chosen = quarters
    if all(value is None for _p, value in quarters):
        chosen = [(p, by_periode.get(p)) for p in engine.bulan_sampai(periode)]
    return [(p, value) for p, value in chosen if value is not None]


def _project_numbers(
    *,
    agregasi: engine.Agregasi,
    points: list[tuple[engine.Periode, Decimal]],
    target_tahunan: engine.Target | None,
    rencana: Mapping[str, engine.Target | None] | None,
) -> tuple[Decimal, Metode]:
    numbers = [value for _p, value in points]
    sampai = points[-1][0]
    if agregasi is engine.Agregasi.RATA_RATA:
        return sum(numbers, Decimal(0)) / len(numbers), Metode.RATA_RATA
    if agregasi is engine.Agregasi.AKHIR:
        if len(points) == 1:
            return numbers[0], Metode.NILAI_TERAKHIR
        return _trend_at_year_end(points), Metode.TREN

    total = sum(numbers, Decimal(0))
    plan = _plan_to_date(sampai, rencana=rencana, target_tahunan=target_tahunan)
    if plan is None:
        return total / share_of_year(sampai), Metode.LINEAR
    to_date, year = plan
    if to_date == 0:
        # Nothing was planned yet, so nothing is behind: the rest of the plan
        # is assumed to be met on top of what was already realised.
        return total + year, Metode.RENCANA_AKSI
    return total * year / to_date, Metode.RENCANA_AKSI


def _plan_to_date(
    sampai: engine.Periode,
    *,
    rencana: Mapping[str, engine.Target | None] | None,
    target_tahunan: engine.Target | None,
) -> tuple[Decimal, Decimal] | None:
    """Return the rencana aksi's planned total up to ``sampai`` and for the
    year, or None when it gives no usable plan: no plan, bands or scale
    values, a month that ends no quarter, a negative plan or a year of 0."""
    if not rencana or not sampai.is_triwulan:
        return None
    planned = [rencana.get(p.value) for p in engine.TRIWULAN]
    if any(t is not None and t.nilai is None for t in planned):
        return None
    values = [t.nilai if t is not None else None for t in planned]
    upto = values[: engine.TRIWULAN.index(sampai) + 1]
    to_date = sum((v for v in upto if v is not None), Decimal(0))
    if all(v is not None for v in values):
        year = sum(values, Decimal(0))  # type: ignore[arg-type]
    elif target_tahunan is not None and target_tahunan.nilai is not None:
        year = target_tahunan.nilai
    else:
        return None
    if to_date < 0 or year <= 0:
        return None
    return to_date, year


def _as_decimal(value: Decimal | str) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise TypeError(f"realisasi must be a finite Decimal, not {value!r}.")
    return value


def _trend_at_year_end(points: list[tuple[engine.Periode, Decimal]]) -> Decimal:
    """Read the least-squares line through (share of year, value) at t = 1."""
    xs = [share_of_year(p) for p, _v in points]
    ys = [value for _p, value in points]
    count = Decimal(len(points))
    mean_x = sum(xs, Decimal(0)) / count
    mean_y = sum(ys, Decimal(0)) / count
    sxx = sum(((x - mean_x) ** 2 for x in xs), Decimal(0))
    sxy = sum(((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)))
    slope = sxy / sxx
    return mean_y + slope * (Decimal(1) - mean_x)


def _result(
    projected: Decimal | str | None,
    metode: Metode | None,
    sampai: engine.Periode | None,
    polaritas: engine.Polaritas,
    target_tahunan: engine.Target | None,
    rumus_negatif: engine.RumusNegatif,
    skala: Mapping[str, int] | None,
) -> Proyeksi:
    hasil = engine.compute_capaian(
        polaritas=polaritas,
        target=target_tahunan,
        realisasi=projected,
        rumus_negatif=rumus_negatif,
        skala=skala,
    )
    return Proyeksi(realisasi=projected, hasil=hasil, metode=metode, sampai=sampai)
