"""The default DOCX template of the LKjIP, built with python-docx when a
document is requested, with the docxtpl tags that ``dokumen.lkjip_context``
fills in.

A paragraph tag ``{%p … %}`` and a row tag ``{%tr … %}`` are the only text of
their paragraph or table row, which docxtpl replaces with the tag, so a loop
over sasaran repeats the headings, paragraphs and tables between its two tags.
A Pemda may copy this template, add its letterhead and keep the tags.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt


def build_lkjip_template() -> bytes:
    """Build the default LKjIP template (A4 portrait, DejaVu Sans) as DOCX bytes."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(22), Mm(18)
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)

    _add_sampul(document)
    _add_ikhtisar(document)
    document.add_page_break()
    document.add_heading(_("BAB I PENDAHULUAN"), level=1)
    _add_paragraphs(document, "pendahuluan")
    document.add_page_break()
    _add_bab2(document)
    document.add_page_break()
    _add_bab3(document)
    document.add_page_break()
    document.add_heading(_("BAB IV PENUTUP"), level=1)
    _add_paragraphs(document, "penutup")
    document.add_page_break()
    _add_lampiran(document)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_sampul(document) -> None:
    for text, size in (
        ("{{ judul }}", 18),
        ("{{ unit_upper }}", 15),
        (_("TAHUN") + " {{ tahun }}", 15),
    ):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Mm(12)
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
    status = document.add_paragraph()
    status.alignment = WD_ALIGN_PARAGRAPH.CENTER
    status.paragraph_format.space_before = Mm(12)
    status.add_run("{{ status_teks }}")
    document.add_page_break()


def _add_ikhtisar(document) -> None:
    document.add_heading(_("IKHTISAR EKSEKUTIF"), level=1)
    _add_paragraphs(document, "ikhtisar")
    document.add_paragraph("{%p if catatan %}")
    document.add_paragraph(_("Data yang belum lengkap:"))
    document.add_paragraph("{%p for item in catatan %}")
    document.add_paragraph("{{ item }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endif %}")
    document.add_heading(_("Ringkasan capaian sasaran"), level=3)
    _add_loop_table(
        document,
        header=[
            pgettext("nomor urut", "No"),
            _("Sasaran"),
            _("Capaian"),
            _("Kategori"),
        ],
        loop="{%tr for item in sasaran %}",
        cells=[
            "{{ item.no }}",
            "{{ item.uraian }}",
            "{{ item.capaian }}",
            "{{ item.kategori }}",
        ],
    )
    _add_loop_table(
        document,
        header=[_("Kategori"), _("Jumlah sasaran")],
        loop="{%tr for row in ringkasan_kategori %}",
        cells=["{{ row.kategori }}", "{{ row.jumlah }}"],
    )
    document.add_paragraph(
        _("Realisasi anggaran")
        + ": Rp {{ anggaran_total.realisasi }} "
        + _("dari pagu")
        + " Rp {{ anggaran_total.pagu }} ("
        + _("serapan")
        + " {{ anggaran_total.serapan }})."
    )


def _add_bab2(document) -> None:
    document.add_heading(_("BAB II PERENCANAAN KINERJA"), level=1)
    document.add_heading(_("A. Rencana Strategis"), level=2)
    document.add_paragraph("{{ jenis_strategis }}: {{ dokumen_strategis }}")
    document.add_paragraph(
        "{% if is_pemda %}RKPD{% else %}Renja{% endif %}: {{ dokumen_tahunan }}"
    )
    document.add_heading(_("B. Perjanjian Kinerja"), level=2)
    document.add_paragraph("{%p if pk %}")
    document.add_paragraph(
        _("Perjanjian Kinerja")
        + " {{ pk.level }} {{ pk.kode }} "
        + _("tanggal")
        + " {{ pk.tanggal }}, "
        + _("pihak pertama")
        + " {{ pk.pihak_pertama }}."
    )
    _add_pk_table(document)
    document.add_paragraph("{%p else %}")
    document.add_paragraph(
        _("Belum ada Perjanjian Kinerja tahun ini yang ditandatangani.")
    )
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{{ aturan_rumus }}")


