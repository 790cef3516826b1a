from django.urls import path

from . import views

app_name = "akun"

urlpatterns = [
    path("dua-faktor/", views.dua_faktor_daftar, name="dua_faktor_daftar"),
    path(
        "dua-faktor/verifikasi/",
        views.dua_faktor_verifikasi,
        name="dua_faktor_verifikasi",
    ),
]
