"""The results of an Evaluasi AKIP: its score per komponen, sub komponen and
criterion at the stage that counts, who may read them, and the ranking of
the OPDs of a year.

The stage that counts is the evaluation's current one: the unit's own
answers during the penilaian mandiri, the evaluator's during the evaluasi,
the final answers from the reviu mutu on. A final evaluation shows the total
and predikat it stored when it became final, so a later change of the scale
or the bands does not change a published result.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from .models import Evaluasi, Jawaban, Komponen, Predikat, Tahap
from .nilai import (
    Band,
    KomponenInput,
    NilaiEvaluasi,
    SubKomponenInput,
    compute_nilai,
    round_nilai,
)

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna

Status = Evaluasi.Status
TAHAP_HASIL = {
    Status.PENILAIAN_MANDIRI: Tahap.MANDIRI,
    Status.EVALUASI: Tahap.EVALUATOR,
    Status.REVIU_MUTU: Tahap.FINAL,
    Status.FINAL: Tahap.FINAL,
}


def evaluasi_visible(user: Pengguna) -> QuerySet[Evaluasi]:
    """The evaluations ``user`` may read: every one for the Inspektorat,
    Admin Bappeda, Pimpinan and Bappeda's verifikator; only their own OPD's
    for the OPD's staff. The Pemda's own evaluation is not an OPD's."""
    evaluasi = Evaluasi.objects.select_related("unit", "template")
    if not user.is_authenticated or not user.is_active:
        return evaluasi.none()
    if user.melihat_semua_opd:
        return evaluasi
    if user.opd_id is None:
        return evaluasi.none()
    return evaluasi.filter(Q(unit__opd_id=user.opd_id))


@dataclass(frozen=True)
class BarisKriteria:
    """A criterion row of the worksheet with its answer at the stage."""

    kode: str
    uraian: str
    jenis_jawaban: str
    bukti_dukung: tuple[str, ...]
    jawaban: Jawaban | None

    @property
    def nilai(self) -> Decimal | None:
        return None if self.jawaban is None else self.jawaban.nilai


@dataclass(frozen=True)
class BarisSubKomponen:
    kode: str
    nama: str
    bobot: Decimal
    nilai: Decimal
    kriteria: tuple[BarisKriteria, ...]


@dataclass(frozen=True)
class BarisKomponen:
    kode: str
    nama: str
    bobot: Decimal
    nilai: Decimal
    sub_komponen: tuple[BarisSubKomponen, ...]

    @property
    def persen(self) -> Decimal:
        """The nilai as a percentage of the bobot, two places."""
        if not self.bobot:
            return Decimal(0)
        return round_nilai(self.nilai * 100 / self.bobot)


@dataclass(frozen=True)
class HasilEvaluasi:
    """The whole result of one evaluation at the stage that counts."""

    evaluasi: Evaluasi
    tahap: str
    komponen: tuple[BarisKomponen, ...]
    total: Decimal
    predikat: str
    predikat_keterangan: str
    belum_dijawab: int
    tersimpan: bool

    @property
    def tahap_label(self) -> str:
        return Tahap(self.tahap).label

    @property
    def catatan(self) -> list[tuple[BarisKomponen, BarisKriteria]]:
        """The criteria with a note, in worksheet order: the findings."""
        return [
            (komponen, kriteria)
            for komponen in self.komponen
            for sub in komponen.sub_komponen
            for kriteria in sub.kriteria
            if kriteria.jawaban is not None and kriteria.jawaban.catatan
        ]


def _load_struktur(template_ids: set[int]) -> dict[int, list[Komponen]]:
    komponen = Komponen.objects.filter(template_id__in=template_ids).prefetch_related(
        "sub_komponen__kriteria"
    )
    struktur: dict[int, list[Komponen]] = defaultdict(list)
    for item in komponen:
        struktur[item.template_id].append(item)
    return struktur