def _add_bab3(document) -> None:
    document.add_heading(_("BAB III AKUNTABILITAS KINERJA"), level=1)
    document.add_heading(_("A. Capaian Kinerja Organisasi"), level=2)
    document.add_paragraph("{{ grafik }}")
    document.add_paragraph(_("Garis putus-putus: capaian 100 %."))
    document.add_paragraph("{%p for item in sasaran %}")
    document.add_heading(_("Sasaran") + " {{ item.no }}: {{ item.uraian }}", level=3)
    document.add_paragraph(
        _("Capaian sasaran") + ": {{ item.capaian }} ({{ item.kategori }})"
    )
    _add_loop_table(
        document,
        header=[
            pgettext("nomor urut", "No"),
            _("Indikator"),
            _("Satuan"),
            _("Target"),
            _("Realisasi"),
            _("Capaian"),
            _("Kategori"),
        ],
        loop="{%tr for row in item.indikator %}",
        cells=[
            "{{ row.no }}",
            "{{ row.uraian }}",
            "{{ row.satuan }}",
            "{{ row.target }}",
            "{{ row.realisasi }}",
            "{{ row.capaian }}",
            "{{ row.kategori }}",
        ],
    )
    _add_loop_table(
        document,
        header=[
            pgettext("nomor urut", "No"),
            _("Indikator"),
            _("Polaritas"),
            _("Rumus capaian"),
            _("Formula indikator"),
        ],
        loop="{%tr for row in item.indikator %}",
        cells=[
            "{{ row.no }}",
            "{{ row.uraian }}",
            "{{ row.polaritas }}",
            "{{ row.rumus }}",
            "{{ row.formula }}",
        ],
    )
    document.add_paragraph(_("Perbandingan dengan tahun sebelumnya"))
    _add_loop_table(
        document,
        header=[_("Indikator"), _("Tahun"), _("Target"), _("Realisasi"), _("Capaian")],
        loop="{%tr for row in item.riwayat %}",
        cells=[
            "{{ row.indikator }}",
            "{{ row.tahun }}",
            "{{ row.target }}",
            "{{ row.realisasi }}",
            "{{ row.capaian }}",
        ],
    )
    document.add_paragraph(_("Realisasi terhadap target akhir periode"))
    _add_loop_table(
        document,
        header=[
            _("Indikator"),
            _("Kondisi awal"),
            _("Realisasi"),
            _("Target akhir periode"),
            _("Progres"),
        ],
        loop="{%tr for row in item.indikator %}",
        cells=[
            "{{ row.uraian }}",
            "{{ row.kondisi_awal }}",
            "{{ row.realisasi_progres }}",
            "{{ row.target_akhir }}{% if row.tahun_akhir %} ({{ row.tahun_akhir }})"
            "{% endif %}",
            "{{ row.progres }}",
        ],
    )
    document.add_paragraph(
        _(
            "Progres = (R − B) / (T_akhir − B) × 100, dengan B kondisi awal dan "
            "T_akhir target akhir periode."
        )
    )
    for key, title in (
        ("penyebab", _("Analisis penyebab keberhasilan atau kegagalan")),
        ("solusi", _("Alternatif solusi yang telah dilakukan")),
        ("efisiensi", _("Analisis efisiensi penggunaan sumber daya")),
        ("program_pendukung", _("Program dan kegiatan yang menunjang")),
        ("pembanding_nasional", _("Perbandingan dengan standar nasional")),
    ):
        document.add_paragraph().add_run(title).bold = True
        _add_paragraphs(document, f"item.analisis.{key}")
    document.add_paragraph("{%p endfor %}")

    document.add_heading(_("B. Realisasi Anggaran"), level=2)
    _add_loop_table(
        document,
        header=[
            pgettext("nomor urut", "No"),
            _("Sasaran / Program"),
            _("Perangkat Daerah"),
            _("Pagu (Rp)"),
            _("Realisasi (Rp)"),
            _("Serapan"),
            _("Capaian kinerja"),
        ],
        loop="{%tr for row in anggaran_baris %}",
        cells=[
            "{{ row.no }}",
            "{{ row.uraian }}",
            "{{ row.opd }}",
            "{{ row.pagu }}",
            "{{ row.realisasi }}",
            "{{ row.serapan }}",
            "{{ row.capaian }}",
        ],
    )
    document.add_paragraph(
        _("Jumlah")
        + ": "
        + _("pagu")
        + " {{ anggaran_total.pagu }}, "
        + _("realisasi")
        + " {{ anggaran_total.realisasi }}, "
        + _("serapan")
        + " {{ anggaran_total.serapan }}."
    )
    document.add_paragraph(_("Efisiensi per sasaran"))
    _add_loop_table(
        document,
        header=[
            pgettext("nomor urut", "No"),
            _("Sasaran"),
            _("Capaian kinerja"),
            _("Serapan anggaran"),
            _("Selisih"),
            _("Keterangan"),
        ],
        loop="{%tr for row in efisiensi_baris %}",
        cells=[
            "{{ row.no }}",
            "{{ row.uraian }}",
            "{{ row.capaian }}",
            "{{ row.serapan }}",
            "{{ row.selisih }}",
            "{{ row.label }}",
        ],
    )
    document.add_paragraph(
        _(
            "Selisih = capaian kinerja − serapan anggaran, dalam poin persentase; "
            "efisien bila capaian kinerja tidak kurang dari serapan anggaran. Cara "
            "ini lazim dipakai dalam LKjIP, bukan rumus yang ditetapkan peraturan."
        )
    )


