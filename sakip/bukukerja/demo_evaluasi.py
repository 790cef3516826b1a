"""The demo's Evaluasi AKIP: a final evaluation of BPKAD and Bapperida.

The LKE's "tahun n" is the evaluation's year, and its reporting evidence
(the realisation, the LKjIP) is of year n - 1. The demo cycle ends with the
realisation and LKjIP of 2025, so the demo evaluates year 2026, in which the
Renstra still runs but no Renja or PK of 2026 exists yet.

Each evaluation goes through the services of the pages: the OPD's operator
answers the penilaian mandiri, the Inspektorat's evaluator accepts every
proposal the data makes and answers the other criteria by a fixed pattern,
and the pengendali mutu makes it final. The answers of the other criteria,
the notes, the recommendations and their follow-up are invented and say so.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from sakip.evaluasi.bukti_data import usulan_evaluasi
from sakip.evaluasi.lke import lke_bawaan_load
from sakip.evaluasi.models import Evaluasi, Kriteria, NilaiJawaban, PenugasanEvaluator
from sakip.evaluasi.rekomendasi import (
    IsianRekomendasi,
    IsianTindakLanjut,
    rekomendasi_create,
    rekomendasi_tutup,
    tindak_lanjut_create,
)
from sakip.evaluasi.services import (
    IsianJawaban,
    evaluasi_create,
    evaluasi_lanjutkan,
    evaluator_assign,
    jawaban_simpan,
)
from sakip.organisasi.models import Pengguna, Unit
from sakip.pelaporan import services as pelaporan

from .demo_siklus import TAHUN

TAHUN_EVALUASI = TAHUN + 1
PENANDA_DEMO = "Teks contoh data demo."

# The rank of the answer (0 is the best of the criterion's scale) that the
# evaluator gives to the i-th criterion without a proposal, cycling through
# the pattern. Bapperida's pattern is the stronger one, so the two OPD end
# with different predikat.
POLA_EVALUATOR = {
    "OPD-7": (0, 0, 1, 0, 0, 0, 1, 0, 0, 0),
    "OPD-5": (0, 1, 1, 2, 0, 1, 2, 1, 0, 3),
}

REKOMENDASI_DEMO = {
    "OPD-5": (
        (
            "AREN",
            "Susun dan tetapkan Renja dan Perjanjian Kinerja tahun 2026 tepat "
            "waktu, dengan IKU yang selaras dengan Renstra.",
        ),
        (
            "CLAP",
            "Tetapkan dan publikasikan LKjIP tahun 2025 paling lambat 31 Maret 2026.",
        ),
        (
            "BKUR",
            "Lengkapi definisi operasional dan formula setiap IKU.",
        ),
    ),
    "OPD-7": (
        (
            "BKUR",
            "Manfaatkan hasil pengukuran triwulanan untuk menyesuaikan rencana aksi.",
        ),
        (
            "DVAL",
            "Pantau tindak lanjut rekomendasi evaluasi sebelumnya setiap triwulan.",
        ),
    ),
}


@transaction.atomic
def demo_evaluasi_build(
    *,
    operator: dict[str, Pengguna],
    evaluator: Pengguna,
    pengendali_mutu: Pengguna,
) -> list[Evaluasi]:
    """Build the final demo evaluation of each OPD of ``operator`` (the
    operator of each OPD, by unit kode), with its recommendations."""
    template = lke_bawaan_load()
    kriteria = list(
        Kriteria.objects.filter(sub_komponen__komponen__template=template)
        .select_related("sub_komponen__komponen")
        .order_by("sub_komponen__komponen__urutan", "sub_komponen__urutan", "urutan")
    )
    skala = _scale_by_jenis(template.pk)
    _write_bpkad_lkjip_draft(operator["OPD-5"])

    daftar = []
    for kode, pola in POLA_EVALUATOR.items():
        unit = Unit.objects.get(kode=kode)
        evaluasi = evaluasi_create(
            user=evaluator, unit=unit, tahun=TAHUN_EVALUASI, template=template
        )
        evaluator_assign(user=evaluator, evaluasi=evaluasi, evaluator=evaluator)
        evaluator_assign(
            user=evaluator,
            evaluasi=evaluasi,
            evaluator=pengendali_mutu,
            peran=PenugasanEvaluator.Peran.PENGENDALI_MUTU,
        )
        _answer_mandiri(evaluasi, kriteria, skala, pola, user=operator[kode])
        _answer_evaluator(evaluasi, kriteria, skala, pola, user=evaluator)
        evaluasi = evaluasi_lanjutkan(
            user=evaluator,
            evaluasi=evaluasi,
            catatan=f"{PENANDA_DEMO} Evaluasi selesai, diteruskan ke reviu mutu.",
        )
        evaluasi = evaluasi_lanjutkan(
            user=pengendali_mutu,
            evaluasi=evaluasi,
            catatan=f"{PENANDA_DEMO} Reviu mutu selesai tanpa perubahan.",
        )
        _add_rekomendasi(evaluasi, user=evaluator, operator=operator[kode])
        daftar.append(evaluasi)
    return daftar


def _scale_by_jenis(template_id: int) -> dict[str, list[str]]:
    """The answer codes of each answer type, best first."""
    skala: dict[str, list[str]] = {}
    for nilai in NilaiJawaban.objects.filter(template_id=template_id).order_by(
        "jenis_jawaban", "-nilai"
    ):
        skala.setdefault(nilai.jenis_jawaban, []).append(nilai.kode)
    return skala


def _pick(kodes: list[str], rank: int) -> str:
    return kodes[min(rank, len(kodes) - 1)]


def _write_bpkad_lkjip_draft(user: Pengguna) -> None:
    """Start BPKAD's LKjIP 2025 as a draft, so that its evidence shows a
    report written but not adopted."""
    pelaporan.narasi_simpan(
        user=user,
        unit=user.unit,
        tahun=TAHUN,
        bagian="ikhtisar",
        isi=(
            f"{PENANDA_DEMO} Draf ikhtisar capaian kinerja BPKAD tahun 2025, "
            "belum ditetapkan."
        ),
        versi=0,
    )


def _answer_mandiri(evaluasi, kriteria, skala, pola, *, user) -> None:
    """The OPD rates itself one step better than the evaluator will."""
    for i, item in enumerate(kriteria):
        rank = max(pola[i % len(pola)] - 1, 0)
        jawaban_simpan(
            user=user,
            evaluasi=evaluasi,
            kriteria=item,
            versi=0,
            isian=IsianJawaban(kode=_pick(skala[item.jenis_jawaban], rank)),
        )
    evaluasi_lanjutkan(
        user=user,
        evaluasi=evaluasi,
        catatan=f"{PENANDA_DEMO} Penilaian mandiri selesai.",
    )


def _answer_evaluator(evaluasi, kriteria, skala, pola, *, user) -> None:
    """Accept the data's proposal where there is one, else follow ``pola``."""
    evaluasi.refresh_from_db()
    usulan = usulan_evaluasi(evaluasi, kriteria=kriteria)
    for i, item in enumerate(kriteria):
        proposal = usulan.get(item.kode)
        if proposal is not None and proposal.ada:
            isian = IsianJawaban(kode=proposal.kode, usulan=proposal.kode)
        else:
            kode = _pick(skala[item.jenis_jawaban], pola[i % len(pola)])
            catatan = ""
            if kode != skala[item.jenis_jawaban][0]:
                catatan = f"{PENANDA_DEMO} Bukti dukung belum lengkap."
            isian = IsianJawaban(kode=kode, catatan=catatan)
        jawaban_simpan(
            user=user, evaluasi=evaluasi, kriteria=item, versi=0, isian=isian
        )


