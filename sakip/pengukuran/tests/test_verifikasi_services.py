"""Accepting, returning and reopening entries; only accepted realisation
counts in official figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sakip.anggaran.models import KeuanganBulanan
from sakip.notifikasi.models import Notifikasi
from sakip.organisasi.models import Peran
from sakip.organisasi.tests.factories import PenggunaFactory
from sakip.pengukuran.models import JadwalInput, Realisasi
from sakip.pengukuran.selectors import capaian_indikator_list
from sakip.pengukuran.services import (
    IsianKeuangan,
    IsianKinerja,
    KonflikVersi,
    isian_ajukan,
    keuangan_realisasi_simpan,
    realisasi_simpan,
)
from sakip.pengukuran.verifikasi import (
    entri_buka_kunci,
    entri_kembalikan,
    entri_terima,
    entri_terima_banyak,
)
from sakip.perencanaan.models import Indikator

Status = Realisasi.Status
TAUTAN = "https://data.contoh.go.id/tw1"


def _ajukan(user, indikator, nilai="40", versi=0):
    return realisasi_simpan(
        user=user,
        indikator=indikator,
        tahun=2025,
        periode="TW1",
        versi=versi,
        isian=IsianKinerja(nilai=nilai, bukti_tautan=TAUTAN),
        ajukan=True,
    )


@pytest.fixture
def diajukan(ani, indikator_iku, jadwal_terbuka):
    return _ajukan(ani, indikator_iku)


def test_accept_locks_entry(vera, diajukan):
    entri = entri_terima(user=vera, entri=diajukan, versi=diajukan.versi)

    assert entri.status == Status.DITERIMA
    assert entri.diverifikasi_oleh == vera
    assert entri.diverifikasi_pada is not None


def test_opd_verifikator_may_accept(vino, diajukan):
    entri = entri_terima(user=vino, entri=diajukan, versi=diajukan.versi)

    assert entri.status == Status.DITERIMA


def test_admin_may_accept(admin, diajukan):
    entri = entri_terima(user=admin, entri=diajukan, versi=diajukan.versi)

    assert entri.status == Status.DITERIMA


@pytest.mark.parametrize("username", ["ani", "budi", "kadis", "evi", "bupati"])
def test_non_verifikator_denied(cast, diajukan, username):
    with pytest.raises(PermissionDenied):
        entri_terima(user=cast[username], entri=diajukan, versi=diajukan.versi)

    assert Realisasi.objects.get(pk=diajukan.pk).status == Status.DIAJUKAN


def test_verifikator_of_other_opd_denied(diajukan, opd_b):
    vika = PenggunaFactory(username="vika", peran=Peran.VERIFIKATOR, unit=opd_b)

    with pytest.raises(PermissionDenied):
        entri_terima(user=vika, entri=diajukan, versi=diajukan.versi)


def test_own_entry_cannot_be_verified(admin, indikator_iku, vera):
    entri = _ajukan(admin, indikator_iku)

    with pytest.raises(ValidationError) as error:
        entri_terima(user=admin, entri=entri, versi=entri.versi)

    assert error.value.code == "verifikasi_sendiri"
    assert "tidak dapat memverifikasinya" in error.value.messages[0]
    assert Realisasi.objects.get(pk=entri.pk).status == Status.DIAJUKAN


def test_own_entry_cannot_be_returned(admin, indikator_iku):
    entri = _ajukan(admin, indikator_iku)

    with pytest.raises(ValidationError) as error:
        entri_kembalikan(user=admin, entri=entri, versi=entri.versi, alasan="x")

    assert error.value.code == "verifikasi_sendiri"


def test_draft_cannot_be_accepted(vera, ani, indikator_iku, jadwal_terbuka):
    entri = realisasi_simpan(
        user=ani,
        indikator=indikator_iku,
        tahun=2025,
        periode="TW1",
        versi=0,
        isian=IsianKinerja(nilai="40"),
    )

    with pytest.raises(ValidationError) as error:
        entri_terima(user=vera, entri=entri, versi=entri.versi)

    assert error.value.code == "status"


def test_accept_of_changed_entry_rejected(vera, ani, diajukan):
    changed = _ajukan(ani, diajukan.indikator, nilai="45", versi=diajukan.versi)

    with pytest.raises(KonflikVersi) as error:
        entri_terima(user=vera, entri=diajukan, versi=diajukan.versi)

    assert "isinya sekarang 45,00" in error.value.messages[0]
    assert Realisasi.objects.get(pk=changed.pk).status == Status.DIAJUKAN


def test_return_requires_reason(vera, diajukan):
    with pytest.raises(ValidationError) as error:
        entri_kembalikan(user=vera, entri=diajukan, versi=diajukan.versi, alasan=" ")

    assert "alasan" in error.value.message_dict


def test_return_notifies_who_entered(vera, ani, diajukan):
    entri = entri_kembalikan(
        user=vera, entri=diajukan, versi=diajukan.versi, alasan="Bukti tidak terbaca"
    )

    notifikasi = Notifikasi.objects.get()
    assert entri.status == Status.DIKEMBALIKAN
    assert entri.alasan_dikembalikan == "Bukti tidak terbaca"
    assert notifikasi.penerima == ani
    assert "Bukti tidak terbaca" in notifikasi.pesan
    assert notifikasi.tautan.endswith("/2025/TW1/")


def test_returned_entry_corrected_and_resubmitted(vera, ani, opd_a, diajukan):
    returned = entri_kembalikan(
        user=vera, entri=diajukan, versi=diajukan.versi, alasan="Angka salah"
    )

    corrected = realisasi_simpan(
        user=ani,
        indikator=diajukan.indikator,
        tahun=2025,
        periode="TW1",
        versi=returned.versi,
        isian=IsianKinerja(nilai="42", bukti_tautan=TAUTAN),
    )
    hasil = isian_ajukan(user=ani, unit=opd_a, tahun=2025, periode="TW1")

    assert corrected.status == Status.DIKEMBALIKAN
    assert hasil.diajukan == 1
    final = Realisasi.objects.get(pk=diajukan.pk)
    assert final.status == Status.DIAJUKAN
    assert final.nilai == Decimal("42")


def test_returned_entry_correctable_after_close(vera, ani, opd_a, diajukan):
    returned = entri_kembalikan(
        user=vera, entri=diajukan, versi=diajukan.versi, alasan="Angka salah"
    )
    JadwalInput.objects.filter(periode="TW1").update(
        selesai=timezone.now() - datetime.timedelta(minutes=1)
    )

    corrected = realisasi_simpan(
        user=ani,
        indikator=diajukan.indikator,
        tahun=2025,
        periode="TW1",
        versi=returned.versi,
        isian=IsianKinerja(nilai="42", bukti_tautan=TAUTAN),
    )
    hasil = isian_ajukan(user=ani, unit=opd_a, tahun=2025, periode="TW1")

    assert corrected.nilai == Decimal("42")
    assert hasil.diajukan == 1


def test_accepted_entry_reopened_with_reason(vera, vino, ani, diajukan):
    accepted = entri_terima(user=vera, entri=diajukan, versi=diajukan.versi)

    reopened = entri_buka_kunci(
        user=vino, entri=accepted, versi=accepted.versi, alasan="Revisi data BPS"
    )

    assert reopened.status == Status.DIKEMBALIKAN
    assert reopened.alasan_dikembalikan == "Revisi data BPS"
    assert Notifikasi.objects.get().penerima == ani


def test_operator_cannot_reopen(ani, vera, diajukan):
    accepted = entri_terima(user=vera, entri=diajukan, versi=diajukan.versi)

    with pytest.raises(PermissionDenied):
        entri_buka_kunci(user=ani, entri=accepted, versi=accepted.versi, alasan="x")


def test_accept_many_reports_each(ani, admin, pk_opd, jadwal_terbuka):
    rows = [baris.indikator for pk in pk_opd.values() for baris in pk.baris.all()]
    mine = _ajukan(ani, rows[0])
    other = _ajukan(ani, rows[1])
    own = _ajukan(admin, rows[2])

    hasil = entri_terima_banyak(
        user=admin,
        pilihan=[(mine, mine.versi), (other, other.versi - 1), (own, own.versi)],
    )

    assert hasil.diterima == 1
    assert len(hasil.ditolak) == 2
    assert Realisasi.objects.get(pk=mine.pk).status == Status.DITERIMA


def test_history_shows_every_state_and_who(vera, ani, diajukan):
    returned = entri_kembalikan(
        user=vera, entri=diajukan, versi=diajukan.versi, alasan="Angka salah"
    )
    corrected = _ajukan(ani, diajukan.indikator, nilai="42", versi=returned.versi)
    entri_terima(user=vera, entri=corrected, versi=corrected.versi)

    records = Realisasi.objects.get(pk=diajukan.pk).history.order_by("history_date")
    trail = [(r.status, r.history_user.username) for r in records]

    assert trail == [
        (Status.DIAJUKAN, "ani"),
        (Status.DIKEMBALIKAN, "vera"),
        (Status.DIAJUKAN, "ani"),
        (Status.DITERIMA, "vera"),
    ]


def test_keuangan_accept_and_lock(vera, ani, opd_a, sub_kegiatan, jadwal_terbuka):
    row = KeuanganBulanan.objects.get(elemen=sub_kegiatan, bulan=1)
    keuangan_realisasi_simpan(
        user=ani,
        elemen=sub_kegiatan,
        tahun=2025,
        bulan=1,
        versi=row.versi,
        isian=IsianKeuangan(realisasi_keuangan=1000),
    )
    isian_ajukan(user=ani, unit=opd_a, tahun=2025, periode="B01")
    row = KeuanganBulanan.objects.get(elemen=sub_kegiatan, bulan=1)

    accepted = entri_terima(user=vera, entri=row, versi=row.versi)

    assert accepted.status == Status.DITERIMA
    with pytest.raises(ValidationError) as error:
        keuangan_realisasi_simpan(
            user=ani,
            elemen=sub_kegiatan,
            tahun=2025,
            bulan=1,
            versi=accepted.versi,
            isian=IsianKeuangan(realisasi_keuangan=2000),
        )
    assert error.value.code == "terkunci"


def test_official_capaian_counts_accepted_only(vera, ani, diajukan):
    indikator = Indikator.objects.filter(pk=diajukan.indikator_id)

    def realisasi(resmi):
        [hasil] = capaian_indikator_list(
            indikator=indikator, tahun=2025, periode="TW1", hanya_terverifikasi=resmi
        )
        return hasil.realisasi

    before = (realisasi(True), realisasi(False))
    entri_terima(user=vera, entri=diajukan, versi=diajukan.versi)
    after = realisasi(True)

    assert before == (None, Decimal("40"))
    assert after == Decimal("40")


def test_submitter_of_imported_value_cannot_verify(admin, opd_a, sub_kegiatan):
    KeuanganBulanan.objects.filter(elemen=sub_kegiatan, bulan=1).update(
        realisasi_keuangan=1000
    )
    isian_ajukan(user=admin, unit=opd_a, tahun=2025, periode="B01")
    row = KeuanganBulanan.objects.get(elemen=sub_kegiatan, bulan=1)

    with pytest.raises(ValidationError) as error:
        entri_terima(user=admin, entri=row, versi=row.versi)

    assert row.diisi_oleh == admin
    assert error.value.code == "verifikasi_sendiri"
