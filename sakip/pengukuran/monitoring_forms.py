"""Forms of the monitoring page and of the corrective actions."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from sakip.organisasi.models import Unit

from .models import PERIODE_JADWAL, TindakLanjutKinerja

# The years that the pages of realisation cover, as the input pages do.
TAHUN_MIN = 2000
TAHUN_MAX = 2100
# A rejected year is quoted up to this many characters.
_KUTIPAN_MAX = 10


@dataclass(frozen=True)
class PilihanMonitoring:
    """The year, period, OPD (None for the whole Pemda) and whether only
    verified realisation counts."""

    tahun: int
    periode: str
    opd: Unit | None
    hanya_terverifikasi: bool


class TahunField(forms.Field):
    """A year from TAHUN_MIN to TAHUN_MAX typed as digits. Anything else is
    rejected with a message that quotes it, before any conversion, so that a
    value of any length costs nothing."""

    def to_python(self, value):
        text = str(value or "").strip()
        if not text:
            return None
        valid = text.isascii() and text.isdigit() and len(text) == 4
        if not valid or not TAHUN_MIN <= int(text) <= TAHUN_MAX:
            kutipan = text if len(text) <= _KUTIPAN_MAX else text[:_KUTIPAN_MAX] + "…"
            raise forms.ValidationError(
                _(
                    '"%(nilai)s" bukan tahun yang sah. Isi tahun %(min)s sampai '
                    "%(max)s."
                ),
                code="invalid",
                params={"nilai": kutipan, "min": TAHUN_MIN, "max": TAHUN_MAX},
            )
        return int(text)


class TahunFilterForm(forms.Form):
    """The year of a list page, sent by GET."""

    tahun = TahunField(label=_("Tahun"), required=False)

    def tahun_or(self, default: int) -> int:
        """Return the chosen year, or ``default`` when none or an invalid one
        was sent; the error of an invalid one stays on the form."""
        if not self.is_valid():
            return default
        return self.cleaned_data["tahun"] or default


class MonitoringFilterForm(forms.Form):
    """The filter above the monitoring page, sent by GET."""

    tahun = TahunField(label=_("Tahun"), required=False)
    periode = forms.ChoiceField(label=_("Periode"), choices=PERIODE_JADWAL)
    opd = forms.ModelChoiceField(
        label=_("Perangkat Daerah"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Semua (Pemda)"),
    )
    terverifikasi = forms.BooleanField(
        label=_("Hanya realisasi terverifikasi"), required=False
    )

    def __init__(self, data, *, user, default_tahun: int, default_periode: str):
        data = data.copy()
        data.setdefault("tahun", str(default_tahun))
        data.setdefault("periode", default_periode)
        super().__init__(data)
        self.default_tahun = default_tahun
        self.default_periode = default_periode
        self.user = user
        self.fields["opd"].queryset = Unit.objects.visible_to(user).perangkat_daerah()

    def pilihan(self) -> PilihanMonitoring:
        """Return the valid choices; an invalid field falls back to its
        default and its error stays on the form. A user of one OPD always
        gets their own OPD."""
        self.is_valid()
        cleaned = self.cleaned_data
        opd = cleaned.get("opd")
        if not self.user.melihat_semua_opd and self.user.opd_id:
            opd = Unit.objects.get(pk=self.user.opd_id)
        return PilihanMonitoring(
            tahun=cleaned.get("tahun") or self.default_tahun,
            periode=cleaned.get("periode") or self.default_periode,
            opd=opd,
            hanya_terverifikasi=bool(cleaned.get("terverifikasi")),
        )


class _BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class RencanaTindakLanjutForm(_BootstrapMixin, forms.ModelForm):
    """The cause, the action, who does it and by when."""

    class Meta:
        model = TindakLanjutKinerja
        fields = ["faktor_penghambat", "tindakan", "pelaksana", "tenggat"]
        widgets = {
            "faktor_penghambat": forms.Textarea(attrs={"rows": 3}),
            "tindakan": forms.Textarea(attrs={"rows": 3}),
            "tenggat": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class SelesaiTindakLanjutForm(_BootstrapMixin, forms.ModelForm):
    """The result of a corrective action, its date and its evidence."""

    class Meta:
        model = TindakLanjutKinerja
        fields = ["hasil", "selesai_pada", "bukti", "bukti_tautan"]
        widgets = {
            "hasil": forms.Textarea(attrs={"rows": 3}),
            "selesai_pada": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
