"""XLSX workbooks of the evaluation tables and the recapitulations.

Every sheet has its titles, a header of one or two rows (a column's title,
and K / Rp or its other parts under it), for the evaluation tables the row of
column numbers 1-17 as the lampiran prints it, and then the rows. Numbers are
written as numbers, not text: kinerja values unrounded, capaian and serapan as
shown on the page (two places, half up), rupiah as whole numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sakip.core.templatetags.sakip_format import warna_teks
from sakip.pengukuran import capaian as engine

from .evaluasi_renja import (
    BarisEvaluasi,
    KRp,
    TabelEvaluasi,
    judul_evaluasi,
    kolom_evaluasi,
)
from .rekap import RekapIku, RekapPK, RekapRenstra

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel applies the reader's locale to these codes, so an Indonesian
# installation shows 1.234.567 and 97,50.
FORMAT_RUPIAH = "#,##0"
FORMAT_NILAI = "#,##0.00##"
FORMAT_PERSEN = "#,##0.00"
HEADER_MULAI = 5  # after three title rows and a blank one

TIPIS = Side(style="thin")
BINGKAI = Border(left=TIPIS, right=TIPIS, top=TIPIS, bottom=TIPIS)
TENGAH = Alignment(horizontal="center", vertical="center", wrap_text=True)
TEBAL = {"sasaran", "urusan", "bidang", "program", "footer"}


@dataclass(frozen=True)
class Kolom:
    """A header column: its title, the titles of its parts (none for a single
    column) and the width of each part in characters."""

    judul: str
    anak: tuple[str, ...] = ()
    lebar: float = 12

    @property
    def lebar_daun(self) -> int:
        return max(1, len(self.anak))


@dataclass(frozen=True)
class Sel:
    """One cell: its value, number format and background colour."""

    nilai: Any = None
    format: str | None = None
    warna: str | None = None


@dataclass
class Lembar:
    """A sheet ready to write."""

    judul: str
    baris_judul: list[str]
    kolom: list[Kolom]
    nomor_kolom: bool = False
    baris: list[tuple[str, list[Sel]]] = field(default_factory=list)
    # Rows of a label over the first ``lebar_label`` leaves and one value
    # over the rest, written after the table.
    catatan: list[tuple[str, str]] = field(default_factory=list)
    lebar_label: int = 1


def workbook_bytes(lembar: Lembar) -> bytes:
    """Write ``lembar`` as a one-sheet workbook and return its bytes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = lembar.judul[:31]
    leaves = sum(kolom.lebar_daun for kolom in lembar.kolom)
    for offset, text in enumerate(lembar.baris_judul):
        row = 1 + offset
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = Font(bold=True, size=12 if offset == 0 else 11)
        cell.alignment = TENGAH
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=leaves)

    row = _write_header(sheet, lembar.kolom, HEADER_MULAI)
    if lembar.nomor_kolom:
        row = _write_nomor(sheet, lembar.kolom, row)
    first_data = row
    for tingkat, cells in lembar.baris:
        _write_row(sheet, row, cells, bold=tingkat in TEBAL)
        row += 1
    for label, text in lembar.catatan:
        _write_note(sheet, row, label, text, lembar.lebar_label, leaves)
        row += 1

    column = 1
    for kolom in lembar.kolom:
        for _offset in range(kolom.lebar_daun):
            sheet.column_dimensions[get_column_letter(column)].width = kolom.lebar
            column += 1
    sheet.freeze_panes = f"A{first_data}"
    sheet.print_title_rows = f"{HEADER_MULAI}:{first_data - 1}"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A3
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.right.text = _("Halaman &P dari &N")

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_header(sheet: Worksheet, kolom: Sequence[Kolom], row: int) -> int:
    """Write the header and return the row after it. A column with parts has
    its title over them; one without spans both rows."""
    depth = 2 if any(k.anak for k in kolom) else 1
    column = 1
    for item in kolom:
        width = item.lebar_daun
        for r in range(row, row + depth):
            for c in range(column, column + width):
                _style_header(sheet.cell(row=r, column=c))
        sheet.cell(row=row, column=column, value=item.judul)
        bottom = row if item.anak else row + depth - 1
        if width > 1 or bottom > row:
            sheet.merge_cells(
                start_row=row,
                start_column=column,
                end_row=bottom,
                end_column=column + width - 1,
            )
        for offset, part in enumerate(item.anak):
            sheet.cell(row=row + 1, column=column + offset, value=part)
        column += width
    return row + depth


