"""A planner new to the product, in a real browser: a Renstra built from
nothing with the inline forms and the nomenklatur picker, cascaded to the
RPJMD, submitted, returned, adopted, turned into next year's Renja, and both
matrices downloaded."""

import re
from decimal import Decimal

import openpyxl
import pytest
from playwright.sync_api import expect

from sakip.conftest import PASSWORD
from sakip.perencanaan.models import Dokumen, Elemen, Target
from sakip.perencanaan.tests.factories import DokumenFactory, ElemenFactory
from sakip.referensi.services import (
    SHIPPED_BERLAKU_MULAI,
    SHIPPED_NAMA,
    SHIPPED_NOMENKLATUR,
    nomenklatur_load,
)

J = Elemen.Jenis
PROGRAM = "1.01.02"
KEGIATAN = "1.01.02.1.01"
SUB_KEGIATAN = "1.01.02.1.01.0001"


@pytest.fixture
def rpjmd(pemda):
    """A ditetapkan RPJMD 2025–2029 down to one sasaran, for the Renstra to
    support. The ``rencana`` fixture is not used because its Renstra of
    Dinas A already covers 2025–2029."""
    dokumen = DokumenFactory(
        kode="RPJMD",
        jenis=Dokumen.Jenis.RPJMD,
        unit=pemda,
    )
    visi = ElemenFactory(kode="VISI", dokumen=dokumen, jenis=J.VISI)
    misi = ElemenFactory(kode="MISI", dokumen=dokumen, jenis=J.MISI, induk=visi)
    tujuan = ElemenFactory(kode="TUJ", dokumen=dokumen, jenis=J.TUJUAN, induk=misi)
    sasaran = ElemenFactory(
        kode="SAS-RPJMD",
        dokumen=dokumen,
        induk=tujuan,
        uraian="Meningkatnya mutu pendidikan",
    )
    Dokumen.objects.filter(pk=dokumen.pk).update(status=Dokumen.Status.DITETAPKAN)
    return sasaran


