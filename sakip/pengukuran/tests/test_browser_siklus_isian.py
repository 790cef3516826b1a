"""A whole month in the browser: an operator fills the first quarter and
March of Dinas A, a verifikator returns one entry and accepts the rest, the
operator corrects it, and the dashboard and ``sakip capaian`` show the new
capaian."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from sakip.anggaran.models import KeuanganBulanan
from sakip.conftest import PASSWORD
from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.tests.conftest import buka_jadwal
from sakip.perjanjian import services as pk_services
from sakip.perjanjian.models import Level

TAUTAN = "https://e-sakip.contoh.go.id/bukti/tw1-{nomor}"
NILAI_SALAH = "30"
NILAI_BENAR = "45"
ALASAN = "Angka 30 salah ketik; laporan triwulan menulis 45."


def log_in(page, live_url, username):
    page.context.clear_cookies()
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
    request threads, so each save finishes before the next one starts.
    """
    page.keyboard.press(key)
    wait_for_saves(page)


def focused_name(page) -> str:
    return page.evaluate(
        "() => document.activeElement.name + '@' + "
        "(document.activeElement.closest('tr') || {id: ''}).id"
    )


def shift_tab_to(page, name: str):
    """Move the focus back with Shift+Tab until a field ``name`` has it."""
    for _step in range(10):
        page.keyboard.press("Shift+Tab")
        if focused_name(page).startswith(name + "@"):
            return
    raise AssertionError(f"no {name} field before {focused_name(page)}")


def isian_url(live_url, opd, periode):
    return live_url + reverse("pengukuran:isian_opd", args=[opd.pk, 2025, periode])


def verifikasi_url(live_url, opd, periode):
    return live_url + reverse("pengukuran:verifikasi_opd", args=[opd.pk, 2025, periode])


def capaian_rows(capsys, kode: set[str]) -> list[dict]:
    """Run ``sakip capaian`` for Dinas A's 2025 and return the rows of ``kode``."""
    capsys.readouterr()
    call_command("capaian", "--tahun", "2025", "--unit", "OPD-A", "--format", "json")
    rows = json.loads(capsys.readouterr().out)
    return [row for row in rows if row["indikator"] in kode]


