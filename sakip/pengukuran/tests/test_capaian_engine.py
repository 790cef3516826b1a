"""Table tests of the capaian engine, each case worked out by hand."""

import ast
import decimal
import re
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from sakip.pengukuran import capaian as engine
from sakip.pengukuran.capaian import (
    BULAN,
    TRIWULAN,
    WARNA_KATEGORI,
    Agregasi,
    HasilCapaian,
    Kategori,
    Periode,
    Polaritas,
    RumusNegatif,
    Target,
    aggregate,
    bulan_sampai,
    compute_capaian,
    compute_capaian_to_date,
    kategori_for,
    parse_batas_rollup,
    parse_periode,
    realisasi_tahunan,
    roll_up,
    target_to_date,
    to_date,
    triwulan_sampai,
)

OPINI_BPK = {"TMP": 1, "TW": 2, "WDP": 3, "WTP": 4}
PREDIKAT_SAKIP = {"D": 1, "C": 2, "CC": 3, "B": 4, "BB": 5, "A": 6, "AA": 7}


def number(text):
    return Target(nilai=Decimal(text))


def band(lower, upper):
    return Target(batas_bawah=Decimal(lower), batas_atas=Decimal(upper))


def optional_decimal(text):
    return None if text is None else Decimal(text)


def assert_value(actual, expected):
    """Check a Decimal against an exact string, or a Fraction to 50 places."""
    if isinstance(expected, Fraction):
        assert actual is not None
        assert abs(Fraction(actual) - expected) < Fraction(1, 10**50)
    else:
        assert actual == optional_decimal(expected)


@pytest.mark.parametrize(
    ("target", "realisasi", "expected"),
    [
        ("200", "150", "75"),
        ("80", "100", "125"),
        ("8", "1", "12.5"),
        ("0.85", "0.85", "100"),
        ("50", "0", "0"),
        ("7", "76.4", Fraction(7640, 7)),  # 76.4 / 7 × 100 = 1091.43
        ("100", "93.21", "93.21"),
    ],
)
def test_positif(target, realisasi, expected):
    hasil = compute_capaian(
        polaritas=Polaritas.POSITIF,
        target=number(target),
        realisasi=Decimal(realisasi),
    )

    assert_value(hasil.nilai, expected)
    assert hasil.nilai_rumus == hasil.nilai
    assert hasil.keterangan is None
    assert hasil.rumus == "R / T × 100"


def test_positif_one_third_keeps_precision():
    hasil = compute_capaian(
        polaritas=Polaritas.POSITIF, target=number("3"), realisasi=Decimal(1)
    )

    assert hasil.nilai is not None
    assert len(hasil.nilai.as_tuple().digits) >= 50
    assert hasil.capaian_2dp == Decimal("33.33")


@pytest.mark.parametrize(
    ("target", "realisasi", "expected"),
    [
        ("10", "8", "120"),  # (20 − 8) / 10 × 100
        ("10", "10", "100"),
        ("10", "20", "0"),  # (20 − 20) / 10: exactly 0, not below
        ("32", "4.88", "184.75"),  # (64 − 4.88) / 32 × 100 = 59.12 / 32 × 100
        ("4", "0", "200"),  # (8 − 0) / 4 × 100
        ("10", "-2", "220"),  # (20 + 2) / 10 × 100
        ("0.025", "0.0189", "124.4"),  # (0.05 − 0.0189) / 0.025 × 100
    ],
)
def test_negatif_selisih(target, realisasi, expected):
    hasil = compute_capaian(
        polaritas=Polaritas.NEGATIF,
        target=number(target),
        realisasi=Decimal(realisasi),
        rumus_negatif=RumusNegatif.SELISIH,
    )

    assert hasil.nilai == Decimal(expected)
    assert hasil.keterangan is None
    assert hasil.rumus == "(2T − R) / T × 100"


def test_negatif_default_is_selisih():
    hasil = compute_capaian(
        polaritas=Polaritas.NEGATIF, target=number("10"), realisasi=Decimal(8)
    )

    assert hasil.nilai == Decimal(120)
    assert hasil.rumus == "(2T − R) / T × 100"


@pytest.mark.parametrize(
    ("target", "realisasi", "expected"),
    [
        ("10", "8", "125"),  # 10 / 8 × 100
        ("10", "10", "100"),
        ("10", "40", "25"),
        ("10", "25", "40"),  # selisih would give (20 − 25) / 10 → 0
    ],
)
def test_negatif_rasio(target, realisasi, expected):
    hasil = compute_capaian(
        polaritas=Polaritas.NEGATIF,
        target=number(target),
        realisasi=Decimal(realisasi),
        rumus_negatif=RumusNegatif.RASIO,
    )

    assert hasil.nilai == Decimal(expected)
    assert hasil.keterangan is None
    assert hasil.rumus == "T / R × 100"


def test_negatif_rasio_rounded():
    # 9.20 / 9.53 × 100 = 96.5372…
    hasil = compute_capaian(
        polaritas=Polaritas.NEGATIF,
        target=number("9.20"),
        realisasi=Decimal("9.53"),
        rumus_negatif=RumusNegatif.RASIO,
    )

    assert hasil.capaian_2dp == Decimal("96.54")


