"""The demo's final Evaluasi AKIP of BPKAD and Bapperida.

The score is recomputed here from the stored answers and the LKE's weights,
without the product's scoring module, so that a mistake there shows.
"""

import io
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from sakip.bukukerja.demo import demo_load
from sakip.bukukerja.demo_evaluasi import PENANDA_DEMO, TAHUN_EVALUASI
from sakip.evaluasi.bukti_data import usulan_evaluasi
from sakip.evaluasi.models import (
    Evaluasi,
    Jawaban,
    Kriteria,
    Rekomendasi,
    Tahap,
    TindakLanjut,
)
from sakip.organisasi.models import Pengguna

OPD = ("OPD-5", "OPD-7")
# The bands of PermenPAN-RB 88/2021: the total must be above the bound.
PREDIKAT_BANDS = (
    (Decimal(90), "AA"),
    (Decimal(80), "A"),
    (Decimal(70), "BB"),
    (Decimal(60), "B"),
    (Decimal(50), "CC"),
    (Decimal(30), "C"),
)


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


def _evaluasi(kode: str) -> Evaluasi:
    return Evaluasi.objects.get(unit__kode=kode, tahun=TAHUN_EVALUASI)


def _predikat(total: Decimal) -> str:
    for bound, predikat in PREDIKAT_BANDS:
        if total > bound:
            return predikat
    return "D"


def _score_by_hand(evaluasi: Evaluasi) -> tuple[dict[str, Decimal], Decimal]:
    """The score per komponen and the total, from the final answers."""
    nilai = dict(
        Jawaban.objects.filter(evaluasi=evaluasi, tahap=Tahap.FINAL).values_list(
            "kriteria_id", "nilai"
        )
    )
    values_by_sub: dict[int, list[Decimal]] = {}
    subs = {}
    for kriteria in Kriteria.objects.filter(
        sub_komponen__komponen__template=evaluasi.template
    ).select_related("sub_komponen__komponen"):
        values_by_sub.setdefault(kriteria.sub_komponen_id, []).append(
            nilai[kriteria.pk]
        )
        subs[kriteria.sub_komponen_id] = kriteria.sub_komponen
    komponen: dict[str, Decimal] = {}
    for sub_id, values in values_by_sub.items():
        sub = subs[sub_id]
        score = sub.bobot * sum(values) / len(values)
        kode = sub.komponen.kode
        komponen[kode] = komponen.get(kode, Decimal(0)) + score
    total = sum(komponen.values(), Decimal(0))
    return komponen, total


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@pytest.mark.parametrize("kode", OPD)
def test_demo_evaluasi_final(demo, db, kode):
    evaluasi = _evaluasi(kode)

    assert evaluasi.status == Evaluasi.Status.FINAL
    assert evaluasi.predikat != ""
    assert evaluasi.nilai is not None
    assert list(evaluasi.langkah.values_list("ke", flat=True)) == [
        Evaluasi.Status.EVALUASI,
        Evaluasi.Status.REVIU_MUTU,
        Evaluasi.Status.FINAL,
    ]


@pytest.mark.parametrize("kode", OPD)
def test_demo_total_by_hand(demo, db, kode):
    evaluasi = _evaluasi(kode)

    _komponen, total = _score_by_hand(evaluasi)

    assert _round(total) == evaluasi.nilai
    assert _predikat(_round(total)) == evaluasi.predikat


def test_demo_predikat_differ(demo, db):
    bpkad = _evaluasi("OPD-5")
    bapperida = _evaluasi("OPD-7")

    assert bpkad.predikat != bapperida.predikat
    assert bapperida.nilai > bpkad.nilai


@pytest.mark.parametrize("kode", OPD)
def test_demo_every_stage_answered(demo, db, kode):
    evaluasi = _evaluasi(kode)
    jumlah = Kriteria.objects.filter(
        sub_komponen__komponen__template=evaluasi.template
    ).count()

    for tahap in Tahap.values:
        answered = Jawaban.objects.filter(evaluasi=evaluasi, tahap=tahap).count()
        assert answered == jumlah, tahap


def _usulan_and_fakta(evaluasi: Evaluasi, kriteria_kode: str):
    usulan = usulan_evaluasi(evaluasi)[kriteria_kode]
    return usulan.kode, [fakta.terpenuhi for fakta in usulan.fakta]


