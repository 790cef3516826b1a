from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sakip.core.angka import (
    RUPIAH_MAX,
    TranslatableValueError,
    format_angka,
    parse_rupiah,
)
from sakip.perencanaan.models import Dokumen, Elemen


class RupiahInput(forms.TextInput):
    """A text input that shows a stored amount with dots between thousands
    (1.500.000), the form that RupiahField reads back."""

    def format_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return format_angka(Decimal(value), 0)
        return super().format_value(value)


class RupiahField(forms.IntegerField):
    """A whole, non-negative number of rupiah up to RUPIAH_MAX, read by
    ``parse_rupiah``: "Rp", spaces, dots between thousands and a zero decimal
    part (",00") are allowed, other decimals are not."""

    widget = RupiahInput
    default_error_messages = {
        "invalid": _(
            "Masukkan jumlah rupiah bulat, misalnya 1500000 atau 1.500.000, "
            "tanpa desimal selain ,00."
        ),
        "max_value": _("Jumlah rupiah paling besar Rp %(maks)s."),
    }

    negative_message = _("Pagu tidak boleh negatif.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "class": "form-control"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_rupiah(value if isinstance(value, int) else str(value))
        except TranslatableValueError as error:
            raise ValidationError(self._message(error), code=error.code) from None

    def _message(self, error: TranslatableValueError) -> str:
        if error.code == "min_value":
            return self.negative_message
        if error.code == "max_value":
            return self.error_messages["max_value"] % {
                "maks": format_angka(Decimal(RUPIAH_MAX), 0)
            }
        return self.error_messages["invalid"]


class RenjaCreateForm(forms.Form):
    renstra = forms.ModelChoiceField(
        label=_("Renstra"),
        queryset=Dokumen.objects.none(),
        empty_label=_("Pilih Renstra"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    tahun = forms.IntegerField(
        label=_("Tahun Renja"),
        min_value=2000,
        max_value=2100,
        help_text=_("Tahun dalam periode Renstra."),
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, renstra_list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["renstra"].queryset = renstra_list
        self.fields["renstra"].label_from_instance = lambda dokumen: (
            f"{dokumen.unit.nama} · {dokumen.nama or dokumen.kode} "
            f"({dokumen.tahun_awal}–{dokumen.tahun_terakhir})"
        )


class RkpdCreateForm(forms.Form):
    tahun = forms.IntegerField(
        label=_("Tahun RKPD"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


class PaguIndikatifForm(forms.Form):
    """The pagu indikatif and prakiraan maju of every sub kegiatan of a Renja,
    as two fields per sub kegiatan named by its pk."""

    def __init__(self, *args, sub_kegiatan: list[Elemen], initial_nilai, **kwargs):
        super().__init__(*args, **kwargs)
        self.sub_kegiatan = sub_kegiatan
        for elemen in sub_kegiatan:
            pagu, maju = initial_nilai.get(elemen.pk, (None, None))
            self.fields[f"pagu_{elemen.pk}"] = RupiahField(
                label=_("Pagu indikatif %(kode)s") % {"kode": elemen.kode},
                required=False,
                initial=pagu,
            )
            self.fields[f"maju_{elemen.pk}"] = RupiahField(
                label=_("Prakiraan maju %(kode)s") % {"kode": elemen.kode},
                required=False,
                initial=maju,
            )

    def clean(self):
        cleaned = super().clean()
        for elemen in self.sub_kegiatan:
            pagu = cleaned.get(f"pagu_{elemen.pk}")
            maju = cleaned.get(f"maju_{elemen.pk}")
            if pagu is None and maju is not None:
                self.add_error(
                    f"pagu_{elemen.pk}",
                    _("Isi pagu indikatif sebelum prakiraan maju."),
                )
        return cleaned

    def nilai(self) -> dict[int, tuple[int, int | None]]:
        """Return (pagu, prakiraan maju) by elemen pk, for the rows with a pagu."""
        result = {}
        for elemen in self.sub_kegiatan:
            pagu = self.cleaned_data.get(f"pagu_{elemen.pk}")
            if pagu is not None:
                result[elemen.pk] = (pagu, self.cleaned_data.get(f"maju_{elemen.pk}"))
        return result

    def field_pair(self, elemen: Elemen) -> tuple[forms.BoundField, forms.BoundField]:
        return self[f"pagu_{elemen.pk}"], self[f"maju_{elemen.pk}"]
