import csv
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.organisasi.tests.factories import UnitFactory

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
    assert 'Baris 4, kolom pagu: Nilai "sejuta" bukan jumlah rupiah' in message
    assert (
        "Baris 5, kolom kode_sub_giat: sub kegiatan OPD-A.1.1 sudah ada di baris 2"
        in (message)
    )
    assert 'Baris 6, kolom pagu: Nilai "1500,50" memiliki sen' in message
    assert not Pagu.objects.filter(pagu=5_000_000).exists()


def test_same_code_in_two_opd_needs_skpd(tmp_path, renja):
    renja["b"]["sub_kegiatan"][0].nomenklatur = "OPD-A.1.1"
    renja["b"]["sub_kegiatan"][0].save()
    path = _csv(tmp_path, [["", "OPD-A.1.1", "Satu", "10"]])

    assert "ada di Renja beberapa OPD (Dinas A (OPD-A), Dinas B (OPD-B))" in _error(
        path
    )
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


@pytest.mark.parametrize(
    ("pagu", "stored"),
    [
        ("Rp. 1.000.000", 1_000_000),
        ("Rp 1.000.000", 1_000_000),
        ("Rp1.000.000", 1_000_000),
        ("1.000.000,00", 1_000_000),
        ("150.000", 150_000),
        ("1000000.00", 1_000_000),
    ],
)
def test_rupiah_forms_read(tmp_path, renja, pagu, stored):
    path = _csv(tmp_path, [["OPD-A", "OPD-A.1.1", "Satu", pagu]])

    _run(path)

    assert Pagu.objects.get(elemen=renja["a"]["sub_kegiatan"][0]).pagu == stored


def test_not_a_number_message(tmp_path, renja):
    path = _csv(tmp_path, [["OPD-A", "OPD-A.1.1", "Satu", "Rp. sejuta"]])

    message = _error(path)

    assert 'Baris 2, kolom pagu: Nilai "Rp. sejuta" bukan jumlah rupiah.' in message
    assert "kosongkan" not in message


def test_empty_pagu_message(tmp_path, renja):
    path = _csv(tmp_path, [["OPD-A", "OPD-A.1.1", "Satu", ""]])

    message = _error(path)

    assert "Baris 2, kolom pagu: pagu kosong." in message
    assert "bukan jumlah rupiah" not in message


def test_year_without_renja(tmp_path, renja):
    path = _csv(tmp_path, [["OPD-A", f"OPD-A.1.{n}", "Satu", "10"] for n in (1, 2)])

    with pytest.raises(CommandError) as error:
        call_command("import_sipd_dpa", str(path), "--tahun", "2024")

    lines = str(error.value).splitlines()
    assert lines[1:] == [
        "Belum ada Renja tahun 2024. Pagu DPA dicatat pada sub kegiatan Renja: buat "
        "Renja tahun itu lebih dahulu, atau periksa tahun anggaran yang dipilih."
    ]


def test_opd_without_renja(tmp_path, renja, pemda):
    UnitFactory(kode="OPD-C", nama="Dinas C", induk=pemda)
    path = _csv(tmp_path, [["", "OPD-A.1.1", "Satu", "10"]])

    message = _error(path, "--opd", "OPD-C")

    assert "Dinas C belum memiliki Renja tahun 2025." in message
    assert "tidak ada di Renja" not in message


def test_unknown_skpd(tmp_path, renja):
    path = _csv(tmp_path, [["1.02.0.00", "OPD-A.1.1", "Satu", "10"]])

    message = _error(path)

    assert "Baris 2, kolom kode_skpd: 1.02.0.00 bukan kode OPD di SAKIP." in message


def test_spaced_headers_read(tmp_path, renja):
    path = _csv(
        tmp_path,
        [["OPD-A", "OPD-A.1.1", "Satu", "100", "40"]],
        header=("Kode SKPD", "Kode Sub Giat", "Nama Sub Giat", "Pagu", "Bulan 1"),
    )

    _run(path)

    elemen = renja["a"]["sub_kegiatan"][0]
    assert Pagu.objects.get(elemen=elemen).pagu == 100
    assert KeuanganBulanan.objects.get(elemen=elemen, bulan=1).anggaran_kas == 40


@pytest.mark.parametrize("kolom", ["Januari", "bulan 13", "Bulan1", "bulan_01"])
def test_other_month_headers_rejected(tmp_path, renja, kolom):
    path = _csv(
        tmp_path,
        [["OPD-A", "OPD-A.1.1", "Satu", "100", "40"]],
        header=("kode_skpd", "kode_sub_giat", "nama_sub_giat", "pagu", kolom),
    )

    message = _error(path)

    assert "Baris 1, kolom " in message
    assert "bulan harus bulan_1 sampai bulan_12" in message
    assert not Pagu.objects.filter(pagu=100).exists()


def test_anggaran_kas_above_pagu(tmp_path, renja):
    keuangan(renja["a"]["sub_kegiatan"][0], b2=(60, None, None))
    path = _csv(
        tmp_path,
        [["OPD-A", "OPD-A.1.1", "Satu", "100", "50"]],
        header=("kode_skpd", "kode_sub_giat", "nama_sub_giat", "pagu", "bulan_1"),
    )

    message = _error(path)

    assert (
        "Baris 2, kolom pagu: anggaran kas setahun, dari berkas dan yang sudah "
        "tersimpan, berjumlah Rp 110, melebihi pagu yang berlaku (Rp 100)."
    ) in message


def test_anggaran_kas_against_stored_perubahan(tmp_path, renja):
    elemen = renja["a"]["sub_kegiatan"][0]
    Pagu.objects.create(elemen=elemen, tahun=2025, versi="perubahan", pagu=200)
    path = _csv(
        tmp_path,
        [["OPD-A", "OPD-A.1.1", "Satu", "100", "150"]],
        header=("kode_skpd", "kode_sub_giat", "nama_sub_giat", "pagu", "bulan_1"),
    )

    _run(path)

    assert KeuanganBulanan.objects.get(elemen=elemen, bulan=1).anggaran_kas == 150


def test_corrupt_xlsx_message(tmp_path, renja):
    workbook = Workbook()
    workbook.active.append(["kode_sub_giat", "nama_sub_giat", "pagu"])
    for number in range(200):
        workbook.active.append([f"X.{number}", "Satu", number])
    path = tmp_path / "dpa.xlsx"
    workbook.save(path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + info.compress_size - 4] ^= 0xFF
    path.write_bytes(bytes(data))

    message = _error(path)

    assert "Berkas dpa.xlsx tidak dapat dibaca sebagai XLSX: berkasnya rusak" in (
        message
    )
    assert "CRC" not in message
    assert "Error" not in message


def test_csv_field_too_large(tmp_path, renja):
    path = tmp_path / "dpa.csv"
    path.write_text('kode_sub_giat,nama_sub_giat,pagu\nX,"' + "a" * 200_000 + '",1\n')

    message = _error(path)

    assert "tidak dapat dibaca sebagai CSV di baris" in message
    assert "field" not in message
