from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sakip.evaluasi.models import Evaluasi, Jawaban, Kriteria, LangkahEvaluasi
from sakip.evaluasi.selectors import evaluasi_nilai
from sakip.evaluasi.services import (
    IsianJawaban,
    KonflikVersi,
    evaluasi_create,
    evaluasi_lanjutkan,
    evaluator_assign,
    jawaban_simpan,
)

PDF = b"%PDF-1.4\n%bukti\n"


def _kriteria(lke):
    return list(
        Kriteria.objects.filter(sub_komponen__komponen__template=lke).order_by(
            "sub_komponen__komponen__urutan", "sub_komponen__urutan", "urutan"
        )
    )


def _top(kriteria):
    return "Y" if kriteria.jenis_jawaban == "Y/T" else "A"


def _answer_all(user, evaluasi, kode_of=_top):
    evaluasi.refresh_from_db()
    for kriteria in _kriteria(evaluasi.template):
        versi = (
            Jawaban.objects.filter(
                evaluasi=evaluasi,
                kriteria=kriteria,
                tahap={"penilaian_mandiri": "mandiri", "evaluasi": "evaluator"}.get(
                    evaluasi.status, "final"
                ),
            )
            .values_list("versi", flat=True)
            .first()
            or 0
        )
        jawaban_simpan(
            user=user,
            evaluasi=evaluasi,
            kriteria=kriteria,
            versi=versi,
            isian=IsianJawaban(kode=kode_of(kriteria)),
        )


def test_create_twice_rejected(lke, opd_a, evi):
    evaluasi_create(user=evi, unit=opd_a, tahun=2025, template=lke)

    with pytest.raises(ValidationError, match="sudah ada"):
        evaluasi_create(user=evi, unit=opd_a, tahun=2025, template=lke)


def test_create_by_operator_rejected(lke, opd_a, ani):
    with pytest.raises(PermissionDenied):
        evaluasi_create(user=ani, unit=opd_a, tahun=2025, template=lke)


def test_create_for_bidang_rejected(lke, bidang_a, evi):
    with pytest.raises(ValidationError, match="bukan per bidang"):
        evaluasi_create(user=evi, unit=bidang_a, tahun=2025, template=lke)


def test_pemda_self_assessment(lke, pemda, admin, evi):
    evaluasi = evaluasi_create(user=evi, unit=pemda, tahun=2025, template=lke)
    kriteria = _kriteria(lke)[0]

    jawaban = jawaban_simpan(
        user=admin,
        evaluasi=evaluasi,
        kriteria=kriteria,
        versi=0,
        isian=IsianJawaban(kode="Y"),
    )

    assert jawaban.tahap == "mandiri"


def test_evaluator_of_own_opd_rejected(lke, inspektorat, iwan, evi):
    evaluasi = evaluasi_create(user=evi, unit=inspektorat, tahun=2025, template=lke)

    with pytest.raises(ValidationError, match="unitnya sendiri"):
        evaluator_assign(user=evi, evaluasi=evaluasi, evaluator=iwan)


def test_evaluator_of_other_opd_accepted(lke, opd_a, iwan, evi):
    evaluasi = evaluasi_create(user=evi, unit=opd_a, tahun=2025, template=lke)

    penugasan = evaluator_assign(user=evi, evaluasi=evaluasi, evaluator=iwan)

    assert penugasan.ditugaskan_oleh == evi


def test_non_evaluator_assignment_rejected(evaluasi_a, evi, citra):
    with pytest.raises(ValidationError, match="bukan evaluator"):
        evaluator_assign(user=evi, evaluasi=evaluasi_a, evaluator=citra)


def test_assignment_twice_rejected(evaluasi_a, evi):
    with pytest.raises(ValidationError, match="sudah ditugaskan"):
        evaluator_assign(user=evi, evaluasi=evaluasi_a, evaluator=evi)


def test_answer_outside_scale(evaluasi_a, ani):
    kriteria = _kriteria(evaluasi_a.template)[0]

    with pytest.raises(ValidationError) as info:
        jawaban_simpan(
            user=ani,
            evaluasi=evaluasi_a,
            kriteria=kriteria,
            versi=0,
            isian=IsianJawaban(kode="A"),
        )

    assert "tidak ada pada skala Y/T" in str(info.value)
    assert "Y, T" in str(info.value)
    assert not Jawaban.objects.exists()


