from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AnalisisSasaran,
    LaporanKinerja,
    PaketLaporanKinerja,
    RevisiLaporanKinerja,
)

# The frozen data is what an adopted LKjIP reported; the admin shows it and
# never changes it, so the document reads the same years later.
BEKU = ["isi_beku", "narasi_beku"]


class AnalisisSasaranInline(admin.StackedInline):
    model = AnalisisSasaran
    extra = 0
    readonly_fields = ["versi_isian"]


class RevisiLaporanKinerjaInline(admin.TabularInline):
    model = RevisiLaporanKinerja
    extra = 0
    can_delete = False
    fields = ["nomor", "tanggal", "alasan", "dibuat_oleh", "dibuat_pada"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LaporanKinerja)
class LaporanKinerjaAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "tahun", "status", "dipublikasikan", "ditetapkan_pada"]
    list_filter = ["tahun", "status", "dipublikasikan"]
    search_fields = ["unit__nama", "unit__kode"]
    list_select_related = ["unit"]
    readonly_fields = [
        "status",
        "ditetapkan_pada",
        "ditetapkan_oleh",
        "versi_isian",
        *BEKU,
    ]
    inlines = [AnalisisSasaranInline, RevisiLaporanKinerjaInline]


@admin.register(PaketLaporanKinerja)
class PaketLaporanKinerjaAdmin(admin.ModelAdmin):
    list_display = ["tahun", "format", "status", "progres", "dibuat_pada"]
    list_filter = ["status", "format"]
    readonly_fields = [
        field.name for field in PaketLaporanKinerja._meta.fields if field.name != "id"
    ]

    def has_add_permission(self, request) -> bool:
        return False
