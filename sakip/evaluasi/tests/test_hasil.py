"""The results of an evaluation: the score by komponen, the LKE as XLSX, the
LHE as DOCX and PDF, the ranking of a year, and who may read them."""

import io
import json
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.core.tests.pdf import pdf_text
from sakip.evaluasi.bukti_data import RekomendasiRingkas, register_rekomendasi_reader
from sakip.evaluasi.dokumen import (
    TEMPLAT_LHE_PATH,
    lke_xlsx,
    render_lhe_docx,
    render_lhe_pdf,
)
from sakip.evaluasi.hasil import hasil_evaluasi, peringkat
from sakip.evaluasi.models import Evaluasi, Jawaban, Kriteria, NilaiJawaban
from sakip.evaluasi.rekomendasi import rekomendasi_ringkas

NILAI = {"Y": Decimal(1), "T": Decimal(0), "A": Decimal(1), "B": Decimal("0.66")}


@pytest.fixture(autouse=True)
def no_rekomendasi_reader():
    # Each test starts without a reader, and the app's own reader comes back
    # after it for the tests of other files.
    register_rekomendasi_reader(None)
    yield
    register_rekomendasi_reader(rekomendasi_ringkas)


def _kriteria(template):
    return list(
        Kriteria.objects.filter(sub_komponen__komponen__template=template)
        .select_related("sub_komponen__komponen")
        .order_by("sub_komponen__komponen__urutan", "sub_komponen__urutan", "urutan")
    )


def _answer(evaluasi, tahap, kode_of):
    """Store an answer for every criterion directly, with the scale's value."""
    skala = {
        (item.jenis_jawaban, item.kode): item.nilai
        for item in NilaiJawaban.objects.filter(template=evaluasi.template)
    }
    rows = []
    for kriteria in _kriteria(evaluasi.template):
        kode = kode_of(kriteria)
        rows.append(
            Jawaban(
                evaluasi=evaluasi,
                kriteria=kriteria,
                tahap=tahap,
                kode=kode,
                nilai=skala[(kriteria.jenis_jawaban, kode)],
                catatan="IKU belum SMART" if kriteria.kode == "AREN002.5" else "",
                versi=1,
            )
        )
    Jawaban.objects.bulk_create(rows)


def _mixed(kriteria):
    """Y for Y/T; A in Perencanaan and B elsewhere for A/B/C/D."""
    if kriteria.jenis_jawaban == "Y/T":
        return "Y"
    return "A" if kriteria.kode.startswith("AREN") else "B"


def _expected(evaluasi, kode_of):
    """The nilai of each komponen, by hand: bobot × mean per sub komponen."""
    per_sub = {}
    for kriteria in _kriteria(evaluasi.template):
        sub = kriteria.sub_komponen
        per_sub.setdefault(sub, []).append(NILAI[kode_of(kriteria)])
    per_komponen = {}
    for sub, values in per_sub.items():
        nilai = sub.bobot * sum(values) / len(values)
        kode = sub.komponen.kode
        per_komponen[kode] = per_komponen.get(kode, Decimal(0)) + nilai
    return per_komponen


@pytest.fixture
def dijawab(evaluasi_a):
    _answer(evaluasi_a, "mandiri", _mixed)
    return evaluasi_a


def test_score_by_komponen(dijawab):
    hasil = hasil_evaluasi(dijawab)

    expected = _expected(dijawab, _mixed)
    assert {k.kode: k.nilai for k in hasil.komponen} == expected
    total = sum(expected.values())
    assert hasil.total == total.quantize(Decimal("0.01"))
    assert hasil.belum_dijawab == 0
    assert hasil.tersimpan is False
    assert hasil.tahap == "mandiri"


def test_final_reads_stored_total(dijawab):
    _answer(dijawab, "final", _mixed)
    Evaluasi.objects.filter(pk=dijawab.pk).update(
        status=Evaluasi.Status.FINAL, nilai=Decimal("77.77"), predikat="BB"
    )
    dijawab.refresh_from_db()

    hasil = hasil_evaluasi(dijawab)

    assert hasil.tersimpan is True
    assert hasil.total == Decimal("77.77")
    assert hasil.predikat == "BB"
    assert hasil.predikat_keterangan == "Sangat Baik"
    assert hasil.tahap == "final"


def _rows_by_code(sheet):
    return {
        row[0].value: row
        for row in sheet.iter_rows(min_row=7)
        if row[0].value not in (None, "")
    }


