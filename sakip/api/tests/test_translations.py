"""Installing Django REST framework leaves the pages' form messages as
Django words them in Indonesian."""

import gettext
from pathlib import Path

import django
import pytest
from django.utils import translation

DJANGO_CATALOGUE = (
    Path(django.__file__).parent
    / "conf"
    / "locale"
    / "id"
    / "LC_MESSAGES"
    / "django.mo"
)
# The messages that DRF's Indonesian catalogue words differently.
MESSAGES = [
    "This field is required.",
    "Enter a valid URL.",
    "Enter a valid email address.",
    "No file was submitted.",
    "The submitted file is empty.",
    "Value must be valid JSON.",
]


@pytest.mark.parametrize("message", MESSAGES)
def test_form_message_as_django_words_it(message):
    with DJANGO_CATALOGUE.open("rb") as handle:
        django_wording = gettext.GNUTranslations(handle).gettext(message)

    with translation.override("id"):
        shown = translation.gettext(message)

    assert django_wording != message
    assert shown == django_wording


def test_drf_messages_still_indonesian():
    with translation.override("id"):
        shown = translation.gettext("Authentication credentials were not provided.")

    assert shown == "Data autentikasi tidak diberikan."


# DRF messages that an API client can get and that DRF's own Indonesian
# catalogue leaves in English.
DRF_MESSAGES = [
    "Invalid data. Expected a dictionary, but got {datatype}.",
    "Not a valid string.",
    "Invalid token.",
    "Invalid token header. No credentials provided.",
    "Must be a valid boolean.",
    'Method "{method}" not allowed.',
]


@pytest.mark.parametrize("message", DRF_MESSAGES)
def test_drf_message_in_indonesian(message):
    with translation.override("id"):
        shown = translation.gettext(message)

    assert shown != message
