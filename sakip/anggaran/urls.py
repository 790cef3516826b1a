from django.urls import path

from . import views

app_name = "anggaran"

urlpatterns = [
    path("", views.anggaran_pemda, name="anggaran_pemda"),
    path("opd/<int:pk>/", views.anggaran_opd, name="anggaran_opd"),
    path("keuangan/<int:pk>/", views.keuangan_edit, name="keuangan_edit"),
    path("impor-sipd/", views.sipd_periksa, name="sipd_periksa"),
    path("impor-sipd/simpan/", views.sipd_simpan, name="sipd_simpan"),
]
