from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluasiConfig(AppConfig):
    """Evaluasi AKIP: the LKE of PermenPAN-RB 88/2021 for each OPD and the
    Pemda, its scores and predikat, the recommendations and their follow-up."""

    name = "sakip.evaluasi"
    verbose_name = _("Evaluasi AKIP")
