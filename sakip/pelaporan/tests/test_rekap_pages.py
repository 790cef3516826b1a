"""The IKU, PK and Renstra recapitulations: their numbers, XLSX and PDF."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from sakip.core.tests.pdf import pdf_text
from sakip.pelaporan.rekap import rekap_iku, rekap_renstra
from sakip.pengukuran.tests.factories import RealisasiFactory
from sakip.perencanaan.models import Indikator
from sakip.perencanaan.tests.factories import TargetFactory
from sakip.perjanjian.models import Level
from sakip.perjanjian.tests.permission_cases import make_perjanjian

pytestmark = pytest.mark.django_db


def test_iku_pemda(pemda, rencana):
    rekap = rekap_iku(unit=pemda, tahun=2025)

    assert [item.indikator.kode for item in rekap.baris] == ["IKU-1"]
    assert rekap.baris[0].capaian_2dp == Decimal("90.00")
    assert rekap.baris[0].kategori == "Tinggi"


def test_iku_without_iku(opd_a, rencana):
    rekap = rekap_iku(unit=opd_a, tahun=2025)

    assert rekap.baris == []
    assert any("belum menetapkan IKU" in c for c in rekap.catatan)


def test_iku_xlsx_and_pdf(client, admin, pemda, rencana, tmp_path):
    client.force_login(admin)
    args = [pemda.pk]

    book = client.get(reverse("pelaporan:rekap_iku_xlsx", args=args), {"tahun": 2025})
    pdf = client.get(reverse("pelaporan:rekap_iku_pdf", args=args), {"tahun": 2025})

    sheet = openpyxl.load_workbook(io.BytesIO(book.content)).active
    assert sheet.cell(row=5, column=3).value == "Indikator Kinerja Utama"
    assert Decimal(str(sheet.cell(row=6, column=5).value)) == Decimal("80")
    assert Decimal(str(sheet.cell(row=6, column=6).value)) == Decimal("72")
    assert Decimal(str(sheet.cell(row=6, column=7).value)) == Decimal("90.00")
    text = pdf_text(pdf.content, tmp_path)
    assert "Indeks A" in text
    assert "90,00 %" in text


def test_iku_page_chart(client, ani, pemda, rencana):
    client.force_login(ani)

    response = client.get(reverse("pelaporan:rekap_iku", args=[pemda.pk]))

    assert 'data-chart-capaian="grafik-iku-data"' in response.text
    assert 'data-kategori="Tinggi"' in response.text


def test_iku_other_opd_hidden(client, citra, opd_a, rencana):
    client.force_login(citra)

    response = client.get(reverse("pelaporan:rekap_iku", args=[opd_a.pk]))

    assert response.status_code == 404


def test_renstra_progres(rencana):
    indikator = rencana["indikator_a"]
    Indikator.objects.filter(pk=indikator.pk).update(kondisi_awal=Decimal("30"))
    TargetFactory(indikator=indikator, tahun=2029, nilai=Decimal("80"))

    rekap = rekap_renstra(dokumen=rencana["renstra_a"])

    row = rekap.baris[0]
    assert rekap.tahun_list == [2025, 2026, 2027, 2028, 2029]
    assert row.tahun[0].capaian.capaian_2dp == Decimal("80.00")
    # (40 − 30) / (80 − 30) × 100, with the 2025 realisation.
    assert row.progres.nilai_2dp == Decimal("20.00")
    assert row.progres_tahun == 2025


def test_renstra_progres_kumulatif(rencana):
    indikator = rencana["indikator_a"]
    Indikator.objects.filter(pk=indikator.pk).update(
        kondisi_awal=Decimal("0"), agregasi="kumulatif"
    )
    # The 2025 target of 50 and realisation of 40 come from the fixture.
    for tahun in range(2026, 2030):
        TargetFactory(indikator=indikator, tahun=tahun, nilai=Decimal("50"))
    RealisasiFactory(indikator=indikator, tahun=2026, nilai=Decimal("60"))

    rekap = rekap_renstra(dokumen=rencana["renstra_a"])

    row = rekap.baris[0]
    # (40 + 60 − 0) / (5 × 50 − 0) × 100, not 60 against the last year's 50.
    assert row.target_akhir_teks == "250,00 (jumlah 2025–2029)"
    assert row.progres.nilai_2dp == Decimal("40.00")
    assert row.progres_tahun == 2026
    assert row.realisasi_progres_teks == "100,00"
    assert any("kumulatif" in c for c in rekap.catatan)


def test_renstra_progres_kumulatif_gap(rencana):
    indikator = rencana["indikator_a"]
    Indikator.objects.filter(pk=indikator.pk).update(
        kondisi_awal=Decimal("0"), agregasi="kumulatif"
    )
    TargetFactory(indikator=indikator, tahun=2029, nilai=Decimal("50"))
    RealisasiFactory(indikator=indikator, tahun=2027, nilai=Decimal("60"))

    row = rekap_renstra(dokumen=rencana["renstra_a"]).baris[0]

    assert row.progres.nilai is None
    assert "2026" in row.progres_keterangan


def test_renstra_progres_without_baseline(rencana):
    rekap = rekap_renstra(dokumen=rencana["renstra_a"])

    row = rekap.baris[0]
    assert row.progres.nilai is None
    assert row.progres_keterangan
    assert any("kondisi awal" in c for c in rekap.catatan)


def test_renstra_xlsx_and_pdf(client, kadis, rencana, tmp_path):
    client.force_login(kadis)
    args = [rencana["renstra_a"].pk]

    book = client.get(reverse("pelaporan:rekap_renstra_xlsx", args=args))
    pdf = client.get(reverse("pelaporan:rekap_renstra_pdf", args=args))

    sheet = openpyxl.load_workbook(io.BytesIO(book.content)).active
    assert sheet.cell(row=5, column=6).value == "2025"
    assert [sheet.cell(row=6, column=c).value for c in (6, 7, 8)] == [
        "Target",
        "Realisasi",
        "Capaian (%)",
    ]
    assert Decimal(str(sheet.cell(row=7, column=7).value)) == Decimal("40")
    assert Decimal(str(sheet.cell(row=7, column=8).value)) == Decimal("80.00")
    assert "80,00 %" in pdf_text(pdf.content, tmp_path)


def test_pk_rekap_quarters(client, admin, opd_a, rencana, tmp_path):
    perjanjian = make_perjanjian(opd_a, Level.KEPALA_OPD, rencana["renstra_a"])
    indikator = rencana["indikator_a"]
    target = TargetFactory(indikator=indikator, dokumen=perjanjian.dokumen)
    perjanjian.baris.create(indikator=indikator, target=target)
    RealisasiFactory(indikator=indikator, periode="TW1", nilai=Decimal("10"))
    client.force_login(admin)

    page = client.get(reverse("pelaporan:rekap_pk", args=[perjanjian.pk]))
    book = client.get(reverse("pelaporan:rekap_pk_xlsx", args=[perjanjian.pk]))
    pdf = client.get(reverse("pelaporan:rekap_pk_pdf", args=[perjanjian.pk]))

    assert "belum ditandatangani" in page.text
    sheet = openpyxl.load_workbook(io.BytesIO(book.content)).active
    assert sheet.cell(row=5, column=6).value == "Triwulan I"
    assert sheet.cell(row=6, column=6).value == "Realisasi s/d"
    assert Decimal(str(sheet.cell(row=7, column=6).value)) == Decimal("10")
    assert sheet.cell(row=7, column=8).value == "belum diisi"
    assert Decimal(str(sheet.cell(row=7, column=14).value)) == Decimal("40")
    assert "Triwulan I" in pdf_text(pdf.content, tmp_path)


def test_renstra_pdf_all_columns(client, kadis, rencana, tmp_path):
    indikator = rencana["indikator_a"]
    Indikator.objects.filter(pk=indikator.pk).update(kondisi_awal=Decimal("30"))
    for tahun in range(2026, 2030):
        TargetFactory(
            indikator=indikator, tahun=tahun, nilai=Decimal("88.5") + tahun - 2026
        )
    RealisasiFactory(indikator=indikator, tahun=2029, nilai=Decimal("90.25"))
    client.force_login(kadis)

    pdf = client.get(
        reverse("pelaporan:rekap_renstra_pdf", args=[rencana["renstra_a"].pk])
    )

    # Headers wrap inside their cells, so the text is read word by word.
    words = pdf_text(pdf.content, tmp_path, layout=False).split()
    for header in ("2025", "2026", "2027", "2028", "2029"):
        assert header in words
    for word in ("Target", "Akhir", "Periode", "Progres", "Keterangan"):
        assert word in words
    # The 2029 target, realisation and capaian, the final target and the
    # progress (90,25 − 30) / (91,50 − 30) × 100 in the last columns.
    assert words.count("91,50") == 2
    assert "90,25" in words
    assert "98,63" in words
    assert "97,97" in words
    assert "realisasi" in words
