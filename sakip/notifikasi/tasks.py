"""Background tasks of notifications, run by ``sakip db_worker``."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Notifikasi

logger = logging.getLogger(__name__)

# Failures that concern one message only; after any other error the
# connection is assumed broken and the remaining messages are not tried.
MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
)


@task()
def send_notifikasi_emails(notifikasi_ids: list[int]) -> int:
    """E-mail each notification of ``notifikasi_ids`` to its recipient, one
    message each, and return how many were sent.

    A notification e-mailed before is skipped, so running the task again sends
    nothing twice. A failed send is logged with the notification's id and is
    not raised; its notification stays in the product, marked as not e-mailed.
    """
    notifikasi_list = list(
        Notifikasi.objects.filter(
            pk__in=notifikasi_ids,
            email_dikirim_pada__isnull=True,
            penerima__is_active=True,
        )
        .exclude(penerima__email="")
        .select_related("penerima")
        .order_by("pk")
    )
    if not notifikasi_list:
        return 0

    connection = mail.get_connection()
    sent: list[int] = []
    try:
        connection.open()
        for notifikasi in notifikasi_list:
            try:
                if connection.send_messages([build_message(notifikasi, connection)]):
                    sent.append(notifikasi.pk)
            except MESSAGE_ERRORS:
                logger.exception(
                    "Could not e-mail notifikasi %s to pengguna %s",
                    notifikasi.pk,
                    notifikasi.penerima_id,
                )
    except Exception:
        # Any backend, not only SMTP, may fail here. The request that sent the
        # notifications must not see the error, so it is logged with the ids
        # that were not sent.
        sent_ids = set(sent)
        unsent = [n.pk for n in notifikasi_list if n.pk not in sent_ids]
        logger.exception("Could not e-mail notifikasi %s", unsent)
    finally:
        connection.close()

    Notifikasi.objects.filter(pk__in=sent).update(email_dikirim_pada=timezone.now())
    return len(sent)


def build_message(
    notifikasi: Notifikasi, connection: BaseEmailBackend
) -> mail.EmailMessage:
    """Build the plain-text e-mail of one notification, addressed to its
    recipient only."""
    site_url = settings.SAKIP_SITE_URL.rstrip("/")
    context = {
        "notifikasi": notifikasi,
        "penerima": notifikasi.penerima,
        "tautan_url": site_url + notifikasi.tautan
        if site_url and notifikasi.tautan
        else "",
        "daftar_url": site_url + reverse("notifikasi:notifikasi_list")
        if site_url
        else "",
    }
    # A line break in a subject would be a header injection; Django rejects
    # it, so the judul's whitespace is folded into single spaces.
    judul = " ".join(notifikasi.judul.split())
    return mail.EmailMessage(
        subject=_("[SAKIP] %(judul)s") % {"judul": judul},
        body=render_to_string("notifikasi/email/notifikasi.txt", context),
        to=[notifikasi.penerima.email],
        connection=connection,
    )
