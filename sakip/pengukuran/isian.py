"""The rows of the input and verification pages of one unit and period, each
list in a fixed number of queries whatever the number of rows.

A quarter's rows are the indikator of the unit's Perjanjian Kinerja of the
year, the newest version of each PK. A month's rows are the sub kegiatan of
the unit's DPA: those of its newest Renja of the year that have a pagu.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.anggaran.selectors import renja_anggaran_list
from sakip.organisasi.models import Unit
from sakip.perencanaan.models import Elemen, Indikator
from sakip.perjanjian.models import BarisPK, Level, PerjanjianKinerja
from sakip.referensi.models import NilaiSkala

from .models import Realisasi
from .periode import PERIODE_TRIWULAN, bulan_of
from .selectors import CapaianIndikator, capaian_indikator_list

URUTAN_LEVEL = {level: nomor for nomor, level in enumerate(Level.values)}


@dataclass
class BarisKinerja:
    """One indikator of a PK on the quarter's page: the PK's yearly target,
    the capaian to date (with the target to date) and the entry, if any."""

    baris: BarisPK
    indikator: Indikator
    perjanjian: PerjanjianKinerja
    capaian: CapaianIndikator | None
    entri: Realisasi | None
    skala_values: list[str]
    # Set by the page: whether the user may change the entry now.
    boleh_ubah: bool = False

    @property
    def versi(self) -> int:
        return 0 if self.entri is None else self.entri.versi

    @property
    def terkunci(self) -> bool:
        return self.entri is not None and self.entri.status == Realisasi.Status.DITERIMA

    @property
    def nilai_teks(self) -> str:
        """The stored value in the form the input takes (``72,5``)."""
        return nilai_input(self.entri)


@dataclass
class BarisKeuangan:
    """One sub kegiatan on the month's page: its pagu, the month's anggaran
    kas, the realisation before the month and the month's entry, if any."""

    elemen: Elemen
    pagu: int | None
    anggaran_kas: int | None
    realisasi_sebelumnya: int
    fisik_sebelumnya: Decimal | None
    entri: KeuanganBulanan | None
    # Set by the page: whether the user may change the entry now.
    boleh_ubah: bool = False

    @property
    def versi(self) -> int:
        return 0 if self.entri is None else self.entri.versi

    @property
    def terkunci(self) -> bool:
        return self.entri is not None and self.entri.status == Realisasi.Status.DITERIMA

    @property
    def realisasi_kumulatif(self) -> int | None:
        """The realisasi keuangan to the end of the month, if the month has one."""
        if self.entri is None or self.entri.realisasi_keuangan is None:
            return None
        return self.realisasi_sebelumnya + self.entri.realisasi_keuangan


def nilai_input(entri: Realisasi | None) -> str:
    """Return a stored realisation as the input shows it: ``72,5``, a scale
    value, or an empty string."""
    if entri is None:
        return ""
    if entri.nilai_skala:
        return entri.nilai_skala
    if entri.nilai is None:
        return ""
    return format(entri.nilai.normalize(), "f").replace(".", ",")


def perjanjian_unit_list(*, unit: Unit, tahun: int):
    """The newest version of every PK of ``unit`` for ``tahun``: the Kepala
    Daerah's for the Pemda; the Kepala OPD's and its bidang's for an OPD."""
    pks = PerjanjianKinerja.objects.filter(
        tahun=tahun, dokumen__versi_berikutnya__isnull=True
    )
    if unit.jenis == Unit.Jenis.PEMDA:
        return pks.filter(unit=unit)
    return pks.filter(unit__opd=unit)


def indikator_isian_check(*, indikator: Indikator, tahun: int) -> list[str] | None:
    """Return None when the quarter's page of ``indikator``'s unit lists it
    for ``tahun``. Otherwise return the kode of the indikator of its family
    (same ``akar``) that the page lists, which may be none."""
    dokumen_unit = indikator.elemen.dokumen.unit
    unit = Unit.objects.get(pk=dokumen_unit.opd_id or dokumen_unit.pk)
    indikator_ids = BarisPK.objects.filter(
        perjanjian__in=perjanjian_unit_list(unit=unit, tahun=tahun)
    ).values("indikator_id")
    if indikator_ids.filter(indikator_id=indikator.pk).exists():
        return None
    kunci = indikator.akar_id or indikator.pk
    return list(
        Indikator.objects.filter(pk__in=indikator_ids)
        .filter(Q(akar_id=kunci) | Q(pk=kunci))
        .order_by("kode")
        .values_list("kode", flat=True)
    )


