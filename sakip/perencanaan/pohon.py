"""The pohon kinerja: the cascade from the RPJMD visi down to each OPD's sub
kegiatan, built as a tree and laid out for drawing as SVG.

The Pemda tree hangs each Renstra elemen that *mendukung* an RPJMD sasaran
under that sasaran, with the Renstra's own subtree below it. The OPD tree is
one Renstra, with the RPJMD sasaran that its elemen support on top. Both are
read in a fixed number of queries, through ``visible_to(user)``, so an
operator never sees another OPD's nodes.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from .models import Dokumen, Elemen, Indikator, TautanElemen
from .selectors import dokumen_berlaku_list

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna, Unit

# The kinds of the RPJMD drawn above the Renstra. Strategi, arah kebijakan and
# program prioritas are left out: the Renstra hangs under the sasaran.
JENIS_RPJMD = (
    Elemen.Jenis.VISI,
    Elemen.Jenis.MISI,
    Elemen.Jenis.TUJUAN,
    Elemen.Jenis.SASARAN,
)
JENIS_RENSTRA = (
    Elemen.Jenis.TUJUAN,
    Elemen.Jenis.SASARAN,
    Elemen.Jenis.PROGRAM,
    Elemen.Jenis.KEGIATAN,
    Elemen.Jenis.SUB_KEGIATAN,
)
# The depths a reader may cut the tree at (``?sampai=``).
SAMPAI_CHOICES = (
    Elemen.Jenis.SASARAN,
    Elemen.Jenis.PROGRAM,
    Elemen.Jenis.KEGIATAN,
    Elemen.Jenis.SUB_KEGIATAN,
)

# Box geometry, in SVG user units (CSS pixels at 100 % zoom).
LEBAR_KOTAK = 230
JARAK_MENDATAR = 20
JARAK_TEGAK = 44
TINGGI_BARIS = 14
PADDING = 8
# Characters per line at 11 px DejaVu Sans in a box of LEBAR_KOTAK; an
# estimate from the font's average advance, so long words may touch the edge.
KARAKTER_PER_BARIS = 34
BARIS_URAIAN_MAX = 3
INDIKATOR_MAX = 3

WARNA_JENIS = {
    Elemen.Jenis.VISI: ("#052c65", "#ffffff"),
    Elemen.Jenis.MISI: ("#0a58ca", "#ffffff"),
    Elemen.Jenis.TUJUAN: ("#9ec5fe", "#052c65"),
    Elemen.Jenis.SASARAN: ("#cfe2ff", "#052c65"),
    Elemen.Jenis.PROGRAM: ("#d1e7dd", "#0a3622"),
    Elemen.Jenis.KEGIATAN: ("#fff3cd", "#664d03"),
    Elemen.Jenis.SUB_KEGIATAN: ("#f8f9fa", "#212529"),
}


@dataclass
class SimpulPohon:
    """One node of the pohon kinerja: an elemen with its indikator, the unit
    responsible for it, and its place in the drawing once laid out."""

    elemen: Elemen
    indikator: list[Indikator] = field(default_factory=list)
    anak: list[SimpulPohon] = field(default_factory=list)
    x: float = 0
    y: float = 0
    tinggi: float = 0
    kotak: Kotak | None = None

    @property
    def unit(self) -> Unit | None:
        """The unit penanggung jawab, else the OPD of a Renstra's elemen."""
        if self.elemen.unit_pj_id is not None:
            return self.elemen.unit_pj
        unit = self.elemen.dokumen.unit
        return None if unit.jenis == unit.Jenis.PEMDA else unit

    def walk(self):
        """Yield this node and every node below it, depth first."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.anak))


@dataclass
class Pohon:
    """A laid-out pohon kinerja: its roots and the size of the drawing."""

    roots: list[SimpulPohon]
    lebar: float = 0
    tinggi: float = 0

    def nodes(self) -> list[SimpulPohon]:
        return [node for root in self.roots for node in root.walk()]

    def edges(self) -> list[tuple[SimpulPohon, SimpulPohon]]:
        return [(node, child) for node in self.nodes() for child in node.anak]

    def garis(self) -> list[str]:
        """Return the SVG path of each connector: down from the parent's
        bottom centre, across, and down to the child's top centre."""
        paths = []
        for parent, child in self.edges():
            start_x = parent.x + LEBAR_KOTAK / 2
            end_x = child.x + LEBAR_KOTAK / 2
            bottom = parent.y + parent.tinggi
            middle = child.y - JARAK_TEGAK / 2
            paths.append(
                f"M{start_x:.1f},{bottom:.1f} V{middle:.1f} H{end_x:.1f} V{child.y:.1f}"
            )
        return paths


