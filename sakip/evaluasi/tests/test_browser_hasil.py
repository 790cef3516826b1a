"""The ranking page of Evaluasi AKIP in a real browser: the table and the
chart by komponen, drawn by the vendored Chart.js."""

from decimal import Decimal

import pytest

from sakip.conftest import PASSWORD
from sakip.evaluasi.lke import lke_bawaan_load
from sakip.evaluasi.models import Evaluasi, Jawaban, Kriteria


def _final(unit, tahun, template, nilai, predikat):
    evaluasi = Evaluasi.objects.create(
        unit=unit,
        tahun=tahun,
        template=template,
        status=Evaluasi.Status.FINAL,
        nilai=Decimal(nilai),
        predikat=predikat,
    )
    Jawaban.objects.bulk_create(
        Jawaban(
            evaluasi=evaluasi,
            kriteria=kriteria,
            tahap="final",
            kode="Y" if kriteria.jenis_jawaban == "Y/T" else "A",
            nilai=Decimal(1),
            versi=1,
        )
        for kriteria in Kriteria.objects.filter(
            sub_komponen__komponen__template=template
        )
    )
    return evaluasi


@pytest.mark.browser
def test_ranking_chart_drawn(page, live_url, transactional_db, bupati, opd_a, opd_b):
    template = lke_bawaan_load()
    _final(opd_a, 2025, template, "72.4", "BB")
    _final(opd_b, 2025, template, "81.2", "A")
    _final(opd_a, 2024, template, "70", "B")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_url + "/masuk/")
    page.fill("#id_username", "bupati")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    # Wait for the login to finish; a goto before that would cancel it.
    page.wait_for_url(lambda url: "/masuk/" not in url)
    page.goto(live_url + "/evaluasi/hasil/?tahun=2025")
    page.wait_for_function(
        "() => Chart.getChart(document.getElementById('grafik-komponen')) !== undefined"
    )

    rows = page.locator("#tabel-peringkat tbody tr")
    assert rows.nth(0).get_attribute("data-opd") == "OPD-B"
    assert rows.nth(1).locator(".perubahan").inner_text() == "+2,40"
    assert page.locator("#grafik-komponen").is_visible()
    assert errors == []
