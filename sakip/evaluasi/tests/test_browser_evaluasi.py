"""An Evaluasi AKIP in the browser, from the penilaian mandiri to the final
predikat, then a recommendation from the evaluator, the OPD's follow-up and
its closing. The LKE is a three-criterion variant, so that each stage is
answered by hand in a few steps."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sakip.conftest import PASSWORD
from sakip.core.templatetags.sakip_format import angka
from sakip.evaluasi.lke import lke_load
from sakip.evaluasi.models import Evaluasi, Rekomendasi
from sakip.evaluasi.selectors import evaluasi_nilai
from sakip.evaluasi.services import evaluasi_create, evaluator_assign

LKE_KECIL = (
    "komponen_kode,komponen,komponen_bobot,subkomponen_kode,subkomponen,"
    "subkomponen_bobot,kriteria_kode,kriteria,bukti_dukung,jawaban\n"
    "K1,Perencanaan Kinerja,60,S1,Pemenuhan,20,K1.1,Ada Renstra,"
    "Renstra PD;Pohon kinerja,Y/T\n"
    "K1,Perencanaan Kinerja,60,S2,Kualitas,40,K1.2,Renstra berkualitas,,A/B/C/D\n"
    "K2,Pelaporan Kinerja,40,S3,Pemenuhan,40,K2.1,Ada LKjIP,LKjIP,Y/T\n"
)
TAUTAN = "https://e-sakip.contoh.go.id/bukti/renstra.pdf"
PDF = b"%PDF-1.4\n%bukti\n"


def log_in(page, live_url, username):
    page.context.clear_cookies()
    page.goto(live_url + "/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/masuk/" not in url)


def wait_for_saves(page):
    page.wait_for_function(
        "() => !document.querySelector('tr[data-baris].htmx-request')"
    )


def row(page, kode):
    return page.locator(f'tr[data-kriteria="{kode}"]')


def answer(page, kode, jawaban):
    """Choose ``jawaban`` in the criterion's select and wait for its save."""
    baris = row(page, kode)
    baris.locator("select[name=kode]").select_option(jawaban)
    expect(baris.locator("[data-tersimpan]")).to_be_visible()
    wait_for_saves(page)


def lanjutkan(page, catatan=""):
    if catatan:
        page.fill("#form-lanjutkan textarea[name=catatan]", catatan)
    page.click("#tombol-lanjutkan")
    page.wait_for_load_state()


@pytest.fixture
def evaluasi_kecil(tmp_path, opd_a, evi, mutu):
    berkas = tmp_path / "lke-kecil.csv"
    berkas.write_text(LKE_KECIL, encoding="utf-8")
    template = lke_load(lke=berkas, kode="LKE-KECIL", nama="LKE kecil")
    evaluasi = evaluasi_create(user=evi, unit=opd_a, tahun=2025, template=template)
    evaluator_assign(user=evi, evaluasi=evaluasi, evaluator=evi)
    evaluator_assign(
        user=evi, evaluasi=evaluasi, evaluator=mutu, peran="pengendali_mutu"
    )
    return evaluasi


