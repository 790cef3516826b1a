"""Deployment checks of the e-mail settings, run by ``sakip check --deploy``."""

from django.conf import settings
from django.core.checks import Warning, register

from .services import email_configured


@register(deploy=True)
def check_email_settings(app_configs, **kwargs) -> list[Warning]:
    if not email_configured():
        return []
    warnings = []
    if settings.DEFAULT_FROM_EMAIL.endswith("@localhost"):
        warnings.append(
            Warning(
                f"DEFAULT_FROM_EMAIL is {settings.DEFAULT_FROM_EMAIL!r}; most mail "
                "servers reject or junk mail from such an address.",
                hint="Set DEFAULT_FROM_EMAIL to an address of the Pemda's domain.",
                id="notifikasi.W001",
            )
        )
    if not settings.SAKIP_SITE_URL.startswith(("https://", "http://")):
        warnings.append(
            Warning(
                "SAKIP_SITE_URL is not set, so notification e-mails carry no link.",
                hint="Set SAKIP_SITE_URL to the site's address, e.g. "
                "https://sakip.contoh.go.id.",
                id="notifikasi.W002",
            )
        )
    return warnings
