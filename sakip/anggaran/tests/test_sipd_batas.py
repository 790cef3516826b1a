"""The SIPD reader's work is bounded whatever a file declares: only the
header's columns are read, a file with too many data rows is rejected where
the limit is passed, and the check stops after MAX_KESALAHAN errors."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from sakip.anggaran.sipd import (
    MAX_KESALAHAN,
    SIPD_MAX_ROWS,
    BerkasSipdError,
    check_file,
    max_rows,
    read_table,
)

from .factories import renja_anggaran

HEADER = ["kode_sub_giat", "nama_sub_giat", "pagu"]


def _xlsx(path, rows, *, dimension: str | None = None, extra_xml: bytes = b""):
    """Save ``rows`` as the first sheet of an XLSX at ``path``. ``dimension``
    replaces the range the sheet declares, and ``extra_xml`` is added at the
    end of its sheetData, as a hand-edited or broken export might have."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                if dimension:
                    data = re.sub(
                        rb'<dimension ref="[^"]*"/>',
                        b'<dimension ref="' + dimension.encode() + b'"/>',
                        data,
                    )
                data = data.replace(b"</sheetData>", extra_xml + b"</sheetData>")
            target.writestr(info, data)
    return path


def test_declared_dimension_ignored(tmp_path):
    # The shape of a 5 KB file that declares every cell of the sheet.
    path = _xlsx(
        tmp_path / "dpa.xlsx",
        [HEADER, ["OPD-A.1.1", "Satu", 100]],
        dimension="A1:XFD1048576",
    )

    header, rows = read_table(path)

    assert header == HEADER
    assert rows == [
        (2, {"kode_sub_giat": "OPD-A.1.1", "nama_sub_giat": "Satu", "pagu": 100})
    ]
    assert path.stat().st_size < 10_000


def test_cells_right_of_header_not_read(tmp_path):
    far_cell = b'<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>'
    path = _xlsx(
        tmp_path / "dpa.xlsx",
        [HEADER, ["OPD-A.1.1", "Satu", 100]],
        extra_xml=far_cell,
    )

    header, rows = read_table(path)

    assert len(header) == 3
    assert [number for number, _row in rows] == [2]


def test_row_beyond_excel_not_read(tmp_path):
    far_row = (
        b'<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    path = _xlsx(
        tmp_path / "dpa.xlsx", [HEADER, ["OPD-A.1.1", "Satu", 100]], extra_xml=far_row
    )

    _header, rows = read_table(path)

    assert [number for number, _row in rows] == [2]


def test_row_limit_default():
    assert max_rows() == SIPD_MAX_ROWS == 50_000


def test_xlsx_row_limit(tmp_path, settings):
    settings.SAKIP_SIPD_MAX_ROWS = 5
    rows = [HEADER, *([f"X.{number}", "Satu", 100] for number in range(10))]
    path = _xlsx(tmp_path / "dpa.xlsx", rows)

    with pytest.raises(BerkasSipdError) as error:
        read_table(path)

    assert error.value.errors == [
        "Berkas berisi lebih dari 5 baris data; pembacaan berhenti di baris 7. Bagi "
        "berkas per OPD, atau hapus baris yang bukan sub kegiatan."
    ]


def test_csv_stops_at_row_limit(tmp_path, settings):
    # Row 8 would be a CSV error if it were read: an unterminated quote that
    # runs to the end of the file.
    settings.SAKIP_SIPD_MAX_ROWS = 5
    lines = [",".join(HEADER), *(f"X.{n},Satu,100" for n in range(6)), 'X.9,"Satu,100']
    path = tmp_path / "dpa.csv"
    path.write_text("\n".join(lines) + "\n" + "x" * 200_000)

    with pytest.raises(BerkasSipdError) as error:
        read_table(path)

    assert (
        "lebih dari 5 baris data; pembacaan berhenti di baris 7"
        in (error.value.errors[0])
    )


def test_empty_rows_not_counted(tmp_path, settings):
    settings.SAKIP_SIPD_MAX_ROWS = 2
    path = tmp_path / "dpa.csv"
    path.write_text(",".join(HEADER) + "\nX.1,Satu,1\n,,\n\n , , \nX.2,Dua,2\n")

    _header, rows = read_table(path)

    assert [number for number, _row in rows] == [2, 6]


def test_wide_header_rejected(tmp_path):
    path = tmp_path / "dpa.csv"
    path.write_text(",".join([*HEADER, *(f"kolom_{n}" for n in range(300))]) + "\n")

    with pytest.raises(BerkasSipdError) as error:
        read_table(path)

    assert (
        "Baris 1 berisi 303 kolom; paling banyak 256 kolom dibaca."
        in (error.value.errors[0])
    )


def test_empty_header_cells_at_end_dropped(tmp_path):
    path = tmp_path / "dpa.csv"
    path.write_text(",".join(HEADER) + "," * 1000 + "\nX.1,Satu,1" + "," * 1000 + "\n")

    header, rows = read_table(path)

    assert header == HEADER
    assert rows == [(2, {"kode_sub_giat": "X.1", "nama_sub_giat": "Satu", "pagu": "1"})]


@pytest.mark.django_db
def test_check_stops_after_max_errors(tmp_path, opd_a):
    renja_anggaran(opd_a, sub=1)
    # Each row has two errors: an unknown code and a pagu that is no number.
    lines = [",".join(HEADER), *(f"9.9.{n},Salah,banyak" for n in range(1000))]
    path = tmp_path / "dpa.csv"
    path.write_text("\n".join(lines))

    with pytest.raises(BerkasSipdError) as error:
        check_file(path, tahun=2025)

    assert len(error.value.errors) == MAX_KESALAHAN == 200
    assert error.value.baris_terakhir == 101
    assert error.value.sisa_baris == 900
    assert error.value.stop_message() == (
        "Pemeriksaan berhenti setelah 200 kesalahan, di baris 101; 900 baris "
        "sesudahnya belum diperiksa."
    )
