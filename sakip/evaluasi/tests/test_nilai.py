from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.evaluasi.nilai import (
    Band,
    KomponenInput,
    SubKomponenInput,
    compute_nilai,
    compute_sub_komponen,
    find_predikat,
)

BANDS = [
    Band("AA", D(90)),
    Band("A", D(80)),
    Band("BB", D(70)),
    Band("B", D(60)),
    Band("CC", D(50)),
    Band("C", D(30)),
    Band("D", D(0)),
]
SKALA = [D(1), D("0.66"), D("0.33"), D(0)]


def _lke(answers):
    """A 30 / 30 / 15 / 25 LKE whose sub komponen are 20 / 30 / 50 % of their
    komponen, each with the answers given for it."""
    komponen = []
    index = 0
    for kode, bobot in (("P", D(30)), ("U", D(30)), ("L", D(15)), ("E", D(25))):
        subs = []
        for persen in (D("0.2"), D("0.3"), D("0.5")):
            subs.append(
                SubKomponenInput(f"{kode}{index}", bobot * persen, answers[index])
            )
            index += 1
        komponen.append(KomponenInput(kode, bobot, subs))
    return komponen


@pytest.mark.parametrize(
    ("bobot", "jawaban", "nilai", "belum"),
    [
        (D(6), [D(1), D(1), D(1), D(1)], D(6), 0),
        (D(6), [D(1), D(0), D(1), D(0)], D(3), 0),
        (D(9), [D(1), D("0.66"), D("0.33")], D("5.97"), 0),
        (D("4.5"), [D("0.66"), None], D("1.485"), 1),
        (D(15), [None, None], D(0), 2),
        (D(15), [], D(0), 0),
    ],
)
def test_sub_komponen_table(bobot, jawaban, nilai, belum):
    hasil = compute_sub_komponen(SubKomponenInput("S", bobot, jawaban))

    assert hasil.nilai == nilai
    assert hasil.belum_dijawab == belum


@pytest.mark.parametrize(
    ("nilai", "predikat"),
    [
        (D("100"), "AA"),
        (D("90.01"), "AA"),
        (D("90"), "A"),
        (D("80.01"), "A"),
        (D("80"), "BB"),
        (D("70"), "B"),
        (D("60"), "CC"),
        (D("50.5"), "CC"),
        (D("50"), "C"),
        (D("30.01"), "C"),
        (D("30"), "D"),
        (D("0"), "D"),
    ],
)
def test_predikat_boundaries(nilai, predikat):
    assert find_predikat(nilai, BANDS) == predikat


def test_predikat_uses_rounded_total():
    # 90.004 shows as 90,00 and is A; 90.005 shows as 90,01 and is AA.
    komponen = [
        KomponenInput("K", D(100), [SubKomponenInput("S", D("90.004"), [D(1)])])
    ]
    atas = [KomponenInput("K", D(100), [SubKomponenInput("S", D("90.005"), [D(1)])])]

    assert compute_nilai(komponen, BANDS).predikat == "A"
    assert compute_nilai(atas, BANDS).predikat == "AA"


def test_total_computed_by_hand():
    # Perencanaan: Pemenuhan 6 × 1, Kualitas 9 × (1 + 0.66) / 2 = 7.47,
    # Pemanfaatan 15 × 0.33 = 4.95: 18.42. The rest all top: 30 + 15 + 25.
    answers = [[D(1)] * 4, [D(1), D("0.66")], [D("0.33")]] + [[D(1)]] * 9

    hasil = compute_nilai(_lke(answers), BANDS)

    assert hasil.komponen[0].nilai == D("18.42")
    assert hasil.total == D("88.42")
    assert hasil.total_dibulatkan == D("88.42")
    assert hasil.predikat == "A"
    assert hasil.lengkap


def test_missing_answers_counted():
    answers = [[D(1), None]] + [[D(1)]] * 10 + [[None, None]]

    hasil = compute_nilai(_lke(answers), BANDS)

    assert hasil.belum_dijawab == 3
    assert not hasil.lengkap
    assert hasil.total == D(100) - D(3) - D("12.5")


answer_lists = st.lists(
    st.lists(st.one_of(st.none(), st.sampled_from(SKALA)), min_size=1, max_size=5),
    min_size=12,
    max_size=12,
)


@given(answer_lists)
def test_total_between_0_and_100(answers):
    hasil = compute_nilai(_lke(answers), BANDS)

    assert D(0) <= hasil.total <= D(100)


@given(st.lists(st.integers(min_value=1, max_value=6), min_size=12, max_size=12))
def test_all_top_answers_give_100(sizes):
    hasil = compute_nilai(_lke([[D(1)] * size for size in sizes]), BANDS)

    assert hasil.total == D(100)
    assert hasil.predikat == "AA"


@given(answer_lists, st.data())
def test_total_monotone_in_each_answer(answers, data):
    sub = data.draw(st.integers(min_value=0, max_value=11))
    item = data.draw(st.integers(min_value=0, max_value=len(answers[sub]) - 1))
    before = answers[sub][item]
    higher = [value for value in SKALA if before is None or value >= before]
    after = data.draw(st.sampled_from(higher))
    changed = [list(values) for values in answers]
    changed[sub][item] = after

    lama = compute_nilai(_lke(answers), BANDS)
    baru = compute_nilai(_lke(changed), BANDS)

    assert baru.total >= lama.total
