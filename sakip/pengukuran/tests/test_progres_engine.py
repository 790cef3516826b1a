"""Progress from the kondisi awal toward the period's final target."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.pengukuran.capaian import (
    KETERANGAN_BELUM_DIISI,
    KETERANGAN_KONDISI_AWAL_KOSONG,
    KETERANGAN_TARGET_AKHIR_KOSONG,
    KETERANGAN_TARGET_AKHIR_RENTANG,
    KETERANGAN_TARGET_AKHIR_SAMA,
    Target,
    compute_progres,
)

D = Decimal


@pytest.mark.parametrize(
    ("awal", "akhir", "realisasi", "progres"),
    [
        # Higher is better: 60 → 80, now 70 is half way.
        (D(60), D(80), D(70), D(50)),
        (D(60), D(80), D(60), D(0)),
        (D(60), D(80), D(80), D(100)),
        (D(60), D(80), D(90), D(150)),
        # Moved away from the target since the baseline: below zero, not floored.
        (D(60), D(80), D(55), D(-25)),
        # Lower is better (angka kemiskinan 12 → 8): 11 is a quarter of the way.
        (D(12), D(8), D(11), D(25)),
        (D(12), D(8), D(13), D(-25)),
        (D("10.5"), D("7.5"), D("9.75"), D(25)),
    ],
)
def test_progres_values(awal, akhir, realisasi, progres):
    hasil = compute_progres(
        kondisi_awal=awal, target_akhir=Target(nilai=akhir), realisasi=realisasi
    )
    assert hasil.nilai == progres
    assert hasil.keterangan is None


def test_progres_rounds_only_when_shown():
    hasil = compute_progres(
        kondisi_awal=D(0), target_akhir=Target(nilai=D(3)), realisasi=D(2)
    )
    assert hasil.nilai_2dp == D("66.67")


@pytest.mark.parametrize(
    ("awal", "akhir", "realisasi", "keterangan"),
    [
        (None, Target(nilai=D(10)), D(5), KETERANGAN_KONDISI_AWAL_KOSONG),
        (D(1), None, D(5), KETERANGAN_TARGET_AKHIR_KOSONG),
        (D(1), Target(nilai=D(10)), None, KETERANGAN_BELUM_DIISI),
        (D(10), Target(nilai=D(10)), D(12), KETERANGAN_TARGET_AKHIR_SAMA),
        (
            D(3),
            Target(batas_bawah=D(2), batas_atas=D(4)),
            D(3),
            KETERANGAN_TARGET_AKHIR_RENTANG,
        ),
    ],
)
def test_progres_undefined_says_why(awal, akhir, realisasi, keterangan):
    hasil = compute_progres(kondisi_awal=awal, target_akhir=akhir, realisasi=realisasi)
    assert hasil.nilai is None
    assert hasil.nilai_2dp is None
    assert hasil.keterangan == keterangan


def test_progres_on_a_scale_counts_ranks():
    opini = {"TMP": 1, "TW": 2, "WDP": 3, "WTP": 4}
    hasil = compute_progres(
        kondisi_awal="TW",
        target_akhir=Target(nilai_skala="WTP"),
        realisasi="WDP",
        skala=opini,
    )
    assert hasil.nilai == D(50)


values = st.decimals(min_value=-(10**6), max_value=10**6, places=2)


@given(awal=values, akhir=values, realisasi=values)
def test_progres_baseline_and_target_ends(awal, akhir, realisasi):
    target = Target(nilai=akhir)
    if akhir == awal:
        assert (
            compute_progres(
                kondisi_awal=awal, target_akhir=target, realisasi=realisasi
            ).nilai
            is None
        )
        return
    assert (
        compute_progres(kondisi_awal=awal, target_akhir=target, realisasi=awal).nilai
        == 0
    )
    assert (
        compute_progres(kondisi_awal=awal, target_akhir=target, realisasi=akhir).nilai
        == 100
    )
    # Closer to the final target means more progress, whatever the direction.
    hasil = compute_progres(kondisi_awal=awal, target_akhir=target, realisasi=realisasi)
    assert (hasil.nilai > 0) == ((realisasi - awal) * (akhir - awal) > 0)
