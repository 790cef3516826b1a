import pytest
from django.test import Client
from django.urls import reverse

from sakip.conftest import PASSWORD


@pytest.mark.browser
def test_operator_creates_and_revokes_token(page, live_url, transactional_db, ani):
    page.goto(live_url + reverse("login"))
    page.fill("#id_username", "ani")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.click("#navbar-akun")
    page.get_by_role("link", name="Token API").click()
    page.wait_for_url("**/api/v1/token/")
    page.get_by_role("button", name="Buat token").click()
    key = page.locator("#token-baru").inner_text()
    # A client without the browser's session cookie, so only the key counts.
    api_client = Client()
    api_url = reverse("api:indikator_list")

    answer = api_client.get(api_url, HTTP_AUTHORIZATION=f"Token {key}")

    assert answer.status_code == 200
    assert answer.json()["results"] == []

    page.goto(live_url + reverse("api:token_detail"))

    assert page.locator("#token-baru").count() == 0
    assert key not in page.content()

    page.get_by_role("button", name="Cabut token").click()
    page.get_by_text("Token API dicabut.").wait_for()
    answer = api_client.get(api_url, HTTP_AUTHORIZATION=f"Token {key}")

    assert answer.status_code == 401
