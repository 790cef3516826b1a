from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import KeuanganBulanan, Pagu


@admin.register(Pagu)
class PaguAdmin(SimpleHistoryAdmin):
    list_display = ["elemen", "tahun", "versi", "pagu"]
    list_filter = ["tahun", "versi"]
    search_fields = ["elemen__kode", "elemen__uraian", "elemen__nomenklatur"]
    list_select_related = ["elemen"]
    autocomplete_fields = ["elemen"]


@admin.register(KeuanganBulanan)
class KeuanganBulananAdmin(SimpleHistoryAdmin):
    list_display = [
        "elemen",
        "tahun",
        "bulan",
        "anggaran_kas",
        "realisasi_keuangan",
        "realisasi_fisik",
    ]
    list_filter = ["tahun", "bulan"]
    search_fields = ["elemen__kode", "elemen__uraian"]
    list_select_related = ["elemen"]
    autocomplete_fields = ["elemen"]