@pytest.fixture
def page_errors(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.mark.browser
def test_evaluation_to_final_and_recommendation(
    page, page_errors, live_url, transactional_db, tmp_path, evaluasi_kecil, ani, evi
):
    detail = live_url + reverse("evaluasi:evaluasi_detail", args=[evaluasi_kecil.pk])

    # The operator of Dinas A fills the penilaian mandiri from the keyboard:
    # a note typed in the first row, Enter to the next row's note.
    log_in(page, live_url, "ani")
    page.click("#navbar-evaluasi")
    page.click("text=Evaluasi dan LKE")
    page.click("#tabel-evaluasi a:has-text('Dinas A')")
    expect(page.locator("#tahap-evaluasi [aria-current=step]")).to_have_text(
        "Penilaian mandiri"
    )
    expect(row(page, "K1.1")).to_contain_text("Bukti dukung: Renstra PD; Pohon kinerja")
    answer(page, "K1.1", "Y")
    row(page, "K1.1").locator("input[name=catatan]").click()
    page.keyboard.type("Renstra 2025-2029 ditetapkan")
    page.keyboard.press("Enter")
    wait_for_saves(page)
    focused = page.evaluate(
        "() => document.activeElement.closest('tr').dataset.kriteria"
    )
    assert focused == "K1.2"
    row(page, "K1.1").locator("input[name=bukti_tautan]").fill(TAUTAN)
    row(page, "K1.1").locator("input[name=bukti_tautan]").press("Tab")
    wait_for_saves(page)
    expect(row(page, "K1.1").locator(f'a[href="{TAUTAN}"]')).to_be_visible()
    pdf = tmp_path / "lkjip.pdf"
    pdf.write_bytes(PDF)
    row(page, "K2.1").locator("input[name=bukti]").set_input_files(pdf)
    wait_for_saves(page)
    answer(page, "K1.2", "A")
    answer(page, "K2.1", "Y")
    total = page.locator('#nilai-total td[data-tahap="mandiri"]')
    expect(total).to_have_text("100,00")
    expect(page.locator('#nilai-predikat td[data-tahap="mandiri"]')).to_contain_text(
        "AA"
    )
    expect(row(page, "K2.1").locator("a", has_text="lkjip.pdf")).to_be_visible()
    lanjutkan(page, "Penilaian mandiri selesai")
    expect(page.locator("#tahap-evaluasi [aria-current=step]")).to_have_text("Evaluasi")
    expect(page.locator("#riwayat-tahap")).to_contain_text("Penilaian mandiri selesai")
    expect(page.locator("#form-lanjutkan")).to_have_count(0)

    # The evaluator sees the unit's answers and gives their own.
    log_in(page, live_url, "evi")
    page.goto(detail)
    expect(row(page, "K1.1").locator("[data-jawaban-lama=mandiri]")).to_contain_text(
        "Renstra 2025-2029 ditetapkan"
    )
    answer(page, "K1.1", "Y")
    answer(page, "K1.2", "C")
    answer(page, "K2.1", "T")
    lanjutkan(page)
    expect(page.locator("#tahap-evaluasi [aria-current=step]")).to_have_text(
        "Reviu mutu"
    )

    # The pengendali mutu starts from the evaluator's answers, corrects one
    # and makes the evaluation final.
    log_in(page, live_url, "mutu")
    page.goto(detail)
    expect(row(page, "K1.2").locator("select[name=kode]")).to_have_value("C")
    answer(page, "K2.1", "Y")
    lanjutkan(page)
    evaluasi = Evaluasi.objects.get(pk=evaluasi_kecil.pk)
    expected = evaluasi_nilai(evaluasi, tahap="final")
    assert evaluasi.status == Evaluasi.Status.FINAL
    assert evaluasi.nilai == expected.total_dibulatkan
    expect(page.locator("[data-nilai-final]")).to_have_text(
        angka(expected.total_dibulatkan, 2)
    )
    expect(page.locator("[data-predikat-final]")).to_have_text(expected.predikat)
    expect(page.locator("#riwayat-tahap li")).to_have_count(3)
    expect(page.locator("select[name=kode]:not([disabled])")).to_have_count(0)

    # The evaluator writes a recommendation on the final evaluation.
    log_in(page, live_url, "evi")
    page.goto(detail)
    page.click("#tautan-rekomendasi")
    page.fill("#id_uraian", "Tetapkan IKU sampai tingkat eselon IV.")
    page.select_option("#id_komponen", label="K1 Perencanaan Kinerja")
    page.fill("#id_batas_waktu", "2026-06-30")
    page.click("#form-rekomendasi button[type=submit]")
    expect(page.locator("#tabel-rekomendasi")).to_contain_text("eselon IV")

    # The operator enters the follow-up from the open recommendations.
    log_in(page, live_url, "ani")
    page.goto(live_url + reverse("evaluasi:rekomendasi_list"))
    page.click("text=Tetapkan IKU sampai tingkat eselon IV.")
    page.click("#tombol-tindak-lanjut")
    page.fill("#id_uraian", "IKU eselon IV ditetapkan dengan SK Kepala Dinas.")
    page.fill("#id_tanggal", "2026-02-10")
    page.set_input_files("#id_bukti", pdf)
    page.click("button[type=submit]:has-text('Ajukan tindak lanjut')")
    expect(page.locator("#status-rekomendasi")).to_contain_text(
        "Tindak lanjut diperiksa"
    )
    expect(page.locator("#tombol-tutup")).to_have_count(0)

    # The evaluator closes it.
    log_in(page, live_url, "evi")
    rekomendasi = Rekomendasi.objects.get()
    page.goto(live_url + reverse("evaluasi:rekomendasi_detail", args=[rekomendasi.pk]))
    expect(page.locator("#daftar-tindak-lanjut")).to_contain_text("SK Kepala Dinas")
    page.click("#tombol-tutup")
    expect(page.locator("#status-rekomendasi")).to_contain_text("Selesai")
    rekomendasi.refresh_from_db()
    assert rekomendasi.status == Rekomendasi.Status.SELESAI
    assert rekomendasi.tindak_lanjut.get().status == "diterima"
    assert page_errors == []
