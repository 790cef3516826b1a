from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Target
from sakip.referensi.models import Nomenklatur, NomenklaturVersi
from sakip.tahunan import matriks, services

from .conftest import add_programs

DEMO = "sakip/bukukerja/data/demo-pringsewu.xlsx"
HEADER = matriks.HEADER_MULAI


def open_sheet(workbook):
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return load_workbook(buffer).active


def header_columns(sheet):
    """Map each header text (all header rows) to its column numbers."""
    found = {}
    for row in sheet.iter_rows(min_row=HEADER, max_row=HEADER + 2):
        for cell in row:
            if isinstance(cell.value, str):
                found.setdefault(cell.value, []).append(cell.column)
    return found


def row_of(sheet, column, text):
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row=row, column=column).value == text:
            return row
    raise AssertionError(f"{text!r} not found in column {column}")


def merged(sheet):
    return {str(cell_range) for cell_range in sheet.merged_cells.ranges}


@pytest.fixture
def nomenklatur(db):
    versi = NomenklaturVersi.objects.create(nama="Kepmendagri uji", berlaku_mulai=2020)
    Nomenklatur.objects.create(
        versi=versi, kode="1", tingkat="urusan", nama="Urusan Wajib Pelayanan Dasar"
    )
    Nomenklatur.objects.create(
        versi=versi, kode="1.02", tingkat="bidang_urusan", nama="Kesehatan"
    )


@pytest.fixture
def renja_a(renstra_a, admin):
    """Dinas A's Renja of 2025 with pagu on each sub kegiatan: 1,000,000 × its
    position, prakiraan maju 10 % more."""
    renja = services.renja_buat_dari_renstra(renstra=renstra_a, tahun=2025, user=admin)
    sub_kegiatan = Elemen.objects.filter(
        dokumen=renja, jenis=Elemen.Jenis.SUB_KEGIATAN
    ).order_by("induk__induk__urutan", "urutan")
    nilai = {
        elemen.pk: (1_000_000 * number, 1_100_000 * number)
        for number, elemen in enumerate(sub_kegiatan, start=1)
    }
    services.pagu_indikatif_simpan(renja=renja, nilai=nilai, user=admin)
    return renja


def test_renstra_header(renstra_a, admin):
    sheet = open_sheet(matriks.matriks_renstra(dokumen=renstra_a, user=admin))

    columns = header_columns(sheet)
    ranges = merged(sheet)

    assert sheet["A1"].value.startswith("Rencana Program, Kegiatan")
    assert sheet["A2"].value == "DINAS A"
    assert sheet["A3"].value == "PERIODE 2025–2029"
    assert columns["Tujuan"] == [1]
    assert columns["Kode"] == [4]
    assert columns["Urusan"] == [4]
    assert columns["Sub Kegiatan"] == [8]
    # Tujuan spans the three header rows; Kode its five sub columns, whose
    # labels sit on the last header row.
    assert "A5:A7" in ranges
    assert "D5:H6" in ranges
    assert sheet["D7"].value == "Urusan"
    # The target group spans 5 years of K and Rp (columns L to U).
    assert columns["Target Kinerja dan Kerangka Pendanaan"] == [12]
    assert "L5:U5" in ranges
    assert columns["Tahun 2025"] == [12]
    assert "L6:M6" in ranges
    assert sheet.cell(row=7, column=12).value == "K"
    assert sheet.cell(row=7, column=13).value == "Rp"
    assert columns["Kondisi Kinerja pada Akhir Periode Renstra PD"] == [22]
    assert "V5:W6" in ranges
    assert columns["Unit Kerja PD Penanggung Jawab"] == [24]
    assert columns["Lokasi"] == [25]


