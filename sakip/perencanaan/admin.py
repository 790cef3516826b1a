from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Dokumen, Elemen, Indikator, Target, TautanElemen


@admin.register(Dokumen)
class DokumenAdmin(SimpleHistoryAdmin):
    list_display = [
        "kode",
        "nama",
        "jenis",
        "unit",
        "tahun_awal",
        "tahun_akhir",
        "versi",
        "status",
    ]
    list_filter = ["jenis", "status", "tahun_awal"]
    search_fields = ["kode", "nama", "unit__nama"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit", "versi_sebelumnya"]


class IndikatorInline(admin.TabularInline):
    model = Indikator
    fields = ["kode", "uraian", "satuan", "polaritas", "iku", "urutan"]
    extra = 0
    show_change_link = True


class TautanKeluarInline(admin.TabularInline):
    model = TautanElemen
    fk_name = "dari"
    autocomplete_fields = ["ke"]
    extra = 0


@admin.register(Elemen)
class ElemenAdmin(SimpleHistoryAdmin):
    list_display = [
        "kode",
        "jenis",
        "uraian",
        "dokumen",
        "nomenklatur",
        "unit_pj",
        "urutan",
    ]
    list_filter = ["jenis", "dokumen__jenis", "dokumen"]
    search_fields = ["kode", "uraian", "nomenklatur"]
    list_select_related = ["dokumen", "unit_pj"]
    autocomplete_fields = ["dokumen", "induk", "unit_pj"]
    inlines = [IndikatorInline, TautanKeluarInline]


@admin.register(TautanElemen)
class TautanElemenAdmin(SimpleHistoryAdmin):
    list_display = ["dari", "jenis", "ke"]
    list_filter = ["jenis"]
    search_fields = ["dari__kode", "dari__uraian", "ke__kode", "ke__uraian"]
    list_select_related = ["dari", "ke"]
    autocomplete_fields = ["dari", "ke"]


class TargetInline(admin.TabularInline):
    model = Target
    fields = [
        "dokumen",
        "tahun",
        "periode",
        "nilai",
        "nilai_skala",
        "batas_bawah",
        "batas_atas",
    ]
    autocomplete_fields = ["dokumen"]
    extra = 0


@admin.register(Indikator)
class IndikatorAdmin(SimpleHistoryAdmin):
    list_display = ["kode", "uraian", "satuan", "polaritas", "iku", "elemen", "unit_pj"]
    list_filter = ["iku", "polaritas", "agregasi", "elemen__dokumen__jenis"]
    search_fields = ["kode", "uraian", "elemen__kode"]
    list_select_related = ["elemen", "unit_pj"]
    autocomplete_fields = ["elemen", "unit_pj", "skala"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = [
        "indikator",
        "dokumen",
        "tahun",
        "periode",
        "nilai",
        "nilai_skala",
        "batas_bawah",
        "batas_atas",
    ]
    list_filter = ["tahun", "periode", "dokumen__jenis"]
    search_fields = ["indikator__kode", "indikator__uraian", "dokumen__kode"]
    list_select_related = ["indikator", "dokumen"]
    autocomplete_fields = ["indikator", "dokumen"]
