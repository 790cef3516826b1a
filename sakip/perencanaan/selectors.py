"""Questions the planning pages ask, each answered in a fixed number of queries.

Every row shown passes through ``visible_to(user)``, so a cross-document link
to an elemen that the user may not see is left out, not shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import (
    Dokumen,
    Elemen,
    Indikator,
    Periode,
    RiwayatStatusDokumen,
    Target,
    TautanElemen,
)

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna, Unit

# Nodes down to this kind start unfolded in the tree; programs and below start
# folded, because a Renstra may list hundreds of them.
JENIS_TERBUKA = {
    Elemen.Jenis.VISI,
    Elemen.Jenis.MISI,
    Elemen.Jenis.TUJUAN,
    Elemen.Jenis.SASARAN,
    Elemen.Jenis.STRATEGI,
    Elemen.Jenis.ARAH_KEBIJAKAN,
}
URUTAN_PERIODE = {value: index for index, value in enumerate(Periode.values)}
# Documents that have their own pages and workflow (a PK is signed on the
# Perjanjian Kinerja pages, a rencana aksi adopted on its own), so the planning
# pages neither list nor open nor edit them.
JENIS_DI_LUAR_PERENCANAAN = (Dokumen.Jenis.PK, Dokumen.Jenis.RENAKSI)


@dataclass
class SimpulElemen:
    """One node of a document's elemen tree, with what its page shows."""

    elemen: Elemen
    anak: list[SimpulElemen] = field(default_factory=list)
    indikator: list[Indikator] = field(default_factory=list)
    # Links to elemen of other documents, and links from them to this one.
    mendukung: list[TautanElemen] = field(default_factory=list)
    didukung_oleh: list[TautanElemen] = field(default_factory=list)

    @property
    def terbuka(self) -> bool:
        return self.elemen.jenis in JENIS_TERBUKA


def dokumen_list_by_jenis(*, user: Pengguna) -> list[tuple[str, list[Dokumen]]]:
    """Group the planning documents that ``user`` may see by jenis, in the
    order of the cycle: RPJMD, Renstra, RKPD, Renja. PK and rencana aksi
    documents are left out (``JENIS_DI_LUAR_PERENCANAAN``).

    Empty groups are left out. Each document carries ``jumlah_elemen``.
    """
    dokumen = (
        Dokumen.objects.visible_to(user)
        .exclude(jenis__in=JENIS_DI_LUAR_PERENCANAAN)
        .select_related("unit")
        .annotate(jumlah_elemen=Count("elemen"))
        .order_by("unit__urutan", "unit__kode", "-tahun_awal", "kode")
    )
    groups: dict[str, list[Dokumen]] = {jenis: [] for jenis in Dokumen.Jenis.values}
    for item in dokumen:
        groups.setdefault(item.jenis, []).append(item)
    labels = dict(Dokumen.Jenis.choices)
    return [(labels.get(jenis, jenis), rows) for jenis, rows in groups.items() if rows]


def elemen_tree(*, dokumen: Dokumen, user: Pengguna) -> list[SimpulElemen]:
    """Build the tree of ``dokumen``'s elemen, from visi down to sub kegiatan.

    Four queries whatever the size: the elemen, their indikator, the links out
    and the links in. The tree is built in Python from the one list of elemen.
    An elemen whose induk is missing from the document becomes a root.
    """
    visible = Elemen.objects.visible_to(user)
    elemen = (
        Elemen.objects.filter(dokumen=dokumen)
        .select_related("unit_pj")
        .prefetch_related(
            Prefetch(
                "indikator",
                queryset=Indikator.objects.select_related("unit_pj", "skala"),
            ),
            Prefetch(
                "tautan_keluar",
                queryset=TautanElemen.objects.filter(ke__in=visible)
                .select_related("ke__dokumen__unit")
                .order_by("ke__dokumen__kode", "ke__kode"),
            ),
        )
        .order_by("urutan", "kode")
    )
    nodes = {
        item.pk: SimpulElemen(
            elemen=item,
            indikator=list(item.indikator.all()),
            mendukung=list(item.tautan_keluar.all()),
        )
        for item in elemen
    }

    incoming = (
        TautanElemen.objects.filter(ke__dokumen=dokumen, dari__in=visible)
        .exclude(dari__dokumen=dokumen)
        .select_related("dari__dokumen__unit", "dari__unit_pj")
        .order_by("dari__dokumen__unit__urutan", "dari__dokumen__kode", "dari__kode")
    )
    for tautan in incoming:
        nodes[tautan.ke_id].didukung_oleh.append(tautan)

    roots = []
    for node in nodes.values():
        parent = nodes.get(node.elemen.induk_id)
        if parent is None:
            roots.append(node)
        else:
            parent.anak.append(node)
    return roots


