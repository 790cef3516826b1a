"""Capaian of real indicators against what their published reports printed.

The cases, with their sources, are in ``data/capaian_terbit.json``: target and
realisasi as the reports wrote them (Indonesian form), and the capaian they
printed, rounded by the report. Every case must come out within 0.015 points.
"""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from sakip.core.angka import parse_angka
from sakip.pengukuran.capaian import (
    Polaritas,
    RumusNegatif,
    Target,
    compute_capaian,
)

DATA = Path(__file__).parent / "data" / "capaian_terbit.json"
CASES = json.loads(DATA.read_text(encoding="utf-8"))["kasus"]
TOLERANCE = Decimal("0.015")


@pytest.mark.parametrize("case", CASES, ids=[case["indikator"] for case in CASES])
def test_published_capaian(case):
    rumus_negatif = case["rumus_negatif"] or RumusNegatif.SELISIH

    hasil = compute_capaian(
        polaritas=Polaritas(case["polaritas"]),
        target=Target(nilai=parse_angka(case["target"])),
        realisasi=parse_angka(case["realisasi"]),
        rumus_negatif=RumusNegatif(rumus_negatif),
    )

    assert hasil.nilai is not None, hasil.keterangan
    assert abs(hasil.nilai - Decimal(case["capaian"])) <= TOLERANCE


def test_published_cases_complete():
    formulas = {(case["polaritas"], case["rumus_negatif"]) for case in CASES}

    assert len(CASES) == 38
    assert len({case["indikator"] for case in CASES}) == len(CASES)
    assert ("positif", None) in formulas
    assert ("negatif", "selisih") in formulas
    assert ("negatif", "rasio") in formulas