def test_answer_stores_scale_value(evaluasi_a, ani):
    kriteria = next(
        k for k in _kriteria(evaluasi_a.template) if k.jenis_jawaban != "Y/T"
    )

    jawaban = jawaban_simpan(
        user=ani,
        evaluasi=evaluasi_a,
        kriteria=kriteria,
        versi=0,
        isian=IsianJawaban(kode="B", catatan=" cukup ", bukti_tautan="https://x.id/b"),
    )

    assert jawaban.nilai == Decimal("0.66")
    assert jawaban.catatan == "cukup"
    assert jawaban.diisi_oleh == ani
    assert jawaban.history.count() == 1


def test_mandiri_by_other_opd_rejected(evaluasi_a, citra, evi):
    kriteria = _kriteria(evaluasi_a.template)[0]

    for user in (citra, evi):
        with pytest.raises(PermissionDenied):
            jawaban_simpan(
                user=user,
                evaluasi=evaluasi_a,
                kriteria=kriteria,
                versi=0,
                isian=IsianJawaban(kode="Y"),
            )


def test_stale_version_rejected(evaluasi_a, ani, budi):
    kriteria = _kriteria(evaluasi_a.template)[0]
    jawaban_simpan(
        user=ani,
        evaluasi=evaluasi_a,
        kriteria=kriteria,
        versi=0,
        isian=IsianJawaban(kode="Y"),
    )

    with pytest.raises(KonflikVersi, match="telah diubah oleh ani"):
        jawaban_simpan(
            user=budi,
            evaluasi=evaluasi_a,
            kriteria=kriteria,
            versi=0,
            isian=IsianJawaban(kode="T"),
        )
    assert Jawaban.objects.get().kode == "Y"


def test_bukti_file_checked(evaluasi_a, ani):
    kriteria = _kriteria(evaluasi_a.template)[0]
    palsu = SimpleUploadedFile("bukti.pdf", b"MZ not a pdf")

    with pytest.raises(ValidationError, match="bukan PDF yang sah"):
        jawaban_simpan(
            user=ani,
            evaluasi=evaluasi_a,
            kriteria=kriteria,
            versi=0,
            isian=IsianJawaban(kode="Y", bukti=palsu),
        )


def test_bukti_file_stored_under_random_name(evaluasi_a, ani):
    kriteria = _kriteria(evaluasi_a.template)[0]
    berkas = SimpleUploadedFile("../renstra dinas.pdf", PDF)

    jawaban = jawaban_simpan(
        user=ani,
        evaluasi=evaluasi_a,
        kriteria=kriteria,
        versi=0,
        isian=IsianJawaban(kode="Y", bukti=berkas),
    )

    assert jawaban.bukti_nama == "renstra dinas.pdf"
    assert jawaban.bukti.name.startswith("bukti/evaluasi/2025/")
    assert jawaban.bukti.name.endswith(".pdf")
    assert "renstra" not in jawaban.bukti.name


def test_cannot_move_on_with_missing_answers(evaluasi_a, ani):
    kriteria = _kriteria(evaluasi_a.template)[0]
    jawaban_simpan(
        user=ani,
        evaluasi=evaluasi_a,
        kriteria=kriteria,
        versi=0,
        isian=IsianJawaban(kode="Y"),
    )

    with pytest.raises(ValidationError, match="75 kriteria belum dijawab"):
        evaluasi_lanjutkan(user=ani, evaluasi=evaluasi_a)
    evaluasi_a.refresh_from_db()
    assert evaluasi_a.status == Evaluasi.Status.PENILAIAN_MANDIRI