def _login(page, live_url, username):
    page.context.clear_cookies()
    # The login lands on the light notification list, not on the dashboard,
    # whose capaian took long on a freshly filled PostgreSQL database.
    page.goto(live_url + "/masuk/?next=/notifikasi/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    # Wait for the login to finish; a goto before that would cancel it.
    page.wait_for_url(lambda url: "/notifikasi/" in url)


def _row(page, elemen):
    return page.locator(f"#elemen-{elemen.pk}-baris")


def _slot(page, elemen):
    return page.locator(f"#elemen-{elemen.pk}-form")


def _add_child(page, induk, label, uraian):
    """Add an elemen of ``label`` under ``induk`` by typing its uraian and
    pressing Enter."""
    _row(page, induk).get_by_role("button", name=f"+ {label}", exact=True).click()
    form = _slot(page, induk).locator("form")
    expect(form.get_by_label("Jenis")).to_be_focused()
    field = form.get_by_label("Uraian")
    field.fill(uraian)
    field.press("Enter")
    expect(page.get_by_text(uraian, exact=True).first).to_be_visible()
    return Elemen.objects.get(uraian=uraian)


def _add_coded_child(page, induk, label, prefix, kode):
    """Add a program, kegiatan or sub kegiatan under ``induk``, picking its
    code in the nomenklatur picker with the keyboard only."""
    _row(page, induk).get_by_role("button", name=f"+ {label}", exact=True).click()
    form = _slot(page, induk).locator("form")
    # htmx:load moves the focus only after HTMX has bound the picker's
    # input trigger; keys typed before that would send no search.
    expect(form.get_by_label("Jenis")).to_be_focused()
    picker = form.get_by_role("combobox", name="Kode nomenklatur")
    picker.press_sequentially(prefix)
    option = form.locator(f"[role=option][data-kode='{kode}']")
    expect(option).to_be_visible()
    expect(picker).to_have_attribute("aria-expanded", "true")
    picker.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    picker.press("Enter")
    expect(picker).to_have_value(kode)
    expect(form.get_by_label("Uraian")).not_to_have_value("")
    picker.press("Enter")
    elemen = page.locator(".badge", has_text=re.compile(f"^{re.escape(kode)}$"))
    expect(elemen).to_be_visible()
    return Elemen.objects.get(nomenklatur=kode, dokumen=induk.dokumen)


def _add_indikator(page, elemen, uraian, satuan, targets):
    _row(page, elemen).get_by_role("button", name="+ Indikator").click()
    form = _slot(page, elemen).locator("form")
    # htmx focuses a field once it has processed a swapped form; typing and
    # saving before that raced it under load.
    expect(form.locator(":focus")).to_have_count(1)
    form.get_by_label("Uraian indikator").fill(uraian)
    form.get_by_label("Satuan").fill(satuan)
    form.get_by_role("button", name="Simpan").click()
    page.get_by_role("button", name=f"Target {uraian}").click()
    form = _slot(page, elemen).locator("form")
    expect(form.locator(":focus")).to_have_count(1)
    for tahun, nilai in targets.items():
        form.get_by_label(str(tahun), exact=True).fill(nilai)
    form.get_by_role("button", name="Simpan").click()
    expect(_slot(page, elemen).locator("form")).to_have_count(0)


def _sub_kegiatan_row(page, tmp_path, name):
    """Download the document's matrix and return the values of the row of
    the sub kegiatan (the matrix writes its code split into columns)."""
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Unduh matriks")).click()
    path = tmp_path / name
    download_info.value.save_as(path)
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            values = [value for value in row if value is not None]
            if "Jumlah unit sekolah baru (unit)" in values:
                return values
    raise AssertionError(f"No sub kegiatan row in {name}")


@pytest.mark.browser
def test_planner_builds_renstra_to_renja(
    page, live_url, transactional_db, tmp_path, admin, ani, vera, opd_a, rpjmd
):
    nomenklatur_load(
        path=SHIPPED_NOMENKLATUR, berlaku_mulai=SHIPPED_BERLAKU_MULAI, nama=SHIPPED_NAMA
    )
    years = range(2025, 2030)

    # A new Renstra from the document list.
    _login(page, live_url, "ani")
    page.goto(live_url + "/perencanaan/dokumen/")
    page.get_by_role("link", name="Buat dokumen").click()
    page.get_by_label("Tahun awal").fill("2025")
    page.get_by_label("Tahun akhir").fill("2029")
    page.get_by_label("Nama").fill("Renstra Dinas A 2025–2029")
    page.get_by_role("button", name="Buat dokumen").click()
    expect(page.get_by_text("Dokumen RENSTRA-OPD-A-2025-2029 dibuat.")).to_be_visible()
    renstra = Dokumen.objects.get(kode="RENSTRA-OPD-A-2025-2029")
    renstra_url = page.url

    # Tujuan at the root, then a sasaran with an indikator and five targets.
    page.get_by_role("button", name="Tambah elemen teratas").click()
    form = page.locator("#pohon-dokumen-form form")
    expect(form.get_by_label("Jenis")).to_be_focused()
    field = form.get_by_label("Uraian")
    field.fill("Meningkatnya akses pendidikan")
    field.press("Enter")
    expect(page.locator(".simpul-uraian", has_text="akses pendidikan")).to_be_visible()
    tujuan = Elemen.objects.get(dokumen=renstra, jenis=J.TUJUAN)
    sasaran = _add_child(page, tujuan, "Sasaran", "Meningkatnya angka partisipasi")
    _add_indikator(
        page,
        sasaran,
        "Angka partisipasi murni",
        "persen",
        {tahun: f"{80 + tahun - 2025},5" for tahun in years},
    )

    # Esc cancels an inline edit, Enter saves it.
    _row(page, tujuan).get_by_role("button", name=re.compile("^Ubah")).click()
    inline = page.locator(f"form#elemen-{tujuan.pk}-baris")
    # htmx focuses a field once it has processed the form; an Esc before
    # that clicks a Batal button that does not send its request yet.
    expect(inline.locator(":focus")).to_have_count(1)
    inline.get_by_label("Uraian").fill("Uraian yang dibatalkan")
    inline.get_by_label("Uraian").press("Escape")
    expect(page.locator(f"form#elemen-{tujuan.pk}-baris")).to_have_count(0)
    expect(_row(page, tujuan)).to_contain_text("Meningkatnya akses pendidikan")
    _row(page, tujuan).get_by_role("button", name=re.compile("^Ubah")).click()
    inline = page.locator(f"form#elemen-{tujuan.pk}-baris")
    inline.get_by_label("Uraian").fill("Meningkatnya akses pendidikan dasar")
    inline.get_by_label("Uraian").press("Enter")
    expect(page.locator(f"div#elemen-{tujuan.pk}-baris")).to_contain_text(
        "Meningkatnya akses pendidikan dasar"
    )
    expect(page.locator(f"#elemen-{tujuan.pk}-ringkas")).to_have_text(
        "Meningkatnya akses pendidikan dasar"
    )
    tujuan.refresh_from_db()
    assert tujuan.uraian == "Meningkatnya akses pendidikan dasar"

    # The cascade: the sasaran supports the RPJMD sasaran.
    _row(page, sasaran).get_by_role("button", name="Dukung sasaran RPJMD").click()
    form = _slot(page, sasaran).locator("form")
    form.get_by_label("Didukung").select_option(str(rpjmd.pk))
    form.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("link", name=re.compile("SAS-RPJMD"))).to_be_visible()

    # Program, kegiatan and sub kegiatan through the picker, by keyboard.
    program = _add_coded_child(page, sasaran, "Program", "1.01.0", PROGRAM)
    kegiatan = _add_coded_child(page, program, "Kegiatan", "1.01.02.1", KEGIATAN)
    sub = _add_coded_child(
        page, kegiatan, "Sub kegiatan", "1.01.02.1.01.000", SUB_KEGIATAN
    )
    _add_indikator(
        page,
        sub,
        "Jumlah unit sekolah baru",
        "unit",
        {tahun: str(tahun - 2020) for tahun in years},
    )
    assert Target.objects.filter(dokumen=renstra, indikator__elemen=sub).count() == 5

    # Submitted, returned with a reason, submitted again, adopted.
    page.get_by_role("button", name="Ajukan").click()
    expect(page.get_by_text("Dokumen diajukan untuk diverifikasi.")).to_be_visible()
    _login(page, live_url, "vera")
    page.goto(renstra_url)
    page.fill("#alasan-kembalikan", "Lengkapi definisi operasional indikator.")
    page.get_by_role("button", name="Kembalikan").click()
    expect(page.get_by_text("Dokumen dikembalikan kepada OPD.")).to_be_visible()
    _login(page, live_url, "ani")
    page.goto(renstra_url)
    expect(page.locator(".alert-danger")).to_contain_text(
        "Lengkapi definisi operasional indikator."
    )
    page.get_by_role("button", name="Ajukan").click()
    expect(page.get_by_text("Dokumen diajukan untuk diverifikasi.")).to_be_visible()
    _login(page, live_url, "admin")
    page.goto(renstra_url)
    page.get_by_role("button", name="Tetapkan").click()
    expect(page.get_by_text("Dokumen ditetapkan.")).to_be_visible()
    renstra.refresh_from_db()
    assert renstra.status == Dokumen.Status.DITETAPKAN

    # Next year's Renja, made from the Renstra.
    _login(page, live_url, "ani")
    page.goto(live_url + "/tahunan/renja/baru/")
    page.get_by_label("Renstra").select_option(str(renstra.pk))
    page.get_by_label("Tahun Renja").fill("2026")
    page.get_by_role("button", name="Buat Renja").click()
    expect(page.get_by_text(re.compile(r"Renja .* dibuat\."))).to_be_visible()
    renja = Dokumen.objects.get(jenis=Dokumen.Jenis.RENJA, unit=opd_a)
    # The tree opens branch by branch, as a planner clicks through it.
    for kode in (PROGRAM, KEGIATAN, SUB_KEGIATAN):
        badge = page.locator("summary .badge", has_text=re.compile(f"^{kode}$"))
        expect(badge).to_be_visible()
        badge.click()
    page.get_by_role("link", name="Jumlah unit sekolah baru").click()
    expect(page.locator("main")).to_contain_text("2026")
    expect(page.locator("main")).to_contain_text("6")
    assert Target.objects.get(
        dokumen=renja, indikator__elemen__nomenklatur=SUB_KEGIATAN
    ).nilai == Decimal("6")

    # Both matrices.
    page.goto(live_url + f"/perencanaan/dokumen/{renja.pk}/")
    renja_row = _sub_kegiatan_row(page, tmp_path, "renja.xlsx")
    page.goto(renstra_url)
    renstra_row = _sub_kegiatan_row(page, tmp_path, "renstra.xlsx")
    kode = ".".join(str(value) for value in renja_row[:5])
    assert kode == SUB_KEGIATAN
    assert "Pembangunan USB (Unit Sekolah Baru)" in renja_row
    assert 6 in renja_row
    assert ".".join(str(value) for value in renstra_row[:5]) == SUB_KEGIATAN
    targets = [value for value in renstra_row if isinstance(value, int)]
    assert targets[:5] == [5, 6, 7, 8, 9]