@pytest.fixture
def page_errors(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def siklus(rencana, admin, pk_opd, dpa):
    """Dinas A's signed PKs and DPA of 2025, with TW1 and March open for
    input and no realisation of the year stored yet."""
    # The plan's own year-end realisation would hide the quarter's.
    Realisasi.objects.all().delete()
    for perjanjian in pk_opd.values():
        pk_services.pk_tandatangani(perjanjian=perjanjian, user=admin)
    buka_jadwal(2025, "TW1")
    buka_jadwal(2025, "B03")
    return pk_opd


@pytest.mark.browser
def test_month_filled_returned_corrected(
    page,
    page_errors,
    live_url,
    transactional_db,
    capsys,
    ani,
    vera,
    opd_a,
    rencana,
    siklus,
    dpa,
):
    # The PK row holds the Renja's copy of the IKU; the OPD dashboard shows
    # the Renstra's, which shares the copy's realisation and PK target.
    baris_iku = siklus[Level.KEPALA_OPD].baris.get()
    iku = baris_iku.indikator
    iku_renstra = rencana["indikator_a"]
    keyboard = page.keyboard

    # The operator types the quarter's column of values, then the links
    # from the last row up, and submits.
    log_in(page, live_url, "ani")
    page.goto(isian_url(live_url, opd_a, "TW1"))
    kinerja_ids = page.eval_on_selector_all(
        "tr[data-baris]", "rows => rows.map((row) => row.id)"
    )
    assert len(kinerja_ids) == 9
    assert kinerja_ids[0] == f"baris-kinerja-{iku.pk}"
    nilai_kinerja = [NILAI_SALAH] + [f"{nomor},5" for nomor in range(1, 9)]
    assert focused_name(page) == f"nilai@{kinerja_ids[0]}"
    for nilai in nilai_kinerja:
        keyboard.type(nilai)
        press(page, "Enter")
    assert page.evaluate("() => document.activeElement.id") == "tombol-ajukan"
    shift_tab_to(page, "bukti_tautan")
    assert focused_name(page) == f"bukti_tautan@{kinerja_ids[-1]}"
    for nomor in range(len(kinerja_ids), 1, -1):
        keyboard.type(TAUTAN.format(nomor=nomor))
        press(page, "Shift+Enter")
    keyboard.type(TAUTAN.format(nomor=1))
    press(page, "Tab")
    shift_tab_to(page, "bukti_tautan")
    for _row in kinerja_ids:
        keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "tombol-ajukan"
    keyboard.press("Enter")
    page.locator(".alert-success", has_text="9 isian diajukan").wait_for()

    # March of every sub kegiatan: the keuangan column down, the fisik
    # column up.
    page.goto(isian_url(live_url, opd_a, "B03"))
    keuangan_ids = page.eval_on_selector_all(
        "tr[data-baris]", "rows => rows.map((row) => row.id)"
    )
    assert len(keuangan_ids) == 4
    assert focused_name(page) == f"realisasi_keuangan@{keuangan_ids[0]}"
    for nilai in ("250.000", "260000", "270.000", "280000"):
        keyboard.type(nilai)
        press(page, "Enter")
    shift_tab_to(page, "realisasi_fisik")
    assert focused_name(page) == f"realisasi_fisik@{keuangan_ids[-1]}"
    for nilai in ("24", "23,5", "22"):
        keyboard.type(nilai)
        press(page, "Shift+Enter")
    keyboard.type("21,25")
    press(page, "Tab")
    keyboard.type("SP2D Maret")
    press(page, "Tab")
    keyboard.type("https://sp2d.contoh.go.id/maret")
    for _row in keuangan_ids:
        press(page, "Enter")
    assert page.evaluate("() => document.activeElement.id") == "tombol-ajukan"
    keyboard.press("Enter")
    page.locator(".alert-success", has_text="4 isian diajukan").wait_for()

    stored = Realisasi.objects.filter(tahun=2025, periode="TW1")
    assert stored.count() == 9
    assert {r.status for r in stored} == {Realisasi.Status.DIAJUKAN}
    assert all(r.bukti_tautan.startswith("https://e-sakip") for r in stored)
    assert stored.get(indikator=iku).nilai == Decimal(NILAI_SALAH)

    # The verifikator returns the IKU's entry and accepts the other eight.
    log_in(page, live_url, "vera")
    page.goto(verifikasi_url(live_url, opd_a, "TW1"))
    entri_iku = stored.get(indikator=iku)
    row = page.locator(f"#verifikasi-kinerja-{entri_iku.pk}")
    row.locator('input[name="alasan"]').fill(ALASAN)
    row.locator('button[value="kembalikan"]').click()
    page.locator(
        f'#verifikasi-kinerja-{entri_iku.pk}[data-status="dikembalikan"]'
    ).wait_for()
    boxes = page.locator('input[name="pilih"]')
    assert boxes.count() == 8
    for nomor in range(boxes.count()):
        boxes.nth(nomor).check()
    page.click("#form-terima-pilihan button[type=submit]")
    page.locator('[data-jumlah-status="diterima"]', has_text="8").wait_for()

    page.goto(verifikasi_url(live_url, opd_a, "B03"))
    boxes = page.locator('input[name="pilih"]')
    assert boxes.count() == 4
    for nomor in range(boxes.count()):
        boxes.nth(nomor).check()
    page.click("#form-terima-pilihan button[type=submit]")
    page.locator('[data-jumlah-status="diterima"]', has_text="4").wait_for()

    # The operator sees the reason on the returned row, whose value has the
    # focus because the accepted rows are locked, corrects it and submits.
    log_in(page, live_url, "ani")
    page.goto(isian_url(live_url, opd_a, "TW1"))
    row = page.locator(f"#baris-kinerja-{iku.pk}")
    assert ALASAN in row.locator("[data-alasan]").inner_text()
    assert page.locator('tr[data-baris] input[name="nilai"]:disabled').count() == 8
    assert focused_name(page) == f"nilai@baris-kinerja-{iku.pk}"
    keyboard.press("Control+A")
    keyboard.type(NILAI_BENAR)
    keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "tombol-ajukan"
    keyboard.press("Enter")
    page.locator(".alert-success", has_text="1 isian diajukan").wait_for()

    # Before the verifikator accepts it, the verified dashboard has no
    # capaian for the IKU.
    dasbor = live_url + reverse("pengukuran:dasbor_opd", args=[opd_a.pk])
    page.goto(dasbor + "?tahun=2025&terverifikasi=on")
    capaian_iku = page.locator(f'#tabel-iku tr[data-indikator="{iku_renstra.kode}"]')
    assert "90,00 %" not in capaian_iku.inner_text()

    log_in(page, live_url, "vera")
    page.goto(verifikasi_url(live_url, opd_a, "TW1"))
    row = page.locator(f"#verifikasi-kinerja-{entri_iku.pk}")
    row.locator('button[value="terima"]').click()
    page.locator(
        f'#verifikasi-kinerja-{entri_iku.pk}[data-status="diterima"]'
    ).wait_for()

    entri_iku.refresh_from_db()
    assert entri_iku.nilai == Decimal(NILAI_BENAR)
    assert entri_iku.status == Realisasi.Status.DITERIMA
    assert {r.status for r in stored.all()} == {Realisasi.Status.DITERIMA}
    maret = KeuanganBulanan.objects.filter(elemen__in=dpa, tahun=2025, bulan=3)
    assert sorted(r.realisasi_keuangan for r in maret) == [
        250_000,
        260_000,
        270_000,
        280_000,
    ]
    assert {r.status for r in maret} == {KeuanganBulanan.Status.DITERIMA}

    # The year's capaian by hand: the PK's target, and the akhir of the
    # quarters, which is TW1's verified value.
    target = baris_iku.target.nilai
    capaian = (Decimal(NILAI_BENAR) / target * 100).quantize(Decimal("0.01"))
    assert capaian == Decimal("90.00")

    page.goto(dasbor + "?tahun=2025&terverifikasi=on")
    cells = capaian_iku.locator("td.angka")
    assert cells.nth(1).inner_text() == "45,00"
    assert cells.nth(2).inner_text() == "90,00 %"
    assert capaian_iku.locator(".lampu").inner_text() == "Tinggi"

    rows = capaian_rows(capsys, {iku.kode, iku_renstra.kode})
    assert {item["indikator"] for item in rows} == {iku.kode, iku_renstra.kode}
    for item in rows:
        assert Decimal(item["target"]) == target
        assert Decimal(item["realisasi"]) == Decimal(NILAI_BENAR)
        assert item["capaian"] == f"{capaian:.2f}"
        assert item["kategori"] == "Tinggi"
    assert page_errors == []