def test_full_flow_to_final(evaluasi_a, ani, evi, mutu):
    _answer_all(
        ani, evaluasi_a, kode_of=lambda k: "T" if k.jenis_jawaban == "Y/T" else "D"
    )
    evaluasi = evaluasi_lanjutkan(user=ani, evaluasi=evaluasi_a, catatan="selesai")
    assert evaluasi.status == Evaluasi.Status.EVALUASI
    assert evaluasi_nilai(evaluasi, tahap="mandiri").total == Decimal(0)

    with pytest.raises(PermissionDenied):
        evaluasi_lanjutkan(user=mutu, evaluasi=evaluasi)
    _answer_all(
        evi, evaluasi, kode_of=lambda k: "Y" if k.jenis_jawaban == "Y/T" else "B"
    )
    evaluasi = evaluasi_lanjutkan(user=evi, evaluasi=evaluasi)
    assert evaluasi.status == Evaluasi.Status.REVIU_MUTU
    assert Jawaban.objects.filter(evaluasi=evaluasi, tahap="final").count() == 76

    kriteria = next(k for k in _kriteria(evaluasi.template) if k.jenis_jawaban != "Y/T")
    final = Jawaban.objects.get(evaluasi=evaluasi, kriteria=kriteria, tahap="final")
    jawaban_simpan(
        user=mutu,
        evaluasi=evaluasi,
        kriteria=kriteria,
        versi=final.versi,
        isian=IsianJawaban(kode="A"),
    )
    evaluasi = evaluasi_lanjutkan(user=mutu, evaluasi=evaluasi)

    expected = evaluasi_nilai(evaluasi, tahap="final")
    assert evaluasi.status == Evaluasi.Status.FINAL
    assert evaluasi.nilai == expected.total_dibulatkan
    assert evaluasi.predikat == expected.predikat
    assert (
        evaluasi_nilai(evaluasi, tahap="final").total
        > evaluasi_nilai(evaluasi, tahap="evaluator").total
    )
    langkah = list(LangkahEvaluasi.objects.filter(evaluasi=evaluasi))
    assert [(step.dari, step.ke) for step in langkah] == [
        ("penilaian_mandiri", "evaluasi"),
        ("evaluasi", "reviu_mutu"),
        ("reviu_mutu", "final"),
    ]
    assert [step.oleh for step in langkah] == [ani, evi, mutu]
    assert langkah[0].catatan == "selesai"


def test_all_top_answers_final_aa(evaluasi_a, ani, evi, mutu):
    _answer_all(ani, evaluasi_a)
    evaluasi = evaluasi_lanjutkan(user=ani, evaluasi=evaluasi_a)
    _answer_all(evi, evaluasi)
    evaluasi = evaluasi_lanjutkan(user=evi, evaluasi=evaluasi)

    evaluasi = evaluasi_lanjutkan(user=mutu, evaluasi=evaluasi)

    assert evaluasi.nilai == Decimal("100.00")
    assert evaluasi.predikat == "AA"


def test_no_change_after_final(evaluasi_a, ani, evi, mutu):
    _answer_all(ani, evaluasi_a)
    evaluasi_lanjutkan(user=ani, evaluasi=evaluasi_a)
    _answer_all(evi, evaluasi_a)
    evaluasi_lanjutkan(user=evi, evaluasi=evaluasi_a)
    evaluasi = evaluasi_lanjutkan(user=mutu, evaluasi=evaluasi_a)
    kriteria = _kriteria(evaluasi.template)[0]
    final = Jawaban.objects.get(evaluasi=evaluasi, kriteria=kriteria, tahap="final")

    with pytest.raises(ValidationError, match="sudah final"):
        jawaban_simpan(
            user=mutu,
            evaluasi=evaluasi,
            kriteria=kriteria,
            versi=final.versi,
            isian=IsianJawaban(kode="T"),
        )
    with pytest.raises(ValidationError, match="sudah final"):
        evaluasi_lanjutkan(user=mutu, evaluasi=evaluasi)
    with pytest.raises(ValidationError, match="sudah final"):
        evaluator_assign(user=evi, evaluasi=evaluasi, evaluator=mutu)
    assert Jawaban.objects.get(pk=final.pk).kode == "Y"


def test_evaluasi_models_keep_history(db):
    from django.apps import apps

    without = [
        model.__name__
        for model in apps.get_app_config("evaluasi").get_models()
        if not model.__name__.startswith("Historical") and not hasattr(model, "history")
    ]

    assert without == []