def test_lke_xlsx_scores(dijawab):
    hasil = hasil_evaluasi(dijawab)

    workbook = openpyxl.load_workbook(io.BytesIO(lke_xlsx(hasil)))

    sheet = workbook["LKE"]
    assert sheet["A2"].value == "Unit: Dinas A"
    rows = _rows_by_code(sheet)
    expected = _expected(dijawab, _mixed)
    for kode, nilai in expected.items():
        assert Decimal(str(rows[kode][4].value)) == pytest.approx(nilai), kode
    assert rows["AREN01"][2].value == 30
    assert rows["AREN001"][2].value == 6
    assert rows["AREN001.1"][3].value == "Y"
    assert rows["AREN001.1"][4].value == 1
    assert rows["BKUR002.1"][3].value == "B"
    assert rows["AREN002.5"][5].value == "IKU belum SMART"
    assert "Diminta: Pokin" in rows["AREN002.5"][6].value
    labels = {row[1].value: row for row in sheet.iter_rows(min_row=7)}
    total = labels["Nilai Akuntabilitas Kinerja"]
    assert total[2].value == 100
    assert Decimal(str(total[4].value)) == hasil.total
    assert labels["Predikat"][3].value == hasil.predikat


def test_lke_xlsx_final_total(dijawab):
    _answer(dijawab, "final", _mixed)
    Evaluasi.objects.filter(pk=dijawab.pk).update(
        status=Evaluasi.Status.FINAL, nilai=Decimal("77.77"), predikat="BB"
    )
    dijawab.refresh_from_db()

    workbook = openpyxl.load_workbook(io.BytesIO(lke_xlsx(hasil_evaluasi(dijawab))))

    labels = {row[1].value: row for row in workbook["LKE"].iter_rows(min_row=7)}
    assert Decimal(str(labels["Nilai Akuntabilitas Kinerja"][4].value)) == Decimal(
        "77.77"
    )
    assert labels["Predikat"][3].value == "BB"


def _docx_text(content):
    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _angka(nilai):
    return f"{nilai.quantize(Decimal('0.01'))}".replace(".", ",")


def test_lhe_docx_numbers(dijawab):
    register_rekomendasi_reader(
        lambda unit, tahun: [RekomendasiRingkas("Perbaiki manual IKU", False)]
    )
    hasil = hasil_evaluasi(dijawab)

    text = _docx_text(render_lhe_docx(hasil))

    assert "DINAS A" in text
    assert "TAHUN 2025" in text
    for komponen in hasil.komponen:
        assert (
            f"{komponen.nama} | {_angka(komponen.bobot)} | {_angka(komponen.nilai)}"
            in text
        )
    assert f"nilai {_angka(hasil.total)} dengan predikat {hasil.predikat}" in text
    assert "IKU belum SMART" in text
    assert "Perbaiki manual IKU | belum ditindaklanjuti" in text
    assert "SEMENTARA" in text


def test_lhe_docx_without_recommendations(dijawab):
    text = _docx_text(render_lhe_docx(hasil_evaluasi(dijawab)))

    assert "Belum ada rekomendasi yang tercatat." in text


def test_lhe_docx_pemda_template(dijawab):
    template = docx.Document()
    template.add_paragraph("KOP PEMDA {{ unit }} nilai {{ total }} {{ predikat }}")
    buffer = io.BytesIO()
    template.save(buffer)
    default_storage.save(TEMPLAT_LHE_PATH, ContentFile(buffer.getvalue()))
    hasil = hasil_evaluasi(dijawab)

    text = _docx_text(render_lhe_docx(hasil))

    assert (
        text.strip()
        == f"KOP PEMDA Dinas A nilai {_angka(hasil.total)} {hasil.predikat}"
    )


def test_lhe_pdf_numbers(dijawab, tmp_path):
    hasil = hasil_evaluasi(dijawab)

    text = pdf_text(render_lhe_pdf(hasil), tmp_path)

    assert "DINAS A" in text
    for komponen in hasil.komponen:
        assert _angka(komponen.nilai) in text
    assert _angka(hasil.total) in text
    assert f"predikat {hasil.predikat}" in " ".join(text.split())
    plain = " ".join(pdf_text(render_lhe_pdf(hasil), tmp_path, layout=False).split())
    assert "IKU belum SMART" in plain


def _final(evaluasi, nilai, predikat):
    Evaluasi.objects.filter(pk=evaluasi.pk).update(
        status=Evaluasi.Status.FINAL, nilai=Decimal(nilai), predikat=predikat
    )
    evaluasi.refresh_from_db()
    return evaluasi


