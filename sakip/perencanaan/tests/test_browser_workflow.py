"""A Renstra walked through the workflow in a real browser, by three users."""

import pytest

from sakip.conftest import PASSWORD
from sakip.perencanaan.models import Dokumen


def _login(page, live_url, username):
    page.context.clear_cookies()
    page.goto(live_url + "/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    # Wait for the login to finish; a goto before that would cancel it.
    page.wait_for_url(lambda url: "/masuk/" not in url)


@pytest.mark.browser
def test_submit_return_adopt_and_compare(
    page, live_url, transactional_db, admin, ani, vera, rencana
):
    renstra = rencana["renstra_a"]
    url = f"{live_url}/perencanaan/dokumen/{renstra.pk}/"

    _login(page, live_url, "ani")
    page.goto(url)
    page.get_by_role("button", name="Ajukan").click()
    page.get_by_text("Dokumen diajukan untuk diverifikasi.").wait_for()

    _login(page, live_url, "vera")
    page.goto(url)
    page.fill("#alasan-kembalikan", "Target tahun 2026 belum diisi.")
    page.get_by_role("button", name="Kembalikan").click()
    page.get_by_text("Dokumen dikembalikan kepada OPD.").wait_for()

    _login(page, live_url, "ani")
    page.goto(url)
    reason = page.locator(".alert-danger")
    assert "Target tahun 2026 belum diisi." in reason.inner_text()
    page.get_by_role("button", name="Ajukan").click()
    page.get_by_text("Dokumen diajukan untuk diverifikasi.").wait_for()

    _login(page, live_url, "admin")
    page.goto(url)
    page.get_by_role("button", name="Tetapkan").click()
    page.get_by_text("Dokumen ditetapkan.").wait_for()
    page.fill("#alasan-perubahan", "Penyesuaian target.")
    page.get_by_role("button", name="Buat perubahan").click()
    page.get_by_text("Versi perubahan dibuat sebagai draft.").wait_for()

    page.get_by_role("link", name="Bandingkan").click()
    page.locator("#perbandingan").wait_for()
    rows = page.locator("#perbandingan tbody tr[data-kode]")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-status") == "sama"
    baru = Dokumen.objects.get(versi_sebelumnya=renstra)
    assert baru.status == Dokumen.Status.DRAFT
    renstra.refresh_from_db()
    assert renstra.status == Dokumen.Status.DITETAPKAN
    assert renstra.riwayat_status.count() == 4
