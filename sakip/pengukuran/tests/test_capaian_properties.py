"""Property tests of the capaian engine over generated targets and realisasi."""

from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from sakip.core.angka import round_half_up
from sakip.pengukuran.capaian import (
    Agregasi,
    Kategori,
    Polaritas,
    RumusNegatif,
    Target,
    aggregate,
    compute_capaian,
    kategori_for,
    roll_up,
)

# Values of the size that indicators carry, to six places, zero included.
values = st.decimals(
    min_value=Decimal("-1e9"),
    max_value=Decimal("1e9"),
    places=6,
    allow_nan=False,
    allow_infinity=False,
)
positive_values = st.decimals(
    min_value=Decimal("0.000001"),
    max_value=Decimal("1e9"),
    places=6,
    allow_nan=False,
    allow_infinity=False,
)
# Any finite Decimal, of any magnitude and precision.
any_decimals = st.decimals(allow_nan=False, allow_infinity=False)
capaian_values = st.decimals(
    min_value=Decimal(0),
    max_value=Decimal("1e6"),
    places=8,
    allow_nan=False,
    allow_infinity=False,
)

NUMBER_FORMULAS = [
    (Polaritas.POSITIF, RumusNegatif.SELISIH),
    (Polaritas.NEGATIF, RumusNegatif.SELISIH),
    (Polaritas.NEGATIF, RumusNegatif.RASIO),
]
number_formulas = st.sampled_from(NUMBER_FORMULAS)


def capaian(polaritas, target, realisasi, rumus_negatif=RumusNegatif.SELISIH):
    return compute_capaian(
        polaritas=polaritas,
        target=target,
        realisasi=realisasi,
        rumus_negatif=rumus_negatif,
    )


def kategori_of_rounded(rounded):
    """Return the kategori of a rounded capaian by Permendagri 86/2017's intervals."""
    if rounded >= 91:
        return Kategori.SANGAT_TINGGI
    if 76 <= rounded < 91:
        return Kategori.TINGGI
    if 66 <= rounded < 76:
        return Kategori.SEDANG
    if 51 <= rounded < 66:
        return Kategori.RENDAH
    return Kategori.SANGAT_RENDAH


@given(formula=number_formulas, target=values, realisasi=values)
@example(formula=NUMBER_FORMULAS[1], target=Decimal(10), realisasi=Decimal(25))
@example(formula=NUMBER_FORMULAS[0], target=Decimal(5), realisasi=Decimal("-1.2"))
def test_number_never_negative(formula, target, realisasi):
    polaritas, rumus_negatif = formula

    hasil = capaian(polaritas, Target(nilai=target), realisasi, rumus_negatif)

    assert hasil.nilai is None or hasil.nilai >= 0
    if hasil.nilai_rumus is not None and hasil.nilai_rumus < 0:
        assert hasil.nilai == 0
        assert hasil.keterangan is not None


@given(bounds=st.lists(values, min_size=2, max_size=2), realisasi=values)
def test_rentang_never_negative(bounds, realisasi):
    lower, upper = sorted(bounds)

    hasil = capaian(
        Polaritas.RENTANG, Target(batas_bawah=lower, batas_atas=upper), realisasi
    )

    assert hasil.nilai is None or hasil.nilai >= 0


@given(target=positive_values, first=values, second=values)
def test_positif_monotone_in_realisasi(target, first, second):
    low, high = sorted([first, second])

    at_low = capaian(Polaritas.POSITIF, Target(nilai=target), low)
    at_high = capaian(Polaritas.POSITIF, Target(nilai=target), high)

    assert at_low.nilai is not None
    assert at_high.nilai is not None
    assert at_low.nilai <= at_high.nilai


@given(
    target=st.one_of(st.just(Decimal(0)), positive_values),
    first=values,
    second=values,
)
def test_selisih_decreasing_in_realisasi(target, first, second):
    low, high = sorted([first, second])

    at_low = capaian(Polaritas.NEGATIF, Target(nilai=target), low)
    at_high = capaian(Polaritas.NEGATIF, Target(nilai=target), high)

    assert at_low.nilai is not None
    assert at_high.nilai is not None
    assert at_low.nilai >= at_high.nilai


@given(
    target=st.one_of(st.just(Decimal(0)), positive_values),
    first=positive_values,
    second=positive_values,
)
def test_rasio_decreasing_in_realisasi(target, first, second):
    low, high = sorted([first, second])
    target_value = Target(nilai=target)

    at_low = capaian(Polaritas.NEGATIF, target_value, low, RumusNegatif.RASIO)
    at_high = capaian(Polaritas.NEGATIF, target_value, high, RumusNegatif.RASIO)

    assert at_low.nilai is not None
    assert at_high.nilai is not None
    assert at_low.nilai >= at_high.nilai


# NOTE: a negative target gives no capaian (see the engine's docstring), so
# R = T is checked for T > 0 only; T = 0 has its own rule per polaritas.
@given(formula=number_formulas, target=positive_values)
def test_realisasi_equal_target_is_100(formula, target):
    polaritas, rumus_negatif = formula

    hasil = capaian(polaritas, Target(nilai=target), target, rumus_negatif)

    assert hasil.nilai == 100


@given(
    bounds=st.lists(values, min_size=2, max_size=2),
    per_mille=st.integers(min_value=0, max_value=1000),
)
def test_rentang_inside_is_100(bounds, per_mille):
    lower, upper = sorted(bounds)
    inside = lower + (upper - lower) * per_mille / 1000
    inside = min(max(inside, lower), upper)

    for realisasi in (lower, inside, upper):
        hasil = capaian(
            Polaritas.RENTANG, Target(batas_bawah=lower, batas_atas=upper), realisasi
        )
        assert hasil.nilai == 100


