"""Saving a sub kegiatan's monthly realisasi keuangan and fisik."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sakip.anggaran.models import KeuanganBulanan
from sakip.anggaran.services import IsianBulan, keuangan_simpan
from sakip.pengukuran.forms import BarisKeuanganForm
from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.services import (
    IsianKeuangan,
    KonflikVersi,
    isian_ajukan,
    keuangan_realisasi_simpan,
)

from .conftest import KAS_BULANAN, PAGU

Status = KeuanganBulanan.Status


def _simpan(user, elemen, *, bulan=1, versi=None, **values):
    if versi is None:
        row = KeuanganBulanan.objects.filter(elemen=elemen, tahun=2025, bulan=bulan)
        versi = row.values_list("versi", flat=True).first() or 0
    return keuangan_realisasi_simpan(
        user=user,
        elemen=elemen,
        tahun=2025,
        bulan=bulan,
        versi=versi,
        isian=IsianKeuangan(**values),
    )


def _error(*args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        _simpan(*args, **kwargs)
    return error.value


@pytest.fixture
def sub(sub_kegiatan, jadwal_terbuka):
    return sub_kegiatan


def test_status_choices_match_realisasi():
    assert Status.choices == Realisasi.Status.choices


def test_save_month_keeps_anggaran_kas(ani, sub):
    entri = _simpan(ani, sub, realisasi_keuangan=90_000, realisasi_fisik=Decimal("8.5"))

    assert entri.realisasi_keuangan == 90_000
    assert entri.realisasi_fisik == Decimal("8.5")
    assert entri.anggaran_kas == KAS_BULANAN
    assert entri.status == Status.DRAFT
    assert entri.diisi_oleh == ani


def test_cumulative_over_pagu_rejected(ani, sub):
    _simpan(ani, sub, bulan=1, realisasi_keuangan=PAGU - 100)

    error = _error(ani, sub, bulan=2, realisasi_keuangan=101)

    assert error.message_dict["realisasi_keuangan"] == [
        "Realisasi keuangan sampai bulan Februari berjumlah Rp 1.200.001, "
        "melebihi pagu Rp 1.200.000."
    ]
    assert KeuanganBulanan.objects.get(elemen=sub, bulan=2).realisasi_keuangan is None


def test_earlier_month_raise_over_pagu_rejected(ani, sub):
    _simpan(ani, sub, bulan=1, realisasi_keuangan=100)
    _simpan(ani, sub, bulan=2, realisasi_keuangan=PAGU - 100)

    error = _error(ani, sub, bulan=1, realisasi_keuangan=200)

    assert "sampai bulan Februari" in error.message_dict["realisasi_keuangan"][0]


def test_fisik_over_100_rejected(ani, sub):
    error = _error(ani, sub, realisasi_fisik=Decimal("100.01"))

    assert error.message_dict["realisasi_fisik"] == [
        "Realisasi fisik harus antara 0 dan 100 %."
    ]


def test_fisik_form_rejects_over_100():
    form = BarisKeuanganForm({"realisasi_fisik": "101", "versi": "0"})

    assert not form.is_valid()
    assert form.errors["realisasi_fisik"] == [
        "Realisasi fisik harus antara 0 dan 100 %."
    ]


def test_rupiah_form_rejects_negative_and_decimals():
    negative = BarisKeuanganForm({"realisasi_keuangan": "-5", "versi": "0"})
    decimals = BarisKeuanganForm({"realisasi_keuangan": "1.500,50", "versi": "0"})

    assert negative.errors["realisasi_keuangan"] == [
        "Jumlah rupiah tidak boleh negatif."
    ]
    assert "tanpa desimal" in decimals.errors["realisasi_keuangan"][0]


def test_fisik_going_down_rejected(ani, sub):
    _simpan(ani, sub, bulan=1, realisasi_fisik=Decimal("30"))

    error = _error(ani, sub, bulan=2, realisasi_fisik=Decimal("25"))

    assert error.message_dict["realisasi_fisik"] == [
        "Realisasi fisik Februari (25,00 %) tidak boleh turun dari Januari "
        "(30,00 %): fisik adalah kemajuan sampai akhir bulan."
    ]


def test_fisik_going_down_skips_empty_month(ani, sub):
    _simpan(ani, sub, bulan=1, realisasi_fisik=Decimal("30"))
    _simpan(ani, sub, bulan=2, realisasi_keuangan=1000)

    error = _error(ani, sub, bulan=3, realisasi_fisik=Decimal("29.99"))

    assert "turun dari Januari" in error.message_dict["realisasi_fisik"][0]


def test_fisik_above_later_month_rejected(ani, sub):
    _simpan(ani, sub, bulan=3, realisasi_fisik=Decimal("40"))

    error = _error(ani, sub, bulan=2, realisasi_fisik=Decimal("45"))

    assert "melebihi realisasi fisik Maret" in error.message_dict["realisasi_fisik"][0]


def test_fisik_equal_next_month_allowed(ani, sub):
    _simpan(ani, sub, bulan=1, realisasi_fisik=Decimal("30"))

    entri = _simpan(ani, sub, bulan=2, realisasi_fisik=Decimal("30"))

    assert entri.realisasi_fisik == Decimal("30")


def test_not_sub_kegiatan_rejected(ani, sub):
    with pytest.raises(ValidationError):
        _simpan(ani, sub.induk, realisasi_keuangan=1)


def test_other_opd_denied(citra, sub):
    with pytest.raises(PermissionDenied):
        _simpan(citra, sub, realisasi_keuangan=1)


def test_late_entry_rejected(ani, sub, jadwal_terbuka):
    window = jadwal_terbuka["B01"]
    window.selesai = timezone.now() - datetime.timedelta(minutes=5)
    window.save()

    error = _error(ani, sub, realisasi_keuangan=1000)

    assert error.code == "jadwal_ditutup"
    assert "Jadwal input Januari 2025 ditutup pada" in error.messages[0]
    assert KeuanganBulanan.objects.get(elemen=sub, bulan=1).realisasi_keuangan is None


def test_second_save_same_version_rejected(ani, budi, sub):
    versi = KeuanganBulanan.objects.get(elemen=sub, bulan=1).versi
    _simpan(ani, sub, versi=versi, realisasi_keuangan=50_000)

    with pytest.raises(KonflikVersi) as error:
        _simpan(budi, sub, versi=versi, realisasi_keuangan=70_000)

    stored = KeuanganBulanan.objects.get(elemen=sub, bulan=1)
    assert stored.realisasi_keuangan == 50_000
    assert "Rp 50.000" in error.value.messages[0]


def test_dpa_page_save_changes_version(ani, sub):
    before = KeuanganBulanan.objects.get(elemen=sub, bulan=1).versi
    keuangan_simpan(
        elemen=sub,
        tahun=2025,
        pagu_murni=PAGU,
        pagu_perubahan=None,
        bulan={1: IsianBulan(anggaran_kas=KAS_BULANAN, realisasi_keuangan=5)},
    )

    with pytest.raises(KonflikVersi):
        _simpan(ani, sub, versi=before, realisasi_keuangan=6)


def test_month_without_row_created(ani, dpa, jadwal_terbuka):
    KeuanganBulanan.objects.filter(elemen=dpa[1], bulan=5).delete()

    entri = _simpan(ani, dpa[1], bulan=5, versi=0, realisasi_fisik=Decimal("10"))

    assert entri.pk is not None
    assert entri.anggaran_kas is None


def test_submit_month(ani, opd_a, dpa, jadwal_terbuka):
    _simpan(ani, dpa[0], realisasi_keuangan=1000)
    _simpan(ani, dpa[1], realisasi_fisik=Decimal("5"))

    hasil = isian_ajukan(user=ani, unit=opd_a, tahun=2025, periode="B01")

    assert hasil.diajukan == 2
    statuses = set(
        KeuanganBulanan.objects.filter(bulan=1, elemen__in=dpa[:2]).values_list(
            "status", flat=True
        )
    )
    assert statuses == {Status.DIAJUKAN}
    assert KeuanganBulanan.objects.get(elemen=dpa[2], bulan=1).status == Status.DRAFT


def test_submit_closed_window_reports_once(ani, opd_a, dpa, jadwal_terbuka):
    _simpan(ani, dpa[0], realisasi_keuangan=1000)
    _simpan(ani, dpa[1], realisasi_keuangan=2000)
    window = jadwal_terbuka["B01"]
    window.selesai = timezone.now() - datetime.timedelta(minutes=5)
    window.save()

    hasil = isian_ajukan(user=ani, unit=opd_a, tahun=2025, periode="B01")

    assert hasil.diajukan == 0
    assert len(hasil.ditolak) == 1
    assert "ditutup" in hasil.ditolak[0]
