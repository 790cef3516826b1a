from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Realisasi


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
    readonly_fields = ["diisi_oleh", "diverifikasi_oleh", "diubah_pada"]
