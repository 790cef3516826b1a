from django.urls import path

from . import views

app_name = "arsip"

urlpatterns = [
    path("audit/", views.audit_list, name="audit_list"),
    path("riwayat/<str:jenis>/<int:pk>/", views.riwayat_panel, name="riwayat_panel"),
    path("tahun/", views.tahun_list, name="tahun_list"),
    path("tahun/tutup/", views.tahun_tutup_view, name="tahun_tutup"),
    path("tahun/<int:tahun>/buka/", views.tahun_buka_view, name="tahun_buka"),
]
