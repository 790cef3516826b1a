import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from sakip.anggaran.models import KeuanganBulanan, Pagu

from .factories import keuangan, renja_anggaran

pytestmark = pytest.mark.django_db

CONTOH = Path(__file__).parent / "data" / "dpa-sub-kegiatan-contoh.csv"


@pytest.fixture
def renja(opd_a, opd_b):
    return {
        "a": renja_anggaran(opd_a, program=1, sub=2, pagu=1),
        "b": renja_anggaran(opd_b, program=1, sub=1, pagu=1),
    }


def _run(path, *args) -> str:
    out = StringIO()
    call_command("import_sipd_dpa", str(path), "--tahun", "2025", *args, stdout=out)
    return out.getvalue()


def _error(path, *args) -> str:
    with pytest.raises(CommandError) as error:
        _run(path, *args)
    return str(error.value)


def _csv(
    tmp_path, rows, header=("kode_skpd", "kode_sub_giat", "nama_sub_giat", "pagu")
):
    path = tmp_path / "dpa.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_sample_file(renja):
    output = _run(CONTOH)

    first, second = renja["a"]["sub_kegiatan"]
    assert Pagu.objects.get(elemen=first, versi="murni").pagu == 120_000_000
    assert Pagu.objects.get(elemen=second).pagu == 75_500_000
    assert Pagu.objects.get(elemen=renja["b"]["sub_kegiatan"][0]).pagu == 48_000_000
    assert KeuanganBulanan.objects.get(elemen=second, bulan=9).anggaran_kas == (
        25_500_000
    )
    assert "3 sub kegiatan diimpor" in output


def test_second_import_changes_nothing(renja):
    _run(CONTOH)
    _run(CONTOH)

    assert Pagu.objects.count() == 3
    assert KeuanganBulanan.objects.count() == 24


def test_xlsx_perubahan(tmp_path, renja):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["KODE_SUB_GIAT", "nama_sub_giat", "pagu", "kode_skpd"])
    sheet.append(["OPD-A.1.1", "Penyusunan", 130_000_000, "OPD-A"])
    path = tmp_path / "dpa.xlsx"
    workbook.save(path)

    _run(path, "--versi", "perubahan")

    elemen = renja["a"]["sub_kegiatan"][0]
    assert Pagu.objects.get(elemen=elemen, versi="perubahan").pagu == 130_000_000
    assert Pagu.objects.get(elemen=elemen, versi="murni").pagu == 1


def test_dry_run_writes_nothing(renja):
    output = _run(CONTOH, "--dry-run")

    assert "dry run" in output
    assert not Pagu.objects.filter(pagu=120_000_000).exists()


def test_other_columns(tmp_path, renja):
    path = _csv(tmp_path, [["1", "2"]], header=("kode_rekening", "uraian"))

    message = _error(path)

    assert "kolom kode_sub_giat, nama_sub_giat, pagu tidak ada" in message
    assert "kode_rekening, uraian" in message


def test_all_or_nothing_with_every_error(tmp_path, renja):
    path = _csv(
        tmp_path,
        [
            ["OPD-A", "OPD-A.1.1", "Satu", "5000000"],
            ["OPD-A", "9.99.99", "Tidak ada", "100"],
            ["OPD-A", "OPD-A.1.2", "Dua", "sejuta"],
            ["OPD-A", "OPD-A.1.1", "Satu lagi", "10"],
            ["OPD-B", "OPD-B.1.1", "Tiga", "1500,50"],
        ],
    )

    message = _error(path)

    assert "Baris 3, kolom kode_sub_giat: sub kegiatan 9.99.99 tidak ada" in message
    assert 'Baris 4, kolom pagu: Nilai "sejuta" bukan angka' in message
    assert (
        "Baris 5, kolom kode_sub_giat: sub kegiatan OPD-A.1.1 sudah ada di baris 2"
        in (message)
    )
    assert "Baris 6, kolom pagu: 1500,50 bukan rupiah bulat" in message
    assert not Pagu.objects.filter(pagu=5_000_000).exists()


def test_same_code_in_two_opd_needs_skpd(tmp_path, renja):
    renja["b"]["sub_kegiatan"][0].nomenklatur = "OPD-A.1.1"
    renja["b"]["sub_kegiatan"][0].save()
    path = _csv(tmp_path, [["", "OPD-A.1.1", "Satu", "10"]])

    assert "ada di Renja beberapa OPD (OPD-A, OPD-B)" in _error(path)
    _run(path, "--opd", "OPD-B")
    assert Pagu.objects.get(elemen=renja["b"]["sub_kegiatan"][0]).pagu == 10


def test_pagu_below_realisasi(tmp_path, renja):
    keuangan(renja["a"]["sub_kegiatan"][0], b1=(None, 900, None))
    path = _csv(tmp_path, [["OPD-A", "OPD-A.1.1", "Satu", "800"]])

    message = _error(path)

    assert "realisasi keuangan yang tercatat (Rp 900) melebihi pagu baru (Rp 800)" in (
        message
    )


def test_not_a_spreadsheet(tmp_path, renja):
    path = tmp_path / "dpa.txt"
    path.write_text("x")

    assert "bukan XLSX atau CSV" in _error(path)
