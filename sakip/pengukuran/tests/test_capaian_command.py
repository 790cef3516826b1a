"""``sakip capaian``: after importing the published cases, every indikator
gets the capaian its report printed."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sakip.perencanaan.models import Indikator

DATA = Path(__file__).parent / "data"
PUBLISHED_WORKBOOK = (
    Path(__file__).parents[2] / "bukukerja" / "tests" / "data" / "published.xlsx"
)
TOLERANCE = Decimal("0.015")


def _published_cases():
    cases = json.loads((DATA / "capaian_terbit.json").read_text(encoding="utf-8"))
    return cases["kasus"]


def _capaian_json(capsys, *args):
    capsys.readouterr()
    call_command("capaian", *args, "--format", "json")
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def published(db):
    call_command("import_workbook", str(PUBLISHED_WORKBOOK))


def test_every_published_capaian_reproduced(published, capsys):
    cases = _published_cases()
    years = sorted({case["tahun"] for case in cases})
    rows = {}
    for tahun in years:
        for row in _capaian_json(capsys, "--tahun", str(tahun)):
            rows[row["indikator"]] = row

    assert len(rows) == Indikator.objects.count()
    for case in cases:
        row = rows[case["indikator"]]
        printed = Decimal(case["capaian"])
        assert row["capaian"] is not None, case["indikator"]
        difference = abs(Decimal(row["capaian"]) - printed)
        assert difference <= TOLERANCE, (case["indikator"], row["capaian"], printed)


def test_json_row_layout(published, capsys):
    rows = _capaian_json(capsys, "--tahun", "2025")
    row = next(r for r in rows if r["indikator"] == "R001")

    assert row == {
        "indikator": "R001",
        "tahun": 2025,
        "periode": "tahunan",
        "target": "72.84",
        "realisasi": "72.97",
        "capaian": "100.18",
        "kategori": "Sangat Tinggi",
        "sumber_target": "PK-2025",
    }


def test_only_indicators_with_target_that_year(published, capsys):
    rows = _capaian_json(capsys, "--tahun", "2016")

    assert [row["indikator"] for row in rows] == ["R031"]


def test_missing_realisasi_reported_as_belum_diisi(rencana, capsys):
    rencana["iku"].realisasi.all().delete()

    rows = _capaian_json(capsys, "--tahun", "2025", "--unit", "PEMDA")

    assert rows == [
        {
            "indikator": "IKU-1",
            "tahun": 2025,
            "periode": "tahunan",
            "target": "80",
            "realisasi": None,
            "capaian": None,
            "kategori": None,
            "sumber_target": "RPJMD",
            "keterangan": "belum diisi",
        }
    ]


def test_unit_filter_takes_the_opd(rencana, capsys):
    rows = _capaian_json(capsys, "--tahun", "2025", "--unit", "OPD-A")

    assert [row["indikator"] for row in rows] == ["IND-A"]
    assert rows[0]["capaian"] == "80.00"
    assert rows[0]["kategori"] == "Tinggi"


def test_unknown_unit_rejected(rencana):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("capaian", "--tahun", "2025", "--unit", "NOPE")


def test_json_keeps_stored_precision(rencana, capsys):
    iku = rencana["iku"]
    iku.target.update(nilai=Decimal("0.842"))
    iku.realisasi.update(nilai=Decimal("0.845"))

    rows = _capaian_json(capsys, "--tahun", "2025", "--unit", "PEMDA")

    assert rows[0]["target"] == "0.842"
    assert rows[0]["realisasi"] == "0.845"
    # 0,845 / 0,842 × 100 = 100,356…, rounded half up to two places.
    assert rows[0]["capaian"] == "100.36"
