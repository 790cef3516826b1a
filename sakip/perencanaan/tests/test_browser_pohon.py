"""The pohon kinerja page in a real browser: zoom and the PNG download."""

import struct

import pytest
from django.urls import reverse

from sakip.conftest import PASSWORD

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.mark.browser
def test_png_download(page, live_url, transactional_db, admin, rencana):
    page.goto(live_url + "/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    # Wait for the login to finish; a goto before that would cancel it.
    page.wait_for_url(lambda url: "/masuk/" not in url)
    page.goto(live_url + reverse("perencanaan:pohon_pemda") + "?tahun=2025")
    svg = page.locator("[data-pohon-viewport] svg")
    width = float(svg.get_attribute("width"))
    height = float(svg.get_attribute("height"))

    page.get_by_role("button", name="Perbesar").click()
    zoomed = float(svg.get_attribute("width"))
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Unduh PNG").click()
    path = download_info.value.path()

    assert zoomed == pytest.approx(width * 1.25)
    assert page.locator("[data-pohon-zoom-label]").inner_text() == "125 %"
    assert download_info.value.suggested_filename.endswith(".png")
    content = path.read_bytes()
    assert content.startswith(PNG_MAGIC)
    png_width, png_height = struct.unpack(">II", content[16:24])
    assert png_width == int(width * 2)
    assert png_height == int(height * 2)
    assert len(content) > 5_000
