from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sakip.perencanaan.models import TAHUN_VALIDATORS

from .models import (
    NARASI_MAX,
    AnalisisSasaran,
    LaporanKinerja,
    PaketLaporanKinerja,
    RevisiLaporanKinerja,
    pesan_narasi_terlalu_panjang,
)


class NarasiForm(forms.Form):
    """One narrative field of an LKjIP and the version it had when opened.
    The label is the model field's, so the form names the field as the
    document does."""

    isi = forms.CharField(
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 6, "class": "form-control", "maxlength": NARASI_MAX}
        ),
    )
    versi = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, bagian: str, analisis: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        model = AnalisisSasaran if analisis else LaporanKinerja
        label = model._meta.get_field(bagian).verbose_name
        self.fields["isi"].label = label[:1].upper() + label[1:]

    def clean_isi(self) -> str:
        isi = self.cleaned_data["isi"]
        if len(isi) > NARASI_MAX:
            raise forms.ValidationError(pesan_narasi_terlalu_panjang(len(isi)))
        return isi


class TetapkanForm(forms.Form):
    """The adopter's confirmation. Adoption freezes the report, so the box
    must be ticked: the browser requires it, and the server checks it again."""

    konfirmasi = forms.BooleanField(
        label=_(
            "Saya menetapkan LKjIP ini. Angka dan narasinya dibekukan dan tidak "
            "berubah lagi; koreksi sesudahnya dibuat sebagai revisi."
        ),
        required=True,
    )


class RevisiForm(forms.Form):
    """The reason and date of a revision of an adopted LKjIP."""

    alasan = forms.CharField(
        label=RevisiLaporanKinerja._meta.get_field("alasan").verbose_name.capitalize(),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    tanggal = forms.DateField(
        label=RevisiLaporanKinerja._meta.get_field("tanggal").verbose_name.capitalize(),
        required=False,
        help_text=_("Kosong berarti hari ini."),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )


class PaketForm(forms.Form):
    """The year and format of the LKjIP of the Pemda and every OPD."""

    tahun = forms.IntegerField(
        label=_("Tahun"),
        validators=TAHUN_VALIDATORS,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    format = forms.ChoiceField(
        label=PaketLaporanKinerja._meta.get_field("format").verbose_name.capitalize(),
        choices=PaketLaporanKinerja.Format.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
