from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerjanjianConfig(AppConfig):
    """Perjanjian Kinerja: the officials who hold the head posts of units, and
    the performance agreements at four levels made from the yearly plans."""

    name = "sakip.perjanjian"
    verbose_name = _("Perjanjian kinerja")
