from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sakip.organisasi.models import Unit
from sakip.perencanaan.models import TAHUN_VALIDATORS

from .models import Level, PerjanjianKinerja


class PerjanjianCreateForm(forms.Form):
    """The level, unit, year and date of a new PK; the rest comes from the
    source plan and the officials."""

    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    tahun = forms.IntegerField(label=_("Tahun"), validators=TAHUN_VALIDATORS)
    tanggal = forms.DateField(
        label=PerjanjianKinerja._meta.get_field("tanggal").verbose_name.capitalize(),
        help_text=_("Tanggal penandatanganan; penanda tangan dicari pada tanggal ini."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        for field in self.fields.values():
            css = (
                "form-select"
                if isinstance(field, forms.ChoiceField)
                else "form-control"
            )
            field.widget.attrs.setdefault("class", css)


class PerubahanForm(forms.Form):
    """The reason of a PK perubahan and, when the official changed, its date."""

    alasan = forms.CharField(
        label=_("Alasan perubahan"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    tanggal = forms.DateField(
        label=_("Tanggal perubahan"),
        required=False,
        help_text=_(
            "Isi bila pejabat berganti: penanda tangan dicari pada tanggal ini. "
            "Kosong berarti penanda tangan dan tanggal PK lama dipakai."
        ),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )


class VerifikasiBerkasForm(forms.Form):
    """A copy of a signed PK's file, whose SHA-256 is compared with the one
    stored when the PK was signed."""

    # A PK's PDF is a few hundred kilobytes; the limit keeps a public form
    # from hashing arbitrarily large uploads.
    UKURAN_MAKSIMUM = 20 * 1024 * 1024

    berkas = forms.FileField(
        label=_("Berkas PK"),
        help_text=_("Berkas PDF yang akan diperiksa, paling besar 20 MB."),
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > self.UKURAN_MAKSIMUM:
            raise forms.ValidationError(
                _("Berkas terlalu besar (%(ukuran)s bait); paling besar 20 MB.")
                % {"ukuran": berkas.size}
            )
        return berkas
