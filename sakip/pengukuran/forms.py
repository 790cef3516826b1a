from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from sakip.organisasi.models import Unit


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
