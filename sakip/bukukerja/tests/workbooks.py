"""Workbooks and database snapshots for the Buku Kerja tests.

``base_sheets()`` is a small but complete Pemda: every sheet, every kind of
indicator (angka, rentang, skala) and both number forms. Tests change a copy
of it and write it with ``write_workbook``.
"""

import copy
from pathlib import Path

import openpyxl
from django.apps import apps

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.organisasi.models import Pengaturan, Unit
from sakip.pengukuran.models import Realisasi
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Target, TautanElemen
from sakip.referensi.models import NilaiSkala, Skala

BASE_SHEETS = {
    "Pengaturan": [
        ["kunci", "nilai"],
        ["nama_pemda", "Kabupaten Uji"],
        ["rumus_negatif", "rasio"],
        ["batas_rollup", 120],
    ],
    "Unit": [
        ["kode", "nama", "jenis", "induk", "singkatan"],
        ["PEMDA", "Kabupaten Uji", "pemda", None, None],
        ["OPD-1", "Dinas Satu", "perangkat_daerah", "PEMDA", "D1"],
        ["BID-1", "Bidang Satu", "bidang", "OPD-1", None],
    ],
    "Dokumen": [
        [
            "kode",
            "jenis",
            "unit",
            "tahun_awal",
            "tahun_akhir",
            "versi",
            "status",
            "nama",
        ],
        ["RPJMD", "RPJMD", "PEMDA", 2025, 2029, "murni", "draft", "RPJMD 2025-2029"],
        ["RENSTRA-1", "RENSTRA", "OPD-1", 2025, 2029, None, None, "Renstra Dinas Satu"],
        ["PK-1", "PK", "OPD-1", 2025, None, None, "ditetapkan", "PK Dinas Satu 2025"],
    ],
    "Elemen": [
        ["kode", "dokumen", "jenis", "induk", "uraian", "nomenklatur", "mendukung"]
        + ["unit_pj"],
        ["VISI", "RPJMD", "visi", None, "Visi uji", None, None, None],
        ["MISI", "RPJMD", "misi", "VISI", "Misi uji", None, None, None],
        ["TUJ", "RPJMD", "tujuan", "MISI", "Tujuan uji", None, None, None],
        ["SAS", "RPJMD", "sasaran", "TUJ", "Sasaran uji", None, None, None],
        ["SAS-1", "RENSTRA-1", "sasaran", None, "Sasaran OPD", None, "SAS", None],
        ["PRG-1", "PK-1", "program", None, "Program uji", "1.02.02", None, "BID-1"],
        ["KEG-1", "PK-1", "kegiatan", "PRG-1", "Kegiatan uji", "1.02.02.2.01"]
        + [None, "BID-1"],
    ],
    "Skala": [
        ["nama", "nilai", "peringkat"],
        ["opini_bpk", "TMP", 1],
        ["opini_bpk", "TW", 2],
        ["opini_bpk", "WDP", 3],
        ["opini_bpk", "WTP", 4],
    ],
    "Indikator": [
        ["kode", "elemen", "uraian", "satuan", "polaritas", "jenis_nilai", "agregasi"]
        + ["rumus_negatif", "iku", "kondisi_awal", "definisi", "sumber_data"],
        ["IKU-1", "SAS", "Indeks uji", "indeks", "positif", None, None]
        + [None, "ya", "70,5", "Definisi uji", "BPS"],
        ["IND-1", "SAS-1", "Angka kemiskinan", "%", "negatif", "angka", "akhir"]
        + ["rasio", "tidak", 14.2, None, None],
        ["IND-INF", "SAS-1", "Inflasi", "%", "rentang", None, "rata_rata"]
        + [None, None, None, None, None],
        ["IND-OPINI", "SAS-1", "Opini BPK", "predikat", "positif", "skala:opini_bpk"]
        + [None, None, None, "WDP", None, None],
    ],
    "Target": [
        ["indikator", "dokumen", "tahun", "periode", "nilai", "batas_bawah"]
        + ["batas_atas"],
        ["IKU-1", "RPJMD", 2025, "tahunan", 80, None, None],
        ["IND-1", "RENSTRA-1", 2025, "tahunan", "12,5", None, None],
        ["IND-1", "RENSTRA-1", 2025, "TW1", "3", None, None],
        ["IND-INF", "RENSTRA-1", 2025, "tahunan", None, 2, "4"],
        ["IND-OPINI", "RENSTRA-1", 2025, "tahunan", "WTP", None, None],
        ["IKU-1", "RPJMD", 2026, "tahunan", 1234.5, None, None],
    ],
    "Realisasi": [
        ["indikator", "tahun", "periode", "nilai", "keterangan"],
        ["IKU-1", 2025, "tahunan", 72, "BPS 2026"],
        ["IND-1", 2025, "tahunan", "97,5%", None],
        ["IND-INF", 2025, "tahunan", 3.1, None],
        ["IND-OPINI", 2025, "tahunan", "wtp", "LHP BPK"],
    ],
    "Anggaran": [
        ["elemen", "tahun", "versi", "pagu"],
        ["PRG-1", 2025, "murni", 1_000_000],
        ["KEG-1", 2025, "murni", "600.000.000"],
    ],
    "Keuangan": [
        ["elemen", "tahun", "bulan", "anggaran_kas", "realisasi_keuangan"]
        + ["realisasi_fisik"],
        ["KEG-1", 2025, 1, 50_000, 40_000, "10,5"],
    ],
}


