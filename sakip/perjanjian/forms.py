from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sakip.organisasi.models import Unit
from sakip.perencanaan.forms import AngkaField, EditForm
from sakip.perencanaan.models import TAHUN_VALIDATORS, Indikator

from .models import BarisPK, Level, PerjanjianKinerja


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


class TandatanganiForm(forms.Form):
    """The signer's confirmation. Signing cannot be undone, so the box must be
    ticked: the browser requires it, and the server checks it again."""

    konfirmasi = forms.BooleanField(
        label=_(
            "Saya sudah memeriksa isi PK ini. Setelah ditandatangani, PK tidak "
            "dapat diubah lagi kecuali dengan membuat PK perubahan."
        ),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _("Centang konfirmasi pemeriksaan sebelum menandatangani.")
        },
    )


class TargetPKForm(EditForm):
    """The PK target of one row, in the inputs its indikator takes (a number,
    a scale value, or two bounds for a rentang), and the reason it differs
    from the source document's target. ``versi`` is the row's
    ``selectors.target_version`` when the form was opened."""

    def __init__(self, *args, baris: BarisPK, **kwargs) -> None:
        indikator = baris.indikator
        self.jenis = "angka"
        if indikator.skala_id is not None:
            self.jenis = "skala"
        elif indikator.polaritas == Indikator.Polaritas.RENTANG:
            self.jenis = "rentang"
        super().__init__(*args, **kwargs)
        satuan = indikator.satuan
        if self.jenis == "skala":
            pilihan = [item.nilai for item in indikator.skala.nilai.all()]
            self.fields["nilai_skala"] = forms.ChoiceField(
                label=_("Target"),
                choices=[("", "–"), *((nilai, nilai) for nilai in pilihan)],
            )
        elif self.jenis == "rentang":
            self.fields["batas_bawah"] = AngkaField(
                label=_("Batas bawah (%(satuan)s)") % {"satuan": satuan}
            )
            self.fields["batas_atas"] = AngkaField(
                label=_("Batas atas (%(satuan)s)") % {"satuan": satuan}
            )
        else:
            self.fields["nilai"] = AngkaField(
                label=_("Target (%(satuan)s)") % {"satuan": satuan}
            )
        self.fields["alasan"] = forms.CharField(
            label=_("Alasan perubahan target"),
            required=False,
            max_length=4000,
            help_text=_("Wajib bila target berbeda dengan target dokumen sumber."),
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        # EditForm styled the fields it had; style the ones added here.
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)

    def values(self) -> dict:
        """Return the keyword arguments of ``services.pk_ubah_target``."""
        data = self.cleaned_data
        return {
            "nilai": data.get("nilai"),
            "nilai_skala": data.get("nilai_skala", ""),
            "batas_bawah": data.get("batas_bawah"),
            "batas_atas": data.get("batas_atas"),
            "alasan": data.get("alasan", ""),
            "versi": data.get("versi") or None,
        }


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
