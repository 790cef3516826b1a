from decimal import Decimal

import pytest
from django.urls import reverse

from sakip.arsip.models import TahunDitutup
from sakip.conftest import PASSWORD
from sakip.pengukuran.models import Realisasi


@pytest.mark.browser
def test_admin_closes_year_and_reads_audit(
    page, live_url, transactional_db, rencana, admin, ani
):
    realisasi = Realisasi.objects.get(indikator=rencana["indikator_a"])
    realisasi.nilai = Decimal("43")
    realisasi._history_user = ani
    realisasi.save()
    page.goto(live_url + reverse("login"))
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")

    page.get_by_role("button", name="Administrasi").click()
    page.get_by_role("link", name="Tahun ditutup").click()
    page.fill("#id_tahun", "2025")
    page.fill("#id_alasan", "LKjIP 2025 sudah terbit")
    page.get_by_role("button", name="Tutup tahun").click()
    page.get_by_text("Tahun 2025 ditutup.").wait_for()

    assert TahunDitutup.objects.get().tahun == 2025

    page.goto(live_url + reverse("arsip:audit_list"))
    page.select_option("#id_model", "pengukuran.realisasi")
    page.get_by_role("button", name="Cari").click()
    row = page.locator("#tabel-audit tbody tr").first

    assert "ani" in row.inner_text()
    assert "43" in row.locator("ins").first.inner_text()
