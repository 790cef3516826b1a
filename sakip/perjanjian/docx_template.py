"""The PK as a Word document: the default docxtpl template, built with
python-docx when the document is requested, the values its tags print, and
the rendering with the default or an uploaded template (``templat_docx``
checks and stores those).

The template carries Jinja tags for docxtpl. A row tag ``{%tr … %}`` is the
only text of its table row, which docxtpl replaces with the loop over the rows.
Templates render in Jinja's sandbox with autoescaping, because an uploaded
template is code written by a user and a value such as "Dinas PU & PR" must
become XML text, not markup.
"""

from __future__ import annotations

import io
import logging

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, Undefined
from jinja2.sandbox import SandboxedEnvironment

from sakip.core.templatetags.sakip_format import angka, nilai_target

from .dokumen import KOLOM, pk_context
from .models import Level, PerjanjianKinerja, TemplatDokumenPK

logger = logging.getLogger(__name__)

DOCX_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
PIHAK_FIELDS = ("nama", "nama_jabatan", "nip")


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
    return render_docx_template(
        template or build_default_template(), docx_context(perjanjian)
    )


def render_pk_docx_with_templat(perjanjian: PerjanjianKinerja) -> bytes:
    """Render the PK with the active uploaded template of its level, else the
    active all-level one, else the default template.

    An uploaded template that fails here (its file is gone from the storage,
    or it breaks on this PK's values) is logged and the default is used, so
    the user still gets a document."""
    templat = find_templat_aktif(perjanjian.level)
    if templat is not None:
        try:
            with templat.berkas.open("rb") as berkas:
                return render_pk_docx(perjanjian, template=berkas.read())
        except Exception:
            logger.warning(
                "DOCX template %s (%s) failed for PK %s; using the default template",
                templat.pk,
                templat.berkas.name,
                perjanjian.pk,
                exc_info=True,
            )
    return render_pk_docx(perjanjian)


def find_templat_aktif(level: str) -> TemplatDokumenPK | None:
    """Return the active template of ``level``, else the active all-level
    template, else ``None``."""
    # A level's own template sorts before the all-level one (level ""); the
    # newest upload wins should two of a level ever be active.
    return (
        TemplatDokumenPK.objects.filter(aktif=True, level__in=[level, ""])
        .order_by("-level", "-diunggah_pada", "-pk")
        .first()
    )


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
                "uraian": f"{baris.elemen.nomenklatur} {baris.uraian}",
                "pagu": "-" if baris.pagu is None else angka(baris.pagu, 0),
            }
            for number, baris in enumerate(context["anggaran_list"], start=1)
        ],
    }
    for prefix in ("pihak_pertama", "pihak_kedua"):
        for field in PIHAK_FIELDS:
            values[f"{prefix}_{field}"] = getattr(perjanjian, f"{prefix}_{field}")
    return values


def sample_docx_context(*, pihak_kedua: bool = True) -> dict:
    """Return placeholder values with the keys of ``docx_context``, with which
    an uploaded template is tried before it is stored. Without ``pihak_kedua``
    the PK has no superior and no budget rows, so that a template is also
    tried on empty values and lists."""
    level = Level.KEPALA_OPD if pihak_kedua else Level.KEPALA_DAERAH
    kolom = KOLOM[level]
    values = {
        "tahun": "2025",
        "unit": "Dinas Contoh",
        "unit_upper": "DINAS CONTOH",
        "tempat": "Kabupaten Contoh",
        "tanggal": "15 Januari 2025",
        "kolom_sasaran": str(kolom.sasaran),
        "kolom_indikator": str(kolom.indikator),
        "kolom_anggaran": str(kolom.anggaran),
        "judul_jabatan": "KEPALA DINAS CONTOH",
        "baris_list": [
            {
                "no": str(number),
                "sasaran": f"Sasaran contoh {number}",
                "indikator": f"Indikator contoh {number}",
                "target": "80,00 %",
            }
            for number in (1, 2)
        ],
        "anggaran_list": [
            {
                "no": str(number),
                "uraian": f"1.01.0{number} Program contoh {number}",
                "pagu": "1.250.000",
            }
            for number in ((1, 2) if pihak_kedua else ())
        ],
    }
    pihak_pertama = ("Pejabat Contoh", "Kepala Dinas Contoh", "197001012000031001")
    pihak_kedua_values = (
        ("Bupati Contoh", "Bupati Contoh", "") if pihak_kedua else ("", "", "")
    )
    for field, pertama, kedua in zip(
        PIHAK_FIELDS, pihak_pertama, pihak_kedua_values, strict=True
    ):
        values[f"pihak_pertama_{field}"] = pertama
        values[f"pihak_kedua_{field}"] = kedua
    return values


def render_docx_template(
    template: bytes, context: dict, *, strict: bool = False
) -> bytes:
    """Render DOCX bytes with docxtpl in the sandbox. With ``strict``, a name
    the context lacks raises ``UndefinedError``; otherwise it prints as empty
    text."""
    environment = SandboxedEnvironment(
        autoescape=True, undefined=StrictUndefined if strict else Undefined
    )
    document = DocxTemplate(io.BytesIO(template))
    document.render(context, jinja_env=environment)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


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
