from decimal import Decimal

import pytest
from django.template import Context, Template

from sakip.core.templatetags.sakip_format import (
    angka,
    nilai_target,
    persen,
    rupiah,
    warna_teks,
)
from sakip.pengukuran.capaian import WARNA_KATEGORI, Kategori
from sakip.perencanaan.models import Target


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234567.891"), "1.234.567,891"),
        (Decimal("0.648"), "0,648"),
        (Decimal("0.123456"), "0,1235"),
        (Decimal("0.00004"), "0,0000"),
        (Decimal("-0.00004"), "0,0000"),
        (Decimal("-1500"), "-1.500,00"),
        (72, "72,00"),
        ("80.5", "80,50"),
        (None, "—"),
        ("", "—"),
        ("bukan angka", "—"),
        (Decimal("NaN"), "—"),
    ],
)
def test_angka(value, expected):
    assert angka(value) == expected


def test_angka_places():
    assert angka(Decimal("2.5"), 0) == "3"


def test_persen():
    assert persen(Decimal("97.5")) == "97,50 %"


def test_persen_empty():
    assert persen(None) == "—"


def test_rupiah():
    assert rupiah(1250000) == "Rp 1.250.000"


def test_nilai_target_number():
    assert nilai_target(Target(nilai=Decimal("80"))) == "80,00"


def test_nilai_target_band():
    target = Target(batas_bawah=Decimal("3"), batas_atas=Decimal("5"))

    assert nilai_target(target) == "3,00–5,00"


def test_nilai_target_scale():
    assert nilai_target(Target(nilai_skala="WTP")) == "WTP"


def test_nilai_target_empty():
    assert nilai_target(Target()) == "—"


@pytest.mark.parametrize(
    ("kategori", "expected"),
    [
        (Kategori.SANGAT_TINGGI, "#ffffff"),
        (Kategori.TINGGI, "#212529"),
        (Kategori.SEDANG, "#212529"),
        (Kategori.RENDAH, "#212529"),
        (Kategori.SANGAT_RENDAH, "#ffffff"),
    ],
)
def test_warna_teks(kategori, expected):
    assert warna_teks(WARNA_KATEGORI[kategori]) == expected


def test_filters_in_template():
    template = Template("{% load sakip_format %}{{ nilai|persen }} {{ nilai|angka:3 }}")

    html = template.render(Context({"nilai": Decimal("90.9965")}))

    assert html == "91,00 % 90,997"
