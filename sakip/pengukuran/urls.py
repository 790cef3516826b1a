from django.urls import path

from .views import dasbor, isian, jadwal, monitoring, tindak_lanjut, verifikasi

app_name = "pengukuran"

PERIODE = "<int:pk>/<int:tahun>/<str:periode>/"

urlpatterns = [
    path("", isian.pengukuran_index, name="index"),
    path("dasbor/", dasbor.dasbor_pemda, name="dasbor_pemda"),
    path("dasbor/opd/<int:pk>/", dasbor.dasbor_opd, name="dasbor_opd"),
    path("isian/", isian.isian_pilih, name="isian_pilih"),
    path(f"isian/{PERIODE}", isian.isian_opd, name="isian_opd"),
    path(f"isian/{PERIODE}ajukan/", isian.isian_ajukan_view, name="isian_ajukan"),
    path(
        "isian/kinerja/<int:pk>/<int:tahun>/<str:periode>/",
        isian.isian_kinerja_baris,
        name="isian_kinerja_baris",
    ),
    path(
        "isian/keuangan/<int:pk>/<int:tahun>/<int:bulan>/",
        isian.isian_keuangan_baris,
        name="isian_keuangan_baris",
    ),
    path(f"verifikasi/{PERIODE}", verifikasi.verifikasi_opd, name="verifikasi_opd"),
    path(
        f"verifikasi/{PERIODE}terima/",
        verifikasi.verifikasi_terima_pilihan,
        name="verifikasi_terima_pilihan",
    ),
    path(
        "verifikasi/kinerja/<int:pk>/",
        verifikasi.verifikasi_kinerja,
        name="verifikasi_kinerja",
    ),
    path(
        "verifikasi/keuangan/<int:pk>/",
        verifikasi.verifikasi_keuangan,
        name="verifikasi_keuangan",
    ),
    path(
        "riwayat/kinerja/<int:pk>/", verifikasi.riwayat_kinerja, name="riwayat_kinerja"
    ),
    path(
        "riwayat/keuangan/<int:pk>/",
        verifikasi.riwayat_keuangan,
        name="riwayat_keuangan",
    ),
    path("bukti/kinerja/<int:pk>/", verifikasi.bukti_kinerja, name="bukti_kinerja"),
    path("bukti/keuangan/<int:pk>/", verifikasi.bukti_keuangan, name="bukti_keuangan"),
    path("jadwal/", jadwal.jadwal_list, name="jadwal_list"),
    path("jadwal/bawaan/", jadwal.jadwal_bawaan_view, name="jadwal_bawaan"),
    path("jadwal/<int:pk>/", jadwal.jadwal_edit, name="jadwal_edit"),
    path(
        "jadwal/<int:pk>/buka-ulang/",
        jadwal.jadwal_buka_ulang,
        name="jadwal_buka_ulang",
    ),
    path("monitoring/", monitoring.monitoring, name="monitoring"),
    path(
        "monitoring/grafik/indikator/<int:pk>/<int:tahun>/",
        monitoring.monitoring_grafik_indikator,
        name="monitoring_grafik_indikator",
    ),
    path(
        "monitoring/grafik/sub-kegiatan/<int:pk>/<int:tahun>/",
        monitoring.monitoring_grafik_sub_kegiatan,
        name="monitoring_grafik_sub_kegiatan",
    ),
    path(
        "tindak-lanjut/", tindak_lanjut.tindak_lanjut_index, name="tindak_lanjut_list"
    ),
    path(
        "tindak-lanjut/<int:pk>/",
        tindak_lanjut.tindak_lanjut_edit,
        name="tindak_lanjut_edit",
    ),
    path(
        "tindak-lanjut/<int:pk>/selesai/",
        tindak_lanjut.tindak_lanjut_selesai,
        name="tindak_lanjut_selesai",
    ),
]