def _write_nomor(sheet: Worksheet, kolom: Sequence[Kolom], row: int) -> int:
    """Write the column numbers 1, 2, 3 …, each over its column's parts."""
    column = 1
    for number, item in enumerate(kolom, start=1):
        width = item.lebar_daun
        for c in range(column, column + width):
            cell = sheet.cell(row=row, column=c)
            cell.alignment = TENGAH
            cell.border = BINGKAI
            cell.font = Font(italic=True, size=9)
        sheet.cell(row=row, column=column, value=number)
        if width > 1:
            sheet.merge_cells(
                start_row=row,
                start_column=column,
                end_row=row,
                end_column=column + width - 1,
            )
        column += width
    return row + 1


def _style_header(cell) -> None:
    cell.font = Font(bold=True)
    cell.alignment = TENGAH
    cell.border = BINGKAI


def _write_row(sheet: Worksheet, row: int, cells: list[Sel], *, bold: bool) -> None:
    for column, sel in enumerate(cells, start=1):
        cell = sheet.cell(row=row, column=column, value=sel.nilai)
        cell.border = BINGKAI
        numeric = isinstance(sel.nilai, int | Decimal) and not isinstance(
            sel.nilai, bool
        )
        cell.alignment = Alignment(
            horizontal="right" if numeric else None, vertical="top", wrap_text=True
        )
        if numeric and sel.format:
            cell.number_format = sel.format
        if sel.warna:
            cell.fill = PatternFill("solid", fgColor=sel.warna.lstrip("#"))
            cell.font = Font(bold=bold, color=warna_teks(sel.warna).lstrip("#"))
        elif bold:
            cell.font = Font(bold=True)


def _write_note(
    sheet: Worksheet, row: int, label: str, text: str, label_width: int, width: int
) -> None:
    sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
    sheet.cell(row=row, column=label_width + 1, value=text)
    for column in range(1, width + 1):
        cell = sheet.cell(row=row, column=column)
        cell.border = BINGKAI
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    if label_width > 1:
        sheet.merge_cells(
            start_row=row, start_column=1, end_row=row, end_column=label_width
        )
    if width > label_width + 1:
        sheet.merge_cells(
            start_row=row, start_column=label_width + 1, end_row=row, end_column=width
        )


def _k(value: KRp) -> Sel:
    """The K cell: a number, or the text shown in its place."""
    nilai = value.k.nilai
    if isinstance(nilai, Decimal):
        return Sel(nilai, FORMAT_NILAI)
    return Sel(value.k.teks)


def _rp(value: int | None) -> Sel:
    return Sel(value, FORMAT_RUPIAH)


def _persen(value: Decimal | None, warna: str | None = None) -> Sel:
    return Sel(value, FORMAT_PERSEN, warna)


def _kategori(kategori: engine.Kategori | None) -> Sel:
    if kategori is None:
        return Sel("—")
    return Sel(kategori.value, None, kategori.warna)


def evaluasi_xlsx(tabel: TabelEvaluasi) -> bytes:
    """Write the evaluation table of a Renja or the RKPD as XLSX."""
    kolom = [
        Kolom(item.judul, ("K", "Rp") if item.k_rp else (), _lebar(item.nomor))
        for item in kolom_evaluasi(tabel)
    ]
    lembar = Lembar(
        judul=_("Evaluasi %(tahun)s") % {"tahun": tabel.tahun},
        baris_judul=[
            judul_evaluasi(tabel).upper(),
            tabel.unit.nama.upper(),
            _("Periode Pelaksanaan: Tahun %(tahun)s") % {"tahun": tabel.tahun},
        ],
        kolom=kolom,
        nomor_kolom=True,
        lebar_label=5,
    )
    for row in tabel.baris:
        lembar.baris.append((row.tingkat, _evaluasi_cells(row)))
    lembar.baris.extend(_evaluasi_footer(tabel))
    for label, items in (
        (_("Faktor pendorong keberhasilan pencapaian"), tabel.faktor_pendorong),
        (_("Faktor penghambat pencapaian kinerja"), tabel.faktor_penghambat),
        (
            _("Tindak lanjut yang diperlukan dalam triwulan berikutnya"),
            tabel.tindak_lanjut_triwulan,
        ),
        (
            _("Tindak lanjut yang diperlukan dalam %(dokumen)s berikutnya")
            % {"dokumen": _("RKPD") if tabel.jenis == "rkpd" else _("Renja PD")},
            tabel.tindak_lanjut_berikutnya,
        ),
    ):
        lembar.catatan.append((label, "\n".join(items)))
    for text in tabel.catatan:
        lembar.catatan.append((_("Catatan"), text))
    return workbook_bytes(lembar)


