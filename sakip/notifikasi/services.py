"""Sending notifications and marking them read.

Other apps call ``notifikasi_kirim``. It writes the in-product notifications
in one insert and leaves the e-mail to a background task, so that with the
database task queue a request never waits on the mail server.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Notifikasi, validate_tautan
from .tasks import send_notifikasi_emails

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna

logger = logging.getLogger(__name__)

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def email_configured() -> bool:
    """Return True when notifications are also e-mailed: when ``EMAIL_HOST`` is
    set, or when ``EMAIL_BACKEND`` is not Django's SMTP backend (the console
    backend of a developer, the locmem backend of the tests)."""
    return bool(settings.EMAIL_HOST) or settings.EMAIL_BACKEND != SMTP_BACKEND


def notifikasi_kirim(
    penerima: Iterable[Pengguna],
    *,
    judul: str,
    pesan: str,
    tautan: str = "",
    kunci: str = "",
) -> int:
    """Create one notification per distinct active user of ``penerima`` and
    return how many were created.

    ``tautan`` is a path on this site. With ``kunci``, a user who already has
    a notification with that kunci gets no second one. When e-mail is
    configured, a task e-mails the new notifications once the current
    transaction commits. Raises ValidationError on an invalid judul, tautan
    or kunci.
    """
    _validate(judul=judul, tautan=tautan, kunci=kunci)
    users = {user.pk: user for user in penerima if user.is_active}
    if not users:
        return 0

    created = _insert(
        users=list(users.values()),
        judul=judul,
        pesan=pesan,
        tautan=tautan,
        kunci=kunci,
    )

    email_ids = [notifikasi.pk for notifikasi in created if notifikasi.penerima.email]
    if email_ids and email_configured():
        transaction.on_commit(partial(_enqueue_emails, email_ids))
    return len(created)


def notifikasi_tandai_dibaca(*, notifikasi: Notifikasi) -> None:
    """Mark ``notifikasi`` read, unless it was read before."""
    if notifikasi.dibaca_pada is not None:
        return
    now = timezone.now()
    Notifikasi.objects.filter(pk=notifikasi.pk, dibaca_pada__isnull=True).update(
        dibaca_pada=now
    )
    notifikasi.dibaca_pada = now


def notifikasi_tandai_semua_dibaca(*, pengguna: Pengguna) -> int:
    """Mark every unread notification of ``pengguna`` read; return how many."""
    return (
        Notifikasi.objects.milik(pengguna)
        .belum_dibaca()
        .update(dibaca_pada=timezone.now())
    )


def _validate(*, judul: str, tautan: str, kunci: str) -> None:
    judul_field = Notifikasi._meta.get_field("judul")
    kunci_field = Notifikasi._meta.get_field("kunci")
    if not judul.strip():
        raise ValidationError(_("Judul notifikasi wajib diisi."), code="required")
    if len(judul) > judul_field.max_length:
        raise ValidationError(
            _("Judul notifikasi paling panjang %(max)d karakter, ini %(length)d.")
            % {"max": judul_field.max_length, "length": len(judul)},
            code="max_length",
        )
    if len(kunci) > kunci_field.max_length:
        raise ValidationError(
            _("Kunci notifikasi paling panjang %(max)d karakter, ini %(length)d.")
            % {"max": kunci_field.max_length, "length": len(kunci)},
            code="max_length",
        )
    if len(tautan) > Notifikasi._meta.get_field("tautan").max_length:
        raise ValidationError(
            _("Tautan notifikasi terlalu panjang."), code="max_length"
        )
    validate_tautan(tautan)


def _insert(
    *, users: list[Pengguna], judul: str, pesan: str, tautan: str, kunci: str
) -> list[Notifikasi]:
    """Insert the notifications of ``users`` in one query, leaving out those
    who already have one with ``kunci``."""
    fields = {"judul": judul, "pesan": pesan, "tautan": tautan, "kunci": kunci}
    try:
        with transaction.atomic():
            return _bulk_create(users, fields)
    except IntegrityError:
        if not kunci:
            raise
    # Two sends with the same kunci can race on PostgreSQL: both find no row,
    # and the second insert fails on the unique constraint once the first
    # commits. Now the first one's rows are visible and are left out.
    logger.info("Notifikasi with kunci %s was sent concurrently; retrying", kunci)
    with transaction.atomic():
        return _bulk_create(users, fields)


def _bulk_create(users: list[Pengguna], fields: dict[str, str]) -> list[Notifikasi]:
    existing: set[int] = set()
    if fields["kunci"]:
        existing = set(
            Notifikasi.objects.filter(
                kunci=fields["kunci"], penerima__in=[user.pk for user in users]
            ).values_list("penerima_id", flat=True)
        )
    now = timezone.now()
    rows = [
        Notifikasi(penerima=user, dibuat_pada=now, **fields)
        for user in users
        if user.pk not in existing
    ]
    return Notifikasi.objects.bulk_create(rows)


def _enqueue_emails(notifikasi_ids: list[int]) -> None:
    # Runs after the commit, outside the caller's error handling: a task queue
    # that fails must not turn a saved change into an error page.
    try:
        send_notifikasi_emails.enqueue(notifikasi_ids)
    except Exception:
        logger.exception(
            "Could not enqueue the e-mail of notifikasi %s", notifikasi_ids
        )
