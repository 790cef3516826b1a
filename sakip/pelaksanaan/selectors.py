"""Questions about rencana aksi: the list, and the content of one with its
warnings, read in a fixed number of queries whatever its number of rows."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sakip.anggaran.models import KeuanganBulanan
from sakip.perencanaan.models import Elemen, Indikator, Periode, Target
from sakip.perjanjian.models import BarisPK, Level, PerjanjianKinerja

from . import targets
from .models import Aksi, RencanaAksi, TargetFisikBulanan
from .targets import TRIWULAN, JenisNilai, NilaiTarget

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna

LABEL_TRIWULAN = {
    "TW1": Periode.TW1.label,
    "TW2": Periode.TW2.label,
    "TW3": Periode.TW3.label,
    "TW4": Periode.TW4.label,
}


def nama_bulan() -> dict[int, str]:
    """Return the translated name of each month, 1 to 12."""
    return {bulan: str(Periode(f"B{bulan:02d}").label) for bulan in targets.BULAN}


def jenis_nilai(indikator: Indikator) -> JenisNilai:
    """Return whether the targets of ``indikator`` are numbers, bands or scale
    values."""
    if indikator.skala_id is not None:
        return JenisNilai.SKALA
    if indikator.polaritas == Indikator.Polaritas.RENTANG:
        return JenisNilai.RENTANG
    return JenisNilai.ANGKA


def urutan_periode(periode: str) -> tuple[int, int]:
    """Sort key of a period within its year: by its last month, a month
    before the quarter that ends with it (B03 before TW1)."""
    if periode.startswith("TW"):
        return (int(periode[2:]) * 3, 1)
    return (int(periode[1:]), 0)


def _digest(values: Iterable) -> str:
    return hashlib.sha256(repr(list(values)).encode()).hexdigest()[:16]


def versi_triwulan(rows: Iterable[Target]) -> str:
    """The version of one row's quarterly targets, for an edit form: a hash
    of their values, so that a save over someone else's change is caught."""
    return _digest(
        sorted(
            (
                t.periode,
                str(t.nilai),
                t.nilai_skala,
                str(t.batas_bawah),
                str(t.batas_atas),
            )
            for t in rows
        )
    )


def versi_fisik(rows: Iterable[TargetFisikBulanan]) -> str:
    """The version of one sub kegiatan's monthly plan, for an edit form."""
    return _digest(sorted((t.bulan, str(t.nilai)) for t in rows))


def versi_aksi(aksi: Aksi) -> str:
    """The version of one action, for an edit form."""
    return _digest([aksi.periode, aksi.uraian, aksi.unit_pj_id, aksi.baris_id])


def rencana_aksi_list(
    *, user: Pengguna, tahun: int | None = None, opd_id: int | None = None
) -> QuerySet[RencanaAksi]:
    """Return the rencana aksi that ``user`` may see, of ``tahun`` and of the
    OPD ``opd_id`` (its bidang included) when given."""
    rows = RencanaAksi.objects.visible_to(user).select_related(
        "dokumen__unit", "perjanjian__dokumen"
    )
    if tahun is not None:
        rows = rows.filter(dokumen__tahun_awal=tahun)
    if opd_id is not None:
        rows = rows.filter(dokumen__unit__opd_id=opd_id)
    return rows


def tahun_list(*, user: Pengguna) -> list[int]:
    """Years that have a rencana aksi ``user`` may see, newest first."""
    return list(
        RencanaAksi.objects.visible_to(user)
        .order_by("-dokumen__tahun_awal")
        .values_list("dokumen__tahun_awal", flat=True)
        .distinct()
    )


def rencana_aksi_of(perjanjian: PerjanjianKinerja) -> RencanaAksi | None:
    """Return the rencana aksi of ``perjanjian``, if it has one."""
    return (
        RencanaAksi.objects.filter(perjanjian=perjanjian)
        .select_related("dokumen")
        .first()
    )


