"""The ``sakip lkjip`` command, and the demo's LKjIP against ``sakip capaian``."""

import io
import json
from decimal import Decimal
from io import StringIO

import docx
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from sakip.bukukerja.demo import demo_load
from sakip.core.angka import format_angka
from sakip.core.tests.pdf import pdf_text
from sakip.organisasi.models import Unit
from sakip.pelaporan.lkjip import lkjip_data

from .lkjip_fixtures import *  # noqa: F403


def _lkjip(**options) -> str:
    out = StringIO()
    call_command("lkjip", stdout=out, **options)
    return out.getvalue()


def test_command_writes_docx(siklus, opd_a, tmp_path):
    output = tmp_path / "lkjip.docx"

    message = _lkjip(tahun=2025, unit="OPD-A", output=str(output))

    document = docx.Document(io.BytesIO(output.read_bytes()))
    assert "DINAS A" in [p.text for p in document.paragraphs]
    assert "1 sasaran, 1 indikator" in message


def test_command_pemda_by_default(siklus, pemda, tmp_path):
    output = tmp_path / "lkjip.pdf"

    _lkjip(tahun=2025, output=str(output))

    text = pdf_text(output.read_bytes(), tmp_path)
    assert "KABUPATEN CONTOH" in text
    assert "90,00 %" in text


def test_command_prints_catatan(tahunan, opd_a, tmp_path):
    message = _lkjip(tahun=2025, unit="OPD-A", output=str(tmp_path / "a.pdf"))

    assert "Catatan: Belum ada Perjanjian Kinerja" in message


def test_command_unknown_unit(siklus, tmp_path):
    with pytest.raises(CommandError, match="'OPD-X' tidak ditemukan"):
        _lkjip(tahun=2025, unit="OPD-X", output=str(tmp_path / "a.pdf"))


def test_command_rejects_bidang(siklus, tmp_path):
    with pytest.raises(CommandError, match="pemda atau perangkat daerah"):
        _lkjip(tahun=2025, unit="OPD-A-BID-1", output=str(tmp_path / "a.pdf"))


def test_command_wrong_extension(siklus, tmp_path):
    with pytest.raises(CommandError, match=r"\.docx atau \.pdf, bukan \.txt"):
        _lkjip(tahun=2025, output=str(tmp_path / "lkjip.txt"))


def test_command_missing_folder(siklus, tmp_path):
    with pytest.raises(CommandError, match="tidak ada"):
        _lkjip(tahun=2025, output=str(tmp_path / "tidak-ada" / "lkjip.pdf"))


def test_command_output_is_folder(siklus, tmp_path):
    folder = tmp_path / "lkjip.pdf"
    folder.mkdir()

    with pytest.raises(CommandError, match="adalah folder"):
        _lkjip(tahun=2025, output=str(folder))


def test_command_unwritable_path(siklus):
    # /proc accepts no new files, even from root.
    with pytest.raises(CommandError, match="tidak dapat ditulis"):
        _lkjip(tahun=2025, output="/proc/lkjip-uji.pdf")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo Pemda, loaded once for this module inside a transaction. The
    transaction is rolled back at the module's end, and each test runs in a
    savepoint of it."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo_load()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _capaian_json(kode: str | None) -> dict[str, str | None]:
    out = StringIO()
    options = {"unit": kode} if kode else {}
    call_command("capaian", tahun=2025, format="json", stdout=out, **options)
    return {row["indikator"]: row["capaian"] for row in json.loads(out.getvalue())}


def _persen(value: str | None) -> str:
    return "—" if value is None else f"{format_angka(Decimal(value))} %"


def _indikator_rows(document) -> list[list[str]]:
    """The rows of the capaian tables of Bab III, in document order."""
    header = ["No", "Indikator", "Satuan", "Target", "Realisasi", "Capaian"]
    rows = []
    for table in document.tables:
        cells = [[cell.text for cell in row.cells] for row in table.rows]
        if cells and cells[0][:6] == header:
            rows.extend(cells[1:])
    return rows


@pytest.mark.parametrize("kode", [None, "OPD-5", "OPD-7"])
def test_demo_lkjip_agrees_with_capaian(demo, db, kode, tmp_path):
    unit = Unit.objects.get(kode=kode) if kode else Unit.objects.get(jenis="pemda")
    engine = _capaian_json(kode or unit.kode)
    data = lkjip_data(unit=unit, tahun=2025)
    indikator = [row for sasaran in data["sasaran"] for row in sasaran["indikator"]]
    options = {"unit": kode} if kode else {}

    _lkjip(tahun=2025, output=str(tmp_path / "lkjip.docx"), **options)
    _lkjip(tahun=2025, output=str(tmp_path / "lkjip.pdf"), **options)

    assert data["pk"] is not None
    assert indikator
    for row in indikator:
        assert row["capaian_2dp"] == engine[row["kode"]], row["kode"]
    document = docx.Document(tmp_path / "lkjip.docx")
    capaian_cells = [row[5] for row in _indikator_rows(document)]
    assert capaian_cells == [_persen(row["capaian_2dp"]) for row in indikator]
    text = pdf_text((tmp_path / "lkjip.pdf").read_bytes(), tmp_path)
    position = text.index("BAB III AKUNTABILITAS KINERJA")
    for row in indikator:
        position = text.index(_persen(row["capaian_2dp"]), position)