def test_rumus_negatif_accepts_setting_text():
    hasil = compute_capaian(
        polaritas="negatif",
        target=number("10"),
        realisasi=Decimal(8),
        rumus_negatif="rasio",
    )

    assert hasil.nilai == Decimal(125)


@pytest.mark.parametrize(
    ("polaritas", "rumus_negatif", "target", "realisasi", "raw", "formatted"),
    [
        # (20 − 25) / 10 × 100 = −50
        (Polaritas.NEGATIF, RumusNegatif.SELISIH, "10", "25", "-50", "-50,00"),
        # (2 × 4.5 − 10.2) / 4.5 × 100 = −1.2 / 4.5 × 100 = −26.666…
        (Polaritas.NEGATIF, RumusNegatif.SELISIH, "4.5", "10.2", None, "-26,67"),
        # a shrinking economy: −1.2 / 5 × 100 = −24
        (Polaritas.POSITIF, RumusNegatif.SELISIH, "5", "-1.2", "-24", "-24,00"),
        # (200 − 200.0001) / 100 × 100 = −0.0001, shown with more places
        (Polaritas.NEGATIF, RumusNegatif.SELISIH, "100", "200.0001", "-0.0001", None),
    ],
)
def test_below_zero_floored(
    polaritas, rumus_negatif, target, realisasi, raw, formatted
):
    hasil = compute_capaian(
        polaritas=polaritas,
        target=number(target),
        realisasi=Decimal(realisasi),
        rumus_negatif=rumus_negatif,
    )

    assert hasil.nilai == Decimal(0)
    assert hasil.nilai_rumus is not None
    assert hasil.nilai_rumus < 0
    if raw is not None:
        assert hasil.nilai_rumus == Decimal(raw)
    assert hasil.keterangan is not None
    assert "di bawah 0 %" in hasil.keterangan
    if formatted is not None:
        assert f"hasil rumus {formatted} %" in hasil.keterangan
    assert hasil.kategori is Kategori.SANGAT_RENDAH


def test_below_zero_tiny_value_shown():
    hasil = compute_capaian(
        polaritas=Polaritas.NEGATIF, target=number("100"), realisasi=Decimal("200.0001")
    )

    assert hasil.keterangan is not None
    assert "-0,000100" in hasil.keterangan


@pytest.mark.parametrize("realisasi", ["5", "0", "-3"])
def test_positif_target_zero(realisasi):
    hasil = compute_capaian(
        polaritas=Polaritas.POSITIF, target=number("0"), realisasi=Decimal(realisasi)
    )

    assert hasil.nilai is None
    assert hasil.nilai_rumus is None
    assert hasil.keterangan == "target nol"
    assert hasil.capaian_2dp is None
    assert hasil.kategori is None


@pytest.mark.parametrize("rumus_negatif", list(RumusNegatif))
@pytest.mark.parametrize(
    ("realisasi", "expected", "keterangan"),
    [
        ("0", "100", "target nol"),
        ("-1", "100", "target nol"),  # below a zero target is as good as 0
        ("3", "0", "target nol dan realisasi di atas nol"),
        ("0.0001", "0", "target nol dan realisasi di atas nol"),
    ],
)
def test_negatif_target_zero(rumus_negatif, realisasi, expected, keterangan):
    hasil = compute_capaian(
        polaritas=Polaritas.NEGATIF,
        target=number("0"),
        realisasi=Decimal(realisasi),
        rumus_negatif=rumus_negatif,
    )

    assert hasil.nilai == Decimal(expected)
    assert hasil.keterangan == keterangan
    assert hasil.rumus == "T = 0: 100 bila R ≤ 0, 0 bila R > 0"


@pytest.mark.parametrize("realisasi", ["0", "-5"])
def test_negatif_rasio_realisasi_zero(realisasi):
    hasil = compute_capaian(
        polaritas=Polaritas.NEGATIF,
        target=number("10"),
        realisasi=Decimal(realisasi),
        rumus_negatif=RumusNegatif.RASIO,
    )

    assert hasil.nilai is None
    assert hasil.keterangan is not None
    assert "T / R tidak dapat dihitung" in hasil.keterangan


@pytest.mark.parametrize(
    ("polaritas", "rumus_negatif", "target", "realisasi"),
    [
        # For T = −2, R = −3 is worse, yet R / T would give 150 %.
        (Polaritas.POSITIF, RumusNegatif.SELISIH, "-2", "-3"),
        (Polaritas.POSITIF, RumusNegatif.SELISIH, "-2", "-2"),
        # For T = −0.5, R = −0.7 is better, yet (2T − R) / T would give 60 %.
        (Polaritas.NEGATIF, RumusNegatif.SELISIH, "-0.5", "-0.7"),
        (Polaritas.NEGATIF, RumusNegatif.RASIO, "-0.5", "-0.7"),
    ],
)
def test_target_negative_undefined(polaritas, rumus_negatif, target, realisasi):
    hasil = compute_capaian(
        polaritas=polaritas,
        target=number(target),
        realisasi=Decimal(realisasi),
        rumus_negatif=rumus_negatif,
    )

    assert hasil.nilai is None
    assert hasil.keterangan is not None
    assert hasil.keterangan.startswith("target negatif")


