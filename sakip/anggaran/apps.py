from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnggaranConfig(AppConfig):
    """Budget: pagu per DPA version and the monthly financial figures."""

    name = "sakip.anggaran"
    verbose_name = _("Anggaran")