def sub_kegiatan_list(
    *, perjanjian: PerjanjianKinerja, baris: Iterable[BarisPK]
) -> list[Elemen]:
    """Return the sub kegiatan whose monthly plan a PPTK's rencana aksi holds:
    those of its rows, and those under its kegiatan rows that no other bidang
    is responsible for. Empty for the other levels. At most one query."""
    if perjanjian.level != Level.PPTK:
        return []
    elemen = {b.indikator.elemen_id: b.indikator.elemen for b in baris}
    found = {pk: e for pk, e in elemen.items() if e.jenis == Elemen.Jenis.SUB_KEGIATAN}
    kegiatan_ids = [pk for pk, e in elemen.items() if e.jenis == Elemen.Jenis.KEGIATAN]
    if kegiatan_ids:
        children = Elemen.objects.filter(
            Q(unit_pj__isnull=True) | Q(unit_pj_id=perjanjian.unit_id),
            induk_id__in=kegiatan_ids,
            jenis=Elemen.Jenis.SUB_KEGIATAN,
        )
        for child in children:
            found.setdefault(child.pk, child)
    return sorted(found.values(), key=lambda e: (e.nomenklatur, e.kode))


@dataclass
class SelTriwulan:
    """One quarter's target of a row, for the table."""

    periode: str
    label: str
    nilai: NilaiTarget


@dataclass
class BarisRencana:
    """One PK row in its rencana aksi: the PK's yearly target, the four
    quarterly targets, the warnings of the agregasi check and the actions."""

    baris: BarisPK
    jenis: JenisNilai
    tahunan: NilaiTarget
    triwulan: list[SelTriwulan]
    peringatan: list[str]
    aksi: list[Aksi]
    versi: str

    @property
    def indikator(self) -> Indikator:
        return self.baris.indikator


@dataclass
class BulanFisik:
    """One month of a sub kegiatan's plan: its anggaran kas (the target
    keuangan), the share of the year's anggaran kas planned up to it, and
    the target fisik."""

    bulan: int
    nama: str
    anggaran_kas: int | None
    kas_kumulatif: Decimal | None
    target_fisik: Decimal | None


@dataclass
class RencanaFisik:
    """The monthly plan of one sub kegiatan of a PPTK's rencana aksi."""

    elemen: Elemen
    bulan: list[BulanFisik]
    total_kas: int | None
    peringatan: list[str]
    versi: str


@dataclass
class IsiRencanaAksi:
    """The content of one rencana aksi, or of one of its rows, ready to show."""

    rencana_aksi: RencanaAksi
    baris: list[BarisRencana] = field(default_factory=list)
    fisik: list[RencanaFisik] = field(default_factory=list)

    @property
    def baris_peringatan(self) -> list[BarisRencana]:
        return [row for row in self.baris if row.peringatan]

    @property
    def fisik_peringatan(self) -> list[RencanaFisik]:
        return [row for row in self.fisik if row.peringatan]

    @property
    def jumlah_peringatan(self) -> int:
        """The number of rows and sub kegiatan with at least one warning,
        which the user confirms before adopting."""
        return len(self.baris_peringatan) + len(self.fisik_peringatan)


def isi_rencana_aksi(
    rencana_aksi: RencanaAksi,
    *,
    baris_id: int | None = None,
    elemen_id: int | None = None,
) -> IsiRencanaAksi:
    """Read the rows, quarterly targets, actions and monthly plans of
    ``rencana_aksi`` and check them. With ``baris_id`` or ``elemen_id``, only
    that row or that sub kegiatan is filled in (for a fragment). Seven
    queries at most, whatever the number of rows."""
    perjanjian = rencana_aksi.perjanjian
    semua_baris = list(
        BarisPK.objects.filter(perjanjian=perjanjian).select_related(
            "indikator__elemen", "indikator__skala", "target"
        )
    )
    isi = IsiRencanaAksi(rencana_aksi=rencana_aksi)
    if elemen_id is None:
        chosen = [b for b in semua_baris if baris_id is None or b.pk == baris_id]
        isi.baris = _baris_rencana(rencana_aksi, chosen)
    if baris_id is None:
        elemen = sub_kegiatan_list(perjanjian=perjanjian, baris=semua_baris)
        if elemen_id is not None:
            elemen = [e for e in elemen if e.pk == elemen_id]
        isi.fisik = _rencana_fisik(rencana_aksi, elemen)
    return isi