def baris_kinerja_list(
    *, unit: Unit, tahun: int, periode: str, indikator_id: int | None = None
) -> list[BarisKinerja]:
    """Build the rows of a quarter's page (only that of ``indikator_id`` when
    given), in about ten queries whatever the number of rows."""
    if periode not in PERIODE_TRIWULAN:
        raise ValueError(f"{periode!r} is not a quarter")
    baris_qs = BarisPK.objects.filter(
        perjanjian__in=perjanjian_unit_list(unit=unit, tahun=tahun)
    )
    if indikator_id is not None:
        baris_qs = baris_qs.filter(indikator_id=indikator_id)
    rows = list(
        baris_qs.select_related(
            "perjanjian__unit", "perjanjian__dokumen", "indikator__elemen", "target"
        )
    )
    rows.sort(
        key=lambda b: (
            URUTAN_LEVEL.get(b.perjanjian.level, 99),
            b.perjanjian.unit.urutan,
            b.perjanjian.unit.kode,
            b.urutan,
            b.pk,
        )
    )
    indikator = Indikator.objects.filter(pk__in=baris_qs.values("indikator_id"))
    capaian = {
        item.indikator.pk: item
        for item in capaian_indikator_list(
            indikator=indikator, tahun=tahun, periode=periode
        )
    }
    entri = {
        item.indikator_id: item
        for item in Realisasi.objects.filter(
            indikator__in=indikator, tahun=tahun, periode=periode
        ).select_related("diisi_oleh", "diverifikasi_oleh")
    }
    skala: dict[int, list[str]] = defaultdict(list)
    for skala_id, nilai in (
        NilaiSkala.objects.filter(skala__indikator__in=indikator)
        .distinct()
        .order_by("skala_id", "-peringkat")
        .values_list("skala_id", "nilai")
    ):
        skala[skala_id].append(nilai)

    result = []
    seen: set[int] = set()
    for baris in rows:
        # An indikator promised in two PKs of the unit is entered once.
        if baris.indikator_id in seen:
            continue
        seen.add(baris.indikator_id)
        item = capaian.get(baris.indikator_id)
        # The capaian computation loaded the indikator with its scale.
        ind = item.indikator if item is not None else baris.indikator
        result.append(
            BarisKinerja(
                baris=baris,
                indikator=ind,
                perjanjian=baris.perjanjian,
                capaian=item,
                entri=entri.get(baris.indikator_id),
                skala_values=skala.get(ind.skala_id, []),
            )
        )
    return result


def sub_kegiatan_dpa(*, unit: Unit, tahun: int):
    """Return the sub kegiatan of the DPA of ``unit`` for ``tahun``, each
    annotated with its ``pagu_murni`` and ``pagu_perubahan``."""

    def pagu(versi: str) -> Subquery:
        return Subquery(
            Pagu.objects.filter(elemen=OuterRef("pk"), tahun=tahun, versi=versi).values(
                "pagu"
            )[:1]
        )

    return (
        Elemen.objects.filter(
            dokumen__in=renja_anggaran_list(tahun=tahun).filter(unit__opd=unit),
            jenis=Elemen.Jenis.SUB_KEGIATAN,
        )
        .annotate(
            pagu_murni=pagu(Pagu.Versi.MURNI),
            pagu_perubahan=pagu(Pagu.Versi.PERUBAHAN),
        )
        .filter(Q(pagu_murni__isnull=False) | Q(pagu_perubahan__isnull=False))
        .select_related("induk", "dokumen__unit")
        .order_by("dokumen__kode", "induk__urutan", "induk__kode", "urutan", "kode")
    )


def baris_keuangan_list(
    *, unit: Unit, tahun: int, periode: str, elemen_id: int | None = None
) -> list[BarisKeuangan]:
    """Build the rows of a month's page (only that of ``elemen_id`` when
    given), in two queries."""
    bulan = bulan_of(periode)
    if unit.jenis == Unit.Jenis.PEMDA:
        return []
    dpa = sub_kegiatan_dpa(unit=unit, tahun=tahun)
    if elemen_id is not None:
        dpa = dpa.filter(pk=elemen_id)
    elemen = list(dpa)
    months: dict[int, dict[int, KeuanganBulanan]] = defaultdict(dict)
    for row in KeuanganBulanan.objects.filter(
        elemen__in=dpa.values("pk"), tahun=tahun, bulan__lte=bulan
    ).select_related("diisi_oleh", "diverifikasi_oleh"):
        months[row.elemen_id][row.bulan] = row

    result = []
    for item in elemen:
        rows = months.get(item.pk, {})
        entri = rows.get(bulan)
        before = [rows[number] for number in sorted(rows) if number < bulan]
        fisik = [
            row.realisasi_fisik for row in before if row.realisasi_fisik is not None
        ]
        result.append(
            BarisKeuangan(
                elemen=item,
                pagu=item.pagu_perubahan
                if item.pagu_perubahan is not None
                else item.pagu_murni,
                anggaran_kas=None if entri is None else entri.anggaran_kas,
                realisasi_sebelumnya=sum(row.realisasi_keuangan or 0 for row in before),
                fisik_sebelumnya=fisik[-1] if fisik else None,
                entri=entri,
            )
        )
    return result


def _unit_filter(unit: Unit, path: str) -> dict:
    if unit.jenis == Unit.Jenis.PEMDA:
        return {f"{path}__unit": unit}
    return {f"{path}__unit__opd": unit}


def entri_unit_list(*, unit: Unit, tahun: int, periode: str):
    """Return the stored entries of the rows of the unit's page for ``tahun``
    and ``periode``: the realisation of its PK indikator for a quarter, the
    month of its DPA's sub kegiatan for a month."""
    if periode in PERIODE_TRIWULAN:
        indikator = BarisPK.objects.filter(
            perjanjian__in=perjanjian_unit_list(unit=unit, tahun=tahun)
        ).values("indikator_id")
        return Realisasi.objects.filter(
            tahun=tahun, periode=periode, indikator__in=indikator
        ).select_related("indikator__elemen__dokumen__unit", "diisi_oleh")
    if unit.jenis == Unit.Jenis.PEMDA:
        return KeuanganBulanan.objects.none()
    return KeuanganBulanan.objects.filter(
        tahun=tahun,
        bulan=bulan_of(periode),
        elemen__in=sub_kegiatan_dpa(unit=unit, tahun=tahun).values("pk"),
    ).select_related("elemen__dokumen__unit", "diisi_oleh")
