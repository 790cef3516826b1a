from django import forms
from django.utils.translation import gettext_lazy as _

from sakip.organisasi.models import Unit
from sakip.referensi.models import Skala

from .models import Dokumen, Elemen, Indikator


class AlasanForm(forms.Form):
    """The reason for returning a document or for making a perubahan."""

    alasan = forms.CharField(
        label=_("Alasan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class BandingkanForm(forms.Form):
    """Two versions of one lineage to compare."""

    a = forms.TypedChoiceField(label=_("Versi A"), coerce=int)
    b = forms.TypedChoiceField(label=_("Versi B"), coerce=int)

    def __init__(self, *args, versi_list, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(item.pk, f"{item.versi} ({item.kode})") for item in versi_list]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices


# The forms of the editing pages. Each form that changes a row carries the
# ``versi`` it was loaded with (see ``editing.row_version``).


class EditForm(forms.Form):
    # Django names a field's error message in its input's aria-describedby
    # as "<id>_error"; the templates give the message that id. ``{{ form }}``
    # renders ``template_name``, not ``template_name_div``, so both are set.
    template_name = "perencanaan/partials/edit_form_fields.html"
    template_name_div = template_name

    versi = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            widget.attrs.setdefault("class", css)


class AngkaField(forms.CharField):
    """A number typed in Indonesian (1.234,5) or plain (1234.5) form."""

    def to_python(self, value):
        from sakip.core.angka import parse_angka

        from .editing import check_nilai

        text = super().to_python(value)
        try:
            number = parse_angka(text)
        except ValueError as error:
            template = getattr(error, "template", None)
            params = getattr(error, "params", {})
            message = _(template) % params if template else str(error)
            raise forms.ValidationError(message, code="invalid") from error
        try:
            return check_nilai(number)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from error


class ElemenForm(EditForm):
    """The uraian and nomenklatur code of an elemen; ``jenis`` only when adding."""

    jenis = forms.ChoiceField(label=_("Jenis"))
    nomenklatur = forms.CharField(
        label=_("Kode nomenklatur"),
        required=False,
        max_length=32,
        help_text=_("Ketik kode atau nama, lalu pilih dari daftar."),
    )
    uraian = forms.CharField(label=_("Uraian"), max_length=4000)

    def __init__(self, *args, jenis_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if jenis_choices is None:
            del self.fields["jenis"]
        else:
            labels = dict(Elemen.Jenis.choices)
            self.fields["jenis"].choices = [(j, labels[j]) for j in jenis_choices]


class IndikatorForm(EditForm):
    """Every field of an indikator that a planner writes."""

    uraian = forms.CharField(label=_("Uraian indikator"), max_length=4000)
    satuan = forms.CharField(label=_("Satuan"), max_length=64)
    polaritas = forms.ChoiceField(
        label=_("Polaritas"), choices=Indikator.Polaritas.choices
    )
    agregasi = forms.ChoiceField(
        label=_("Agregasi antarperiode"),
        choices=Indikator.Agregasi.choices,
        initial=Indikator.Agregasi.AKHIR,
    )
    skala = forms.ModelChoiceField(
        label=_("Skala"),
        queryset=Skala.objects.all(),
        required=False,
        empty_label=_("(angka)"),
        help_text=_("Kosongkan untuk indikator angka."),
    )
    kondisi_awal = AngkaField(label=_("Kondisi awal"), required=False)
    kondisi_awal_skala = forms.CharField(
        label=_("Kondisi awal (nilai skala)"), required=False, max_length=32
    )
    iku = forms.BooleanField(label=_("IKU"), required=False)
    rumus_negatif = forms.ChoiceField(
        label=_("Rumus negatif"),
        choices=[("", _("Ikuti pengaturan pemda")), *Indikator.RumusNegatif.choices],
        required=False,
    )
    definisi = forms.CharField(
        label=_("Definisi operasional"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    formula = forms.CharField(
        label=_("Formula"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    sumber_data = forms.CharField(label=_("Sumber data"), required=False)

    def values(self) -> dict:
        return {
            name: value for name, value in self.cleaned_data.items() if name != "versi"
        }


class TargetForm(EditForm):
    """The yearly targets of one indikator for every year of its document:
    one input a year, two bounds for a rentang, a select for a scale."""

    def __init__(self, *args, indikator, tahun_list, **kwargs):
        super().__init__(*args, **kwargs)
        self.tahun_list = list(tahun_list)
        self.jenis = "angka"
        if indikator.skala_id is not None:
            self.jenis = "skala"
            choices = [("", "–")] + [
                (item.nilai, item.nilai) for item in indikator.skala.nilai.all()
            ]
        elif indikator.polaritas == Indikator.Polaritas.RENTANG:
            self.jenis = "rentang"
        for tahun in self.tahun_list:
            if self.jenis == "skala":
                self.fields[f"tahun_{tahun}"] = forms.ChoiceField(
                    label=str(tahun), choices=choices, required=False
                )
            elif self.jenis == "rentang":
                self.fields[f"tahun_{tahun}"] = AngkaField(
                    label=_("%(tahun)s batas bawah") % {"tahun": tahun},
                    required=False,
                )
                self.fields[f"tahun_{tahun}_atas"] = AngkaField(
                    label=_("%(tahun)s batas atas") % {"tahun": tahun},
                    required=False,
                )
            else:
                self.fields[f"tahun_{tahun}"] = AngkaField(
                    label=str(tahun), required=False
                )

    def baris(self) -> list[tuple[int, list]]:
        """The bound fields of each year, for the template."""
        result = []
        for tahun in self.tahun_list:
            names = [f"tahun_{tahun}"]
            if self.jenis == "rentang":
                names.append(f"tahun_{tahun}_atas")
            result.append((tahun, [self[name] for name in names]))
        return result

    def values(self):
        from .editing import NilaiTarget

        data = self.cleaned_data
        result = {}
        for tahun in self.tahun_list:
            first = data.get(f"tahun_{tahun}")
            if self.jenis == "skala":
                result[tahun] = NilaiTarget(nilai_skala=first or "")
            elif self.jenis == "rentang":
                result[tahun] = NilaiTarget(
                    batas_bawah=first, batas_atas=data.get(f"tahun_{tahun}_atas")
                )
            else:
                result[tahun] = NilaiTarget(nilai=first)
        return result


class TautanForm(EditForm):
    """The elemen of another document that an elemen supports."""

    ke = forms.ModelChoiceField(
        label=_("Didukung"), queryset=Elemen.objects.none(), empty_label=None
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ke"].queryset = Elemen.objects.filter(
            pk__in=[item.pk for item in candidates]
        ).select_related("dokumen")
        self.fields["ke"].label_from_instance = lambda item: (
            f"{item.kode} — {item.uraian} ({item.dokumen.kode})"
        )


class UnitPjForm(EditForm):
    """The bidang or seksi that an elemen is cascaded down to."""

    unit_pj = forms.ModelChoiceField(
        label=_("Unit penanggung jawab"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(OPD sendiri)"),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_pj"].queryset = Unit.objects.filter(
            pk__in=[item.pk for item in units]
        )


class DokumenCreateForm(forms.Form):
    """A new, empty RPJMD or Renstra: its kind, unit, period and name."""

    jenis = forms.ChoiceField(
        label=_("Jenis dokumen"), widget=forms.Select(attrs={"class": "form-select"})
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    tahun_awal = forms.IntegerField(
        label=_("Tahun awal"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    tahun_akhir = forms.IntegerField(
        label=_("Tahun akhir"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("Kosongkan untuk periode lima tahun dari tahun awal."),
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    nama = forms.CharField(
        label=_("Nama"),
        max_length=255,
        required=False,
        help_text=_("Misalnya: Renstra Dinas Pendidikan 2025–2029."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, jenis_choices, units, periode_tahun, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Dokumen.Jenis.choices)
        self.fields["jenis"].choices = [
            (jenis, labels[jenis]) for jenis in jenis_choices
        ]
        self.fields["unit"].queryset = units
        self.periode_tahun = periode_tahun

    def clean(self):
        data = super().clean()
        if data.get("tahun_awal") and not data.get("tahun_akhir"):
            data["tahun_akhir"] = data["tahun_awal"] + self.periode_tahun - 1
        return data
