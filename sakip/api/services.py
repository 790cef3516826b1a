"""Changes the API makes: a user's token, and the entry of a realisation
from a request's fields.

A realisation is stored only through ``sakip.pengukuran.services``, the
service of the input page, so that the API checks what the page checks.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import transaction
from rest_framework.authtoken.models import Token

from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.services import IsianKinerja

from .serializers import nilai_as_input

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna

logger = logging.getLogger(__name__)


def token_buat(*, user: Pengguna) -> Token:
    """Create a new API token for ``user``, revoking the one they had."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
    logger.info("API token created for user %s (id %s)", user.username, user.pk)
    return token


def token_cabut(*, user: Pengguna) -> bool:
    """Revoke the API token of ``user``; False when they had none."""
    deleted, _detail = Token.objects.filter(user=user).delete()
    if deleted:
        logger.info("API token revoked for user %s (id %s)", user.username, user.pk)
    return bool(deleted)


def isian_from_data(data: dict, *, entri: Realisasi | None = None) -> IsianKinerja:
    """Build what the service stores from a request's validated fields.

    For a correction of ``entri``, a field the request leaves out keeps the
    stored value; an evidence file left out keeps the stored file.
    """
    if "nilai" in data or "nilai_skala" in data:
        nilai = data.get("nilai_skala") or data.get("nilai") or ""
    elif entri is not None:
        nilai = entri.nilai_skala or (
            "" if entri.nilai is None else nilai_as_input(entri.nilai)
        )
    else:
        nilai = ""
    stored = {
        "keterangan": "" if entri is None else entri.keterangan,
        "bukti_tautan": "" if entri is None else entri.bukti_tautan,
    }
    return IsianKinerja(
        nilai=nilai,
        keterangan=data.get("keterangan", stored["keterangan"]),
        bukti_tautan=data.get("bukti_tautan", stored["bukti_tautan"]),
        bukti=data.get("bukti"),
    )
