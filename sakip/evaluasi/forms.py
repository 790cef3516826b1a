"""Forms of the Evaluasi AKIP pages. They only parse input: the rules (who,
which stage, which scale) are in ``services`` and ``rekomendasi``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sakip.organisasi.models import Pengguna, Peran, Unit

from .models import (
    Evaluasi,
    Komponen,
    LkeTemplate,
    PenugasanEvaluator,
    Rekomendasi,
    TindakLanjut,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class BootstrapMixin:
    """Give every widget Bootstrap's class: form-select for a choice,
    form-control for the rest."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = (
                "form-select"
                if isinstance(field.widget, forms.Select)
                else ("form-control")
            )
            field.widget.attrs.setdefault("class", css)


class EvaluasiCreateForm(BootstrapMixin, forms.Form):
    """The unit, year and LKE of a new evaluation. A plain form, so that
    ``evaluasi_create`` reports an existing evaluation in its own words."""

    unit = forms.ModelChoiceField(
        label=Evaluasi._meta.get_field("unit").verbose_name,
        queryset=Unit.objects.exclude(jenis=Unit.Jenis.BIDANG),
    )
    tahun = forms.IntegerField(
        label=Evaluasi._meta.get_field("tahun").verbose_name,
        min_value=2000,
        max_value=2100,
    )
    template = forms.ModelChoiceField(
        label=Evaluasi._meta.get_field("template").verbose_name,
        queryset=LkeTemplate.objects.all(),
    )


class PenugasanForm(BootstrapMixin, forms.Form):
    pengguna = forms.ModelChoiceField(
        label=_("Evaluator"),
        queryset=Pengguna.objects.none(),
        help_text=_("Pengguna berperan Evaluator (Inspektorat)."),
    )
    peran = forms.ChoiceField(
        label=_("Ditugaskan sebagai"), choices=PenugasanEvaluator.Peran.choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pengguna"].queryset = (
            Pengguna.objects.filter(peran=Peran.EVALUATOR, is_active=True)
            .select_related("unit")
            .order_by("first_name", "username")
        )
        self.fields["pengguna"].label_from_instance = _label_pengguna


def _label_pengguna(user: Pengguna) -> str:
    nama = user.get_full_name() or user.username
    return f"{nama} · {user.unit}" if user.unit_id else nama


class JawabanForm(forms.Form):
    """One criterion's answer as its row posts it. The code is free text
    here so that ``jawaban_simpan`` rejects a code outside the scale with a
    message that names the scale."""

    kode = forms.CharField(max_length=16, required=False)
    catatan = forms.CharField(max_length=4000, required=False)
    bukti = forms.FileField(required=False)
    bukti_tautan = forms.CharField(max_length=2000, required=False)
    versi = forms.IntegerField(min_value=0)


class CatatanForm(BootstrapMixin, forms.Form):
    catatan = forms.CharField(
        label=_("Catatan"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LanjutkanForm(CatatanForm):
    """The note of a move to the next stage, with the status the page showed,
    so that a second click does not move the evaluation twice."""

    status = forms.ChoiceField(
        choices=Evaluasi.Status.choices, required=False, widget=forms.HiddenInput
    )


class RekomendasiForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Rekomendasi
        fields = ["uraian", "komponen", "batas_waktu"]
        widgets = {
            "uraian": forms.Textarea(attrs={"rows": 3}),
            "batas_waktu": DateInput(),
        }

    def __init__(self, *args, template_id: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["komponen"].queryset = Komponen.objects.filter(
            template_id=template_id
        )


class RekomendasiKementerianForm(RekomendasiForm):
    tahun = forms.IntegerField(label=_("Tahun evaluasi"), min_value=2000)

    class Meta(RekomendasiForm.Meta):
        fields = ["tahun", "uraian", "komponen", "batas_waktu"]


class TindakLanjutForm(BootstrapMixin, forms.ModelForm):
    bukti_tautan = forms.URLField(
        label=TindakLanjut._meta.get_field("bukti_tautan").verbose_name,
        max_length=500,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = TindakLanjut
        fields = ["uraian", "tanggal", "bukti", "bukti_tautan"]
        widgets = {
            "uraian": forms.Textarea(attrs={"rows": 3}),
            "tanggal": DateInput(),
            "bukti": forms.ClearableFileInput(
                attrs={"accept": ".pdf,.jpg,.jpeg,.png,.xlsx,.docx"}
            ),
        }


class AlasanForm(BootstrapMixin, forms.Form):
    alasan = forms.CharField(
        label=_("Alasan dikembalikan"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