def _load_predikat(template_ids: set[int]) -> dict[int, list[Predikat]]:
    predikat: dict[int, list[Predikat]] = defaultdict(list)
    for item in Predikat.objects.filter(template_id__in=template_ids):
        predikat[item.template_id].append(item)
    return predikat


def hasil_banyak(evaluasi_list: Sequence[Evaluasi]) -> dict[int, HasilEvaluasi]:
    """Compute the results of several evaluations in five queries whatever
    their number: the templates' komponen, sub komponen and criteria, the
    bands, and the answers."""
    if not evaluasi_list:
        return {}
    template_ids = {evaluasi.template_id for evaluasi in evaluasi_list}
    struktur = _load_struktur(template_ids)
    predikat = _load_predikat(template_ids)
    conditions = Q()
    for evaluasi in evaluasi_list:
        conditions |= Q(evaluasi_id=evaluasi.pk, tahap=TAHAP_HASIL[evaluasi.status])
    jawaban: dict[tuple[int, int], Jawaban] = {
        (item.evaluasi_id, item.kriteria_id): item
        for item in Jawaban.objects.filter(conditions)
    }
    return {
        evaluasi.pk: _hasil(
            evaluasi,
            struktur[evaluasi.template_id],
            predikat[evaluasi.template_id],
            jawaban,
        )
        for evaluasi in evaluasi_list
    }


def hasil_evaluasi(evaluasi: Evaluasi) -> HasilEvaluasi:
    """Compute the result of ``evaluasi`` at the stage that counts."""
    return hasil_banyak([evaluasi])[evaluasi.pk]


def _hasil(
    evaluasi: Evaluasi,
    struktur: list[Komponen],
    predikat: list[Predikat],
    jawaban: dict[tuple[int, int], Jawaban],
) -> HasilEvaluasi:
    inputs = []
    rows: list[tuple[Komponen, list[tuple]]] = []
    for komponen in struktur:
        subs = []
        sub_rows = []
        for sub in komponen.sub_komponen.all():
            kriteria_rows = tuple(
                BarisKriteria(
                    kode=kriteria.kode,
                    uraian=kriteria.uraian,
                    jenis_jawaban=kriteria.jenis_jawaban,
                    bukti_dukung=tuple(kriteria.bukti_dukung),
                    jawaban=jawaban.get((evaluasi.pk, kriteria.pk)),
                )
                for kriteria in sub.kriteria.all()
            )
            subs.append(
                SubKomponenInput(
                    kode=sub.kode,
                    bobot=sub.bobot,
                    jawaban=[row.nilai for row in kriteria_rows],
                )
            )
            sub_rows.append((sub, kriteria_rows))
        inputs.append(
            KomponenInput(kode=komponen.kode, bobot=komponen.bobot, sub_komponen=subs)
        )
        rows.append((komponen, sub_rows))

    bands = [Band(predikat=item.kode, di_atas=item.di_atas) for item in predikat]
    nilai: NilaiEvaluasi = compute_nilai(inputs, bands)
    komponen_rows = []
    for (komponen, sub_rows), hasil in zip(rows, nilai.komponen, strict=True):
        komponen_rows.append(
            BarisKomponen(
                kode=komponen.kode,
                nama=komponen.nama,
                bobot=komponen.bobot,
                nilai=hasil.nilai,
                sub_komponen=tuple(
                    BarisSubKomponen(
                        kode=sub.kode,
                        nama=sub.nama,
                        bobot=sub.bobot,
                        nilai=sub_hasil.nilai,
                        kriteria=kriteria_rows,
                    )
                    for (sub, kriteria_rows), sub_hasil in zip(
                        sub_rows, hasil.sub_komponen, strict=True
                    )
                ),
            )
        )

    tersimpan = evaluasi.status == Status.FINAL and evaluasi.nilai is not None
    total = evaluasi.nilai if tersimpan else nilai.total_dibulatkan
    kode_predikat = evaluasi.predikat if tersimpan else nilai.predikat
    keterangan = next(
        (item.keterangan for item in predikat if item.kode == kode_predikat), ""
    )
    return HasilEvaluasi(
        evaluasi=evaluasi,
        tahap=TAHAP_HASIL[evaluasi.status],
        komponen=tuple(komponen_rows),
        total=total,
        predikat=kode_predikat,
        predikat_keterangan=keterangan,
        belum_dijawab=nilai.belum_dijawab,
        tersimpan=tersimpan,
    )