def _lebar(nomor: int) -> float:
    return {1: 6, 2: 24, 3: 16, 4: 36, 5: 32, 16: 20, 17: 36}.get(nomor, 13)


def _evaluasi_cells(row: BarisEvaluasi) -> list[Sel]:
    warna = row.kategori.warna if row.kategori else None
    cells = [
        Sel(row.nomor),
        Sel(row.sasaran if row.tingkat == "sasaran" and row.pertama else ""),
        Sel(row.kode),
        Sel(row.uraian),
        Sel(row.indikator_teks),
    ]
    for value in (
        row.target_akhir,
        row.realisasi_lalu,
        row.target_tahun,
        *row.triwulan,
        row.realisasi_tahun,
        row.realisasi_sd,
    ):
        if row.indikator is None and row.tingkat in ("urusan", "bidang"):
            cells.extend([Sel(), Sel()])
            continue
        cells.extend([_k(value), _rp(value.rp)])
    cells.extend(
        [
            _persen(row.tingkat_capaian_k_2dp, warna),
            _persen(row.tingkat_capaian_rp_2dp),
            Sel(row.unit_pj),
            Sel("\n".join(row.keterangan)),
        ]
    )
    return cells


def _evaluasi_footer(tabel: TabelEvaluasi) -> list[tuple[str, list[Sel]]]:
    """The rows of the mean capaian and the predikat: under column 13 the
    year's (capaian against its target, serapan of the year's pagu), under
    column 15 up to the year against the end of the period."""
    blank = [Sel()] * 2

    def row(label: str, k13: Sel, rp13: Sel, k15: Sel, rp15: Sel) -> list[Sel]:
        return [
            Sel(label),
            *[Sel()] * 4,
            *blank * 7,
            k13,
            rp13,
            *blank,
            k15,
            rp15,
            Sel(),
            Sel(),
        ]

    return [
        (
            "footer",
            row(
                _("Rata-rata capaian kinerja (%)"),
                _persen(tabel.rata_rata_capaian_tahun_2dp),
                _persen(tabel.serapan_tahun_2dp),
                _persen(tabel.rata_rata_tingkat_capaian_2dp),
                _persen(tabel.serapan_sd_2dp),
            ),
        ),
        (
            "footer",
            row(
                _("Predikat kinerja"),
                _kategori(tabel.predikat_tahun),
                Sel(),
                _kategori(tabel.predikat),
                Sel(),
            ),
        ),
    ]


def rekap_iku_xlsx(rekap: RekapIku) -> bytes:
    lembar = Lembar(
        judul=_("IKU %(tahun)s") % {"tahun": rekap.tahun},
        baris_judul=[
            _("REKAPITULASI CAPAIAN INDIKATOR KINERJA UTAMA"),
            rekap.unit.nama.upper(),
            _("Tahun %(tahun)s") % {"tahun": rekap.tahun},
        ],
        kolom=[
            Kolom(pgettext("nomor urut", "No"), lebar=6),
            Kolom(_("Kode"), lebar=16),
            Kolom(_("Indikator Kinerja Utama"), lebar=40),
            Kolom(_("Satuan"), lebar=12),
            Kolom(_("Target"), lebar=14),
            Kolom(_("Realisasi"), lebar=14),
            Kolom(_("Capaian (%)"), lebar=12),
            Kolom(_("Kategori"), lebar=14),
            Kolom(_("Sumber target"), lebar=22),
            Kolom(_("Keterangan"), lebar=36),
        ],
        lebar_label=2,
    )
    for nomor, item in enumerate(rekap.baris, start=1):
        lembar.baris.append(
            (
                "indikator",
                [
                    Sel(nomor),
                    Sel(item.indikator.kode),
                    Sel(item.indikator.uraian),
                    Sel(item.indikator.satuan),
                    *_target_realisasi(item),
                    _persen(item.capaian_2dp, item.warna),
                    Sel(item.kategori or "—"),
                    Sel(item.sumber_target or "—"),
                    Sel(item.keterangan or ""),
                ],
            )
        )
    for text in rekap.catatan:
        lembar.catatan.append((_("Catatan"), text))
    return workbook_bytes(lembar)


def _target_realisasi(item) -> list[Sel]:
    """The target and realisation of a capaian: numbers where they are, else
    the text the page shows ("belum diisi" for a missing realisation)."""
    target = (
        Sel(item.target, FORMAT_NILAI)
        if item.target is not None
        else Sel(item.target_teks)
    )
    if item.realisasi is not None:
        realisasi = Sel(item.realisasi, FORMAT_NILAI)
    elif item.realisasi_teks in ("", "—"):
        realisasi = Sel(_(engine.KETERANGAN_BELUM_DIISI))
    else:
        realisasi = Sel(item.realisasi_teks)
    return [target, realisasi]


