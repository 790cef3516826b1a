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

from .dokumen import KOLOM, pk_context, verifikasi_url
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

    document.add_paragraph("{%p if draft %}")
    centered(_("DRAFT — belum ditandatangani"))
    document.add_paragraph("{%p endif %}")
    centered("{{ judul }}")
    centered("{{ judul_jabatan }}")
    document.add_paragraph(
        _(
            "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, "
            "transparan dan akuntabel serta berorientasi pada hasil, kami yang "
            "bertanda tangan di bawah ini:"
        )
    )
    _add_pihak(document, "pihak_pertama")
    # A comma when the pihak kedua follows, as in the PDF.
    document.add_paragraph(
        _("selanjutnya disebut PIHAK PERTAMA")
        + "{% if pihak_kedua_nama %},{% else %}.{% endif %}"
    )
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
    centered("{{ judul_lampiran }}")
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
    document.add_paragraph("{%p if kode_verifikasi %}")
    document.add_paragraph(_("Kode verifikasi") + ": {{ kode_verifikasi }}")
    document.add_paragraph(
        _("Periksa keaslian dokumen ini di") + " {{ verifikasi_url }}"
    )
    document.add_paragraph("{%p endif %}")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_pk_docx(
    perjanjian: PerjanjianKinerja,
    template: bytes | None = None,
    *,
    base_url: str = "",
) -> bytes:
    """Render the PK with ``template`` (DOCX bytes with docxtpl tags), or with
    the default template when none is given. ``base_url`` (scheme and host)
    makes a signed PK's verification address absolute."""
    return render_docx_template(
        template or build_default_template(),
        docx_context(perjanjian, base_url=base_url),
    )


def render_pk_docx_with_templat(
    perjanjian: PerjanjianKinerja, *, base_url: str = ""
) -> bytes:
    """Render the PK with the active uploaded template of its level, else the
    active all-level one, else the default template.

    An uploaded template that fails here (its file is gone from the storage,
    or it breaks on this PK's values) is logged and the default is used, so
    the user still gets a document."""
    templat = find_templat_aktif(perjanjian.level)
    if templat is not None:
        try:
            with templat.berkas.open("rb") as berkas:
                return render_pk_docx(
                    perjanjian, template=berkas.read(), base_url=base_url
                )
        except Exception:
            logger.warning(
                "DOCX template %s (%s) failed for PK %s; using the default template",
                templat.pk,
                templat.berkas.name,
                perjanjian.pk,
                exc_info=True,
            )
    return render_pk_docx(perjanjian, base_url=base_url)


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


def docx_context(perjanjian: PerjanjianKinerja, *, base_url: str = "") -> dict:
    """Return the values a DOCX template can use, as formatted text. ``draft``
    is true until the PK is signed; ``kode_verifikasi`` and
    ``verifikasi_url`` are empty until then."""
    context = pk_context(perjanjian)
    kolom = context["kolom"]
    signed = perjanjian.is_ditandatangani
    values = {
        "judul": context["judul"],
        "judul_lampiran": context["judul_lampiran"],
        "versi": perjanjian.dokumen.versi,
        "alasan_perubahan": perjanjian.dokumen.alasan_perubahan,
        "draft": not signed,
        "kode_verifikasi": perjanjian.kode_verifikasi if signed else "",
        "verifikasi_url": (
            verifikasi_url(perjanjian, base_url=base_url) if signed else ""
        ),
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
                "uraian": f"{baris.nomenklatur} {baris.uraian}",
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
    tried on empty values and lists. The one with ``pihak_kedua`` is a signed
    perubahan, the other a draft PK murni."""
    level = Level.KEPALA_OPD if pihak_kedua else Level.KEPALA_DAERAH
    kolom = KOLOM[level]
    values = {
        **_sample_versi(signed=pihak_kedua),
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


def _sample_versi(*, signed: bool) -> dict:
    """Return placeholder titles, version and verification values: those of
    a signed PK perubahan, or of a draft PK murni."""
    if not signed:
        return {
            "judul": "PERJANJIAN KINERJA TAHUN 2025",
            "judul_lampiran": "LAMPIRAN PERJANJIAN KINERJA TAHUN 2025",
            "versi": "murni",
            "alasan_perubahan": "",
            "draft": True,
            "kode_verifikasi": "",
            "verifikasi_url": "",
        }
    return {
        "judul": "PERJANJIAN KINERJA PERUBAHAN TAHUN 2025",
        "judul_lampiran": "LAMPIRAN PERJANJIAN KINERJA PERUBAHAN TAHUN 2025",
        "versi": "perubahan",
        "alasan_perubahan": "APBD Perubahan 2025",
        "draft": False,
        "kode_verifikasi": "ABCD234567",
        "verifikasi_url": (
            "https://sakip.contoh.go.id/perjanjian/verifikasi/ABCD234567/"
        ),
    }


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
    # The NIP row sits between row tags, so that docxtpl drops it for an
    # official without a NIP (an elected Kepala Daerah), as the PDF does.
    table = document.add_table(rows=5, cols=2)
    rows = [
        (_("Nama"), f": {{{{ {prefix}_nama }}}}"),
        (f"{{%tr if {prefix}_nip %}}", None),
        (_("NIP"), f": {{{{ {prefix}_nip }}}}"),
        ("{%tr endif %}", None),
        (_("Jabatan"), f": {{{{ {prefix}_nama_jabatan }}}}"),
    ]
    for row, (first, second) in zip(table.rows, rows, strict=True):
        row.cells[0].text = first
        if second is not None:
            row.cells[1].text = second


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
    prefixes = ("pihak_kedua", "pihak_pertama")
    for cell, prefix in zip(table.rows[2].cells, prefixes, strict=True):
        cell.text = f"{{{{ {prefix}_nama }}}}"
        # Paragraph tags drop the NIP line of an official without a NIP.
        cell.add_paragraph(f"{{%p if {prefix}_nip %}}")
        cell.add_paragraph(f"NIP {{{{ {prefix}_nip }}}}")
        cell.add_paragraph("{%p endif %}")


def _add_loop_table(document, *, header: list[str], loop: str, cells: list[str]):
    table = document.add_table(rows=4, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    table.rows[1].cells[0].text = loop
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
