from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerencanaanConfig(AppConfig):
    """Planning documents, their elemen, indikator and targets."""

    name = "sakip.perencanaan"
    verbose_name = _("Perencanaan")
