"""An operator writes an analysis field of the LKjIP with the sasaran's
numbers beside it, the Kepala OPD adopts the LKjIP, and its PDF downloads."""

import pytest
from playwright.sync_api import expect

from sakip.conftest import PASSWORD
from sakip.core.tests.pdf import pdf_text
from sakip.pelaporan import services
from sakip.pelaporan.models import AnalisisSasaran, LaporanKinerja

from .lkjip_fixtures import *  # noqa: F403

PENYEBAB = "Petugas layanan bertambah dua orang pada triwulan III."


def log_in(page, live_url, username):
    page.context.clear_cookies()
    page.goto(live_url + "/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    # Wait for the login to finish; a goto before that would cancel it.
    page.wait_for_url(lambda url: "/masuk/" not in url)


@pytest.mark.browser
def test_operator_writes_kepala_adopts(
    page, live_url, transactional_db, siklus, opd_a, ani, kadis, tmp_path
):
    kode = services.live_data(unit=opd_a, tahun=2025)["sasaran"][0]["kode"]
    detail = f"{live_url}/pelaporan/lkjip/2025/{opd_a.pk}/"

    # The sasaran's capaian sits in the same card as its analysis fields.
    log_in(page, live_url, "ani")
    page.goto(detail)
    card = page.locator("section.card", has=page.locator(f'[data-sasaran="{kode}"]'))
    expect(card.locator("[data-capaian]").first).to_have_text("80,00 %")
    card.get_by_role(
        "link", name=f"Ubah Penyebab keberhasilan / kegagalan {kode}"
    ).click()
    isi = card.locator("textarea[name=isi]")
    expect(isi).to_be_focused()
    isi.fill(PENYEBAB)
    card.get_by_role("button", name="Simpan").click()
    expect(card.get_by_text(PENYEBAB)).to_be_visible()
    expect(card.locator("[data-capaian]").first).to_have_text("80,00 %")
    assert AnalisisSasaran.objects.get(sasaran_kode=kode).penyebab == PENYEBAB

    # Adoption requires the Ikhtisar Eksekutif, Bab I and Bab IV.
    tulis_bab_wajib(unit=opd_a, user=ani)  # noqa: F405

    # The browser does not send the adoption until the box is ticked.
    log_in(page, live_url, "kadis")
    page.goto(detail)
    form = page.locator("#tetapkan")
    form.get_by_role("button", name="Tetapkan").click()
    assert not LaporanKinerja.objects.get(unit=opd_a).is_ditetapkan
    form.get_by_role("checkbox").check()
    form.get_by_role("button", name="Tetapkan").click()
    expect(page.get_by_text("LKjIP ditetapkan.")).to_be_visible()
    assert LaporanKinerja.objects.get(unit=opd_a).is_ditetapkan

    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh PDF").first.click()
    download = info.value
    assert download.suggested_filename == "lkjip-2025-OPD-A.pdf"
    text = pdf_text(download.path().read_bytes(), tmp_path)
    assert "80,00 %" in text
    assert "Petugas layanan bertambah dua orang" in text
