from django import forms
from django.utils.translation import gettext_lazy as _


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
