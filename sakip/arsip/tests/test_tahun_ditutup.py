"""A closed year accepts no change of plans, targets, realisation or budget."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from sakip.anggaran.models import Pagu
from sakip.anggaran.services import IsianBulan, keuangan_simpan
from sakip.arsip.models import TahunDitutup
from sakip.arsip.services import tahun_buka, tahun_tutup
from sakip.bukukerja.importer import import_workbook
from sakip.bukukerja.tests.workbooks import base_sheets, write_workbook
from sakip.pengukuran.models import Realisasi, TindakLanjutKinerja
from sakip.perencanaan.models import Dokumen, Elemen, Target
from sakip.perencanaan.selectors import dokumen_berlaku_list
from sakip.perencanaan.services import dokumen_ajukan
from sakip.perencanaan.tests.factories import (
    DokumenFactory,
    ElemenFactory,
    IndikatorFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def renja(opd_a):
    renja = DokumenFactory(
        kode="RENJA-A-2025", jenis=Dokumen.Jenis.RENJA, unit=opd_a, tahun_akhir=None
    )
    program = ElemenFactory(
        kode="PRG-A", dokumen=renja, jenis=Elemen.Jenis.SUB_KEGIATAN
    )
    indikator = IndikatorFactory(kode="IND-RENJA", elemen=program)
    TargetFactory(indikator=indikator, dokumen=renja, tahun=2025, nilai=Decimal("5"))
    return renja


def test_realisasi_of_closed_year_rejected(rencana, admin):
    tahun_tutup(tahun=2025, user=admin)
    realisasi = Realisasi.objects.get(indikator=rencana["indikator_a"])
    realisasi.nilai = Decimal("99")

    with pytest.raises(ValidationError) as error:
        realisasi.save()

    assert error.value.code == "tahun_ditutup"
    assert "Tahun 2025 sudah ditutup" in error.value.messages[0]
    realisasi.refresh_from_db()
    assert realisasi.nilai == Decimal("40")


def test_realisasi_delete_of_closed_year_rejected(rencana, admin):
    tahun_tutup(tahun=2025, user=admin)

    realisasi = Realisasi.objects.get(indikator=rencana["indikator_a"])

    with pytest.raises(ValidationError, match="sudah ditutup"), transaction.atomic():
        realisasi.delete()

    assert Realisasi.objects.filter(indikator=rencana["indikator_a"]).exists()


def test_target_of_closed_year_rejected_open_year_accepted(rencana, admin):
    tahun_tutup(tahun=2025, user=admin)
    renstra = rencana["renstra_a"]

    with pytest.raises(ValidationError, match="sudah ditutup"):
        Target.objects.create(
            indikator=rencana["indikator_a"],
            dokumen=renstra,
            tahun=2025,
            periode="TW1",
            nilai=Decimal("10"),
        )
    Target.objects.create(
        indikator=rencana["indikator_a"],
        dokumen=renstra,
        tahun=2026,
        nilai=Decimal("60"),
    )

    assert not Target.objects.filter(tahun=2025, periode="TW1").exists()
    assert Target.objects.filter(tahun=2026).exists()


def test_target_cannot_move_out_of_closed_year(rencana, admin):
    tahun_tutup(tahun=2025, user=admin)
    target = Target.objects.get(indikator=rencana["indikator_a"], tahun=2025)
    target.tahun = 2026

    with pytest.raises(ValidationError, match="sudah ditutup"):
        target.save()


def test_renstra_of_period_stays_editable(rencana, admin):
    tahun_tutup(tahun=2025, user=admin)
    sasaran = rencana["sasaran_a"]
    sasaran.uraian = "Sasaran yang diperbaiki"

    sasaran.save()

    sasaran.refresh_from_db()
    assert sasaran.uraian == "Sasaran yang diperbaiki"


def test_renja_content_of_closed_year_rejected(renja, admin):
    tahun_tutup(tahun=2025, user=admin)
    elemen = renja.elemen.get()
    elemen.uraian = "Diubah"

    with pytest.raises(ValidationError, match="sudah ditutup"):
        elemen.save()


def test_renja_submit_of_closed_year_rejected(renja, admin):
    tahun_tutup(tahun=2025, user=admin)

    with pytest.raises(ValidationError, match="sudah ditutup"):
        dokumen_ajukan(dokumen=renja, user=admin)

    renja.refresh_from_db()
    assert renja.status == Dokumen.Status.DRAFT


def test_budget_of_closed_year_rejected(renja, admin):
    tahun_tutup(tahun=2025, user=admin)
    elemen = renja.elemen.get()

    with pytest.raises(ValidationError, match="sudah ditutup"):
        keuangan_simpan(
            elemen=elemen,
            tahun=2025,
            pagu_murni=1_000_000,
            pagu_perubahan=None,
            bulan={1: IsianBulan(anggaran_kas=500_000)},
        )

    assert not Pagu.objects.exists()


def test_reopened_year_accepts_changes(rencana, admin):
    tahun_tutup(tahun=2025, user=admin)
    tahun_buka(tahun=2025, user=admin, alasan="Koreksi temuan BPK")
    realisasi = Realisasi.objects.get(indikator=rencana["indikator_a"])
    realisasi.nilai = Decimal("45")

    realisasi.save()

    assert not TahunDitutup.objects.exists()
    record = TahunDitutup.history.order_by("-history_id").first()
    assert record.history_type == "-"
    assert record.history_change_reason == "Koreksi temuan BPK"


def test_reopen_needs_reason(admin):
    tahun_tutup(tahun=2025, user=admin)

    with pytest.raises(ValidationError):
        tahun_buka(tahun=2025, user=admin, alasan=" ")


def test_close_twice_rejected(admin):
    tahun_tutup(tahun=2025, user=admin)

    with pytest.raises(ValidationError, match="sudah ditutup"):
        tahun_tutup(tahun=2025, user=admin)


def test_only_admin_closes_year(ani):
    with pytest.raises(PermissionDenied):
        tahun_tutup(tahun=2025, user=ani)

    assert not TahunDitutup.objects.exists()


def test_open_corrective_actions_carried_forward(rencana, admin, opd_a):
    terbuka = TindakLanjutKinerja.objects.create(
        indikator=rencana["indikator_a"],
        unit=opd_a,
        tahun=2025,
        periode="TW3",
        alasan="kategori_rendah",
        tindakan="Percepat pelatihan",
        status=TindakLanjutKinerja.Status.DIRENCANAKAN,
    )
    TindakLanjutKinerja.objects.create(
        indikator=rencana["indikator_b"],
        unit=opd_a,
        tahun=2025,
        periode="TW2",
        alasan="kategori_rendah",
        status=TindakLanjutKinerja.Status.SELESAI,
    )

    _row, dilanjutkan = tahun_tutup(tahun=2025, user=admin)

    assert len(dilanjutkan) == 1
    copy = TindakLanjutKinerja.objects.get(tahun=2026)
    assert copy.indikator_id == terbuka.indikator_id
    assert copy.periode == "TW1"
    assert copy.tindakan == "Percepat pelatihan"
    assert copy.status == TindakLanjutKinerja.Status.DIRENCANAKAN
    reason = copy.history.get().history_change_reason
    assert reason == "Dilanjutkan dari Triwulan III 2025"
    copy.hasil = "Pelatihan selesai"
    copy.status = TindakLanjutKinerja.Status.SELESAI
    copy.save()


def test_tahun_page_closes_year(client, admin):
    client.force_login(admin)

    response = client.post(
        reverse("arsip:tahun_tutup"),
        {"tahun": 2024, "alasan": "LKjIP terbit"},
        follow=True,
    )

    assert TahunDitutup.objects.get().tahun == 2024
    assert "Tahun 2024 ditutup" in response.content.decode()


def test_tahun_page_rejects_operator(client, ani):
    client.force_login(ani)

    response = client.post(reverse("arsip:tahun_tutup"), {"tahun": 2024})

    assert response.status_code == 403
    assert not TahunDitutup.objects.exists()


def test_new_period_leaves_old_readable(rencana, admin, client, pemda):
    rpjmd_baru = DokumenFactory(
        kode="RPJMD-2030",
        jenis=Dokumen.Jenis.RPJMD,
        unit=pemda,
        tahun_awal=2030,
        tahun_akhir=2034,
    )
    for tahun in range(2025, 2030):
        tahun_tutup(tahun=tahun, user=admin)
    client.force_login(admin)

    lama = client.get(reverse("perencanaan:dokumen_detail", args=[rencana["rpjmd"].pk]))
    sasaran = ElemenFactory(kode="SAS-2030", dokumen=rpjmd_baru)

    assert lama.status_code == 200
    assert sasaran.pk is not None
    assert list(dokumen_berlaku_list(jenis="RPJMD", tahun=2029)) == [rencana["rpjmd"]]
    assert list(dokumen_berlaku_list(jenis="RPJMD", tahun=2030)) == [rpjmd_baru]


def test_workbook_import_of_closed_year_rejected(admin, tmp_path):
    first = import_workbook(write_workbook(tmp_path / "a.xlsx", base_sheets()))
    assert first.errors == []
    tahun_tutup(tahun=2025, user=admin)
    sheets = base_sheets()
    sheets["Realisasi"][1][3] = 75
    sheets["Target"][6][4] = 90

    result = import_workbook(write_workbook(tmp_path / "b.xlsx", sheets))

    places = {(error.sheet, error.row, error.column) for error in result.errors}
    assert places == {("Realisasi", 2, "tahun")}
    assert "Tahun 2025 sudah ditutup" in result.errors[0].message
    assert Realisasi.objects.get(indikator__kode="IKU-1").nilai == Decimal("72")
    assert not Target.objects.filter(nilai=Decimal("90")).exists()


def test_workbook_yearly_document_of_closed_year_rejected(admin, tmp_path):
    first = import_workbook(write_workbook(tmp_path / "a.xlsx", base_sheets()))
    assert first.errors == []
    tahun_tutup(tahun=2025, user=admin)
    sheets = base_sheets()
    sheets["Dokumen"].append(
        ["RENJA-1", "RENJA", "OPD-1", 2025, None, None, None, "Renja Satu 2025"]
    )
    sheets["Elemen"].append(
        ["PRG-R", "RENJA-1", "program", None, "Program Renja", "1.02.02"]
        + [None, "BID-1"]
    )

    result = import_workbook(write_workbook(tmp_path / "b.xlsx", sheets))

    sheets_with_errors = {error.sheet for error in result.errors}
    assert sheets_with_errors == {"Dokumen", "Elemen"}
    assert all("Tahun 2025 sudah ditutup" in e.message for e in result.errors)
    assert not Dokumen.objects.filter(kode="RENJA-1").exists()


def test_workbook_five_year_document_of_closed_year_accepted(admin, tmp_path):
    first = import_workbook(write_workbook(tmp_path / "a.xlsx", base_sheets()))
    assert first.errors == []
    tahun_tutup(tahun=2025, user=admin)
    sheets = base_sheets()
    sheets["Dokumen"][2][7] = "Renstra Dinas Satu (judul baru)"

    result = import_workbook(write_workbook(tmp_path / "b.xlsx", sheets))

    assert result.errors == []
    assert Dokumen.objects.get(kode="RENSTRA-1").nama.endswith("(judul baru)")
