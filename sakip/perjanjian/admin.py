from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Jabatan, PenugasanJabatan, PerjanjianKinerja


class PenugasanJabatanInline(admin.TabularInline):
    model = PenugasanJabatan
    extra = 0


@admin.register(Jabatan)
class JabatanAdmin(SimpleHistoryAdmin):
    list_display = ["nama", "unit", "level", "eselon"]
    list_filter = ["level"]
    search_fields = ["nama", "unit__nama", "unit__kode"]
    list_select_related = ["unit"]
    inlines = [PenugasanJabatanInline]


@admin.register(PenugasanJabatan)
class PenugasanJabatanAdmin(SimpleHistoryAdmin):
    list_display = ["nama", "nip", "jabatan", "jenis", "mulai", "selesai"]
    list_filter = ["jenis"]
    search_fields = ["nama", "nip", "jabatan__nama"]
    list_select_related = ["jabatan"]


@admin.register(PerjanjianKinerja)
class PerjanjianKinerjaAdmin(SimpleHistoryAdmin):
    """Read-only: a PK changes only through ``sakip.perjanjian.services``."""

    list_display = ["dokumen", "level", "unit", "tahun", "status"]
    list_filter = ["level", "status", "tahun"]
    list_select_related = ["dokumen", "unit"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
