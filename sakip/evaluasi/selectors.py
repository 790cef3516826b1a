"""Questions about an Evaluasi AKIP: its score at a stage, its whole sheet
of criteria and answers, and the recommendations."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F

from .models import (
    TAHAP_OF_STATUS,
    Evaluasi,
    Jawaban,
    Komponen,
    Kriteria,
    NilaiJawaban,
    Predikat,
    Rekomendasi,
    SubKomponen,
    Tahap,
)
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


TAHAP_URUT = (Tahap.MANDIRI, Tahap.EVALUATOR, Tahap.FINAL)


@dataclass
class BarisKriteria:
    """One criterion of an evaluation's sheet with its answers by stage
    and the choices of its answer scale."""

    evaluasi: Evaluasi
    kriteria: Kriteria
    jawaban: dict[str, Jawaban]
    skala: list[NilaiJawaban]

    @property
    def tahap(self) -> str | None:
        return TAHAP_OF_STATUS.get(self.evaluasi.status)

    @property
    def sekarang(self) -> Jawaban | None:
        """The answer of the current stage; the final one once it is final."""
        return self.jawaban.get(self.tahap or Tahap.FINAL)

    @property
    def sebelumnya(self) -> list[Jawaban]:
        """The answers of the stages before the current one, for the
        answerer to compare with."""
        urut = list(TAHAP_URUT)
        batas = urut.index(self.tahap or Tahap.FINAL)
        return [self.jawaban[t] for t in urut[:batas] if t in self.jawaban]


@dataclass
class BarisNilai:
    """A line of the score table: a komponen, one of its sub komponen, or
    the total, with its score at each stage."""

    kode: str
    nama: str
    bobot: Decimal | None
    # (tahap, nilai) in the order of TAHAP_URUT.
    nilai: list[tuple[str, Decimal]]
    tingkat: str


@dataclass
class LembarEvaluasi:
    """The whole LKE of an evaluation: komponen → sub komponen → criteria
    rows, and the score of every stage."""

    komponen: list[tuple[Komponen, list[tuple[SubKomponen, list[BarisKriteria]]]]]
    nilai: dict[str, NilaiEvaluasi]
    baris_nilai: list[BarisNilai] = field(default_factory=list)

    @property
    def total_list(self) -> list[tuple[str, NilaiEvaluasi]]:
        return [(tahap, self.nilai[tahap]) for tahap in TAHAP_URUT]

    @property
    def jumlah_kriteria(self) -> int:
        return sum(len(rows) for _k, subs in self.komponen for _s, rows in subs)


def evaluasi_lembar(evaluasi: Evaluasi) -> LembarEvaluasi:
    """Read the LKE of ``evaluasi`` with every answer and compute the score
    of each stage, in six queries whatever the number of criteria."""
    komponen = list(
        Komponen.objects.filter(template_id=evaluasi.template_id).prefetch_related(
            "sub_komponen__kriteria"
        )
    )
    jawaban: dict[int, dict[str, Jawaban]] = {}
    for item in Jawaban.objects.filter(evaluasi=evaluasi).select_related("diisi_oleh"):
        jawaban.setdefault(item.kriteria_id, {})[item.tahap] = item
    skala: dict[str, list[NilaiJawaban]] = {}
    for item in NilaiJawaban.objects.filter(template_id=evaluasi.template_id):
        skala.setdefault(item.jenis_jawaban, []).append(item)
    bands = _bands(evaluasi.template_id)

    tree = []
    for item in komponen:
        subs = []
        for sub in item.sub_komponen.all():
            rows = [
                BarisKriteria(
                    evaluasi=evaluasi,
                    kriteria=kriteria,
                    jawaban=jawaban.get(kriteria.pk, {}),
                    skala=skala.get(kriteria.jenis_jawaban, []),
                )
                for kriteria in sub.kriteria.all()
            ]
            subs.append((sub, rows))
        tree.append((item, subs))
    nilai = {tahap: _compute(tree, tahap, bands) for tahap in TAHAP_URUT}
    return LembarEvaluasi(
        komponen=tree, nilai=nilai, baris_nilai=_baris_nilai(tree, nilai)
    )


def baris_kriteria(evaluasi: Evaluasi, kriteria: Kriteria) -> BarisKriteria:
    """Read one criterion's row of ``evaluasi``, as the sheet shows it."""
    return BarisKriteria(
        evaluasi=evaluasi,
        kriteria=kriteria,
        jawaban={
            item.tahap: item
            for item in Jawaban.objects.filter(
                evaluasi=evaluasi, kriteria=kriteria
            ).select_related("diisi_oleh")
        },
        skala=list(
            NilaiJawaban.objects.filter(
                template_id=evaluasi.template_id,
                jenis_jawaban=kriteria.jenis_jawaban,
            )
        ),
    )


