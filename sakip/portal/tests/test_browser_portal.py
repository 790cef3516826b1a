"""Admin Bappeda publishes a Renstra, and an anonymous reader finds it on
the portal, in a real browser."""

import pytest

from sakip.conftest import PASSWORD


@pytest.mark.browser
def test_publish_and_read(page, live_url, transactional_db, admin, publik):
    renstra = publik["renstra_b"]

    page.goto(live_url + "/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    # Wait for the login to finish; a goto before that would cancel it.
    page.wait_for_url(lambda url: "/masuk/" not in url)
    page.goto(f"{live_url}/perencanaan/dokumen/{renstra.pk}/")
    page.get_by_role("button", name="Publikasikan").click()
    page.get_by_text("Dokumen dipublikasikan di portal publik.").wait_for()
    assert page.locator("#riwayat-publikasi li").count() == 1

    page.context.clear_cookies()
    page.goto(live_url + "/publik/")
    assert page.locator("h1").inner_text() == "Kabupaten Contoh"
    assert page.locator("#navbar-utama").count() == 0
    # chart-capaian.js replaces the canvas's empty drawing with the chart.
    page.wait_for_function(
        "() => window.Chart && Chart.getChart("
        "document.getElementById('grafik-sasaran'))"
    )
    assert "80,00 %" in page.locator("#tabel-capaian-sasaran").inner_text()

    page.get_by_role("link", name="Dokumen", exact=True).click()
    page.locator('tr[data-kode="RENSTRA-B"] a').click()
    page.wait_for_load_state()
    assert "Sasaran Dinas B tersembunyi" in page.locator("#pohon-dokumen").inner_text()
