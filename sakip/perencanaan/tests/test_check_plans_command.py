import json
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sakip.bukukerja.demo import demo_load

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("check_plans", *args, stdout=out)
    return out.getvalue()


def test_json_layout(rencana):
    rows = json.loads(run("--tahun", "2025", "--format", "json"))

    assert rows
    assert {"kode", "jenis", "tingkat", "pesan", "dokumen", "nilai"} <= set(rows[0])
    assert ("iku_tanpa_definisi", "IKU-1") in {(r["jenis"], r["kode"]) for r in rows}


def test_table_summary(rencana):
    out = run("--tahun", "2025")

    assert "IKU-1" in out
    assert "temuan:" in out.splitlines()[-3]


def test_no_findings():
    assert run("--tahun", "2025", "--format", "json").strip() == "[]"


def test_bad_year():
    with pytest.raises(CommandError):
        call_command("check_plans", "--tahun", "dua ribu")


def test_demo():
    """The demo workbook has exactly these findings, each checked by hand:
    KEG-1699 carries 5.01.02.2.04, which the shipped 2020 nomenklatur lacks,
    and RS-IS-422 "Jumlah event pariwisata yang terlaksana" measures the
    sasaran "Meningkatnya Promosi dan Pemasaran Pariwisata" by events held.
    Every Renstra sasaran supports the RPJMD through its tujuan, every
    indicator has its five targets, and the demo has no IKU and no Renja."""
    demo_load()

    rows = json.loads(run("--tahun", "2025", "--format", "json"))

    assert Counter(row["jenis"] for row in rows) == {
        "nomenklatur_tidak_dikenal": 1,
        "indikator_keluaran": 1,
    }
    assert sorted(row["kode"] for row in rows) == ["KEG-1699", "RS-IS-422"]