def jenis_sampai(sampai: str) -> list[str]:
    """Return the kinds of elemen down to ``sampai`` (a value of
    ``SAMPAI_CHOICES``), for the RPJMD and the Renstra together."""
    depth = Elemen.KEDALAMAN[sampai]
    return [jenis for jenis, level in Elemen.KEDALAMAN.items() if level <= depth]


def _elemen_queryset(user: Pengguna, jenis: list[str]) -> QuerySet[Elemen]:
    indikator = Indikator.objects.order_by("urutan", "kode")
    return (
        Elemen.objects.visible_to(user)
        .filter(jenis__in=jenis)
        .select_related("dokumen__unit", "unit_pj")
        .prefetch_related(Prefetch("indikator", queryset=indikator))
        .order_by("urutan", "kode")
    )


def _build_forest(elemen: list[Elemen]) -> dict[int, SimpulPohon]:
    """Make a node of each elemen and hang it under its induk when the induk
    is in the list too; return the nodes by elemen pk."""
    nodes = {
        item.pk: SimpulPohon(elemen=item, indikator=list(item.indikator.all()))
        for item in elemen
    }
    for node in nodes.values():
        parent = nodes.get(node.elemen.induk_id)
        if parent is not None:
            parent.anak.append(node)
    return nodes


def _copy_subtree(node: SimpulPohon) -> SimpulPohon:
    """Copy a subtree, so that an elemen that supports two sasaran can be
    drawn under both without sharing its coordinates."""
    return SimpulPohon(
        elemen=node.elemen,
        indikator=node.indikator,
        anak=[_copy_subtree(child) for child in node.anak],
    )


def _hang_supporters(
    sasaran: dict[int, SimpulPohon],
    renstra: dict[int, SimpulPohon],
    tautan: list[TautanElemen],
) -> set[int]:
    """Hang each Renstra node that a link shows supporting an RPJMD sasaran
    under that sasaran, and return the pks of the nodes hung.

    A node whose induk is hung as well is left where it is, so that no
    subtree is drawn twice under the same tree.
    """
    linked = {item.dari_id for item in tautan}
    hung: set[int] = set()
    for item in tautan:
        node = renstra.get(item.dari_id)
        parent = sasaran.get(item.ke_id)
        if node is None or parent is None:
            continue
        if _has_linked_ancestor(node, renstra, linked):
            continue
        parent.anak.append(node if item.dari_id not in hung else _copy_subtree(node))
        hung.add(item.dari_id)
    return hung


def _has_linked_ancestor(
    node: SimpulPohon, nodes: dict[int, SimpulPohon], linked: set[int]
) -> bool:
    induk_id = node.elemen.induk_id
    seen: set[int] = set()
    while induk_id in nodes and induk_id not in seen:
        if induk_id in linked:
            return True
        seen.add(induk_id)
        induk_id = nodes[induk_id].elemen.induk_id
    return False


def _sort_supporters(nodes: dict[int, SimpulPohon]) -> None:
    # Supporters come from several documents: order them by OPD, then code.
    for node in nodes.values():
        node.anak.sort(
            key=lambda child: (
                child.elemen.dokumen_id != node.elemen.dokumen_id,
                child.elemen.dokumen.unit.urutan,
                child.elemen.dokumen.unit.kode,
                child.elemen.urutan,
                child.elemen.kode,
            )
        )


def rpjmd_berlaku(*, tahun: int) -> Dokumen | None:
    """Return the RPJMD in force in ``tahun`` (the first by code if several)."""
    dokumen = dokumen_berlaku_list(jenis=Dokumen.Jenis.RPJMD, tahun=tahun)
    return dokumen.select_related("unit").order_by("kode").first()


