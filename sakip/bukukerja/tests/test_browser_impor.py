"""The upload and progress pages in a real browser: the HTMX polling of the
progress bar, that it stops once the job is done, and the error report."""

import pytest
from django.urls import reverse

from sakip.bukukerja.models import ImporBukuKerja
from sakip.bukukerja.tests.workbooks import base_sheets, set_cell, write_workbook
from sakip.conftest import PASSWORD
from sakip.organisasi.models import Unit


def log_in(page, live_url, username, next_url):
    page.goto(f"{live_url}{reverse('login')}?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_url}{next_url}")


@pytest.mark.browser
def test_upload_form_imports_workbook(
    page, live_url, transactional_db, admin, base_workbook
):
    log_in(page, live_url, "admin", reverse("bukukerja:impor_create"))

    page.set_input_files("#form-impor input[type=file]", str(base_workbook))
    page.click("#form-impor button[type=submit]")
    page.locator("#tabel-ringkasan").wait_for()

    impor = ImporBukuKerja.objects.get()
    assert page.url.endswith(reverse("bukukerja:impor_detail", args=[impor.pk]))
    assert "Buku kerja berhasil diimpor" in page.content()


@pytest.mark.browser
def test_progress_bar_polls_until_done(page, live_url, transactional_db, admin):
    impor = ImporBukuKerja.objects.create(
        nama_berkas="besar.xlsx",
        diunggah_oleh=admin,
        status=ImporBukuKerja.Status.BERJALAN,
        progres=30,
        tahap="Membaca berkas",
    )
    progres_url = reverse("bukukerja:impor_progres", args=[impor.pk])
    polls = []
    page.on(
        "request",
        lambda request: (
            polls.append(request.url) if progres_url in request.url else None
        ),
    )
    log_in(page, live_url, "admin", reverse("bukukerja:impor_detail", args=[impor.pk]))
    assert page.locator(".progress-bar").inner_text() == "30%"

    ImporBukuKerja.objects.filter(pk=impor.pk).update(progres=70, tahap="Memeriksa isi")
    page.locator(".progress-bar", has_text="70%").wait_for()
    ImporBukuKerja.objects.filter(pk=impor.pk).update(
        status=ImporBukuKerja.Status.BERHASIL,
        progres=100,
        ringkasan={
            "sheet": {"Unit": {"dibuat": 3, "diubah": 0, "tetap": 0}},
            "disimpan": True,
        },
    )
    page.locator("#tabel-ringkasan").wait_for()
    polls_when_done = len(polls)
    page.wait_for_timeout(2500)

    assert polls_when_done >= 2
    assert len(polls) == polls_when_done
    assert page.locator(".progress").count() == 0


@pytest.mark.browser
def test_upload_shows_error_report(page, live_url, transactional_db, admin, tmp_path):
    sheets = base_sheets()
    set_cell(sheets, "Target", 3, "nilai", "dua belas")
    set_cell(sheets, "Unit", 4, "induk", "OPD-X")
    bad = write_workbook(tmp_path / "salah.xlsx", sheets)
    units_before = Unit.objects.count()
    log_in(page, live_url, "admin", reverse("bukukerja:impor_create"))

    page.set_input_files("#form-impor input[type=file]", str(bad))
    page.click("#form-impor button[type=submit]")
    table = page.locator("#tabel-kesalahan")
    table.wait_for()

    rows = [
        [cell.strip() for cell in row.locator("td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]
    assert ["Unit", "4", "induk"] in [row[:3] for row in rows]
    assert ["Target", "3", "nilai"] in [row[:3] for row in rows]
    assert "tidak ada yang disimpan" in page.content()
    assert Unit.objects.count() == units_before
