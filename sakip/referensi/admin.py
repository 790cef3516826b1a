from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import NilaiSkala, Nomenklatur, NomenklaturVersi, Skala


@admin.register(NomenklaturVersi)
class NomenklaturVersiAdmin(admin.ModelAdmin):
    list_display = ["nama", "berlaku_mulai", "dimuat_pada"]
    search_fields = ["nama"]


@admin.register(Nomenklatur)
class NomenklaturAdmin(admin.ModelAdmin):
    list_display = ["kode", "tingkat", "nama", "versi"]
    list_filter = ["tingkat", "versi"]
    search_fields = ["kode", "nama"]
    list_select_related = ["versi"]


class NilaiSkalaInline(admin.TabularInline):
    model = NilaiSkala
    extra = 0


@admin.register(Skala)
class SkalaAdmin(SimpleHistoryAdmin):
    list_display = ["nama", "uraian"]
    search_fields = ["nama", "uraian"]
    inlines = [NilaiSkalaInline]


@admin.register(NilaiSkala)
class NilaiSkalaAdmin(SimpleHistoryAdmin):
    list_display = ["skala", "nilai", "peringkat"]
    list_filter = ["skala"]
    search_fields = ["nilai", "skala__nama"]
    list_select_related = ["skala"]
