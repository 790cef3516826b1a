"""The files of an evaluation's result: the LKE worksheet as XLSX and the
Laporan Hasil Evaluasi (LHE) as DOCX and PDF.

The worksheet follows the LKE's layout: a row per komponen, sub komponen and
criterion, with the bobot, the answer, the nilai, the note and the evidence,
then the total and the predikat. A criterion's nilai is its answer's value
(0 to 1); a sub komponen's is its bobot times the mean of its criteria's
values, a komponen's the sum of its sub komponen, all unrounded numbers.

The LHE's DOCX is rendered with docxtpl from a default template built with
python-docx when asked for. A Pemda replaces it by storing its own template,
with the tags of ``lhe_docx_context``, at ``TEMPLAT_LHE_PATH`` in the file
storage.
"""

from __future__ import annotations

import io
import logging
from decimal import Decimal

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from sakip.core.templatetags.sakip_format import angka
from sakip.perjanjian.docx_template import render_docx_template

from .bukti_data import RekomendasiRingkas, read_rekomendasi
from .hasil import HasilEvaluasi
from .models import Rekomendasi

logger = logging.getLogger(__name__)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
TEMPLAT_LHE_PATH = "evaluasi/templat/lhe.docx"
FORMAT_NILAI = "#,##0.00##"
TIPIS = Side(style="thin")
BINGKAI = Border(left=TIPIS, right=TIPIS, top=TIPIS, bottom=TIPIS)
WARNA_KOMPONEN = PatternFill("solid", fgColor="D9E2F3")
WARNA_SUB = PatternFill("solid", fgColor="EDEDED")
KOLOM_LKE = (
    (gettext_lazy("No"), 10),
    (gettext_lazy("Komponen / Sub Komponen / Kriteria"), 60),
    (gettext_lazy("Bobot"), 9),
    (gettext_lazy("Jawaban"), 10),
    (gettext_lazy("Nilai"), 10),
    (gettext_lazy("Catatan"), 40),
    (gettext_lazy("Bukti dukung"), 40),
)
HEADER_ROW = 6


def nama_berkas(hasil: HasilEvaluasi, ext: str, jenis: str) -> str:
    """Return a download's file name, such as ``lke-2025-OPD-A.xlsx``."""
    evaluasi = hasil.evaluasi
    return f"{jenis}-{evaluasi.tahun}-{evaluasi.unit.kode}.{ext}"


def _bukti_text(baris) -> str:
    parts = []
    jawaban = baris.jawaban
    if jawaban is not None and jawaban.bukti_nama:
        parts.append(jawaban.bukti_nama)
    if jawaban is not None and jawaban.bukti_tautan:
        parts.append(jawaban.bukti_tautan)
    if not parts and baris.bukti_dukung:
        return _("Diminta: %(daftar)s") % {"daftar": "; ".join(baris.bukti_dukung)}
    return "; ".join(parts)


