"""Admin for LKE templates: the structure is read-only because it comes from
the template's file (a new regulation or variant is a new file), while the
answer scale and the predikat bands are a Pemda's to set."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Evaluasi,
    Komponen,
    Kriteria,
    LkeTemplate,
    NilaiJawaban,
    PenugasanEvaluator,
    Predikat,
    SubKomponen,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class KomponenInline(ReadOnlyInline):
    model = Komponen
    fields = ["kode", "nama", "bobot"]


class SubKomponenInline(ReadOnlyInline):
    model = SubKomponen
    fields = ["kode", "nama", "bobot"]


class KriteriaInline(ReadOnlyInline):
    model = Kriteria
    fields = ["kode", "uraian", "jenis_jawaban", "bukti_dukung"]


class NilaiJawabanInline(admin.TabularInline):
    model = NilaiJawaban
    extra = 0
    fields = ["jenis_jawaban", "kode", "nilai", "keterangan", "urutan"]


class PredikatInline(admin.TabularInline):
    model = Predikat
    extra = 0
    fields = ["kode", "di_atas", "keterangan"]


@admin.register(LkeTemplate)
class LkeTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["kode", "nama", "berkas_sumber", "dimuat_pada"]
    readonly_fields = ["kode", "berkas_sumber", "dimuat_pada"]
    inlines = [KomponenInline, NilaiJawabanInline, PredikatInline]

    def has_add_permission(self, request):
        # A template is loaded from its file with `sakip load_lke`.
        return False


@admin.register(Komponen)
class KomponenAdmin(SimpleHistoryAdmin):
    list_display = ["kode", "nama", "bobot", "template"]
    list_filter = ["template"]
    readonly_fields = ["template", "kode", "nama", "bobot", "urutan"]
    inlines = [SubKomponenInline]

    def has_add_permission(self, request):
        return False


@admin.register(SubKomponen)
class SubKomponenAdmin(SimpleHistoryAdmin):
    list_display = ["kode", "nama", "bobot", "komponen"]
    list_filter = ["komponen__template"]
    readonly_fields = ["komponen", "kode", "nama", "bobot", "urutan"]
    inlines = [KriteriaInline]

    def has_add_permission(self, request):
        return False


@admin.register(NilaiJawaban)
class NilaiJawabanAdmin(SimpleHistoryAdmin):
    list_display = ["template", "jenis_jawaban", "kode", "nilai"]
    list_filter = ["template", "jenis_jawaban"]


@admin.register(Predikat)
class PredikatAdmin(SimpleHistoryAdmin):
    list_display = ["template", "kode", "di_atas", "keterangan"]
    list_filter = ["template"]


class PenugasanInline(admin.TabularInline):
    model = PenugasanEvaluator
    extra = 0
    fields = ["pengguna", "peran", "ditugaskan_oleh", "ditugaskan_pada"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Evaluasi)
class EvaluasiAdmin(SimpleHistoryAdmin):
    """Read-only: evaluations change only through the services, which check
    the stage, its owner and the answer scale."""

    list_display = ["unit", "tahun", "template", "status", "nilai", "predikat"]
    list_filter = ["tahun", "status", "template"]
    inlines = [PenugasanInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
