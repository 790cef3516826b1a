import pytest
from django.urls import reverse

from sakip.conftest import PASSWORD
from sakip.notifikasi.services import notifikasi_kirim


@pytest.mark.browser
def test_operator_opens_and_clears(page, live_url, transactional_db, ani, budi):
    notifikasi_kirim(
        [ani],
        judul="Jadwal input Maret dibuka",
        pesan="Isi realisasi sampai tanggal 10.",
        tautan=reverse("perjanjian:pk_list"),
    )
    notifikasi_kirim([ani], judul="Entri dikembalikan", pesan="Bukti kurang.")
    notifikasi_kirim([budi], judul="Untuk Budi saja", pesan="")
    page.goto(live_url + reverse("login"))
    page.fill("#id_username", "ani")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    badge = page.locator("#navbar-notifikasi .badge")

    assert badge.inner_text().startswith("2")

    page.click("#navbar-notifikasi")
    page.wait_for_url("**/notifikasi/")

    assert page.get_by_text("Untuk Budi saja").count() == 0

    page.get_by_role("button", name="Jadwal input Maret dibuka").click()
    page.wait_for_url("**/perjanjian/")

    assert badge.inner_text().startswith("1")

    page.click("#navbar-notifikasi")
    page.get_by_role("button", name="Tandai semua dibaca").click()
    page.get_by_text("1 notifikasi ditandai dibaca.").wait_for()

    assert badge.count() == 0
    assert page.get_by_role("button", name="Tandai semua dibaca").count() == 0