@pytest.mark.parametrize("polaritas", list(Polaritas))
def test_target_missing(polaritas):
    hasil = compute_capaian(polaritas=polaritas, target=None, realisasi=Decimal(5))

    assert hasil.nilai is None
    assert hasil.keterangan == "target belum ditetapkan"
    assert hasil.realisasi == Decimal(5)


def test_target_and_realisasi_missing():
    hasil = compute_capaian(polaritas=Polaritas.POSITIF, target=None, realisasi=None)

    assert hasil.nilai is None
    assert hasil.keterangan == "target belum ditetapkan"


@pytest.mark.parametrize(
    ("polaritas", "target"),
    [
        (Polaritas.POSITIF, number("12.5")),
        (Polaritas.POSITIF, number("0")),
        (Polaritas.NEGATIF, number("12.5")),
        (Polaritas.RENTANG, band("2", "4")),
        (Polaritas.POSITIF, Target(nilai_skala="WTP")),
    ],
)
def test_realisasi_missing_is_not_zero(polaritas, target):
    hasil = compute_capaian(
        polaritas=polaritas, target=target, realisasi=None, skala=OPINI_BPK
    )

    assert hasil.nilai is None
    assert hasil.nilai_rumus is None
    assert hasil.keterangan == "belum diisi"
    assert hasil.capaian_2dp is None
    assert hasil.kategori is None
    assert hasil.target == target


@pytest.mark.parametrize(
    ("lower", "upper", "realisasi", "expected", "rumus"),
    [
        ("2", "4", "3", "100", "L ≤ R ≤ U: 100"),
        ("2", "4", "2", "100", "L ≤ R ≤ U: 100"),  # bounds are inside
        ("2", "4", "4", "100", "L ≤ R ≤ U: 100"),
        ("3", "3", "3", "100", "L ≤ R ≤ U: 100"),
        ("2", "4", "1.5", "75", "R / L × 100"),  # 1.5 / 2 × 100
        ("2", "4", "0", "0", "R / L × 100"),
        ("2", "4", "5", "75", "(2U − R) / U × 100"),  # (8 − 5) / 4 × 100
        ("2", "4", "8", "0", "(2U − R) / U × 100"),  # (8 − 8) / 4 × 100
        ("0", "3", "0", "100", "L ≤ R ≤ U: 100"),
        ("0", "0", "0", "100", "L ≤ R ≤ U: 100"),
        # (6 − 4) / 3 × 100 = 66.666…
        ("0", "3", "4", Fraction(200, 3), "(2U − R) / U × 100"),
    ],
)
def test_rentang(lower, upper, realisasi, expected, rumus):
    hasil = compute_capaian(
        polaritas=Polaritas.RENTANG,
        target=band(lower, upper),
        realisasi=Decimal(realisasi),
    )

    assert_value(hasil.nilai, expected)
    assert hasil.keterangan is None
    assert hasil.rumus == rumus


@pytest.mark.parametrize(
    ("lower", "upper", "realisasi", "raw"),
    [
        ("2", "4", "9", "-25"),  # (8 − 9) / 4 × 100
        ("2", "4", "-1", "-50"),  # −1 / 2 × 100
    ],
)
def test_rentang_below_zero_floored(lower, upper, realisasi, raw):
    hasil = compute_capaian(
        polaritas=Polaritas.RENTANG,
        target=band(lower, upper),
        realisasi=Decimal(realisasi),
    )

    assert hasil.nilai == Decimal(0)
    assert hasil.nilai_rumus == Decimal(raw)
    assert hasil.keterangan is not None
    assert "di bawah 0 %" in hasil.keterangan


@pytest.mark.parametrize(
    ("lower", "upper", "realisasi", "expected", "keterangan"),
    [
        # Below a lower bound of 0: R / 0, as positif with T = 0.
        ("0", "3", "-1", None, "batas bawah rentang nol"),
        # Above an upper bound of 0: as negatif with T = 0 and R > 0.
        ("0", "0", "1", "0", "batas atas rentang nol dan realisasi di atas nol"),
        ("-2", "0", "0.5", "0", "batas atas rentang nol dan realisasi di atas nol"),
        ("-2", "-1", "-3", None, "batas bawah rentang negatif"),
        ("-2", "-1", "0", None, "batas atas rentang negatif"),
    ],
)
def test_rentang_bound_not_positive(lower, upper, realisasi, expected, keterangan):
    hasil = compute_capaian(
        polaritas=Polaritas.RENTANG,
        target=band(lower, upper),
        realisasi=Decimal(realisasi),
    )

    assert_value(hasil.nilai, expected)
    assert hasil.keterangan is not None
    assert hasil.keterangan.startswith(keterangan)


def test_rentang_inside_negative_band():
    hasil = compute_capaian(
        polaritas=Polaritas.RENTANG, target=band("-2", "-1"), realisasi=Decimal("-1.5")
    )

    assert hasil.nilai == Decimal(100)