def test_renstra_numbering_row(renstra_a, admin):
    sheet = open_sheet(matriks.matriks_renstra(dokumen=renstra_a, user=admin))

    numbers = [sheet.cell(row=8, column=c).value for c in range(1, 26)]
    ranges = merged(sheet)

    # Kode (5 columns) is number 4; each year's K and Rp share one number.
    assert numbers[:4] == [1, 2, 3, 4]
    assert numbers[8:12] == [5, 6, 7, 8]
    assert numbers[11] == 8
    assert numbers[13] == 9
    assert numbers[21] == 13
    assert numbers[23:] == [14, 15]
    assert "D8:H8" in ranges
    assert "L8:M8" in ranges


def test_renstra_values_and_formats(renstra_a, renja_a, admin, nomenklatur):
    indikator = Indikator.objects.get(
        elemen__dokumen=renstra_a, elemen__nomenklatur="1.02.01.2.01.0001"
    )
    indikator.kondisi_awal = Decimal("7.5")
    indikator.save()

    sheet = open_sheet(matriks.matriks_renstra(dokumen=renstra_a, user=admin))

    program = Elemen.objects.get(dokumen=renstra_a, nomenklatur="1.02.01")
    sub = indikator.elemen
    row = row_of(sheet, 9, program.uraian)
    sub_row = row_of(sheet, 9, sub.uraian)
    # Program 1 funds its two sub kegiatan: 1,000,000 + 2,000,000 in 2025.
    assert sheet.cell(row=row, column=13).value == 3_000_000
    assert sheet.cell(row=row, column=13).number_format == "#,##0"
    assert sheet.cell(row=row, column=13).data_type == "n"
    assert sheet.cell(row=sub_row, column=13).value == 1_000_000
    # No Renja of 2026: its Rp is empty. The targets are numbers.
    assert sheet.cell(row=row, column=15).value is None
    assert sheet.cell(row=row, column=12).value == 10
    assert sheet.cell(row=row, column=14).value == 20
    assert sheet.cell(row=row, column=12).number_format == "#,##0.00"
    assert sheet.cell(row=row, column=12).data_type == "n"
    # Only 2025 and 2026 have targets: the end-of-period K is 2026's.
    assert sheet.cell(row=row, column=22).value == 20
    assert sheet.cell(row=row, column=23).value == 3_000_000
    assert sheet.cell(row=sub_row, column=11).value == 7.5
    # Kode split over five columns, program in bold.
    assert [sheet.cell(row=sub_row, column=c).value for c in range(4, 9)] == [
        "1",
        "02",
        "01",
        "2.01",
        "0001",
    ]
    assert sheet.cell(row=row, column=9).font.b
    assert sheet.cell(row=sub_row, column=9).alignment.indent == 3
    assert sheet.cell(row=row, column=24).value == "Dinas A"
    # The total of 2025: both programs, 1+2+3+4 million.
    total_row = row_of(sheet, 9, "Jumlah")
    assert sheet.cell(row=total_row, column=13).value == 10_000_000


def test_renstra_tree_order(renstra_a, admin, nomenklatur):
    sheet = open_sheet(matriks.matriks_renstra(dokumen=renstra_a, user=admin))

    uraian = [
        sheet.cell(row=r, column=9).value
        for r in range(9, sheet.max_row + 1)
        if sheet.cell(row=r, column=9).value
    ]
    expected = ["URUSAN WAJIB PELAYANAN DASAR", "Kesehatan"]
    for program in Elemen.objects.filter(
        dokumen=renstra_a, jenis=Elemen.Jenis.PROGRAM
    ).order_by("urutan"):
        expected.append(program.uraian)
        for kegiatan in program.anak.all():
            expected.append(kegiatan.uraian)
            expected.extend(
                kegiatan.anak.order_by("urutan").values_list("uraian", flat=True)
            )
    expected.append("Jumlah")

    assert uraian == expected


