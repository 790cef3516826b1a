from django.urls import path

from . import views

app_name = "perencanaan"

urlpatterns = [
    path("dokumen/", views.dokumen_list, name="dokumen_list"),
    path("dokumen/<int:pk>/", views.dokumen_detail, name="dokumen_detail"),
    path("dokumen/<int:pk>/ajukan/", views.dokumen_ajukan, name="dokumen_ajukan"),
    path(
        "dokumen/<int:pk>/kembalikan/",
        views.dokumen_kembalikan,
        name="dokumen_kembalikan",
    ),
    path("dokumen/<int:pk>/tetapkan/", views.dokumen_tetapkan, name="dokumen_tetapkan"),
    path(
        "dokumen/<int:pk>/perubahan/",
        views.dokumen_buat_perubahan,
        name="dokumen_buat_perubahan",
    ),
    path("dokumen/<int:pk>/bandingkan/", views.dokumen_compare, name="dokumen_compare"),
    path("elemen/<int:pk>/", views.elemen_detail, name="elemen_detail"),
    path("indikator/<int:pk>/", views.indikator_detail, name="indikator_detail"),
    path("rantai-kinerja/", views.rantai_kinerja, name="rantai_kinerja"),
]
