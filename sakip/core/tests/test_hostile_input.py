"""Hostile input on the pages: markup in text fields, oversized bodies,
wrong types, forged ids of another OPD's objects and replayed forms.

Each case is refused with a page in Indonesian, never with a trace (the test
settings run with DEBUG off, as production does), and shows no data of
another OPD.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from sakip.conftest import PASSWORD
from sakip.perencanaan.editing import row_version
from sakip.perencanaan.models import Elemen

HTMX = {"HTTP_HX_REQUEST": "true"}
SCRIPT = '<script>alert("xss")</script><img src=x onerror="alert(1)">'
TRACE_MARKERS = ["Traceback", "File &quot;", 'File "', "Exception Value"]


def assert_no_trace(text: str) -> None:
    for marker in TRACE_MARKERS:
        assert marker not in text


@pytest.fixture
def sasaran_with_script(client, ani, rencana):
    sasaran = rencana["sasaran_a"]
    client.force_login(ani)
    response = client.post(
        reverse("perencanaan:elemen_update", args=[sasaran.pk]),
        {"uraian": SCRIPT, "versi": row_version(sasaran)},
        **HTMX,
    )
    assert response.status_code == 200
    sasaran.refresh_from_db()
    assert sasaran.uraian == SCRIPT
    return sasaran


@pytest.mark.parametrize(
    "page",
    ["perencanaan:dokumen_detail", "perencanaan:elemen_detail", "pohon_opd"],
)
def test_script_in_text_escaped(client, sasaran_with_script, rencana, page):
    urls = {
        "perencanaan:dokumen_detail": reverse(
            "perencanaan:dokumen_detail", args=[rencana["renstra_a"].pk]
        ),
        "perencanaan:elemen_detail": reverse(
            "perencanaan:elemen_detail", args=[sasaran_with_script.pk]
        ),
        "pohon_opd": reverse(
            "perencanaan:pohon_opd", args=[rencana["renstra_a"].unit_id]
        ),
    }

    text = client.get(urls[page]).content.decode()

    assert '<script>alert("xss")' not in text
    assert 'onerror="alert(1)"' not in text
    assert "&lt;script&gt;alert(" in text


def test_oversized_body_rejected(client, ani, rencana):
    sasaran = rencana["sasaran_a"]
    client.force_login(ani)
    huge = "x" * (6 * 1024 * 1024)

    response = client.post(
        reverse("perencanaan:elemen_update", args=[sasaran.pk]),
        {"uraian": huge, "versi": row_version(sasaran)},
    )

    assert response.status_code == 413
    text = response.content.decode()
    assert "Teks terlalu panjang" in text
    assert "terlalu besar" in text
    assert_no_trace(text)
    sasaran.refresh_from_db()
    assert sasaran.uraian != huge


def test_too_many_fields_rejected(client, ani, rencana):
    sasaran = rencana["sasaran_a"]
    client.force_login(ani)
    fields = {f"medan_{number}": "1" for number in range(1100)}

    response = client.post(
        reverse("perencanaan:elemen_update", args=[sasaran.pk]), fields
    )

    assert response.status_code == 400
    assert "Permintaan tidak sah" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/perencanaan/dokumen/abc/",
        "/perencanaan/dokumen/-1/",
        "/perencanaan/dokumen/99999999999999999999999/",
        "/perencanaan/elemen/1.5/",
    ],
)
def test_wrong_type_in_url_404(client, ani, rencana, url):
    client.force_login(ani)

    response = client.get(url)

    assert response.status_code == 404
    text = response.content.decode()
    assert "Halaman tidak ditemukan" in text
    assert_no_trace(text)


def test_wrong_type_in_field_rejected(client, ani, rencana):
    indikator = rencana["indikator_a"]
    client.force_login(ani)
    url = reverse("perencanaan:target_edit", args=[indikator.pk])
    versi = re.search(
        r'name="versi" value="([^"]*)"', client.get(url, **HTMX).content.decode()
    )[1]

    response = client.post(
        url, {"versi": versi, "tahun_2025": "<b>delapan</b>"}, **HTMX
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="id_tahun_2025_error"' in text
    assert "<b>delapan</b>" not in text
    assert_no_trace(text)


def test_forged_id_of_other_opd_refused(client, ani, rencana):
    sasaran_b = rencana["sasaran_b"]
    Elemen.objects.filter(pk=sasaran_b.pk).update(uraian="Rahasia Dinas B")
    sasaran_b.refresh_from_db()
    client.force_login(ani)

    pages = [
        reverse("perencanaan:dokumen_detail", args=[rencana["renstra_b"].pk]),
        reverse("perencanaan:elemen_detail", args=[sasaran_b.pk]),
        reverse("perencanaan:elemen_update", args=[sasaran_b.pk]),
    ]
    for url in pages:
        response = client.get(url)
        text = response.content.decode()
        assert response.status_code == 404, url
        assert "Rahasia Dinas B" not in text
        assert_no_trace(text)

    response = client.post(
        reverse("perencanaan:elemen_update", args=[sasaran_b.pk]),
        {"uraian": "Diubah Dinas A", "versi": row_version(sasaran_b)},
        **HTMX,
    )
    assert response.status_code == 404
    assert "Rahasia Dinas B" not in response.content.decode()
    sasaran_b.refresh_from_db()
    assert sasaran_b.uraian == "Rahasia Dinas B"


def csrf_token_of(client: Client, url: str) -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


def test_form_without_csrf_token_rejected(ani, rencana):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ani)
    sasaran = rencana["sasaran_a"]

    response = client.post(
        reverse("perencanaan:elemen_update", args=[sasaran.pk]),
        {"uraian": "Tanpa token", "versi": row_version(sasaran)},
    )

    assert response.status_code == 403
    assert "Formulir ditolak" in response.content.decode()
    sasaran.refresh_from_db()
    assert sasaran.uraian != "Tanpa token"


def test_replayed_form_after_new_login_rejected(ani, rencana):
    """Django rotates the CSRF secret at login, so a form captured in an
    earlier session no longer passes."""
    sasaran = rencana["sasaran_a"]
    url = reverse("perencanaan:elemen_update", args=[sasaran.pk])
    client = Client(enforce_csrf_checks=True)
    client.post(
        reverse("login"),
        {
            "username": "ani",
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_token_of(client, reverse("login")),
        },
    )
    old_token = csrf_token_of(client, url)
    client.post(reverse("logout"), {"csrfmiddlewaretoken": old_token})
    client.post(
        reverse("login"),
        {
            "username": "ani",
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_token_of(client, reverse("login")),
        },
    )

    response = client.post(
        url,
        {
            "uraian": "Kiriman ulang",
            "versi": row_version(sasaran),
            "csrfmiddlewaretoken": old_token,
        },
    )

    assert response.status_code == 403
    assert "Formulir ditolak" in response.content.decode()
    sasaran.refresh_from_db()
    assert sasaran.uraian != "Kiriman ulang"
