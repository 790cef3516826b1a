from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Dokumen,
    Elemen,
    Indikator,
    Target,
    TautanElemen,
    ensure_dokumen_not_ditetapkan,
)


def _dokumen_id(obj) -> int | None:
    """Return the pk of the document whose content ``obj`` is."""
    if isinstance(obj, Target | Elemen):
        return obj.dokumen_id
    elemen_id = obj.elemen_id if isinstance(obj, Indikator) else obj.dari_id
    return (
        Elemen.objects.filter(pk=elemen_id).values_list("dokumen_id", flat=True).first()
    )


class IsiDokumenForm(forms.ModelForm):
    """An admin form for a document's content that reports a change to a
    ditetapkan document as a form error. The model's ``save()`` rejects that
    change too, which the admin would otherwise show as a server error. Both
    the stored document and the one the form moves the row to are checked,
    so a row cannot be moved out of a ditetapkan document either."""

    # The admin saves its main form even when nothing changed, so an
    # unchanged row is checked too.
    skip_unchanged = False

    def _post_clean(self) -> None:
        super()._post_clean()
        stored_pk = self.instance.pk
        if self.skip_unchanged and stored_pk is not None and not self.has_changed():
            return
        dokumen_ids = {_dokumen_id(self.instance)}
        stored = type(self.instance).objects.filter(pk=stored_pk).first()
        if stored is not None:
            dokumen_ids.add(_dokumen_id(stored))
        for dokumen_id in sorted(filter(None, dokumen_ids)):
            try:
                ensure_dokumen_not_ditetapkan(dokumen_id)
            except ValidationError as error:
                self.add_error(None, error)
                return


class IsiDokumenInlineForm(IsiDokumenForm):
    """``IsiDokumenForm`` for an inline, whose unchanged rows are not saved and
    so are not checked: a draft Renja's indikator may be saved while the
    inline lists its targets in a signed PK."""

    skip_unchanged = True


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
    form = IsiDokumenInlineForm
    fields = ["kode", "uraian", "satuan", "polaritas", "iku", "urutan"]
    extra = 0
    show_change_link = True


class TautanKeluarInline(admin.TabularInline):
    model = TautanElemen
    form = IsiDokumenInlineForm
    fk_name = "dari"
    autocomplete_fields = ["ke"]
    extra = 0


@admin.register(Elemen)
class ElemenAdmin(SimpleHistoryAdmin):
    form = IsiDokumenForm
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
    form = IsiDokumenForm
    list_display = ["dari", "jenis", "ke"]
    list_filter = ["jenis"]
    search_fields = ["dari__kode", "dari__uraian", "ke__kode", "ke__uraian"]
    list_select_related = ["dari", "ke"]
    autocomplete_fields = ["dari", "ke"]


class TargetInline(admin.TabularInline):
    model = Target
    form = IsiDokumenInlineForm
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
    form = IsiDokumenForm
    list_display = ["kode", "uraian", "satuan", "polaritas", "iku", "elemen", "unit_pj"]
    list_filter = ["iku", "polaritas", "agregasi", "elemen__dokumen__jenis"]
    search_fields = ["kode", "uraian", "elemen__kode"]
    list_select_related = ["elemen", "unit_pj"]
    autocomplete_fields = ["elemen", "unit_pj", "skala"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    form = IsiDokumenForm
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
