from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluasiConfig(AppConfig):
    """Evaluasi AKIP: the LKE of PermenPAN-RB 88/2021 for each OPD and the
    Pemda, its scores and predikat, the recommendations and their follow-up."""

    name = "sakip.evaluasi"
    verbose_name = _("Evaluasi AKIP")

    def ready(self) -> None:
        # The open recommendations are to be answered in the unit's next Renja
        # and Renstra, whose page belongs to perencanaan, an earlier stage
        # that may not import this app, so the panel is added from here.
        from sakip.core.extensions import register_panel

        from .bukti_data import register_rekomendasi_reader
        from .rekomendasi import rekomendasi_ringkas
        from .views.rekomendasi import rekomendasi_panel_context
        from .views.usulan import usulan_panel_context

        register_panel(
            "dokumen_detail",
            template_name="evaluasi/partials/panel_rekomendasi.html",
            get_context=rekomendasi_panel_context,
        )
        # The follow-up check of the proposals and the LHE's list read the
        # recommendations only through this reader.
        register_rekomendasi_reader(rekomendasi_ringkas)
        # The data proposal of each criterion, read once per request.
        register_panel(
            "evaluasi_kriteria",
            template_name="evaluasi/partials/panel_usulan_baris.html",
            get_context=usulan_panel_context,
        )
