from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArsipConfig(AppConfig):
    """Backup and restore, closed (archived) years, and the audit trail."""

    name = "sakip.arsip"
    verbose_name = _("Arsip dan audit")

    def ready(self) -> None:
        from sakip.core.tahun import register_year_guard

        from . import panels, tahun

        tahun.connect_guards()
        register_year_guard("arsip", tahun.ensure_tahun_tidak_ditutup)
        panels.register()
