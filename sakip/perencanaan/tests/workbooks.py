"""Build small Buku Kerja workbooks for the tests of the consistency check.

``clean_plan()`` returns the rows of a plan with no finding: an RPJMD, a
Renstra of Dinas A that cascades from it and the Renja 2026 derived from the
Renstra, with the nomenklatur of ``NOMENKLATUR_CSV``. Tests add or change rows,
then ``write_workbook`` saves them in the layout of docs/buku-kerja.md.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from sakip.referensi.services import nomenklatur_load

NOMENKLATUR_CSV = """kode,tingkat,nama
1,urusan,URUSAN WAJIB PELAYANAN DASAR
1.02,bidang_urusan,URUSAN KESEHATAN
1.02.02,program,PROGRAM PEMENUHAN UPAYA KESEHATAN
1.02.02.2.01,kegiatan,Penyediaan Fasilitas Pelayanan Kesehatan
1.02.02.2.01.0001,sub_kegiatan,Pembangunan Puskesmas
X.XX.01,program,PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH
X.XX.01.2.01,kegiatan,Perencanaan dan Evaluasi Kinerja Perangkat Daerah
"""
PERIODE = range(2025, 2030)


def load_nomenklatur(tmp_path: Path) -> None:
    path = tmp_path / "nomenklatur.csv"
    path.write_text(NOMENKLATUR_CSV, encoding="utf-8")
    nomenklatur_load(path=path, berlaku_mulai=2021, nama="Nomenklatur uji")


def targets(indikator: str, dokumen: str, years=PERIODE, nilai=50) -> list[dict]:
    return [
        {
            "indikator": indikator,
            "dokumen": dokumen,
            "tahun": year,
            "periode": "tahunan",
            "nilai": nilai,
        }
        for year in years
    ]


def indikator(kode: str, elemen: str, uraian: str, **extra) -> dict:
    return {
        "kode": kode,
        "elemen": elemen,
        "uraian": uraian,
        "satuan": "%",
        "polaritas": "positif",
        **extra,
    }


def clean_plan() -> dict[str, list[dict]]:
    """The rows, by sheet, of a plan that the check finds nothing in."""
    elemen = [
        ("VISI", "RPJMD", "visi", "", "Daerah sehat", "", ""),
        ("MISI", "RPJMD", "misi", "VISI", "Layanan dasar bermutu", "", ""),
        ("TUJ", "RPJMD", "tujuan", "MISI", "Meningkatnya kesehatan", "", ""),
        ("SAS", "RPJMD", "sasaran", "TUJ", "Meningkatnya derajat kesehatan", "", ""),
        ("RS-TUJ", "RENSTRA-A", "tujuan", "", "Mutu layanan kesehatan", "", "SAS"),
        ("RS-SAS", "RENSTRA-A", "sasaran", "RS-TUJ", "Meningkatnya mutu", "", ""),
        ("RS-PRG", "RENSTRA-A", "program", "RS-SAS", "Upaya kesehatan", "1.02.02", ""),
        ("RS-KEG", "RENSTRA-A", "kegiatan", "RS-PRG", "Fasilitas", "1.02.02.2.01", ""),
        ("RS-PNJ", "RENSTRA-A", "program", "RS-SAS", "Penunjang", "1.02.01", ""),
        ("RJ-PRG", "RENJA-A", "program", "", "Upaya kesehatan", "1.02.02", "RS-PRG"),
        (
            "RJ-KEG",
            "RENJA-A",
            "kegiatan",
            "RJ-PRG",
            "Fasilitas",
            "1.02.02.2.01",
            "RS-KEG",
        ),
    ]
    rows = {
        "Unit": [
            {"kode": "PEMDA", "nama": "Kabupaten Uji", "jenis": "pemda"},
            {
                "kode": "OPD-A",
                "nama": "Dinas A",
                "jenis": "perangkat_daerah",
                "induk": "PEMDA",
            },
        ],
        "Dokumen": [
            {"kode": "RPJMD", "jenis": "RPJMD", "unit": "PEMDA", "tahun_awal": 2025},
            {"kode": "RENSTRA-A", "jenis": "RENSTRA", "unit": "OPD-A"},
            {"kode": "RENJA-A", "jenis": "RENJA", "unit": "OPD-A"},
        ],
        "Elemen": [
            dict(
                zip(
                    ("kode", "dokumen", "jenis", "induk", "uraian"),
                    row[:5],
                    strict=True,
                ),
                nomenklatur=row[5],
                mendukung=row[6],
            )
            for row in elemen
        ],
        "Indikator": [
            indikator(
                "IKU-1",
                "SAS",
                "Angka harapan hidup",
                iku="ya",
                definisi="Rata-rata umur yang dapat dicapai sejak lahir.",
            ),
            indikator("RS-IND-1", "RS-SAS", "Indeks kepuasan layanan kesehatan"),
            indikator("RS-IND-2", "RS-PRG", "Persentase puskesmas terakreditasi"),
            indikator("RJ-IND-2", "RJ-PRG", "Persentase puskesmas terakreditasi"),
        ],
        "Target": [
            *targets("IKU-1", "RPJMD"),
            *targets("RS-IND-1", "RENSTRA-A"),
            *targets("RS-IND-2", "RENSTRA-A", nilai=60),
            *targets("RJ-IND-2", "RENJA-A", years=[2026], nilai=60),
        ],
    }
    for dokumen in rows["Dokumen"]:
        if dokumen["jenis"] == "RENJA":
            dokumen.update(tahun_awal=2026, tahun_akhir=None)
        else:
            dokumen.update(tahun_awal=2025, tahun_akhir=2029)
    return rows


def write_workbook(path: Path, sheets: dict[str, list[dict]]) -> Path:
    """Write ``sheets`` (rows as dicts) as a workbook; the first row of each
    sheet names the columns, in the order they first appear."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        columns: list[str] = []
        for row in rows:
            columns.extend(key for key in row if key not in columns)
        sheet.append(columns)
        for row in rows:
            sheet.append([_cell(row.get(column)) for column in columns])
    workbook.save(path)
    return path


def _cell(value):
    return None if value in ("", None) else value
