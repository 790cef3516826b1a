import zipfile

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import ImporBukuKerja


class ImporForm(forms.ModelForm):
    """The upload of a workbook to import. The form checks only size and
    type, and the import job checks the content."""

    class Meta:
        model = ImporBukuKerja
        fields = ["berkas", "hanya_periksa"]
        widgets = {
            "berkas": forms.FileInput(
                attrs={
                    "accept": ".xlsx,application/vnd.openxmlformats-officedocument"
                    ".spreadsheetml.sheet",
                    "class": "form-control",
                }
            ),
            "hanya_periksa": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        limit = settings.SAKIP_WORKBOOK_MAX_BYTES
        if berkas.size > limit:
            raise forms.ValidationError(
                _("Berkas berukuran %(ukuran)s, melebihi batas %(batas)s.")
                % {
                    "ukuran": filesizeformat(berkas.size),
                    "batas": filesizeformat(limit),
                }
            )
        if not zipfile.is_zipfile(berkas):
            raise forms.ValidationError(
                _(
                    "Berkas ini bukan buku kerja Excel .xlsx. Simpan ulang "
                    "sebagai .xlsx."
                )
            )
        berkas.seek(0)
        return berkas
