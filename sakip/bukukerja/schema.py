"""The layout of the Buku Kerja workbook, version 1: its sheets and their columns.

The reader matches a file against this layout and the exporter writes it, in
this order. Columns marked required must be present in the header row and
filled in every row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False


def _columns(*names: str) -> tuple[Column, ...]:
    """Columns from names; a trailing ``*`` marks a required column."""
    return tuple(
        Column(name.rstrip("*"), required=name.endswith("*")) for name in names
    )


SHEETS: dict[str, tuple[Column, ...]] = {
    "Pengaturan": _columns("kunci*", "nilai*"),
    "Unit": _columns("kode*", "nama*", "jenis*", "induk", "singkatan"),
    "Dokumen": _columns(
        "kode*",
        "jenis*",
        "unit*",
        "tahun_awal*",
        "tahun_akhir",
        "versi",
        "status",
        "nama",
    ),
    "Elemen": _columns(
        "kode*",
        "dokumen*",
        "jenis*",
        "induk",
        "uraian*",
        "nomenklatur",
        "mendukung",
        "unit_pj",
    ),
    "Skala": _columns("nama*", "nilai*", "peringkat*"),
    "Indikator": _columns(
        "kode*",
        "elemen*",
        "uraian*",
        "satuan*",
        "polaritas*",
        "jenis_nilai",
        "agregasi",
        "rumus_negatif",
        "iku",
        "kondisi_awal",
        "definisi",
        "sumber_data",
    ),
    "Target": _columns(
        "indikator*",
        "dokumen*",
        "tahun*",
        "periode*",
        "nilai",
        "batas_bawah",
        "batas_atas",
    ),
    "Realisasi": _columns("indikator*", "tahun*", "periode*", "nilai*", "keterangan"),
    "Anggaran": _columns("elemen*", "tahun*", "versi", "pagu*"),
    "Keuangan": _columns(
        "elemen*",
        "tahun*",
        "bulan*",
        "anggaran_kas",
        "realisasi_keuangan",
        "realisasi_fisik",
    ),
}

# Separator of the kode list in Elemen.mendukung.
MENDUKUNG_SEPARATOR = ";"

_SPACES = re.compile(r"[\s\-]+")


def normalize_name(name: object) -> str:
    """Normalize a sheet or column name for comparison: lower case, without
    surrounding spaces, with inner spaces and hyphens as ``_``."""
    return _SPACES.sub("_", str(name).strip().lower())


SHEET_BY_NORMALIZED_NAME = {normalize_name(name): name for name in SHEETS}
