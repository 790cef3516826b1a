import logging
import socket

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django_tasks.signals import task_enqueued

from sakip.notifikasi.models import Notifikasi
from sakip.notifikasi.services import notifikasi_kirim
from sakip.notifikasi.tasks import send_notifikasi_emails

pytestmark = pytest.mark.django_db

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def enqueued():
    """The tasks enqueued during the test."""
    results = []

    def record(sender, task_result, **kwargs):
        results.append(task_result)

    task_enqueued.connect(record)
    yield results
    task_enqueued.disconnect(record)


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)

    @property
    def text(self) -> str:
        formatter = logging.Formatter("%(levelname)s %(message)s")
        return "\n".join(formatter.format(record) for record in self.records)


@pytest.fixture
def logged():
    """What the notification tasks log during the test, with tracebacks. The
    handler sits on the logger itself, so it works with ``-p no:logging``."""
    handler = _Records()
    logger = logging.getLogger("sakip.notifikasi.tasks")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


@pytest.fixture
def closed_port():
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _send(users, **fields):
    fields = {"judul": "Entri dikembalikan", "pesan": "Bukti kurang.", **fields}
    return notifikasi_kirim(users, **fields)


@override_settings(SAKIP_SITE_URL="https://sakip.contoh.go.id/")
def test_email_lands_in_outbox(ani, django_capture_on_commit_callbacks):
    ani.email = "ani@contoh.go.id"
    ani.save()

    with django_capture_on_commit_callbacks(execute=True):
        _send([ani], tautan="/pengukuran/dasbor/")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ani@contoh.go.id"]
    assert message.subject == "[SAKIP] Entri dikembalikan"
    assert "Bukti kurang." in message.body
    assert "https://sakip.contoh.go.id/pengukuran/dasbor/" in message.body
    assert "https://sakip.contoh.go.id/notifikasi/" in message.body
    assert Notifikasi.objects.get(penerima=ani).email_dikirim_pada is not None


def test_email_one_message_per_recipient(
    ani, citra, django_capture_on_commit_callbacks
):
    ani.email = "ani@contoh.go.id"
    ani.save()
    citra.email = "citra@contoh.go.id"
    citra.save()

    with django_capture_on_commit_callbacks(execute=True):
        _send([ani, citra])

    assert sorted(message.to[0] for message in mail.outbox) == [
        "ani@contoh.go.id",
        "citra@contoh.go.id",
    ]
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert all(not message.cc and not message.bcc for message in mail.outbox)


def test_email_without_site_url_has_no_link(ani, django_capture_on_commit_callbacks):
    ani.email = "ani@contoh.go.id"
    ani.save()

    with django_capture_on_commit_callbacks(execute=True):
        _send([ani], tautan="/pengukuran/dasbor/")

    assert "http" not in mail.outbox[0].body
    assert "/pengukuran/dasbor/" not in mail.outbox[0].body


def test_email_subject_on_one_line(ani, django_capture_on_commit_callbacks):
    ani.email = "ani@contoh.go.id"
    ani.save()

    with django_capture_on_commit_callbacks(execute=True):
        _send([ani], judul="Baris satu\nBcc: orang@luar.test")

    assert mail.outbox[0].subject == "[SAKIP] Baris satu Bcc: orang@luar.test"
    assert mail.outbox[0].bcc == []


def test_email_waits_for_commit(ani, django_capture_on_commit_callbacks, enqueued):
    ani.email = "ani@contoh.go.id"
    ani.save()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _send([ani])

    assert len(callbacks) == 1
    assert enqueued == []
    assert mail.outbox == []


def test_email_not_after_rollback(ani, django_capture_on_commit_callbacks):
    ani.email = "ani@contoh.go.id"
    ani.save()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                _send([ani])
                raise RuntimeError("the caller's change failed")
        except RuntimeError:
            pass

    assert callbacks == []
    assert mail.outbox == []
    assert not Notifikasi.objects.exists()


def test_email_skips_user_without_address(
    ani, budi, django_capture_on_commit_callbacks, enqueued
):
    ani.email = "ani@contoh.go.id"
    ani.save()
    budi.email = ""
    budi.save()

    with django_capture_on_commit_callbacks(execute=True):
        jumlah = _send([ani, budi])

    assert jumlah == 2
    assert [message.to for message in mail.outbox] == [["ani@contoh.go.id"]]
    assert list(enqueued[0].args) == [[Notifikasi.objects.get(penerima=ani).pk]]


@override_settings(EMAIL_BACKEND=SMTP, EMAIL_HOST="")
def test_email_not_configured(ani, django_capture_on_commit_callbacks, enqueued):
    ani.email = "ani@contoh.go.id"
    ani.save()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        jumlah = _send([ani])

    assert jumlah == 1
    assert callbacks == []
    assert enqueued == []
    assert mail.outbox == []
    assert Notifikasi.objects.get(penerima=ani).email_dikirim_pada is None


def test_email_smtp_failure_logged(
    ani, closed_port, logged, django_capture_on_commit_callbacks
):
    ani.email = "ani@contoh.go.id"
    ani.save()

    with (
        override_settings(
            EMAIL_BACKEND=SMTP,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=closed_port,
            EMAIL_USE_TLS=False,
            EMAIL_TIMEOUT=5,
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        jumlah = _send([ani])

    notifikasi = Notifikasi.objects.get(penerima=ani)
    assert jumlah == 1
    assert notifikasi.email_dikirim_pada is None
    assert f"Could not e-mail notifikasi [{notifikasi.pk}]" in logged.text
    assert "ConnectionRefusedError" in logged.text


@override_settings(EMAIL_BACKEND="sakip.notifikasi.tests.backends.RefusingBackend")
def test_email_refused_recipient_others_sent(
    ani, budi, logged, django_capture_on_commit_callbacks
):
    ani.email = "ani@ditolak.test"
    ani.save()
    budi.email = "budi@contoh.go.id"
    budi.save()

    with django_capture_on_commit_callbacks(execute=True):
        _send([ani, budi])

    ditolak = Notifikasi.objects.get(penerima=ani)
    assert [message.to for message in mail.outbox] == [["budi@contoh.go.id"]]
    assert ditolak.email_dikirim_pada is None
    assert Notifikasi.objects.get(penerima=budi).email_dikirim_pada is not None
    assert (
        f"Could not e-mail notifikasi {ditolak.pk} to pengguna {ani.pk}" in logged.text
    )


def test_task_sends_once(ani, django_capture_on_commit_callbacks):
    ani.email = "ani@contoh.go.id"
    ani.save()
    with django_capture_on_commit_callbacks(execute=True):
        _send([ani])
    notifikasi = Notifikasi.objects.get(penerima=ani)

    again = send_notifikasi_emails.call([notifikasi.pk])

    assert again == 0
    assert len(mail.outbox) == 1


def test_task_skips_deactivated(ani):
    ani.email = "ani@contoh.go.id"
    ani.save()
    notifikasi = Notifikasi.objects.create(penerima=ani, judul="Jadwal")
    ani.is_active = False
    ani.save()

    sent = send_notifikasi_emails.call([notifikasi.pk])

    assert sent == 0
    assert mail.outbox == []
