"""The capaian engine: achievement of an indikator against its target, in percent.

Pure Python with no Django, so every report, page, export and the command line
compute capaian with the same code. Values are Decimal, computed in a local
context of 60 significant digits and never rounded here. Rounding half up to
two places happens only when a value is shown (``HasilCapaian.capaian_2dp``,
``sakip.core.angka.format_angka``), and the kategori is taken from that rounded
value so that a number and its kategori never disagree.

Formulas, with T the target, R the realisasi and [L, U] a band target:

- positif: R / T × 100;
- negatif: (2T − R) / T × 100 (``selisih``) or T / R × 100 (``rasio``), chosen
  per Pemda and overridable per indikator;
- rentang: 100 inside [L, U] (bounds included), R / L × 100 below it and
  (2U − R) / U × 100 above it;
- ordinal scale (rank 1 is the worst): 100 when rank(R) ≥ rank(T), otherwise
  rank(R) / rank(T) × 100.

A formula value below 0 gives capaian 0, and the result keeps the formula value
with a keterangan that states it. Where a formula cannot be computed the
capaian is None with a keterangan saying why, and no division error escapes:

- target missing: "target belum ditetapkan"; realisasi missing: "belum diisi";
- T = 0, positif: "target nol". T = 0, negatif (either formula): 100 when
  R ≤ 0, 0 when R > 0;
- ``rasio`` with R ≤ 0: None. With R = 0 (say, no infant deaths at all) T / R
  has no value, and a negative R would give a negative value and so 0 %, yet
  both results are better than any positive target;
- T < 0 (positif or negatif): None, because R / T and both negatif formulas
  reverse their direction for a negative target (for positif T = −2, R = −3 is
  worse than the target and R / T gives 150 %);
- rentang below a lower bound L ≤ 0, or above an upper bound U < 0: None, for
  the same reasons. Above U = 0 the capaian is 0, as for negatif with T = 0.
"""

import dataclasses
import decimal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Final, TypeVar

from sakip.core.angka import (
    TranslatableValueError,
    format_angka,
    gettext_noop,
    round_half_up,
)

