from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import pages, views

app_name = "api"

urlpatterns = [
    path("indikator/", views.IndikatorList.as_view(), name="indikator_list"),
    path(
        "indikator/<str:kode>/target/",
        views.IndikatorTarget.as_view(),
        name="indikator_target",
    ),
    path("capaian/", views.CapaianList.as_view(), name="capaian_list"),
    path("realisasi/", views.RealisasiList.as_view(), name="realisasi_list"),
    path(
        "realisasi/<int:pk>/", views.RealisasiDetail.as_view(), name="realisasi_detail"
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("token/", pages.token_detail, name="token_detail"),
    path("token/buat/", pages.token_buat, name="token_buat"),
    path("token/cabut/", pages.token_cabut, name="token_cabut"),
]
