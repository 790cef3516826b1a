from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferensiConfig(AppConfig):
    """National reference data: the nomenklatur and the ordinal scales."""

    name = "sakip.referensi"
    verbose_name = _("Referensi")
