from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sakip.perencanaan.models import Dokumen, Elemen, Target
from sakip.perjanjian import services
from sakip.perjanjian.models import BarisPK, Level, PenugasanJabatan
from sakip.perjanjian.selectors import perbedaan_target
from sakip.tahunan.services import renja_buat_dari_renstra, rkpd_susun

from .conftest import TANGGAL


def _buat(level, unit, user):
    return services.pk_buat_dari_sumber(
        level=level, unit=unit, tahun=2025, user=user, tanggal=TANGGAL
    )


@pytest.fixture
def semua_pk(tahunan, jabatan, admin, pemda, opd_a, bidang_a):
    return {
        level: _buat(level, unit, admin)
        for level, unit in (
            (Level.KEPALA_DAERAH, pemda),
            (Level.KEPALA_OPD, opd_a),
            (Level.KEPALA_BIDANG, bidang_a),
            (Level.PPTK, bidang_a),
        )
    }


def test_buat_kepala_opd_copies_targets(tahunan, jabatan, ani, opd_a):
    pk = _buat(Level.KEPALA_OPD, opd_a, ani)

    [baris] = pk.baris.all()
    assert pk.sumber == tahunan["renja"]
    assert pk.dokumen.jenis == Dokumen.Jenis.PK
    assert baris.indikator.elemen.dokumen == tahunan["renja"]
    assert baris.target.dokumen == pk.dokumen
    assert baris.target.nilai == Decimal("50")
    assert baris.target_sumber.dokumen == tahunan["renja"]
    assert pk.pihak_pertama_nama == "Andi"
    assert pk.pihak_pertama_nip == "197001012000031001"
    assert pk.pihak_kedua_nama == "Bupati"
    assert pk.pihak_kedua_nama_jabatan == "Bupati Contoh"


def test_buat_rows_per_level(semua_pk):
    counts = {level: pk.baris.count() for level, pk in semua_pk.items()}

    assert counts == {
        Level.KEPALA_DAERAH: 1,
        Level.KEPALA_OPD: 1,
        Level.KEPALA_BIDANG: 2,
        Level.PPTK: 6,
    }
    assert semua_pk[Level.KEPALA_DAERAH].pihak_kedua_nama == ""


def test_buat_links_tree(semua_pk):
    daerah = semua_pk[Level.KEPALA_DAERAH].baris.get()
    opd = semua_pk[Level.KEPALA_OPD].baris.get()
    bidang = list(semua_pk[Level.KEPALA_BIDANG].baris.all())
    pptk = list(semua_pk[Level.PPTK].baris.select_related("mendukung"))

    assert daerah.mendukung is None
    assert opd.mendukung == daerah
    assert [b.mendukung for b in bidang] == [opd, opd]
    assert {b.mendukung for b in pptk} == set(bidang)
    for baris in pptk:
        program = baris.indikator.elemen
        while program.jenis != Elemen.Jenis.PROGRAM:
            program = program.induk
        assert baris.mendukung.indikator.elemen == program


def test_buat_without_superior_pk(tahunan, jabatan, admin, opd_a):
    pk = _buat(Level.KEPALA_OPD, opd_a, admin)

    assert pk.baris.get().mendukung is None


def test_buat_twice_rejected(tahunan, jabatan, admin, opd_a):
    _buat(Level.KEPALA_OPD, opd_a, admin)

    with pytest.raises(ValidationError, match="sudah memiliki PK"):
        _buat(Level.KEPALA_OPD, opd_a, admin)


@pytest.mark.parametrize("username", ["citra", "kadis", "vera", "bupati"])
def test_buat_denied(tahunan, jabatan, cast, opd_a, username):
    with pytest.raises(PermissionDenied):
        _buat(Level.KEPALA_OPD, opd_a, cast[username])


def test_buat_without_official_rejected(tahunan, jabatan, admin, opd_a):
    PenugasanJabatan.objects.filter(jabatan=jabatan["kadis"]).delete()

    with pytest.raises(ValidationError, match="Tidak ada pejabat"):
        _buat(Level.KEPALA_OPD, opd_a, admin)


def test_buat_names_plt(tahunan, jabatan, admin, opd_a):
    penugasan = PenugasanJabatan.objects.get(jabatan=jabatan["kadis"])
    penugasan.selesai = TANGGAL.replace(day=1)
    penugasan.save()
    PenugasanJabatan.objects.create(
        jabatan=jabatan["kadis"], nama="Dodi", jenis="plt", mulai=TANGGAL
    )

    pk = _buat(Level.KEPALA_OPD, opd_a, admin)

    assert pk.pihak_pertama_nama == "Dodi"
    assert pk.pihak_pertama_nama_jabatan == "Plt. Kepala Dinas A"


def test_ubah_target_requires_reason(semua_pk, ani):
    baris = semua_pk[Level.KEPALA_OPD].baris.get()

    with pytest.raises(ValidationError, match="alasannya wajib"):
        services.pk_ubah_target(baris=baris, nilai=Decimal("55"), alasan="", user=ani)

    services.pk_ubah_target(
        baris=baris, nilai=Decimal("55"), alasan="Kapasitas naik", user=ani
    )
    baris.refresh_from_db()
    assert baris.target.nilai == Decimal("55")
    assert baris.alasan_perubahan_target == "Kapasitas naik"


def test_ubah_target_denied_other_opd(semua_pk, citra):
    baris = semua_pk[Level.KEPALA_OPD].baris.get()

    with pytest.raises(PermissionDenied):
        services.pk_ubah_target(baris=baris, nilai=Decimal("50"), alasan="", user=citra)


