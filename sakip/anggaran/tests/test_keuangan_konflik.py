"""Two people editing the keuangan page of one sub kegiatan at once: a save
writes only what its user changed, and a change to something the other person
changed in the meantime is rejected with their value."""

from decimal import Decimal

import pytest
from django.test import Client

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.anggaran.services import IsianBulan, keuangan_simpan

from .factories import keuangan, renja_anggaran
from .halaman import form_values, load_keuangan, post_keuangan

pytestmark = pytest.mark.django_db


@pytest.fixture
def sub(opd_a):
    elemen = renja_anggaran(opd_a, program=1, sub=1)["sub_kegiatan"][0]
    keuangan(
        elemen,
        b3=(300_000, 100_000, Decimal("10")),
        b5=(200_000, None, None),
    )
    return elemen


@pytest.fixture
def ani_client(ani):
    client = Client()
    client.force_login(ani)
    return client


@pytest.fixture
def budi_client(budi):
    client = Client()
    client.force_login(budi)
    return client


def _month(elemen, bulan: int) -> KeuanganBulanan:
    return KeuanganBulanan.objects.get(elemen=elemen, bulan=bulan)


def test_other_months_kept(ani_client, budi_client, sub):
    ani_page = load_keuangan(ani_client, sub)
    budi_page = load_keuangan(budi_client, sub)
    post_keuangan(ani_client, sub, ani_page, anggaran_kas_3="400.000")

    response = post_keuangan(budi_client, sub, budi_page, realisasi_keuangan_5="50.000")

    assert response.status_code == 302
    assert _month(sub, 3).anggaran_kas == 400_000
    assert _month(sub, 5).realisasi_keuangan == 50_000


def test_unchanged_month_not_written(ani_client, sub):
    versi = _month(sub, 3).versi

    post_keuangan(ani_client, sub, realisasi_keuangan_5="50.000")

    assert _month(sub, 3).versi == versi
    assert _month(sub, 3).history.count() == 1


def test_same_month_rejected(ani_client, budi_client, ani, sub):
    ani_page = load_keuangan(ani_client, sub)
    budi_page = load_keuangan(budi_client, sub)
    post_keuangan(ani_client, sub, ani_page, anggaran_kas_3="400.000")

    response = post_keuangan(
        budi_client, sub, budi_page, realisasi_keuangan_3="150.000"
    )

    assert response.status_code == 200
    month = _month(sub, 3)
    assert month.anggaran_kas == 400_000
    assert month.realisasi_keuangan == 100_000
    errors = response.context["form"].errors
    message = errors["realisasi_keuangan_3"][0]
    assert "Bulan Maret telah diubah oleh ani" in message
    assert "anggaran kas Rp 400.000" in message
    assert "belum disimpan" in errors["__all__"][0]


def test_rejected_page_shows_stored(ani_client, budi_client, sub):
    ani_page = load_keuangan(ani_client, sub)
    budi_page = load_keuangan(budi_client, sub)
    post_keuangan(ani_client, sub, ani_page, anggaran_kas_3="400.000")
    response = post_keuangan(
        budi_client, sub, budi_page, realisasi_keuangan_3="150.000"
    )
    inputs = form_values(response.content.decode())

    assert inputs["anggaran_kas_3"] == "400.000"
    assert inputs["realisasi_keuangan_3"] == "150.000"

    # Saving the page again, now that it shows Ani's kas, stores Budi's change.
    response = post_keuangan(budi_client, sub, inputs)

    assert response.status_code == 302
    month = _month(sub, 3)
    assert month.anggaran_kas == 400_000
    assert month.realisasi_keuangan == 150_000


def test_pagu_changed_meanwhile(ani_client, budi_client, sub):
    ani_page = load_keuangan(ani_client, sub)
    budi_page = load_keuangan(budi_client, sub)
    post_keuangan(ani_client, sub, ani_page, pagu_murni="2.000.000")

    response = post_keuangan(budi_client, sub, budi_page, pagu_murni="1.500.000")

    assert response.status_code == 200
    message = response.context["form"].errors["pagu_murni"][0]
    assert "Pagu murni telah diubah oleh ani" in message
    assert "nilainya sekarang Rp 2.000.000" in message
    assert Pagu.objects.get(elemen=sub).pagu == 2_000_000


def test_deleted_month_rejected(ani_client, sub):
    page = load_keuangan(ani_client, sub)
    KeuanganBulanan.objects.filter(elemen=sub, bulan=5).delete()

    response = post_keuangan(ani_client, sub, page, anggaran_kas_5="250.000")

    assert response.status_code == 200
    message = response.context["form"].errors["anggaran_kas_5"][0]
    assert "isinya sekarang: kosong" in message
    assert not KeuanganBulanan.objects.filter(elemen=sub, bulan=5).exists()


def test_check_uses_stored_months(ani_client, budi_client, sub):
    # Each page alone stays within the pagu of Rp 1.000.000; together they
    # would pass it, so the second save is rejected.
    ani_page = load_keuangan(ani_client, sub)
    budi_page = load_keuangan(budi_client, sub)
    post_keuangan(ani_client, sub, ani_page, realisasi_keuangan_1="800.000")

    response = post_keuangan(
        budi_client, sub, budi_page, realisasi_keuangan_2="300.000"
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["realisasi_keuangan_2"]
    assert "berjumlah Rp 1.100.000, melebihi pagu Rp 1.000.000" in errors[0]
    assert not KeuanganBulanan.objects.filter(elemen=sub, bulan=2).exists()


def test_service_without_loaded_state(sub):
    keuangan_simpan(
        elemen=sub,
        tahun=2025,
        pagu_murni=1_000_000,
        pagu_perubahan=None,
        bulan={3: IsianBulan(anggaran_kas=350_000)},
    )

    month = _month(sub, 3)
    assert month.anggaran_kas == 350_000
    assert month.realisasi_keuangan is None
    assert _month(sub, 5).anggaran_kas == 200_000


def test_emptied_month_with_note_kept(sub):
    KeuanganBulanan.objects.filter(elemen=sub, bulan=5).update(keterangan="SP2D")

    keuangan_simpan(
        elemen=sub,
        tahun=2025,
        pagu_murni=1_000_000,
        pagu_perubahan=None,
        bulan={5: IsianBulan()},
    )

    month = _month(sub, 5)
    assert month.anggaran_kas is None
    assert month.keterangan == "SP2D"


def test_rejected_page_message(ani_client, budi_client, sub):
    ani_page = load_keuangan(ani_client, sub)
    budi_page = load_keuangan(budi_client, sub)
    post_keuangan(ani_client, sub, ani_page, anggaran_kas_3="400.000")

    response = post_keuangan(
        budi_client, sub, budi_page, realisasi_keuangan_3="150.000"
    )

    text = response.content.decode()
    assert "karena pengguna lain mengubah sub kegiatan ini" in text
    assert "isian lain tetap seperti yang diketik" not in text
