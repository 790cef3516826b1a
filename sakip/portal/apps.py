from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public portal: published documents, the summary dashboard and the
    open data, for anyone without a login."""

    name = "sakip.portal"
    verbose_name = _("Portal publik")

    def ready(self) -> None:
        # The document page and the PK page belong to earlier stages, which
        # may not import this app, so the publication card is added from here.
        from sakip.core.extensions import register_panel

        from .panels import publikasi_panel_context

        for slot in ("dokumen_detail", "perjanjian_detail"):
            register_panel(
                slot,
                template_name="portal/partials/panel_publikasi.html",
                get_context=publikasi_panel_context,
                order=10,
            )