def _bands(template_id: int) -> list[Band]:
    return [
        Band(predikat=kode, di_atas=di_atas)
        for kode, di_atas in Predikat.objects.filter(
            template_id=template_id
        ).values_list("kode", "di_atas")
    ]


def _compute(tree, tahap: str, bands: list[Band]) -> NilaiEvaluasi:
    inputs = []
    for item, subs in tree:
        sub_inputs = []
        for sub, rows in subs:
            values: list[Decimal | None] = []
            for row in rows:
                answer = row.jawaban.get(tahap)
                values.append(None if answer is None else answer.nilai)
            sub_inputs.append(
                SubKomponenInput(kode=sub.kode, bobot=sub.bobot, jawaban=values)
            )
        inputs.append(
            KomponenInput(kode=item.kode, bobot=item.bobot, sub_komponen=sub_inputs)
        )
    return compute_nilai(inputs, bands)


def _baris_nilai(tree, nilai: dict[str, NilaiEvaluasi]) -> list[BarisNilai]:
    rows = []
    for index, (item, subs) in enumerate(tree):
        rows.append(
            BarisNilai(
                kode=item.kode,
                nama=item.nama,
                bobot=item.bobot,
                nilai=[(t, nilai[t].komponen[index].nilai) for t in TAHAP_URUT],
                tingkat="komponen",
            )
        )
        for sub_index, (sub, _rows) in enumerate(subs):
            rows.append(
                BarisNilai(
                    kode=sub.kode,
                    nama=sub.nama,
                    bobot=sub.bobot,
                    nilai=[
                        (t, nilai[t].komponen[index].sub_komponen[sub_index].nilai)
                        for t in TAHAP_URUT
                    ],
                    tingkat="sub_komponen",
                )
            )
    return rows


def rekomendasi_list(
    user, *, unit_id: int | None = None, status: str = "terbuka"
) -> list[Rekomendasi]:
    """Return the recommendations ``user`` may see, open ones by default,
    oldest deadline first, with their unit, evaluation and komponen."""
    queryset = Rekomendasi.objects.visible_to(user).select_related(
        "unit", "evaluasi", "komponen"
    )
    if status == "terbuka":
        queryset = queryset.terbuka()
    elif status:
        queryset = queryset.filter(status=status)
    if unit_id is not None:
        queryset = queryset.filter(unit_id=unit_id)
    return list(
        queryset.order_by(
            "unit__urutan", "unit__kode", F("batas_waktu").asc(nulls_last=True), "pk"
        )
    )


def evaluasi_nilai_sementara(
    evaluasi_list: list[Evaluasi],
) -> dict[int, NilaiEvaluasi]:
    """Compute the score of the current stage of each evaluation that is
    not final, in one query for the answers plus three per LKE template."""
    terbuka = [item for item in evaluasi_list if item.status in TAHAP_OF_STATUS]
    if not terbuka:
        return {}
    tahap_of = {item.pk: TAHAP_OF_STATUS[item.status] for item in terbuka}
    nilai_of: dict[int, dict[int, Decimal]] = {item.pk: {} for item in terbuka}
    rows = Jawaban.objects.filter(evaluasi_id__in=list(tahap_of)).values_list(
        "evaluasi_id", "tahap", "kriteria_id", "nilai"
    )
    for evaluasi_id, tahap, kriteria_id, nilai in rows:
        if tahap == tahap_of[evaluasi_id]:
            nilai_of[evaluasi_id][kriteria_id] = nilai

    trees = {}
    hasil = {}
    for item in terbuka:
        if item.template_id not in trees:
            trees[item.template_id] = (
                list(
                    Komponen.objects.filter(
                        template_id=item.template_id
                    ).prefetch_related("sub_komponen__kriteria")
                ),
                _bands(item.template_id),
            )
        komponen, bands = trees[item.template_id]
        jawaban = nilai_of[item.pk]
        inputs = [
            KomponenInput(
                kode=k.kode,
                bobot=k.bobot,
                sub_komponen=[
                    SubKomponenInput(
                        kode=sub.kode,
                        bobot=sub.bobot,
                        jawaban=[jawaban.get(kr.pk) for kr in sub.kriteria.all()],
                    )
                    for sub in k.sub_komponen.all()
                ],
            )
            for k in komponen
        ]
        hasil[item.pk] = compute_nilai(inputs, bands)
    return hasil
