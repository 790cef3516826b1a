"""Monitoring of one year and period: capaian of every PK indikator, serapan
anggaran of every sub kegiatan, the ranking of OPDs, the lagging items and the
early warning, read in a fixed number of queries whatever the number of rows.

A quarter's kinerja is measured at that quarter; a month's at the latest
quarter it completes (May at TW1; January and February at none). The budget
is measured to the end of the period's last month (TW2 at June).

Ranking of OPDs: the mean of the capaian of the OPD's PK indikator in the
period, each capped at the Pemda's ``batas_rollup`` (``capaian.roll_up``),
highest first; indikator without a capaian are left out. Beside it, the
serapan to date: realisasi keuangan to date / pagu × 100.

A sub kegiatan lags when its realisasi keuangan to date is behind its
anggaran kas to date by more than ``batas_deviasi()`` percentage points of
its pagu, or its realisasi fisik is behind the month's target fisik by more
than that many points.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.anggaran.selectors import renja_anggaran_list
from sakip.organisasi.models import Pengguna, Unit
from sakip.pelaksanaan.models import TargetFisikBulanan
from sakip.perencanaan.models import Dokumen, Elemen, Indikator
from sakip.perjanjian.models import BarisPK, PerjanjianKinerja

from . import capaian as engine
from . import proyeksi

# The early warning reads targets and realisation per period by the same
# family rule as the capaian, so it uses the selectors' readers.
from .selectors import (
    CapaianIndikator,
    capaian_indikator_list,
    choose_target_document,
    engine_target,
    load_context,
    realisasi_by_indikator,
    targets_by_indikator,
)

BATAS_DEVIASI_DEFAULT = Decimal(10)
KATEGORI_TERTINGGAL = (engine.Kategori.RENDAH, engine.Kategori.SANGAT_RENDAH)


def batas_deviasi() -> Decimal:
    """Return the lag threshold in percentage points: the setting
    ``SAKIP_MONITORING_BATAS_DEVIASI`` (a number), 10 when it is not set."""
    value = getattr(settings, "SAKIP_MONITORING_BATAS_DEVIASI", None)
    if value is None:
        return BATAS_DEVIASI_DEFAULT
    return Decimal(str(value))


def triwulan_of(periode: str) -> str | None:
    """Return the quarter whose kinerja a period shows: the quarter itself, or
    the latest quarter a month completes; None for January and February."""
    kind = engine.Periode(periode)
    if kind is engine.Periode.TAHUNAN:
        return engine.Periode.TW4.value
    if kind.is_triwulan:
        return kind.value
    nomor = (kind.nomor or 0) // 3
    return engine.TRIWULAN[nomor - 1].value if nomor else None


def bulan_of(periode: str) -> int:
    """Return the last month of a period: TW2 is 6, B05 is 5, tahunan 12."""
    kind = engine.Periode(periode)
    if kind is engine.Periode.TAHUNAN:
        return 12
    if kind.is_triwulan:
        return (kind.nomor or 0) * 3
    return kind.nomor or 0


@dataclass
class IndikatorMonitoring:
    """One PK indikator in the monitoring: its capaian in the period and the
    early warning's projection of its year-end capaian."""

    baris: BarisPK
    opd: Unit | None
    capaian: CapaianIndikator
    proyeksi: proyeksi.Proyeksi | None

    @property
    def indikator(self) -> Indikator:
        return self.capaian.indikator

    @property
    def kategori_rendah(self) -> bool:
        """Whether the capaian is in the lowest two kategori."""
        return self.capaian.kategori in KATEGORI_TERTINGGAL

    @property
    def diperingatkan(self) -> bool:
        return self.proyeksi is not None and self.proyeksi.tertinggal

    @property
    def tertinggal(self) -> bool:
        return self.kategori_rendah or self.diperingatkan