@pytest.fixture
def tiga_evaluasi(lke, opd_a, opd_b, pemda):
    from sakip.organisasi.tests.factories import UnitFactory

    opd_c = UnitFactory(kode="OPD-C", nama="Dinas C", induk=pemda)
    a = _final(
        Evaluasi.objects.create(unit=opd_a, tahun=2025, template=lke), "71.5", "BB"
    )
    b = _final(Evaluasi.objects.create(unit=opd_b, tahun=2025, template=lke), "82", "A")
    lalu = _final(
        Evaluasi.objects.create(unit=opd_a, tahun=2024, template=lke), "65.25", "B"
    )
    c = Evaluasi.objects.create(unit=opd_c, tahun=2025, template=lke)
    for evaluasi in (a, b, lalu):
        _answer(evaluasi, "final", _mixed)
    return {"a": a, "b": b, "lalu": lalu, "c": c}


def test_ranking_order_and_change(tiga_evaluasi, evi):
    data = peringkat(tahun=2025, user=evi)

    assert [row.hasil.evaluasi.unit.kode for row in data.baris] == ["OPD-B", "OPD-A"]
    assert [row.nomor for row in data.baris] == [1, 2]
    assert data.baris[0].perubahan is None
    assert data.baris[1].perubahan == Decimal("6.25")
    assert data.baris[1].predikat_lalu == "B"
    assert [item.unit.kode for item in data.belum_final] == ["OPD-C"]
    names = [nama for nama, _ini, _lalu in data.rata_komponen]
    assert names[0] == "Perencanaan Kinerja"


def test_ranking_opd_sees_own_row(tiga_evaluasi, ani):
    data = peringkat(tahun=2025, user=ani)

    assert [(row.nomor, row.hasil.evaluasi.unit.kode) for row in data.baris] == [
        (2, "OPD-A")
    ]
    assert data.belum_final == ()


def test_ranking_queries_do_not_grow(tiga_evaluasi, evi, lke, pemda):
    from sakip.organisasi.tests.factories import UnitFactory

    with CaptureQueriesContext(connection) as small:
        peringkat(tahun=2025, user=evi)
    for nomor in range(3):
        unit = UnitFactory(kode=f"OPD-X{nomor}", induk=pemda)
        evaluasi = _final(
            Evaluasi.objects.create(unit=unit, tahun=2025, template=lke), "60.5", "B"
        )
        _answer(evaluasi, "final", _mixed)
    with CaptureQueriesContext(connection) as large:
        data = peringkat(tahun=2025, user=evi)

    assert len(data.baris) == 5
    assert len(small.captured_queries) == len(large.captured_queries)


def test_ranking_page_with_chart(client, tiga_evaluasi, bupati):
    client.force_login(bupati)

    response = client.get(reverse("evaluasi:hasil_peringkat") + "?tahun=2025")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-opd="OPD-B"' in html
    assert "+6,25" in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    spec = json.loads(
        response.context["grafik"] and json.dumps(response.context["grafik"])
    )
    assert spec["labels"][0] == "Perencanaan Kinerja"
    assert [dataset["label"] for dataset in spec["datasets"]] == ["2024", "2025"]
    assert 'id="grafik-komponen-data"' in html


def test_detail_page(client, dijawab, kadis):
    client.force_login(kadis)

    response = client.get(reverse("evaluasi:hasil_detail", args=[dijawab.pk]))

    assert response.status_code == 200
    assert response.context["hasil"].total == hasil_evaluasi(dijawab).total
    assert "IKU belum SMART" in response.content.decode()


@pytest.mark.parametrize(
    "name", ["hasil_lke_xlsx", "hasil_lhe_docx", "hasil_lhe_pdf", "hasil_detail"]
)
def test_downloads_scoped(client, dijawab, ani, citra, evi, name):
    url = reverse(f"evaluasi:{name}", args=[dijawab.pk])

    client.force_login(citra)
    other = client.get(url)
    client.force_login(ani)
    own = client.get(url)
    client.force_login(evi)
    inspektorat = client.get(url)

    assert other.status_code == 404
    assert own.status_code == 200
    assert inspektorat.status_code == 200


def test_xlsx_download_opens(client, dijawab, admin):
    client.force_login(admin)

    response = client.get(reverse("evaluasi:hasil_lke_xlsx", args=[dijawab.pk]))

    assert (
        response["Content-Disposition"] == 'attachment; filename="lke-2025-OPD-A.xlsx"'
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook["LKE"]["A1"].value.startswith("LEMBAR KERJA EVALUASI")


def test_pemda_evaluation_hidden_from_opd(lke, pemda, admin, ani):
    evaluasi = Evaluasi.objects.create(unit=pemda, tahun=2025, template=lke)
    from django.test import Client

    client = Client()
    client.force_login(ani)

    response = client.get(reverse("evaluasi:hasil_detail", args=[evaluasi.pk]))

    assert response.status_code == 404
