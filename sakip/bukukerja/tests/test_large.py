"""A sheet of 100,000 rows: it imports in one go, and a sheet whose every row
is wrong is reported in full without writing anything.

On a 2-core AMD EPYC with SQLite the valid import takes about 30 s and the
wrong one about 12 s. The time limit below is ten times that: it is there to
catch work that grows faster than the rows (a query per row, a quadratic
check), not to measure speed.
"""

import time
from io import StringIO

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from sakip.bukukerja.importer import import_workbook
from sakip.bukukerja.models import ImporBukuKerja
from sakip.bukukerja.services import KESALAHAN_DISIMPAN, impor_run
from sakip.bukukerja.tests.workbooks import table_counts
from sakip.pengukuran.models import Realisasi

pytestmark = pytest.mark.django_db

ROWS = 100_000
INDIKATOR = 100
PERIODE = ["tahunan", "TW1", "TW2", "TW3", "TW4"] + [f"B{m:02d}" for m in range(1, 13)]
TIME_LIMIT_S = 300


def _write_large(path, *, wrong: bool):
    book = openpyxl.Workbook(write_only=True)
    sheets = {
        "Unit": [
            ["kode", "nama", "jenis", "induk"],
            ["PEMDA", "Provinsi Uji", "pemda", None],
            ["OPD-1", "Dinas Uji", "perangkat_daerah", "PEMDA"],
        ],
        "Dokumen": [
            ["kode", "jenis", "unit", "tahun_awal", "tahun_akhir"],
            ["RENSTRA", "RENSTRA", "OPD-1", 2025, 2029],
        ],
        "Elemen": [
            ["kode", "dokumen", "jenis", "uraian"],
            ["SAS", "RENSTRA", "sasaran", "Sasaran uji"],
        ],
        "Indikator": [["kode", "elemen", "uraian", "satuan", "polaritas"]]
        + [
            [f"IND-{i}", "SAS", f"Indikator {i}", "%", "positif"]
            for i in range(INDIKATOR)
        ],
    }
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    sheet = book.create_sheet("Realisasi")
    sheet.append(["indikator", "tahun", "periode", "nilai", "keterangan"])
    per_indikator = ROWS // INDIKATOR
    for i in range(INDIKATOR):
        for n in range(per_indikator):
            tahun, periode = divmod(n, len(PERIODE))
            nilai = "belum ada" if wrong else n / 4
            sheet.append([f"IND-{i}", 2000 + tahun, PERIODE[periode], nilai, "bukti"])
    book.save(path)
    return path


@pytest.fixture(scope="module")
def large_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("besar")
    return {
        "benar": _write_large(folder / "benar.xlsx", wrong=False),
        "salah": _write_large(folder / "salah.xlsx", wrong=True),
    }


def test_large_sheet_imports(large_files):
    started = time.monotonic()

    result = import_workbook(large_files["benar"])

    assert result.errors == []
    assert time.monotonic() - started < TIME_LIMIT_S
    assert result.summary["Realisasi"]["dibuat"] == ROWS
    assert Realisasi.objects.count() == ROWS
    assert Realisasi.history.count() == ROWS


def test_large_sheet_of_errors_in_job(large_files, admin):
    impor = ImporBukuKerja.objects.create(nama_berkas="salah.xlsx", diunggah_oleh=admin)
    impor.berkas.save("buku-kerja.xlsx", ContentFile(large_files["salah"].read_bytes()))
    counts = table_counts()
    started = time.monotonic()

    impor_run(impor_id=impor.pk)

    impor.refresh_from_db()
    assert time.monotonic() - started < TIME_LIMIT_S
    assert impor.status == ImporBukuKerja.Status.GAGAL
    assert impor.jumlah_kesalahan == ROWS
    assert len(impor.kesalahan) == KESALAHAN_DISIMPAN
    assert impor.kesalahan[0]["baris"] == 2
    assert impor.kesalahan[0]["kolom"] == "nilai"
    assert table_counts() == counts


def test_large_sheet_of_errors_in_command(large_files):
    err = StringIO()

    with pytest.raises(CommandError, match=f"{ROWS} kesalahan"):
        call_command("import_workbook", str(large_files["salah"]), stderr=err)

    lines = err.getvalue().splitlines()
    assert len(lines) == ROWS
    assert lines[-1].startswith(f"Realisasi, baris {ROWS + 1}, kolom nilai: ")
