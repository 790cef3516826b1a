"""Sums of the DPA for the budget pages and the OPD dashboard, computed by the
database in a fixed number of queries whatever the size of the budget.

The budget of an OPD for a year lives on the sub kegiatan of its Renja of that
year (the newest version). Only sub kegiatan are summed: a pagu or monthly row
entered on a program or kegiatan is not counted, so nothing is counted twice.
The pagu that counts (``pagu_berlaku``) is the perubahan where a sub kegiatan
has one, else the murni.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum

from sakip.organisasi.models import Unit
from sakip.perencanaan.models import Dokumen, Elemen

from .models import KeuanganBulanan, Pagu

# The lookup from a Pagu or KeuanganBulanan row of a sub kegiatan to the
# elemen whose sum it adds to, per level of the tree.
JALUR_TINGKAT = {
    Elemen.Jenis.SUB_KEGIATAN: "elemen",
    Elemen.Jenis.KEGIATAN: "elemen__induk",
    Elemen.Jenis.PROGRAM: "elemen__induk__induk",
    Elemen.Jenis.SASARAN: "elemen__induk__induk__induk",
}
JALUR_OPD = "elemen__dokumen__unit__opd"
BULAN = range(1, 13)


@dataclass
class Jumlah:
    """The budget sums of one node (or of an OPD, or of the Pemda)."""

    pagu_murni: int | None = None
    pagu_perubahan: int | None = None
    pagu_berlaku: int | None = None
    anggaran_kas: int | None = None
    realisasi_keuangan: int | None = None
    # The sub kegiatan that have a pagu, and those of them with a pagu
    # perubahan: a sum of pagu perubahan above a sub kegiatan counts only the
    # latter.
    banyak_sub_kegiatan: int = 0
    banyak_perubahan: int = 0

    @property
    def perubahan_sebagian(self) -> bool:
        """Whether only some of the sub kegiatan have a pagu perubahan."""
        return 0 < self.banyak_perubahan < self.banyak_sub_kegiatan

    @property
    def serapan(self) -> Decimal | None:
        """Realisasi keuangan as a percentage of the pagu, unrounded."""
        return serapan(self.realisasi_keuangan, self.pagu_berlaku)


@dataclass
class BarisAnggaran:
    """One row of an OPD's budget tree: a sasaran, program, kegiatan or sub
    kegiatan with its sums, and for a sub kegiatan its latest realisasi fisik."""

    elemen: Elemen
    jumlah: Jumlah
    realisasi_fisik: Decimal | None = None
    anak: list[BarisAnggaran] = field(default_factory=list)


@dataclass
class TabelAnggaran:
    """The budget of one OPD for a year: its Renja, the tree and the total."""

    renja: Dokumen | None
    akar: list[BarisAnggaran]
    total: Jumlah

    def baris(self) -> list[BarisAnggaran]:
        """Return every row, depth first, in the order of the table."""
        result = []
        stack = list(reversed(self.akar))
        while stack:
            row = stack.pop()
            result.append(row)
            stack.extend(reversed(row.anak))
        return result


@dataclass
class BulanAnggaran:
    """One month of a budget: the sums of that month and to date."""

    bulan: int
    anggaran_kas: int | None
    realisasi_keuangan: int | None
    anggaran_kas_kumulatif: int
    realisasi_kumulatif: int


def serapan(realisasi: int | None, pagu: int | None) -> Decimal | None:
    """Return realisasi / pagu × 100 as a Decimal, or None without both."""
    if realisasi is None or not pagu:
        return None
    return Decimal(realisasi) * 100 / Decimal(pagu)


def renja_anggaran_list(*, tahun: int) -> QuerySet[Dokumen]:
    """The Renjas that hold the budget of ``tahun``: the newest version of each."""
    return Dokumen.objects.filter(
        jenis=Dokumen.Jenis.RENJA, tahun_awal=tahun, versi_berikutnya__isnull=True
    )


def tahun_anggaran_list() -> list[int]:
    """The years that have a pagu, newest first."""
    return list(
        Pagu.objects.order_by("-tahun").values_list("tahun", flat=True).distinct()
    )


def _pagu_rows(*, tahun: int, renja: QuerySet[Dokumen]) -> QuerySet[Pagu]:
    return Pagu.objects.filter(
        tahun=tahun,
        elemen__jenis=Elemen.Jenis.SUB_KEGIATAN,
        elemen__dokumen__in=renja,
    ).order_by()


def _keuangan_rows(*, tahun: int, renja: QuerySet[Dokumen]) -> QuerySet:
    return KeuanganBulanan.objects.filter(
        tahun=tahun,
        elemen__jenis=Elemen.Jenis.SUB_KEGIATAN,
        elemen__dokumen__in=renja,
    ).order_by()


def pagu_sums() -> dict:
    """Return the aggregates of a Pagu queryset: the pagu murni, perubahan
    and berlaku (the perubahan where a sub kegiatan has one, else the murni),
    and how many sub kegiatan and how many of them have a perubahan."""
    perubahan_ada = Pagu.objects.filter(
        elemen=OuterRef("elemen"),
        tahun=OuterRef("tahun"),
        versi=Pagu.Versi.PERUBAHAN,
    )
    berlaku = Q(versi=Pagu.Versi.PERUBAHAN) | (
        Q(versi=Pagu.Versi.MURNI) & ~Exists(perubahan_ada)
    )
    return {
        "pagu_murni": Sum("pagu", filter=Q(versi=Pagu.Versi.MURNI)),
        "pagu_perubahan": Sum("pagu", filter=Q(versi=Pagu.Versi.PERUBAHAN)),
        "pagu_berlaku": Sum("pagu", filter=berlaku),
        "banyak_sub_kegiatan": Count("elemen", distinct=True),
        "banyak_perubahan": Count("pk", filter=Q(versi=Pagu.Versi.PERUBAHAN)),
    }


KEUANGAN_SUMS = {
    "anggaran_kas": Sum("anggaran_kas"),
    "realisasi_keuangan": Sum("realisasi_keuangan"),
}


def _jumlah_by(pagu: QuerySet, keuangan: QuerySet, path: str) -> dict[int, Jumlah]:
    """Sum pagu and keuangan per value of ``path``: two queries."""
    result: dict[int, Jumlah] = {}
    for row in pagu.values(path).annotate(**pagu_sums()):
        key = row.pop(path)
        if key is not None:
            result[key] = Jumlah(**row)
    for row in keuangan.values(path).annotate(**KEUANGAN_SUMS):
        key = row.pop(path)
        if key is not None:
            jumlah = result.setdefault(key, Jumlah())
            jumlah.anggaran_kas = row["anggaran_kas"]
            jumlah.realisasi_keuangan = row["realisasi_keuangan"]
    return result


def _total(pagu: QuerySet, keuangan: QuerySet) -> Jumlah:
    return Jumlah(
        **pagu.aggregate(**pagu_sums()), **keuangan.aggregate(**KEUANGAN_SUMS)
    )


def jumlah_opd_list(*, tahun: int, opd: QuerySet[Unit] | None = None) -> dict:
    """Return the sums of every OPD for ``tahun``, by OPD pk; two queries."""
    renja = renja_anggaran_list(tahun=tahun)
    if opd is not None:
        renja = renja.filter(unit__opd__in=opd)
    pagu = _pagu_rows(tahun=tahun, renja=renja)
    keuangan = _keuangan_rows(tahun=tahun, renja=renja)
    return _jumlah_by(pagu, keuangan, JALUR_OPD)


def jumlah_pemda(*, tahun: int) -> Jumlah:
    """Return the sums of the whole Pemda for ``tahun``; two queries."""
    renja = renja_anggaran_list(tahun=tahun)
    return _total(
        _pagu_rows(tahun=tahun, renja=renja), _keuangan_rows(tahun=tahun, renja=renja)
    )


def anggaran_table(*, opd: Unit, tahun: int) -> TabelAnggaran:
    """Build the budget tree of ``opd`` for ``tahun``.

    Twelve queries whatever the size: the Renja, its elemen (each sub kegiatan
    with its latest realisasi fisik), two sums per level of the tree and two
    for the total.
    """
    renja_qs = renja_anggaran_list(tahun=tahun).filter(unit__opd=opd)
    renja = renja_qs.order_by("-pk").first()
    if renja is None:
        return TabelAnggaran(renja=None, akar=[], total=Jumlah())
    renja_qs = renja_qs.filter(pk=renja.pk)
    fisik_terakhir = (
        KeuanganBulanan.objects.filter(
            elemen=OuterRef("pk"), tahun=tahun, realisasi_fisik__isnull=False
        )
        .order_by("-bulan")
        .values("realisasi_fisik")[:1]
    )
    elemen = list(
        Elemen.objects.filter(dokumen=renja, jenis__in=JALUR_TINGKAT)
        .annotate(fisik=Subquery(fisik_terakhir))
        .order_by("urutan", "kode")
    )
    pagu = _pagu_rows(tahun=tahun, renja=renja_qs)
    keuangan = _keuangan_rows(tahun=tahun, renja=renja_qs)
    sums = {
        jenis: _jumlah_by(pagu, keuangan, path) for jenis, path in JALUR_TINGKAT.items()
    }

    rows: dict[int, BarisAnggaran] = {}
    for item in elemen:
        rows[item.pk] = BarisAnggaran(
            elemen=item,
            jumlah=sums[item.jenis].get(item.pk, Jumlah()),
            realisasi_fisik=item.fisik,
        )
    akar = []
    for row in rows.values():
        parent = rows.get(row.elemen.induk_id)
        if parent is None:
            akar.append(row)
        else:
            parent.anak.append(row)
    return TabelAnggaran(renja=renja, akar=akar, total=_total(pagu, keuangan))


def bulanan_list(
    *, tahun: int, opd: Unit | None = None, elemen: Elemen | None = None
) -> list[BulanAnggaran]:
    """Return the twelve months of ``tahun`` for an OPD, the sub kegiatan under
    ``elemen`` (``elemen`` itself included), or the whole Pemda; one query.

    The database sums each month; the running totals add up those twelve sums.
    """
    renja = renja_anggaran_list(tahun=tahun)
    if opd is not None:
        renja = renja.filter(unit__opd=opd)
    rows = _keuangan_rows(tahun=tahun, renja=renja)
    if elemen is not None:
        rows = rows.filter(
            Q(elemen=elemen)
            | Q(elemen__induk=elemen)
            | Q(elemen__induk__induk=elemen)
            | Q(elemen__induk__induk__induk=elemen)
        )
    months = (
        rows.values("bulan")
        .annotate(
            kas=Sum("anggaran_kas"),
            realisasi=Sum("realisasi_keuangan"),
        )
        .order_by("bulan")
    )
    by_month = {row["bulan"]: row for row in months}
    result = []
    kas_to_date = realisasi_to_date = 0
    for bulan in BULAN:
        row = by_month.get(bulan)
        if row is not None:
            kas_to_date += row["kas"] or 0
            realisasi_to_date += row["realisasi"] or 0
        result.append(
            BulanAnggaran(
                bulan=bulan,
                anggaran_kas=row["kas"] if row else None,
                realisasi_keuangan=row["realisasi"] if row else None,
                anggaran_kas_kumulatif=kas_to_date,
                realisasi_kumulatif=realisasi_to_date,
            )
        )
    return result
