"""The LKjIP as PDF and DOCX: opened again and their numbers checked."""

import io
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import docx
from PIL import Image

from sakip.core.angka import format_angka
from sakip.core.tests.pdf import pdf_text
from sakip.pelaporan.dokumen import render_lkjip_docx, render_lkjip_pdf
from sakip.pelaporan.grafik import Batang, grafik_png, grafik_svg
from sakip.pelaporan.lkjip import lkjip_data
from sakip.pengukuran.selectors import capaian_indikator_list
from sakip.perencanaan.models import Indikator

from .lkjip_fixtures import *  # noqa: F403

NARASI = {
    "ikhtisar": "Kinerja Dinas A membaik.\n\nAnggaran terserap 73 %.",
    "pendahuluan": "Dinas A & mitra.",
    "analisis": {"RJ2025-SAS-A": {"penyebab": "Pelatihan operator berjalan."}},
}


def _data(unit):
    """The data as an adopted LKjIP stores it: through JSON and back."""
    return json.loads(json.dumps(lkjip_data(unit=unit, tahun=2025)))


def _persen(capaian_2dp: Decimal) -> str:
    return f"{format_angka(capaian_2dp)} %"


def _engine_capaian(kode: str) -> Decimal:
    [item] = capaian_indikator_list(
        indikator=Indikator.objects.filter(kode=kode),
        tahun=2025,
        hanya_terverifikasi=True,
    )
    return item.capaian_2dp


def _docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def _table_rows(document) -> list[list[str]]:
    return [
        [cell.text for cell in row.cells] for t in document.tables for row in t.rows
    ]


