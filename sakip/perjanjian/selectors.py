"""Questions about officials and Perjanjian Kinerja."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet, Sum

from sakip.anggaran.models import Pagu
from sakip.perencanaan.models import Dokumen, Elemen, Target, TautanElemen

from .models import BarisPK, Jabatan, Level, PenugasanJabatan, PerjanjianKinerja

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna


def pejabat_pada(
    *, jabatan: Jabatan, tanggal: datetime.date
) -> PenugasanJabatan | None:
    """Return the assignment of the official who held ``jabatan`` on ``tanggal``.

    The definitive holder comes first, else the Plt, else the Plh; between
    two of the same kind the one who started last wins. ``None`` when the
    post was vacant.
    """
    candidates = PenugasanJabatan.objects.filter(
        Q(selesai__isnull=True) | Q(selesai__gte=tanggal),
        jabatan=jabatan,
        mulai__lte=tanggal,
    )
    ordered = sorted(
        candidates,
        key=lambda p: (PenugasanJabatan.PRIORITAS[p.jenis], -p.mulai.toordinal()),
    )
    return ordered[0] if ordered else None


def perjanjian_list(*, user: Pengguna) -> QuerySet[PerjanjianKinerja]:
    """Return the PKs that ``user`` may see, newest year first."""
    return PerjanjianKinerja.objects.visible_to(user).select_related("unit", "dokumen")


def perjanjian_berlaku(
    *, level: str, unit_id: int, tahun: int
) -> PerjanjianKinerja | None:
    """Return the PK of ``level`` for ``unit_id`` and ``tahun`` that has no newer
    version, if any."""
    return (
        PerjanjianKinerja.objects.filter(
            level=level,
            unit_id=unit_id,
            tahun=tahun,
            dokumen__versi_berikutnya__isnull=True,
        )
        .select_related("dokumen")
        .first()
    )


def baris_list(*, perjanjian: PerjanjianKinerja) -> list[BarisPK]:
    """Return the rows of ``perjanjian`` with their indikator, elemen and targets, in
    one query."""
    return list(
        BarisPK.objects.filter(perjanjian=perjanjian).select_related(
            "indikator__elemen__induk",
            "target",
            "target_sumber",
            "mendukung__indikator",
        )
    )


@dataclass(frozen=True)
class PerbedaanTarget:
    """One row whose PK target differs between two versions of a PK."""

    indikator_id: int
    uraian: str
    satuan: str
    sebelum: Decimal | None
    sesudah: Decimal | None
    alasan: str


def perbedaan_target(*, perjanjian: PerjanjianKinerja) -> list[PerbedaanTarget]:
    """List, indikator by indikator, where the targets of ``perjanjian``
    differ from those of the version before it (rows added or dropped
    included). Empty for a PK murni. One query."""
    sebelumnya_id = perjanjian.dokumen.versi_sebelumnya_id
    if sebelumnya_id is None:
        return []
    targets = Target.objects.filter(
        dokumen_id__in=[perjanjian.dokumen_id, sebelumnya_id],
        tahun=perjanjian.tahun,
        periode="tahunan",
        baris_pk__isnull=False,
    ).select_related("indikator", "baris_pk")
    lama: dict[int, Target] = {}
    baru: dict[int, Target] = {}
    for target in targets:
        side = baru if target.dokumen_id == perjanjian.dokumen_id else lama
        side[target.indikator_id] = target

    result = []
    for indikator_id in sorted(lama.keys() | baru.keys()):
        sebelum = lama.get(indikator_id)
        sesudah = baru.get(indikator_id)
        nilai_sebelum = sebelum.nilai if sebelum else None
        nilai_sesudah = sesudah.nilai if sesudah else None
        if sebelum and sesudah and nilai_sebelum == nilai_sesudah:
            continue
        indikator = (sesudah or sebelum).indikator
        result.append(
            PerbedaanTarget(
                indikator_id=indikator_id,
                uraian=indikator.uraian,
                satuan=indikator.satuan,
                sebelum=nilai_sebelum,
                sesudah=nilai_sesudah,
                alasan=sesudah.baris_pk.alasan_perubahan_target if sesudah else "",
            )
        )
    return result


@dataclass(frozen=True)
class BarisAnggaran:
    """A program, kegiatan or sub kegiatan of a PK with its pagu in rupiah,
    ``None`` where no pagu is recorded. ``opd`` names the OPD whose Renja an
    RKPD program comes from (several, comma-separated, when it comes from more
    than one), and is empty below the Kepala Daerah."""

    elemen: Elemen
    pagu: int | None
    opd: str = ""

    @property
    def uraian(self) -> str:
        """The elemen's uraian, followed by its OPD in brackets when known."""
        if not self.opd:
            return self.elemen.uraian
        return f"{self.elemen.uraian} ({self.opd})"