@pytest.mark.parametrize("kode", OPD)
def test_demo_usulan_renstra_adopted(demo, db, kode):
    kode_usulan, terpenuhi = _usulan_and_fakta(_evaluasi(kode), "AREN001.1")

    assert kode_usulan == "Y"
    assert terpenuhi == [True]


@pytest.mark.parametrize("kode", OPD)
def test_demo_usulan_no_renja_pk_of_year(demo, db, kode):
    """The demo cycle stops at 2025, so the evaluation year has no Renja or PK."""
    evaluasi = _evaluasi(kode)
    kode_usulan, terpenuhi = _usulan_and_fakta(evaluasi, "AREN001.2")

    assert kode_usulan == "T"
    assert False in terpenuhi


def test_demo_usulan_lkjip_bapperida_published(demo, db):
    evaluasi = _evaluasi("OPD-7")

    for kriteria_kode in ("CLAP001.1", "CLAP001.3", "CLAP001.5"):
        kode_usulan, terpenuhi = _usulan_and_fakta(evaluasi, kriteria_kode)
        assert kode_usulan == "Y", kriteria_kode
        assert set(terpenuhi) == {True}, kriteria_kode


def test_demo_usulan_lkjip_bpkad_draft(demo, db):
    evaluasi = _evaluasi("OPD-5")
    usulan = usulan_evaluasi(evaluasi)

    assert usulan["CLAP001.1"].kode == "Y"
    assert usulan["CLAP001.3"].kode == "T"
    assert usulan["CLAP001.5"].kode == "T"
    teks = " ".join(fakta.teks for fakta in usulan["CLAP001.3"].fakta)
    assert "masih draft" in teks


@pytest.mark.parametrize("kode", OPD)
def test_demo_evaluator_accepted_usulan(demo, db, kode):
    evaluasi = _evaluasi(kode)
    usulan = {
        kriteria_kode: item.kode
        for kriteria_kode, item in usulan_evaluasi(evaluasi).items()
        if item.ada
    }
    jawaban = {
        row.kriteria.kode: row
        for row in Jawaban.objects.filter(
            evaluasi=evaluasi, tahap=Tahap.EVALUATOR
        ).select_related("kriteria")
    }

    assert usulan
    for kriteria_kode, kode_usulan in usulan.items():
        assert jawaban[kriteria_kode].kode == kode_usulan, kriteria_kode
        assert jawaban[kriteria_kode].usulan == kode_usulan, kriteria_kode


@pytest.mark.parametrize("kode", OPD)
def test_demo_rekomendasi_one_closed(demo, db, kode):
    rekomendasi = list(Rekomendasi.objects.filter(evaluasi=_evaluasi(kode)))
    selesai = [item for item in rekomendasi if item.status == "selesai"]

    assert 2 <= len(rekomendasi) <= 3
    assert len(selesai) == 1
    assert selesai[0].tindak_lanjut.get().status == TindakLanjut.Status.DITERIMA
    for item in rekomendasi:
        assert item.uraian.startswith(PENANDA_DEMO)


def test_demo_lke_xlsx_scores(demo, db, client):
    evaluasi = _evaluasi("OPD-7")
    komponen, total = _score_by_hand(evaluasi)
    client.force_login(Pengguna.objects.get(username="evaluator"))

    response = client.get(reverse("evaluasi:hasil_lke_xlsx", args=[evaluasi.pk]))

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row[0]}
    for kode, nilai in komponen.items():
        assert _round(Decimal(str(rows[kode][4]))) == _round(nilai), kode
    by_label = {row[1]: row for row in sheet.iter_rows(values_only=True)}
    assert _round(Decimal(str(by_label["Nilai Akuntabilitas Kinerja"][4]))) == (
        evaluasi.nilai
    )
    assert by_label["Predikat"][3] == evaluasi.predikat


def test_demo_peringkat_lists_both(demo, db, client):
    client.force_login(Pengguna.objects.get(username="evaluator"))

    response = client.get(
        reverse("evaluasi:hasil_peringkat"), {"tahun": TAHUN_EVALUASI}
    )

    assert response.status_code == 200
    html = response.content.decode()
    for kode in OPD:
        evaluasi = _evaluasi(kode)
        assert evaluasi.unit.nama in html
        assert f">{evaluasi.predikat}<" in html
