from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PengukuranConfig(AppConfig):
    """Realisation, its verification, and capaian."""

    name = "sakip.pengukuran"
    verbose_name = _("Pengukuran")

    def ready(self) -> None:
        # The indikator page belongs to perencanaan, an earlier stage that may
        # not import this app, so the capaian panel is added from here.
        from sakip.core.extensions import register_panel

        from .views import capaian_panel_context

        register_panel(
            "indikator_detail",
            template_name="pengukuran/partials/panel_capaian_indikator.html",
            get_context=capaian_panel_context,
        )
        # The corrective actions of a quarter are carried out in the next, so
        # the rencana aksi page (an earlier stage) shows them.
        from .views.tindak_lanjut import rencana_aksi_panel_context

        register_panel(
            "rencana_aksi_detail",
            template_name="pengukuran/partials/panel_tindak_lanjut.html",
            get_context=rencana_aksi_panel_context,
        )
