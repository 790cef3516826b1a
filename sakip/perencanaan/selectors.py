"""Questions the planning pages ask, each answered in a fixed number of queries.

Every row shown passes through ``visible_to(user)``, so a cross-document link
to an elemen that the user may not see is left out, not shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Dokumen, Elemen, Indikator, Periode, Target, TautanElemen

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
    """Group the documents that ``user`` may see by jenis, in the order of the
    cycle: RPJMD, Renstra, RKPD, Renja, PK, rencana aksi.

    Empty groups are left out. Each document carries ``jumlah_elemen``.
    """
    dokumen = (
        Dokumen.objects.visible_to(user)
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
