from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public portal: published documents, the summary dashboard and the
    open data, for anyone without a login."""

    name = "sakip.portal"
    verbose_name = _("Portal publik")
