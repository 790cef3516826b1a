from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisasiConfig(AppConfig):
    """The Pemda, its Perangkat Daerah and bidang, and the product's users."""

    name = "sakip.organisasi"
    verbose_name = _("Organisasi")
