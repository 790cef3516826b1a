from django.urls import path

from .views import lkjip as views

# One LKjIP is addressed by its year and its unit's pk (the Pemda or an OPD).
LAPORAN = "lkjip/<int:tahun>/<int:unit>/"

urlpatterns = [
    path("lkjip/", views.laporan_list, name="laporan_list"),
    path(LAPORAN, views.laporan_detail, name="laporan_detail"),
    path(
        LAPORAN + "narasi/<str:bagian>/",
        views.laporan_narasi_edit,
        name="laporan_narasi_edit",
    ),
    path(
        LAPORAN + "narasi/<str:bagian>/isi/",
        views.laporan_narasi_isi,
        name="laporan_narasi_isi",
    ),
    path(
        LAPORAN + "analisis/<str:sasaran>/<str:bagian>/",
        views.laporan_narasi_edit,
        name="laporan_analisis_edit",
    ),
    path(
        LAPORAN + "analisis/<str:sasaran>/<str:bagian>/isi/",
        views.laporan_narasi_isi,
        name="laporan_analisis_isi",
    ),
    path(
        LAPORAN + "docx/",
        views.laporan_unduh,
        {"format": "docx"},
        name="laporan_docx",
    ),
    path(LAPORAN + "pdf/", views.laporan_unduh, {"format": "pdf"}, name="laporan_pdf"),
    path(LAPORAN + "tetapkan/", views.laporan_tetapkan, name="laporan_tetapkan"),
    path(LAPORAN + "publikasi/", views.laporan_publikasi, name="laporan_publikasi"),
    path(
        LAPORAN + "revisi/", views.laporan_revisi_create, name="laporan_revisi_create"
    ),
    path(
        LAPORAN + "revisi/<int:nomor>/docx/",
        views.revisi_unduh,
        {"format": "docx"},
        name="laporan_revisi_docx",
    ),
    path(
        LAPORAN + "revisi/<int:nomor>/pdf/",
        views.revisi_unduh,
        {"format": "pdf"},
        name="laporan_revisi_pdf",
    ),
    path("lkjip/paket/", views.laporan_paket_create, name="laporan_paket_create"),
    path(
        "lkjip/paket/<int:pk>/",
        views.laporan_paket_detail,
        name="laporan_paket_detail",
    ),
    path(
        "lkjip/paket/<int:pk>/progres/",
        views.laporan_paket_progres,
        name="laporan_paket_progres",
    ),
    path(
        "lkjip/paket/<int:pk>/unduh/",
        views.laporan_paket_unduh,
        name="laporan_paket_unduh",
    ),
]