def pohon_pemda(
    *, user: Pengguna, tahun: int, sampai: str = Elemen.Jenis.SUB_KEGIATAN
) -> Pohon:
    """Build the Pemda's pohon kinerja for ``tahun``, from the RPJMD visi down
    to ``sampai``, with the Renstra of every OPD that ``user`` may see.

    Six queries whatever the size: the RPJMD, its elemen and their indikator,
    the links into its sasaran, the Renstra elemen and their indikator. Renstra
    elemen that support no RPJMD sasaran, directly or through an induk, are
    not drawn: the consistency check lists them.
    """
    rpjmd = rpjmd_berlaku(tahun=tahun)
    if rpjmd is None:
        return Pohon(roots=[])
    jenis = jenis_sampai(sampai)
    renstra_dokumen = dokumen_berlaku_list(jenis=Dokumen.Jenis.RENSTRA, tahun=tahun)

    rpjmd_elemen = list(
        _elemen_queryset(user, [j for j in JENIS_RPJMD if j in jenis]).filter(
            dokumen=rpjmd
        )
    )
    tautan = list(
        TautanElemen.objects.filter(
            jenis=TautanElemen.Jenis.MENDUKUNG,
            ke__dokumen=rpjmd,
            ke__jenis=Elemen.Jenis.SASARAN,
            dari__in=Elemen.objects.visible_to(user).filter(
                dokumen__in=renstra_dokumen
            ),
        ).order_by("dari__kode", "ke__kode")
    )
    renstra_elemen = list(
        _elemen_queryset(user, [j for j in JENIS_RENSTRA if j in jenis]).filter(
            dokumen__in=renstra_dokumen
        )
    )

    rpjmd_nodes = _build_forest(rpjmd_elemen)
    renstra_nodes = _build_forest(renstra_elemen)
    sasaran = {
        pk: node
        for pk, node in rpjmd_nodes.items()
        if node.elemen.jenis == Elemen.Jenis.SASARAN
    }
    _hang_supporters(sasaran, renstra_nodes, tautan)
    _sort_supporters(rpjmd_nodes)
    roots = [n for n in rpjmd_nodes.values() if n.elemen.induk_id not in rpjmd_nodes]
    return layout(roots)


def renstra_opd(*, opd: Unit, tahun: int) -> Dokumen | None:
    """Return ``opd``'s Renstra in force in ``tahun`` (the first by code)."""
    dokumen = dokumen_berlaku_list(jenis=Dokumen.Jenis.RENSTRA, tahun=tahun, unit=opd)
    return dokumen.select_related("unit").order_by("kode").first()


def pohon_opd(
    *,
    user: Pengguna,
    opd: Unit,
    tahun: int,
    sampai: str = Elemen.Jenis.SUB_KEGIATAN,
) -> Pohon:
    """Build ``opd``'s pohon kinerja for ``tahun``: its Renstra from tujuan down
    to ``sampai``, under the RPJMD sasaran that the Renstra's elemen support.

    Five queries whatever the size: the Renstra, its elemen and their
    indikator, the links out with their RPJMD sasaran, and those sasaran's
    indikator. A Renstra elemen
    that supports no RPJMD sasaran is a root of its own.
    """
    renstra = renstra_opd(opd=opd, tahun=tahun)
    if renstra is None:
        return Pohon(roots=[])
    jenis = jenis_sampai(sampai)

    elemen = list(
        _elemen_queryset(user, [j for j in JENIS_RENSTRA if j in jenis]).filter(
            dokumen=renstra
        )
    )
    tautan = list(
        TautanElemen.objects.filter(
            jenis=TautanElemen.Jenis.MENDUKUNG,
            dari__dokumen=renstra,
            ke__jenis=Elemen.Jenis.SASARAN,
            ke__dokumen__jenis=Dokumen.Jenis.RPJMD,
            ke__in=Elemen.objects.visible_to(user),
        )
        .select_related("ke__dokumen__unit", "ke__unit_pj")
        .prefetch_related(Prefetch("ke__indikator", queryset=Indikator.objects.all()))
        .order_by("ke__urutan", "ke__kode", "dari__kode")
    )

    nodes = _build_forest(elemen)
    sasaran = {
        item.ke_id: SimpulPohon(elemen=item.ke, indikator=list(item.ke.indikator.all()))
        for item in tautan
    }
    hung = _hang_supporters(sasaran, nodes, tautan)
    roots = list(sasaran.values()) + [
        node
        for pk, node in nodes.items()
        if node.elemen.induk_id not in nodes and pk not in hung
    ]
    return layout(roots)


