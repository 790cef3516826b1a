from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BukukerjaConfig(AppConfig):
    """Import and export of the Buku Kerja SAKIP workbook."""

    name = "sakip.bukukerja"
    verbose_name = _("Buku Kerja")
