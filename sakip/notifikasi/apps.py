from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifikasiConfig(AppConfig):
    """Notifications to users, in the product and by e-mail."""

    name = "sakip.notifikasi"
    verbose_name = _("Notifikasi")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment checks)
