"""An operator changes a PK target in place in a real browser, and the
Kepala OPD signs only after ticking the confirmation."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from sakip.conftest import PASSWORD
from sakip.perencanaan.models import Target
from sakip.perjanjian import services
from sakip.perjanjian.models import Level, PerjanjianKinerja

from .conftest import TANGGAL


def _login(page, live_url, username):
    page.context.clear_cookies()
    page.goto(live_url + "/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    # Wait for the login to finish; a goto before that would cancel it.
    page.wait_for_url(lambda url: "/masuk/" not in url)


@pytest.mark.browser
def test_operator_edits_kepala_signs(
    page, live_url, transactional_db, tahunan, jabatan, admin, ani, kadis, opd_a
):
    perjanjian = services.pk_buat_dari_sumber(
        level=Level.KEPALA_OPD, unit=opd_a, tahun=2025, user=admin, tanggal=TANGGAL
    )
    baris = perjanjian.baris.select_related("indikator").get()
    edit = f"Ubah target {baris.indikator.uraian}"

    # The form opens in place of the row, its first field focused; a new
    # value without a reason is rejected beside the reason field.
    _login(page, live_url, "ani")
    page.goto(f"{live_url}/perjanjian/{perjanjian.pk}/")
    page.get_by_role("link", name=edit).click()
    nilai = page.locator("input[name=nilai]")
    expect(nilai).to_be_focused()
    nilai.fill("55")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#id_alasan_error")).to_contain_text("alasannya wajib")
    # The form comes back with the focus on the field that was refused, once
    # it has settled; typing before that would land in the wrong field.
    alasan = page.locator("textarea[name=alasan]")
    expect(alasan).to_be_focused()

    alasan.fill("Kapasitas layanan bertambah")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("link", name=edit)).to_be_focused()
    expect(page.get_by_text("Kapasitas layanan bertambah")).to_be_visible()
    assert Target.objects.get(pk=baris.target_id).nilai == Decimal("55")

    # Esc leaves the form without saving.
    page.get_by_role("link", name=edit).click()
    expect(nilai).to_be_focused()
    nilai.fill("99")
    page.keyboard.press("Escape")
    expect(page.locator("input[name=nilai]")).to_have_count(0)
    assert Target.objects.get(pk=baris.target_id).nilai == Decimal("55")

    # The browser does not send the signing form until the box is ticked.
    _login(page, live_url, "kadis")
    page.goto(f"{live_url}/perjanjian/{perjanjian.pk}/")
    form = page.locator("#tandatangani")
    form.get_by_role("button", name="Tandatangani").click()
    perjanjian.refresh_from_db()
    assert perjanjian.status == PerjanjianKinerja.Status.DRAFT

    form.get_by_role("checkbox").check()
    form.get_by_role("button", name="Tandatangani").click()
    expect(page.get_by_text("PK ditandatangani.")).to_be_visible()
    perjanjian.refresh_from_db()
    assert perjanjian.is_ditandatangani
