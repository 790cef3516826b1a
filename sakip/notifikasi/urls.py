from django.urls import path

from . import views

app_name = "notifikasi"

urlpatterns = [
    path("", views.notifikasi_list, name="notifikasi_list"),
    path("<int:pk>/buka/", views.notifikasi_buka, name="notifikasi_buka"),
    path("baca-semua/", views.notifikasi_baca_semua, name="notifikasi_baca_semua"),
]
