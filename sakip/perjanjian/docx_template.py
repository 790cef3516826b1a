"""The PK as a Word document: a default docxtpl template, built with
python-docx when the document is requested, and its rendering.

The template carries Jinja tags for docxtpl. A row tag ``{%tr … %}`` is the
only text of its table row, which docxtpl replaces with the loop over the rows.
"""

from __future__ import annotations

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate

from sakip.core.templatetags.sakip_format import angka, nilai_target

from .dokumen import pk_context
from .models import PerjanjianKinerja


def build_default_template() -> bytes:
    """Build the default PK template (A4 portrait, DejaVu Sans) as DOCX bytes."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(22), Mm(18)
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)

    def centered(text: str, bold: bool = True) -> None:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = bold

    centered(_("PERJANJIAN KINERJA TAHUN") + " {{ tahun }}")
    centered("{{ judul_jabatan }}")
    document.add_paragraph(
        _(
            "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, "
            "transparan dan akuntabel serta berorientasi pada hasil, kami yang "
            "bertanda tangan di bawah ini:"
        )
    )
    _add_pihak(document, "pihak_pertama")
    document.add_paragraph(_("selanjutnya disebut PIHAK PERTAMA") + ".")
    document.add_paragraph("{%p if pihak_kedua_nama %}")
    _add_pihak(document, "pihak_kedua")
    document.add_paragraph(
        _("selaku atasan pihak pertama, selanjutnya disebut PIHAK KEDUA.")
    )
    document.add_paragraph("{%p endif %}")
    document.add_paragraph(
        _(
            "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya "
            "sesuai lampiran perjanjian ini. Keberhasilan dan kegagalan pencapaian "
            "target kinerja tersebut menjadi tanggung jawab kami."
        )
    )
    _add_signatures(document)

    document.add_page_break()
    centered(_("LAMPIRAN PERJANJIAN KINERJA TAHUN") + " {{ tahun }}")
    centered("{{ unit_upper }}")
    _add_loop_table(
        document,
        header=["No", "{{ kolom_sasaran }}", "{{ kolom_indikator }}", _("Target")],
        loop="{%tr for baris in baris_list %}",
        cells=[
            "{{ baris.no }}",
            "{{ baris.sasaran }}",
            "{{ baris.indikator }}",
            "{{ baris.target }}",
        ],
    )
    document.add_paragraph("{%p if anggaran_list %}")
    _add_loop_table(
        document,
        header=["No", "{{ kolom_anggaran }}", _("Anggaran (Rp)")],
        loop="{%tr for baris in anggaran_list %}",
        cells=["{{ baris.no }}", "{{ baris.uraian }}", "{{ baris.pagu }}"],
    )
    document.add_paragraph("{%p endif %}")
    _add_signatures(document)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_pk_docx(
    perjanjian: PerjanjianKinerja, template: bytes | None = None
) -> bytes:
    """Render the PK with ``template`` (DOCX bytes with docxtpl tags), or with
    the default template when none is given."""
    document = DocxTemplate(io.BytesIO(template or build_default_template()))
    document.render(docx_context(perjanjian))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_context(perjanjian: PerjanjianKinerja) -> dict:
    """Return the values a DOCX template can use, as formatted text."""
    context = pk_context(perjanjian)
    kolom = context["kolom"]
    values = {
        "tahun": str(perjanjian.tahun),
        "unit": perjanjian.unit.nama,
        "unit_upper": perjanjian.unit.nama.upper(),
        "tempat": context["tempat"],
        "tanggal": date_format(perjanjian.tanggal, "j F Y"),
        "kolom_sasaran": str(kolom.sasaran),
        "kolom_indikator": str(kolom.indikator),
        "kolom_anggaran": str(kolom.anggaran),
        "judul_jabatan": perjanjian.pihak_pertama_nama_jabatan.upper(),
        "baris_list": [
            {
                "no": str(number),
                "sasaran": baris.indikator.elemen.uraian,
                "indikator": baris.indikator.uraian,
                "target": f"{nilai_target(baris.target)} {baris.indikator.satuan}",
            }
            for number, baris in enumerate(context["baris_list"], start=1)
        ],
        "anggaran_list": [
            {
                "no": str(number),
                "uraian": f"{baris.elemen.nomenklatur} {baris.elemen.uraian}",
                "pagu": "-" if baris.pagu is None else angka(baris.pagu, 0),
            }
            for number, baris in enumerate(context["anggaran_list"], start=1)
        ],
    }
    for prefix in ("pihak_pertama", "pihak_kedua"):
        for field in ("nama", "nama_jabatan", "nip"):
            values[f"{prefix}_{field}"] = getattr(perjanjian, f"{prefix}_{field}")
    return values


def _add_pihak(document, prefix: str) -> None:
    table = document.add_table(rows=3, cols=2)
    labels = (_("Nama"), _("NIP"), _("Jabatan"))
    fields = ("nama", "nip", "nama_jabatan")
    for row, label, field in zip(table.rows, labels, fields, strict=True):
        row.cells[0].text = label
        row.cells[1].text = f": {{{{ {prefix}_{field} }}}}"


def _add_signatures(document) -> None:
    paragraph = document.add_paragraph("{{ tempat }}, {{ tanggal }}")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    table = document.add_table(rows=3, cols=2)
    kedua, pertama = table.rows[0].cells
    kedua.text = "{% if pihak_kedua_nama %}" + _("PIHAK KEDUA") + ","
    kedua.add_paragraph("{{ pihak_kedua_nama_jabatan }}{% endif %}")
    pertama.text = _("PIHAK PERTAMA") + ","
    pertama.add_paragraph("{{ pihak_pertama_nama_jabatan }}")
    for cell in table.rows[1].cells:
        cell.text = "\n\n\n"
    kedua, pertama = table.rows[2].cells
    kedua.text = "{{ pihak_kedua_nama }}"
    kedua.add_paragraph("{% if pihak_kedua_nip %}NIP {{ pihak_kedua_nip }}{% endif %}")
    pertama.text = "{{ pihak_pertama_nama }}"
    pertama.add_paragraph(
        "{% if pihak_pertama_nip %}NIP {{ pihak_pertama_nip }}{% endif %}"
    )


def _add_loop_table(document, *, header: list[str], loop: str, cells: list[str]):
    table = document.add_table(rows=4, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    table.rows[1].cells[0].text = loop
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