def _add_lampiran(document) -> None:
    document.add_heading(_("LAMPIRAN"), level=1)
    document.add_heading(_("Lampiran 1. Perjanjian Kinerja"), level=2)
    document.add_paragraph("{%p if pk %}")
    document.add_paragraph(
        "{{ pk.kode }}, {{ pk.tanggal }}. "
        + _("Pihak pertama")
        + ": {{ pk.pihak_pertama }}{% if pk.pihak_kedua %}; "
        + _("pihak kedua")
        + ": {{ pk.pihak_kedua }}{% endif %}."
    )
    _add_pk_table(document)
    _add_loop_table(
        document,
        header=[pgettext("nomor urut", "No"), _("Program"), _("Anggaran (Rp)")],
        loop="{%tr for row in pk.anggaran %}",
        cells=["{{ row.no }}", "{{ row.uraian }}", "{{ row.pagu }}"],
    )
    document.add_paragraph("{%p else %}")
    document.add_paragraph(
        _("Belum ada Perjanjian Kinerja tahun ini yang ditandatangani.")
    )
    document.add_paragraph("{%p endif %}")
    document.add_heading(_("Lampiran 2. Indikator Kinerja Utama"), level=2)
    _add_loop_table(
        document,
        header=[
            pgettext("nomor urut", "No"),
            _("Sasaran"),
            _("Indikator Kinerja Utama"),
            _("Definisi operasional / formula"),
            _("Sumber data"),
            _("Target"),
        ],
        loop="{%tr for row in iku %}",
        cells=[
            "{{ row.no }}",
            "{{ row.sasaran }}",
            "{{ row.uraian }} ({{ row.satuan }})",
            "{{ row.definisi }} / {{ row.formula }}",
            "{{ row.sumber_data }}",
            "{{ row.target }}",
        ],
    )


def _add_pk_table(document) -> None:
    _add_loop_table(
        document,
        header=[
            pgettext("nomor urut", "No"),
            _("Sasaran Strategis"),
            _("Indikator Kinerja"),
            _("Target"),
        ],
        loop="{%tr for row in pk.baris %}",
        cells=[
            "{{ row.no }}",
            "{{ row.sasaran }}",
            "{{ row.indikator }}",
            "{{ row.target }}",
        ],
    )


def _add_paragraphs(document, name: str) -> None:
    """Add a loop that prints each paragraph of the list ``name``."""
    document.add_paragraph(f"{{%p for paragraf in {name} %}}")
    document.add_paragraph("{{ paragraf }}")
    document.add_paragraph("{%p endfor %}")


def _add_loop_table(document, *, header: list[str], loop: str, cells: list[str]):
    table = document.add_table(rows=4, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    table.rows[1].cells[0].text = loop
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    document.add_paragraph()