def lke_xlsx(hasil: HasilEvaluasi) -> bytes:
    """Render the LKE worksheet of ``hasil`` as XLSX bytes."""
    evaluasi = hasil.evaluasi
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "LKE"
    sheet["A1"] = _("LEMBAR KERJA EVALUASI AKUNTABILITAS KINERJA INSTANSI PEMERINTAH")
    sheet["A1"].font = Font(bold=True, size=12)
    sheet["A2"] = _("Unit: %(unit)s") % {"unit": evaluasi.unit.nama}
    sheet["A3"] = _("Tahun: %(tahun)s") % {"tahun": evaluasi.tahun}
    sheet["A4"] = _("%(template)s · jawaban tahap %(tahap)s · status %(status)s") % {
        "template": evaluasi.template.nama,
        "tahap": hasil.tahap_label,
        "status": evaluasi.get_status_display(),
    }
    for column, (judul, lebar) in enumerate(KOLOM_LKE, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=str(judul))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = BINGKAI
        sheet.column_dimensions[cell.column_letter].width = lebar

    row = HEADER_ROW + 1
    for komponen in hasil.komponen:
        _write_row(
            sheet,
            row,
            [komponen.kode, komponen.nama, komponen.bobot, "", komponen.nilai, "", ""],
            fill=WARNA_KOMPONEN,
            bold=True,
        )
        row += 1
        for sub in komponen.sub_komponen:
            _write_row(
                sheet,
                row,
                [sub.kode, sub.nama, sub.bobot, "", sub.nilai, "", ""],
                fill=WARNA_SUB,
                bold=True,
            )
            row += 1
            for kriteria in sub.kriteria:
                jawaban = kriteria.jawaban
                _write_row(
                    sheet,
                    row,
                    [
                        kriteria.kode,
                        kriteria.uraian,
                        "",
                        "" if jawaban is None else jawaban.kode,
                        kriteria.nilai,
                        "" if jawaban is None else jawaban.catatan,
                        _bukti_text(kriteria),
                    ],
                )
                row += 1

    bobot_total = sum((komponen.bobot for komponen in hasil.komponen), Decimal(0))
    _write_row(
        sheet,
        row,
        ["", _("Nilai Akuntabilitas Kinerja"), bobot_total, "", hasil.total, "", ""],
        bold=True,
    )
    _write_row(
        sheet,
        row + 1,
        [
            "",
            _("Predikat"),
            "",
            hasil.predikat,
            "",
            hasil.predikat_keterangan,
            "",
        ],
        bold=True,
    )
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_row(sheet, row: int, values: list, *, fill=None, bold=False) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.border = BINGKAI
        cell.alignment = Alignment(vertical="top", wrap_text=column in (2, 6, 7))
        if isinstance(value, Decimal):
            cell.number_format = FORMAT_NILAI
        if fill is not None:
            cell.fill = fill
        if bold:
            cell.font = Font(bold=True)


def lhe_context(hasil: HasilEvaluasi) -> dict:
    """Return what the LHE shows: the unit and year, the score per komponen,
    the total and predikat, the findings (the notes of the answers) and the
    recommendations when the product records them."""
    evaluasi = hasil.evaluasi
    rekomendasi: list[RekomendasiRingkas] | None = read_rekomendasi(
        evaluasi.unit, evaluasi.tahun
    )
    if rekomendasi is not None:
        # The LHE is the Inspektorat's report: the ministry's recommendations
        # to the Pemda of the same year are tracked, but are not its own.
        rekomendasi = [
            item for item in rekomendasi if item.sumber != Rekomendasi.Sumber.KEMENPANRB
        ]
    return {
        "hasil": hasil,
        "evaluasi": evaluasi,
        "temuan": hasil.catatan,
        "rekomendasi": rekomendasi,
        "tanggal": localdate(),
    }


def render_lhe_pdf(hasil: HasilEvaluasi) -> bytes:
    """Render the LHE to PDF bytes (A4 portrait)."""
    # Imported here: WeasyPrint loads pango when imported.
    from weasyprint import HTML

    html = render_to_string("evaluasi/hasil_lhe_cetak.html", lhe_context(hasil))
    return HTML(string=html).write_pdf()


def lhe_docx_context(hasil: HasilEvaluasi) -> dict:
    """Return the values a DOCX template of the LHE can use, as text."""
    context = lhe_context(hasil)
    evaluasi = hasil.evaluasi
    rekomendasi = context["rekomendasi"] or []
    return {
        "unit": evaluasi.unit.nama,
        "unit_upper": evaluasi.unit.nama.upper(),
        "tahun": str(evaluasi.tahun),
        "template": evaluasi.template.nama,
        "status": evaluasi.get_status_display(),
        "final": hasil.tersimpan,
        "tanggal": date_format(context["tanggal"], "j F Y"),
        "total": angka(hasil.total, 2),
        "predikat": hasil.predikat,
        "predikat_keterangan": hasil.predikat_keterangan,
        "komponen_list": [
            {
                "no": str(nomor),
                "nama": komponen.nama,
                "bobot": angka(komponen.bobot, 2),
                "nilai": angka(komponen.nilai, 2),
            }
            for nomor, komponen in enumerate(hasil.komponen, start=1)
        ],
        "temuan_list": [
            {
                "komponen": komponen.nama,
                "kriteria": f"{kriteria.kode} {kriteria.uraian}",
                "catatan": kriteria.jawaban.catatan,
            }
            for komponen, kriteria in context["temuan"]
        ],
        "rekomendasi_ada": context["rekomendasi"] is not None,
        "rekomendasi_list": [
            {
                "no": str(nomor),
                "uraian": item.uraian,
                "status": _("sudah ditindaklanjuti")
                if item.selesai
                else _("belum ditindaklanjuti"),
            }
            for nomor, item in enumerate(rekomendasi, start=1)
        ],
    }