def find_simpul(
    roots: list[SimpulElemen], pk: int
) -> tuple[list[SimpulElemen], SimpulElemen] | None:
    """Find the node of elemen ``pk`` and the path of its ancestors, top first."""
    stack = [(root, []) for root in reversed(roots)]
    while stack:
        node, path = stack.pop()
        if node.elemen.pk == pk:
            return path, node
        stack.extend((child, [*path, node]) for child in reversed(node.anak))
    return None


def indikator_target_list(*, indikator: Indikator) -> list[Target]:
    """Return the targets of ``indikator`` by year, period and source document."""
    targets = indikator.target.select_related("dokumen__unit")
    return sorted(
        targets,
        key=lambda t: (
            t.tahun,
            URUTAN_PERIODE.get(t.periode, len(URUTAN_PERIODE)),
            Dokumen.PRIORITAS_TARGET.get(t.dokumen.jenis, 0),
            t.dokumen.kode,
        ),
    )


def dokumen_berlaku_list(
    *, jenis: str, tahun: int, unit: Unit | None = None
) -> QuerySet[Dokumen]:
    """Documents of ``jenis`` that cover ``tahun`` and have no newer version.

    A document replaced by a perubahan stays readable but no longer counts.
    With ``unit``, only that unit's documents.
    """
    dokumen = Dokumen.objects.filter(
        Q(tahun_akhir__gte=tahun) | Q(tahun_akhir__isnull=True, tahun_awal=tahun),
        jenis=jenis,
        tahun_awal__lte=tahun,
        versi_berikutnya__isnull=True,
    )
    if unit is not None:
        dokumen = dokumen.filter(unit=unit)
    return dokumen


def dokumen_lineage(*, dokumen: Dokumen) -> list[Dokumen]:
    """Return every version of ``dokumen``'s lineage, murni first.

    One query: the versions of a document share its jenis and unit, so they
    are read together and the chain is followed in Python.
    """
    candidates = {
        item.pk: item
        for item in Dokumen.objects.filter(jenis=dokumen.jenis, unit_id=dokumen.unit_id)
    }
    candidates.setdefault(dokumen.pk, dokumen)
    root = candidates[dokumen.pk]
    seen = {root.pk}
    while (
        root.versi_sebelumnya_id in candidates and root.versi_sebelumnya_id not in seen
    ):
        root = candidates[root.versi_sebelumnya_id]
        seen.add(root.pk)
    next_of = {
        item.versi_sebelumnya_id: item
        for item in candidates.values()
        if item.versi_sebelumnya_id is not None
    }
    lineage = [root]
    while lineage[-1].pk in next_of and len(lineage) <= len(candidates):
        lineage.append(next_of[lineage[-1].pk])
    return lineage


def dokumen_riwayat_status(*, dokumen: Dokumen) -> list[RiwayatStatusDokumen]:
    """Return the status changes of ``dokumen``, oldest first, with who made them."""
    return list(dokumen.riwayat_status.select_related("oleh").order_by("pada", "pk"))


STATUS_SAMA = "sama"
STATUS_DITAMBAH = "ditambah"
STATUS_DIHAPUS = "dihapus"
STATUS_DIUBAH = "diubah"


def _status(a, b, changed: bool) -> str:
    if a is None:
        return STATUS_DITAMBAH
    if b is None:
        return STATUS_DIHAPUS
    return STATUS_DIUBAH if changed else STATUS_SAMA