@dataclass
class SubKegiatanMonitoring:
    """One sub kegiatan of a DPA: budget and physical progress to date against
    the rencana aksi (anggaran kas and target fisik) and the pagu."""

    elemen: Elemen
    opd: Unit
    pagu: int | None
    anggaran_kas: int | None
    realisasi_keuangan: int | None
    realisasi_fisik: Decimal | None
    target_fisik: Decimal | None
    batas: Decimal

    @property
    def serapan(self) -> Decimal | None:
        """Realisasi keuangan to date as a percentage of the pagu."""
        return _percent(self.realisasi_keuangan, self.pagu)

    @property
    def serapan_kas(self) -> Decimal | None:
        """Realisasi keuangan to date as a percentage of anggaran kas to date."""
        return _percent(self.realisasi_keuangan, self.anggaran_kas)

    @property
    def deviasi_keuangan(self) -> Decimal | None:
        """Points of pagu by which realisasi is behind anggaran kas to date."""
        if not self.pagu or self.anggaran_kas is None:
            return None
        realised = self.realisasi_keuangan or 0
        return Decimal(self.anggaran_kas - realised) * 100 / Decimal(self.pagu)

    @property
    def deviasi_fisik(self) -> Decimal | None:
        """Points by which realisasi fisik is behind the month's target fisik."""
        if self.target_fisik is None:
            return None
        return self.target_fisik - (self.realisasi_fisik or Decimal(0))

    @property
    def tertinggal_keuangan(self) -> bool:
        value = self.deviasi_keuangan
        return value is not None and value > self.batas

    @property
    def tertinggal_fisik(self) -> bool:
        value = self.deviasi_fisik
        return value is not None and value > self.batas

    @property
    def tertinggal(self) -> bool:
        return self.tertinggal_keuangan or self.tertinggal_fisik


@dataclass
class PeringkatOPD:
    """One OPD in the ranking: mean capaian of its PK indikator (each capped at
    batas_rollup) and its serapan anggaran to date."""

    opd: Unit
    capaian: Decimal | None
    jumlah_indikator: int
    pagu: int
    realisasi_keuangan: int
    nomor: int = 0

    @property
    def capaian_2dp(self) -> Decimal | None:
        return None if self.capaian is None else engine.round_half_up(self.capaian, 2)

    @property
    def kategori(self) -> str | None:
        kategori = engine.kategori_for(self.capaian)
        return None if kategori is None else kategori.value

    @property
    def warna(self) -> str | None:
        kategori = engine.kategori_for(self.capaian)
        return None if kategori is None else kategori.warna

    @property
    def serapan(self) -> Decimal | None:
        return _percent(self.realisasi_keuangan, self.pagu)


@dataclass
class Monitoring:
    """The monitoring of one year and period for the rows a user may see."""

    tahun: int
    periode: str
    triwulan: str | None
    bulan: int
    hanya_terverifikasi: bool
    batas_rollup: Decimal | None
    batas: Decimal
    indikator: list[IndikatorMonitoring] = field(default_factory=list)
    sub_kegiatan: list[SubKegiatanMonitoring] = field(default_factory=list)
    peringkat: list[PeringkatOPD] = field(default_factory=list)

    @property
    def indikator_tertinggal(self) -> list[IndikatorMonitoring]:
        return [item for item in self.indikator if item.tertinggal]

    @property
    def sub_kegiatan_tertinggal(self) -> list[SubKegiatanMonitoring]:
        return [item for item in self.sub_kegiatan if item.tertinggal]

    @property
    def peringatan_dini(self) -> list[IndikatorMonitoring]:
        return [item for item in self.indikator if item.diperingatkan]


def baris_pk_list(
    *, user: Pengguna | None, tahun: int, opd: Unit | None = None
) -> QuerySet[BarisPK]:
    """Return the rows of the newest version of every PK of ``tahun`` that
    ``user`` may see (every PK when ``user`` is None), of ``opd`` when given."""
    pks = PerjanjianKinerja.objects.filter(
        tahun=tahun, dokumen__versi_berikutnya__isnull=True
    )
    if user is not None:
        pks = pks.visible_to(user)
    if opd is not None:
        pks = pks.filter(unit__opd=opd)
    return BarisPK.objects.filter(perjanjian__in=pks).select_related(
        "perjanjian__unit__opd", "indikator"
    )


def monitoring_build(
    *,
    user: Pengguna | None,
    tahun: int,
    periode: str,
    opd: Unit | None = None,
    hanya_terverifikasi: bool = False,
    tanpa_draft: bool = False,
) -> Monitoring:
    """Build the monitoring of ``tahun`` and ``periode`` for ``user``'s rows.

    About twenty queries whatever the number of PK rows and sub kegiatan.
    ``user`` None reads every row (the command that finds lagging items).
    ``tanpa_draft`` leaves out the entries still in draft.
    """
    context = load_context(hanya_terverifikasi=hanya_terverifikasi)
    result = Monitoring(
        tahun=tahun,
        periode=periode,
        triwulan=triwulan_of(periode),
        bulan=bulan_of(periode),
        hanya_terverifikasi=hanya_terverifikasi,
        batas_rollup=context.batas_rollup,
        batas=batas_deviasi(),
    )
    baris = baris_pk_list(user=user, tahun=tahun, opd=opd)
    if result.triwulan is not None:
        result.indikator = _indikator_list(
            baris,
            tahun=tahun,
            triwulan=result.triwulan,
            context=context,
            tanpa_draft=tanpa_draft,
        )
    result.sub_kegiatan = _sub_kegiatan_list(
        user=user,
        tahun=tahun,
        bulan=result.bulan,
        opd=opd,
        hanya_terverifikasi=hanya_terverifikasi,
        tanpa_draft=tanpa_draft,
        batas=result.batas,
    )
    result.peringkat = _peringkat(result)
    return result


