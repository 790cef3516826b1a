from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TahunanConfig(AppConfig):
    """Yearly plans: the Renja of each OPD made from its Renstra, with pagu
    indikatif, and the RKPD compiled from the RPJMD and the Renjas."""

    name = "sakip.tahunan"
    verbose_name = _("Rencana tahunan")

    def ready(self) -> None:
        # The document page belongs to perencanaan, an earlier stage that may
        # not import this app, so the matrix download is added from here.
        from sakip.core.extensions import register_panel

        from .views import matriks_panel_context

        register_panel(
            "dokumen_detail",
            template_name="tahunan/partials/panel_matriks.html",
            get_context=matriks_panel_context,
        )