# For each kind of elemen, the lookup from a sub kegiatan's pagu up to it.
PAGU_LOOKUP = {
    Elemen.Jenis.PROGRAM: "elemen__induk__induk_id",
    Elemen.Jenis.KEGIATAN: "elemen__induk_id",
    Elemen.Jenis.SUB_KEGIATAN: "elemen_id",
}


def anggaran_list(
    *, perjanjian: PerjanjianKinerja, baris: list[BarisPK]
) -> list[BarisAnggaran]:
    """Compute the budget table of ``perjanjian``, ordered by nomenklatur:
    the programs under the sasaran of its rows (Kepala Daerah in the RKPD,
    Kepala OPD in the Renja), or the program, kegiatan and sub kegiatan of its
    rows, each with the sum of its sub kegiatan's pagu of the year.

    Pagu is read at the Renja's sub kegiatan, where the DPA sets it, and
    summed by the database. A PK murni reads the DPA murni and a perubahan
    the DPA perubahan. At most four queries.
    """
    # NOTE: the pagu is read from the Renja that the PK (or, for the Kepala
    # Daerah, the RKPD) was made from. A Renja perubahan made later has its
    # own sub kegiatan, and a pagu entered on those is not counted here.
    if perjanjian.level in (Level.KEPALA_DAERAH, Level.KEPALA_OPD):
        sasaran_ids = {b.indikator.elemen_id for b in baris}
        elemen = list(
            Elemen.objects.filter(induk_id__in=sasaran_ids, jenis=Elemen.Jenis.PROGRAM)
        )
    else:
        seen: dict[int, Elemen] = {}
        for b in baris:
            seen.setdefault(b.indikator.elemen_id, b.indikator.elemen)
        elemen = list(seen.values())
    elemen.sort(key=lambda e: (e.nomenklatur, e.kode))

    versi = (
        Pagu.Versi.MURNI
        if perjanjian.dokumen.versi == "murni"
        else Pagu.Versi.PERUBAHAN
    )
    if perjanjian.level == Level.KEPALA_DAERAH:
        return _anggaran_rkpd(programs=elemen, tahun=perjanjian.tahun, versi=versi)
    pagu = _pagu_renja(elemen=elemen, tahun=perjanjian.tahun, versi=versi)
    return [BarisAnggaran(elemen=e, pagu=pagu.get(e.pk)) for e in elemen]


def _pagu_renja(*, elemen: list[Elemen], tahun: int, versi: str) -> dict[int, int]:
    """Sum the pagu of the sub kegiatan under each Renja elemen, keyed by the
    elemen's pk. One query per kind of elemen."""
    pagu: dict[int, int] = {}
    for jenis, lookup in PAGU_LOOKUP.items():
        ids = [e.pk for e in elemen if e.jenis == jenis]
        if not ids:
            continue
        rows = (
            Pagu.objects.filter(
                **{f"{lookup}__in": ids},
                elemen__jenis=Elemen.Jenis.SUB_KEGIATAN,
                tahun=tahun,
                versi=versi,
            )
            .values(lookup)
            .annotate(jumlah=Sum("pagu"))
            .values_list(lookup, "jumlah")
        )
        pagu.update(rows)
    return pagu


def _anggaran_rkpd(
    *, programs: list[Elemen], tahun: int, versi: str
) -> list[BarisAnggaran]:
    """Return the RKPD ``programs`` with the pagu and the OPD of the Renja
    programs they come from, in two queries.

    An RKPD program has no pagu of its own: it is a copy of one OPD's Renja
    program, linked to it by ``berasal_dari``. A program that several OPDs
    run is listed once per OPD in the RKPD, so each row names its OPD. A row
    linked to more than one Renja program sums them all.
    """
    if not programs:
        return []
    asal = TautanElemen.objects.filter(
        dari__in=programs,
        jenis=TautanElemen.Jenis.BERASAL_DARI,
        ke__jenis=Elemen.Jenis.PROGRAM,
        ke__dokumen__jenis=Dokumen.Jenis.RENJA,
    )
    # The conditions on the sub kegiatan and their pagu are in one filter()
    # call, so they apply to the same joined row, and Sum() reuses that join.
    pagu = dict(
        asal.filter(
            ke__anak__anak__jenis=Elemen.Jenis.SUB_KEGIATAN,
            ke__anak__anak__pagu__tahun=tahun,
            ke__anak__anak__pagu__versi=versi,
        )
        .values("dari_id")
        .annotate(jumlah=Sum("ke__anak__anak__pagu__pagu"))
        .values_list("dari_id", "jumlah")
    )
    by_unit = asal.order_by("ke__dokumen__unit__urutan", "ke__dokumen__unit__kode")
    opd: dict[int, list[str]] = {}
    for dari_id, nama in by_unit.values_list("dari_id", "ke__dokumen__unit__nama"):
        names = opd.setdefault(dari_id, [])
        if nama not in names:
            names.append(nama)
    return [
        BarisAnggaran(
            elemen=program,
            pagu=pagu.get(program.pk),
            opd=", ".join(opd.get(program.pk, [])),
        )
        for program in programs
    ]