@pytest.mark.parametrize(
    ("skala", "target", "realisasi", "expected"),
    [
        (OPINI_BPK, "WTP", "WTP", "100"),
        (OPINI_BPK, "WTP", "WDP", "75"),  # rank 3 / rank 4 × 100
        (OPINI_BPK, "WTP", "TW", "50"),
        (OPINI_BPK, "WTP", "TMP", "25"),
        (OPINI_BPK, "WDP", "WTP", "100"),  # above the target is 100, not 133
        (OPINI_BPK, "TMP", "TMP", "100"),
        (OPINI_BPK, "WTP", " wdp ", "75"),  # case and spaces are ignored
        (PREDIKAT_SAKIP, "BB", "B", "80"),  # rank 4 / rank 5 × 100
        (PREDIKAT_SAKIP, "AA", "D", Fraction(100, 7)),  # rank 1 / rank 7 × 100
    ],
)
def test_skala(skala, target, realisasi, expected):
    hasil = compute_capaian(
        polaritas=Polaritas.POSITIF,
        target=Target(nilai_skala=target),
        realisasi=realisasi,
        skala=skala,
    )

    assert_value(hasil.nilai, expected)
    assert hasil.keterangan is None
    assert hasil.rumus.startswith("peringkat(R) / peringkat(T) × 100")


def test_skala_predikat_rounded():
    # rank(A) = 6, rank(AA) = 7: 6 / 7 × 100 = 85.714…
    hasil = compute_capaian(
        polaritas=Polaritas.POSITIF,
        target=Target(nilai_skala="AA"),
        realisasi="A",
        skala=PREDIKAT_SAKIP,
    )

    assert hasil.capaian_2dp == Decimal("85.71")
    assert hasil.kategori is Kategori.TINGGI


def test_skala_realisasi_not_on_scale():
    with pytest.raises(ValueError, match='"WTB" tidak ada pada skala') as caught:
        compute_capaian(
            polaritas=Polaritas.POSITIF,
            target=Target(nilai_skala="WTP"),
            realisasi="WTB",
            skala=OPINI_BPK,
        )

    assert "TMP, TW, WDP, WTP" in str(caught.value)


def test_skala_target_not_on_scale():
    with pytest.raises(ValueError, match='"AAA" tidak ada pada skala'):
        compute_capaian(
            polaritas=Polaritas.POSITIF,
            target=Target(nilai_skala="AAA"),
            realisasi="A",
            skala=PREDIKAT_SAKIP,
        )


def test_skala_missing():
    with pytest.raises(ValueError, match="needs the scale"):
        compute_capaian(
            polaritas=Polaritas.POSITIF,
            target=Target(nilai_skala="WTP"),
            realisasi="WTP",
        )


@pytest.mark.parametrize(
    "skala",
    [
        {"TMP": 0, "WTP": 1},
        {"TMP": 1, "WTP": True},
        {"TMP": 1, "WTP": 2.0},
        {"WTP": 1, "wtp": 2},
    ],
)
def test_skala_invalid(skala):
    with pytest.raises(ValueError, match="Scale"):
        compute_capaian(
            polaritas=Polaritas.POSITIF,
            target=Target(nilai_skala="WTP"),
            realisasi="WTP",
            skala=skala,
        )


def test_skala_realisasi_number():
    with pytest.raises(ValueError, match="harus berupa nilai skala"):
        compute_capaian(
            polaritas=Polaritas.POSITIF,
            target=Target(nilai_skala="WTP"),
            realisasi=Decimal(4),
            skala=OPINI_BPK,
        )


@pytest.mark.parametrize("polaritas", [Polaritas.NEGATIF, Polaritas.RENTANG])
def test_skala_needs_positif(polaritas):
    with pytest.raises(ValueError, match="Polaritas|polaritas positif"):
        compute_capaian(
            polaritas=polaritas,
            target=Target(nilai_skala="WTP"),
            realisasi="WTP",
            skala=OPINI_BPK,
        )


@pytest.mark.parametrize(
    ("polaritas", "target"),
    [
        (Polaritas.RENTANG, number("3")),
        (Polaritas.POSITIF, band("2", "4")),
        (Polaritas.NEGATIF, band("2", "4")),
    ],
)
def test_target_kind_mismatch(polaritas, target):
    with pytest.raises(ValueError, match="tidak cocok dengan targetnya"):
        compute_capaian(polaritas=polaritas, target=target, realisasi=Decimal(3))


def test_realisasi_float_rejected():
    with pytest.raises(TypeError, match="realisasi must be a Decimal"):
        compute_capaian(polaritas=Polaritas.POSITIF, target=number("10"), realisasi=9.5)


def test_realisasi_text_for_number_rejected():
    with pytest.raises(TypeError, match="realisasi must be a Decimal"):
        compute_capaian(
            polaritas=Polaritas.POSITIF, target=number("10"), realisasi="9,5"
        )


def test_realisasi_nan_rejected():
    with pytest.raises(ValueError, match="finite"):
        compute_capaian(
            polaritas=Polaritas.POSITIF,
            target=number("10"),
            realisasi=Decimal("NaN"),
        )


def test_realisasi_int_accepted():
    hasil = compute_capaian(
        polaritas=Polaritas.POSITIF, target=number("8"), realisasi=10
    )

    assert hasil.nilai == Decimal(125)


