from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class KodeOTPForm(forms.Form):
    """The six-digit code that the authenticator app shows."""

    kode = forms.CharField(
        label=_("Kode dari aplikasi autentikator"),
        max_length=6,
        min_length=6,
        validators=[RegexValidator(r"^[0-9]{6}$", _("Kode terdiri atas enam angka."))],
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "form-control",
            }
        ),
    )