def base_sheets() -> dict[str, list[list]]:
    return copy.deepcopy(BASE_SHEETS)


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def read_sheets(path: Path) -> dict[str, list[tuple]]:
    """The cell values of every sheet, each row as wide as its header row."""
    book = openpyxl.load_workbook(path, read_only=True)
    sheets = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        width = len(rows[0]) if rows else 0
        sheets[sheet.title] = [row + (None,) * (width - len(row)) for row in rows]
    book.close()
    return sheets


def set_cell(sheets: dict, sheet: str, row: int, column: str, value) -> None:
    """Set the cell of spreadsheet row ``row`` (header is row 1) in ``column``."""
    header = sheets[sheet][0]
    sheets[sheet][row - 1][header.index(column)] = value


def table_counts() -> dict[str, int]:
    """The number of rows of every table of the project, history included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("sakip.")
        and model._meta.app_label != "bukukerja"
    }


def _sorted(rows) -> list[tuple]:
    return sorted(rows, key=repr)


def canonical_dump() -> dict[str, list]:
    """Every row that the workbook carries, with references as kode, sorted."""
    return {
        "pengaturan": list(
            Pengaturan.objects.values_list(
                "nama_pemda", "rumus_negatif", "batas_rollup"
            )
        ),
        "unit": _sorted(
            Unit.objects.values_list(
                "kode",
                "nama",
                "jenis",
                "induk__kode",
                "singkatan",
                "urutan",
                "opd__kode",
            )
        ),
        "dokumen": _sorted(
            Dokumen.objects.values_list(
                "kode",
                "jenis",
                "unit__kode",
                "tahun_awal",
                "tahun_akhir",
                "versi",
                "status",
                "nama",
            )
        ),
        "elemen": _sorted(
            Elemen.objects.values_list(
                "kode",
                "dokumen__kode",
                "jenis",
                "induk__kode",
                "uraian",
                "nomenklatur",
                "unit_pj__kode",
                "urutan",
            )
        ),
        "tautan": _sorted(
            TautanElemen.objects.values_list("dari__kode", "ke__kode", "jenis")
        ),
        "skala": _sorted(Skala.objects.values_list("nama", "uraian")),
        "nilai_skala": _sorted(
            NilaiSkala.objects.values_list("skala__nama", "nilai", "peringkat")
        ),
        "indikator": _sorted(
            Indikator.objects.values_list(
                "kode",
                "elemen__kode",
                "uraian",
                "satuan",
                "polaritas",
                "skala__nama",
                "agregasi",
                "rumus_negatif",
                "iku",
                "kondisi_awal",
                "kondisi_awal_skala",
                "definisi",
                "sumber_data",
                "urutan",
            )
        ),
        "target": _sorted(
            Target.objects.values_list(
                "indikator__kode",
                "dokumen__kode",
                "tahun",
                "periode",
                "nilai",
                "nilai_skala",
                "batas_bawah",
                "batas_atas",
            )
        ),
        "realisasi": _sorted(
            Realisasi.objects.values_list(
                "indikator__kode",
                "tahun",
                "periode",
                "nilai",
                "nilai_skala",
                "keterangan",
                "status",
            )
        ),
        "pagu": _sorted(
            Pagu.objects.values_list("elemen__kode", "tahun", "versi", "pagu")
        ),
        "keuangan": _sorted(
            KeuanganBulanan.objects.values_list(
                "elemen__kode",
                "tahun",
                "bulan",
                "anggaran_kas",
                "realisasi_keuangan",
                "realisasi_fisik",
            )
        ),
    }


def clear_pemda_data() -> None:
    """Delete every row that a workbook carries, as if the database were new."""
    Realisasi.objects.all().delete()
    Target.objects.all().delete()
    KeuanganBulanan.objects.all().delete()
    Pagu.objects.all().delete()
    Indikator.objects.all().delete()
    TautanElemen.objects.all().delete()
    Elemen.objects.update(induk=None)
    Elemen.objects.all().delete()
    Dokumen.objects.all().delete()
    NilaiSkala.objects.all().delete()
    Skala.objects.all().delete()
    Unit.objects.update(induk=None, opd=None)
    Unit.objects.all().delete()
    Pengaturan.objects.all().delete()
