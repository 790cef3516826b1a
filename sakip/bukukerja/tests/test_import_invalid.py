"""Bad input: each case reports the sheet, row and column in Indonesian and
leaves every table as it was.

Each case starts from the base workbook already imported, and the bad
workbook also renames a unit and adds one, so that an import that wrote part
of the workbook would show in the tables.
"""

import zipfile

import pytest

from sakip.bukukerja.importer import import_workbook
from sakip.bukukerja.tests.workbooks import (
    base_sheets,
    canonical_dump,
    set_cell,
    table_counts,
    write_workbook,
)
from sakip.perencanaan.models import Dokumen

pytestmark = pytest.mark.django_db


def _with_good_changes(sheets):
    set_cell(sheets, "Unit", 3, "nama", "Dinas Satu Diganti")
    sheets["Unit"].append(
        ["OPD-9", "Dinas Sembilan", "perangkat_daerah", "PEMDA", None]
    )
    return sheets


def _cell(sheet, row, column, value):
    def change(sheets):
        set_cell(sheets, sheet, row, column, value)

    return change


def _append(sheet, row):
    def change(sheets):
        sheets[sheet].append(row)

    return change


def _drop_column(sheet, column):
    def change(sheets):
        index = sheets[sheet][0].index(column)
        for row in sheets[sheet]:
            del row[index]

    return change


