"""Questions about officials and Perjanjian Kinerja."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Q, QuerySet, Subquery

from sakip.anggaran.models import Pagu
from sakip.anggaran.selectors import pagu_sums
from sakip.perencanaan.models import Dokumen, Elemen, Target, TautanElemen

from .models import (
    BarisAnggaranPK,
    BarisPK,
    Jabatan,
    Level,
    PenugasanJabatan,
    PerjanjianKinerja,
)

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna

PROGRAM = Elemen.Jenis.PROGRAM


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
    """Return the PKs that ``user`` may see, newest year first. Each carries
    ``pengganti_id``: the PK of the version that replaces it, if any."""
    pengganti = PerjanjianKinerja.objects.filter(
        dokumen__versi_sebelumnya=OuterRef("dokumen")
    ).values("pk")[:1]
    return (
        PerjanjianKinerja.objects.visible_to(user)
        .select_related("unit", "dokumen")
        .annotate(pengganti_id=Subquery(pengganti))
    )


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


def perjanjian_pengganti(*, perjanjian: PerjanjianKinerja) -> PerjanjianKinerja | None:
    """Return the PK of the version made to replace ``perjanjian`` (its PK
    perubahan, draft or signed), or ``None`` when there is none."""
    return (
        PerjanjianKinerja.objects.filter(
            dokumen__versi_sebelumnya_id=perjanjian.dokumen_id
        )
        .select_related("dokumen")
        .first()
    )


def target_values(target: Target | None) -> tuple:
    """Return what ``target`` promises: its nilai, nilai skala and bounds, and
    those of an empty target for ``None``. Two targets promise the same when
    these are equal (Decimal compares 50 and 50.00 as equal)."""
    if target is None:
        return (None, "", None, None)
    return (target.nilai, target.nilai_skala, target.batas_bawah, target.batas_atas)


def target_version(baris: BarisPK) -> str:
    """Return the version of a row's PK target for an edit form: a digest of
    the stored target and its reason, which changes whenever either is saved."""
    values = (*target_values(baris.target), baris.alasan_perubahan_target)
    return hashlib.sha256(repr(values).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class PerbedaanTarget:
    """One row whose PK target differs between two versions of a PK;
    ``sebelum`` or ``sesudah`` is ``None`` where the row was added or
    dropped."""

    indikator_id: int
    uraian: str
    satuan: str
    sebelum: Target | None
    sesudah: Target | None
    alasan: str


def perbedaan_target(*, perjanjian: PerjanjianKinerja) -> list[PerbedaanTarget]:
    """List, indikator by indikator, where the targets of ``perjanjian``
    differ from those of the version before it (a value, a scale value or a
    bound; rows added or dropped included). Empty for a PK murni. One query."""
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
        if sebelum and sesudah and target_values(sebelum) == target_values(sesudah):
            continue
        indikator = (sesudah or sebelum).indikator
        result.append(
            PerbedaanTarget(
                indikator_id=indikator_id,
                uraian=indikator.uraian,
                satuan=indikator.satuan,
                sebelum=sebelum,
                sesudah=sesudah,
                alasan=sesudah.baris_pk.alasan_perubahan_target if sesudah else "",
            )
        )
    return result


def tree_keys(elemen: Iterable[Elemen]) -> dict[int, tuple]:
    """Return, per elemen pk, its place in the tree of its document: the
    ``(urutan, kode)`` of each ancestor from the root down to the elemen.
    Sorted by these keys, every elemen comes right after its parent and
    before its parent's next sibling (a kegiatan, then its sub kegiatan).

    ``elemen`` must hold every ancestor; an elemen whose parent is missing is
    placed as a root."""
    nodes = {item.pk: item for item in elemen}
    keys: dict[int, tuple] = {}
    for pk in nodes:
        path: list[int] = []
        current: int | None = pk
        while current in nodes and current not in keys and current not in path:
            path.append(current)
            current = nodes[current].induk_id
        key = keys.get(current, ()) if current is not None else ()
        for node_pk in reversed(path):
            node = nodes[node_pk]
            key = (*key, (node.urutan, node.kode))
            keys[node_pk] = key
    return keys


@dataclass(frozen=True)
class BarisAnggaran:
    """One row of a PK's budget table: a program, kegiatan or sub kegiatan
    with its pagu in rupiah, ``None`` where no pagu is recorded.

    ``elemen`` is the Renja or RKPD elemen of a row computed from the DPA,
    and ``None`` on a signed PK's frozen rows. ``opd`` names the OPD whose
    Renja an RKPD program comes from, comma-separated when there are several.
    It is empty below the Kepala Daerah. ``uraian`` is the elemen's uraian
    followed by that OPD in brackets."""

    nomenklatur: str
    uraian: str
    pagu: int | None
    elemen: Elemen | None = None
    opd: str = ""


def _baris_anggaran(elemen: Elemen, pagu: int | None, opd: str = "") -> BarisAnggaran:
    uraian = f"{elemen.uraian} ({opd})" if opd else elemen.uraian
    return BarisAnggaran(
        nomenklatur=elemen.nomenklatur,
        uraian=uraian,
        pagu=pagu,
        elemen=elemen,
        opd=opd,
    )


# For each kind of elemen, the lookup from a sub kegiatan's pagu up to it.
PAGU_LOOKUP = {
    Elemen.Jenis.PROGRAM: "elemen__induk__induk_id",
    Elemen.Jenis.KEGIATAN: "elemen__induk_id",
    Elemen.Jenis.SUB_KEGIATAN: "elemen_id",
}


def anggaran_list(
    *, perjanjian: PerjanjianKinerja, baris: list[BarisPK]
) -> list[BarisAnggaran]:
    """Return the budget table of ``perjanjian``: for a signed PK the rows
    frozen when it was signed, for a draft the table computed from the DPA
    now (``compute_anggaran_list``). One query more for a signed PK."""
    if perjanjian.is_ditandatangani:
        frozen = [
            BarisAnggaran(nomenklatur=row.nomenklatur, uraian=row.uraian, pagu=row.pagu)
            for row in BarisAnggaranPK.objects.filter(perjanjian=perjanjian)
        ]
        # NOTE: a PK signed before the budget table was frozen at signing has
        # no frozen rows, so it shows the table computed now, as does a signed
        # PK whose table was empty.
        if frozen:
            return frozen
    return compute_anggaran_list(perjanjian=perjanjian, baris=baris)


def compute_anggaran_list(
    *, perjanjian: PerjanjianKinerja, baris: list[BarisPK]
) -> list[BarisAnggaran]:
    """Compute the budget table of ``perjanjian`` from the DPA, in the order
    of the source plan's tree. The Kepala Daerah and Kepala OPD list the
    programs under the sasaran of their rows (in the RKPD and the Renja), the
    others the program, kegiatan and sub kegiatan of their rows. Each row
    has the sum of its sub kegiatan's pagu of the year.

    A PK murni reads the DPA murni. A PK perubahan reads, per sub kegiatan,
    the pagu perubahan where there is one, else the murni: the pagu berlaku
    of the budget pages. The database sums the pagu, in at most four queries
    whatever the number of rows.
    """
    # NOTE: the pagu is read from the Renja that the PK (or, for the Kepala
    # Daerah, the RKPD) was made from. A Renja perubahan made later has its
    # own sub kegiatan, and a pagu entered on those is not counted here.
    pohon = Elemen.objects.filter(dokumen_id=perjanjian.sumber_id)
    if perjanjian.level != Level.PPTK:
        # Only a PPTK's table lists kegiatan and sub kegiatan, and an RKPD
        # may hold thousands of them.
        pohon = pohon.exclude(
            jenis__in=[Elemen.Jenis.KEGIATAN, Elemen.Jenis.SUB_KEGIATAN]
        )
    pohon = list(pohon)
    keys = tree_keys(pohon)
    if perjanjian.level in (Level.KEPALA_DAERAH, Level.KEPALA_OPD):
        sasaran_ids = {b.indikator.elemen_id for b in baris}
        elemen = [e for e in pohon if e.induk_id in sasaran_ids and e.jenis == PROGRAM]
    else:
        seen: dict[int, Elemen] = {}
        for b in baris:
            seen.setdefault(b.indikator.elemen_id, b.indikator.elemen)
        elemen = list(seen.values())
    elemen.sort(key=lambda e: keys.get(e.pk, ()))

    murni = perjanjian.dokumen.versi == "murni"
    if perjanjian.level == Level.KEPALA_DAERAH:
        return _anggaran_rkpd(programs=elemen, tahun=perjanjian.tahun, murni=murni)
    pagu: dict[int, int] = {}
    for jenis, lookup in PAGU_LOOKUP.items():
        ids = [e.pk for e in elemen if e.jenis == jenis]
        pagu.update(_sum_pagu(lookup, ids, tahun=perjanjian.tahun, murni=murni))
    return [_baris_anggaran(e, pagu.get(e.pk)) for e in elemen]


def _sum_pagu(lookup: str, ids: list[int], *, tahun: int, murni: bool) -> dict:
    """Sum the pagu of the sub kegiatan under the elemen ``ids``, which
    ``lookup`` reaches from a Pagu row, keyed by elemen pk. One query, or
    none without ids.

    The sum is the anggaran app's pagu murni, or its pagu berlaku: the
    perubahan where a sub kegiatan has one, else the murni. An elemen whose
    sub kegiatan have no such pagu maps to ``None``."""
    if not ids:
        return {}
    jumlah = pagu_sums()["pagu_murni" if murni else "pagu_berlaku"]
    rows = (
        Pagu.objects.filter(
            **{f"{lookup}__in": ids},
            elemen__jenis=Elemen.Jenis.SUB_KEGIATAN,
            tahun=tahun,
        )
        .values(lookup)
        .annotate(jumlah=jumlah)
        .values_list(lookup, "jumlah")
    )
    return dict(rows)


def _anggaran_rkpd(
    *, programs: list[Elemen], tahun: int, murni: bool
) -> list[BarisAnggaran]:
    """Return the RKPD ``programs`` with the pagu and the OPD of the Renja
    programs they come from, in two queries.

    An RKPD program has no pagu of its own: it is a copy of one OPD's Renja
    program, linked to it by ``berasal_dari``. A program that several OPDs
    run is listed once per OPD in the RKPD, so each row names its OPD. A row
    linked to more than one Renja program adds up their sums, which the
    database computed per Renja program.
    """
    if not programs:
        return []
    links = list(
        TautanElemen.objects.filter(
            dari__in=programs,
            jenis=TautanElemen.Jenis.BERASAL_DARI,
            ke__jenis=PROGRAM,
            ke__dokumen__jenis=Dokumen.Jenis.RENJA,
        )
        .order_by("ke__dokumen__unit__urutan", "ke__dokumen__unit__kode", "ke_id")
        .values_list("dari_id", "ke_id", "ke__dokumen__unit__nama")
    )
    pagu_renja = _sum_pagu(
        PAGU_LOOKUP[PROGRAM],
        sorted({ke_id for _dari, ke_id, _nama in links}),
        tahun=tahun,
        murni=murni,
    )
    pagu: dict[int, int] = {}
    opd: dict[int, list[str]] = {}
    for dari_id, ke_id, nama in links:
        value = pagu_renja.get(ke_id)
        if value is not None:
            pagu[dari_id] = pagu.get(dari_id, 0) + value
        names = opd.setdefault(dari_id, [])
        if nama not in names:
            names.append(nama)
    return [
        _baris_anggaran(
            program, pagu.get(program.pk), ", ".join(opd.get(program.pk, []))
        )
        for program in programs
    ]
