"""The editing services: elemen, indikator, targets and the cascade's links."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sakip.organisasi.models import Unit
from sakip.organisasi.tests.factories import UnitFactory
from sakip.pengukuran.models import Realisasi
from sakip.perencanaan import editing
from sakip.perencanaan.editing import NilaiTarget, row_version, target_version
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Target, TautanElemen
from sakip.perencanaan.tests.factories import (
    DokumenFactory,
    ElemenFactory,
    IndikatorFactory,
)
from sakip.referensi.models import NilaiSkala, Nomenklatur, NomenklaturVersi, Skala

J = Elemen.Jenis
DENIED = ["citra", "kadis", "vera", "vino", "evi", "bupati"]


@pytest.fixture
def nomenklatur(db):
    """Two versions: 2021 (with the Penunjang codes as X.XX) and 2026."""
    old = NomenklaturVersi.objects.create(nama="2020", berlaku_mulai=2021)
    new = NomenklaturVersi.objects.create(nama="2025", berlaku_mulai=2026)
    rows = [
        ("1.02", "bidang_urusan", "Kesehatan"),
        ("1.02.02", "program", "Program Pemenuhan Upaya Kesehatan"),
        ("1.02.02.2.01", "kegiatan", "Penyediaan Fasilitas Kesehatan"),
        ("1.02.02.2.01.0001", "sub_kegiatan", "Pembangunan Rumah Sakit"),
        ("1.02.03", "program", "Program Sumber Daya Manusia Kesehatan"),
        ("2.07.02", "program", "Program Pengembangan Industri"),
        ("X.XX.01", "program", "Program Penunjang Urusan Pemerintahan Daerah"),
        ("X.XX.01.2.01", "kegiatan", "Perencanaan, Penganggaran dan Evaluasi"),
    ]
    for versi in (old, new):
        Nomenklatur.objects.bulk_create(
            [Nomenklatur(versi=versi, kode=k, tingkat=t, nama=n) for k, t, n in rows]
        )
    Nomenklatur.objects.create(
        versi=new, kode="1.02.04", tingkat="program", nama="Program baru 2026"
    )
    return old, new


@pytest.fixture
def renstra(rencana):
    return rencana["renstra_a"]


def _set_status(dokumen, status):
    Dokumen.objects.filter(pk=dokumen.pk).update(status=status)
    dokumen.refresh_from_db()


# Elemen.


@pytest.mark.parametrize("username", ["ani", "budi", "admin"])
def test_elemen_create_by_editor(cast, renstra, username):
    elemen = editing.elemen_create(
        user=cast[username], dokumen=renstra, jenis=J.TUJUAN, uraian=" Tujuan baru "
    )

    assert elemen.uraian == "Tujuan baru"
    assert elemen.kode.startswith("RENSTRA-A-TUJ")
    assert elemen.history.first().history_user == cast[username]


@pytest.mark.parametrize("username", DENIED)
def test_elemen_create_denied(cast, renstra, username):
    with pytest.raises(PermissionDenied):
        editing.elemen_create(
            user=cast[username], dokumen=renstra, jenis=J.TUJUAN, uraian="X"
        )

    assert not Elemen.objects.filter(dokumen=renstra, jenis=J.TUJUAN).exists()


@pytest.mark.parametrize("status", ["diajukan", "ditetapkan"])
def test_elemen_create_frozen_document(ani, renstra, status):
    _set_status(renstra, status)

    with pytest.raises(ValidationError) as error:
        editing.elemen_create(user=ani, dokumen=renstra, jenis=J.TUJUAN, uraian="X")

    assert error.value.code == f"dokumen_{status}"


def test_elemen_create_kind_not_in_document(ani, renstra):
    with pytest.raises(ValidationError) as error:
        editing.elemen_create(user=ani, dokumen=renstra, jenis=J.VISI, uraian="V")

    assert "jenis" in error.value.message_dict


def test_elemen_create_requires_uraian(ani, renstra):
    with pytest.raises(ValidationError) as error:
        editing.elemen_create(user=ani, dokumen=renstra, jenis=J.TUJUAN, uraian="  ")

    assert error.value.message_dict["uraian"] == ["Uraian wajib diisi."]


def test_elemen_create_parent_level(ani, rencana):
    sasaran = rencana["sasaran_a"]

    with pytest.raises(ValidationError) as error:
        editing.elemen_create(
            user=ani, dokumen=sasaran.dokumen, jenis=J.TUJUAN, uraian="T", induk=sasaran
        )

    assert "induk" in error.value.message_dict


def test_allowed_jenis_per_document(rencana):
    renja = DokumenFactory(jenis=Dokumen.Jenis.RENJA, tahun_akhir=None)

    assert editing.allowed_jenis(dokumen=rencana["rpjmd"], induk=None)[0] == J.VISI
    assert editing.allowed_jenis(dokumen=rencana["renstra_a"], induk=None) == [
        J.TUJUAN,
        J.SASARAN,
        J.PROGRAM,
        J.KEGIATAN,
        J.SUB_KEGIATAN,
    ]
    assert editing.allowed_jenis(dokumen=renja, induk=None)[0] == J.SASARAN
    assert editing.allowed_jenis(
        dokumen=rencana["renstra_a"], induk=rencana["sasaran_a"]
    ) == [J.PROGRAM, J.KEGIATAN, J.SUB_KEGIATAN]


def test_elemen_update_changes_uraian(ani, rencana):
    sasaran = rencana["sasaran_a"]

    editing.elemen_update(
        user=ani, elemen=sasaran, versi=row_version(sasaran), uraian="Baru"
    )

    sasaran.refresh_from_db()
    assert sasaran.uraian == "Baru"


def test_elemen_update_second_save_rejected(ani, budi, rencana):
    sasaran = rencana["sasaran_a"]
    versi = row_version(sasaran)
    editing.elemen_update(user=ani, elemen=sasaran, versi=versi, uraian="Pertama")

    with pytest.raises(ValidationError) as error:
        editing.elemen_update(user=budi, elemen=sasaran, versi=versi, uraian="Kedua")

    assert error.value.code == "versi_berubah"
    sasaran.refresh_from_db()
    assert sasaran.uraian == "Pertama"


def test_elemen_update_cycle_rejected(ani, renstra):
    program = ElemenFactory(dokumen=renstra, jenis=J.PROGRAM)
    kegiatan = ElemenFactory(dokumen=renstra, jenis=J.KEGIATAN, induk=program)

    with pytest.raises(ValidationError) as error:
        editing.elemen_update(
            user=ani,
            elemen=program,
            versi=row_version(program),
            uraian=program.uraian,
            induk=kegiatan,
        )

    assert error.value.error_dict["induk"][0].code == "siklus"


def test_elemen_update_self_parent_rejected(ani, rencana):
    sasaran = rencana["sasaran_a"]

    with pytest.raises(ValidationError) as error:
        editing.elemen_update(
            user=ani,
            elemen=sasaran,
            versi=row_version(sasaran),
            uraian="S",
            induk=sasaran,
        )

    assert error.value.error_dict["induk"][0].code == "siklus"


def test_elemen_update_denied_other_opd(citra, rencana):
    sasaran = rencana["sasaran_a"]

    with pytest.raises(PermissionDenied):
        editing.elemen_update(
            user=citra, elemen=sasaran, versi=row_version(sasaran), uraian="X"
        )


def test_elemen_delete_leaf(ani, renstra):
    elemen = ElemenFactory(dokumen=renstra, jenis=J.TUJUAN)

    editing.elemen_delete(user=ani, elemen=elemen, versi=row_version(elemen))

    assert not Elemen.objects.filter(pk=elemen.pk).exists()


def test_elemen_delete_with_children_rejected(ani, renstra):
    tujuan = ElemenFactory(dokumen=renstra, jenis=J.TUJUAN)
    ElemenFactory(dokumen=renstra, induk=tujuan)

    with pytest.raises(ValidationError) as error:
        editing.elemen_delete(user=ani, elemen=tujuan, versi=row_version(tujuan))

    assert error.value.code == "punya_anak"


def test_elemen_delete_supported_rejected(admin, rencana):
    sasaran = rencana["sasaran"]

    with pytest.raises(ValidationError) as error:
        editing.elemen_delete(user=admin, elemen=sasaran, versi=row_version(sasaran))

    assert error.value.code == "didukung"


def test_elemen_delete_with_realisasi_rejected(ani, rencana):
    sasaran = rencana["sasaran_a"]
    TautanElemen.objects.filter(dari=sasaran).delete()

    with pytest.raises(ValidationError) as error:
        editing.elemen_delete(user=ani, elemen=sasaran, versi=row_version(sasaran))

    assert error.value.code == "punya_realisasi"
    assert Realisasi.objects.filter(indikator=rencana["indikator_a"]).exists()


@pytest.mark.parametrize("username", DENIED)
def test_elemen_delete_denied(cast, renstra, username):
    elemen = ElemenFactory(dokumen=renstra, jenis=J.TUJUAN)

    with pytest.raises(PermissionDenied):
        editing.elemen_delete(
            user=cast[username], elemen=elemen, versi=row_version(elemen)
        )


# Nomenklatur.


def _program(user, renstra, kode, induk=None):
    return editing.elemen_create(
        user=user,
        dokumen=renstra,
        jenis=J.PROGRAM,
        uraian="Program",
        nomenklatur=kode,
        induk=induk,
    )


def test_nomenklatur_code_accepted(ani, renstra, nomenklatur):
    program = _program(ani, renstra, "1.02.02")

    assert program.nomenklatur == "1.02.02"
    assert program.kode == "RENSTRA-A-1.02.02"


def test_nomenklatur_unknown_code(ani, renstra, nomenklatur):
    with pytest.raises(ValidationError) as error:
        _program(ani, renstra, "1.02.99")

    assert error.value.error_dict["nomenklatur"][0].code == "nomenklatur_tidak_ada"


def test_nomenklatur_wrong_level(ani, renstra, nomenklatur):
    with pytest.raises(ValidationError) as error:
        _program(ani, renstra, "1.02.02.2.01")

    assert error.value.error_dict["nomenklatur"][0].code == "nomenklatur_tingkat"


def test_nomenklatur_version_of_year(ani, renstra, nomenklatur):
    # 1.02.04 is only in the version of 2026; the Renstra starts in 2025.
    with pytest.raises(ValidationError):
        _program(ani, renstra, "1.02.04")

    later = DokumenFactory(unit=renstra.unit, tahun_awal=2026, tahun_akhir=2030)
    assert _program(ani, later, "1.02.04").nomenklatur == "1.02.04"


def test_nomenklatur_child_extends_parent(ani, renstra, nomenklatur):
    program = _program(ani, renstra, "1.02.02")

    kegiatan = editing.elemen_create(
        user=ani,
        dokumen=renstra,
        jenis=J.KEGIATAN,
        uraian="K",
        nomenklatur="1.02.02.2.01",
        induk=program,
    )
    other = _program(ani, renstra, "1.02.03")
    with pytest.raises(ValidationError) as error:
        editing.elemen_create(
            user=ani,
            dokumen=renstra,
            jenis=J.KEGIATAN,
            uraian="K",
            nomenklatur="1.02.02.2.01",
            induk=other,
        )

    assert kegiatan.induk == program
    assert error.value.error_dict["nomenklatur"][0].code == "nomenklatur_induk"


def test_nomenklatur_penunjang_under_bidang(ani, renstra, nomenklatur):
    program = _program(ani, renstra, "1.02.01")

    kegiatan = editing.elemen_create(
        user=ani,
        dokumen=renstra,
        jenis=J.KEGIATAN,
        uraian="K",
        nomenklatur="1.02.01.2.01",
        induk=program,
    )

    assert kegiatan.nomenklatur == "1.02.01.2.01"


def test_nomenklatur_other_bidang_urusan(ani, admin, renstra, nomenklatur):
    _program(ani, renstra, "1.02.02")

    with pytest.raises(ValidationError) as error:
        _program(ani, renstra, "2.07.02")

    assert error.value.error_dict["nomenklatur"][0].code == "bidang_urusan"
    assert _program(admin, renstra, "2.07.02").nomenklatur == "2.07.02"


def test_nomenklatur_search_level_and_prefix(renstra, nomenklatur):
    program = ElemenFactory(dokumen=renstra, jenis=J.PROGRAM, nomenklatur="1.02.02")

    programs = editing.nomenklatur_search(dokumen=renstra, jenis=J.PROGRAM, q="1.02")
    by_name = editing.nomenklatur_search(
        dokumen=renstra, jenis=J.PROGRAM, q="sumber DAYA"
    )
    kegiatan = editing.nomenklatur_search(
        dokumen=renstra, jenis=J.KEGIATAN, q="penyediaan", induk=program
    )

    assert [item.kode for item in programs] == ["1.02.02", "1.02.03"]
    assert [item.kode for item in by_name] == ["1.02.03"]
    assert [item.kode for item in kegiatan] == ["1.02.02.2.01"]


def test_nomenklatur_search_version_of_year(renstra, nomenklatur):
    later = DokumenFactory(tahun_awal=2026, tahun_akhir=2030)

    old = editing.nomenklatur_search(dokumen=renstra, jenis=J.PROGRAM, q="1.02.04")
    new = editing.nomenklatur_search(dokumen=later, jenis=J.PROGRAM, q="1.02.04")

    assert old == []
    assert [item.kode for item in new] == ["1.02.04"]


def test_nomenklatur_search_penunjang(renstra, nomenklatur):
    program = ElemenFactory(dokumen=renstra, jenis=J.PROGRAM, nomenklatur="1.02.01")

    found = editing.nomenklatur_search(
        dokumen=renstra, jenis=J.KEGIATAN, q="perencanaan", induk=program
    )

    assert [item.kode for item in found] == ["1.02.01.2.01"]


def test_nomenklatur_search_limit(renstra, nomenklatur):
    old, _new = nomenklatur
    Nomenklatur.objects.bulk_create(
        [
            Nomenklatur(versi=old, kode=f"3.01.{n:02d}", tingkat="program", nama="P")
            for n in range(10, 40)
        ]
    )

    found = editing.nomenklatur_search(dokumen=renstra, jenis=J.PROGRAM, q="3.01")

    assert len(found) == 20


# Indikator.

INDIKATOR = {
    "uraian": "Persentase layanan",
    "satuan": "%",
    "polaritas": "positif",
    "agregasi": "akhir",
    "kondisi_awal": Decimal("70.5"),
    "iku": True,
}


@pytest.mark.parametrize("username", ["ani", "admin"])
def test_indikator_create(cast, rencana, username):
    sasaran = rencana["sasaran_a"]

    indikator = editing.indikator_create(
        user=cast[username], elemen=sasaran, values=INDIKATOR
    )

    assert indikator.kode == "SAS-A-IND-2"
    assert indikator.kondisi_awal == Decimal("70.5")
    assert indikator.iku


@pytest.mark.parametrize("username", DENIED)
def test_indikator_create_denied(cast, rencana, username):
    with pytest.raises(PermissionDenied):
        editing.indikator_create(
            user=cast[username], elemen=rencana["sasaran_a"], values=INDIKATOR
        )


def test_indikator_create_frozen_document(ani, rencana):
    _set_status(rencana["renstra_a"], "ditetapkan")
    sasaran = Elemen.objects.get(pk=rencana["sasaran_a"].pk)

    with pytest.raises(ValidationError):
        editing.indikator_create(user=ani, elemen=sasaran, values=INDIKATOR)


def test_indikator_requires_fields(ani, rencana):
    with pytest.raises(ValidationError) as error:
        editing.indikator_create(
            user=ani,
            elemen=rencana["sasaran_a"],
            values={**INDIKATOR, "uraian": "", "satuan": ""},
        )

    assert set(error.value.message_dict) == {"uraian", "satuan"}


def test_indikator_kondisi_awal_digits(ani, rencana):
    with pytest.raises(ValidationError) as error:
        editing.indikator_create(
            user=ani,
            elemen=rencana["sasaran_a"],
            values={**INDIKATOR, "kondisi_awal": Decimal("1.23456")},
        )

    assert "kondisi_awal" in error.value.message_dict


def test_indikator_update_concurrent(ani, budi, rencana):
    indikator = rencana["indikator_a"]
    versi = row_version(indikator)
    editing.indikator_update(
        user=ani, indikator=indikator, versi=versi, values={"satuan": "orang"}
    )

    with pytest.raises(ValidationError) as error:
        editing.indikator_update(
            user=budi, indikator=indikator, versi=versi, values={"satuan": "unit"}
        )

    assert error.value.code == "versi_berubah"
    indikator.refresh_from_db()
    assert indikator.satuan == "orang"


def test_indikator_delete(ani, renstra):
    indikator = IndikatorFactory(elemen=ElemenFactory(dokumen=renstra))

    editing.indikator_delete(
        user=ani, indikator=indikator, versi=row_version(indikator)
    )

    assert not Indikator.objects.filter(pk=indikator.pk).exists()


def test_indikator_delete_denied(citra, renstra):
    indikator = IndikatorFactory(elemen=ElemenFactory(dokumen=renstra))

    with pytest.raises(PermissionDenied):
        editing.indikator_delete(
            user=citra, indikator=indikator, versi=row_version(indikator)
        )


# Targets.


def _targets(indikator, dokumen):
    return {
        target.tahun: target
        for target in Target.objects.filter(indikator=indikator, dokumen=dokumen)
    }


def test_target_set_five_years(ani, rencana):
    indikator, renstra = rencana["indikator_a"], rencana["renstra_a"]
    values = {
        tahun: NilaiTarget(nilai=Decimal(tahun - 1970)) for tahun in range(2025, 2030)
    }

    editing.target_set(
        user=ani,
        indikator=indikator,
        versi=target_version(indikator=indikator, dokumen=renstra),
        values=values,
    )

    targets = _targets(indikator, renstra)
    assert sorted(targets) == [2025, 2026, 2027, 2028, 2029]
    assert targets[2029].nilai == Decimal("59")


def test_target_set_empty_deletes(ani, rencana):
    indikator, renstra = rencana["indikator_a"], rencana["renstra_a"]

    editing.target_set(
        user=ani,
        indikator=indikator,
        versi=target_version(indikator=indikator, dokumen=renstra),
        values={2025: NilaiTarget()},
    )

    assert _targets(indikator, renstra) == {}


def test_target_year_outside_period(ani, rencana):
    indikator, renstra = rencana["indikator_a"], rencana["renstra_a"]

    with pytest.raises(ValidationError) as error:
        editing.target_set(
            user=ani,
            indikator=indikator,
            versi=target_version(indikator=indikator, dokumen=renstra),
            values={2030: NilaiTarget(nilai=Decimal(1))},
        )

    assert error.value.code == "tahun_di_luar_periode"


def test_target_concurrent_second_rejected(ani, budi, rencana):
    indikator, renstra = rencana["indikator_a"], rencana["renstra_a"]
    versi = target_version(indikator=indikator, dokumen=renstra)
    editing.target_set(
        user=ani,
        indikator=indikator,
        versi=versi,
        values={2025: NilaiTarget(nilai=Decimal("60"))},
    )

    with pytest.raises(ValidationError) as error:
        editing.target_set(
            user=budi,
            indikator=indikator,
            versi=versi,
            values={2025: NilaiTarget(nilai=Decimal("70"))},
        )

    assert error.value.code == "versi_berubah"
    assert _targets(indikator, renstra)[2025].nilai == Decimal("60")


def test_target_digits_rejected(ani, rencana):
    indikator, renstra = rencana["indikator_a"], rencana["renstra_a"]

    with pytest.raises(ValidationError) as error:
        editing.target_set(
            user=ani,
            indikator=indikator,
            versi=target_version(indikator=indikator, dokumen=renstra),
            values={2026: NilaiTarget(nilai=Decimal("1234567890123456"))},
        )

    assert "tahun_2026" in error.value.message_dict


def test_target_rentang_bounds(ani, renstra):
    indikator = IndikatorFactory(
        elemen=ElemenFactory(dokumen=renstra), polaritas="rentang"
    )
    versi = target_version(indikator=indikator, dokumen=renstra)

    with pytest.raises(ValidationError):
        editing.target_set(
            user=ani,
            indikator=indikator,
            versi=versi,
            values={2025: NilaiTarget(batas_bawah=Decimal(5), batas_atas=Decimal(2))},
        )
    editing.target_set(
        user=ani,
        indikator=indikator,
        versi=versi,
        values={2025: NilaiTarget(batas_bawah=Decimal(2), batas_atas=Decimal(5))},
    )

    assert _targets(indikator, renstra)[2025].batas_atas == Decimal(5)


def test_target_skala_value(ani, renstra):
    skala = Skala.objects.create(nama="opini")
    NilaiSkala.objects.create(skala=skala, nilai="WDP", peringkat=1)
    NilaiSkala.objects.create(skala=skala, nilai="WTP", peringkat=2)
    indikator = IndikatorFactory(elemen=ElemenFactory(dokumen=renstra), skala=skala)
    versi = target_version(indikator=indikator, dokumen=renstra)

    with pytest.raises(ValidationError):
        editing.target_set(
            user=ani,
            indikator=indikator,
            versi=versi,
            values={2025: NilaiTarget(nilai_skala="AA")},
        )
    editing.target_set(
        user=ani,
        indikator=indikator,
        versi=versi,
        values={2025: NilaiTarget(nilai_skala="WTP")},
    )

    assert _targets(indikator, renstra)[2025].nilai_skala == "WTP"


@pytest.mark.parametrize("username", DENIED)
def test_target_set_denied(cast, rencana, username):
    indikator, renstra = rencana["indikator_a"], rencana["renstra_a"]

    with pytest.raises(PermissionDenied):
        editing.target_set(
            user=cast[username],
            indikator=indikator,
            versi=target_version(indikator=indikator, dokumen=renstra),
            values={2025: NilaiTarget(nilai=Decimal(1))},
        )


def test_target_set_diajukan(ani, rencana):
    indikator, renstra = rencana["indikator_a"], rencana["renstra_a"]
    _set_status(renstra, "diajukan")

    with pytest.raises(ValidationError) as error:
        editing.target_set(
            user=ani,
            indikator=indikator,
            versi=target_version(indikator=indikator, dokumen=renstra),
            values={2025: NilaiTarget(nilai=Decimal(1))},
        )

    assert error.value.code == "dokumen_diajukan"


# Links and the cascade to bidang.


def test_tautan_add_and_remove(ani, rencana):
    sasaran = ElemenFactory(dokumen=rencana["renstra_a"])

    tautan = editing.tautan_add(user=ani, dari=sasaran, ke=rencana["sasaran"])
    editing.tautan_remove(user=ani, tautan=tautan)

    assert tautan.jenis == TautanElemen.Jenis.MENDUKUNG
    assert not TautanElemen.objects.filter(dari=sasaran).exists()


def test_tautan_same_document_rejected(ani, rencana):
    sasaran = ElemenFactory(dokumen=rencana["renstra_a"])

    with pytest.raises(ValidationError) as error:
        editing.tautan_add(user=ani, dari=sasaran, ke=rencana["sasaran_a"])

    assert error.value.error_dict["ke"][0].code == "dokumen_sama"


def test_tautan_later_period_rejected(ani, admin, rencana, pemda):
    later = DokumenFactory(
        jenis=Dokumen.Jenis.RPJMD, unit=pemda, tahun_awal=2030, tahun_akhir=2034
    )
    ke = ElemenFactory(dokumen=later)

    with pytest.raises(ValidationError) as error:
        editing.tautan_add(user=ani, dari=rencana["sasaran_a"], ke=ke)

    assert error.value.error_dict["ke"][0].code == "periode"


def test_tautan_duplicate_rejected(ani, rencana):
    with pytest.raises(ValidationError) as error:
        editing.tautan_add(user=ani, dari=rencana["sasaran_a"], ke=rencana["sasaran"])

    assert error.value.error_dict["ke"][0].code == "ganda"


def test_tautan_add_denied(citra, rencana):
    with pytest.raises(PermissionDenied):
        editing.tautan_add(user=citra, dari=rencana["sasaran_a"], ke=rencana["sasaran"])


def test_tautan_candidates_newest_rpjmd(ani, rencana, pemda):
    rpjmd = rencana["rpjmd"]
    _set_status(rpjmd, "ditetapkan")
    newer = DokumenFactory(
        kode="RPJMD-P1", jenis="RPJMD", unit=pemda, versi_sebelumnya=rpjmd
    )
    sasaran_baru = ElemenFactory(dokumen=newer)
    dari = ElemenFactory(dokumen=rencana["renstra_a"])

    candidates = editing.tautan_candidates(elemen=dari, user=ani)

    assert candidates == [sasaran_baru]


def test_unit_pj_bidang(ani, rencana, bidang_a, opd_b):
    sasaran = rencana["sasaran_a"]
    bidang_b = UnitFactory(jenis=Unit.Jenis.BIDANG, induk=opd_b)

    editing.elemen_set_unit_pj(
        user=ani, elemen=sasaran, versi=row_version(sasaran), unit_pj=bidang_a
    )
    sasaran.refresh_from_db()
    with pytest.raises(ValidationError):
        editing.elemen_set_unit_pj(
            user=ani, elemen=sasaran, versi=row_version(sasaran), unit_pj=bidang_b
        )

    assert sasaran.unit_pj == bidang_a
    assert editing.bidang_choices(dokumen=rencana["renstra_a"]) == [bidang_a]


# Numbers.


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("123456789012345", True),
        ("1234567890123456", False),
        ("12345678901.2345", True),
        ("1.23456", False),
        ("1E+16", False),
    ],
)
def test_check_nilai_limits(value, valid):
    if valid:
        assert editing.check_nilai(Decimal(value)) == Decimal(value)
    else:
        with pytest.raises(ValidationError):
            editing.check_nilai(Decimal(value))
