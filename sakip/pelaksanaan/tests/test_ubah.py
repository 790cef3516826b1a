"""Changing a rencana aksi: quarterly targets, monthly plans and actions,
and the changes that are rejected."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sakip.pelaksanaan import selectors, services
from sakip.pelaksanaan.models import Aksi, TargetFisikBulanan
from sakip.pelaksanaan.targets import NilaiTarget
from sakip.perencanaan.models import Dokumen, Target
from sakip.perjanjian.models import Level

from .conftest import buat_ra

D = Decimal


@pytest.fixture
def ra_opd(semua_pk, ani):
    return buat_ra(semua_pk[Level.KEPALA_OPD], ani)


@pytest.fixture
def ra_pptk(semua_pk, anggaran_kas, ani):
    return buat_ra(semua_pk[Level.PPTK], ani)


def _row(rencana_aksi, baris=None):
    isi = selectors.isi_rencana_aksi(rencana_aksi, baris_id=baris.pk if baris else None)
    return isi.baris[0]


def _simpan(rencana_aksi, user, values, baris=None, versi=None):
    baris = baris or rencana_aksi.perjanjian.baris.select_related("indikator").first()
    if versi is None:
        versi = _row(rencana_aksi, baris).versi
    services.target_triwulan_simpan(
        rencana_aksi=rencana_aksi,
        baris=baris,
        versi=versi,
        values={tw: NilaiTarget(nilai=v) for tw, v in values.items()},
        user=user,
    )
    return baris


def _quarters(rencana_aksi, baris):
    return dict(
        Target.objects.filter(
            dokumen=rencana_aksi.dokumen, indikator=baris.indikator
        ).values_list("periode", "nilai")
    )


def test_simpan_triwulan(ra_opd, ani):
    baris = _simpan(ra_opd, ani, {"TW1": D(20), "TW2": D(30), "TW3": D(40)})

    assert _quarters(ra_opd, baris) == {
        "TW1": D(20),
        "TW2": D(30),
        "TW3": D(40),
        "TW4": D(50),
    }
    target = Target.objects.get(dokumen=ra_opd.dokumen, periode="TW1")
    assert target.history.first().history_user == ani


def test_simpan_empty_removes(ra_opd, budi):
    baris = _simpan(ra_opd, budi, {"TW1": None})

    assert set(_quarters(ra_opd, baris)) == {"TW2", "TW3", "TW4"}
    assert "Target TW I belum diisi." in _row(ra_opd).peringatan


def test_simpan_keeps_warning_not_blocking(ra_opd, ani):
    _simpan(ra_opd, ani, {"TW4": D(45)})

    row = _row(ra_opd)
    assert row.peringatan == [
        "Target TW IV (45) belum sama dengan target tahunan PK (50)."
    ]
    assert selectors.isi_rencana_aksi(ra_opd).jumlah_peringatan == 1


def test_simpan_stale_version_rejected(ra_opd, ani, budi):
    versi = _row(ra_opd).versi
    _simpan(ra_opd, ani, {"TW1": D(10)}, versi=versi)

    with pytest.raises(ValidationError, match="telah diubah oleh orang lain"):
        _simpan(ra_opd, budi, {"TW1": D(15)}, versi=versi)
    assert _quarters(ra_opd, ra_opd.perjanjian.baris.get())["TW1"] == D(10)


def test_simpan_wrong_kind_rejected(ra_opd, ani):
    baris = ra_opd.perjanjian.baris.select_related("indikator").get()

    with pytest.raises(ValidationError) as error:
        services.target_triwulan_simpan(
            rencana_aksi=ra_opd,
            baris=baris,
            versi=_row(ra_opd).versi,
            values={"TW2": NilaiTarget(batas_bawah=D(1), batas_atas=D(2))},
            user=ani,
        )

    assert error.value.message_dict["TW2"] == [
        "Triwulan II: Batas bawah dan atas hanya untuk indikator rentang."
    ]
    assert _quarters(ra_opd, baris)["TW2"] == D(50)


def test_simpan_too_many_decimals_rejected(ra_opd, ani):
    with pytest.raises(ValidationError, match="4 angka di belakang koma"):
        _simpan(ra_opd, ani, {"TW1": D("1.23456")})


def test_simpan_unknown_period_rejected(ra_opd, ani):
    with pytest.raises(ValidationError, match="bukan triwulan"):
        _simpan(ra_opd, ani, {"tahunan": D(1)})


def test_simpan_row_of_other_pk_rejected(semua_pk, ra_opd, ani):
    lain = semua_pk[Level.KEPALA_BIDANG].baris.select_related("indikator").first()

    with pytest.raises(ValidationError, match="bukan bagian"):
        _simpan(
            ra_opd, ani, {"TW1": D(1)}, baris=lain, versi=selectors.versi_triwulan([])
        )


@pytest.mark.parametrize("username", ["citra", "kadis", "vino", "vera", "bupati"])
def test_simpan_denied(ra_opd, cast, username):
    with pytest.raises(PermissionDenied):
        _simpan(ra_opd, cast[username], {"TW1": D(1)})


def test_simpan_after_ditetapkan_rejected(ra_opd, ani):
    Dokumen.objects.filter(pk=ra_opd.dokumen_id).update(
        status=Dokumen.Status.DITETAPKAN
    )
    versi = _row(ra_opd).versi

    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        _simpan(ra_opd, ani, {"TW1": D(1)}, versi=versi)
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        Target.objects.filter(dokumen=ra_opd.dokumen).first().save()


def test_simpan_diajukan_rejected(ra_opd, ani):
    Dokumen.objects.filter(pk=ra_opd.dokumen_id).update(status=Dokumen.Status.DIAJUKAN)

    with pytest.raises(ValidationError, match="sudah diajukan"):
        _simpan(ra_opd, ani, {"TW1": D(1)})


def _fisik(rencana_aksi, elemen):
    return selectors.isi_rencana_aksi(rencana_aksi, elemen_id=elemen.pk).fisik[0]


def _simpan_fisik(rencana_aksi, elemen, user, values, versi=None):
    services.target_fisik_simpan(
        rencana_aksi=rencana_aksi,
        elemen_id=elemen.pk,
        versi=_fisik(rencana_aksi, elemen).versi if versi is None else versi,
        values=values,
        user=user,
    )


def _plan(rencana_aksi, elemen):
    return dict(
        TargetFisikBulanan.objects.filter(
            rencana_aksi=rencana_aksi, elemen=elemen
        ).values_list("bulan", "nilai")
    )


def test_simpan_fisik(ra_pptk, anggaran_kas, ani):
    elemen = anggaran_kas[0]

    _simpan_fisik(ra_pptk, elemen, ani, {1: D(5), 2: D("12.5"), 11: None})

    plan = _plan(ra_pptk, elemen)
    assert plan[1] == D(5)
    assert plan[2] == D("12.5")
    assert 11 not in plan
    assert plan[12] == D(100)
    assert _fisik(ra_pptk, elemen).peringatan == ["Target fisik November belum diisi."]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({3: D(5)}, "bulan_3", "lebih rendah dari Februari"),
        ({12: D(101)}, "bulan_12", "harus antara 0 dan 100 %"),
        ({1: D(-1)}, "bulan_1", "harus antara 0 dan 100 %"),
        ({1: D("1.005")}, "bulan_1", "2 angka di belakang koma"),
    ],
)
def test_simpan_fisik_rejected(ra_pptk, anggaran_kas, ani, values, field, message):
    elemen = anggaran_kas[0]
    before = _plan(ra_pptk, elemen)

    with pytest.raises(ValidationError) as error:
        _simpan_fisik(ra_pptk, elemen, ani, values)

    assert message in " ".join(error.value.message_dict[field])
    assert _plan(ra_pptk, elemen) == before


def test_simpan_fisik_checks_whole_plan(ra_pptk, anggaran_kas, ani):
    """Lowering June below May's stored value is rejected though May is not sent."""
    elemen = anggaran_kas[0]

    with pytest.raises(ValidationError, match="lebih rendah dari Mei"):
        _simpan_fisik(ra_pptk, elemen, ani, {6: D(1)})


