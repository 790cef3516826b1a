from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sakip.organisasi.models import Pengguna, Unit

from .models import TahunDitutup
from .selectors import audited_models


class AuditFilterForm(forms.Form):
    """The filters of the audit page; every field is optional."""

    model = forms.ChoiceField(label=_("Jenis data"), required=False)
    pengguna = forms.ModelChoiceField(
        label=_("Pengguna"),
        queryset=Pengguna.objects.order_by("username"),
        required=False,
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.all(), required=False
    )
    dari = forms.DateField(
        label=_("Dari tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sampai = forms.DateField(
        label=_("Sampai tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    objek = forms.IntegerField(label=_("ID objek"), required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("Semua"))] + [
            (model._meta.label_lower, str(model._meta.verbose_name).capitalize())
            for model in audited_models()
        ]

    def clean(self):
        cleaned = super().clean()
        dari, sampai = cleaned.get("dari"), cleaned.get("sampai")
        if dari and sampai and sampai < dari:
            self.add_error("sampai", _("Tanggal akhir tidak boleh sebelum awal."))
        if cleaned.get("objek") and not cleaned.get("model"):
            self.add_error("objek", _("Pilih jenis data untuk mencari satu objek."))
        return cleaned


class TahunTutupForm(forms.ModelForm):
    class Meta:
        model = TahunDitutup
        fields = ["tahun", "alasan"]
        widgets = {"alasan": forms.Textarea(attrs={"rows": 2})}


class TahunBukaForm(forms.Form):
    alasan = forms.CharField(
        label=_("Alasan membuka kembali"), widget=forms.Textarea(attrs={"rows": 2})
    )