@dataclass
class Kotak:
    """The text of one node's box, wrapped to lines, and its colours."""

    judul: str
    uraian: list[str]
    indikator: list[str]
    unit: str
    isian: str
    tinta: str

    @property
    def jumlah_baris(self) -> int:
        return 1 + len(self.uraian) + len(self.indikator) + (1 if self.unit else 0)

    def baris(self) -> list[tuple[float, str, str]]:
        """Return (baseline y inside the box, text, style) of every line, where
        style is ``judul``, ``uraian``, ``indikator`` or ``unit``."""
        styled = [("judul", self.judul)]
        styled += [("uraian", line) for line in self.uraian]
        styled += [("indikator", line) for line in self.indikator]
        if self.unit:
            styled.append(("unit", self.unit))
        return [
            (PADDING + (index + 1) * TINGGI_BARIS - 3, text, style)
            for index, (style, text) in enumerate(styled)
        ]


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def wrap_uraian(text: str, *, width: int = KARAKTER_PER_BARIS) -> list[str]:
    """Wrap ``text`` to at most ``BARIS_URAIAN_MAX`` lines of ``width``
    characters; a longer text ends its last line with an ellipsis."""
    lines = textwrap.wrap(" ".join(text.split()), width=width) or [""]
    if len(lines) <= BARIS_URAIAN_MAX:
        return lines
    kept = lines[:BARIS_URAIAN_MAX]
    last = kept[-1]
    kept[-1] = (last if len(last) < width else last[: width - 1].rstrip()) + "…"
    return kept


def kotak_for(node: SimpulPohon) -> Kotak:
    """Return the wrapped text and colours of ``node``'s box."""
    elemen = node.elemen
    indikator = [
        _shorten(f"• {item.uraian} ({item.satuan})", KARAKTER_PER_BARIS + 4)
        for item in node.indikator[:INDIKATOR_MAX]
    ]
    extra = len(node.indikator) - INDIKATOR_MAX
    if extra > 0:
        indikator.append(f"+{extra} indikator lainnya")
    unit = node.unit
    isian, tinta = WARNA_JENIS.get(elemen.jenis, ("#ffffff", "#212529"))
    return Kotak(
        judul=_shorten(f"{elemen.get_jenis_display()} · {elemen.kode}", 36),
        uraian=wrap_uraian(elemen.uraian),
        indikator=indikator,
        unit=_shorten(unit.singkatan or unit.nama, 36) if unit else "",
        isian=isian,
        tinta=tinta,
    )


def box_height(kotak: Kotak) -> float:
    return 2 * PADDING + kotak.jumlah_baris * TINGGI_BARIS


def layout(roots: list[SimpulPohon]) -> Pohon:
    """Lay out the tree: leaves left to right in order, each parent centred
    over its first and last child, and every depth in one row as tall as its
    tallest box. Sets ``x``, ``y`` (the box's top left) and ``tinggi``."""
    pohon = Pohon(roots=roots)
    depth_height: dict[int, float] = defaultdict(float)
    depth_of: dict[int, int] = {}
    stack = [(root, 0) for root in roots]
    while stack:
        node, depth = stack.pop()
        node.kotak = kotak_for(node)
        node.tinggi = box_height(node.kotak)
        depth_of[id(node)] = depth
        depth_height[depth] = max(depth_height[depth], node.tinggi)
        stack.extend((child, depth + 1) for child in node.anak)

    row_top = [0.0]
    for depth in range(1, len(depth_height) + 1):
        row_top.append(row_top[-1] + depth_height[depth - 1] + JARAK_TEGAK)

    # A pre-order walk that takes the last child first, reversed, is a
    # post-order from left to right: every parent after all its children.
    order: list[SimpulPohon] = []
    pending = list(roots)
    while pending:
        node = pending.pop()
        order.append(node)
        pending.extend(node.anak)
    next_leaf_x = 0.0
    for node in reversed(order):
        node.y = row_top[depth_of[id(node)]]
        if node.anak:
            node.x = (node.anak[0].x + node.anak[-1].x) / 2
        else:
            node.x = next_leaf_x
            next_leaf_x += LEBAR_KOTAK + JARAK_MENDATAR
    width = max(next_leaf_x - JARAK_MENDATAR, 0)
    pohon.lebar = width
    pohon.tinggi = row_top[len(depth_height)] - JARAK_TEGAK if depth_height else 0
    return pohon


