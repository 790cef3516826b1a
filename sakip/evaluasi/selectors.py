"""Questions about an Evaluasi AKIP: its score at a stage."""

from __future__ import annotations

from decimal import Decimal

from .models import Evaluasi, Jawaban, Komponen, Predikat
from .nilai import Band, KomponenInput, NilaiEvaluasi, SubKomponenInput, compute_nilai


def evaluasi_nilai(evaluasi: Evaluasi, *, tahap: str) -> NilaiEvaluasi:
    """Compute the score of ``evaluasi`` from its answers at ``tahap``, in
    three queries whatever the number of criteria. Each answer counts with
    the value it was given when it was saved."""
    jawaban = dict(
        Jawaban.objects.filter(evaluasi=evaluasi, tahap=tahap).values_list(
            "kriteria_id", "nilai"
        )
    )
    komponen = Komponen.objects.filter(
        template_id=evaluasi.template_id
    ).prefetch_related("sub_komponen__kriteria")
    bands = [
        Band(predikat=kode, di_atas=di_atas)
        for kode, di_atas in Predikat.objects.filter(
            template_id=evaluasi.template_id
        ).values_list("kode", "di_atas")
    ]
    inputs = []
    for item in komponen:
        subs = []
        for sub in item.sub_komponen.all():
            values: list[Decimal | None] = [
                jawaban.get(kriteria.pk) for kriteria in sub.kriteria.all()
            ]
            subs.append(
                SubKomponenInput(kode=sub.kode, bobot=sub.bobot, jawaban=values)
            )
        inputs.append(
            KomponenInput(kode=item.kode, bobot=item.bobot, sub_komponen=subs)
        )
    return compute_nilai(inputs, bands)
