from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PengukuranConfig(AppConfig):
    """Realisation, its verification, and capaian."""

    name = "sakip.pengukuran"
    verbose_name = _("Pengukuran")
