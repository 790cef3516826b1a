"""The evaluator on the LKE sheet sees the data proposal beside a criterion,
overrides it with a reason below the sheet, and the criterion's row then
saves as before, with the version the decision made."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sakip.evaluasi.models import Jawaban
from sakip.evaluasi.services import evaluasi_lanjutkan
from sakip.evaluasi.tests.test_browser_evaluasi import (
    log_in,
    row,
    wait_for_saves,
)
from sakip.evaluasi.tests.test_pages_penilaian import _answer_all


@pytest.mark.browser
def test_override_proposal_then_row_saves(
    page, live_url, transactional_db, evaluasi_a, ani, evi
):
    _answer_all(ani, evaluasi_a, "mandiri")
    evaluasi_lanjutkan(user=ani, evaluasi=evaluasi_a)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    log_in(page, live_url, "evi")
    page.goto(live_url + reverse("evaluasi:evaluasi_detail", args=[evaluasi_a.pk]))

    # Beside the criterion: the facts and the proposed answer.
    baris = row(page, "AREN001.1")
    expect(baris.locator("[data-usulan]")).to_contain_text("Usulan dari data: T")
    expect(baris.locator(".usulan-fakta")).to_contain_text("Belum ada Renstra")

    # The link in the row leads to the decision form below the sheet.
    baris.get_by_role("link", name="Terima atau ubah").click()
    panel = page.locator('#usulan-keputusan [data-kriteria="AREN001.1"]')
    expect(panel).to_be_in_viewport()

    # Another answer without a reason is rejected, with a reason it is stored.
    panel.locator("select[name=kode]").select_option("Y")
    panel.get_by_role("button", name="Simpan jawaban lain").click()
    panel = page.locator('#usulan-keputusan [data-kriteria="AREN001.1"]')
    expect(panel.get_by_role("alert")).to_contain_text("tuliskan alasannya")
    panel.locator("select[name=kode]").select_option("Y")
    panel.locator("input[name=alasan]").fill("Renstra ditetapkan dengan Perbup")
    panel.get_by_role("button", name="Simpan jawaban lain").click()
    panel = page.locator('#usulan-keputusan [data-kriteria="AREN001.1"]')
    expect(panel).to_contain_text("jawaban saat ini: Y")
    expect(panel).to_contain_text("Renstra ditetapkan dengan Perbup")

    # The row shows the stored answer and saves its note without a conflict.
    baris = row(page, "AREN001.1")
    expect(baris.locator("select[name=kode]")).to_have_value("Y")
    baris.locator("input[name=catatan]").fill("Perbup 12/2025")
    baris.locator("input[name=catatan]").press("Tab")
    expect(baris.locator("[data-tersimpan]")).to_be_visible()
    wait_for_saves(page)
    expect(baris.locator("[data-hasil]")).not_to_contain_text("Muat ulang")

    jawaban = Jawaban.objects.get(
        evaluasi=evaluasi_a, kriteria__kode="AREN001.1", tahap="evaluator"
    )
    assert jawaban.kode == "Y"
    assert jawaban.catatan == "Perbup 12/2025"
    assert jawaban.usulan == "T"
    assert jawaban.alasan_beda_usulan == "Renstra ditetapkan dengan Perbup"
    assert errors == []
