"""Writing the database as a Buku Kerja workbook in the layout of ``schema``.

Importing the exported workbook gives the same data back. Numbers are written
as numeric cells, with trailing zeros of the stored decimals dropped, and
rows in the order the product shows them (``urutan``, then kode).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.organisasi.models import Pengaturan, Unit
from sakip.pengukuran.models import Realisasi
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Target, TautanElemen
from sakip.referensi.models import NilaiSkala

from .schema import MENDUKUNG_SEPARATOR, SHEETS

logger = logging.getLogger(__name__)

CHUNK_SIZE = 5000
HEADER_FONT = Font(bold=True)


def export_workbook(target: str | Path | IO[bytes]) -> None:
    """Write every row of the Pemda's data to ``target``, a path or a binary
    file opened for writing."""
    book = openpyxl.Workbook(write_only=True)
    writers = {
        "Pengaturan": _pengaturan,
        "Unit": _unit,
        "Dokumen": _dokumen,
        "Elemen": _elemen,
        "Skala": _skala,
        "Indikator": _indikator,
        "Target": _target,
        "Realisasi": _realisasi,
        "Anggaran": _anggaran,
        "Keuangan": _keuangan,
    }
    counts = {}
    for name, columns in SHEETS.items():
        sheet = book.create_sheet(name)
        sheet.append([_header(sheet, column.name) for column in columns])
        count = 0
        for row in writers[name]():
            sheet.append([_cell(sheet, value) for value in row])
            count += 1
        counts[name] = count
    book.save(target)
    logger.info("Exported the Buku Kerja workbook: %s", counts)


def _header(sheet: Any, name: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=name)
    cell.font = HEADER_FONT
    return cell


def _cell(sheet: Any, value: Any) -> Any:
    """Convert a value for openpyxl: a Decimal without trailing zeros (an int
    when whole), empty text as an empty cell, and text that starts with "="
    as a text cell.

    openpyxl writes a string that starts with "=" as a formula, so a name
    typed as ``=HYPERLINK(…)`` or ``=cmd|…`` would run in the planner's
    spreadsheet program; forcing the cell's type keeps it inert text, and it
    reads back as the same text.
    """
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return value.normalize()
    if value == "":
        return None
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _rows(queryset: Any, fields: Iterable[str]) -> Iterator[tuple]:
    return queryset.values_list(*fields).iterator(chunk_size=CHUNK_SIZE)


def _pengaturan() -> Iterator[tuple]:
    pengaturan = Pengaturan.objects.filter(pk=1).first()
    if pengaturan is None:
        return
    yield ("nama_pemda", pengaturan.nama_pemda)
    yield ("rumus_negatif", pengaturan.rumus_negatif)
    yield ("batas_rollup", pengaturan.batas_rollup)


def _unit() -> Iterator[tuple]:
    units = Unit.objects.order_by("urutan", "kode")
    return _rows(units, ("kode", "nama", "jenis", "induk__kode", "singkatan"))


def _dokumen() -> Iterator[tuple]:
    fields = ("kode", "jenis", "unit__kode", "tahun_awal", "tahun_akhir", "versi")
    return _rows(Dokumen.objects.order_by("kode"), (*fields, "status", "nama"))


def _elemen() -> Iterator[tuple]:
    mendukung: dict[int, list[str]] = {}
    links = TautanElemen.objects.filter(jenis=TautanElemen.Jenis.MENDUKUNG)
    for dari_id, ke_kode in links.order_by("ke__kode").values_list(
        "dari_id", "ke__kode"
    ):
        mendukung.setdefault(dari_id, []).append(ke_kode)
    separator = f"{MENDUKUNG_SEPARATOR} "
    elemen = Elemen.objects.order_by("dokumen__kode", "urutan", "kode")
    fields = ("id", "kode", "dokumen__kode", "jenis", "induk__kode", "uraian")
    for pk, *row, nomenklatur, unit_pj in _rows(
        elemen, (*fields, "nomenklatur", "unit_pj__kode")
    ):
        yield (*row, nomenklatur, separator.join(mendukung.get(pk, [])), unit_pj)


def _skala() -> Iterator[tuple]:
    values = NilaiSkala.objects.order_by("skala__nama", "peringkat")
    return _rows(values, ("skala__nama", "nilai", "peringkat"))


def _indikator() -> Iterator[tuple]:
    indikator = Indikator.objects.order_by("elemen__kode", "urutan", "kode")
    fields = ("kode", "elemen__kode", "uraian", "satuan", "polaritas", "skala__nama")
    more = ("agregasi", "rumus_negatif", "iku", "kondisi_awal", "kondisi_awal_skala")
    for row in _rows(indikator, (*fields, *more, "definisi", "sumber_data")):
        (kode, elemen, uraian, satuan, polaritas, skala, agregasi, rumus) = row[:8]
        iku, kondisi_awal, kondisi_awal_skala, definisi, sumber_data = row[8:]
        yield (
            kode,
            elemen,
            uraian,
            satuan,
            polaritas,
            f"skala:{skala}" if skala else "angka",
            agregasi,
            rumus,
            "ya" if iku else "tidak",
            kondisi_awal_skala if skala else kondisi_awal,
            definisi,
            sumber_data,
        )


def _target() -> Iterator[tuple]:
    targets = Target.objects.order_by(
        "indikator__kode", "dokumen__kode", "tahun", "periode"
    )
    fields = ("indikator__kode", "dokumen__kode", "tahun", "periode")
    values = ("nilai", "nilai_skala", "batas_bawah", "batas_atas")
    for *key, nilai, nilai_skala, bawah, atas in _rows(targets, (*fields, *values)):
        yield (*key, nilai_skala or nilai, bawah, atas)


def _realisasi() -> Iterator[tuple]:
    realisasi = Realisasi.objects.order_by("indikator__kode", "tahun", "periode")
    fields = ("indikator__kode", "tahun", "periode", "nilai", "nilai_skala")
    for *key, nilai, nilai_skala, keterangan in _rows(
        realisasi, (*fields, "keterangan")
    ):
        yield (*key, nilai_skala or nilai, keterangan)


def _anggaran() -> Iterator[tuple]:
    pagu = Pagu.objects.order_by("elemen__kode", "tahun", "versi")
    return _rows(pagu, ("elemen__kode", "tahun", "versi", "pagu"))


def _keuangan() -> Iterator[tuple]:
    keuangan = KeuanganBulanan.objects.order_by("elemen__kode", "tahun", "bulan")
    fields = ("elemen__kode", "tahun", "bulan", "anggaran_kas", "realisasi_keuangan")
    return _rows(keuangan, (*fields, "realisasi_fisik"))