def rekap_pk_xlsx(rekap: RekapPK) -> bytes:
    perjanjian = rekap.perjanjian
    triwulan = [
        Kolom(
            _("Triwulan %(tw)s") % {"tw": romawi},
            (_("Realisasi s/d"), _("Capaian (%)")),
            12,
        )
        for romawi in ("I", "II", "III", "IV")
    ]
    lembar = Lembar(
        judul=_("PK %(tahun)s") % {"tahun": perjanjian.tahun},
        baris_judul=[
            _("REKAPITULASI CAPAIAN PERJANJIAN KINERJA"),
            perjanjian.pihak_pertama_nama_jabatan.upper(),
            _("Tahun %(tahun)s") % {"tahun": perjanjian.tahun},
        ],
        kolom=[
            Kolom(pgettext("nomor urut", "No"), lebar=6),
            Kolom(_("Sasaran"), lebar=28),
            Kolom(_("Indikator"), lebar=36),
            Kolom(_("Satuan"), lebar=10),
            Kolom(_("Target"), lebar=12),
            *triwulan,
            Kolom(_("Tahunan"), (_("Realisasi"), _("Capaian (%)")), 12),
            Kolom(_("Kategori"), lebar=14),
        ],
        lebar_label=2,
    )
    for nomor, item in enumerate(rekap.baris, start=1):
        indikator = item.baris.indikator
        cells = [
            Sel(nomor),
            Sel(indikator.elemen.uraian),
            Sel(indikator.uraian),
            Sel(indikator.satuan),
            _target_realisasi(item.tahunan)[0],
        ]
        for capaian in (*item.triwulan, item.tahunan):
            cells.extend(
                [
                    _target_realisasi(capaian)[1],
                    _persen(capaian.capaian_2dp, capaian.warna),
                ]
            )
        cells.append(Sel(item.tahunan.kategori or "—"))
        lembar.baris.append(("indikator", cells))
    for text in rekap.catatan:
        lembar.catatan.append((_("Catatan"), text))
    return workbook_bytes(lembar)


def rekap_renstra_xlsx(rekap: RekapRenstra) -> bytes:
    dokumen = rekap.dokumen
    lembar = Lembar(
        judul=_("Capaian %(awal)s-%(akhir)s")
        % {"awal": dokumen.tahun_awal, "akhir": dokumen.tahun_terakhir},
        baris_judul=[
            _("CAPAIAN KINERJA %(jenis)s PER TAHUN")
            % {"jenis": dokumen.get_jenis_display().upper()},
            dokumen.unit.nama.upper(),
            _("Periode %(awal)s–%(akhir)s")
            % {"awal": dokumen.tahun_awal, "akhir": dokumen.tahun_terakhir},
        ],
        kolom=[
            Kolom(pgettext("nomor urut", "No"), lebar=6),
            Kolom(_("Sasaran/Program"), lebar=28),
            Kolom(_("Indikator"), lebar=36),
            Kolom(_("Satuan"), lebar=10),
            Kolom(_("Kondisi Awal"), lebar=12),
            *(
                Kolom(str(tahun), (_("Target"), _("Realisasi"), _("Capaian (%)")), 11)
                for tahun in rekap.tahun_list
            ),
            Kolom(_("Target Akhir Periode"), lebar=12),
            Kolom(_("Progres dari Kondisi Awal (%)"), lebar=14),
            Kolom(_("Keterangan"), lebar=30),
        ],
        lebar_label=2,
    )
    for nomor, row in enumerate(rekap.baris, start=1):
        cells = [
            Sel(nomor),
            Sel(row.indikator.elemen.uraian),
            Sel(row.indikator.uraian),
            Sel(row.indikator.satuan),
            Sel(row.kondisi_awal_teks),
        ]
        for year in row.tahun:
            cells.extend(
                [
                    *_target_realisasi(year.capaian),
                    _persen(year.capaian.capaian_2dp, year.capaian.warna),
                ]
            )
        cells.extend(
            [
                Sel(row.target_akhir_teks),
                _persen(row.progres.nilai_2dp),
                Sel(row.progres_keterangan),
            ]
        )
        lembar.baris.append(("indikator", cells))
    for text in rekap.catatan:
        lembar.catatan.append((_("Catatan"), text))
    return workbook_bytes(lembar)