@dataclass(frozen=True)
class BarisPeringkat:
    """An OPD's final result of a year, its rank and the change from the
    previous year's final result (``None`` when it has none)."""

    nomor: int
    hasil: HasilEvaluasi
    total_lalu: Decimal | None
    predikat_lalu: str

    @property
    def perubahan(self) -> Decimal | None:
        if self.total_lalu is None:
            return None
        return self.hasil.total - self.total_lalu


@dataclass(frozen=True)
class Peringkat:
    """The ranking of a year: the final evaluations by total, highest first,
    the ones not final yet, and the mean nilai of each komponen."""

    tahun: int
    baris: tuple[BarisPeringkat, ...]
    belum_final: tuple[Evaluasi, ...]
    rata_komponen: tuple[tuple[str, Decimal, Decimal | None], ...]


def peringkat(*, tahun: int, user: Pengguna) -> Peringkat:
    """Rank the OPDs' final evaluations of ``tahun`` by their stored total.
    An OPD's staff see their own row only, with its rank among all. A fixed
    number of queries, whatever the number of OPDs."""
    from sakip.organisasi.models import Unit

    semua = list(
        Evaluasi.objects.select_related("unit", "template")
        .filter(tahun__in=[tahun, tahun - 1], unit__jenis=Unit.Jenis.PERANGKAT_DAERAH)
        .order_by("unit__urutan", "unit__kode")
    )
    final = [
        item for item in semua if item.status == Status.FINAL and item.nilai is not None
    ]
    hasil = hasil_banyak(final)
    tahun_ini = sorted(
        (item for item in final if item.tahun == tahun),
        key=lambda item: (-item.nilai, item.unit.urutan, item.unit.kode),
    )
    lalu = {item.unit_id: item for item in final if item.tahun == tahun - 1}
    visible = set(evaluasi_visible(user).values_list("pk", flat=True))

    baris = []
    for nomor, item in enumerate(tahun_ini, start=1):
        if item.pk not in visible:
            continue
        sebelumnya = lalu.get(item.unit_id)
        baris.append(
            BarisPeringkat(
                nomor=nomor,
                hasil=hasil[item.pk],
                total_lalu=None if sebelumnya is None else sebelumnya.nilai,
                predikat_lalu="" if sebelumnya is None else sebelumnya.predikat,
            )
        )
    belum = tuple(
        item
        for item in semua
        if item.tahun == tahun and item.status != Status.FINAL and item.pk in visible
    )
    rata = _rata_komponen(
        [hasil[item.pk] for item in tahun_ini if item.pk in visible],
        [hasil[item.pk] for item in lalu.values() if item.pk in visible],
    )
    return Peringkat(
        tahun=tahun, baris=tuple(baris), belum_final=belum, rata_komponen=rata
    )


def _mean_by_komponen(daftar: list[HasilEvaluasi]) -> dict[str, Decimal]:
    jumlah: dict[str, list[Decimal]] = defaultdict(list)
    for hasil in daftar:
        for komponen in hasil.komponen:
            jumlah[komponen.nama].append(komponen.nilai)
    return {
        nama: round_nilai(sum(values, Decimal(0)) / len(values))
        for nama, values in jumlah.items()
    }


def _rata_komponen(
    ini: list[HasilEvaluasi], lalu: list[HasilEvaluasi]
) -> tuple[tuple[str, Decimal, Decimal | None], ...]:
    """The mean nilai of each komponen this year and last, by komponen name,
    in the order of this year's worksheet."""
    rata_ini = _mean_by_komponen(ini)
    rata_lalu = _mean_by_komponen(lalu)
    return tuple((nama, nilai, rata_lalu.get(nama)) for nama, nilai in rata_ini.items())
