import pytest
from django.core.exceptions import ValidationError

from sakip.anggaran.services import IsianBulan, check_keuangan, keuangan_simpan

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