def _baris_rencana(
    rencana_aksi: RencanaAksi, baris_list: list[BarisPK]
) -> list[BarisRencana]:
    if not baris_list:
        return []
    indikator_ids = [b.indikator_id for b in baris_list]
    by_indikator: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(
        dokumen=rencana_aksi.dokumen_id,
        tahun=rencana_aksi.tahun,
        periode__in=TRIWULAN,
        indikator_id__in=indikator_ids,
    ):
        by_indikator[target.indikator_id].append(target)
    aksi_by_baris: dict[int, list[Aksi]] = defaultdict(list)
    for aksi in Aksi.objects.filter(
        rencana_aksi=rencana_aksi, baris__in=[b.pk for b in baris_list]
    ).select_related("unit_pj"):
        aksi.versi = versi_aksi(aksi)
        aksi_by_baris[aksi.baris_id].append(aksi)

    result = []
    for baris in baris_list:
        indikator = baris.indikator
        rows = by_indikator.get(indikator.pk, [])
        per_periode = {t.periode: NilaiTarget.of(t) for t in rows}
        tahunan = NilaiTarget.of(baris.target)
        jenis = jenis_nilai(indikator)
        peringatan = targets.check_triwulan(
            tahunan, per_periode, jenis=jenis, agregasi=indikator.agregasi
        )
        aksi = sorted(
            aksi_by_baris.get(baris.pk, []),
            key=lambda a: (urutan_periode(a.periode), a.pk),
        )
        result.append(
            BarisRencana(
                baris=baris,
                jenis=jenis,
                tahunan=tahunan,
                triwulan=[
                    SelTriwulan(
                        tw, LABEL_TRIWULAN[tw], per_periode.get(tw, NilaiTarget())
                    )
                    for tw in TRIWULAN
                ],
                peringatan=[p.render(_) for p in peringatan],
                aksi=aksi,
                versi=versi_triwulan(rows),
            )
        )
    return result


def _rencana_fisik(
    rencana_aksi: RencanaAksi, elemen_list: list[Elemen]
) -> list[RencanaFisik]:
    if not elemen_list:
        return []
    ids = [e.pk for e in elemen_list]
    kas: dict[int, dict[int, int | None]] = defaultdict(dict)
    for elemen_id, bulan, anggaran_kas in KeuanganBulanan.objects.filter(
        elemen_id__in=ids, tahun=rencana_aksi.tahun
    ).values_list("elemen_id", "bulan", "anggaran_kas"):
        kas[elemen_id][bulan] = anggaran_kas
    fisik: dict[int, list[TargetFisikBulanan]] = defaultdict(list)
    for row in TargetFisikBulanan.objects.filter(
        rencana_aksi=rencana_aksi, elemen_id__in=ids
    ):
        fisik[row.elemen_id].append(row)

    names = nama_bulan()
    result = []
    for elemen in elemen_list:
        kas_bulan = kas.get(elemen.pk, {})
        rows = fisik.get(elemen.pk, [])
        values = {row.bulan: row.nilai for row in rows}
        result.append(
            RencanaFisik(
                elemen=elemen,
                bulan=_bulan_fisik(kas_bulan, values, names),
                total_kas=_total(kas_bulan.values()),
                peringatan=[
                    p.render(_) for p in targets.check_fisik(values, nama_bulan=names)
                ],
                versi=versi_fisik(rows),
            )
        )
    return result


def _bulan_fisik(
    kas_bulan: dict[int, int | None],
    values: dict[int, Decimal],
    names: dict[int, str],
) -> list[BulanFisik]:
    total = _total(kas_bulan.values())
    cumulative = 0
    result = []
    for bulan in targets.BULAN:
        cumulative += kas_bulan.get(bulan) or 0
        share = None
        if total:
            share = Decimal(cumulative) * 100 / Decimal(total)
        result.append(
            BulanFisik(
                bulan=bulan,
                nama=names[bulan],
                anggaran_kas=kas_bulan.get(bulan),
                kas_kumulatif=share,
                target_fisik=values.get(bulan),
            )
        )
    return result


def _total(values: Iterable[int | None]) -> int | None:
    numbers = [v for v in values if v is not None]
    return sum(numbers) if numbers else None


def anggaran_kas_of(*, elemen_ids: list[int], tahun: int) -> dict[int, dict[int, int]]:
    """Return the anggaran kas of each sub kegiatan by month, in one query."""
    kas: dict[int, dict[int, int]] = defaultdict(dict)
    for elemen_id, bulan, anggaran_kas in KeuanganBulanan.objects.filter(
        elemen_id__in=elemen_ids, tahun=tahun, anggaran_kas__isnull=False
    ).values_list("elemen_id", "bulan", "anggaran_kas"):
        kas[elemen_id][bulan] = anggaran_kas
    return kas
