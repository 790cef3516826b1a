"""Errors of the API come back as JSON with an Indonesian message: a body
that is not JSON, nested too deep or too large, a wrong token, and DRF's own
field messages."""

import pytest
from django.urls import reverse

from sakip.pengukuran.models import Realisasi

LIST_URL = reverse("api:realisasi_list")


def post_raw(client, body: str | bytes):
    return client.post(LIST_URL, body, content_type="application/json")


def test_nested_json_400(api, ani):
    body = '{"versi": 1, "keterangan": ' + "[" * 100_000 + "]" * 100_000 + "}"

    response = post_raw(api(ani), body)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "bersarang terlalu dalam" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('{"tahun": }', "galat pada baris 1, kolom 11."),
        ('{"nilai": NaN}', "NaN bukan angka JSON"),
        ('{"nilai": -Infinity}', "-Infinity bukan angka JSON"),
        ('{"nilai": ' + "9" * 5000 + "}", "bukan JSON yang sah."),
        (b'{"keterangan": "\xff"}', "bukan teks utf-8 yang sah"),
    ],
)
def test_bad_json_message(api, ani, body, expected):
    response = post_raw(api(ani), body)

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert expected in detail
    assert "Expecting" not in detail
    assert "compliant" not in detail


def test_body_too_large_json(api, ani, settings):
    body = '{"keterangan": "' + "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + '"}'

    response = post_raw(api(ani), body)

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "lebih besar dari 5 MB" in response.json()["detail"]


def test_list_body_message(api, ani):
    response = api(ani).post(LIST_URL, [1, 2], format="json")

    assert response.status_code == 400
    (message,) = response.json()["non_field_errors"]
    assert "Expected" not in message
    assert "list" in message


def test_field_type_message(api, ani, rencana):
    body = {"indikator": ["x"], "tahun": 2025, "periode": "TW1"}

    response = api(ani).post(LIST_URL, body, format="json")

    assert response.status_code == 400
    assert response.json()["indikator"] == ["Bukan teks yang sah."]


def test_bad_token_message(api, rencana):
    client = api()
    client.credentials(HTTP_AUTHORIZATION="Token deadbeef")

    response = client.get(LIST_URL)

    assert response.status_code == 401
    assert response.json()["detail"] == "Token tidak sah."


def test_server_error_json(api, ani, rencana, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("contoh")

    monkeypatch.setattr("sakip.api.selectors.realisasi_list", broken)

    response = api(ani).get(LIST_URL)

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "Terjadi kesalahan di server" in response.json()["detail"]
    assert not Realisasi.objects.filter(periode="TW1").exists()