def test_renstra_merges_elemen_over_indikator(renstra_a, admin):
    program = Elemen.objects.get(dokumen=renstra_a, nomenklatur="1.02.01")
    Indikator.objects.create(
        kode="IND-PROG-2",
        elemen=program,
        uraian="Indikator kedua",
        satuan="%",
        polaritas="positif",
        urutan=5,
    )

    sheet = open_sheet(matriks.matriks_renstra(dokumen=renstra_a, user=admin))

    row = row_of(sheet, 9, program.uraian)
    ranges = merged(sheet)
    assert sheet.cell(row=row + 1, column=10).value == "Indikator kedua (%)"
    assert f"I{row}:I{row + 1}" in ranges
    assert f"M{row}:M{row + 1}" in ranges
    # The sasaran's cell spans its own indicator row and every program row.
    sasaran_row = row_of(sheet, 2, renstra_a.elemen.get(jenis="sasaran").uraian)
    assert any(r.startswith(f"B{sasaran_row}:") for r in ranges)


def test_renstra_print_setup(renstra_a, admin):
    sheet = open_sheet(matriks.matriks_renstra(dokumen=renstra_a, user=admin))

    assert sheet.freeze_panes == "A9"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == int(sheet.PAPERSIZE_A3)
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$5:$8"
    assert sheet.page_margins.left == 0.4
    assert sheet.cell(row=9, column=9).alignment.wrap_text
    assert sheet.cell(row=9, column=9).border.left.style == "thin"
    assert sheet.column_dimensions["I"].width == 40


def test_renja_values(renja_a, admin, nomenklatur):
    sheet = open_sheet(matriks.matriks_renja(dokumen=renja_a, user=admin))

    columns = header_columns(sheet)
    program = Elemen.objects.get(dokumen=renja_a, nomenklatur="1.02.02")
    row = row_of(sheet, 7, program.uraian)
    sub = program.anak.get().anak.order_by("urutan").first()
    sub_row = row_of(sheet, 7, sub.uraian)
    assert columns["Rencana Tahun 2025"] == [9]
    assert columns["Prakiraan Maju Rencana Tahun 2026"] == [14]
    assert "I4:L4" not in merged(sheet)
    assert "I5:L5" in merged(sheet)
    assert sheet.freeze_panes == "A8"
    assert sheet.print_title_rows == "$5:$7"
    # Program 2 has sub kegiatan 3 and 4 (3 + 4 million, maju 3.3 + 4.4 million).
    assert sheet.cell(row=row, column=11).value == 7_000_000
    assert sheet.cell(row=row, column=15).value == 7_700_000
    assert sheet.cell(row=sub_row, column=11).value == 3_000_000
    assert sheet.cell(row=sub_row, column=11).number_format == "#,##0"
    # Target N from the Renja, target N+1 from the Renstra (20 + 1 for program 2).
    assert sheet.cell(row=row, column=10).value == 10
    assert sheet.cell(row=row, column=14).value == 21
    assert sheet.cell(row=row, column=14).data_type == "n"
    total_row = row_of(sheet, 7, "Jumlah")
    assert sheet.cell(row=total_row, column=11).value == 10_000_000


def test_renja_target_follows_edit(renja_a, admin):
    target = Target.objects.get(
        dokumen=renja_a,
        indikator__elemen__dokumen=renja_a,
        indikator__elemen__nomenklatur="1.02.01",
    )
    target.nilai = Decimal("12.25")
    target.save()

    sheet = open_sheet(matriks.matriks_renja(dokumen=renja_a, user=admin))

    row = row_of(sheet, 7, target.indikator.elemen.uraian)
    assert sheet.cell(row=row, column=10).value == 12.25


def test_rentang_target_is_text(db):
    target = Target(batas_bawah=Decimal("2"), batas_atas=Decimal("4.5"))

    assert matriks.target_value(target) == "2,00–4,50"


def test_split_kode_shapes():
    assert matriks.split_kode("1.02.02") == {
        "kode_urusan": "1",
        "kode_bidang": "02",
        "kode_program": "02",
    }
    assert matriks.split_kode("1.02.02.2.01")["kode_kegiatan"] == "2.01"
    assert matriks.split_kode("X.XX.01") == {"kode_urusan": "X.XX.01"}
    assert matriks.split_kode("") == {}


