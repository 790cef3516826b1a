"""Serving the evidence files of answers and follow-up, and rejecting an
upload larger than any valid one before Django reads it."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _

from sakip.pengukuran import bukti as bukti_rules

# Room for the form's other fields beside an evidence file of the maximum size.
UPLOAD_OVERHEAD_BYTES = 64 * 1024


def too_large(request: HttpRequest) -> bool:
    """Whether the request body is larger than an evidence file may be."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > bukti_rules.bukti_max_bytes() + UPLOAD_OVERHEAD_BYTES


def serve_bukti(berkas: FieldFile, nama: str) -> FileResponse:
    """Serve a stored evidence file under the name it was uploaded with:
    images and PDF open in the browser, the rest download."""
    if not berkas:
        raise Http404(_("Tidak ada berkas bukti."))
    suffix = PurePosixPath(berkas.name).suffix.lower()
    jenis = bukti_rules.EXTENSIONS.get(suffix)
    content_type = (
        jenis.mime
        if jenis is not None
        else mimetypes.types_map.get(suffix, "application/octet-stream")
    )
    try:
        handle = berkas.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Berkas bukti tidak ditemukan di penyimpanan.")) from error
    inline = jenis in (bukti_rules.PDF, bukti_rules.JPEG, bukti_rules.PNG)
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=nama or f"bukti{suffix}",
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # An uploaded file never runs scripts in the site's origin.
    response["Content-Security-Policy"] = "sandbox"
    return response
