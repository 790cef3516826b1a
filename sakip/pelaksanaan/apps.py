from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PelaksanaanConfig(AppConfig):
    """Rencana aksi: the quarterly and monthly targets and the actions through
    which each Perjanjian Kinerja's yearly targets are reached."""

    name = "sakip.pelaksanaan"
    verbose_name = _("Rencana aksi")

    def ready(self) -> None:
        # The PK page belongs to perjanjian, an earlier stage that may not
        # import this app, so the rencana aksi panel is added from here.
        from sakip.core.extensions import register_panel

        from .views import perjanjian_panel_context

        register_panel(
            "perjanjian_detail",
            template_name="pelaksanaan/partials/panel_perjanjian.html",
            get_context=perjanjian_panel_context,
        )
