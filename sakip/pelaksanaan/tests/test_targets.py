"""The pure rules of quarterly and monthly targets (``sakip.pelaksanaan.targets``)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.pelaksanaan.targets import (
    Agregasi,
    JenisNilai,
    NilaiTarget,
    check_fisik,
    check_triwulan,
    format_singkat,
    prefill_fisik,
    prefill_triwulan,
    split_kumulatif,
    validate_fisik,
    validate_triwulan,
)

D = Decimal
ANGKA, RENTANG, SKALA = JenisNilai.ANGKA, JenisNilai.RENTANG, JenisNilai.SKALA
AKHIR, KUMULATIF, RATA_RATA = Agregasi.AKHIR, Agregasi.KUMULATIF, Agregasi.RATA_RATA


def n(value):
    return NilaiTarget(nilai=None if value is None else D(value))


def band(bawah, atas):
    return NilaiTarget(batas_bawah=D(bawah), batas_atas=D(atas))


def quarters(*values):
    return dict(zip(("TW1", "TW2", "TW3", "TW4"), values, strict=True))


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        ("10", ("2", "2", "2", "4")),
        ("10.0000", ("2", "2", "2", "4")),
        ("100", ("25", "25", "25", "25")),
        ("4", ("1", "1", "1", "1")),
        ("3", ("0", "0", "0", "3")),
        ("85.5", ("21.3", "21.3", "21.3", "21.6")),
        ("0.648", ("0.162", "0.162", "0.162", "0.162")),
        ("0.001", ("0.000", "0.000", "0.000", "0.001")),
        ("-10", ("-2", "-2", "-2", "-4")),
        ("0", ("0", "0", "0", "0")),
        ("1250000", ("312500", "312500", "312500", "312500")),
    ],
)
def test_split_kumulatif_table(total, expected):
    assert split_kumulatif(D(total)) == tuple(D(v) for v in expected)


def test_split_kumulatif_empty():
    assert split_kumulatif(None) == (None, None, None, None)


@given(st.decimals(min_value=-(10**10), max_value=10**10, places=4, allow_nan=False))
def test_split_kumulatif_sums_exactly(total):
    parts = split_kumulatif(total)

    assert sum(parts) == total
    assert all(abs(part) <= abs(parts[-1]) for part in parts)


@pytest.mark.parametrize(
    ("tahunan", "jenis", "agregasi", "expected"),
    [
        (n("10"), ANGKA, KUMULATIF, quarters(n("2"), n("2"), n("2"), n("4"))),
        (n("85"), ANGKA, AKHIR, quarters(n("85"), n("85"), n("85"), n("85"))),
        (n("85"), ANGKA, RATA_RATA, quarters(n("85"), n("85"), n("85"), n("85"))),
        (
            NilaiTarget(nilai_skala="WTP"),
            SKALA,
            KUMULATIF,
            quarters(*[NilaiTarget(nilai_skala="WTP")] * 4),
        ),
        (band("3", "5"), RENTANG, AKHIR, quarters(*[band("3", "5")] * 4)),
        (
            band("3", "5"),
            RENTANG,
            KUMULATIF,
            quarters(*[band("0.75", "1.25")] * 4),
        ),
        (NilaiTarget(), ANGKA, KUMULATIF, quarters(*[NilaiTarget()] * 4)),
    ],
)
def test_prefill_triwulan_table(tahunan, jenis, agregasi, expected):
    assert prefill_triwulan(tahunan, jenis=jenis, agregasi=agregasi) == expected


@pytest.mark.parametrize(
    ("tahunan", "triwulan", "jenis", "agregasi", "kode"),
    [
        # Reached.
        (n("100"), quarters(n("10"), n("20"), n("30"), n("40")), ANGKA, KUMULATIF, []),
        (n("85"), quarters(n("20"), n("40"), n("60"), n("85")), ANGKA, AKHIR, []),
        (n("80"), quarters(n("70"), n("80"), n("80"), n("90")), ANGKA, RATA_RATA, []),
        (
            NilaiTarget(nilai_skala="WTP"),
            quarters(
                *[NilaiTarget(nilai_skala=v) for v in ("WDP", "WDP", "WTP", "WTP")]
            ),
            SKALA,
            KUMULATIF,
            [],
        ),
        (
            band("3", "5"),
            quarters(band("2", "6"), band("2", "6"), band("3", "5"), band("3", "5")),
            RENTANG,
            AKHIR,
            [],
        ),
        (
            band("4", "8"),
            quarters(*[band("1", "2")] * 4),
            RENTANG,
            KUMULATIF,
            [],
        ),
        # Equal values written differently.
        (n("85.0000"), quarters(n("1"), n("2"), n("3"), n("85")), ANGKA, AKHIR, []),
        # Not reached.
        (
            n("100"),
            quarters(n("10"), n("20"), n("30"), n("30")),
            ANGKA,
            KUMULATIF,
            ["jumlah_berbeda"],
        ),
        (
            n("85"),
            quarters(n("85"), n("85"), n("85"), n("80")),
            ANGKA,
            AKHIR,
            ["tw4_berbeda"],
        ),
        (
            n("80"),
            quarters(n("70"), n("80"), n("80"), n("80")),
            ANGKA,
            RATA_RATA,
            ["rata_rata_berbeda"],
        ),
        (
            NilaiTarget(nilai_skala="WTP"),
            quarters(*[NilaiTarget(nilai_skala="WDP")] * 4),
            SKALA,
            AKHIR,
            ["tw4_berbeda"],
        ),
        (
            band("3", "5"),
            quarters(*[band("3", "5")] * 3, band("3", "6")),
            RENTANG,
            AKHIR,
            ["tw4_berbeda"],
        ),
        # Missing quarters: reported, and left out of the sum as the engine does.
        (
            n("100"),
            quarters(n(None), n("50"), n(None), n("50")),
            ANGKA,
            KUMULATIF,
            ["triwulan_kosong"],
        ),
        (
            n("85"),
            quarters(n("85"), n("85"), n("85"), n(None)),
            ANGKA,
            AKHIR,
            ["triwulan_kosong"],
        ),
        (
            n("100"),
            quarters(n(None), n(None), n(None), n(None)),
            ANGKA,
            KUMULATIF,
            ["triwulan_kosong"],
        ),
        (
            n(None),
            quarters(n("1"), n("2"), n("3"), n("4")),
            ANGKA,
            AKHIR,
            ["tahunan_kosong"],
        ),
    ],
)
def test_check_triwulan_table(tahunan, triwulan, jenis, agregasi, kode):
    pesan = check_triwulan(tahunan, triwulan, jenis=jenis, agregasi=agregasi)

    assert [p.kode for p in pesan] == kode


@pytest.mark.parametrize(
    ("tahunan", "triwulan", "agregasi", "text"),
    [
        (
            n("85"),
            quarters(n("85"), n("85"), n("85"), n("80")),
            AKHIR,
            "Target TW IV (80) belum sama dengan target tahunan PK (85).",
        ),
        (
            n("100"),
            quarters(n("10"), n("20"), n("30"), n("30.5")),
            KUMULATIF,
            "Jumlah target triwulan (90,50) belum sama dengan target tahunan PK (100).",
        ),
        (
            n("80"),
            quarters(n("70"), n("80"), n("80"), n("80")),
            RATA_RATA,
            "Rata-rata target triwulan (77,50) belum sama dengan target tahunan "
            "PK (80).",
        ),
        (
            n("80"),
            quarters(n("80"), n("80"), n("81"), n(None)),
            RATA_RATA,
            "Target TW IV belum diisi.",
        ),
    ],
)
def test_check_triwulan_message(tahunan, triwulan, agregasi, text):
    pesan = check_triwulan(tahunan, triwulan, jenis=ANGKA, agregasi=agregasi)

    assert str(pesan[0]) == text


def test_check_triwulan_mean_repeating():
    pesan = check_triwulan(
        n("80"),
        quarters(n("80"), n("80"), n("81"), n(None)),
        jenis=ANGKA,
        agregasi=RATA_RATA,
    )

    assert [p.kode for p in pesan] == ["triwulan_kosong", "rata_rata_berbeda"]
    assert "(80,3333)" in str(pesan[1])


@pytest.mark.parametrize(
    ("value", "jenis", "kode"),
    [
        (n("5"), ANGKA, None),
        (band("1", "2"), ANGKA, "batas_untuk_angka"),
        (NilaiTarget(nilai_skala="WTP"), ANGKA, "skala_untuk_angka"),
        (NilaiTarget(nilai_skala="WTP"), SKALA, None),
        (NilaiTarget(nilai_skala="XYZ"), SKALA, "di_luar_skala"),
        (n("5"), SKALA, "bukan_skala"),
        (band("1", "2"), RENTANG, None),
        (band("2", "1"), RENTANG, "rentang_terbalik"),
        (NilaiTarget(batas_bawah=D(1)), RENTANG, "rentang_tidak_lengkap"),
        (n("5"), RENTANG, "rentang_satu_nilai"),
        (NilaiTarget(), SKALA, None),
    ],
)
def test_validate_triwulan_table(value, jenis, kode):
    errors = validate_triwulan(
        {"TW2": value}, jenis=jenis, skala_values=["TMP", "TW", "WDP", "WTP"]
    )

    assert {k: p.kode for k, p in errors.items()} == ({"TW2": kode} if kode else {})


@pytest.mark.parametrize(
    ("kas", "expected"),
    [
        # Equal months: a twelfth each, rounded half up; December is 100.
        (
            dict.fromkeys(range(1, 13), 100),
            [
                "8.33",
                "16.67",
                "25.00",
                "33.33",
                "41.67",
                "50.00",
                "58.33",
                "66.67",
                "75.00",
                "83.33",
                "91.67",
                "100",
            ],
        ),
        # Nothing planned before June, a month without a row, a None month.
        (
            {6: 300, 7: 300, 9: None, 12: 400},
            [
                "0.00",
                "0.00",
                "0.00",
                "0.00",
                "0.00",
                "30.00",
                "60.00",
                "60.00",
                "60.00",
                "60.00",
                "60.00",
                "100",
            ],
        ),
        # A share that rounds half up at the third decimal: 1/8 = 12,5 %.
        (
            {1: 1, 2: 7},
            [
                "12.50",
                "100.00",
                "100.00",
                "100.00",
                "100.00",
                "100.00",
                "100.00",
                "100.00",
                "100.00",
                "100.00",
                "100.00",
                "100",
            ],
        ),
        ({}, [None] * 11 + ["100"]),
        (dict.fromkeys(range(1, 13), 0), [None] * 11 + ["100"]),
    ],
)
def test_prefill_fisik_table(kas, expected):
    result = prefill_fisik(kas)

    assert [result[bulan] for bulan in range(1, 13)] == [
        None if v is None else D(v) for v in expected
    ]


def test_prefill_fisik_half_up():
    # 1 / 3 of a year's kas is 33,333…; 2 / 3 is 66,666… and rounds up.
    result = prefill_fisik({1: 1, 2: 1, 3: 1})

    assert result[1] == D("33.33")
    assert result[2] == D("66.67")


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        ({1: D(10), 2: D(20), 12: D(100)}, {}),
        ({1: D(10), 2: D(10)}, {}),
        ({1: D(-1)}, {1: "fisik_di_luar_batas"}),
        ({12: D("100.01")}, {12: "fisik_di_luar_batas"}),
        ({3: D("10.125")}, {3: "fisik_desimal"}),
        ({1: D(30), 2: D(20)}, {2: "fisik_turun"}),
        # The month before an empty one still counts.
        ({1: D(30), 3: D(20)}, {3: "fisik_turun"}),
        # After a month going down, the next is compared with the last valid one.
        ({1: D(30), 2: D(20), 3: D(25)}, {2: "fisik_turun", 3: "fisik_turun"}),
        ({1: D(30), 2: D(101), 3: D(40)}, {2: "fisik_di_luar_batas"}),
    ],
)
def test_validate_fisik_table(values, errors):
    result = validate_fisik(values)

    assert {bulan: p.kode for bulan, p in result.items()} == errors


def test_validate_fisik_message():
    [pesan] = validate_fisik({2: D(40), 3: D("30.5")}).values()

    assert str(pesan) == (
        "Target fisik Maret (30,50 %) lebih rendah dari Februari (40 %). Target "
        "fisik dihitung kumulatif sejak Januari, jadi tidak boleh turun."
    )


@pytest.mark.parametrize(
    ("values", "kode"),
    [
        (dict.fromkeys(range(1, 13), D(100)), []),
        ({**dict.fromkeys(range(1, 12), D(50)), 12: D(90)}, ["fisik_desember"]),
        ({12: D(100)}, ["fisik_kosong"]),
        ({1: D(5)}, ["fisik_kosong"]),
    ],
)
def test_check_fisik_table(values, kode):
    assert [p.kode for p in check_fisik(values)] == kode


def test_check_fisik_december_message():
    pesan = check_fisik({**dict.fromkeys(range(1, 12), D(50)), 12: D(90)})

    assert str(pesan[0]).startswith("Target fisik Desember 90 %, belum 100 %")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("80", "80"),
        ("80.0000", "80"),
        ("1250", "1.250"),
        ("72.5", "72,50"),
        ("0.648", "0,648"),
        ("-2", "-2"),
    ],
)
def test_format_singkat(value, text):
    assert format_singkat(D(value)) == text
