"""A Pemda's own DOCX templates of the PK (``TemplatDokumenPK``): the checks
an upload must pass before it is stored, and saving it."""

from __future__ import annotations

import io
import os
import zipfile

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError, TemplateAssertionError

from sakip.organisasi.models import Pengguna

from .docx_template import render_docx_template, sample_docx_context
from .models import TemplatDokumenPK

TEMPLAT_MAX_BYTES = 5 * 1024 * 1024
# zipfile stops reading a member at the size its header declares, so the sum
# of the declared sizes bounds what python-docx unpacks. Ten times the upload
# limit leaves room for the XML, which compresses well.
TEMPLAT_MAX_UNPACKED_BYTES = 10 * TEMPLAT_MAX_BYTES


def docx_tag_names() -> tuple[list[str], dict[str, list[str]]]:
    """Return the names a DOCX template may use: the plain values, and per
    list (``baris_list``, ``anggaran_list``) the keys of each of its items."""
    values: list[str] = []
    lists: dict[str, list[str]] = {}
    for key, value in sample_docx_context().items():
        if isinstance(value, list):
            lists[key] = list(value[0])
        else:
            values.append(key)
    return values, lists


def validate_templat(berkas: File) -> None:
    """Check an uploaded DOCX template before it is stored: its size, that it
    is a Word document, and that docxtpl renders it with sample PK values.

    Raises ``ValidationError`` with a message that names the problem."""
    if berkas.size > TEMPLAT_MAX_BYTES:
        # In bytes: a file just over the limit rounds to the same "5,0 MB".
        raise ValidationError(
            _(
                "Berkas templat berukuran %(ukuran)s byte, melebihi batas "
                "%(batas)s byte (%(batas_mb)s)."
            )
            % {
                "ukuran": number_format(berkas.size, force_grouping=True),
                "batas": number_format(TEMPLAT_MAX_BYTES, force_grouping=True),
                "batas_mb": filesizeformat(TEMPLAT_MAX_BYTES),
            },
            code="templat_terlalu_besar",
        )
    berkas.seek(0)
    content = berkas.read()
    berkas.seek(0)

    _validate_docx_archive(content)
    for pihak_kedua in (True, False):
        try:
            render_docx_template(
                content, sample_docx_context(pihak_kedua=pihak_kedua), strict=True
            )
        except Exception as error:
            raise ValidationError(
                _describe_render_error(error), code="templat_tidak_dapat_dirender"
            ) from error


def save_templat(
    *, templat: TemplatDokumenPK, user: Pengguna | None
) -> TemplatDokumenPK:
    """Store a validated template. When it is active, deactivate the other
    active template of the same level (or the other all-level one).

    Deactivating here, rather than a unique constraint on the active rows,
    lets a Pemda replace its letterhead in one upload and keep the old one,
    and each deactivation is saved so that the history records it."""
    with transaction.atomic():
        if templat._state.adding:
            templat.diunggah_oleh = user
            templat.nama_berkas = os.path.basename(templat.berkas.name)[:255]
        if templat.aktif:
            # NOTE: the lock covers existing rows only. Two uploads committed
            # at the same moment on PostgreSQL may therefore leave two active,
            # and find_templat_aktif then takes the newer one.
            others = (
                TemplatDokumenPK.objects.select_for_update()
                .filter(level=templat.level, aktif=True)
                .exclude(pk=templat.pk)
            )
            for other in others:
                other.aktif = False
                other.save(update_fields=["aktif"])
        templat.save()
    return templat


def _validate_docx_archive(content: bytes) -> None:
    not_docx = ValidationError(
        _(
            "Berkas ini bukan dokumen Word (DOCX). Simpan templat dari Microsoft "
            "Word atau LibreOffice dengan format .docx, lalu unggah lagi."
        ),
        code="bukan_docx",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise not_docx from None
    if "word/document.xml" not in {member.filename for member in members}:
        raise not_docx
    unpacked = sum(member.file_size for member in members)
    if unpacked > TEMPLAT_MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("Isi berkas DOCX setelah diekstrak %(ukuran)s, melebihi batas %(batas)s.")
            % {
                "ukuran": filesizeformat(unpacked),
                "batas": filesizeformat(TEMPLAT_MAX_UNPACKED_BYTES),
            },
            code="templat_terlalu_besar",
        )


def _describe_render_error(error: Exception) -> str:
    """Return the Indonesian message for a template that failed to render,
    with Jinja's own message and, where known, the document text at the
    error."""
    detail = getattr(error, "message", None) or str(error)
    values = {"error": detail, "teks": _text_near_error(error)}
    if isinstance(error, TemplateAssertionError):
        message = _("Templat memakai filter atau tes Jinja yang tidak dikenal")
    elif isinstance(error, TemplateSyntaxError):
        message = _("Tag Jinja di templat rusak")
    elif isinstance(error, SecurityError):
        message = _("Templat memakai ekspresi Jinja yang tidak diizinkan")
    elif isinstance(error, UndefinedError):
        message = _(
            "Templat memakai nama yang tidak tersedia; lihat daftar tag di bawah "
            "kolom berkas"
        )
    elif isinstance(error, TemplateError):
        message = _("Templat gagal dirender oleh Jinja")
    else:
        message = _("Templat gagal dirender oleh docxtpl")
    if values["teks"]:
        return _("%(pesan)s, di teks “%(teks)s”: %(error)s") % {
            "pesan": message,
            **values,
        }
    return _("%(pesan)s: %(error)s") % {"pesan": message, **values}


def _text_near_error(error: Exception) -> str:
    """Return the document text of the line a Jinja error points at.

    docxtpl 0.20 puts each paragraph on its own line of the XML it renders and
    attaches to the error, as ``docx_context``, the text of the lines from
    three before the error's line onwards."""
    lineno = getattr(error, "lineno", None)
    lines = getattr(error, "docx_context", None)
    if lineno is None or lines is None:
        return ""
    lines = list(lines)
    index = lineno - 1 - max(lineno - 4, 0)
    if not 0 <= index < len(lines):
        return ""
    text = lines[index].strip()
    return text if len(text) <= 120 else text[:117] + "…"
