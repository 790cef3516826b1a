from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared pieces of every app: layout, formatting, extension points."""

    name = "sakip.core"
    verbose_name = _("Inti")