def _add_rekomendasi(evaluasi, *, user, operator) -> None:
    """Write the OPD's recommendations; the first one is followed up by the
    operator and closed by the evaluator."""
    komponen = {k.kode[:4]: k for k in evaluasi.template.komponen.all()}
    for urutan, (komponen_kode, uraian) in enumerate(
        REKOMENDASI_DEMO[evaluasi.unit.kode]
    ):
        rekomendasi = rekomendasi_create(
            user=user,
            evaluasi=evaluasi,
            isian=IsianRekomendasi(
                uraian=f"{PENANDA_DEMO} {uraian}",
                komponen=komponen.get(komponen_kode),
                batas_waktu=datetime.date(TAHUN_EVALUASI + 1, 6, 30),
            ),
        )
        if urutan > 0:
            continue
        tindak_lanjut_create(
            user=operator,
            rekomendasi=rekomendasi,
            isian=IsianTindakLanjut(
                uraian=f"{PENANDA_DEMO} Rekomendasi telah ditindaklanjuti.",
                tanggal=timezone.localdate(),
                bukti_tautan="https://example.org/demo/tindak-lanjut",
            ),
        )
        rekomendasi_tutup(
            user=user,
            rekomendasi=rekomendasi,
            catatan=f"{PENANDA_DEMO} Tindak lanjut diterima.",
        )
