"""Checking an evidence file (bukti) by its content before it is stored.

A file is accepted when its size is within ``SAKIP_BUKTI_MAX_BYTES`` (10 MB
unless the settings say otherwise), its content is one of the allowed types
and its name's extension is that type's: a PNG named ``laporan.pdf`` or a
program named ``laporan.exe`` is rejected. The type is read from the first
bytes (PDF, JPEG, PNG) or, for XLSX and DOCX, from the ZIP archive's list of
members. An XLSX or DOCX whose members would unpack to more than
``SAKIP_BUKTI_MAX_UNPACKED_BYTES`` (100 MB unless the settings say
otherwise), or to 10 MB or more and over ``RATIO_MAX`` times the file's
size, is rejected as a zip bomb, because Word or Excel unpacks the whole
package when it opens it. Those sizes come from the archive's central
directory, so nothing is decompressed.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

BUKTI_MAX_BYTES_DEFAULT = 10 * 1024 * 1024
# A workbook of 50,000 rows by 8 columns, saved by openpyxl 3.1, unpacks to
# about 14 MB, a seventh of this limit.
UNPACKED_MAX_BYTES_DEFAULT = 100 * 1024 * 1024
# openpyxl 3.1's workbooks of 50,000 rows unpacked to 4 to 16 times their
# file size, and a ZIP of zeros to about 1,000 times (deflate's maximum).
RATIO_MAX = 100
# Below this unpacked size the ratio is not checked, because Word or Excel
# opens that little data quickly, however well it was compressed.
RATIO_MIN_UNPACKED_BYTES = 10 * 1024 * 1024
# Longer names are cut to this many characters when stored as the original
# name; the stored file itself always gets a random name.
NAMA_MAX_LENGTH = 255


@dataclass(frozen=True)
class JenisBukti:
    """An allowed type of evidence file: its label, the extensions its name
    may have, the extension it is stored with, and its MIME type."""

    label: str
    extensions: tuple[str, ...]
    suffix: str
    mime: str


PDF = JenisBukti(gettext_lazy("PDF"), (".pdf",), ".pdf", "application/pdf")
JPEG = JenisBukti(gettext_lazy("gambar JPEG"), (".jpg", ".jpeg"), ".jpg", "image/jpeg")
PNG = JenisBukti(gettext_lazy("gambar PNG"), (".png",), ".png", "image/png")
XLSX = JenisBukti(
    gettext_lazy("lembar kerja XLSX"),
    (".xlsx",),
    ".xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
DOCX = JenisBukti(
    gettext_lazy("dokumen DOCX"),
    (".docx",),
    ".docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
JENIS_BUKTI = (PDF, JPEG, PNG, XLSX, DOCX)
EXTENSIONS = {ext: jenis for jenis in JENIS_BUKTI for ext in jenis.extensions}

# The first bytes of each type that is recognised by its header.
_SIGNATURES = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)
_ZIP_SIGNATURE = b"PK\x03\x04"
# The member that makes an Office Open XML package a workbook or a document.
_OOXML_MAIN_PART = (("xl/workbook.xml", XLSX), ("word/document.xml", DOCX))


def bukti_max_bytes() -> int:
    return int(getattr(settings, "SAKIP_BUKTI_MAX_BYTES", BUKTI_MAX_BYTES_DEFAULT))


def unpacked_max_bytes() -> int:
    return int(
        getattr(settings, "SAKIP_BUKTI_MAX_UNPACKED_BYTES", UNPACKED_MAX_BYTES_DEFAULT)
    )


def check_bukti(berkas: UploadedFile) -> JenisBukti:
    """Return the type of ``berkas``; raise ValidationError on the field
    ``bukti`` when it is too large, of a type not allowed, or does not match
    its name."""
    nama = PurePath(berkas.name or "").name
    batas = bukti_max_bytes()
    if berkas.size is not None and berkas.size > batas:
        raise _invalid(
            _(
                "Berkas %(nama)s berukuran %(ukuran)s, melebihi batas %(batas)s. "
                "Perkecil berkasnya atau berikan tautan ke berkas itu."
            )
            % {
                "nama": nama,
                "ukuran": filesizeformat(berkas.size),
                "batas": filesizeformat(batas),
            },
            "terlalu_besar",
        )
    menurut_nama = EXTENSIONS.get(PurePath(nama).suffix.lower())
    if menurut_nama is None:
        raise _invalid(
            _(
                "Jenis berkas %(nama)s tidak diterima. Unggah PDF, JPEG, PNG, "
                "XLSX atau DOCX."
            )
            % {"nama": nama},
            "jenis_tidak_diterima",
        )
    menurut_isi = detect_jenis(berkas)
    if menurut_isi is None:
        raise _invalid(
            _(
                "Isi berkas %(nama)s bukan %(jenis)s yang sah. Unggah berkas yang "
                "isinya sesuai dengan namanya."
            )
            % {"nama": nama, "jenis": menurut_nama.label},
            "isi_tidak_sah",
        )
    if menurut_isi is not menurut_nama:
        raise _invalid(
            _(
                "Berkas %(nama)s bukan %(jenis)s: isinya %(isi)s. Unggah berkas "
                "yang isinya sesuai dengan namanya."
            )
            % {"nama": nama, "jenis": menurut_nama.label, "isi": menurut_isi.label},
            "isi_tidak_sesuai_nama",
        )
    if menurut_isi in (XLSX, DOCX):
        _check_unpacked_size(berkas, nama)
    return menurut_isi


def unpacked_size(berkas: UploadedFile) -> int:
    """Return the total size of the members of the ZIP archive ``berkas`` as
    its central directory declares them, without decompressing anything.

    NOTE: a crafted archive can declare smaller sizes than its data inflates
    to. Catching that would need decompressing each member up to the limit.
    """
    berkas.seek(0)
    try:
        with zipfile.ZipFile(berkas) as archive:
            return sum(info.file_size for info in archive.infolist())
    finally:
        berkas.seek(0)


def _check_unpacked_size(berkas: UploadedFile, nama: str) -> None:
    terurai = unpacked_size(berkas)
    batas = unpacked_max_bytes()
    params = {
        "nama": nama,
        "terurai": filesizeformat(terurai),
        "ukuran": filesizeformat(berkas.size),
        "batas": filesizeformat(batas),
    }
    saran = _(
        "Berkas seperti ini dapat membuat Word atau Excel macet. Simpan ulang "
        "berkasnya, unggah sebagai PDF, atau berikan tautan ke berkas itu."
    )
    if terurai > batas:
        raise _invalid(
            _(
                "Isi berkas %(nama)s berukuran %(terurai)s bila dibuka, melebihi "
                "batas %(batas)s."
            )
            % params
            + " "
            + saran,
            "terurai_terlalu_besar",
        )
    size = berkas.size or 0
    if terurai >= RATIO_MIN_UNPACKED_BYTES and terurai > RATIO_MAX * size:
        raise _invalid(
            _(
                "Isi berkas %(nama)s membengkak dari %(ukuran)s menjadi "
                "%(terurai)s bila dibuka, lebih dari %(rasio)s kali ukuran "
                "berkasnya."
            )
            % {**params, "rasio": RATIO_MAX}
            + " "
            + saran,
            "rasio_terurai",
        )


def detect_jenis(berkas: UploadedFile) -> JenisBukti | None:
    """Return the allowed type that the content of ``berkas`` is, or None.

    The file's position is back at its start afterwards.
    """
    berkas.seek(0)
    header = berkas.read(8)
    berkas.seek(0)
    for signature, jenis in _SIGNATURES:
        if header.startswith(signature):
            return jenis
    if not header.startswith(_ZIP_SIGNATURE):
        return None
    try:
        with zipfile.ZipFile(berkas) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        berkas.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    for part, jenis in _OOXML_MAIN_PART:
        if part in names:
            return jenis
    return None


def nama_asli(berkas: UploadedFile) -> str:
    """Return the uploaded file's own name without any folder, for display."""
    return PurePath(berkas.name or "").name[:NAMA_MAX_LENGTH]


def _invalid(message: str, code: str) -> ValidationError:
    return ValidationError({"bukti": ValidationError(message, code=code)})
