from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerjanjianConfig(AppConfig):
    """Perjanjian Kinerja: the officials who hold the head posts of units, and
    the performance agreements at four levels made from the yearly plans."""

    name = "sakip.perjanjian"
    verbose_name = _("Perjanjian kinerja")

    def ready(self) -> None:
        from sakip.core.checks_registry import register_check

        from .checks import JENIS_TEMUAN_PK, check_perjanjian

        register_check("perjanjian", check_perjanjian, jenis=JENIS_TEMUAN_PK)
