"""The error responses of the endpoints in ``views``: every error comes back
as JSON with a ``detail`` message in Indonesian, never as an HTML page."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


def exception_handler(exc: Exception, context: dict) -> Response:
    """Turn ``exc`` into a JSON response: DRF's response for its own errors, 413
    for a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``, 400 for another
    suspicious request, and 500 (logged) for any other error."""
    response = drf_exception_handler(exc, context)
    if response is not None:
        return response

    if isinstance(exc, RequestDataTooBig):
        message = _(
            "Isi permintaan lebih besar dari %(batas)s MB, sehingga ditolak. Kirim "
            "berkas bukti dengan multipart/form-data, bukan di dalam JSON."
        ) % {"batas": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)}
        return Response(
            {"detail": message}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        )
    if isinstance(exc, SuspiciousOperation):
        logger.warning("Suspicious API request rejected: %s", exc)
        message = _("Permintaan tidak sah dan ditolak.")
        return Response({"detail": message}, status=status.HTTP_400_BAD_REQUEST)

    request = context.get("request")
    logger.error(
        "API request %s %s failed",
        getattr(request, "method", "?"),
        getattr(request, "path", "?"),
        exc_info=exc,
    )
    message = _(
        "Terjadi kesalahan di server; permintaan tidak diproses. Coba lagi, atau "
        "laporkan ke Admin Bappeda dengan waktu permintaannya."
    )
    return Response({"detail": message}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