@dataclass
class BarisTarget:
    """One year and period of one indikator's targets in the two versions."""

    tahun: int
    periode: str
    a: Target | None
    b: Target | None

    @property
    def status(self) -> str:
        return _status(self.a, self.b, _target_value(self.a) != _target_value(self.b))

    @property
    def periode_label(self) -> str:
        return Periode(self.periode).label if self.periode in Periode.values else ""


@dataclass
class BarisIndikator:
    """One indikator in the two versions, with its targets side by side."""

    a: Indikator | None
    b: Indikator | None
    target: list[BarisTarget] = field(default_factory=list)

    @property
    def berubah(self) -> list[str]:
        """Names of the fields whose value differs between the versions."""
        if self.a is None or self.b is None:
            return []
        names = ("uraian", "satuan", "kondisi_awal", "polaritas", "iku")
        return [n for n in names if getattr(self.a, n) != getattr(self.b, n)]

    @property
    def status(self) -> str:
        targets_changed = any(row.status != STATUS_SAMA for row in self.target)
        return _status(self.a, self.b, bool(self.berubah) or targets_changed)


@dataclass
class BarisElemen:
    """One elemen in the two versions, at its depth in the tree."""

    a: Elemen | None
    b: Elemen | None
    kedalaman: int = 0
    indikator: list[BarisIndikator] = field(default_factory=list)

    @property
    def elemen(self) -> Elemen:
        return self.b or self.a

    @property
    def berubah(self) -> list[str]:
        if self.a is None or self.b is None:
            return []
        names = ("uraian", "jenis", "nomenklatur")
        return [n for n in names if getattr(self.a, n) != getattr(self.b, n)]

    @property
    def status(self) -> str:
        return _status(self.a, self.b, bool(self.berubah))

    @property
    def ada_perbedaan(self) -> bool:
        return self.status != STATUS_SAMA or any(
            row.status != STATUS_SAMA for row in self.indikator
        )


def _target_value(target: Target | None) -> tuple | None:
    if target is None:
        return None
    return (target.nilai, target.nilai_skala, target.batas_bawah, target.batas_atas)


def _base_kode(kode: str) -> str:
    """The code without the ``-P<n>`` suffix that a perubahan adds."""
    head, sep, tail = kode.rpartition("-P")
    return head if sep and tail.isdigit() else kode


def _pair_rows(rows_a: list, rows_b: list, asal_of: dict[int, int | None]) -> list:
    """Pair rows of two versions: through their ``asal`` chains, then by code
    without the version suffix for rows that no chain joins."""

    def origin(pk: int) -> int:
        seen = set()
        while asal_of.get(pk) is not None and pk not in seen:
            seen.add(pk)
            pk = asal_of[pk]
        return pk

    by_origin_a = {origin(row.pk): row for row in rows_a}
    pairs, unpaired_b = [], []
    for row in rows_b:
        match = by_origin_a.pop(origin(row.pk), None)
        if match is None:
            unpaired_b.append(row)
        else:
            pairs.append((match, row))
    by_kode_a = {_base_kode(row.kode): row for row in by_origin_a.values()}
    for row in unpaired_b:
        pairs.append((by_kode_a.pop(_base_kode(row.kode), None), row))
    pairs.extend((row, None) for row in by_kode_a.values())
    return pairs


def dokumen_compare(*, a: Dokumen, b: Dokumen) -> list[BarisElemen]:
    """Compare two versions of one document, elemen by elemen, indikator by
    indikator and target by target, in the order of the tree of ``b``.

    Four queries whatever the size: the asal links of the lineage's elemen and
    indikator, the elemen and indikator of both versions, and their targets.
    Rows only in ``a`` are shown where their induk is, after the rows of ``b``.
    """
    lineage = [item.pk for item in dokumen_lineage(dokumen=a)]
    elemen_asal = dict(
        Elemen.objects.filter(dokumen__in=lineage).values_list("pk", "asal_id")
    )
    indikator_asal = dict(
        Indikator.objects.filter(elemen__dokumen__in=lineage).values_list(
            "pk", "asal_id"
        )
    )
    elemen = list(
        Elemen.objects.filter(dokumen__in=[a.pk, b.pk])
        .prefetch_related("indikator")
        .order_by("urutan", "kode")
    )
    targets: dict[tuple[int, int], dict[tuple, Target]] = {}
    for target in Target.objects.filter(
        dokumen__in=[a.pk, b.pk], indikator__elemen__dokumen__in=[a.pk, b.pk]
    ):
        key = (target.indikator_id, target.dokumen_id)
        targets.setdefault(key, {})[(target.tahun, target.periode)] = target

    elemen_a = [item for item in elemen if item.dokumen_id == a.pk]
    elemen_b = [item for item in elemen if item.dokumen_id == b.pk]
    rows = {}
    for pair in _pair_rows(elemen_a, elemen_b, elemen_asal):
        row = BarisElemen(a=pair[0], b=pair[1])
        row.indikator = _compare_indikator(row, indikator_asal, targets, a, b)
        rows[pair] = row
    return _order_tree(list(rows.values()))


