from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TahunanConfig(AppConfig):
    """Yearly plans: the Renja of each OPD made from its Renstra, with pagu
    indikatif, and the RKPD compiled from the RPJMD and the Renjas."""

    name = "sakip.tahunan"
    verbose_name = _("Rencana tahunan")
