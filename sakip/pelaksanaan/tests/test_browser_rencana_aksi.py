"""An operator drafts a rencana aksi in a real browser, with the keyboard in
its forms, and the Kepala OPD adopts it after confirming the warning."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from sakip.conftest import PASSWORD
from sakip.pelaksanaan.models import Aksi, RencanaAksi
from sakip.perencanaan.models import Dokumen, Target
from sakip.perjanjian import services as pk_services
from sakip.perjanjian.models import Level


def _login(page, live_url, username):
    page.context.clear_cookies()
    page.goto(live_url + "/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    # Wait for the login to finish; a goto before that would cancel it.
    page.wait_for_url(lambda url: "/masuk/" not in url)


@pytest.mark.browser
def test_operator_drafts_kepala_adopts(
    page, live_url, transactional_db, semua_pk, admin, ani, kadis
):
    perjanjian = semua_pk[Level.KEPALA_OPD]
    pk_services.pk_tandatangani(perjanjian=perjanjian, user=admin)
    baris = perjanjian.baris.get()

    _login(page, live_url, "ani")
    page.goto(f"{live_url}/perjanjian/{perjanjian.pk}/")
    page.get_by_role("button", name="Buat rencana aksi").click()
    expect(page.get_by_text("Semua target triwulan mencapai")).to_be_visible()
    rencana_aksi = RencanaAksi.objects.get()

    # The quarters: the first field gets the focus with its value selected,
    # so typing replaces it; Tab moves on, Enter saves.
    page.get_by_role(
        "button", name=f"Ubah target triwulan {baris.indikator.uraian}"
    ).click()
    first = page.locator("input[name=TW1]")
    expect(first).to_be_focused()
    page.keyboard.type("10")
    for value in ("20", "30", "45"):
        page.keyboard.press("Tab")
        page.keyboard.type(value)
    page.keyboard.press("Enter")
    expect(
        page.get_by_text("Target TW IV (45) belum sama dengan target tahunan PK (50).")
    ).to_be_visible()
    expect(
        page.get_by_text("1 baris atau sub kegiatan memiliki peringatan.")
    ).to_be_visible()
    expect(
        page.get_by_role(
            "button", name=f"Ubah target triwulan {baris.indikator.uraian}"
        )
    ).to_be_focused()
    values = dict(
        Target.objects.filter(dokumen=rencana_aksi.dokumen).values_list(
            "periode", "nilai"
        )
    )
    assert values == {
        "TW1": Decimal(10),
        "TW2": Decimal(20),
        "TW3": Decimal(30),
        "TW4": Decimal(45),
    }

    # Esc leaves a form without saving.
    page.keyboard.press("Enter")
    expect(page.locator("input[name=TW1]")).to_be_focused()
    page.keyboard.type("99")
    page.keyboard.press("Escape")
    expect(page.locator("input[name=TW1]")).to_have_count(0)
    assert Target.objects.get(dokumen=rencana_aksi.dokumen, periode="TW1").nilai == 10

    # An action: period, uraian, unit.
    page.get_by_role("button", name="Tambah aksi").click()
    expect(page.get_by_label("Periode")).to_be_focused()
    page.get_by_label("Periode").select_option("TW2")
    page.get_by_label("Uraian aksi").fill("Rapat koordinasi capaian")
    page.get_by_role("button", name="Simpan").click()
    expect(
        page.get_by_role("cell", name="Rapat koordinasi capaian", exact=True)
    ).to_be_visible()
    assert Aksi.objects.get().periode == "TW2"

    # The Kepala OPD adopts it, confirming the one warning.
    _login(page, live_url, "kadis")
    page.goto(f"{live_url}/rencana-aksi/{rencana_aksi.pk}/")
    page.get_by_label("Saya sudah memeriksa 1 baris").check()
    page.get_by_role("button", name="Tetapkan walaupun ada peringatan").click()
    expect(page.get_by_text("Rencana aksi ditetapkan.")).to_be_visible()
    rencana_aksi.dokumen.refresh_from_db()
    assert rencana_aksi.dokumen.status == Dokumen.Status.DITETAPKAN
    expect(page.get_by_role("button", name="Tambah aksi")).to_have_count(0)
