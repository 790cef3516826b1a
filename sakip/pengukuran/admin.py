from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import BukaUlangJadwal, JadwalInput, Realisasi


@admin.register(Realisasi)
class RealisasiAdmin(SimpleHistoryAdmin):
    list_display = [
        "indikator",
        "tahun",
        "periode",
        "nilai",
        "nilai_skala",
        "status",
        "diisi_oleh",
        "diubah_pada",
    ]
    list_filter = ["status", "tahun", "periode"]
    search_fields = ["indikator__kode", "indikator__uraian", "keterangan"]
    list_select_related = ["indikator", "diisi_oleh"]
    autocomplete_fields = ["indikator"]
    readonly_fields = [
        "diisi_oleh",
        "diisi_pada",
        "diverifikasi_oleh",
        "diverifikasi_pada",
        "bukti_nama",
        "versi",
        "diubah_pada",
    ]


class BukaUlangJadwalInline(admin.TabularInline):
    model = BukaUlangJadwal
    extra = 0
    fields = ["unit", "sampai", "alasan", "oleh", "dibuat_pada"]
    readonly_fields = ["oleh", "dibuat_pada"]


@admin.register(JadwalInput)
class JadwalInputAdmin(SimpleHistoryAdmin):
    list_display = ["tahun", "periode", "mulai", "selesai", "ditetapkan_oleh"]
    list_filter = ["tahun", "periode"]
    readonly_fields = ["ditetapkan_oleh", "diubah_pada"]
    inlines = [BukaUlangJadwalInline]