# Sixty significant digits are far more than any target, realisasi or budget
# needs, so the only rounding that matters is the one to two places on display.
# Traps turn any invalid or overflowing step into an exception instead of NaN.
_CONTEXT: Final = decimal.Context(
    prec=60,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
_ZERO: Final = Decimal(0)
_HUNDRED: Final = Decimal(100)

NilaiT = TypeVar("NilaiT", Decimal, str)


class Polaritas(StrEnum):
    POSITIF = "positif"
    NEGATIF = "negatif"
    RENTANG = "rentang"


class RumusNegatif(StrEnum):
    SELISIH = "selisih"
    RASIO = "rasio"


class Agregasi(StrEnum):
    AKHIR = "akhir"
    KUMULATIF = "kumulatif"
    RATA_RATA = "rata_rata"


class Kategori(StrEnum):
    """Kategori of a capaian in the evaluation of Renja / RKPD (Permendagri 86/2017)."""

    SANGAT_TINGGI = "Sangat Tinggi"
    TINGGI = "Tinggi"
    SEDANG = "Sedang"
    RENDAH = "Rendah"
    SANGAT_RENDAH = "Sangat Rendah"

    @property
    def warna(self) -> str:
        """Hex colour of the kategori, the same on every page and document."""
        return WARNA_KATEGORI[self]


# Lowest capaian (rounded to two places) of each kategori, from the top.
# Below the last one is Sangat Rendah.
BATAS_KATEGORI: Final[tuple[tuple[Decimal, Kategori], ...]] = (
    (Decimal(91), Kategori.SANGAT_TINGGI),
    (Decimal(76), Kategori.TINGGI),
    (Decimal(66), Kategori.SEDANG),
    (Decimal(51), Kategori.RENDAH),
)

# Traffic light from dark green to red, in Bootstrap 5's palette.
WARNA_KATEGORI: Final[Mapping[Kategori, str]] = MappingProxyType(
    {
        Kategori.SANGAT_TINGGI: "#146c43",
        Kategori.TINGGI: "#479f76",
        Kategori.SEDANG: "#ffc107",
        Kategori.RENDAH: "#fd7e14",
        Kategori.SANGAT_RENDAH: "#dc3545",
    }
)


class Periode(StrEnum):
    """Period code of a target or realisasi: the year, a triwulan or a month."""

    TAHUNAN = "tahunan"
    TW1 = "TW1"
    TW2 = "TW2"
    TW3 = "TW3"
    TW4 = "TW4"
    B01 = "B01"
    B02 = "B02"
    B03 = "B03"
    B04 = "B04"
    B05 = "B05"
    B06 = "B06"
    B07 = "B07"
    B08 = "B08"
    B09 = "B09"
    B10 = "B10"
    B11 = "B11"
    B12 = "B12"

    @property
    def is_triwulan(self) -> bool:
        return self.value.startswith("TW")

    @property
    def is_bulan(self) -> bool:
        return self.value.startswith("B")

    @property
    def nomor(self) -> int | None:
        """Number of the triwulan (1-4) or month (1-12); None for tahunan."""
        if self is Periode.TAHUNAN:
            return None
        return int(self.value.removeprefix("TW").removeprefix("B"))


TRIWULAN: Final[tuple[Periode, ...]] = (
    Periode.TW1,
    Periode.TW2,
    Periode.TW3,
    Periode.TW4,
)
BULAN: Final[tuple[Periode, ...]] = tuple(
    Periode(f"B{month:02d}") for month in range(1, 13)
)


def parse_periode(kode: str) -> Periode:
    """Parse a period code (``tahunan``, ``TW1``…``TW4``, ``B01``…``B12``).

    Case and surrounding spaces are ignored. Any other code raises
    TranslatableValueError, a ValueError that names it.
    """
    cleaned = kode.strip()
    for periode in Periode:
        if cleaned.casefold() == periode.value.casefold():
            return periode
    raise TranslatableValueError(
        gettext_noop(
            'Periode "%(kode)s" tidak dikenal. Gunakan tahunan, TW1 sampai TW4, '
            "atau B01 sampai B12."
        ),
        {"kode": kode},
    )


def triwulan_sampai(periode: Periode) -> tuple[Periode, ...]:
    """List the triwulan from TW1 up to ``periode``; all four for tahunan.

    A month raises ValueError, because a month does not end every triwulan.
    """
    if periode is Periode.TAHUNAN:
        return TRIWULAN
    if periode.is_triwulan:
        return TRIWULAN[: TRIWULAN.index(periode) + 1]
    raise ValueError(f"triwulan_sampai() needs tahunan or a triwulan, not {periode}.")


def bulan_sampai(periode: Periode) -> tuple[Periode, ...]:
    """List the months from B01 up to ``periode``.

    A triwulan ends at its last month (TW2 lists B01-B06), and tahunan lists
    all twelve.
    """
    if periode is Periode.TAHUNAN:
        return BULAN
    if periode.is_triwulan:
        return BULAN[: (TRIWULAN.index(periode) + 1) * 3]
    return BULAN[: BULAN.index(periode) + 1]


@dataclass(frozen=True, kw_only=True)
class Target:
    """A target value: a number, a value of an ordinal scale, or a band.

    Exactly one kind is set: ``nilai``, or ``nilai_skala``, or both
    ``batas_bawah`` and ``batas_atas`` (with batas_bawah ≤ batas_atas).
    """

    nilai: Decimal | None = None
    nilai_skala: str | None = None
    batas_bawah: Decimal | None = None
    batas_atas: Decimal | None = None

    def __post_init__(self) -> None:
        for name in ("nilai", "batas_bawah", "batas_atas"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _as_decimal(value, name))

        has_band = self.batas_bawah is not None or self.batas_atas is not None
        kinds = (self.nilai is not None) + (self.nilai_skala is not None) + has_band
        if kinds != 1:
            raise ValueError(
                "Target needs exactly one of nilai, nilai_skala, or "
                f"batas_bawah with batas_atas; got {self!r}."
            )
        if self.nilai_skala is not None and not self.nilai_skala.strip():
            raise ValueError("Target nilai_skala must not be empty.")
        if has_band:
            self._validate_band()

    def _validate_band(self) -> None:
        if self.batas_bawah is None or self.batas_atas is None:
            raise TranslatableValueError(
                gettext_noop(
                    "Target rentang memerlukan batas bawah dan batas atas; "
                    "isi keduanya."
                ),
                {},
            )
        if self.batas_bawah > self.batas_atas:
            raise TranslatableValueError(
                gettext_noop(
                    "Batas bawah %(bawah)s lebih besar dari batas atas %(atas)s; "
                    "tukar kedua batas itu."
                ),
                {
                    "bawah": format_angka(self.batas_bawah),
                    "atas": format_angka(self.batas_atas),
                },
            )

    @property
    def is_skala(self) -> bool:
        return self.nilai_skala is not None

    @property
    def is_rentang(self) -> bool:
        return self.batas_bawah is not None


@dataclass(frozen=True, kw_only=True)
class HasilCapaian:
    """Result of one capaian: its value, the formula used and why it may be empty.

    ``nilai`` is the capaian, unrounded and never below 0, or None where it is
    undefined. ``nilai_rumus`` is the formula's own value, which differs from
    ``nilai`` only when the formula gives less than 0. ``target`` and
    ``realisasi`` are the values the capaian was computed from.
    """

    nilai: Decimal | None
    nilai_rumus: Decimal | None
    rumus: str
    keterangan: str | None = None
    target: Target | None = None
    realisasi: Decimal | str | None = None

    @property
    def capaian_2dp(self) -> Decimal | None:
        """Capaian rounded half up to two places, as reports show it."""
        if self.nilai is None:
            return None
        return round_half_up(self.nilai, 2)

    @property
    def kategori(self) -> Kategori | None:
        return kategori_for(self.nilai)


# Formulas as reports print them (R realisasi, T target, L and U the bounds).
RUMUS_POSITIF: Final = "R / T × 100"
RUMUS_SELISIH: Final = "(2T − R) / T × 100"
RUMUS_RASIO: Final = "T / R × 100"
RUMUS_TARGET_NOL_NEGATIF: Final = gettext_noop("T = 0: 100 bila R ≤ 0, 0 bila R > 0")
RUMUS_RENTANG: Final = gettext_noop(
    "100 bila L ≤ R ≤ U; R / L × 100 di bawahnya; (2U − R) / U × 100 di atasnya"
)
RUMUS_RENTANG_DALAM: Final = gettext_noop("L ≤ R ≤ U: 100")
RUMUS_RENTANG_BAWAH: Final = "R / L × 100"
RUMUS_RENTANG_ATAS: Final = "(2U − R) / U × 100"
RUMUS_SKALA: Final = gettext_noop(
    "peringkat(R) / peringkat(T) × 100, 100 bila peringkat(R) ≥ peringkat(T)"
)

KETERANGAN_BELUM_DIISI: Final = gettext_noop("belum diisi")
KETERANGAN_TARGET_BELUM_DITETAPKAN: Final = gettext_noop("target belum ditetapkan")
KETERANGAN_TARGET_NOL: Final = gettext_noop("target nol")
KETERANGAN_TARGET_NOL_REALISASI_POSITIF: Final = gettext_noop(
    "target nol dan realisasi di atas nol"
)
KETERANGAN_TARGET_NEGATIF: Final = gettext_noop(
    "target negatif: rumus capaian tidak berlaku untuk target di bawah nol"
)
KETERANGAN_RASIO_REALISASI_NOL: Final = gettext_noop(
    "realisasi nol atau negatif: rumus T / R tidak dapat dihitung"
)
KETERANGAN_BATAS_BAWAH_NOL: Final = gettext_noop(
    "batas bawah rentang nol: rumus R / L tidak dapat dihitung"
)
KETERANGAN_BATAS_BAWAH_NEGATIF: Final = gettext_noop(
    "batas bawah rentang negatif: rumus R / L tidak berlaku"
)
KETERANGAN_BATAS_ATAS_NOL: Final = gettext_noop(
    "batas atas rentang nol dan realisasi di atas nol"
)
KETERANGAN_BATAS_ATAS_NEGATIF: Final = gettext_noop(
    "batas atas rentang negatif: rumus (2U − R) / U tidak berlaku"
)
KETERANGAN_DI_BAWAH_NOL: Final = gettext_noop(
    "hasil rumus %(nilai)s %%, di bawah 0 %%, sehingga capaian 0 %%"
)


def compute_capaian(
    *,
    polaritas: Polaritas,
    target: Target | None,
    realisasi: Decimal | str | None,
    rumus_negatif: RumusNegatif = RumusNegatif.SELISIH,
    skala: Mapping[str, int] | None = None,
) -> HasilCapaian:
    """Compute the capaian of one realisasi against one target.

    ``realisasi`` is a Decimal, or for a scale target a value of ``skala``
    (a mapping of each value to its rank, 1 the worst). ``rumus_negatif`` is
    used only for polaritas negatif. A target whose kind does not fit the
    polaritas (a band without rentang, a scale with other than positif), a
    realisasi of the wrong kind, or a value missing from the scale raises
    ValueError.
    """
    polaritas = Polaritas(polaritas)
    rumus_negatif = RumusNegatif(rumus_negatif)
    general_rumus = _describe_rumus(
        polaritas=polaritas, rumus_negatif=rumus_negatif, is_skala=skala is not None
    )
    if target is None:
        return HasilCapaian(
            nilai=None,
            nilai_rumus=None,
            rumus=general_rumus,
            keterangan=KETERANGAN_TARGET_BELUM_DITETAPKAN,
            realisasi=realisasi,
        )

    _validate_target_kind(polaritas=polaritas, target=target)
    if realisasi is None:
        return HasilCapaian(
            nilai=None,
            nilai_rumus=None,
            rumus=_describe_rumus(
                polaritas=polaritas,
                rumus_negatif=rumus_negatif,
                is_skala=target.is_skala,
            ),
            keterangan=KETERANGAN_BELUM_DIISI,
            target=target,
        )

    with decimal.localcontext(_CONTEXT):
        hasil = _compute_by_kind(
            polaritas=polaritas,
            target=target,
            realisasi=realisasi,
            rumus_negatif=rumus_negatif,
            skala=skala,
        )
    return dataclasses.replace(hasil, target=target, realisasi=realisasi)


def _compute_by_kind(
    *,
    polaritas: Polaritas,
    target: Target,
    realisasi: Decimal | str,
    rumus_negatif: RumusNegatif,
    skala: Mapping[str, int] | None,
) -> HasilCapaian:
    if target.nilai_skala is not None:
        return _compute_skala(
            target=target.nilai_skala, realisasi=realisasi, skala=skala
        )

    value = _as_decimal(realisasi, "realisasi")
    if target.batas_bawah is not None and target.batas_atas is not None:
        return _compute_rentang(
            lower=target.batas_bawah, upper=target.batas_atas, realisasi=value
        )
    if target.nilai is None:
        raise AssertionError(f"Target validates its kind, yet got {target!r}.")
    if polaritas is Polaritas.POSITIF:
        return _compute_positif(target=target.nilai, realisasi=value)
    return _compute_negatif(
        target=target.nilai, realisasi=value, rumus_negatif=rumus_negatif
    )


def _describe_rumus(
    *, polaritas: Polaritas, rumus_negatif: RumusNegatif, is_skala: bool
) -> str:
    if is_skala:
        return RUMUS_SKALA
    if polaritas is Polaritas.RENTANG:
        return RUMUS_RENTANG
    if polaritas is Polaritas.NEGATIF:
        if rumus_negatif is RumusNegatif.RASIO:
            return RUMUS_RASIO
        return RUMUS_SELISIH
    return RUMUS_POSITIF


def _validate_target_kind(*, polaritas: Polaritas, target: Target) -> None:
    if target.is_rentang != (polaritas is Polaritas.RENTANG):
        raise TranslatableValueError(
            gettext_noop(
                "Polaritas %(polaritas)s tidak cocok dengan targetnya: polaritas "
                "rentang memerlukan target berupa batas bawah dan batas atas, "
                "polaritas lain memerlukan satu nilai target."
            ),
            {"polaritas": polaritas.value},
        )
    if target.is_skala and polaritas is not Polaritas.POSITIF:
        raise TranslatableValueError(
            gettext_noop(
                "Target berupa nilai skala memerlukan polaritas positif, bukan "
                "%(polaritas)s: peringkat 1 pada skala selalu yang terburuk."
            ),
            {"polaritas": polaritas.value},
        )


def _compute_positif(*, target: Decimal, realisasi: Decimal) -> HasilCapaian:
    if target.is_zero():
        return _undefined(RUMUS_POSITIF, KETERANGAN_TARGET_NOL)
    if target < _ZERO:
        return _undefined(RUMUS_POSITIF, KETERANGAN_TARGET_NEGATIF)
    return _floored(realisasi * _HUNDRED / target, RUMUS_POSITIF)


def _compute_negatif(
    *, target: Decimal, realisasi: Decimal, rumus_negatif: RumusNegatif
) -> HasilCapaian:
    rumus = RUMUS_RASIO if rumus_negatif is RumusNegatif.RASIO else RUMUS_SELISIH
    if target.is_zero():
        # T = 0: R = 0 meets the target, so 100. A negative R is treated as
        # meeting it too, because lower is better, and R > 0 gives 0.
        if realisasi > _ZERO:
            return HasilCapaian(
                nilai=_ZERO,
                nilai_rumus=_ZERO,
                rumus=RUMUS_TARGET_NOL_NEGATIF,
                keterangan=KETERANGAN_TARGET_NOL_REALISASI_POSITIF,
            )
        return HasilCapaian(
            nilai=_HUNDRED,
            nilai_rumus=_HUNDRED,
            rumus=RUMUS_TARGET_NOL_NEGATIF,
            keterangan=KETERANGAN_TARGET_NOL,
        )
    if target < _ZERO:
        return _undefined(rumus, KETERANGAN_TARGET_NEGATIF)

    if rumus_negatif is RumusNegatif.RASIO:
        if realisasi <= _ZERO:
            return _undefined(rumus, KETERANGAN_RASIO_REALISASI_NOL)
        return _floored(target * _HUNDRED / realisasi, rumus)
    return _floored((2 * target - realisasi) * _HUNDRED / target, rumus)


def _compute_rentang(
    *, lower: Decimal, upper: Decimal, realisasi: Decimal
) -> HasilCapaian:
    if lower <= realisasi <= upper:
        return HasilCapaian(
            nilai=_HUNDRED, nilai_rumus=_HUNDRED, rumus=RUMUS_RENTANG_DALAM
        )

    if realisasi < lower:
        # Below the band the lower bound acts as a positif target.
        if lower.is_zero():
            return _undefined(RUMUS_RENTANG_BAWAH, KETERANGAN_BATAS_BAWAH_NOL)
        if lower < _ZERO:
            return _undefined(RUMUS_RENTANG_BAWAH, KETERANGAN_BATAS_BAWAH_NEGATIF)
        return _floored(realisasi * _HUNDRED / lower, RUMUS_RENTANG_BAWAH)

    # Above the band the upper bound acts as a negatif target with selisih.
    if upper.is_zero():
        return HasilCapaian(
            nilai=_ZERO,
            nilai_rumus=_ZERO,
            rumus=RUMUS_RENTANG_ATAS,
            keterangan=KETERANGAN_BATAS_ATAS_NOL,
        )
    if upper < _ZERO:
        return _undefined(RUMUS_RENTANG_ATAS, KETERANGAN_BATAS_ATAS_NEGATIF)
    return _floored((2 * upper - realisasi) * _HUNDRED / upper, RUMUS_RENTANG_ATAS)


def _compute_skala(
    *, target: str, realisasi: Decimal | str, skala: Mapping[str, int] | None
) -> HasilCapaian:
    if skala is None:
        raise ValueError("A scale target needs the scale: pass skala={value: rank}.")
    if not isinstance(realisasi, str):
        raise TranslatableValueError(
            gettext_noop(
                'Realisasi "%(nilai)s" harus berupa nilai skala, karena targetnya '
                "nilai skala."
            ),
            {"nilai": realisasi},
        )

    ranks = _normalise_skala(skala)
    rank_target = _rank_of(target, ranks=ranks, skala=skala)
    rank_realisasi = _rank_of(realisasi, ranks=ranks, skala=skala)
    if rank_realisasi >= rank_target:
        return HasilCapaian(nilai=_HUNDRED, nilai_rumus=_HUNDRED, rumus=RUMUS_SKALA)
    value = Decimal(rank_realisasi) * _HUNDRED / Decimal(rank_target)
    return HasilCapaian(nilai=value, nilai_rumus=value, rumus=RUMUS_SKALA)


def _normalise_skala(skala: Mapping[str, int]) -> dict[str, int]:
    """Return the scale keyed by value without case and surrounding spaces."""
    ranks: dict[str, int] = {}
    for value, rank in skala.items():
        if isinstance(rank, bool) or not isinstance(rank, int) or rank < 1:
            raise ValueError(f"Scale rank of {value!r} must be an int ≥ 1: {rank!r}.")
        key = value.strip().casefold()
        if key in ranks:
            raise ValueError(f"Scale value {value!r} appears twice in {skala!r}.")
        ranks[key] = rank
    return ranks


def _rank_of(value: str, *, ranks: Mapping[str, int], skala: Mapping[str, int]) -> int:
    rank = ranks.get(value.strip().casefold())
    if rank is None:
        raise TranslatableValueError(
            gettext_noop(
                'Nilai "%(nilai)s" tidak ada pada skala. Nilai yang sah: %(pilihan)s.'
            ),
            {"nilai": value, "pilihan": ", ".join(skala)},
        )
    return rank


def _floored(value: Decimal, rumus: str) -> HasilCapaian:
    """Return ``value`` as the capaian, or 0 with a keterangan when it is below 0."""
    if value >= _ZERO:
        return HasilCapaian(nilai=value, nilai_rumus=value, rumus=rumus)
    # A value that rounds to -0,00 is shown with more places, so that the note
    # never claims that 0,00 is below 0.
    places = 2 if value <= Decimal("-0.005") else 6
    return HasilCapaian(
        nilai=_ZERO,
        nilai_rumus=value,
        rumus=rumus,
        keterangan=KETERANGAN_DI_BAWAH_NOL
        % {"nilai": format_angka(value, places=places)},
    )


def _undefined(rumus: str, keterangan: str) -> HasilCapaian:
    return HasilCapaian(
        nilai=None, nilai_rumus=None, rumus=rumus, keterangan=keterangan
    )


def _as_decimal(value: object, name: str) -> Decimal:
    """Return ``value`` as a finite Decimal; an int is converted, a float raises."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal, not {type(value).__name__}.")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"{name} must be a finite number, not {value!r}.")
    return result


def aggregate(values: Iterable[NilaiT | None], *, agregasi: Agregasi) -> NilaiT | None:
    """Aggregate the values of consecutive periods, given in time order.

    Periods without a value (None) are skipped; when none has one, the result
    is None. ``akhir`` returns the latest value, ``kumulatif`` the sum and
    ``rata_rata`` the mean. Scale values (str) can only be aggregated with
    ``akhir``; other agregasi raise ValueError.
    """
    agregasi = Agregasi(agregasi)
    present = [value for value in values if value is not None]
    if not present:
        return None
    if agregasi is Agregasi.AKHIR:
        return present[-1]

    if any(isinstance(value, str) for value in present):
        raise TranslatableValueError(
            gettext_noop(
                "Nilai skala hanya dapat diagregasi dengan cara akhir, bukan "
                "%(agregasi)s."
            ),
            {"agregasi": agregasi.value},
        )
    numbers = [_as_decimal(value, "value") for value in present]
    with decimal.localcontext(_CONTEXT):
        total = sum(numbers, _ZERO)
        if agregasi is Agregasi.KUMULATIF:
            return total  # type: ignore[return-value]
        return total / len(numbers)  # type: ignore[return-value]


def realisasi_tahunan(
    values: Mapping[str, NilaiT | None], *, agregasi: Agregasi
) -> NilaiT | None:
    """Derive the year's value from the values of one year keyed by period code.

    An explicit ``tahunan`` value is used as it is. Otherwise the value is the
    agregasi of TW1-TW4 when any triwulan has a value, failing those of B01-B12.
    This is ``to_date(values, periode=Periode.TAHUNAN, agregasi=agregasi)``.
    """
    return to_date(values, periode=Periode.TAHUNAN, agregasi=agregasi)


def to_date(
    values: Mapping[str, NilaiT | None], *, periode: Periode, agregasi: Agregasi
) -> NilaiT | None:
    """Aggregate the values of one year from its start up to ``periode``.

    ``values`` maps period codes to values. Up to a triwulan, the triwulan up
    to it are aggregated when any of them has a value, failing those the
    months up to its last month. Up to a month, the months up to it. For
    tahunan, see ``realisasi_tahunan``. A period without a value is skipped,
    so ``akhir`` takes the latest period that has a value.
    """
    return aggregate(_values_to_date(values, periode), agregasi=agregasi)


def target_to_date(
    targets: Mapping[str, Target | None], *, periode: Periode, agregasi: Agregasi
) -> Target | None:
    """Aggregate the targets of one year up to ``periode`` by the ``to_date`` rule.

    Band targets are aggregated bound by bound. The targets aggregated must be
    of one kind, and scale targets take ``akhir`` only; otherwise ValueError.
    """
    selected = [t for t in _values_to_date(targets, periode) if t is not None]
    if not selected:
        return None
    if len({(t.is_skala, t.is_rentang) for t in selected}) > 1:
        raise ValueError(f"Targets of one indikator mix kinds: {selected!r}.")

    first = selected[0]
    if first.is_skala:
        scale_values = [t.nilai_skala for t in selected]
        return Target(nilai_skala=aggregate(scale_values, agregasi=agregasi))
    if first.is_rentang:
        lower = [t.batas_bawah for t in selected]
        upper = [t.batas_atas for t in selected]
        return Target(
            batas_bawah=aggregate(lower, agregasi=agregasi),
            batas_atas=aggregate(upper, agregasi=agregasi),
        )
    return Target(nilai=aggregate([t.nilai for t in selected], agregasi=agregasi))


def compute_capaian_to_date(
    *,
    polaritas: Polaritas,
    targets: Mapping[str, Target | None],
    realisasi: Mapping[str, Decimal | str | None],
    periode: Periode,
    agregasi: Agregasi,
    rumus_negatif: RumusNegatif = RumusNegatif.SELISIH,
    skala: Mapping[str, int] | None = None,
) -> HasilCapaian:
    """Compute the capaian up to ``periode``: realisasi to date against target to date.

    Both are aggregated by ``to_date`` with the indikator's agregasi, so for
    tahunan this is the year's capaian. The result's ``target`` and
    ``realisasi`` are the values to date.
    """
    return compute_capaian(
        polaritas=polaritas,
        target=target_to_date(targets, periode=periode, agregasi=agregasi),
        realisasi=to_date(realisasi, periode=periode, agregasi=agregasi),
        rumus_negatif=rumus_negatif,
        skala=skala,
    )


_V = TypeVar("_V")


def _values_to_date(
    values: Mapping[str, _V | None], periode: Periode
) -> list[_V | None]:
    """Select, in time order, the values that the value up to ``periode`` uses."""
    periode = Periode(periode)
    by_periode = _key_by_periode(values)
    if periode is Periode.TAHUNAN and by_periode.get(Periode.TAHUNAN) is not None:
        return [by_periode[Periode.TAHUNAN]]

    if not periode.is_bulan:
        quarters = [by_periode.get(p) for p in triwulan_sampai(periode)]
        if any(value is not None for value in quarters):
            return quarters
    return [by_periode.get(p) for p in bulan_sampai(periode)]


def _key_by_periode(values: Mapping[str, _V]) -> dict[Periode, _V]:
    by_periode: dict[Periode, _V] = {}
    for kode, value in values.items():
        periode = parse_periode(kode)
        if periode in by_periode:
            raise ValueError(f"Period {periode} appears twice in {values!r}.")
        by_periode[periode] = value
    return by_periode


def roll_up(
    capaian_values: Iterable[Decimal | None], *, batas: Decimal | int | None
) -> Decimal | None:
    """Compute the capaian of a sasaran or program: the mean of its indicators'.

    Undefined capaian (None) are left out, and the result is None when none is
    defined. ``batas`` is the Pemda's cap for rolling up (None, 100 or 120):
    each indikator's capaian counts as at most ``batas`` here, while its own
    capaian stays uncapped.
    """
    cap = None if batas is None else _as_decimal(batas, "batas")
    if cap is not None and cap <= _ZERO:
        raise ValueError(f"batas must be above 0 or None, not {batas!r}.")

    defined = [_as_decimal(v, "capaian") for v in capaian_values if v is not None]
    if not defined:
        return None
    with decimal.localcontext(_CONTEXT):
        capped = [value if cap is None else min(value, cap) for value in defined]
        return sum(capped, _ZERO) / len(capped)


def parse_batas_rollup(text: str | None) -> Decimal | None:
    """Parse the Pemda setting ``batas_rollup``: ``tanpa`` (or empty), 100 or 120."""
    cleaned = (text or "").strip().casefold()
    if cleaned in ("", "tanpa"):
        return None
    if cleaned in ("100", "120"):
        return Decimal(cleaned)
    raise TranslatableValueError(
        gettext_noop(
            'Batas roll-up "%(nilai)s" tidak dikenal. Gunakan tanpa, 100 atau 120.'
        ),
        {"nilai": text},
    )


def kategori_for(capaian: Decimal | None) -> Kategori | None:
    """Return the kategori of a capaian, judged on its value rounded to two places.

    Judging the rounded value keeps the shown number and its kategori in
    agreement: 90.996 shows as 91,00 and is Sangat Tinggi.
    """
    if capaian is None:
        return None
    rounded = round_half_up(capaian, 2)
    for lowest, kategori in BATAS_KATEGORI:
        if rounded >= lowest:
            return kategori
    return Kategori.SANGAT_RENDAH


# Progress from the baseline toward the period's final target.

RUMUS_PROGRES: Final = "(R − B) / (T_akhir − B) × 100"
RUMUS_PROGRES_SKALA: Final = gettext_noop(
    "(peringkat(R) − peringkat(B)) / (peringkat(T_akhir) − peringkat(B)) × 100"
)
KETERANGAN_KONDISI_AWAL_KOSONG: Final = gettext_noop("kondisi awal belum diisi")
KETERANGAN_TARGET_AKHIR_KOSONG: Final = gettext_noop(
    "target akhir periode belum ditetapkan"
)
KETERANGAN_TARGET_AKHIR_SAMA: Final = gettext_noop(
    "target akhir periode sama dengan kondisi awal: tidak ada jarak yang ditempuh"
)
KETERANGAN_TARGET_AKHIR_RENTANG: Final = gettext_noop(
    "target akhir periode berupa rentang: progres tidak dihitung"
)


@dataclass(frozen=True, kw_only=True)
class HasilProgres:
    """How far an indikator has come from its kondisi awal toward the final target.

    ``nilai`` is (R − B) / (T_akhir − B) × 100, unrounded: 0 at the kondisi
    awal, 100 at the final target. Unlike a capaian it is not floored: below 0
    says the indikator moved away from its target since the baseline, above
    100 that it went beyond it. None where it cannot be computed, with the
    reason in ``keterangan``.
    """

    nilai: Decimal | None
    rumus: str
    keterangan: str | None = None

    @property
    def nilai_2dp(self) -> Decimal | None:
        if self.nilai is None:
            return None
        return round_half_up(self.nilai, 2)


def compute_progres(
    *,
    kondisi_awal: Decimal | str | None,
    target_akhir: Target | None,
    realisasi: Decimal | str | None,
    skala: Mapping[str, int] | None = None,
) -> HasilProgres:
    """Compute the progress from ``kondisi_awal`` (B) toward ``target_akhir``.

    The direction needs no polaritas: for an indikator where lower is better
    both T_akhir − B and R − B are negative while it improves. A scale
    indikator counts in ranks (rank 1 the worst).
    """
    is_skala = target_akhir is not None and target_akhir.is_skala
    rumus = RUMUS_PROGRES_SKALA if is_skala else RUMUS_PROGRES
    if target_akhir is None:
        return HasilProgres(
            nilai=None, rumus=rumus, keterangan=KETERANGAN_TARGET_AKHIR_KOSONG
        )
    if target_akhir.is_rentang:
        return HasilProgres(
            nilai=None, rumus=rumus, keterangan=KETERANGAN_TARGET_AKHIR_RENTANG
        )
    if kondisi_awal is None or kondisi_awal == "":
        return HasilProgres(
            nilai=None, rumus=rumus, keterangan=KETERANGAN_KONDISI_AWAL_KOSONG
        )
    if realisasi is None or realisasi == "":
        return HasilProgres(nilai=None, rumus=rumus, keterangan=KETERANGAN_BELUM_DIISI)

    if is_skala:
        if skala is None:
            raise ValueError(
                "A scale target needs the scale: pass skala={value: rank}."
            )
        ranks = _normalise_skala(skala)
        start = Decimal(_rank_of(str(kondisi_awal), ranks=ranks, skala=skala))
        end = Decimal(_rank_of(target_akhir.nilai_skala, ranks=ranks, skala=skala))
        now = Decimal(_rank_of(str(realisasi), ranks=ranks, skala=skala))
    else:
        if isinstance(kondisi_awal, str) or isinstance(realisasi, str):
            raise TranslatableValueError(
                gettext_noop(
                    "Kondisi awal dan realisasi harus berupa angka, karena target "
                    "akhirnya angka."
                ),
                {},
            )
        start = _as_decimal(kondisi_awal, "kondisi_awal")
        end = _as_decimal(target_akhir.nilai, "target_akhir")  # type: ignore[arg-type]
        now = _as_decimal(realisasi, "realisasi")
    if end == start:
        return HasilProgres(
            nilai=None, rumus=rumus, keterangan=KETERANGAN_TARGET_AKHIR_SAMA
        )
    with decimal.localcontext(_CONTEXT):
        value = (now - start) * _HUNDRED / (end - start)
    return HasilProgres(nilai=value, rumus=rumus)
