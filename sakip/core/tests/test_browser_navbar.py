"""The top navigation bar fits common laptop widths with every menu a role
can have, and the account menu keeps logout reachable."""

import pytest
from django.urls import reverse

from sakip.conftest import PASSWORD


def _log_in(page, live_url, username):
    page.goto(live_url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/masuk/" not in url)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 1366, 1440])
def test_navbar_fits_width(page, live_url, transactional_db, pemda, admin, width):
    # The widest bar: Admin Bappeda with staff access, long names.
    pemda.nama = "Pemerintah Kabupaten Kepulauan Tanimbar Selatan"
    pemda.save()
    admin.first_name = "Dr. Fransiska Kusumawardhani Simanjuntak"
    admin.last_name = "S.E., M.Si."
    admin.is_staff = True
    admin.save()
    page.set_viewport_size({"width": width, "height": 768})

    _log_in(page, live_url, "admin")
    page.goto(live_url + reverse("evaluasi:evaluasi_list"))

    nav = page.locator("nav.sakip-navbar")
    scroll_width = nav.evaluate("element => element.scrollWidth")
    assert scroll_width <= width
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    akun = page.locator("#navbar-akun")
    assert akun.is_visible()
    box = akun.bounding_box()
    assert box["x"] + box["width"] <= width
    # The bar is expanded, so the toggler is hidden and the menus show.
    assert page.locator(".navbar-toggler").is_hidden()
    assert page.locator("#navbar-evaluasi").is_visible()


@pytest.mark.browser
def test_account_menu_logout(page, live_url, transactional_db, admin):
    page.set_viewport_size({"width": 1366, "height": 768})
    _log_in(page, live_url, "admin")

    page.click("#navbar-akun")

    assert page.get_by_role("link", name="Token API").is_visible()
    keluar = page.locator("#navbar-keluar")
    assert keluar.is_visible()
    keluar.click()
    page.wait_for_url("**/masuk/**")


@pytest.mark.browser
def test_ranking_link_in_evaluasi_menu(page, live_url, transactional_db, admin):
    page.set_viewport_size({"width": 1366, "height": 768})
    _log_in(page, live_url, "admin")

    page.click("#navbar-evaluasi")
    page.click("#navbar-peringkat")

    page.wait_for_url("**" + reverse("evaluasi:hasil_peringkat") + "**")
