"""The API's rate limit per user."""

from django.conf import settings
from django.test import override_settings
from django.urls import reverse

URL = reverse("api:indikator_list")


def test_user_over_rate_gets_429(api, ani, citra, rencana):
    rates = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"pengguna": "2/hour"},
    }
    client = api(ani)

    with override_settings(REST_FRAMEWORK=rates):
        responses = [client.get(URL) for _ in range(3)]
        other = api(citra).get(URL)

    assert [response.status_code for response in responses] == [200, 200, 429]
    assert int(responses[2]["Retry-After"]) > 0
    assert responses[2].json()["detail"].startswith("Permintaan")
    assert other.status_code == 200


def test_rate_is_a_setting(api, ani, rencana):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["pengguna"] == "1000/hour"
