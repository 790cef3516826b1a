from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sakip.core.angka import TranslatableValueError, parse_angka
from sakip.tahunan.forms import RupiahField as PaguField

from .services import IsianBulan, nama_bulan


class RupiahField(PaguField):
    """A whole number of rupiah that is not a pagu: the same parsing, with a
    message that does not speak of pagu."""

    negative_message = gettext_lazy("Jumlah rupiah tidak boleh negatif.")


class PersenField(forms.Field):
    """A percentage from 0 to 100, written 97,5 or 97.5, with or without %."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control"})

    def to_python(self, value) -> Decimal | None:
        if value in self.empty_values:
            return None
        try:
            number = parse_angka(str(value))
        except TranslatableValueError as error:
            raise ValidationError(_(error.template) % error.params) from None
        if number is None:
            return None
        if not Decimal(0) <= number <= Decimal(100):
            raise ValidationError(_("Realisasi fisik harus antara 0 dan 100 %."))
        if number.as_tuple().exponent < -2:
            raise ValidationError(
                _("Tulis realisasi fisik dengan paling banyak dua desimal.")
            )
        return number


class KeuanganForm(forms.Form):
    """The pagu murni and perubahan of one sub kegiatan, and for each month its
    anggaran kas, realisasi keuangan and realisasi fisik."""

    pagu_murni = PaguField(label=gettext_lazy("Pagu murni (Rp)"), required=False)
    pagu_perubahan = PaguField(
        label=gettext_lazy("Pagu perubahan (Rp)"),
        required=False,
        help_text=gettext_lazy("Kosongkan bila belum ada DPA perubahan."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for bulan in range(1, 13):
            nama = nama_bulan(bulan)
            self.fields[f"anggaran_kas_{bulan}"] = RupiahField(
                label=_("Anggaran kas %(bulan)s") % {"bulan": nama}, required=False
            )
            self.fields[f"realisasi_keuangan_{bulan}"] = RupiahField(
                label=_("Realisasi keuangan %(bulan)s") % {"bulan": nama},
                required=False,
            )
            self.fields[f"realisasi_fisik_{bulan}"] = PersenField(
                label=_("Realisasi fisik %(bulan)s (%%)") % {"bulan": nama},
                required=False,
            )

    def bulan(self) -> dict[int, IsianBulan]:
        data = self.cleaned_data
        return {
            bulan: IsianBulan(
                anggaran_kas=data.get(f"anggaran_kas_{bulan}"),
                realisasi_keuangan=data.get(f"realisasi_keuangan_{bulan}"),
                realisasi_fisik=data.get(f"realisasi_fisik_{bulan}"),
            )
            for bulan in range(1, 13)
        }

    def pagu_fields(self) -> list[forms.BoundField]:
        return [self["pagu_murni"], self["pagu_perubahan"]]

    def baris_bulan(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The rows of the table: each month's name and its three fields."""
        return [
            (
                nama_bulan(bulan),
                [
                    self[f"anggaran_kas_{bulan}"],
                    self[f"realisasi_keuangan_{bulan}"],
                    self[f"realisasi_fisik_{bulan}"],
                ],
            )
            for bulan in range(1, 13)
        ]