def _indikator_list(
    baris: QuerySet[BarisPK],
    *,
    tahun: int,
    triwulan: str,
    context,
    tanpa_draft: bool,
) -> list[IndikatorMonitoring]:
    rows = sorted(
        baris,
        key=lambda b: (
            b.perjanjian.unit.opd.urutan if b.perjanjian.unit.opd else -1,
            b.perjanjian.unit.urutan,
            b.urutan,
            b.pk,
        ),
    )
    indikator = Indikator.objects.filter(pk__in=baris.values("indikator_id"))
    capaian = {
        item.indikator.pk: item
        for item in capaian_indikator_list(
            indikator=indikator,
            tahun=tahun,
            periode=triwulan,
            hanya_terverifikasi=context.hanya_terverifikasi,
            tanpa_draft=tanpa_draft,
        )
    }
    targets = targets_by_indikator(indikator, tahun=tahun)
    realisasi = realisasi_by_indikator(
        indikator,
        tahun=tahun,
        hanya_terverifikasi=context.hanya_terverifikasi,
        tanpa_draft=tanpa_draft,
    )

    result = []
    seen: set[int] = set()
    for row in rows:
        # An indikator promised in two PKs is monitored once.
        if row.indikator_id in seen or row.indikator_id not in capaian:
            continue
        seen.add(row.indikator_id)
        item = capaian[row.indikator_id]
        result.append(
            IndikatorMonitoring(
                baris=row,
                opd=row.perjanjian.unit.opd,
                capaian=item,
                proyeksi=_project(
                    item.indikator,
                    targets=targets.get(row.indikator_id, []),
                    realisasi=realisasi.get(row.indikator_id, {}),
                    triwulan=triwulan,
                    context=context,
                ),
            )
        )
    return result


def _project(
    indikator: Indikator, *, targets: list, realisasi: dict, triwulan: str, context
) -> proyeksi.Proyeksi | None:
    """Project the year-end capaian of ``indikator``, or None when its data
    does not fit it (the capaian then shows the reason)."""
    tahunan = choose_target_document(targets, periode="tahunan")
    plan_dokumen = choose_target_document(targets, periode=engine.Periode.TW4.value)
    target_tahunan = next(
        (
            engine_target(t)
            for t in targets
            if tahunan is not None
            and t.dokumen_id == tahunan.pk
            and t.periode == "tahunan"
            and t.has_value()
        ),
        None,
    )
    rencana = {
        t.periode: engine_target(t)
        for t in targets
        if plan_dokumen is not None
        and t.dokumen_id == plan_dokumen.pk
        and t.periode in {p.value for p in engine.TRIWULAN}
        and t.has_value()
    }
    skala = context.skala.get(indikator.skala_id) if indikator.skala_id else None
    try:
        return proyeksi.project_realisasi(
            polaritas=engine.Polaritas(indikator.polaritas),
            agregasi=engine.Agregasi(indikator.agregasi),
            target_tahunan=target_tahunan,
            realisasi={k: v for k, v in realisasi.items() if k != "tahunan"},
            periode=engine.Periode(triwulan),
            rencana=rencana or None,
            rumus_negatif=engine.RumusNegatif(
                indikator.rumus_negatif or context.rumus_negatif
            ),
            skala=skala,
        )
    except (ValueError, TypeError):
        return None