# (case, change to the base sheets, (sheet, row, column), part of the message)
CASES = [
    (
        "teks di kolom angka",
        _cell("Target", 3, "nilai", "dua belas"),
        ("Target", 3, "nilai"),
        "bukan angka yang sah",
    ),
    (
        "uraian terlalu panjang",
        _cell("Elemen", 3, "uraian", "x" * 5001),
        ("Elemen", 3, "uraian"),
        "Teks terlalu panjang: 5001 karakter, paling banyak 5000",
    ),
    (
        "rumus tanpa hasil tersimpan",
        _cell("Keuangan", 2, "realisasi_keuangan", "=40000*1"),
        ("Keuangan", 2, "realisasi_keuangan"),
        "rumus =40000*1 tanpa hasil tersimpan",
    ),
    (
        "angka bermakna ganda",
        _cell("Target", 3, "nilai", "144.000"),
        ("Target", 3, "nilai"),
        "bermakna ganda",
    ),
    (
        "target dari dokumen unit lain",
        _cell("Target", 2, "dokumen", "PK-1"),
        ("Target", 2, "dokumen"),
        "Target hanya dapat ditetapkan oleh dokumen unit yang sama",
    ),
    (
        "induk unit tidak dikenal",
        _cell("Unit", 4, "induk", "OPD-X"),
        ("Unit", 4, "induk"),
        "tidak ditemukan",
    ),
    (
        "unit dokumen tidak dikenal",
        _cell("Dokumen", 3, "unit", "OPD-X"),
        ("Dokumen", 3, "unit"),
        "tidak ditemukan",
    ),
    (
        "dokumen elemen tidak dikenal",
        _cell("Elemen", 6, "dokumen", "RENSTRA-X"),
        ("Elemen", 6, "dokumen"),
        "tidak ditemukan",
    ),
    (
        "elemen indikator tidak dikenal",
        _cell("Indikator", 3, "elemen", "SAS-X"),
        ("Indikator", 3, "elemen"),
        "tidak ditemukan",
    ),
    (
        "indikator target tidak dikenal",
        _cell("Target", 2, "indikator", "IKU-X"),
        ("Target", 2, "indikator"),
        "tidak ditemukan",
    ),
    (
        "dokumen target tidak dikenal",
        _cell("Target", 2, "dokumen", "RPJMD-X"),
        ("Target", 2, "dokumen"),
        "tidak ditemukan",
    ),
    (
        "indikator realisasi tidak dikenal",
        _cell("Realisasi", 2, "indikator", "IKU-X"),
        ("Realisasi", 2, "indikator"),
        "tidak ditemukan",
    ),
    (
        "mendukung tidak dikenal",
        _cell("Elemen", 6, "mendukung", "SAS; SAS-X"),
        ("Elemen", 6, "mendukung"),
        "SAS-X",
    ),
    (
        "mendukung di dokumen yang sama",
        _cell("Elemen", 5, "mendukung", "TUJ"),
        ("Elemen", 5, "mendukung"),
        "dokumen yang sama",
    ),
    (
        "unit_pj tidak dikenal",
        _cell("Elemen", 7, "unit_pj", "BID-X"),
        ("Elemen", 7, "unit_pj"),
        "tidak ditemukan",
    ),
    (
        "elemen anggaran tidak dikenal",
        _cell("Anggaran", 2, "elemen", "PRG-X"),
        ("Anggaran", 2, "elemen"),
        "tidak ditemukan",
    ),
    (
        "skala indikator tidak dikenal",
        _cell("Indikator", 5, "jenis_nilai", "skala:predikat"),
        ("Indikator", 5, "jenis_nilai"),
        "predikat",
    ),
    (
        "nilai target tidak ada pada skala",
        _cell("Target", 6, "nilai", "BAIK"),
        ("Target", 6, "nilai"),
        "tidak ada pada skala opini_bpk",
    ),
    (
        "nilai realisasi tidak ada pada skala",
        _cell("Realisasi", 5, "nilai", "A"),
        ("Realisasi", 5, "nilai"),
        "tidak ada pada skala",
    ),
    (
        "kondisi awal tidak ada pada skala",
        _cell("Indikator", 5, "kondisi_awal", "BAIK"),
        ("Indikator", 5, "kondisi_awal"),
        "tidak ada pada skala",
    ),
    (
        "kode ganda",
        _append("Unit", ["OPD-1", "Dinas Kembar", "perangkat_daerah", "PEMDA", None]),
        ("Unit", 6, "kode"),
        "sudah dipakai di baris 3",
    ),
    (
        "target ganda",
        _append("Target", ["IKU-1", "RPJMD", 2025, "tahunan", 81, None, None]),
        ("Target", 8, "indikator"),
        "mengulang baris 2",
    ),
    (
        "tahun target di luar periode dokumen",
        _cell("Target", 2, "tahun", 2031),
        ("Target", 2, "tahun"),
        "di luar periode dokumen RPJMD (2025–2029)",
    ),
    (
        "kolom wajib tidak ada",
        _drop_column("Indikator", "satuan"),
        ("Indikator", 1, "satuan"),
        "Kolom wajib satuan",
    ),
    (
        "sel wajib kosong",
        _cell("Elemen", 3, "uraian", None),
        ("Elemen", 3, "uraian"),
        "wajib diisi",
    ),
    (
        "lebih dari 15 angka penting",
        _cell("Target", 2, "nilai", "1234567890123456"),
        ("Target", 2, "nilai"),
        "16 angka penting",
    ),
    (
        "lebih dari 4 angka di belakang koma",
        _cell("Realisasi", 2, "nilai", "72,12345"),
        ("Realisasi", 2, "nilai"),
        "5 angka di belakang koma",
    ),
    (
        "pagu negatif",
        _cell("Anggaran", 2, "pagu", -5),
        ("Anggaran", 2, "pagu"),
        "tidak boleh negatif",
    ),
    (
        "pagu pecahan",
        _cell("Anggaran", 3, "pagu", "1500,5"),
        ("Anggaran", 3, "pagu"),
        "bilangan bulat tanpa sen",
    ),
    (
        "bulan di luar 1 sampai 12",
        _cell("Keuangan", 2, "bulan", 13),
        ("Keuangan", 2, "bulan"),
        "1 sampai 12",
    ),
    (
        "realisasi fisik di atas 100",
        _cell("Keuangan", 2, "realisasi_fisik", 120),
        ("Keuangan", 2, "realisasi_fisik"),
        "0 sampai 100",
    ),
    (
        "periode tidak dikenal",
        _cell("Target", 4, "periode", "TW5"),
        ("Target", 4, "periode"),
        "tidak dikenal",
    ),
    (
        "rentang tanpa batas",
        _cell("Target", 5, "batas_atas", None),
        ("Target", 5, "batas_atas"),
        "wajib memiliki batas_bawah dan batas_atas",
    ),
    (
        "rentang dengan batas bawah di atas batas atas",
        _cell("Target", 5, "batas_bawah", 5),
        ("Target", 5, "batas_bawah"),
        "lebih besar dari batas atas",
    ),
    (
        "batas untuk indikator bukan rentang",
        _cell("Target", 2, "batas_bawah", 1),
        ("Target", 2, "batas_bawah"),
        "hanya untuk indikator berpolaritas rentang",
    ),
    (
        "induk elemen di dokumen lain",
        _cell("Elemen", 6, "induk", "TUJ"),
        ("Elemen", 6, "induk"),
        "dokumen yang sama",
    ),
    (
        "induk elemen di tingkat bawah",
        _cell("Elemen", 3, "induk", "TUJ"),
        ("Elemen", 3, "induk"),
        "tidak berada di tingkat di atas",
    ),
    (
        "induk unit membentuk lingkaran",
        _cell("Unit", 3, "induk", "BID-1"),
        ("Unit", 3, "induk"),
        "lingkaran",
    ),
    (
        "pemda kedua",
        _append("Unit", ["PEMDA-2", "Kabupaten Lain", "pemda", None, None]),
        ("Unit", 6, "jenis"),
        "Sudah ada unit pemda PEMDA",
    ),
    (
        "unit tanpa induk",
        _cell("Unit", 4, "induk", None),
        ("Unit", 4, "induk"),
        "wajib memiliki induk",
    ),
    (
        "jenis tidak dikenal",
        _cell("Dokumen", 2, "jenis", "RPJPD"),
        ("Dokumen", 2, "jenis"),
        "Pilihan: RPJMD",
    ),
    (
        "tahun akhir sebelum tahun awal",
        _cell("Dokumen", 3, "tahun_akhir", 2024),
        ("Dokumen", 3, "tahun_akhir"),
        "tidak boleh sebelum",
    ),
    (
        "tahun bukan tahun",
        _cell("Realisasi", 2, "tahun", "2025,5"),
        ("Realisasi", 2, "tahun"),
        "Tahun 2025,5 tidak sah",
    ),
    (
        "teks terlalu panjang",
        _cell("Unit", 3, "singkatan", "x" * 65),
        ("Unit", 3, "singkatan"),
        "paling banyak 64",
    ),
    (
        "pengaturan tidak dikenal",
        _cell("Pengaturan", 3, "nilai", "selisih2"),
        ("Pengaturan", 3, "nilai"),
        "Pilihan: selisih, rasio",
    ),
    (
        "iku bukan ya atau tidak",
        _cell("Indikator", 2, "iku", "mungkin"),
        ("Indikator", 2, "iku"),
        "Pilihan: ya, tidak",
    ),
    (
        "nomenklatur pada sasaran",
        _cell("Elemen", 5, "nomenklatur", "1.02"),
        ("Elemen", 5, "nomenklatur"),
        "hanya untuk program",
    ),
    (
        "pagu untuk sasaran",
        _cell("Anggaran", 2, "elemen", "SAS"),
        ("Anggaran", 2, "elemen"),
        "berjenis sasaran",
    ),
    (
        "peringkat skala ganda",
        _cell("Skala", 3, "peringkat", 1),
        ("Skala", 3, "peringkat"),
        "sudah dipakai nilai TMP",
    ),
    (
        "isi dokumen yang ditetapkan diubah",
        _cell("Elemen", 7, "uraian", "Program diganti"),
        ("Elemen", 7, "uraian"),
        "Dokumen PK-1 sudah ditetapkan",
    ),
]


