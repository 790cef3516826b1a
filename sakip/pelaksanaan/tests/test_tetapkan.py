"""Adopting a rencana aksi (ditetapkan), and what it changes in the capaian."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sakip.pelaksanaan import selectors, services
from sakip.pelaksanaan.targets import NilaiTarget
from sakip.pengukuran.selectors import capaian_indikator_list
from sakip.pengukuran.tests.factories import RealisasiFactory
from sakip.perencanaan.models import Dokumen, Indikator, RiwayatStatusDokumen
from sakip.perjanjian import services as pk_services
from sakip.perjanjian.models import Level

from .conftest import buat_ra


@pytest.fixture
def ra_opd(semua_pk, admin):
    perjanjian = semua_pk[Level.KEPALA_OPD]
    pk_services.pk_tandatangani(perjanjian=perjanjian, user=admin)
    return buat_ra(perjanjian, admin)


def _tetapkan(rencana_aksi, user, dikonfirmasi=0):
    services.rencana_aksi_tetapkan(
        rencana_aksi=rencana_aksi, user=user, peringatan_dikonfirmasi=dikonfirmasi
    )
    rencana_aksi.refresh_from_db()
    rencana_aksi.dokumen.refresh_from_db()


def _lower_tw4(rencana_aksi, user):
    baris = rencana_aksi.perjanjian.baris.select_related("indikator").get()
    row = selectors.isi_rencana_aksi(rencana_aksi).baris[0]
    services.target_triwulan_simpan(
        rencana_aksi=rencana_aksi,
        baris=baris,
        versi=row.versi,
        values={"TW4": NilaiTarget(nilai=Decimal(45))},
        user=user,
    )


def test_tetapkan_by_kepala_opd(ra_opd, kadis):
    _tetapkan(ra_opd, kadis)

    assert ra_opd.dokumen.status == Dokumen.Status.DITETAPKAN
    assert ra_opd.ditetapkan_oleh == kadis
    assert ra_opd.ditetapkan_pada is not None
    riwayat = RiwayatStatusDokumen.objects.filter(dokumen=ra_opd.dokumen).last()
    assert (riwayat.dari, riwayat.ke, riwayat.oleh) == ("draft", "ditetapkan", kadis)
    assert ra_opd.dokumen.history.first().history_user == kadis
    assert not services.can_edit(rencana_aksi=ra_opd, user=kadis)


@pytest.mark.parametrize("username", ["ani", "budi", "citra", "vera", "vino", "bupati"])
def test_tetapkan_denied(ra_opd, cast, username):
    with pytest.raises(PermissionDenied):
        _tetapkan(ra_opd, cast[username])
    assert ra_opd.dokumen.status == Dokumen.Status.DRAFT


def test_tetapkan_kepala_daerah_admin_only(semua_pk, admin, kadis):
    perjanjian = semua_pk[Level.KEPALA_DAERAH]
    pk_services.pk_tandatangani(perjanjian=perjanjian, user=admin)
    rencana_aksi = buat_ra(perjanjian, admin)

    with pytest.raises(PermissionDenied):
        _tetapkan(rencana_aksi, kadis)
    _tetapkan(rencana_aksi, admin)

    assert rencana_aksi.is_ditetapkan


def test_tetapkan_needs_signed_pk(semua_pk, admin):
    rencana_aksi = buat_ra(semua_pk[Level.KEPALA_BIDANG], admin)

    with pytest.raises(ValidationError, match="belum ditandatangani"):
        _tetapkan(rencana_aksi, admin)
    assert not services.can_adopt(rencana_aksi=rencana_aksi, user=admin)


def test_tetapkan_asks_to_confirm_warnings(ra_opd, admin):
    _lower_tw4(ra_opd, admin)

    with pytest.raises(ValidationError) as error:
        _tetapkan(ra_opd, admin)

    assert error.value.code == "perlu_konfirmasi"
    assert (
        "1 baris atau sub kegiatan masih memiliki peringatan" in error.value.messages[0]
    )
    assert ra_opd.dokumen.status == Dokumen.Status.DRAFT


def test_tetapkan_confirmed_count_must_match(ra_opd, admin):
    _lower_tw4(ra_opd, admin)

    with pytest.raises(ValidationError, match="konfirmasi"):
        _tetapkan(ra_opd, admin, dikonfirmasi=2)
    _tetapkan(ra_opd, admin, dikonfirmasi=1)

    assert ra_opd.is_ditetapkan
    riwayat = RiwayatStatusDokumen.objects.filter(dokumen=ra_opd.dokumen).last()
    assert "1 baris atau sub kegiatan berperingatan" in riwayat.alasan


def test_tetapkan_twice_rejected(ra_opd, admin):
    _tetapkan(ra_opd, admin)

    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        _tetapkan(ra_opd, admin)
    assert (
        RiwayatStatusDokumen.objects.filter(
            dokumen=ra_opd.dokumen, ke=Dokumen.Status.DITETAPKAN
        ).count()
        == 1
    )


def test_tetapkan_locks_content(ra_opd, admin):
    _tetapkan(ra_opd, admin)

    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        _lower_tw4(ra_opd, admin)


def test_capaian_uses_quarters_once_adopted(ra_opd, admin):
    """The triwulan capaian reads the rencana aksi's TW targets only once it
    is ditetapkan; the year's capaian keeps the PK's target."""
    baris = ra_opd.perjanjian.baris.get()
    indikator = Indikator.objects.filter(pk=baris.indikator_id)
    row = selectors.isi_rencana_aksi(ra_opd).baris[0]
    services.target_triwulan_simpan(
        rencana_aksi=ra_opd,
        baris=baris,
        versi=row.versi,
        values={"TW1": NilaiTarget(nilai=Decimal(20))},
        user=admin,
    )
    RealisasiFactory(indikator=baris.indikator, periode="TW1", nilai=Decimal(10))

    [before] = capaian_indikator_list(indikator=indikator, tahun=2025, periode="TW1")
    _tetapkan(ra_opd, admin, dikonfirmasi=0)
    [after] = capaian_indikator_list(indikator=indikator, tahun=2025, periode="TW1")
    [year] = capaian_indikator_list(indikator=indikator, tahun=2025)

    assert before.sumber_target != ra_opd.dokumen.kode
    assert after.sumber_target == ra_opd.dokumen.kode
    assert after.target == Decimal(20)
    assert after.capaian == Decimal(50)
    assert year.sumber_target == ra_opd.perjanjian.dokumen.kode
