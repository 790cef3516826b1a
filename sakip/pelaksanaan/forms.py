from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sakip.core.angka import format_nilai
from sakip.organisasi.models import Unit
from sakip.perencanaan.forms import AngkaField, EditForm
from sakip.perencanaan.nilai import check_nilai_indikator

from .models import PERIODE_AKSI, Aksi
from .selectors import LABEL_TRIWULAN
from .targets import BULAN, TRIWULAN, JenisNilai, NilaiTarget


class TargetTriwulanForm(EditForm):
    """The four quarterly targets of one PK row: a number, two bounds for a
    rentang indikator, or a value of its scale. ``satuan`` and ``uraian`` are
    the indikator's, for the sign and unit rules of its values."""

    def __init__(
        self,
        *args,
        jenis: JenisNilai,
        skala_values=(),
        satuan: str = "",
        uraian: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.jenis = jenis
        self.satuan = satuan
        self.uraian = uraian
        choices = [("", "—")] + [(value, value) for value in skala_values]
        for periode in TRIWULAN:
            label = LABEL_TRIWULAN[periode]
            if jenis is JenisNilai.SKALA:
                self.fields[periode] = forms.ChoiceField(
                    label=label, choices=choices, required=False
                )
            elif jenis is JenisNilai.RENTANG:
                self.fields[periode] = AngkaField(
                    label=_("%(triwulan)s batas bawah") % {"triwulan": label},
                    required=False,
                )
                self.fields[f"{periode}_atas"] = AngkaField(
                    label=_("%(triwulan)s batas atas") % {"triwulan": label},
                    required=False,
                )
            else:
                self.fields[periode] = AngkaField(label=label, required=False)
        # The base class set the CSS classes before these fields existed.
        for name, field in self.fields.items():
            if name == "versi":
                continue
            if jenis is JenisNilai.SKALA:
                field.widget.attrs["class"] = "form-select form-select-sm"
            else:
                field.widget.attrs["class"] = "form-control form-control-sm text-end"
                field.widget.attrs["inputmode"] = "decimal"
                field.widget.attrs["data-pilih-isi"] = ""

    @staticmethod
    def initial_for(values: dict[str, NilaiTarget], *, jenis: JenisNilai) -> dict:
        """Return the form's initial data from the current quarterly targets."""

        def text(number):
            return "" if number is None else format_nilai(number)

        initial = {}
        for periode in TRIWULAN:
            value = values.get(periode, NilaiTarget())
            if jenis is JenisNilai.SKALA:
                initial[periode] = value.nilai_skala
            elif jenis is JenisNilai.RENTANG:
                initial[periode] = text(value.batas_bawah)
                initial[f"{periode}_atas"] = text(value.batas_atas)
            else:
                initial[periode] = text(value.nilai)
        return initial

    def kolom(self) -> list[list]:
        """Return the bound fields of each quarter, in order, for the template."""
        result = []
        for periode in TRIWULAN:
            names = [periode]
            if self.jenis is JenisNilai.RENTANG:
                names.append(f"{periode}_atas")
            result.append([self[name] for name in names])
        return result

    def clean(self):
        """Apply the indikator's rules to each number as typed, so that
        "50%" on a count or "-5" on a percentage is rejected on its field."""
        cleaned = super().clean()
        if self.jenis is JenisNilai.SKALA:
            return cleaned
        for name in self.fields:
            if name == "versi" or name in self.errors:
                continue
            pesan = check_nilai_indikator(
                cleaned.get(name),
                satuan=self.satuan,
                uraian=self.uraian,
                teks=str(self.data.get(self.add_prefix(name), "")),
                jenis="target",
            )
            if pesan is not None:
                self.add_error(name, pesan.render(gettext))
        return cleaned

    def values(self) -> dict[str, NilaiTarget]:
        data = self.cleaned_data
        result = {}
        for periode in TRIWULAN:
            first = data.get(periode)
            if self.jenis is JenisNilai.SKALA:
                result[periode] = NilaiTarget(nilai_skala=first or "")
            elif self.jenis is JenisNilai.RENTANG:
                result[periode] = NilaiTarget(
                    batas_bawah=first, batas_atas=data.get(f"{periode}_atas")
                )
            else:
                result[periode] = NilaiTarget(nilai=first)
        return result


class TargetFisikForm(EditForm):
    """The target fisik (%) of one sub kegiatan for each month."""

    def __init__(self, *args, nama_bulan: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        for bulan in BULAN:
            self.fields[f"bulan_{bulan}"] = AngkaField(
                label=nama_bulan[bulan], required=False
            )
            self.fields[f"bulan_{bulan}"].widget.attrs.update(
                {
                    "class": "form-control form-control-sm text-end",
                    "inputmode": "decimal",
                    "data-pilih-isi": "",
                }
            )

    def values(self) -> dict:
        return {bulan: self.cleaned_data.get(f"bulan_{bulan}") for bulan in BULAN}


class AksiForm(EditForm):
    """One action of a PK row: when, what, and which unit does it."""

    periode = forms.ChoiceField(
        label=Aksi._meta.get_field("periode").verbose_name.capitalize(),
        choices=PERIODE_AKSI,
    )
    uraian = forms.CharField(
        label=Aksi._meta.get_field("uraian").verbose_name.capitalize(),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    unit_pj = forms.ModelChoiceField(
        label=Aksi._meta.get_field("unit_pj").verbose_name.capitalize(),
        queryset=Unit.objects.none(),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_pj"].queryset = units


class TetapkanForm(forms.Form):
    """The confirmation of adopting a rencana aksi: the number of rows and sub
    kegiatan with warnings that the user was shown."""

    peringatan_dikonfirmasi = forms.IntegerField(
        min_value=0, required=False, widget=forms.HiddenInput
    )
    # The template writes the checkbox's label, with the number in it.
    setuju = forms.BooleanField(required=False)

    def jumlah_dikonfirmasi(self) -> int:
        """Return the confirmed count, 0 when the box was not ticked."""
        if not self.is_valid() or not self.cleaned_data.get("setuju"):
            return 0
        return self.cleaned_data.get("peringatan_dikonfirmasi") or 0


class FilterForm(forms.Form):
    """The year and OPD of the rencana aksi list."""

    tahun = forms.TypedChoiceField(
        label=_("Tahun"), coerce=int, required=False, empty_value=None
    )
    opd = forms.ModelChoiceField(
        label=_("Perangkat daerah"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Semua"),
    )

    def __init__(self, *args, tahun_list, opd_list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [("", _("Semua"))] + [
            (tahun, str(tahun)) for tahun in tahun_list
        ]
        self.fields["opd"].queryset = opd_list
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")
