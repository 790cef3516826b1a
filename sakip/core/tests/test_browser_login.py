import pytest

from sakip.conftest import PASSWORD


@pytest.mark.browser
def test_login_wrong_password_then_right(page, live_url, transactional_db, admin):
    page.goto(live_url + "/")

    page.fill("#id_username", "admin")
    page.fill("#id_password", "bukan-sandinya")
    page.click("button[type=submit]")
    error = page.locator("#login-error")
    error.wait_for()

    assert "sandi" in error.inner_text()
    assert page.input_value("#id_username") == "admin"

    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/pengukuran/dasbor/")

    assert page.locator("h1").inner_text() == "Dasbor kinerja"
    page.click("#navbar-akun")
    assert page.locator("nav").get_by_text("Keluar").is_visible()