def test_result_records_inputs():
    target = number("8")

    hasil = compute_capaian(
        polaritas=Polaritas.POSITIF, target=target, realisasi=Decimal(10)
    )

    assert hasil.target == target
    assert hasil.realisasi == Decimal(10)


def test_target_int_converted():
    assert Target(nilai=5).nilai == Decimal(5)
    assert isinstance(Target(nilai=5).nilai, Decimal)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"nilai": Decimal(1), "nilai_skala": "WTP"},
        {"nilai": Decimal(1), "batas_bawah": Decimal(0), "batas_atas": Decimal(2)},
    ],
)
def test_target_needs_one_kind(kwargs):
    with pytest.raises(ValueError, match="exactly one"):
        Target(**kwargs)


def test_target_band_needs_both_bounds():
    with pytest.raises(ValueError, match="batas bawah dan batas atas"):
        Target(batas_bawah=Decimal(1))


def test_target_band_bounds_reversed():
    with pytest.raises(
        ValueError, match="Batas bawah 4,00 lebih besar dari batas atas 2,00"
    ):
        band("4", "2")


def test_target_float_rejected():
    with pytest.raises(TypeError, match="nilai must be a Decimal"):
        Target(nilai=0.5)


def test_target_empty_skala_rejected():
    with pytest.raises(ValueError, match="must not be empty"):
        Target(nilai_skala=" ")


def test_global_decimal_context_unchanged():
    before = decimal.getcontext().copy()

    compute_capaian(
        polaritas=Polaritas.POSITIF, target=number("3"), realisasi=Decimal(1)
    )
    roll_up([Decimal(1), Decimal(2)], batas=None)
    aggregate([Decimal(1), Decimal(2)], agregasi=Agregasi.RATA_RATA)

    after = decimal.getcontext()
    assert after.prec == before.prec
    assert after.rounding == before.rounding
    assert after.Emax == before.Emax
    assert after.traps == before.traps


@pytest.mark.parametrize(
    ("nilai", "expected"),
    [
        ("100.178473", "100.18"),
        ("12.345", "12.35"),  # half up, not half even
        ("66.666666", "66.67"),
        ("90.996", "91.00"),
        ("0", "0.00"),
    ],
)
def test_capaian_2dp(nilai, expected):
    hasil = HasilCapaian(nilai=Decimal(nilai), nilai_rumus=Decimal(nilai), rumus="")

    assert hasil.capaian_2dp == Decimal(expected)
    assert hasil.capaian_2dp.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("capaian", "expected"),
    [
        ("1091.43", Kategori.SANGAT_TINGGI),
        ("100", Kategori.SANGAT_TINGGI),
        ("91", Kategori.SANGAT_TINGGI),
        ("90.996", Kategori.SANGAT_TINGGI),  # shown as 91,00
        ("90.995", Kategori.SANGAT_TINGGI),  # rounds half up to 91,00
        ("90.994999", Kategori.TINGGI),  # shown as 90,99
        ("76", Kategori.TINGGI),
        ("75.995", Kategori.TINGGI),
        ("75.99", Kategori.SEDANG),
        ("66", Kategori.SEDANG),
        ("65.9949", Kategori.RENDAH),
        ("51", Kategori.RENDAH),
        ("50.995", Kategori.RENDAH),
        ("50.99", Kategori.SANGAT_RENDAH),
        ("4.2", Kategori.SANGAT_RENDAH),
        ("0", Kategori.SANGAT_RENDAH),
    ],
)
def test_kategori_for(capaian, expected):
    assert kategori_for(Decimal(capaian)) is expected


def test_kategori_for_undefined():
    assert kategori_for(None) is None


def test_kategori_values():
    assert [k.value for k in Kategori] == [
        "Sangat Tinggi",
        "Tinggi",
        "Sedang",
        "Rendah",
        "Sangat Rendah",
    ]


def test_kategori_colours():
    colours = [kategori.warna for kategori in Kategori]

    assert set(WARNA_KATEGORI) == set(Kategori)
    assert len(set(colours)) == len(colours)
    for colour in colours:
        assert re.fullmatch(r"#[0-9a-f]{6}", colour)


def test_hasil_kategori_uses_rounded_value():
    # 90.996 / 100 × 100 = 90.996, shown as 91,00
    hasil = compute_capaian(
        polaritas=Polaritas.POSITIF, target=number("100"), realisasi=Decimal("90.996")
    )

    assert hasil.nilai == Decimal("90.996")
    assert hasil.capaian_2dp == Decimal("91.00")
    assert hasil.kategori is Kategori.SANGAT_TINGGI


