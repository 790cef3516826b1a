from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.anggaran.services import (
    IsianBulan,
    check_anggaran_kas,
    check_keuangan,
    keuangan_simpan,
)
from sakip.core.angka import RUPIAH_MAX, format_angka

from .factories import renja_anggaran


def test_month_outside_range():
    with pytest.raises(ValidationError) as error:
        check_keuangan(pagu_murni=10, pagu_perubahan=None, bulan={13: IsianBulan()})

    assert "Bulan 13 tidak ada" in str(error.value)


def test_month_zero():
    with pytest.raises(ValidationError, match="bulan harus 1 sampai 12"):
        check_keuangan(pagu_murni=10, pagu_perubahan=None, bulan={0: IsianBulan()})


def test_realisasi_without_pagu():
    with pytest.raises(ValidationError, match="Isi pagu"):
        check_keuangan(
            pagu_murni=None,
            pagu_perubahan=None,
            bulan={1: IsianBulan(realisasi_keuangan=5)},
        )


@pytest.mark.django_db
def test_only_sub_kegiatan(opd_a):
    data = renja_anggaran(opd_a, sub=1)

    with pytest.raises(ValidationError, match="per sub kegiatan"):
        keuangan_simpan(
            elemen=data["kegiatan"][0],
            tahun=2025,
            pagu_murni=1,
            pagu_perubahan=None,
            bulan={},
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Pagu, "pagu"),
        (KeuanganBulanan, "anggaran_kas"),
        (KeuanganBulanan, "realisasi_keuangan"),
    ],
)
def test_model_rupiah_limit(opd_a, model, field):
    elemen = renja_anggaran(opd_a, sub=1)["sub_kegiatan"][0]
    row = model(elemen=elemen, tahun=2026, **{field: RUPIAH_MAX + 1})
    if model is KeuanganBulanan:
        row.bulan = 1

    with pytest.raises(ValidationError) as error:
        row.full_clean()

    limit = format_angka(Decimal(RUPIAH_MAX), 0)
    assert error.value.message_dict[field] == [
        f"Jumlah rupiah paling besar Rp {limit}."
    ]
    setattr(row, field, RUPIAH_MAX)
    row.full_clean()


def test_anggaran_kas_above_pagu():
    with pytest.raises(ValidationError) as error:
        check_anggaran_kas(
            pagu_murni=1_000,
            pagu_perubahan=None,
            bulan={1: IsianBulan(anggaran_kas=600), 2: IsianBulan(anggaran_kas=600)},
        )

    assert (
        "Anggaran kas sampai bulan Februari"
        in error.value.message_dict["anggaran_kas_2"][0]
    )


def test_anggaran_kas_perubahan_is_ceiling():
    check_anggaran_kas(
        pagu_murni=1_000,
        pagu_perubahan=1_200,
        bulan={1: IsianBulan(anggaran_kas=600), 2: IsianBulan(anggaran_kas=600)},
    )


def test_anggaran_kas_without_pagu():
    with pytest.raises(ValidationError, match="Isi pagu sebelum anggaran kas"):
        check_anggaran_kas(
            pagu_murni=None, pagu_perubahan=None, bulan={1: IsianBulan(anggaran_kas=5)}
        )


@pytest.mark.parametrize("status", ["diajukan", "diterima"])
def test_submitted_realisasi_locked(opd_a, status):
    sub = renja_anggaran(opd_a)["sub_kegiatan"][0]
    KeuanganBulanan.objects.create(
        elemen=sub, tahun=2025, bulan=3, realisasi_keuangan=100, status=status
    )

    with pytest.raises(ValidationError, match="Maret sudah"):
        keuangan_simpan(
            elemen=sub,
            tahun=2025,
            pagu_murni=1_000_000,
            pagu_perubahan=None,
            bulan={3: IsianBulan(realisasi_keuangan=200)},
        )

    assert KeuanganBulanan.objects.get(elemen=sub, bulan=3).realisasi_keuangan == 100


def test_returned_realisasi_editable(opd_a):
    sub = renja_anggaran(opd_a)["sub_kegiatan"][0]
    KeuanganBulanan.objects.create(
        elemen=sub, tahun=2025, bulan=3, realisasi_keuangan=100, status="dikembalikan"
    )

    keuangan_simpan(
        elemen=sub,
        tahun=2025,
        pagu_murni=1_000_000,
        pagu_perubahan=None,
        bulan={3: IsianBulan(realisasi_keuangan=200)},
    )

    assert KeuanganBulanan.objects.get(elemen=sub, bulan=3).realisasi_keuangan == 200
