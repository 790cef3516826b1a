from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Pengaturan, Pengguna, Unit


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["kode", "nama", "singkatan", "jenis", "induk", "urutan"]
    list_filter = ["jenis"]
    search_fields = ["kode", "nama", "singkatan"]
    list_select_related = ["induk"]
    autocomplete_fields = ["induk"]
    ordering = ["urutan", "kode"]


@admin.register(Pengguna)
class PenggunaAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "peran", "unit", "is_active"]
    list_filter = ["peran", "is_active", "is_staff", "unit__opd"]
    search_fields = ["username", "first_name", "last_name", "email", "unit__nama"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Peran di SAKIP"), {"fields": ["peran", "unit"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (_("Peran di SAKIP"), {"fields": ["peran", "unit"]}),
    ]


@admin.register(Pengaturan)
class PengaturanAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "rumus_negatif", "batas_rollup"]

    def has_add_permission(self, request) -> bool:
        # The settings are one row (pk 1); it is edited, never added twice.
        return super().has_add_permission(request) and not Pengaturan.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
