import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from sakip.perjanjian.models import Jabatan, Level, PenugasanJabatan
from sakip.perjanjian.selectors import pejabat_pada

D = datetime.date


@pytest.fixture
def kadis_a(opd_a):
    return Jabatan.objects.create(
        unit=opd_a, nama="Kepala Dinas A", level=Level.KEPALA_OPD, eselon="II.b"
    )


def _assign(jabatan, nama, jenis, mulai, selesai=None):
    penugasan = PenugasanJabatan(
        jabatan=jabatan,
        nama=nama,
        nip="197001012000031001",
        jenis=jenis,
        mulai=mulai,
        selesai=selesai,
    )
    penugasan.full_clean()
    penugasan.save()
    return penugasan


def test_pejabat_pada_definitif_over_plt(kadis_a):
    _assign(kadis_a, "Andi", "definitif", D(2024, 1, 1), D(2025, 3, 31))
    _assign(kadis_a, "Plt Budi", "plt", D(2025, 1, 1))
    _assign(kadis_a, "Plh Cici", "plh", D(2025, 4, 1), D(2025, 4, 30))

    assert pejabat_pada(jabatan=kadis_a, tanggal=D(2025, 2, 1)).nama == "Andi"
    assert pejabat_pada(jabatan=kadis_a, tanggal=D(2025, 5, 1)).nama == "Plt Budi"
    assert pejabat_pada(jabatan=kadis_a, tanggal=D(2025, 4, 10)).nama == "Plt Budi"


def test_pejabat_pada_plh_only(kadis_a):
    _assign(kadis_a, "Plh Cici", "plh", D(2025, 4, 1), D(2025, 4, 30))

    assert pejabat_pada(jabatan=kadis_a, tanggal=D(2025, 4, 30)).nama == "Plh Cici"
    assert pejabat_pada(jabatan=kadis_a, tanggal=D(2025, 5, 1)) is None


def test_definitif_overlap_rejected(kadis_a):
    _assign(kadis_a, "Andi", "definitif", D(2024, 1, 1))

    with pytest.raises(ValidationError, match="bertumpang tindih"):
        _assign(kadis_a, "Dodi", "definitif", D(2025, 1, 1))


def test_definitif_after_end_allowed(kadis_a):
    _assign(kadis_a, "Andi", "definitif", D(2024, 1, 1), D(2024, 12, 31))
    _assign(kadis_a, "Dodi", "definitif", D(2025, 1, 1))

    assert pejabat_pada(jabatan=kadis_a, tanggal=D(2025, 1, 1)).nama == "Dodi"


def test_nip_must_be_18_digits(kadis_a):
    penugasan = PenugasanJabatan(
        jabatan=kadis_a, nama="Andi", nip="1970", mulai=D(2025, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        penugasan.full_clean()
    assert "nip" in error.value.message_dict


HEADER = "kode_unit,level,nama_jabatan,eselon,nama,nip,pangkat,jenis,mulai,selesai\n"


def test_import_pejabat_creates_rows(tmp_path, opd_a, pemda):
    berkas = tmp_path / "pejabat.csv"
    berkas.write_text(
        HEADER
        + "PEMDA,kepala_daerah,Bupati Contoh,,Ir. Bupati,,,definitif,2024-01-01,\n"
        + "OPD-A,kepala_opd,Kepala Dinas A,II.b,Andi,197001012000031001,IV/c,"
        "definitif,2024-01-01,\n",
        encoding="utf-8",
    )

    call_command("import_pejabat", str(berkas))
    call_command("import_pejabat", str(berkas))

    assert Jabatan.objects.count() == 2
    assert PenugasanJabatan.objects.count() == 2
    jabatan = Jabatan.objects.get(unit=opd_a)
    assert pejabat_pada(jabatan=jabatan, tanggal=D(2025, 1, 2)).nip == (
        "197001012000031001"
    )


def test_import_pejabat_all_or_nothing(tmp_path, opd_a):
    berkas = tmp_path / "pejabat.csv"
    berkas.write_text(
        HEADER + "OPD-A,kepala_opd,Kepala Dinas A,II.b,Andi,197001012000031001,,"
        "definitif,2024-01-01,\n"
        + "OPD-A,kepala_opd,Kepala Dinas A,II.b,Dodi,123,,definitif,2024-13-01,\n"
        + "OPD-X,kepala_opd,Kepala Dinas X,,Eko,,,definitif,2024-01-01,\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as error:
        call_command("import_pejabat", str(berkas))

    message = str(error.value)
    assert "Baris 3, kolom mulai" in message
    assert "Baris 4, kolom kode_unit" in message
    assert PenugasanJabatan.objects.count() == 0
    assert Jabatan.objects.count() == 0


def test_import_pejabat_missing_column(tmp_path):
    berkas = tmp_path / "pejabat.csv"
    berkas.write_text("kode_unit,nama\nOPD-A,Andi\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Kolom wajib tidak ada: level"):
        call_command("import_pejabat", str(berkas))