@pytest.mark.parametrize(
    ("agregasi", "values", "expected"),
    [
        (Agregasi.KUMULATIF, ["1", None, "2.5"], "3.5"),
        (Agregasi.KUMULATIF, ["10", "20", "30", "40"], "100"),
        (Agregasi.AKHIR, ["1", "2", None], "2"),
        (Agregasi.AKHIR, ["5", None, "3"], "3"),  # the latest, not the largest
        (Agregasi.RATA_RATA, ["1", None, "2"], "1.5"),  # None is skipped, not 0
        (Agregasi.RATA_RATA, ["1", "1", "2"], Fraction(4, 3)),
        (Agregasi.KUMULATIF, ["0"], "0"),
        (Agregasi.KUMULATIF, [None, None], None),
        (Agregasi.AKHIR, [], None),
        (Agregasi.RATA_RATA, [None], None),
    ],
)
def test_aggregate(agregasi, values, expected):
    result = aggregate([optional_decimal(v) for v in values], agregasi=agregasi)

    assert_value(result, expected)


def test_aggregate_scale_akhir():
    assert aggregate(["WDP", None, "WTP", None], agregasi=Agregasi.AKHIR) == "WTP"


@pytest.mark.parametrize("agregasi", [Agregasi.KUMULATIF, Agregasi.RATA_RATA])
def test_aggregate_scale_other(agregasi):
    with pytest.raises(ValueError, match="hanya dapat diagregasi dengan cara akhir"):
        aggregate(["WDP", "WTP"], agregasi=agregasi)


def test_aggregate_float_rejected():
    with pytest.raises(TypeError):
        aggregate([Decimal(1), 2.5], agregasi=Agregasi.KUMULATIF)


def test_aggregate_accepts_setting_text():
    assert aggregate([Decimal(1), Decimal(3)], agregasi="rata_rata") == Decimal(2)


def quarters(*values):
    return {p: optional_decimal(v) for p, v in zip(TRIWULAN, values, strict=False)}


def months(*values):
    return {p: optional_decimal(v) for p, v in zip(BULAN, values, strict=False)}


@pytest.mark.parametrize(
    ("values", "agregasi", "expected"),
    [
        # An explicit tahunan value is used, whatever the quarters add up to.
        ({"tahunan": Decimal(10), "TW1": Decimal(1)}, Agregasi.KUMULATIF, "10"),
        ({"tahunan": Decimal(10), "TW4": Decimal(99)}, Agregasi.AKHIR, "10"),
        # From the quarters: 1 + 2 + 3 + 4, the last, the mean.
        ({"tahunan": None, **quarters("1", "2", "3", "4")}, Agregasi.KUMULATIF, "10"),
        (quarters("1", "2", "3", "4"), Agregasi.AKHIR, "4"),
        (quarters("1", "2", "3", "4"), Agregasi.RATA_RATA, "2.5"),
        # TW4 not entered: akhir takes TW3; the mean is of (5 + 7) / 2.
        (quarters("5", None, "7", None), Agregasi.AKHIR, "7"),
        (quarters("5", None, "7", None), Agregasi.RATA_RATA, "6"),
        # No quarter: from the months, 1 + 2 + … + 12 = 78.
        (months(*[str(m) for m in range(1, 13)]), Agregasi.KUMULATIF, "78"),
        (months("4", "5", None), Agregasi.AKHIR, "5"),
        # Quarters win over months.
        ({"TW1": Decimal(1), "B01": Decimal(100)}, Agregasi.KUMULATIF, "1"),
        ({"TW1": None, "B01": Decimal(100)}, Agregasi.KUMULATIF, "100"),
        ({}, Agregasi.KUMULATIF, None),
        ({"tahunan": None, "TW1": None}, Agregasi.AKHIR, None),
    ],
)
def test_realisasi_tahunan(values, agregasi, expected):
    assert realisasi_tahunan(values, agregasi=agregasi) == optional_decimal(expected)


def test_realisasi_tahunan_scale():
    values = {"TW1": "WDP", "TW2": "WTP", "TW3": None}

    assert realisasi_tahunan(values, agregasi=Agregasi.AKHIR) == "WTP"


def test_realisasi_tahunan_lowercase_codes():
    values = {"tw1": Decimal(2), "Tw2": Decimal(3)}

    assert realisasi_tahunan(values, agregasi=Agregasi.KUMULATIF) == Decimal(5)


def test_realisasi_tahunan_unknown_code():
    with pytest.raises(ValueError, match='Periode "TW5" tidak dikenal'):
        realisasi_tahunan({"TW5": Decimal(1)}, agregasi=Agregasi.KUMULATIF)


def test_realisasi_tahunan_duplicate_code():
    with pytest.raises(ValueError, match="appears twice"):
        realisasi_tahunan(
            {"TW1": Decimal(1), "tw1": Decimal(2)}, agregasi=Agregasi.KUMULATIF
        )


@pytest.mark.parametrize(
    ("periode", "agregasi", "expected"),
    [
        (Periode.TW1, Agregasi.KUMULATIF, "10"),
        (Periode.TW2, Agregasi.KUMULATIF, "30"),  # 10 + 20
        (Periode.TW3, Agregasi.KUMULATIF, "60"),  # 10 + 20 + 30
        (Periode.TW4, Agregasi.KUMULATIF, "100"),
        (Periode.TAHUNAN, Agregasi.KUMULATIF, "100"),
        (Periode.TW2, Agregasi.AKHIR, "20"),
        (Periode.TW3, Agregasi.RATA_RATA, "20"),  # (10 + 20 + 30) / 3
    ],
)
def test_to_date_quarters(periode, agregasi, expected):
    values = quarters("10", "20", "30", "40")

    assert to_date(values, periode=periode, agregasi=agregasi) == Decimal(expected)