def _sub_kegiatan_list(
    *,
    user: Pengguna | None,
    tahun: int,
    bulan: int,
    opd: Unit | None,
    hanya_terverifikasi: bool,
    tanpa_draft: bool = False,
    batas: Decimal,
) -> list[SubKegiatanMonitoring]:
    renja = renja_anggaran_list(tahun=tahun)
    if opd is not None:
        renja = renja.filter(unit__opd=opd)
    elemen = Elemen.objects.filter(dokumen__in=renja, jenis=Elemen.Jenis.SUB_KEGIATAN)
    if user is not None:
        elemen = elemen.visible_to(user)

    def pagu(versi: str) -> Subquery:
        return Subquery(
            Pagu.objects.filter(elemen=OuterRef("pk"), tahun=tahun, versi=versi).values(
                "pagu"
            )[:1]
        )

    bulan_q = Q(keuangan__tahun=tahun, keuangan__bulan__lte=bulan)
    realisasi_q = bulan_q
    fisik = KeuanganBulanan.objects.filter(
        elemen=OuterRef("pk"),
        tahun=tahun,
        bulan__lte=bulan,
        realisasi_fisik__isnull=False,
    )
    if hanya_terverifikasi:
        realisasi_q &= Q(keuangan__status=KeuanganBulanan.Status.DITERIMA)
        fisik = fisik.filter(status=KeuanganBulanan.Status.DITERIMA)
    elif tanpa_draft:
        realisasi_q &= ~Q(keuangan__status=KeuanganBulanan.Status.DRAFT)
        fisik = fisik.exclude(status=KeuanganBulanan.Status.DRAFT)
    rows = list(
        elemen.annotate(
            pagu_murni=pagu(Pagu.Versi.MURNI),
            pagu_perubahan=pagu(Pagu.Versi.PERUBAHAN),
            kas_sd=Sum("keuangan__anggaran_kas", filter=bulan_q),
            realisasi_sd=Sum("keuangan__realisasi_keuangan", filter=realisasi_q),
            fisik_sd=Subquery(fisik.order_by("-bulan").values("realisasi_fisik")[:1]),
        )
        .filter(Q(pagu_murni__isnull=False) | Q(pagu_perubahan__isnull=False))
        .select_related("dokumen__unit__opd")
        .order_by("dokumen__unit__opd__urutan", "dokumen__kode", "urutan", "kode")
    )
    target_fisik = _target_fisik(
        elemen_ids=[row.pk for row in rows], tahun=tahun, bulan=bulan
    )
    return [
        SubKegiatanMonitoring(
            elemen=row,
            opd=row.dokumen.unit.opd or row.dokumen.unit,
            pagu=row.pagu_perubahan
            if row.pagu_perubahan is not None
            else row.pagu_murni,
            anggaran_kas=row.kas_sd,
            realisasi_keuangan=row.realisasi_sd,
            realisasi_fisik=row.fisik_sd,
            target_fisik=target_fisik.get(row.pk),
            batas=batas,
        )
        for row in rows
    ]


def _target_fisik(*, elemen_ids: list[int], tahun: int, bulan: int) -> dict:
    """Return the month's target fisik of each sub kegiatan from a ditetapkan
    rencana aksi of ``tahun`` (the newest where two plan one), in one query."""
    rows = TargetFisikBulanan.objects.filter(
        elemen_id__in=elemen_ids,
        bulan=bulan,
        rencana_aksi__dokumen__tahun_awal=tahun,
        rencana_aksi__dokumen__status=Dokumen.Status.DITETAPKAN,
    ).order_by("rencana_aksi_id")
    return {
        elemen_id: nilai for elemen_id, nilai in rows.values_list("elemen_id", "nilai")
    }


def _peringkat(monitoring: Monitoring) -> list[PeringkatOPD]:
    capaian: dict[int, list[Decimal | None]] = defaultdict(list)
    units: dict[int, Unit] = {}
    for item in monitoring.indikator:
        if item.opd is None:
            continue
        units[item.opd.pk] = item.opd
        capaian[item.opd.pk].append(item.capaian.capaian)
    pagu: dict[int, int] = defaultdict(int)
    realisasi: dict[int, int] = defaultdict(int)
    for row in monitoring.sub_kegiatan:
        units.setdefault(row.opd.pk, row.opd)
        pagu[row.opd.pk] += row.pagu or 0
        realisasi[row.opd.pk] += row.realisasi_keuangan or 0

    rows = [
        PeringkatOPD(
            opd=unit,
            capaian=engine.roll_up(capaian.get(pk, []), batas=monitoring.batas_rollup),
            jumlah_indikator=len(capaian.get(pk, [])),
            pagu=pagu.get(pk, 0),
            realisasi_keuangan=realisasi.get(pk, 0),
        )
        for pk, unit in units.items()
    ]
    rows.sort(
        key=lambda r: (
            r.capaian is None,
            -(r.capaian or 0),
            -(r.serapan or 0),
            r.opd.urutan,
            r.opd.nama,
        )
    )
    for nomor, row in enumerate(rows, start=1):
        row.nomor = nomor
    return rows


def _percent(part: int | None, whole: int | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)
