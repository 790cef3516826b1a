"""An operator fills a month of Dinas A with the keyboard alone."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sakip.anggaran.models import KeuanganBulanan
from sakip.conftest import PASSWORD

TAUTAN = "https://sp2d.contoh.go.id/feb"


def log_in(page, live_url, username):
    page.goto(live_url + "/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/pengukuran/dasbor/**")


def wait_for_saves(page):
    page.wait_for_function(
        "() => !document.querySelector('tr[data-baris].htmx-request')"
    )


def press(page, key):
    """Press ``key`` and wait until the row it left has saved.

    The live server shares one in-memory SQLite connection between its
    request threads, so the test lets each save finish before the next one.
    A real server gives each request its own connection.
    """
    page.keyboard.press(key)
    wait_for_saves(page)


def focused_name(page) -> str:
    return page.evaluate(
        "() => document.activeElement.name + '@' + "
        "document.activeElement.closest('tr').dataset.elemen"
    )


@pytest.fixture
def page_errors(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.mark.browser
def test_month_entered_with_keyboard_only(
    page, page_errors, live_url, transactional_db, ani, opd_a, dpa, jadwal_terbuka
):
    log_in(page, live_url, "ani")
    page.goto(live_url + reverse("pengukuran:isian_opd", args=[opd_a.pk, 2025, "B02"]))
    kode = page.eval_on_selector_all(
        "tr[data-baris]", "rows => rows.map((row) => row.dataset.elemen)"
    )
    assert len(kode) == 4
    # January of the first row is 10 %, so February may not be less.
    KeuanganBulanan.objects.filter(elemen__kode=kode[0], bulan=1).update(
        realisasi_fisik=Decimal("10")
    )
    keyboard = page.keyboard

    # The first field has the focus; Enter goes down the column.
    assert focused_name(page) == f"realisasi_keuangan@{kode[0]}"
    for nilai in ("90.000", "80000", "70.000", "60000"):
        keyboard.type(nilai)
        press(page, "Enter")
    assert page.evaluate("() => document.activeElement.id") == "tombol-ajukan"

    # Shift+Tab back into the last row, then up the fisik column.
    keyboard.press("Shift+Tab")
    while not focused_name(page).startswith("realisasi_fisik@"):
        keyboard.press("Shift+Tab")
    assert focused_name(page) == f"realisasi_fisik@{kode[3]}"
    for nilai in ("9", "8,5", "7"):
        keyboard.type(nilai)
        press(page, "Shift+Enter")
    keyboard.type("5")
    press(page, "Tab")

    # Fisik going down from January's 10 % is rejected in its row.
    first_row = page.locator(f'tr[data-elemen="{kode[0]}"]')
    assert (
        "tidak boleh turun dari Januari"
        in first_row.locator("[data-hasil]").inner_text()
    )
    assert "is-invalid" in first_row.locator('[name="realisasi_fisik"]').get_attribute(
        "class"
    )
    assert focused_name(page) == f"keterangan@{kode[0]}"

    # Back to the field, correct it, and add a note and a link.
    keyboard.press("Shift+Tab")
    keyboard.press("Control+A")
    keyboard.type("12")
    press(page, "Tab")
    keyboard.type("SP2D Februari")
    press(page, "Tab")
    keyboard.type(TAUTAN)
    press(page, "Tab")
    assert "Tersimpan" in first_row.locator("[data-hasil]").inner_text()
    assert "is-invalid" not in first_row.locator(
        '[name="realisasi_fisik"]'
    ).get_attribute("class")

    # Down the link column to the last row, a note there, and Enter goes
    # on to the submit button while that note is still being saved: the
    # submit waits for the save.
    assert focused_name(page) == f"bukti@{kode[0]}"
    keyboard.press("Shift+Tab")
    for _row in kode[1:]:
        keyboard.press("Enter")
    assert focused_name(page) == f"bukti_tautan@{kode[3]}"
    keyboard.press("Shift+Tab")
    keyboard.type("akhir")
    keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "tombol-ajukan"
    keyboard.press("Enter")
    page.locator(".alert-success", has_text="4 isian diajukan").wait_for()

    rows = {
        row.elemen.kode: row
        for row in KeuanganBulanan.objects.filter(
            elemen__in=dpa, bulan=2
        ).select_related("elemen")
    }
    assert [rows[k].realisasi_keuangan for k in kode] == [
        90_000,
        80_000,
        70_000,
        60_000,
    ]
    assert [rows[k].realisasi_fisik for k in kode] == [
        Decimal("12"),
        Decimal("7"),
        Decimal("8.5"),
        Decimal("9"),
    ]
    assert rows[kode[0]].keterangan == "SP2D Februari"
    assert rows[kode[0]].bukti_tautan == TAUTAN
    assert rows[kode[3]].keterangan == "akhir"
    assert {row.status for row in rows.values()} == {"diajukan"}
    assert {row.diisi_oleh_id for row in rows.values()} == {ani.pk}
    assert page_errors == []
