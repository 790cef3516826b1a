from decimal import Decimal

import pytest

from sakip.conftest import PASSWORD
from sakip.pengukuran.tests.factories import RealisasiFactory
from sakip.perencanaan.tests.factories import TargetFactory


def log_in(page, live_url, username):
    page.goto(live_url + "/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/pengukuran/dasbor/**")


def chart_drawn(page, canvas_id):
    return page.evaluate(
        "(id) => Chart.getChart(document.getElementById(id)) !== undefined", canvas_id
    )


@pytest.fixture
def page_errors(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.mark.browser
def test_dasbor_traffic_lights_and_chart(
    page, page_errors, live_url, transactional_db, bupati, rencana
):
    log_in(page, live_url, "bupati")

    lampu = page.locator('#tabel-iku tr[data-indikator="IKU-1"] .lampu')
    capaian = page.locator('#tabel-iku tr[data-indikator="IKU-1"] td.angka').nth(2)
    page.wait_for_function(
        "() => Chart.getChart(document.getElementById('grafik-sasaran')) !== undefined"
    )

    assert lampu.inner_text() == "Tinggi"
    assert capaian.inner_text() == "90,00 %"
    assert page.locator("#grafik-sasaran").is_visible()
    assert chart_drawn(page, "grafik-sasaran")
    assert page_errors == []


@pytest.mark.browser
def test_dasbor_year_filter_swaps_with_htmx(
    page, page_errors, live_url, transactional_db, bupati, rencana
):
    # 2026 becomes the default year, the latest with realisation: 51 / 85 is
    # 60,00 %, Rendah.
    TargetFactory(indikator=rencana["iku"], tahun=2026, nilai=Decimal("85"))
    RealisasiFactory(indikator=rencana["iku"], tahun=2026, nilai=Decimal("51"))
    log_in(page, live_url, "bupati")
    row = page.locator('#tabel-iku tr[data-indikator="IKU-1"]')
    assert row.locator(".lampu").inner_text() == "Rendah"
    # A full page load would drop this marker; an HTMX swap keeps it.
    page.evaluate("() => { window.tandaHalaman = 'tetap'; }")

    page.select_option("#id_tahun", "2025")
    page.locator("#dasbor-judul", has_text="Tahun 2025").wait_for()
    page.wait_for_function(
        "() => Chart.getChart(document.getElementById('grafik-sasaran')) !== undefined"
    )

    assert row.locator(".lampu").inner_text() == "Tinggi"
    assert "90,00 %" in row.inner_text()
    assert page.evaluate("() => window.tandaHalaman") == "tetap"
    assert "tahun=2025" in page.url
    assert page_errors == []