def test_to_date_quarter_missing_skipped():
    # TW3 is not entered: akhir up to TW3 is TW2's value.
    values = quarters("10", "20", None, "40")

    assert to_date(values, periode=Periode.TW3, agregasi=Agregasi.AKHIR) == Decimal(20)


def test_to_date_months():
    values = months(*["2"] * 12)

    # 5 months of 2
    assert to_date(values, periode=Periode.B05, agregasi="kumulatif") == Decimal(10)


def test_to_date_quarter_from_months():
    # No quarter is entered, so TW2 comes from B01-B06: 6 months of 1.
    values = months(*["1"] * 12)

    assert to_date(values, periode=Periode.TW2, agregasi="kumulatif") == Decimal(6)


def test_to_date_quarter_ignores_later_periods():
    values = {**quarters("10", None, None, "40"), "B12": Decimal(7)}

    assert to_date(values, periode=Periode.TW3, agregasi="akhir") == Decimal(10)


def test_to_date_nothing_entered():
    values = quarters(None, None, None, "40")

    assert to_date(values, periode=Periode.TW2, agregasi="kumulatif") is None


def test_target_to_date_number():
    targets = {p: number("25") for p in TRIWULAN}

    result = target_to_date(targets, periode=Periode.TW3, agregasi=Agregasi.KUMULATIF)

    assert result == number("75")  # 25 + 25 + 25


def test_target_to_date_band():
    targets = {"TW1": band("2", "4"), "TW2": band("3", "5")}

    akhir = target_to_date(targets, periode=Periode.TW2, agregasi=Agregasi.AKHIR)
    mean = target_to_date(targets, periode=Periode.TW2, agregasi=Agregasi.RATA_RATA)

    assert akhir == band("3", "5")
    assert mean == band("2.5", "4.5")  # (2 + 3) / 2, (4 + 5) / 2


def test_target_to_date_scale():
    targets = {"TW1": Target(nilai_skala="WDP"), "TW2": Target(nilai_skala="WTP")}

    result = target_to_date(targets, periode=Periode.TW2, agregasi=Agregasi.AKHIR)

    assert result == Target(nilai_skala="WTP")


def test_target_to_date_scale_kumulatif():
    targets = {"TW1": Target(nilai_skala="WDP"), "TW2": Target(nilai_skala="WTP")}

    with pytest.raises(ValueError, match="cara akhir"):
        target_to_date(targets, periode=Periode.TW2, agregasi=Agregasi.KUMULATIF)


def test_target_to_date_mixed_kinds():
    targets = {"TW1": number("2"), "TW2": band("3", "5")}

    with pytest.raises(ValueError, match="mix kinds"):
        target_to_date(targets, periode=Periode.TW2, agregasi=Agregasi.AKHIR)


def test_target_to_date_explicit_tahunan():
    targets = {"tahunan": number("100"), "TW1": number("10")}

    result = target_to_date(targets, periode=Periode.TAHUNAN, agregasi="kumulatif")

    assert result == number("100")


def test_target_to_date_none():
    assert target_to_date({}, periode=Periode.TW1, agregasi="akhir") is None


@pytest.mark.parametrize(
    ("periode", "expected"),
    [
        (Periode.TW1, "80"),  # 20 / 25 × 100
        (Periode.TW2, "100"),  # (20 + 30) / (25 + 25) × 100
        (Periode.TW3, "80"),  # (20 + 30 + 10) / 75 × 100 = 60 / 75 × 100
        (Periode.TW4, "60"),  # TW4 not entered: 60 / 100 × 100
        (Periode.TAHUNAN, "60"),
    ],
)
def test_compute_capaian_to_date_kumulatif(periode, expected):
    hasil = compute_capaian_to_date(
        polaritas=Polaritas.POSITIF,
        targets={p: number("25") for p in TRIWULAN},
        realisasi=quarters("20", "30", "10", None),
        periode=periode,
        agregasi=Agregasi.KUMULATIF,
    )

    assert hasil.nilai == Decimal(expected)


def test_compute_capaian_to_date_akhir():
    # 66 / 60 × 100 = 110: the TW2 percentage against the TW2 target
    hasil = compute_capaian_to_date(
        polaritas=Polaritas.POSITIF,
        targets={"TW1": number("50"), "TW2": number("60")},
        realisasi=quarters("40", "66"),
        periode=Periode.TW2,
        agregasi=Agregasi.AKHIR,
    )

    assert hasil.nilai == Decimal(110)
    assert hasil.target == number("60")
    assert hasil.realisasi == Decimal(66)


def test_compute_capaian_to_date_negatif_rasio():
    # Monthly means: T = (10 + 12) / 2 = 11, R = (8 + 14) / 2 = 11, so 100.
    hasil = compute_capaian_to_date(
        polaritas=Polaritas.NEGATIF,
        targets={"B01": number("10"), "B02": number("12")},
        realisasi=months("8", "14"),
        periode=Periode.B02,
        agregasi=Agregasi.RATA_RATA,
        rumus_negatif=RumusNegatif.RASIO,
    )

    assert hasil.nilai == Decimal(100)


