import datetime
from decimal import Decimal

from sakip.core.tests.permission_cases import EDIT, EVALUATOR, POST_ONLY, READ, Case
from sakip.evaluasi.models import (
    Evaluasi,
    Jawaban,
    Komponen,
    Kriteria,
    LkeTemplate,
    Rekomendasi,
    SubKomponen,
    TindakLanjut,
)
from sakip.pengukuran.tests.permission_cases import _bukti_file

SCOPES = ("pemda", "a", "b")


def _template() -> tuple[LkeTemplate, Kriteria]:
    """A one-criterion LKE, much quicker to make than the shipped one."""
    template = LkeTemplate.objects.create(kode="UJI-IZIN", nama="LKE uji")
    komponen = Komponen.objects.create(
        template=template, kode="K1", nama="Perencanaan", bobot=Decimal(100)
    )
    sub = SubKomponen.objects.create(
        komponen=komponen, kode="S1", nama="Pemenuhan", bobot=Decimal(100)
    )
    kriteria = Kriteria.objects.create(
        sub_komponen=sub, kode="K1.1", uraian="Ada Renstra", jenis_jawaban="Y/T"
    )
    template.nilai_jawaban.create(jenis_jawaban="Y/T", kode="Y", nilai=Decimal(1))
    template.nilai_jawaban.create(jenis_jawaban="Y/T", kode="T", nilai=Decimal(0))
    template.predikat.create(kode="D", di_atas=Decimal(0))
    return template, kriteria


def _objects(objects: dict) -> dict[str, dict]:
    """An evaluation of the Pemda, Dinas A and Dinas B, each with an answer,
    a recommendation and a follow-up that carry an evidence file."""
    if "evaluasi_cases" in objects:
        return objects["evaluasi_cases"]
    template, kriteria = _template()
    units = {
        "pemda": objects["rpjmd"].unit,
        "a": objects["opd_a"],
        "b": objects["opd_b"],
    }
    cases = {}
    for scope, unit in units.items():
        evaluasi = Evaluasi.objects.create(unit=unit, tahun=2025, template=template)
        jawaban = Jawaban.objects.create(
            evaluasi=evaluasi,
            kriteria=kriteria,
            tahap="mandiri",
            kode="Y",
            nilai=Decimal(1),
            bukti=_bukti_file(),
            bukti_nama="izin.pdf",
        )
        rekomendasi = Rekomendasi.objects.create(
            evaluasi=evaluasi, unit=unit, tahun=2025, uraian="Perbaiki IKU."
        )
        tindak_lanjut = TindakLanjut.objects.create(
            rekomendasi=rekomendasi,
            uraian="IKU diperbaiki.",
            tanggal=datetime.date(2026, 3, 1),
            bukti=_bukti_file(),
            bukti_nama="izin.pdf",
        )
        cases[scope] = {
            "evaluasi": {"pk": evaluasi.pk},
            "kriteria": {"pk": evaluasi.pk, "kriteria_pk": kriteria.pk},
            "jawaban": {"pk": jawaban.pk},
            "rekomendasi": {"pk": rekomendasi.pk},
            "tindak_lanjut": {"pk": tindak_lanjut.pk},
        }
    objects["evaluasi_cases"] = cases
    return cases


def _scoped(cases: dict, key: str) -> dict[str, dict]:
    return {scope: cases[scope][key] for scope in SCOPES}


def url_cases(objects: dict) -> dict[str, Case]:
    cases = _objects(objects)
    return {
        "evaluasi:evaluasi_list": Case(READ, {"pemda": {}}),
        "evaluasi:evaluasi_create": Case(EVALUATOR, {"pemda": {}}),
        "evaluasi:evaluasi_detail": Case(READ, _scoped(cases, "evaluasi")),
        "evaluasi:evaluasi_penugasan": Case(EVALUATOR, _scoped(cases, "evaluasi")),
        "evaluasi:evaluasi_lanjutkan": Case(POST_ONLY, _scoped(cases, "evaluasi")),
        # A plain GET of a criterion's row redirects to the evaluation page.
        "evaluasi:jawaban_baris": Case(READ, _scoped(cases, "kriteria")),
        "evaluasi:jawaban_bukti": Case(READ, _scoped(cases, "jawaban")),
        "evaluasi:rekomendasi_evaluasi": Case(READ, _scoped(cases, "evaluasi")),
        "evaluasi:rekomendasi_create": Case(EVALUATOR, _scoped(cases, "evaluasi")),
        "evaluasi:rekomendasi_list": Case(READ, {"pemda": {}}),
        "evaluasi:rekomendasi_kementerian_create": Case(EVALUATOR, {"pemda": {}}),
        "evaluasi:rekomendasi_detail": Case(READ, _scoped(cases, "rekomendasi")),
        "evaluasi:tindak_lanjut_create": Case(EDIT, _scoped(cases, "rekomendasi")),
        "evaluasi:rekomendasi_tutup": Case(POST_ONLY, _scoped(cases, "rekomendasi")),
        "evaluasi:tindak_lanjut_kembalikan": Case(
            POST_ONLY, _scoped(cases, "tindak_lanjut")
        ),
        "evaluasi:tindak_lanjut_bukti": Case(READ, _scoped(cases, "tindak_lanjut")),
    }
