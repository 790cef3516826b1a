from django.urls import path

from . import views
from .views import edit, pohon

app_name = "perencanaan"

urlpatterns = [
    path("dokumen/", views.dokumen_list, name="dokumen_list"),
    path("dokumen/baru/", views.dokumen_create, name="dokumen_create"),
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
    path(
        "dokumen/<int:pk>/publikasikan/",
        views.dokumen_publikasikan,
        name="dokumen_publikasikan",
    ),
    path(
        "dokumen/<int:pk>/tarik-publikasi/",
        views.dokumen_tarik_publikasi,
        name="dokumen_tarik_publikasi",
    ),
    path("dokumen/<int:pk>/bandingkan/", views.dokumen_compare, name="dokumen_compare"),
    path("elemen/<int:pk>/", views.elemen_detail, name="elemen_detail"),
    path("indikator/<int:pk>/", views.indikator_detail, name="indikator_detail"),
    path("rantai-kinerja/", views.rantai_kinerja, name="rantai_kinerja"),
]

# The pohon kinerja (Pemda and OPD) with its PDF and SVG downloads, and the
# crosscutting sasaran.
urlpatterns += [
    path("pohon/", pohon.pohon_pemda, name="pohon_pemda"),
    path(
        "pohon/pdf/",
        pohon.pohon_pemda,
        {"berkas": pohon.PDF},
        name="pohon_pemda_pdf",
    ),
    path(
        "pohon/svg/",
        pohon.pohon_pemda,
        {"berkas": pohon.SVG},
        name="pohon_pemda_svg",
    ),
    path("pohon/opd/<int:pk>/", pohon.pohon_opd, name="pohon_opd"),
    path(
        "pohon/opd/<int:pk>/pdf/",
        pohon.pohon_opd,
        {"berkas": pohon.PDF},
        name="pohon_opd_pdf",
    ),
    path(
        "pohon/opd/<int:pk>/svg/",
        pohon.pohon_opd,
        {"berkas": pohon.SVG},
        name="pohon_opd_svg",
    ),
    path("crosscutting/", pohon.crosscutting, name="crosscutting"),
]

# Editing a document's content: elemen, indikator, targets and the links of
# the cascade (forms for HTMX fragments and whole pages).
urlpatterns += [
    path("dokumen/<int:pk>/tambah/", edit.elemen_create, name="elemen_create"),
    path(
        "dokumen/<int:pk>/nomenklatur/",
        edit.nomenklatur_search,
        name="nomenklatur_search",
    ),
    path("elemen/<int:pk>/baris/", edit.elemen_row, name="elemen_row"),
    path("elemen/<int:pk>/ubah/", edit.elemen_update, name="elemen_update"),
    path("elemen/<int:pk>/hapus/", edit.elemen_delete, name="elemen_delete"),
    path("elemen/<int:pk>/unit-pj/", edit.elemen_unit_pj, name="elemen_unit_pj"),
    path("elemen/<int:pk>/tautan/", edit.tautan_add, name="tautan_add"),
    path(
        "elemen/<int:pk>/indikator/tambah/",
        edit.indikator_create,
        name="indikator_create",
    ),
    path("indikator/<int:pk>/ubah/", edit.indikator_update, name="indikator_update"),
    path("indikator/<int:pk>/hapus/", edit.indikator_delete, name="indikator_delete"),
    path("indikator/<int:pk>/target/", edit.target_edit, name="target_edit"),
    path("tautan/<int:pk>/hapus/", edit.tautan_remove, name="tautan_remove"),
]
