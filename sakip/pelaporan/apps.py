from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PelaporanConfig(AppConfig):
    """Pelaporan kinerja: the LKjIP of the Pemda and of each OPD, the evaluation
    tables of the Renja and RKPD, and the recapitulations of IKU, PK and Renstra."""

    name = "sakip.pelaporan"
    verbose_name = _("Pelaporan")
