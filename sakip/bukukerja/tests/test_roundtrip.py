"""The demo workbook, the published-report workbook, and export then import."""

from pathlib import Path

import openpyxl
import pytest
from django.db.models import Count

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.bukukerja.demo import DEMO_WORKBOOK
from sakip.bukukerja.exporter import export_workbook
from sakip.bukukerja.importer import import_workbook
from sakip.bukukerja.tests.workbooks import (
    base_sheets,
    canonical_dump,
    clear_pemda_data,
    read_sheets,
    table_counts,
    write_workbook,
)
from sakip.organisasi.models import Pengaturan, Unit
from sakip.pengukuran.models import Realisasi
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Target
from sakip.referensi.models import NilaiSkala

pytestmark = pytest.mark.django_db

PUBLISHED = Path(__file__).parent / "data" / "published.xlsx"


def _import(path):
    result = import_workbook(path)
    assert [str(error) for error in result.errors] == []
    return result


def test_demo_counts_per_sheet():
    _import(DEMO_WORKBOOK)

    assert Pengaturan.objects.get().nama_pemda == "Kabupaten Pringsewu"
    assert Unit.objects.count() == 47
    assert Dokumen.objects.count() == 20
    assert Elemen.objects.count() == 119
    assert NilaiSkala.objects.count() == 11
    assert Indikator.objects.count() == 69
    assert Target.objects.count() == 345
    assert Realisasi.objects.count() == 58
    assert Pagu.objects.count() == 37
    assert KeuanganBulanan.objects.count() == 0


def test_demo_counts_by_kind():
    _import(DEMO_WORKBOOK)

    jenis = {
        row["jenis"]: row["n"]
        for row in Elemen.objects.values("jenis").annotate(n=Count("id"))
    }
    assert jenis == {
        "visi": 1,
        "misi": 5,
        "tujuan": 26,
        "sasaran": 50,
        "program": 7,
        "kegiatan": 30,
    }
    for tahun in range(2025, 2030):
        assert Target.objects.filter(tahun=tahun).count() == 69
    assert Realisasi.objects.filter(tahun=2024).count() == 21
    assert Realisasi.objects.filter(tahun=2025).count() == 37


def test_demo_import_twice_changes_nothing():
    _import(DEMO_WORKBOOK)
    counts = table_counts()
    dump = canonical_dump()

    result = _import(DEMO_WORKBOOK)

    assert table_counts() == counts
    assert canonical_dump() == dump
    assert {sheet: c["tetap"] for sheet, c in result.summary.items()}["Target"] == 345


def test_export_then_import_gives_same_data(tmp_path):
    _import(DEMO_WORKBOOK)
    _import(PUBLISHED)
    before = canonical_dump()
    exported = tmp_path / "ekspor.xlsx"
    export_workbook(exported)
    clear_pemda_data()
    assert Unit.objects.count() == 0

    _import(exported)

    assert canonical_dump() == before


def test_export_import_export_same_cells(tmp_path):
    _import(DEMO_WORKBOOK)
    first = tmp_path / "pertama.xlsx"
    export_workbook(first)
    clear_pemda_data()
    _import(first)
    second = tmp_path / "kedua.xlsx"

    export_workbook(second)

    assert read_sheets(second) == read_sheets(first)


def test_export_into_same_database_changes_nothing(tmp_path):
    _import(DEMO_WORKBOOK)
    exported = tmp_path / "ekspor.xlsx"
    export_workbook(exported)
    counts = table_counts()

    result = _import(exported)

    assert table_counts() == counts
    assert all(c["dibuat"] == c["diubah"] == 0 for c in result.summary.values())


def test_export_writes_format_layout(tmp_path):
    _import(DEMO_WORKBOOK)
    exported = tmp_path / "ekspor.xlsx"

    export_workbook(exported)

    sheets = read_sheets(exported)
    assert list(sheets) == [
        "Pengaturan",
        "Unit",
        "Dokumen",
        "Elemen",
        "Skala",
        "Indikator",
        "Target",
        "Realisasi",
        "Anggaran",
        "Keuangan",
    ]
    assert sheets["Unit"][0] == ("kode", "nama", "jenis", "induk", "singkatan")
    assert sheets["Unit"][1] == ("PEMDA", "Kabupaten Pringsewu", "pemda", None, None)
    opini = [row for row in sheets["Indikator"] if row[0] == "RS-IS-9"][0]
    assert opini[5] == "skala:opini_bpk"
    target = [row for row in sheets["Target"] if row[0] == "RPJMD-IT-37"][0]
    assert target == (
        "RPJMD-IT-37",
        "RPJMD-2025-2029",
        2025,
        "tahunan",
        74.11,
        None,
        None,
    )
    assert len(sheets["Target"]) == 346


def test_published_report_workbook_imports():
    result = _import(PUBLISHED)

    assert result.summary["Indikator"]["dibuat"] == 38
    assert Target.objects.count() == 38
    assert Realisasi.objects.count() == 38
    target = Target.objects.get(indikator__kode="R034")
    assert str(target.nilai.normalize()) == "9.2"


def test_export_writes_equals_text_as_text(tmp_path):
    import_workbook(write_workbook(tmp_path / "dasar.xlsx", base_sheets()))
    payload = "=cmd|' /C calc'!A0"
    Unit.objects.filter(kode="OPD-1").update(nama=payload)
    path = tmp_path / "ekspor.xlsx"

    export_workbook(path)

    sheet = openpyxl.load_workbook(path)["Unit"]
    [cell] = [row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == "OPD-1"]
    assert cell.data_type == "s"
    assert cell.value == payload
    Unit.objects.filter(kode="OPD-1").update(nama="Lain")
    _import(path)
    assert Unit.objects.get(kode="OPD-1").nama == payload