def _count_queries(build, dokumen, user):
    with CaptureQueriesContext(connection) as queries:
        build(dokumen=dokumen, user=user)
    return len(queries)


def test_renstra_queries_fixed(rencana, admin, nomenklatur):
    renstra = rencana["renstra_a"]
    add_programs(renstra, rencana["sasaran_a"], count=1)
    services.renja_buat_dari_renstra(renstra=renstra, tahun=2025, user=admin)
    small = _count_queries(matriks.tabel_renstra, renstra, admin)

    add_programs(renstra, rencana["sasaran_a"], count=6)
    services.renja_buat_dari_renstra(renstra=renstra, tahun=2026, user=admin)
    large = _count_queries(matriks.tabel_renstra, renstra, admin)

    assert small == large
    assert small == 10


def test_renja_queries_fixed(rencana, admin, nomenklatur):
    renstra = rencana["renstra_a"]
    add_programs(renstra, rencana["sasaran_a"], count=1)
    small_renja = services.renja_buat_dari_renstra(
        renstra=renstra, tahun=2025, user=admin
    )
    small = _count_queries(matriks.tabel_renja, small_renja, admin)

    add_programs(renstra, rencana["sasaran_a"], count=6)
    large_renja = services.renja_buat_dari_renstra(
        renstra=renstra, tahun=2026, user=admin
    )
    large = _count_queries(matriks.tabel_renja, large_renja, admin)

    assert small == large


def test_view_downloads_xlsx(client, ani, renja_a):
    client.force_login(ani)

    response = client.get(reverse("tahunan:matriks_renja", args=[renja_a.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A2"].value == "DINAS A"


def test_view_rejects_wrong_jenis(client, ani, renja_a):
    client.force_login(ani)

    response = client.get(reverse("tahunan:matriks_renstra", args=[renja_a.pk]))

    assert response.status_code == 404


def test_dokumen_page_links_matriks(client, ani, renstra_a):
    client.force_login(ani)

    response = client.get(reverse("perencanaan:dokumen_detail", args=[renstra_a.pk]))

    url = reverse("tahunan:matriks_renstra", args=[renstra_a.pk])
    assert url in response.content.decode()


def test_rpjmd_page_has_no_matriks(client, admin, rencana):
    client.force_login(admin)

    response = client.get(
        reverse("perencanaan:dokumen_detail", args=[rencana["rpjmd"].pk])
    )

    assert "matriks" not in response.content.decode()


def test_command_writes_file(renstra_a, tmp_path):
    path = tmp_path / "matriks.xlsx"

    call_command("export_matriks", "--dokumen", renstra_a.kode, str(path))

    sheet = load_workbook(path).active
    assert sheet["A2"].value == "DINAS A"
    assert sheet.cell(row=8, column=1).value == 1


def test_demo_renstra(db, tmp_path):
    call_command("import_workbook", DEMO)
    dokumen = Dokumen.objects.get(kode="RENSTRA-OPD-5-2025-2029")

    sheet = open_sheet(matriks.matriks_renstra(dokumen=dokumen, user=AnonymousUser()))

    assert sheet["A2"].value == dokumen.unit.nama.upper()
    indikator = Indikator.objects.filter(elemen__dokumen=dokumen).first()
    row = row_of(sheet, 3, f"{indikator.uraian} ({indikator.satuan})")
    targets = {
        t.tahun: matriks.target_value(t)
        for t in Target.objects.filter(indikator=indikator, dokumen=dokumen)
    }
    assert targets
    for offset, tahun in enumerate(range(2025, 2030)):
        expected = targets.get(tahun)
        if isinstance(expected, Decimal):
            expected = float(expected)
        assert sheet.cell(row=row, column=12 + 2 * offset).value == expected
