from django.urls import path

from .views import penilaian, rekomendasi

urlpatterns = [
    path("", penilaian.evaluasi_list, name="evaluasi_list"),
    path("tambah/", penilaian.evaluasi_create_view, name="evaluasi_create"),
    path("<int:pk>/", penilaian.evaluasi_detail, name="evaluasi_detail"),
    path(
        "<int:pk>/penugasan/",
        penilaian.evaluasi_penugasan,
        name="evaluasi_penugasan",
    ),
    path(
        "<int:pk>/lanjutkan/",
        penilaian.evaluasi_lanjutkan_view,
        name="evaluasi_lanjutkan",
    ),
    path(
        "<int:pk>/kriteria/<int:kriteria_pk>/",
        penilaian.jawaban_baris,
        name="jawaban_baris",
    ),
    path("jawaban/<int:pk>/bukti/", penilaian.jawaban_bukti, name="jawaban_bukti"),
    path(
        "<int:pk>/rekomendasi/",
        rekomendasi.rekomendasi_evaluasi,
        name="rekomendasi_evaluasi",
    ),
    path(
        "<int:pk>/rekomendasi/tambah/",
        rekomendasi.rekomendasi_create_view,
        name="rekomendasi_create",
    ),
    path("rekomendasi/", rekomendasi.rekomendasi_list, name="rekomendasi_list"),
    path(
        "rekomendasi/kementerian/tambah/",
        rekomendasi.rekomendasi_kementerian_create_view,
        name="rekomendasi_kementerian_create",
    ),
    path(
        "rekomendasi/<int:pk>/",
        rekomendasi.rekomendasi_detail,
        name="rekomendasi_detail",
    ),
    path(
        "rekomendasi/<int:pk>/tindak-lanjut/",
        rekomendasi.tindak_lanjut_create_view,
        name="tindak_lanjut_create",
    ),
    path(
        "rekomendasi/<int:pk>/tutup/",
        rekomendasi.rekomendasi_tutup_view,
        name="rekomendasi_tutup",
    ),
    path(
        "tindak-lanjut/<int:pk>/kembalikan/",
        rekomendasi.tindak_lanjut_kembalikan_view,
        name="tindak_lanjut_kembalikan",
    ),
    path(
        "tindak-lanjut/<int:pk>/bukti/",
        rekomendasi.tindak_lanjut_bukti,
        name="tindak_lanjut_bukti",
    ),
]