def test_simpan_fisik_december_warning(ra_pptk, anggaran_kas, ani):
    elemen = anggaran_kas[0]

    _simpan_fisik(ra_pptk, elemen, ani, {12: D(95)})

    assert _fisik(ra_pptk, elemen).peringatan == [
        "Target fisik Desember 95 %, belum 100 %: pekerjaan sub kegiatan ini "
        "direncanakan belum selesai pada akhir tahun."
    ]


def test_simpan_fisik_other_elemen_rejected(ra_pptk, ra_opd, anggaran_kas, ani):
    with pytest.raises(ValidationError, match="tidak termasuk"):
        _simpan_fisik(ra_opd, anggaran_kas[0], ani, {1: D(1)}, versi="")


def test_simpan_fisik_stale_version(ra_pptk, anggaran_kas, ani, budi):
    elemen = anggaran_kas[0]
    versi = _fisik(ra_pptk, elemen).versi
    _simpan_fisik(ra_pptk, elemen, ani, {1: D(1)}, versi=versi)

    with pytest.raises(ValidationError, match="telah diubah"):
        _simpan_fisik(ra_pptk, elemen, budi, {1: D(2)}, versi=versi)


def test_simpan_fisik_denied_other_opd(ra_pptk, anggaran_kas, citra):
    with pytest.raises(PermissionDenied):
        _simpan_fisik(ra_pptk, anggaran_kas[0], citra, {1: D(1)})


