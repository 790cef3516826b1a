from django.test import override_settings

from sakip.notifikasi.checks import check_email_settings

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def _ids(warnings) -> list[str]:
    return [warning.id for warning in warnings]


@override_settings(EMAIL_BACKEND=SMTP, EMAIL_HOST="")
def test_check_silent_without_email():
    assert check_email_settings(None) == []


@override_settings(
    EMAIL_BACKEND=SMTP,
    EMAIL_HOST="mail.contoh.go.id",
    DEFAULT_FROM_EMAIL="sakip@localhost",
    SAKIP_SITE_URL="",
)
def test_check_warns_on_defaults():
    assert _ids(check_email_settings(None)) == ["notifikasi.W001", "notifikasi.W002"]


@override_settings(
    EMAIL_BACKEND=SMTP,
    EMAIL_HOST="mail.contoh.go.id",
    DEFAULT_FROM_EMAIL="sakip@contohkab.go.id",
    SAKIP_SITE_URL="https://sakip.contohkab.go.id",
)
def test_check_clean_when_set():
    assert check_email_settings(None) == []