@pytest.fixture
def imported(base_workbook):
    result = import_workbook(base_workbook)
    assert result.errors == []


@pytest.mark.parametrize(
    ("change", "place", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_bad_input_changes_nothing(imported, tmp_path, change, place, message):
    sheets = _with_good_changes(base_sheets())
    change(sheets)
    path = write_workbook(tmp_path / "salah.xlsx", sheets)
    counts = table_counts()
    dump = canonical_dump()

    result = import_workbook(path)

    assert not result.written
    places = [(error.sheet, error.row, error.column) for error in result.errors]
    assert place in places, [str(error) for error in result.errors]
    found = result.errors[places.index(place)]
    assert message in found.message
    assert table_counts() == counts
    assert canonical_dump() == dump


def test_bad_input_on_empty_database(tmp_path):
    sheets = base_sheets()
    set_cell(sheets, "Target", 3, "nilai", "dua belas")
    path = write_workbook(tmp_path / "salah.xlsx", sheets)
    counts = table_counts()

    result = import_workbook(path)

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("Target", 3, "nilai")
    ]
    assert table_counts() == counts


def test_bad_input_reports_every_error(imported, tmp_path):
    sheets = base_sheets()
    set_cell(sheets, "Unit", 4, "induk", "OPD-X")
    set_cell(sheets, "Target", 3, "nilai", "dua belas")
    set_cell(sheets, "Target", 4, "nilai", "tiga")
    set_cell(sheets, "Keuangan", 2, "bulan", 0)
    path = write_workbook(tmp_path / "salah.xlsx", sheets)

    result = import_workbook(path)

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("Unit", 4, "induk"),
        ("Target", 3, "nilai"),
        ("Target", 4, "nilai"),
        ("Keuangan", 2, "bulan"),
    ]