def _paragraphs(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _names(data) -> tuple[str, str]:
    """The uraian of the only sasaran and its only indikator."""
    [sasaran] = data["sasaran"]
    [indikator] = sasaran["indikator"]
    return sasaran["uraian"], indikator["uraian"]


def test_pdf_outline(siklus, opd_a, tmp_path):
    text = pdf_text(render_lkjip_pdf(_data(opd_a), NARASI), tmp_path)
    text = " ".join(text.split())

    for heading in (
        "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)",
        "DINAS A",
        "TAHUN 2025",
        "IKHTISAR EKSEKUTIF",
        "BAB I PENDAHULUAN",
        "BAB II PERENCANAAN KINERJA",
        "BAB III AKUNTABILITAS KINERJA",
        "A. Capaian Kinerja Organisasi",
        "B. Realisasi Anggaran",
        "BAB IV PENUTUP",
        "Lampiran 1. Perjanjian Kinerja",
        "Lampiran 2. Indikator Kinerja Utama",
    ):
        assert heading in text, heading
    positions = [text.index(h) for h in ("BAB I ", "BAB II ", "BAB III ", "BAB IV ")]
    assert positions == sorted(positions)


def test_pdf_capaian_agrees_with_engine(siklus, opd_a, tmp_path):
    data = _data(opd_a)
    _sasaran, indikator = _names(data)

    text = pdf_text(render_lkjip_pdf(data, {}), tmp_path)

    capaian = _persen(_engine_capaian("RJ2025-IND-A"))
    pattern = rf"1\.1\s+{indikator}\s+%\s+(\S+)\s+(\S+)\s+(\S+ %)"
    row = re.search(pattern, text)
    assert row is not None, text
    assert row.groups() == ("50,00", "40,00", capaian)
    assert "R / T × 100" in text


def test_pdf_history_progres_budget(siklus, opd_a, tmp_path):
    text = pdf_text(render_lkjip_pdf(_data(opd_a), {}), tmp_path)

    assert re.search(r"2024\s+45,00\s+36,00\s+80,00 %", text)
    assert re.search(r"2023\s+40,00\s+belum diisi\s+— \(belum diisi\)", text)
    assert re.search(r"30,00\s+40,00\s+70,00 \(2029\)\s+25,00 %", text)
    assert re.search(r"4\.800\.000\s+3\.520\.000\s+73,33 %", text)
    assert re.search(r"80,00 %\s+73,33 %\s+6,67 poin\s+efisien", text)


def test_pdf_narasi_and_placeholders(siklus, opd_a, tmp_path):
    text = pdf_text(render_lkjip_pdf(_data(opd_a), NARASI), tmp_path)

    assert "Kinerja Dinas A membaik." in text
    assert "Dinas A & mitra." in text
    assert "Pelatihan operator berjalan." in text
    # Penutup and four of the five analysis fields are empty.
    lines = [line.strip() for line in text.splitlines()]
    assert lines.count("(belum diisi)") == 5


def test_pdf_chart_drawn(siklus, opd_a, tmp_path):
    text = pdf_text(render_lkjip_pdf(_data(opd_a), {}), tmp_path)

    assert "Sasaran 1" in text
    assert "Garis putus-putus: capaian 100 %." in text


def test_docx_capaian_agrees_with_engine(siklus, opd_a):
    data = _data(opd_a)
    sasaran, indikator = _names(data)

    rows = _table_rows(_docx(render_lkjip_docx(data, {})))

    [row] = [r for r in rows if r[:2] == ["1.1", indikator] and len(r) == 7]
    assert row[3:6] == ["50,00", "40,00", _persen(_engine_capaian("RJ2025-IND-A"))]
    assert row[6] == "Tinggi"
    assert ["1", sasaran, "80,00 %", "Tinggi"] in rows


def test_docx_budget_and_efisiensi(siklus, opd_a):
    data = _data(opd_a)
    sasaran, indikator = _names(data)

    rows = _table_rows(_docx(render_lkjip_docx(data, {})))

    budget = ["4.800.000", "3.520.000", "73,33 %", "80,00 %"]
    assert ["1", sasaran, "", *budget] in rows
    assert ["1", sasaran, "80,00 %", "73,33 %", "6,67 poin", "efisien"] in rows
    assert [indikator, "30,00", "40,00", "70,00 (2029)", "25,00 %"] in rows


def test_docx_narasi_chart_and_headers(siklus, opd_a):
    document = _docx(render_lkjip_docx(_data(opd_a), NARASI))

    paragraphs = _paragraphs(document)
    assert "Kinerja Dinas A membaik." in paragraphs
    assert "Anggaran terserap 73 %." in paragraphs
    assert "Dinas A & mitra." in paragraphs
    assert paragraphs.count("(belum diisi)") == 5
    # Live data is a draft, and the cover says its numbers may still change.
    assert (
        "DRAF: belum ditetapkan; angka dapat berubah sampai ditetapkan." in paragraphs
    )
    assert "BAB III AKUNTABILITAS KINERJA" in paragraphs
    assert len(document.inline_shapes) == 1
    # The sequence column is "No", not its translation "Tidak".
    assert all(row[0] != "Tidak" for row in _table_rows(document))


def test_pemda_documents(siklus, pemda, tmp_path):
    data = _data(pemda)

    text = pdf_text(render_lkjip_pdf(data, {}), tmp_path)
    rows = _table_rows(_docx(render_lkjip_docx(data, {})))

    capaian = _persen(_engine_capaian("RKPD2025-IKU-1"))
    assert "KABUPATEN CONTOH" in text
    assert re.search(rf"Indeks A\s+%\s+80,00\s+72,00\s+{capaian}", text)
    assert ["1.1", "Indeks A", "%", "80,00", "72,00", capaian, "Tinggi"] in rows
    assert "Dinas A" in [row[2] for row in rows if len(row) == 7]


def test_documents_without_sasaran(rencana, opd_a, tmp_path):
    data = _data(opd_a)

    text = pdf_text(render_lkjip_pdf(data, {}), tmp_path)
    paragraphs = _paragraphs(_docx(render_lkjip_docx(data, {})))

    assert "Belum ada sasaran yang dilaporkan." in text
    assert "Belum ada Perjanjian Kinerja tahun ini yang ditandatangani." in text
    assert any("Belum ada pagu DPA" in p for p in paragraphs)


def test_docx_escapes_markup(siklus, opd_a):
    data = _data(opd_a)
    data["unit"]["nama"] = "Dinas PU & PR <Kota>"

    document = _docx(render_lkjip_docx(data, {}))

    assert "DINAS PU & PR <KOTA>" in _paragraphs(document)


def test_chart_svg_and_png():
    batang = [
        Batang(label="Sasaran 1", nilai=Decimal("80"), warna="#479f76"),
        Batang(label="Sasaran 2", nilai=None, warna=None),
        Batang(label="Sasaran 3", nilai=Decimal("250"), warna="#146c43"),
    ]

    # The SVG is our own output, not untrusted input.
    svg = ET.fromstring(grafik_svg(batang, judul="Capaian"))  # noqa: S314
    image = Image.open(io.BytesIO(grafik_png(batang)))

    texts = [element.text for element in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "80,00 %" in texts
    assert "—" in texts
    assert "250,00 %" in texts
    # The scale stops at 200 %, so the longest bar is cut at the edge.
    assert "200" in texts
    assert "220" not in texts
    assert image.format == "PNG"
    assert image.width == 1280
