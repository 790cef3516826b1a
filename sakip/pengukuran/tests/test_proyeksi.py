"""Table tests of the early warning's year-end projection."""

from decimal import Decimal

import pytest

from sakip.pengukuran.capaian import Agregasi, Periode, Polaritas, Target
from sakip.pengukuran.proyeksi import Metode, project_realisasi, share_of_year

D = Decimal


def proyeksi(agregasi, realisasi, *, periode="TW4", target=100, **options):
    return project_realisasi(
        polaritas=options.pop("polaritas", Polaritas.POSITIF),
        agregasi=agregasi,
        target_tahunan=None if target is None else Target(nilai=D(target)),
        realisasi={k: None if v is None else D(v) for k, v in realisasi.items()},
        periode=Periode(periode),
        **options,
    )


def rencana(*values):
    return {f"TW{i}": Target(nilai=D(v)) for i, v in enumerate(values, start=1)}


@pytest.mark.parametrize(
    ("agregasi", "realisasi", "periode", "options", "expected", "metode"),
    [
        # Kumulatif without a plan: the sum to date over the share of the year.
        (Agregasi.KUMULATIF, {"TW1": 20}, "TW1", {}, D(80), Metode.LINEAR),
        (Agregasi.KUMULATIF, {"TW1": 20, "TW2": 30}, "TW2", {}, D(100), Metode.LINEAR),
        # A missing TW2 is not zero: the projection stops at TW1.
        (Agregasi.KUMULATIF, {"TW1": 20, "TW2": None}, "TW2", {}, D(80), Metode.LINEAR),
        # Kumulatif with a plan that back-loads the year: 10 of 100 by TW1.
        (
            Agregasi.KUMULATIF,
            {"TW1": 10},
            "TW1",
            {"rencana": rencana(10, 20, 30, 40)},
            D(100),
            Metode.RENCANA_AKSI,
        ),
        (
            Agregasi.KUMULATIF,
            {"TW1": 5, "TW2": 10},
            "TW2",
            {"rencana": rencana(10, 20, 30, 40)},
            D(50),
            Metode.RENCANA_AKSI,
        ),
        # Nothing planned yet: the sum plus the year's plan.
        (
            Agregasi.KUMULATIF,
            {"TW1": 10},
            "TW1",
            {"rencana": rencana(0, 20, 30, 50)},
            D(110),
            Metode.RENCANA_AKSI,
        ),
        # Months when no quarter has a value.
        (
            Agregasi.KUMULATIF,
            {"B01": 5, "B02": 5, "B03": 5},
            "B03",
            {},
            D(60),
            Metode.LINEAR,
        ),
        # Akhir: the least-squares line read at the end of the year.
        (Agregasi.AKHIR, {"TW1": 40, "TW2": 60}, "TW2", {}, D(100), Metode.TREN),
        (Agregasi.AKHIR, {"TW1": 70}, "TW1", {}, D(70), Metode.NILAI_TERAKHIR),
        (
            Agregasi.AKHIR,
            {"TW1": 50, "TW2": 50, "TW3": 50},
            "TW3",
            {},
            D(50),
            Metode.TREN,
        ),
        # Rata-rata: the mean so far.
        (
            Agregasi.RATA_RATA,
            {"TW1": 80, "TW2": 90},
            "TW2",
            {},
            D(85),
            Metode.RATA_RATA,
        ),
    ],
)
def test_projection_table(agregasi, realisasi, periode, options, expected, metode):
    hasil = proyeksi(agregasi, realisasi, periode=periode, **options)

    assert hasil.realisasi == expected
    assert hasil.metode is metode


def test_values_after_periode_ignored():
    hasil = proyeksi(Agregasi.KUMULATIF, {"TW1": 25, "TW2": 0}, periode="TW1")

    assert hasil.realisasi == D(100)
    assert hasil.sampai is Periode.TW1


def test_month_periode_uses_quarters_ended():
    hasil = proyeksi(Agregasi.KUMULATIF, {"TW1": 25, "TW2": 0}, periode="B05")

    assert hasil.sampai is Periode.TW1
    assert hasil.realisasi == D(100)


@pytest.mark.parametrize(
    ("realisasi", "tertinggal", "kategori"),
    [
        ({"TW1": 25, "TW2": 25}, False, "Sangat Tinggi"),
        ({"TW1": 19, "TW2": 19}, False, "Tinggi"),  # 76 % projected
        ({"TW1": 18.99, "TW2": 18.99}, True, "Sedang"),  # 75,96 %
        ({"TW1": 5, "TW2": 5}, True, "Sangat Rendah"),
    ],
)
def test_flag_below_tinggi(realisasi, tertinggal, kategori):
    values = {k: str(v) for k, v in realisasi.items()}

    hasil = proyeksi(Agregasi.KUMULATIF, values, periode="TW2")

    assert hasil.tertinggal is tertinggal
    assert hasil.hasil.kategori == kategori


def test_negatif_projection_flags_rise():
    # Angka kemiskinan rising 10 → 12 → 14: the trend gives 16 at year end.
    hasil = proyeksi(
        Agregasi.AKHIR,
        {"TW1": 10, "TW2": 12, "TW3": 14},
        periode="TW3",
        target=10,
        polaritas=Polaritas.NEGATIF,
    )

    assert hasil.realisasi == D(16)
    assert hasil.hasil.capaian_2dp == D(40)
    assert hasil.tertinggal is True


def test_skala_keeps_latest_value():
    hasil = project_realisasi(
        polaritas=Polaritas.POSITIF,
        agregasi=Agregasi.AKHIR,
        target_tahunan=Target(nilai_skala="A"),
        realisasi={"TW1": "B", "TW2": "BB"},
        periode=Periode.TW2,
        skala={"C": 1, "B": 2, "BB": 3, "A": 4},
    )

    assert hasil.realisasi == "BB"
    assert hasil.metode is Metode.NILAI_TERAKHIR
    assert hasil.hasil.capaian_2dp == D(75)
    assert hasil.tertinggal is True


def test_nothing_reported_not_flagged():
    hasil = proyeksi(Agregasi.KUMULATIF, {"TW1": None}, periode="TW2")

    assert hasil.realisasi is None
    assert hasil.hasil.keterangan == "belum diisi"
    assert hasil.tertinggal is False


def test_no_target_not_flagged():
    hasil = proyeksi(Agregasi.KUMULATIF, {"TW1": 1}, periode="TW1", target=None)

    assert hasil.hasil.nilai is None
    assert hasil.tertinggal is False


def test_tahunan_value_stands():
    hasil = proyeksi(Agregasi.KUMULATIF, {"TW1": 1, "tahunan": 90}, periode="tahunan")

    assert hasil.realisasi == D(90)
    assert hasil.metode is Metode.NILAI_TERAKHIR


def test_share_of_year():
    assert share_of_year(Periode.TW1) == D("0.25")
    assert share_of_year(Periode.B06) == D("0.5")
    assert share_of_year(Periode.TAHUNAN) == D(1)