def test_compute_capaian_to_date_nothing_entered():
    hasil = compute_capaian_to_date(
        polaritas=Polaritas.POSITIF,
        targets={"TW1": number("25")},
        realisasi={},
        periode=Periode.TW1,
        agregasi=Agregasi.KUMULATIF,
    )

    assert hasil.nilai is None
    assert hasil.keterangan == "belum diisi"


@pytest.mark.parametrize(
    ("periode", "expected"),
    [
        (Periode.TW1, (Periode.TW1,)),
        (Periode.TW3, (Periode.TW1, Periode.TW2, Periode.TW3)),
        (Periode.TAHUNAN, TRIWULAN),
    ],
)
def test_triwulan_sampai(periode, expected):
    assert triwulan_sampai(periode) == expected


def test_triwulan_sampai_month():
    with pytest.raises(ValueError, match="tahunan or a triwulan"):
        triwulan_sampai(Periode.B05)


@pytest.mark.parametrize(
    ("periode", "expected_count"),
    [
        (Periode.B01, 1),
        (Periode.B07, 7),
        (Periode.TW1, 3),
        (Periode.TW2, 6),
        (Periode.TW4, 12),
        (Periode.TAHUNAN, 12),
    ],
)
def test_bulan_sampai(periode, expected_count):
    result = bulan_sampai(periode)

    assert result == BULAN[:expected_count]


def test_periode_codes():
    assert [p.value for p in TRIWULAN] == ["TW1", "TW2", "TW3", "TW4"]
    assert [p.value for p in BULAN] == [f"B{m:02d}" for m in range(1, 13)]
    assert Periode.TW3.nomor == 3
    assert Periode.B11.nomor == 11
    assert Periode.TAHUNAN.nomor is None
    assert Periode.TW2.is_triwulan
    assert not Periode.TW2.is_bulan
    assert Periode.B02.is_bulan


@pytest.mark.parametrize(
    ("kode", "expected"),
    [
        ("tahunan", Periode.TAHUNAN),
        ("Tahunan", Periode.TAHUNAN),
        (" TW1 ", Periode.TW1),
        ("tw4", Periode.TW4),
        ("b01", Periode.B01),
        ("B12", Periode.B12),
    ],
)
def test_parse_periode(kode, expected):
    assert parse_periode(kode) is expected


@pytest.mark.parametrize("kode", ["B1", "B13", "TW0", "Q1", "", "2023"])
def test_parse_periode_unknown(kode):
    with pytest.raises(ValueError, match="tidak dikenal"):
        parse_periode(kode)


@pytest.mark.parametrize(
    ("values", "batas", "expected"),
    [
        (["150", "50", None], None, "100"),  # (150 + 50) / 2
        (["150", "50", None], 100, "75"),  # (100 + 50) / 2
        (["150", "50", None], 120, "85"),  # (120 + 50) / 2
        (["150", "50", None], Decimal(120), "85"),
        (["90.996"], None, "90.996"),  # not rounded
        (["80", "90", "100"], 100, "90"),
        (["0", "100"], None, "50"),  # a capaian of 0 counts
    ],
)
def test_roll_up(values, batas, expected):
    result = roll_up([optional_decimal(v) for v in values], batas=batas)

    assert result == Decimal(expected)


@pytest.mark.parametrize("values", [[], [None], [None, None]])
def test_roll_up_none_defined(values):
    assert roll_up(values, batas=100) is None


def test_roll_up_leaves_indicator_uncapped():
    hasil = compute_capaian(
        polaritas=Polaritas.POSITIF, target=number("100"), realisasi=Decimal(150)
    )

    sasaran = roll_up([hasil.nilai, Decimal(50)], batas=100)

    assert sasaran == Decimal(75)
    assert hasil.nilai == Decimal(150)


@pytest.mark.parametrize("batas", [0, Decimal(-100)])
def test_roll_up_batas_invalid(batas):
    with pytest.raises(ValueError, match="batas must be above 0"):
        roll_up([Decimal(1)], batas=batas)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tanpa", None),
        ("Tanpa", None),
        ("", None),
        (None, None),
        ("100", "100"),
        (" 120 ", "120"),
    ],
)
def test_parse_batas_rollup(text, expected):
    assert parse_batas_rollup(text) == optional_decimal(expected)


@pytest.mark.parametrize("text", ["150", "110", "ya", "100%"])
def test_parse_batas_rollup_unknown(text):
    with pytest.raises(ValueError, match="tidak dikenal"):
        parse_batas_rollup(text)


def test_engine_imports_stdlib_and_angka():
    tree = ast.parse(Path(engine.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")

    outside_stdlib = {
        m for m in imported if m.split(".")[0] not in sys.stdlib_module_names
    }
    assert outside_stdlib == {"sakip.core.angka"}


def test_engine_import_loads_no_django():
    code = (
        "import sys, sakip.pengukuran.capaian; "
        "sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    # The interpreter of this test run, with a fixed code string.
    result = subprocess.run([sys.executable, "-c", code], check=False)  # noqa: S603

    assert result.returncode == 0
