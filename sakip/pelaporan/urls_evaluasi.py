from django.urls import path

from .views import evaluasi

# The evaluation tables of the Renja and RKPD and the recapitulations; the
# year is the ``tahun`` query parameter.
urlpatterns = [
    path("evaluasi/", evaluasi.evaluasi_index, name="evaluasi_index"),
    path("evaluasi/renja/<int:pk>/", evaluasi.evaluasi_renja, name="evaluasi_renja"),
    path(
        "evaluasi/renja/<int:pk>/xlsx/",
        evaluasi.evaluasi_renja_xlsx,
        name="evaluasi_renja_xlsx",
    ),
    path("evaluasi/rkpd/", evaluasi.evaluasi_rkpd, name="evaluasi_rkpd"),
    path("evaluasi/rkpd/xlsx/", evaluasi.evaluasi_rkpd_xlsx, name="evaluasi_rkpd_xlsx"),
    path("rekap/iku/<int:pk>/", evaluasi.rekap_iku, name="rekap_iku"),
    path("rekap/iku/<int:pk>/xlsx/", evaluasi.rekap_iku_xlsx, name="rekap_iku_xlsx"),
    path("rekap/iku/<int:pk>/pdf/", evaluasi.rekap_iku_pdf, name="rekap_iku_pdf"),
    path("rekap/pk/<int:pk>/", evaluasi.rekap_pk, name="rekap_pk"),
    path("rekap/pk/<int:pk>/xlsx/", evaluasi.rekap_pk_xlsx, name="rekap_pk_xlsx"),
    path("rekap/pk/<int:pk>/pdf/", evaluasi.rekap_pk_pdf, name="rekap_pk_pdf"),
    path("rekap/renstra/<int:pk>/", evaluasi.rekap_renstra, name="rekap_renstra"),
    path(
        "rekap/renstra/<int:pk>/xlsx/",
        evaluasi.rekap_renstra_xlsx,
        name="rekap_renstra_xlsx",
    ),
    path(
        "rekap/renstra/<int:pk>/pdf/",
        evaluasi.rekap_renstra_pdf,
        name="rekap_renstra_pdf",
    ),
]