def test_tandatangani_by_kepala_opd(semua_pk, kadis):
    pk = semua_pk[Level.KEPALA_BIDANG]

    services.pk_tandatangani(perjanjian=pk, user=kadis)

    pk.refresh_from_db()
    assert pk.is_ditandatangani
    assert pk.ditandatangani_oleh == kadis
    assert pk.dokumen.status == Dokumen.Status.DITETAPKAN


@pytest.mark.parametrize("username", ["ani", "vera", "bupati", "citra"])
def test_tandatangani_denied(semua_pk, cast, username):
    with pytest.raises(PermissionDenied):
        services.pk_tandatangani(
            perjanjian=semua_pk[Level.KEPALA_OPD], user=cast[username]
        )


def test_tandatangani_kepala_daerah_admin_only(semua_pk, kadis, admin):
    pk = semua_pk[Level.KEPALA_DAERAH]

    with pytest.raises(PermissionDenied):
        services.pk_tandatangani(perjanjian=pk, user=kadis)
    services.pk_tandatangani(perjanjian=pk, user=admin)


def test_tandatangani_twice_rejected(semua_pk, admin, kadis):
    pk = semua_pk[Level.KEPALA_OPD]
    services.pk_tandatangani(perjanjian=pk, user=admin)

    with pytest.raises(ValidationError, match="sudah ditandatangani"):
        services.pk_tandatangani(perjanjian=pk, user=kadis)
    pk.refresh_from_db()
    assert pk.ditandatangani_oleh == admin


def test_ubah_after_signing_rejected(semua_pk, admin):
    pk = semua_pk[Level.KEPALA_OPD]
    services.pk_tandatangani(perjanjian=pk, user=admin)
    baris = pk.baris.get()

    with pytest.raises(ValidationError, match="sudah ditandatangani"):
        services.pk_ubah_target(baris=baris, nilai=Decimal("50"), alasan="", user=admin)
    with pytest.raises(ValidationError):
        target = Target.objects.get(pk=baris.target_id)
        target.nilai = Decimal("1")
        target.save()


def test_perubahan_copies_and_lists_differences(semua_pk, admin, ani):
    pk = semua_pk[Level.KEPALA_BIDANG]
    services.pk_tandatangani(perjanjian=pk, user=admin)

    with pytest.raises(ValidationError, match="Alasan perubahan wajib"):
        services.pk_buat_perubahan(perjanjian=pk, alasan=" ", user=ani)
    baru = services.pk_buat_perubahan(perjanjian=pk, alasan="APBD-P", user=ani)
    first = baru.baris.first()
    services.pk_ubah_target(
        baris=first, nilai=Decimal("12"), alasan="Pagu bertambah", user=ani
    )

    assert baru.dokumen.versi_sebelumnya == pk.dokumen
    assert baru.dokumen.versi == "perubahan"
    assert baru.status == baru.Status.DRAFT
    assert baru.baris.count() == pk.baris.count()
    assert first.asal.perjanjian == pk
    assert first.mendukung == first.asal.mendukung
    [beda] = perbedaan_target(perjanjian=baru)
    assert (beda.sebelum.nilai, beda.sesudah.nilai) == (Decimal("10"), Decimal("12"))
    assert beda.alasan == "Pagu bertambah"
    assert BarisPK.objects.filter(perjanjian=pk).count() == 2
    with pytest.raises(ValidationError, match="sudah memiliki versi"):
        services.pk_buat_perubahan(perjanjian=pk, alasan="lagi", user=ani)


def test_perubahan_of_draft_rejected(semua_pk, ani):
    with pytest.raises(ValidationError, match="belum ditandatangani"):
        services.pk_buat_perubahan(
            perjanjian=semua_pk[Level.KEPALA_OPD], alasan="x", user=ani
        )


def test_perubahan_names_new_official(semua_pk, jabatan, admin):
    pk = semua_pk[Level.KEPALA_OPD]
    services.pk_tandatangani(perjanjian=pk, user=admin)
    penugasan = PenugasanJabatan.objects.get(jabatan=jabatan["kadis"])
    penugasan.selesai = TANGGAL.replace(month=6, day=30)
    penugasan.save()
    PenugasanJabatan.objects.create(
        jabatan=jabatan["kadis"],
        nama="Eko",
        nip="197501012000031005",
        mulai=TANGGAL.replace(month=7, day=1),
    )

    baru = services.pk_buat_perubahan(
        perjanjian=pk,
        alasan="Mutasi pejabat",
        user=admin,
        tanggal=TANGGAL.replace(month=7, day=1),
    )

    pk.refresh_from_db()
    assert baru.pihak_pertama_nama == "Eko"
    assert baru.pihak_pertama_nip == "197501012000031005"
    assert baru.tanggal == TANGGAL.replace(month=7, day=1)
    assert pk.pihak_pertama_nama == "Andi"


def test_buat_links_through_tujuan(rencana, jabatan, admin, pemda, opd_a):
    # The Renstra links at tujuan, as the Pringsewu plans do.
    renstra = rencana["renstra_a"]
    sasaran_a = rencana["sasaran_a"]
    tujuan = Elemen.objects.create(
        kode="TUJ-A", dokumen=renstra, jenis=Elemen.Jenis.TUJUAN, uraian="Tujuan A"
    )
    sasaran_a.induk = tujuan
    sasaran_a.save()
    sasaran_a.tautan_keluar.update(dari=tujuan)
    rencana["indikator_a"].iku = True
    rencana["indikator_a"].save()
    renja_buat_dari_renstra(renstra=renstra, tahun=2025, user=admin)
    rkpd_susun(tahun=2025, user=admin)

    daerah = _buat(Level.KEPALA_DAERAH, pemda, admin)
    opd = _buat(Level.KEPALA_OPD, opd_a, admin)

    assert opd.baris.get().mendukung == daerah.baris.get()