def build_default_lhe_template() -> bytes:
    """Build the default LHE template (A4 portrait, DejaVu Sans) as DOCX bytes."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(22), Mm(18)
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)

    def centered(text: str) -> None:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = True

    centered(_("LAPORAN HASIL EVALUASI AKUNTABILITAS KINERJA"))
    centered("{{ unit_upper }}")
    centered(_("TAHUN") + " {{ tahun }}")
    document.add_paragraph("{%p if not final %}")
    centered(_("SEMENTARA — evaluasi belum final ({{ status }})"))
    document.add_paragraph("{%p endif %}")
    document.add_heading(_("I. Hasil Evaluasi"), level=2)
    document.add_paragraph(
        _(
            "Evaluasi atas akuntabilitas kinerja {{ unit }} tahun {{ tahun }} "
            "menurut {{ template }} memberikan nilai {{ total }} dengan predikat "
            "{{ predikat }} ({{ predikat_keterangan }})."
        )
    )
    _add_loop_table(
        document,
        header=["No", _("Komponen"), _("Bobot"), _("Nilai")],
        loop="{%tr for item in komponen_list %}",
        cells=[
            "{{ item.no }}",
            "{{ item.nama }}",
            "{{ item.bobot }}",
            "{{ item.nilai }}",
        ],
        footer=["", _("Nilai Akuntabilitas Kinerja"), "100", "{{ total }}"],
    )
    document.add_heading(_("II. Catatan Hasil Evaluasi"), level=2)
    document.add_paragraph("{%p if temuan_list %}")
    _add_loop_table(
        document,
        header=[_("Komponen"), _("Kriteria"), _("Catatan")],
        loop="{%tr for item in temuan_list %}",
        cells=["{{ item.komponen }}", "{{ item.kriteria }}", "{{ item.catatan }}"],
    )
    document.add_paragraph("{%p else %}")
    document.add_paragraph(_("Tidak ada catatan pada lembar kerja evaluasi."))
    document.add_paragraph("{%p endif %}")
    document.add_heading(_("III. Rekomendasi"), level=2)
    document.add_paragraph("{%p if rekomendasi_list %}")
    _add_loop_table(
        document,
        header=["No", _("Rekomendasi"), _("Status")],
        loop="{%tr for item in rekomendasi_list %}",
        cells=["{{ item.no }}", "{{ item.uraian }}", "{{ item.status }}"],
    )
    document.add_paragraph("{%p else %}")
    document.add_paragraph(_("Belum ada rekomendasi yang tercatat."))
    document.add_paragraph("{%p endif %}")
    paragraph = document.add_paragraph("{{ tanggal }}")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_loop_table(document, *, header, loop, cells, footer=None) -> None:
    rows = 4 + (1 if footer else 0)
    table = document.add_table(rows=rows, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    table.rows[1].cells[0].text = loop
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    if footer:
        for cell, text in zip(table.rows[4].cells, footer, strict=True):
            cell.text = text


def templat_lhe() -> bytes | None:
    """Return the Pemda's own LHE template from the storage, if stored."""
    if not default_storage.exists(TEMPLAT_LHE_PATH):
        return None
    with default_storage.open(TEMPLAT_LHE_PATH, "rb") as berkas:
        return berkas.read()


def render_lhe_docx(hasil: HasilEvaluasi, template: bytes | None = None) -> bytes:
    """Render the LHE with ``template``, else the Pemda's stored template,
    else the default. A stored template that fails is logged and the default
    is used, so the user still gets a document."""
    context = lhe_docx_context(hasil)
    if template is not None:
        return render_docx_template(template, context)
    stored = templat_lhe()
    if stored is not None:
        try:
            return render_docx_template(stored, context)
        except Exception:
            logger.warning(
                "LHE template %s failed for evaluation %s; using the default",
                TEMPLAT_LHE_PATH,
                hasil.evaluasi.pk,
                exc_info=True,
            )
    return render_docx_template(build_default_lhe_template(), context)
