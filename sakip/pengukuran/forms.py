from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from sakip.anggaran.forms import PersenField, RupiahField
from sakip.organisasi.models import Unit

from .models import PERIODE_JADWAL, BukaUlangJadwal, JadwalInput

# The format that <input type="datetime-local"> sends and shows: minutes,
# no seconds.
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


@dataclass(frozen=True)
class PilihanDasbor:
    """The choices of a dashboard: the year, the OPD (None for the whole
    Pemda) and whether only verified realisation counts."""

    tahun: int
    opd: Unit | None
    hanya_terverifikasi: bool


class DasborFilterForm(forms.Form):
    """The filter above a dashboard, sent by GET (HTMX or a plain submit)."""

    tahun = forms.TypedChoiceField(label=_("Tahun"), coerce=int)
    opd = forms.ModelChoiceField(
        label=_("Perangkat Daerah"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Semua (Pemda)"),
    )
    terverifikasi = forms.BooleanField(
        label=_("Hanya realisasi terverifikasi"), required=False
    )

    def __init__(
        self,
        data,
        *,
        user,
        tahun_list: list[int],
        default_tahun: int,
        dengan_opd: bool = True,
    ):
        data = data.copy()
        data.setdefault("tahun", str(default_tahun))
        super().__init__(data)
        self.default_tahun = default_tahun
        self.fields["tahun"].choices = [(tahun, str(tahun)) for tahun in tahun_list]
        if dengan_opd:
            self.fields["opd"].queryset = Unit.objects.visible_to(
                user
            ).perangkat_daerah()
        else:
            del self.fields["opd"]

    def pilihan(self, *, opd: Unit | None = None) -> PilihanDasbor:
        """Return the valid choices; a field with an invalid value falls back
        to its default, and its error stays on the form to be shown."""
        self.is_valid()
        cleaned = self.cleaned_data
        return PilihanDasbor(
            tahun=cleaned.get("tahun") or self.default_tahun,
            opd=cleaned.get("opd") if "opd" in self.fields else opd,
            hanya_terverifikasi=bool(cleaned.get("terverifikasi")),
        )


class IsianPilihForm(forms.Form):
    """The unit, year and period whose input or verification page to open."""

    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    tahun = forms.IntegerField(
        label=_("Tahun"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    periode = forms.ChoiceField(
        label=_("Periode"),
        choices=PERIODE_JADWAL,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class VersiField(forms.IntegerField):
    """The hidden version of an entry that its page was loaded with. The page
    always sends a whole number, so any other value comes from a crafted
    request and is rejected with a message that asks to reload the page."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        message = _(
            "Versi isian yang dikirim tidak terbaca. Muat ulang halaman, lalu "
            "ulangi tindakan Anda."
        )
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault(
            "error_messages",
            {"required": message, "invalid": message, "min_value": message},
        )
        super().__init__(**kwargs)


class BarisForm(forms.Form):
    """The fields that every row of an input page has: the note, the
    evidence and the version of the entry the page was loaded with."""

    keterangan = forms.CharField(label=_("Keterangan"), required=False, max_length=2000)
    bukti_tautan = forms.CharField(
        label=_("Tautan bukti"), required=False, max_length=500
    )
    bukti = forms.FileField(label=_("Berkas bukti"), required=False)
    versi = VersiField()


class BarisKinerjaForm(BarisForm):
    """A row of a quarter's page. The value stays text: whether it must be a
    number or a value of a scale depends on the indikator, which the service
    checks."""

    nilai = forms.CharField(label=_("Realisasi"), required=False, max_length=64)


class BarisKeuanganForm(BarisForm):
    """A row of a month's page: the month's realisasi keuangan and the
    realisasi fisik to date."""

    realisasi_keuangan = RupiahField(label=_("Realisasi keuangan (Rp)"), required=False)
    realisasi_fisik = PersenField(label=_("Realisasi fisik (%)"), required=False)


class VerifikasiForm(forms.Form):
    """A verifikator's decision on one entry, with the version they saw."""

    class Aksi(models.TextChoices):
        TERIMA = "terima", _("Terima")
        KEMBALIKAN = "kembalikan", _("Kembalikan")
        BUKA_KUNCI = "buka_kunci", _("Buka kunci")

    aksi = forms.ChoiceField(choices=Aksi.choices)
    versi = VersiField()
    alasan = forms.CharField(label=_("Alasan"), required=False, max_length=2000)


class JadwalForm(forms.ModelForm):
    """The input window of one period."""

    class Meta:
        model = JadwalInput
        fields = ["tahun", "periode", "mulai", "selesai"]
        widgets = {
            "tahun": forms.NumberInput(attrs={"class": "form-control"}),
            "periode": forms.Select(attrs={"class": "form-select"}),
            "mulai": forms.DateTimeInput(
                attrs={"type": "datetime-local", "class": "form-control"},
                format=DATETIME_LOCAL,
            ),
            "selesai": forms.DateTimeInput(
                attrs={"type": "datetime-local", "class": "form-control"},
                format=DATETIME_LOCAL,
            ),
        }


class BukaUlangForm(forms.ModelForm):
    """A reopening of a closed window for one OPD."""

    class Meta:
        model = BukaUlangJadwal
        fields = ["unit", "sampai", "alasan"]
        widgets = {
            "unit": forms.Select(attrs={"class": "form-select"}),
            "sampai": forms.DateTimeInput(
                attrs={"type": "datetime-local", "class": "form-control"},
                format=DATETIME_LOCAL,
            ),
            "alasan": forms.Textarea(attrs={"class": "form-control", "rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.perangkat_daerah()