def test_bad_input_references_database_rows(imported, tmp_path):
    sheets = {
        "Realisasi": [
            ["indikator", "tahun", "periode", "nilai"],
            ["IKU-1", 2024, "tahunan", 60],
            ["IKU-9", 2024, "tahunan", 60],
        ]
    }
    path = write_workbook(tmp_path / "realisasi.xlsx", sheets)

    result = import_workbook(path)

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("Realisasi", 3, "indikator")
    ]


def test_bad_input_document_period_shrinks(imported, tmp_path):
    sheets = {"Dokumen": base_sheets()["Dokumen"]}
    set_cell(sheets, "Dokumen", 2, "tahun_akhir", 2025)
    path = write_workbook(tmp_path / "periode.xlsx", sheets)

    result = import_workbook(path)

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("Dokumen", 2, "tahun_akhir")
    ]
    assert "target tahun 2026" in result.errors[0].message
    assert Dokumen.objects.get(kode="RPJMD").tahun_akhir == 2029


def test_bad_input_database_children(imported, tmp_path):
    sheets = {"Elemen": base_sheets()["Elemen"][:4]}
    set_cell(sheets, "Elemen", 4, "jenis", "sasaran")
    path = write_workbook(tmp_path / "anak.xlsx", sheets)

    result = import_workbook(path)

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("Elemen", 4, "jenis")
    ]
    assert "SAS di basis data" in result.errors[0].message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Berkas kosong"),
        (b"kode,nama\nPEMDA,Kabupaten\n", "bukan buku kerja Excel .xlsx"),
        (b"PK\x03\x04bukan zip yang utuh", "bukan buku kerja Excel .xlsx"),
    ],
    ids=["kosong", "csv", "zip rusak"],
)
def test_unreadable_file_changes_nothing(imported, tmp_path, content, message):
    path = tmp_path / "buku.xlsx"
    path.write_bytes(content)
    counts = table_counts()

    result = import_workbook(path)

    assert len(result.errors) == 1
    assert message in result.errors[0].message
    assert table_counts() == counts


def test_zip_without_workbook_is_rejected(tmp_path):
    path = tmp_path / "arsip.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("catatan.txt", "bukan buku kerja")

    result = import_workbook(path)

    assert "bukan buku kerja Excel .xlsx" in result.errors[0].message


def test_zip_bomb_is_rejected(tmp_path):
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 60_000_000)

    result = import_workbook(path)

    assert "jauh lebih besar dari buku kerja biasa" in result.errors[0].message


def test_workbook_without_known_sheet(tmp_path):
    path = write_workbook(tmp_path / "lain.xlsx", {"Data": [["a"], [1]]})

    result = import_workbook(path)

    assert "tidak berisi satu pun sheet yang dikenal" in result.errors[0].message


def test_file_over_size_limit(base_workbook, settings):
    settings.SAKIP_WORKBOOK_MAX_BYTES = 1000
    counts = table_counts()

    result = import_workbook(base_workbook)

    assert "melebihi batas" in result.errors[0].message
    assert table_counts() == counts


def test_formula_with_saved_value_reads(imported, tmp_path):
    # A spreadsheet program saves the formula's value beside it.
    sheets = base_sheets()
    set_cell(sheets, "Keuangan", 2, "realisasi_keuangan", "=40000*1")
    path = write_workbook(tmp_path / "rumus.xlsx", sheets)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    name = next(n for n, data in parts.items() if b"<f>40000*1</f>" in data)
    parts[name] = parts[name].replace(
        b"<f>40000*1</f><v></v>", b"<f>40000*1</f><v>40000</v>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        for part, data in parts.items():
            archive.writestr(part, data)

    result = import_workbook(path, dry_run=True)

    assert result.errors == []
