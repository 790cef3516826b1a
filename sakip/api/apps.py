from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API under /api/v1/: indikator, target, capaian and realisasi
    for other systems, with the scoping and the services of the pages."""

    name = "sakip.api"
    verbose_name = _("API")
