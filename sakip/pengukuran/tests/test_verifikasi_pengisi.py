"""No one verifies an entry whose values they entered, even when someone else
saved or submitted it after them."""

import pytest
from django.core.exceptions import ValidationError

from sakip.anggaran.models import KeuanganBulanan
from sakip.anggaran.tests.halaman import post_keuangan
from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.services import (
    IsianKeuangan,
    IsianKinerja,
    isian_ajukan,
    keuangan_realisasi_simpan,
    realisasi_simpan,
)
from sakip.pengukuran.verifikasi import entri_kembalikan, entri_terima

Status = Realisasi.Status
TAUTAN = "https://data.contoh.go.id/tw1"
TAUTAN_BARU = "https://data.contoh.go.id/tw1-perbaikan"


def simpan(user, indikator, *, nilai="40", keterangan="", tautan=TAUTAN, ajukan=False):
    current = Realisasi.objects.filter(
        indikator=indikator, tahun=2025, periode="TW1"
    ).first()
    return realisasi_simpan(
        user=user,
        indikator=indikator,
        tahun=2025,
        periode="TW1",
        versi=0 if current is None else current.versi,
        isian=IsianKinerja(nilai=nilai, keterangan=keterangan, bukti_tautan=tautan),
        ajukan=ajukan,
    )


def assert_own(action):
    with pytest.raises(ValidationError) as error:
        action()
    assert error.value.code == "verifikasi_sendiri"


def test_note_edit_keeps_author(admin, ani, indikator_iku, jadwal_terbuka):
    simpan(admin, indikator_iku, nilai="100")
    entri = simpan(ani, indikator_iku, nilai="100", keterangan="cek", ajukan=True)

    assert entri.diisi_oleh == ani
    assert_own(lambda: entri_terima(user=admin, entri=entri, versi=entri.versi))
    assert_own(
        lambda: entri_kembalikan(user=admin, entri=entri, versi=entri.versi, alasan="x")
    )
    assert Realisasi.objects.get(pk=entri.pk).status == Status.DIAJUKAN


def test_overwritten_value_still_own(admin, ani, indikator_iku, jadwal_terbuka):
    simpan(admin, indikator_iku, nilai="100")
    entri = simpan(ani, indikator_iku, nilai="90", ajukan=True)

    assert_own(lambda: entri_terima(user=admin, entri=entri, versi=entri.versi))


def test_value_kept_after_return(admin, ani, vera, indikator_iku, jadwal_terbuka):
    entri = simpan(admin, indikator_iku, nilai="100", ajukan=True)
    entri = entri_kembalikan(user=vera, entri=entri, versi=entri.versi, alasan="x")
    entri = simpan(ani, indikator_iku, nilai="100", keterangan="cek", ajukan=True)

    assert_own(lambda: entri_terima(user=admin, entri=entri, versi=entri.versi))


def test_evidence_kept_after_return(admin, ani, vera, indikator_iku, jadwal_terbuka):
    entri = simpan(admin, indikator_iku, nilai="100", ajukan=True)
    entri = entri_kembalikan(user=vera, entri=entri, versi=entri.versi, alasan="x")
    entri = simpan(ani, indikator_iku, nilai="90", ajukan=True)

    assert_own(lambda: entri_terima(user=admin, entri=entri, versi=entri.versi))


def test_value_replaced_after_return(admin, ani, vera, indikator_iku, jadwal_terbuka):
    entri = simpan(admin, indikator_iku, nilai="100", ajukan=True)
    entri = entri_kembalikan(user=vera, entri=entri, versi=entri.versi, alasan="x")
    entri = simpan(ani, indikator_iku, nilai="90", tautan=TAUTAN_BARU, ajukan=True)

    accepted = entri_terima(user=admin, entri=entri, versi=entri.versi)

    assert accepted.status == Status.DITERIMA


def test_keuangan_note_edit_keeps_author(
    admin, ani, opd_a, sub_kegiatan, jadwal_terbuka
):
    def simpan_bulan(user, keterangan):
        row = KeuanganBulanan.objects.get(elemen=sub_kegiatan, bulan=1)
        keuangan_realisasi_simpan(
            user=user,
            elemen=sub_kegiatan,
            tahun=2025,
            bulan=1,
            versi=row.versi,
            isian=IsianKeuangan(realisasi_keuangan=1000, keterangan=keterangan),
        )

    simpan_bulan(admin, "")
    simpan_bulan(ani, "cek")
    isian_ajukan(user=ani, unit=opd_a, tahun=2025, periode="B01")
    row = KeuanganBulanan.objects.get(elemen=sub_kegiatan, bulan=1)

    assert row.status == Status.DIAJUKAN
    assert row.diisi_oleh == ani
    assert_own(lambda: entri_terima(user=admin, entri=row, versi=row.versi))


def test_keuangan_from_anggaran_page_own(
    client, admin, ani, opd_a, sub_kegiatan, jadwal_terbuka
):
    client.force_login(admin)
    response = post_keuangan(client, sub_kegiatan, realisasi_keuangan_1="1000")
    assert response.status_code in (200, 302)
    isian_ajukan(user=ani, unit=opd_a, tahun=2025, periode="B01")
    row = KeuanganBulanan.objects.get(elemen=sub_kegiatan, bulan=1)

    assert row.realisasi_keuangan == 1000
    assert row.diisi_oleh == ani
    assert_own(lambda: entri_terima(user=admin, entri=row, versi=row.versi))