def _compare_indikator(row, indikator_asal, targets, a, b) -> list[BarisIndikator]:
    list_a = list(row.a.indikator.all()) if row.a else []
    list_b = list(row.b.indikator.all()) if row.b else []
    result = []
    for ind_a, ind_b in _pair_rows(list_a, list_b, indikator_asal):
        by_period_a = targets.get((ind_a.pk, a.pk), {}) if ind_a else {}
        by_period_b = targets.get((ind_b.pk, b.pk), {}) if ind_b else {}
        keys = sorted(
            set(by_period_a) | set(by_period_b),
            key=lambda k: (k[0], URUTAN_PERIODE.get(k[1], len(URUTAN_PERIODE))),
        )
        result.append(
            BarisIndikator(
                a=ind_a,
                b=ind_b,
                target=[
                    BarisTarget(
                        tahun=tahun,
                        periode=periode,
                        a=by_period_a.get((tahun, periode)),
                        b=by_period_b.get((tahun, periode)),
                    )
                    for tahun, periode in keys
                ],
            )
        )
    return result


def _order_tree(rows: list[BarisElemen]) -> list[BarisElemen]:
    """Order the rows depth first, each under the row of its induk."""
    row_of: dict[int, BarisElemen] = {}
    for row in rows:
        for item in (row.a, row.b):
            if item is not None:
                row_of[item.pk] = row
    children: dict[int | None, list[BarisElemen]] = {}
    for row in rows:
        parent = row_of.get(row.elemen.induk_id)
        children.setdefault(id(parent) if parent else None, []).append(row)

    ordered: list[BarisElemen] = []
    stack = [(row, 0) for row in reversed(children.get(None, []))]
    while stack:
        row, depth = stack.pop()
        row.kedalaman = depth
        ordered.append(row)
        stack.extend(
            (child, depth + 1) for child in reversed(children.get(id(row), []))
        )
    return ordered


def didukung_map(
    elemen_ids: Iterable[int], *, ke_ids: Iterable[int] | None = None
) -> dict[int, list[int]]:
    """Map each elemen to the elemen it supports (``mendukung``), ordered by
    their kode; an elemen with no link of its own takes its nearest
    ancestor's, so a Renstra sasaran under a tujuan that supports an RPJMD
    sasaran supports that sasaran too (the Pringsewu plans link at tujuan).
    With ``ke_ids``, only links to those elemen count.

    Three queries, whatever the number of elemen.
    """
    ids = set(elemen_ids)
    if not ids:
        return {}
    dokumen_ids = Elemen.objects.filter(pk__in=ids).values("dokumen_id")
    induk = dict(
        Elemen.objects.filter(dokumen_id__in=dokumen_ids).values_list("pk", "induk_id")
    )
    tautan = TautanElemen.objects.filter(
        dari_id__in=induk, jenis=TautanElemen.Jenis.MENDUKUNG
    )
    if ke_ids is not None:
        tautan = tautan.filter(ke_id__in=list(ke_ids))
    links: dict[int, list[int]] = {}
    for dari_id, ke_id in tautan.order_by("ke__kode").values_list("dari_id", "ke_id"):
        links.setdefault(dari_id, []).append(ke_id)
    result = {}
    for elemen_id in ids:
        node = elemen_id
        while node is not None and node not in links:
            node = induk.get(node)
        if node is not None:
            result[elemen_id] = links[node]
    return result
