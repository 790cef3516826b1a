"""The budget beside performance in the LKjIP (PP 8/2006): pagu and verified
realisasi keuangan per sasaran and program, and the efficiency of each sasaran.

A sasaran's budget is that of the programs under it. For an OPD these are the
Renja programs whose induk is the Renja sasaran. For the Pemda they are the
RKPD programs under the RKPD sasaran, each of which takes the budget of the
Renja programs it comes from (``berasal_dari``). A program's budget is the sum
of its sub kegiatan: the pagu berlaku (the perubahan where a sub kegiatan has
one, else the murni) and the realisasi keuangan that a verifikator accepted.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.anggaran.selectors import pagu_sums, renja_anggaran_list, serapan
from sakip.organisasi.models import Unit
from sakip.pengukuran import capaian as engine
from sakip.pengukuran.selectors import capaian_indikator_list, load_context
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, TautanElemen

from .lkjip_format import dec, two_places

# From a sub kegiatan's Pagu or KeuanganBulanan row up to its program.
JALUR_PROGRAM = "elemen__induk__induk_id"
DITERIMA = KeuanganBulanan.Status.DITERIMA


def anggaran_sasaran(
    *, sasaran_ids: list[int], tahun: int, is_pemda: bool
) -> dict[int, dict]:
    """Return, per sasaran pk, its budget (``anggaran``) and its programs
    (``program``) with their pagu, realisasi, serapan and capaian.

    Nine queries whatever the number of sasaran and programs."""
    # NOTE: the programs are those of the sasaran's own Renja or RKPD (the
    # PK's source), while ``anggaran_unit`` sums the newest Renja. After a
    # Renja perubahan made later than the PK the two totals may differ.
    if not sasaran_ids:
        return {}
    programs = list(
        Elemen.objects.filter(induk_id__in=sasaran_ids, jenis=Elemen.Jenis.PROGRAM)
        .select_related("dokumen__unit")
        .order_by("urutan", "kode")
    )
    if is_pemda:
        renja_of, opd_of = _renja_programs(programs)
    else:
        renja_of = {program.pk: [program.pk] for program in programs}
        opd_of = {program.pk: program.dokumen.unit.nama for program in programs}
    renja_ids = sorted({pk for ids in renja_of.values() for pk in ids})
    sums = _program_sums(renja_ids, tahun=tahun)
    capaian = _program_capaian(renja_ids, tahun=tahun)
    batas = load_context(hanya_terverifikasi=True).batas_rollup

    result: dict[int, dict] = {
        pk: {"anggaran": None, "program": []} for pk in sasaran_ids
    }
    for program in programs:
        ids = renja_of.get(program.pk, [])
        pagu = _sum_or_none(sums.get(pk, {}).get("pagu") for pk in ids)
        realisasi = _sum_or_none(sums.get(pk, {}).get("realisasi") for pk in ids)
        nilai = engine.roll_up(
            [value for pk in ids for value in capaian.get(pk, [])], batas=batas
        )
        kategori = engine.kategori_for(nilai)
        result[program.induk_id]["program"].append(
            {
                "kode": program.kode,
                "nomenklatur": program.nomenklatur,
                "nama": program.uraian,
                "opd": opd_of.get(program.pk, ""),
                **_jumlah(pagu, realisasi),
                "capaian": dec(nilai),
                "capaian_2dp": two_places(nilai),
                "kategori": None if kategori is None else kategori.value,
            }
        )
    for item in result.values():
        rows = item["program"]
        item["anggaran"] = _jumlah(
            _sum_or_none(row["pagu"] for row in rows),
            _sum_or_none(row["realisasi"] for row in rows),
        )
    return result


def anggaran_unit(*, unit: Unit, tahun: int, is_pemda: bool) -> dict:
    """Return the whole budget of the OPD, or of the Pemda, for ``tahun``:
    pagu berlaku and verified realisasi keuangan of the sub kegiatan in the
    newest Renja of each OPD, and how many monthly realisasi are not yet
    verified (``belum_diverifikasi``), which are left out. Two queries."""
    renja = renja_anggaran_list(tahun=tahun)
    if not is_pemda:
        renja = renja.filter(unit__opd=unit)
    pagu = (
        Pagu.objects.filter(
            tahun=tahun,
            elemen__jenis=Elemen.Jenis.SUB_KEGIATAN,
            elemen__dokumen__in=renja,
        )
        .order_by()
        .aggregate(pagu=pagu_sums()["pagu_berlaku"])["pagu"]
    )
    keuangan = (
        KeuanganBulanan.objects.filter(
            tahun=tahun,
            elemen__jenis=Elemen.Jenis.SUB_KEGIATAN,
            elemen__dokumen__in=renja,
            realisasi_keuangan__isnull=False,
        )
        .order_by()
        .aggregate(
            realisasi=Sum("realisasi_keuangan", filter=Q(status=DITERIMA)),
            diterima=Count("pk", filter=Q(status=DITERIMA)),
            belum=Count("pk", filter=~Q(status=DITERIMA)),
        )
    )
    return {
        **_jumlah(pagu, keuangan["realisasi"] if keuangan["diterima"] else None),
        "belum_diverifikasi": keuangan["belum"],
    }


def efisiensi_for(*, capaian_2dp: str | None, serapan_2dp: str | None) -> dict:
    """Compare a sasaran's capaian kinerja with its serapan anggaran, both as
    shown (two places): the difference in percentage points, and "efisien"
    when the capaian is at least the serapan.

    This reading of efficiency is the common practice of Pemda LKjIPs, not a
    formula of PP 8/2006 or PermenPAN-RB 53/2014, which only ask for the
    efficiency of the resources used to be analysed."""
    result = {
        "capaian_2dp": capaian_2dp,
        "serapan_2dp": serapan_2dp,
        "selisih_2dp": None,
        "efisien": None,
        "label": None,
        "keterangan": None,
    }
    if capaian_2dp is None:
        result["keterangan"] = _("capaian kinerja sasaran belum dapat dihitung")
        return result
    if serapan_2dp is None:
        result["keterangan"] = _("pagu atau realisasi anggaran sasaran belum ada")
        return result
    selisih = Decimal(capaian_2dp) - Decimal(serapan_2dp)
    efisien = selisih >= 0
    result.update(
        selisih_2dp=two_places(selisih),
        efisien=efisien,
        label=_("efisien") if efisien else _("kurang efisien"),
    )
    return result


def _renja_programs(
    programs: list[Elemen],
) -> tuple[dict[int, list[int]], dict[int, str]]:
    """Map each RKPD program to the Renja programs it comes from, and to the
    names of their OPD (comma-separated). One query."""
    links = (
        TautanElemen.objects.filter(
            dari__in=[program.pk for program in programs],
            jenis=TautanElemen.Jenis.BERASAL_DARI,
            ke__jenis=Elemen.Jenis.PROGRAM,
            ke__dokumen__jenis=Dokumen.Jenis.RENJA,
        )
        .order_by("ke__dokumen__unit__urutan", "ke__dokumen__unit__kode", "ke_id")
        .values_list("dari_id", "ke_id", "ke__dokumen__unit__nama")
    )
    renja_of: dict[int, list[int]] = defaultdict(list)
    names: dict[int, list[str]] = defaultdict(list)
    for dari_id, ke_id, nama in links:
        renja_of[dari_id].append(ke_id)
        if nama not in names[dari_id]:
            names[dari_id].append(nama)
    return dict(renja_of), {pk: ", ".join(value) for pk, value in names.items()}


def _program_sums(program_ids: list[int], *, tahun: int) -> dict[int, dict]:
    """Sum the pagu berlaku and the verified realisasi keuangan of the sub
    kegiatan under each program; two queries."""
    if not program_ids:
        return {}
    result: dict[int, dict] = defaultdict(dict)
    pagu_rows = (
        Pagu.objects.filter(
            **{f"{JALUR_PROGRAM}__in": program_ids},
            elemen__jenis=Elemen.Jenis.SUB_KEGIATAN,
            tahun=tahun,
        )
        .values(JALUR_PROGRAM)
        .annotate(jumlah=pagu_sums()["pagu_berlaku"])
        .values_list(JALUR_PROGRAM, "jumlah")
    )
    for pk, jumlah in pagu_rows:
        result[pk]["pagu"] = jumlah
    keuangan_rows = (
        KeuanganBulanan.objects.filter(
            **{f"{JALUR_PROGRAM}__in": program_ids},
            elemen__jenis=Elemen.Jenis.SUB_KEGIATAN,
            tahun=tahun,
            status=DITERIMA,
            realisasi_keuangan__isnull=False,
        )
        .values(JALUR_PROGRAM)
        .annotate(jumlah=Sum("realisasi_keuangan"))
        .values_list(JALUR_PROGRAM, "jumlah")
    )
    for pk, jumlah in keuangan_rows:
        result[pk]["realisasi"] = jumlah
    return dict(result)


def _program_capaian(program_ids: list[int], *, tahun: int) -> dict[int, list]:
    """Return the capaian of each program's own indikator, by program pk."""
    if not program_ids:
        return {}
    result: dict[int, list] = defaultdict(list)
    for item in capaian_indikator_list(
        indikator=Indikator.objects.filter(elemen_id__in=program_ids),
        tahun=tahun,
        hanya_terverifikasi=True,
    ):
        result[item.indikator.elemen_id].append(item.capaian)
    return dict(result)


def _jumlah(pagu: int | None, realisasi: int | None) -> dict:
    value = serapan(realisasi, pagu)
    return {
        "pagu": pagu,
        "realisasi": realisasi,
        "serapan": dec(value),
        "serapan_2dp": two_places(value),
    }


def _sum_or_none(values) -> int | None:
    present = [value for value in values if value is not None]
    return sum(present) if present else None