def test_fisik_model_guard_after_ditetapkan(ra_pptk):
    Dokumen.objects.filter(pk=ra_pptk.dokumen_id).update(
        status=Dokumen.Status.DITETAPKAN
    )
    row = TargetFisikBulanan.objects.filter(rencana_aksi=ra_pptk).first()

    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        row.save()
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        row.delete()


def _tambah(rencana_aksi, user, **changes):
    values = {
        "baris": rencana_aksi.perjanjian.baris.first(),
        "periode": "TW1",
        "uraian": "Menyusun rencana kerja",
        "unit_pj": rencana_aksi.perjanjian.unit,
        **changes,
    }
    return services.aksi_tambah(rencana_aksi=rencana_aksi, user=user, **values)


def test_aksi_tambah_ubah_hapus(ra_opd, ani, budi, bidang_a):
    aksi = _tambah(ra_opd, ani, uraian="  Rapat koordinasi  ")

    assert aksi.uraian == "Rapat koordinasi"
    assert aksi.history.get().history_user == ani

    aksi = services.aksi_ubah(
        aksi=aksi,
        versi=selectors.versi_aksi(aksi),
        periode="B05",
        uraian="Monitoring lapangan",
        unit_pj=bidang_a,
        user=budi,
    )
    aksi.refresh_from_db()
    assert (aksi.periode, aksi.uraian, aksi.unit_pj) == (
        "B05",
        "Monitoring lapangan",
        bidang_a,
    )

    services.aksi_hapus(aksi=aksi, versi=selectors.versi_aksi(aksi), user=ani)
    assert not Aksi.objects.exists()
    assert Aksi.history.filter(history_type="-").count() == 1


def test_aksi_sorted_by_period(ra_opd, ani):
    for periode in ["TW2", "B01", "TW1", "B03", "B04"]:
        _tambah(ra_opd, ani, periode=periode)

    periods = [a.periode for a in _row(ra_opd).aksi]

    assert periods == ["B01", "B03", "TW1", "B04", "TW2"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"uraian": "   "}, "uraian"),
        ({"uraian": "x" * 4001}, "uraian"),
        ({"periode": "tahunan"}, "periode"),
        ({"unit_pj": None}, "unit_pj"),
    ],
)
def test_aksi_invalid(ra_opd, ani, changes, field):
    with pytest.raises(ValidationError) as error:
        _tambah(ra_opd, ani, **changes)

    assert field in error.value.message_dict
    assert not Aksi.objects.exists()


def test_aksi_unit_of_other_opd_rejected(ra_opd, ani, opd_b):
    with pytest.raises(ValidationError, match="bukan unit di Dinas A"):
        _tambah(ra_opd, ani, unit_pj=opd_b)


def test_aksi_kepala_daerah_any_opd(semua_pk, admin, opd_b):
    rencana_aksi = buat_ra(semua_pk[Level.KEPALA_DAERAH], admin)

    aksi = _tambah(rencana_aksi, admin, unit_pj=opd_b)

    assert aksi.unit_pj == opd_b


def test_aksi_denied_other_opd(ra_opd, citra):
    with pytest.raises(PermissionDenied):
        _tambah(ra_opd, citra)


def test_aksi_stale_version(ra_opd, ani, budi):
    aksi = _tambah(ra_opd, ani)
    versi = selectors.versi_aksi(aksi)
    services.aksi_ubah(
        aksi=aksi,
        versi=versi,
        periode="TW2",
        uraian="A",
        unit_pj=aksi.unit_pj,
        user=ani,
    )

    with pytest.raises(ValidationError, match="telah diubah"):
        services.aksi_hapus(aksi=aksi, versi=versi, user=budi)
    assert Aksi.objects.count() == 1


def test_aksi_after_ditetapkan_rejected(ra_opd, ani):
    aksi = _tambah(ra_opd, ani)
    Dokumen.objects.filter(pk=ra_opd.dokumen_id).update(
        status=Dokumen.Status.DITETAPKAN
    )

    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        _tambah(ra_opd, ani)
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        services.aksi_hapus(aksi=aksi, versi=selectors.versi_aksi(aksi), user=ani)
    assert Aksi.objects.count() == 1