@given(
    scale_size=st.integers(min_value=1, max_value=10),
    data=st.data(),
)
def test_skala_equal_target_is_100(scale_size, data):
    skala = {f"N{rank}": rank for rank in range(1, scale_size + 1)}
    value = data.draw(st.sampled_from(sorted(skala)))

    hasil = compute_capaian(
        polaritas=Polaritas.POSITIF,
        target=Target(nilai_skala=value),
        realisasi=value,
        skala=skala,
    )

    assert hasil.nilai == 100


@given(capaian_value=capaian_values)
@example(capaian_value=Decimal("90.995"))
@example(capaian_value=Decimal("90.994999"))
@example(capaian_value=Decimal("50.995"))
def test_kategori_agrees_with_rounded(capaian_value):
    rounded = round_half_up(capaian_value, 2)

    assert kategori_for(capaian_value) is kategori_of_rounded(rounded)
    assert kategori_for(capaian_value) is kategori_for(rounded)


@given(formula=number_formulas, target=values, realisasi=values)
def test_kategori_agrees_with_capaian_2dp(formula, target, realisasi):
    polaritas, rumus_negatif = formula

    hasil = capaian(polaritas, Target(nilai=target), realisasi, rumus_negatif)

    if hasil.nilai is None:
        assert hasil.kategori is None
        assert hasil.capaian_2dp is None
    else:
        assert hasil.kategori is kategori_of_rounded(hasil.capaian_2dp)


@given(st.lists(st.one_of(st.none(), capaian_values), max_size=12))
def test_roll_up_capped_at_100(capaian_list):
    result = roll_up(capaian_list, batas=100)

    defined = [value for value in capaian_list if value is not None]
    if not defined:
        assert result is None
    else:
        assert result is not None
        assert result <= 100
        assert min(min(defined), Decimal(100)) <= result


@given(st.lists(st.one_of(st.none(), capaian_values), max_size=12))
def test_roll_up_uncapped_is_mean(capaian_list):
    result = roll_up(capaian_list, batas=None)

    defined = [value for value in capaian_list if value is not None]
    if not defined:
        assert result is None
    else:
        assert result is not None
        assert min(defined) <= result <= max(defined)


@given(st.lists(st.one_of(st.none(), values), max_size=16))
def test_kumulatif_is_sum(period_values):
    result = aggregate(period_values, agregasi=Agregasi.KUMULATIF)

    defined = [value for value in period_values if value is not None]
    if not defined:
        assert result is None
    else:
        # Six places and at most 16 values of 1e9 are exact in 60 digits.
        assert result == sum(defined, Decimal(0))


@given(st.lists(st.one_of(st.none(), values), max_size=16))
def test_akhir_is_latest(period_values):
    result = aggregate(period_values, agregasi=Agregasi.AKHIR)

    defined = [value for value in period_values if value is not None]
    assert result == (defined[-1] if defined else None)


@given(formula=number_formulas, target=any_decimals, realisasi=any_decimals)
@example(formula=NUMBER_FORMULAS[0], target=Decimal(0), realisasi=Decimal(0))
@example(formula=NUMBER_FORMULAS[1], target=Decimal(0), realisasi=Decimal(0))
@example(formula=NUMBER_FORMULAS[2], target=Decimal(0), realisasi=Decimal(0))
@example(formula=NUMBER_FORMULAS[2], target=Decimal(5), realisasi=Decimal(0))
@example(formula=NUMBER_FORMULAS[2], target=Decimal("-0"), realisasi=Decimal("-0"))
@example(
    formula=NUMBER_FORMULAS[0],
    target=Decimal("1E-999999"),
    realisasi=Decimal("1E+999999"),
)
def test_number_no_exception(formula, target, realisasi):
    polaritas, rumus_negatif = formula

    hasil = capaian(polaritas, Target(nilai=target), realisasi, rumus_negatif)

    assert hasil.nilai is None or hasil.nilai >= 0
    assert hasil.kategori is None or isinstance(hasil.kategori, Kategori)
    assert hasil.capaian_2dp is None or hasil.capaian_2dp >= 0


@given(bounds=st.lists(any_decimals, min_size=2, max_size=2), realisasi=any_decimals)
@example(bounds=[Decimal(0), Decimal(0)], realisasi=Decimal(0))
@example(bounds=[Decimal(0), Decimal(0)], realisasi=Decimal(1))
@example(bounds=[Decimal(0), Decimal(0)], realisasi=Decimal(-1))
def test_rentang_no_exception(bounds, realisasi):
    lower, upper = sorted(bounds)

    hasil = capaian(
        Polaritas.RENTANG, Target(batas_bawah=lower, batas_atas=upper), realisasi
    )

    assert hasil.nilai is None or hasil.nilai >= 0
    assert hasil.kategori is None or isinstance(hasil.kategori, Kategori)


@given(
    st.lists(st.one_of(st.none(), any_decimals), max_size=8),
    st.sampled_from(list(Agregasi)),
)
def test_aggregate_no_exception(period_values, agregasi):
    aggregate(period_values, agregasi=agregasi)


@given(st.lists(st.one_of(st.none(), any_decimals), max_size=8))
def test_roll_up_no_exception(capaian_list):
    roll_up(capaian_list, batas=120)
