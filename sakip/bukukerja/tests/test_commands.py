"""The import_workbook, export_workbook and load_demo commands."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from sakip.bukukerja.tests.workbooks import (
    base_sheets,
    set_cell,
    table_counts,
    write_workbook,
)
from sakip.organisasi.models import Pengguna, Peran, Unit
from sakip.perencanaan.models import Target
from sakip.perjanjian.models import PerjanjianKinerja
from sakip.referensi.models import NomenklaturVersi

pytestmark = pytest.mark.django_db


def _bad_workbook(tmp_path):
    sheets = base_sheets()
    set_cell(sheets, "Target", 3, "nilai", "dua belas")
    set_cell(sheets, "Anggaran", 2, "pagu", -1)
    return write_workbook(tmp_path / "salah.xlsx", sheets)


def test_import_command_prints_summary(base_workbook):
    out = StringIO()

    call_command("import_workbook", str(base_workbook), stdout=out)

    lines = out.getvalue().splitlines()
    assert any(line.split() == ["Target", "6", "0", "0"] for line in lines)
    assert Target.objects.count() == 6


def test_import_command_prints_every_error(tmp_path):
    err = StringIO()

    with pytest.raises(CommandError, match="2 kesalahan ditemukan"):
        call_command("import_workbook", str(_bad_workbook(tmp_path)), stderr=err)

    lines = err.getvalue().splitlines()
    assert lines[0].startswith("Target, baris 3, kolom nilai: ")
    assert lines[1].startswith("Anggaran, baris 2, kolom pagu: ")
    assert Unit.objects.count() == 0


def test_import_command_exits_with_status_1(tmp_path, capsys):
    utility = ManagementUtility(
        ["sakip", "import_workbook", str(_bad_workbook(tmp_path))]
    )

    with pytest.raises(SystemExit) as exit_info:
        utility.execute()

    assert exit_info.value.code == 1
    assert "Target, baris 3, kolom nilai" in capsys.readouterr().err


def test_import_command_dry_run_writes_nothing(base_workbook):
    out = StringIO()
    counts = table_counts()

    call_command("import_workbook", str(base_workbook), "--dry-run", stdout=out)

    assert table_counts() == counts
    assert "tidak ada yang disimpan" in out.getvalue()


def test_import_command_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Berkas tidak ditemukan"):
        call_command("import_workbook", str(tmp_path / "tidak-ada.xlsx"))


def test_export_command_writes_workbook(base_workbook, tmp_path):
    call_command("import_workbook", str(base_workbook), stdout=StringIO())
    exported = tmp_path / "ekspor.xlsx"

    call_command("export_workbook", str(exported), stdout=StringIO())

    out = StringIO()
    call_command("import_workbook", str(exported), "--dry-run", stdout=out)
    assert any(
        line.split() == ["Target", "0", "0", "6"]
        for line in out.getvalue().splitlines()
    )


def test_load_demo_refuses_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG mati"):
        call_command("load_demo")

    assert Unit.objects.count() == 0


def test_load_demo_twice(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    counts = table_counts()
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert table_counts() == counts
    assert NomenklaturVersi.objects.count() == 1
    assert Unit.objects.count() == 47 + 4  # the workbook's and the demo's bidang
    assert "demo-admin-sakip" in out.getvalue()


def test_load_demo_creates_every_role(settings):
    settings.DEBUG = True

    call_command("load_demo", stdout=StringIO())

    users = {user.username: user for user in Pengguna.objects.select_related("unit")}
    assert {user.peran for user in users.values()} == set(Peran.values)
    assert users["admin"].unit.kode == "PEMDA"
    assert users["admin"].is_admin_bappeda
    assert users["operator"].unit == users["kepala"].unit
    assert users["operator"].unit.jenis == Unit.Jenis.PERANGKAT_DAERAH
    assert users["verifikator"].unit is None
    assert users["verifikator"].melihat_semua_opd
    assert authenticate(username="operator", password="demo-operator-sakip")
    assert users["admin"].is_staff
    assert not users["operator"].is_staff
    # The operator's OPD is one the demo carries through DPA and PK, with
    # PKs left for its kepala to sign.
    pks = PerjanjianKinerja.objects.filter(unit__opd=users["operator"].unit)
    assert pks.filter(dokumen__status="ditetapkan").exists()
    assert pks.filter(dokumen__status="draft").exists()


def test_load_demo_keeps_edited_data(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    Unit.objects.filter(kode="OPD-15").update(nama="Nama diubah")

    call_command("load_demo", "--jika-kosong")

    assert Unit.objects.get(kode="OPD-15").nama == "Nama diubah"
    assert "tidak diimpor ulang" in capsys.readouterr().out
    assert Pengguna.objects.get(username="operator").unit.kode == "OPD-5"