@dataclass
class DukunganOpd:
    """One OPD's support of an RPJMD sasaran: its elemen that link to it."""

    opd: Unit
    elemen: list[Elemen] = field(default_factory=list)


@dataclass
class SasaranCrosscutting:
    """An RPJMD sasaran with the OPD whose Renstra supports it."""

    sasaran: Elemen
    dukungan: list[DukunganOpd] = field(default_factory=list)

    @property
    def crosscutting(self) -> bool:
        """Whether two or more OPD support the sasaran."""
        return len(self.dukungan) >= 2


def crosscutting_list(*, user: Pengguna, tahun: int) -> list[SasaranCrosscutting]:
    """List every sasaran of the RPJMD in force in ``tahun`` with the OPD
    whose Renstra in force supports it, by a ``mendukung`` link from any of
    its elemen (tujuan or sasaran).

    Three queries whatever the size: the RPJMD, its sasaran and the links.
    Only the OPD that ``user`` may see are listed.
    """
    rpjmd = rpjmd_berlaku(tahun=tahun)
    if rpjmd is None:
        return []
    renstra_dokumen = dokumen_berlaku_list(jenis=Dokumen.Jenis.RENSTRA, tahun=tahun)

    sasaran = {
        item.pk: SasaranCrosscutting(sasaran=item)
        for item in Elemen.objects.filter(
            dokumen=rpjmd, jenis=Elemen.Jenis.SASARAN
        ).order_by("urutan", "kode")
    }
    tautan = (
        TautanElemen.objects.filter(
            jenis=TautanElemen.Jenis.MENDUKUNG,
            ke__dokumen=rpjmd,
            ke__jenis=Elemen.Jenis.SASARAN,
            dari__in=Elemen.objects.visible_to(user).filter(
                dokumen__in=renstra_dokumen
            ),
        )
        .select_related("dari__dokumen__unit")
        .order_by(
            "dari__dokumen__unit__urutan", "dari__dokumen__unit__kode", "dari__kode"
        )
    )
    for item in tautan:
        row = sasaran[item.ke_id]
        opd = item.dari.dokumen.unit
        if not row.dukungan or row.dukungan[-1].opd.pk != opd.pk:
            row.dukungan.append(DukunganOpd(opd=opd))
        row.dukungan[-1].elemen.append(item.dari)
    return list(sasaran.values())


# The PDF page: A3 landscape, in millimetres, with 10 mm margins and room for
# the title. A diagram that would shrink below SKALA_PDF_MIN on it gets a
# larger page instead, which a PDF reader can zoom into.
A3_LANDSCAPE_MM = (420, 297)
MARGIN_MM = 10
JUDUL_MM = 18
MM_PER_PX = 25.4 / 96
SKALA_PDF_MIN = 0.45


def halaman_pdf(pohon: Pohon) -> dict[str, int]:
    """Return the PDF page size for ``pohon`` (``lebar_mm``, ``tinggi_mm``) and
    the height left for the diagram (``tinggi_gambar_mm``)."""
    width_mm = (pohon.lebar + 16) * MM_PER_PX
    height_mm = (pohon.tinggi + 16) * MM_PER_PX
    page_width, page_height = A3_LANDSCAPE_MM
    area_width = page_width - 2 * MARGIN_MM
    area_height = page_height - 2 * MARGIN_MM - JUDUL_MM
    scale = min(area_width / width_mm, area_height / height_mm, 1)
    if scale < SKALA_PDF_MIN:
        area_width = max(area_width, width_mm * SKALA_PDF_MIN)
        area_height = max(area_height, height_mm * SKALA_PDF_MIN)
    return {
        "lebar_mm": round(area_width + 2 * MARGIN_MM),
        "tinggi_mm": round(area_height + 2 * MARGIN_MM + JUDUL_MM),
        "tinggi_gambar_mm": round(area_height),
    }


def legenda() -> list[tuple[str, str, str]]:
    """Return (jenis, label, fill colour) of each kind drawn, for a legend."""
    labels = dict(Elemen.Jenis.choices)
    return [(jenis, labels[jenis], warna[0]) for jenis, warna in WARNA_JENIS.items()]
