from django.urls import path

from . import views

app_name = "anggaran"

urlpatterns = [
    path("", views.anggaran_pemda, name="anggaran_pemda"),
    path("opd/<int:pk>/", views.anggaran_opd, name="anggaran_opd"),
    path("keuangan/<int:pk>/", views.keuangan_edit, name="keuangan_edit"),
]
