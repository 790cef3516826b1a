"""The standard matrices of Permendagri 86/2017 as XLSX workbooks: the
Renstra's programs, kegiatan and sub kegiatan with their indicators, yearly
targets and funding, and the Renja's with its pagu indikatif and prakiraan maju.

The columns are data (``kolom_renstra``, ``kolom_renja``); the writer turns
them into a multi-row header with merged cells and a numbering row, so a
Pemda whose template differs changes a tuple, not the writer. Each builder
reads its document in a fixed number of queries whatever its size.

NOTE: the column lists follow secondary sources (public e-SAKIP applications
that render these tables), not the Lampiran itself; docs/matriks.md lists
which details are not certain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from sakip.core.angka import format_angka
from sakip.perencanaan.models import (
    Dokumen,
    Elemen,
    Indikator,
    Periode,
    Target,
    TautanElemen,
)
from sakip.perencanaan.selectors import SimpulElemen, elemen_tree
from sakip.referensi.models import Nomenklatur, NomenklaturVersi

from .models import PaguIndikatif

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sakip.organisasi.models import Pengguna

# Excel applies the reader's locale to these codes, so an Indonesian
# installation shows 1.234.567 and 97,50.
FORMAT_RUPIAH = "#,##0"
FORMAT_NILAI = "#,##0.00"

# A3 landscape fits the Renstra's 20-odd columns at a readable size. Folio
# (8.5 × 13 in, code 14) is the nearest standard size to the F4 paper that
# many Pemda print on.
PAPER_SIZE = Worksheet.PAPERSIZE_A3
JUDUL_MULAI = 1  # first title row
HEADER_MULAI = 5  # first header row, after three title rows and a blank one

KODE_BAGIAN = ("kode_urusan", "kode_bidang", "kode_program", "kode_kegiatan")
KODE_BAGIAN_SUB = (*KODE_BAGIAN, "kode_sub_kegiatan")


@dataclass(frozen=True)
class Kolom:
    """A header cell of a matrix: its label and either its sub columns or,
    for a leaf, the key of the row value that the column shows."""

    judul: Any
    kunci: str = ""
    anak: tuple[Kolom, ...] = ()
    lebar: float = 12
    format: str = FORMAT_NILAI
    # Number each sub column in the numbering row, not the column as a whole
    # (each year of the targets gets its own number).
    nomor_per_anak: bool = False

    def daun(self) -> list[Kolom]:
        if not self.anak:
            return [self]
        return [leaf for child in self.anak for leaf in child.daun()]

    def kedalaman(self) -> int:
        return 1 + max((child.kedalaman() for child in self.anak), default=0)


KOLOM_KODE = Kolom(
    gettext_lazy("Kode"),
    anak=(
        Kolom(gettext_lazy("Urusan"), "kode_urusan", lebar=7),
        Kolom(gettext_lazy("Bidang Urusan"), "kode_bidang", lebar=7),
        Kolom(gettext_lazy("Program"), "kode_program", lebar=8),
        Kolom(gettext_lazy("Kegiatan"), "kode_kegiatan", lebar=9),
        Kolom(gettext_lazy("Sub Kegiatan"), "kode_sub_kegiatan", lebar=9),
    ),
)


def _k_rp(judul: str, suffix: str) -> Kolom:
    return Kolom(
        judul,
        anak=(
            Kolom("K", f"k_{suffix}", lebar=10),
            Kolom("Rp", f"rp_{suffix}", lebar=17, format=FORMAT_RUPIAH),
        ),
    )


def kolom_renstra(tahun_list: Iterable[int]) -> tuple[Kolom, ...]:
    """Return the columns of the Renstra PD matrix for the years of its period."""
    return (
        Kolom(gettext_lazy("Tujuan"), "tujuan", lebar=24),
        Kolom(gettext_lazy("Sasaran"), "sasaran", lebar=24),
        # NOTE: the source names this column "Indikator Sasaran"; a tujuan's
        # indicators are shown in it too, on the tujuan's rows.
        Kolom(gettext_lazy("Indikator Tujuan/Sasaran"), "indikator_sasaran", lebar=28),
        KOLOM_KODE,
        Kolom(
            gettext_lazy("Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan"),
            "uraian",
            lebar=40,
        ),
        Kolom(
            gettext_lazy("Indikator Kinerja Program (outcome)/Kegiatan (output)"),
            "indikator",
            lebar=32,
        ),
        Kolom(
            gettext_lazy("Data Capaian pada Tahun Awal Perencanaan"),
            "kondisi_awal",
            lebar=12,
        ),
        Kolom(
            gettext_lazy("Target Kinerja dan Kerangka Pendanaan"),
            anak=tuple(
                _k_rp(_("Tahun %(tahun)s") % {"tahun": t}, t) for t in tahun_list
            ),
            nomor_per_anak=True,
        ),
        _k_rp(_("Kondisi Kinerja pada Akhir Periode Renstra PD"), "akhir"),
        Kolom(gettext_lazy("Unit Kerja PD Penanggung Jawab"), "unit_pj", lebar=20),
        Kolom(gettext_lazy("Lokasi"), "lokasi", lebar=14),
    )


def kolom_renja(tahun: int) -> tuple[Kolom, ...]:
    """The columns of the Renja PD matrix of ``tahun``.

    NOTE: the groups "Rencana tahun N" and "Prakiraan maju N+1" and their
    columns follow the usual reading of the Lampiran; only the row's fields
    (target, lokasi, pagu indikatif, sumber dana, target and pagu of N+1) are
    confirmed by a source.
    """
    return (
        Kolom(gettext_lazy("Sasaran"), "sasaran", lebar=24),
        KOLOM_KODE,
        Kolom(
            gettext_lazy(
                "Urusan/Bidang Urusan Pemerintahan Daerah dan "
                "Program/Kegiatan/Sub Kegiatan"
            ),
            "uraian",
            lebar=40,
        ),
        Kolom(
            gettext_lazy("Indikator Kinerja Program/Kegiatan/Sub Kegiatan"),
            "indikator",
            lebar=32,
        ),
        Kolom(
            _("Rencana Tahun %(tahun)s") % {"tahun": tahun},
            anak=(
                Kolom(gettext_lazy("Lokasi"), "lokasi", lebar=14),
                Kolom(gettext_lazy("Target Capaian Kinerja"), "k_n", lebar=11),
                Kolom(
                    gettext_lazy("Pagu Indikatif (Rp)"),
                    "rp_n",
                    lebar=17,
                    format=FORMAT_RUPIAH,
                ),
                Kolom(gettext_lazy("Sumber Dana"), "sumber_dana", lebar=12),
            ),
            nomor_per_anak=True,
        ),
        Kolom(gettext_lazy("Catatan Penting"), "catatan", lebar=16),
        Kolom(
            _("Prakiraan Maju Rencana Tahun %(tahun)s") % {"tahun": tahun + 1},
            anak=(
                Kolom(gettext_lazy("Target Capaian Kinerja"), "k_maju", lebar=11),
                Kolom(
                    gettext_lazy("Kebutuhan Dana (Rp)"),
                    "rp_maju",
                    lebar=17,
                    format=FORMAT_RUPIAH,
                ),
            ),
            nomor_per_anak=True,
        ),
        Kolom(gettext_lazy("Unit Kerja PD Penanggung Jawab"), "unit_pj", lebar=20),
    )


@dataclass
class Baris:
    """One row of a matrix: its values by column key and what it shows
    (an elemen's jenis, or ``urusan`` / ``bidang`` / ``jumlah``)."""

    tingkat: str
    nilai: dict[str, Any] = field(default_factory=dict)


@dataclass
class Tabel:
    """A matrix ready to write: titles, columns, rows and vertical merges
    (column key, first row index, last row index)."""

    judul: list[str]
    kolom: tuple[Kolom, ...]
    baris: list[Baris] = field(default_factory=list)
    gabung: list[tuple[str, int, int]] = field(default_factory=list)

    def merge_down(self, kunci: Iterable[str], first: int) -> None:
        last = len(self.baris) - 1
        if last > first:
            self.gabung.extend((key, first, last) for key in kunci)


def split_kode(nomenklatur: str) -> dict[str, str]:
    """Split a code ``U.BB.PP.K.KK.SSSS`` into the matrix's five code columns.

    A code of another shape is kept whole in the urusan column.
    """
    parts = nomenklatur.split(".") if nomenklatur else []
    if not parts or len(parts) > 6 or not all(p.isdigit() for p in parts):
        return {"kode_urusan": nomenklatur} if nomenklatur else {}
    values = dict(
        zip(("kode_urusan", "kode_bidang", "kode_program"), parts[:3], strict=False)
    )
    if len(parts) >= 5:
        values["kode_kegiatan"] = f"{parts[3]}.{parts[4]}"
    if len(parts) == 6:
        values["kode_sub_kegiatan"] = parts[5]
    return values


def target_value(target: Target | None) -> Decimal | str | None:
    """Return the target as a cell shows it: a number, a scale value or a band."""
    if target is None:
        return None
    if target.batas_bawah is not None or target.batas_atas is not None:
        bounds = (target.batas_bawah, target.batas_atas)
        return "–".join(format_angka(b) if b is not None else "…" for b in bounds)
    if target.nilai is not None:
        return target.nilai
    return target.nilai_skala or None


def _kondisi_awal(indikator: Indikator) -> Decimal | str | None:
    if indikator.kondisi_awal is not None:
        return indikator.kondisi_awal
    return indikator.kondisi_awal_skala or None


def _nilai_akhir(indikator: Indikator, values: list[Any]) -> Decimal | str | None:
    """Return the target at the end of the period: the sum of the years for a
    kumulatif indicator, otherwise the last year's target."""
    numbers = [v for v in values if isinstance(v, Decimal)]
    if indikator.agregasi == Indikator.Agregasi.KUMULATIF and numbers:
        return sum(numbers, Decimal(0))
    filled = [v for v in values if v is not None]
    return filled[-1] if filled else None


def _indikator_label(indikator: Indikator) -> str:
    if indikator.satuan:
        return f"{indikator.uraian} ({indikator.satuan})"
    return indikator.uraian


def _walk(roots: list[SimpulElemen]) -> Iterable[SimpulElemen]:
    """Yield the nodes depth first, in the order of the tree."""
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.anak))


def _pagu_sums(dokumen_ids: Iterable[int]) -> dict[int, list[int | None]]:
    """Sum the pagu indikatif and prakiraan maju of the Renjas ``dokumen_ids``
    per sub kegiatan, kegiatan and program: elemen pk → [pagu, prakiraan maju].

    One query. As on the pagu page, only sub kegiatan carry a pagu; a kegiatan
    sums the sub kegiatan directly under it and a program those two levels down.
    """
    rows = PaguIndikatif.objects.filter(
        elemen__dokumen__in=list(dokumen_ids),
        elemen__jenis=Elemen.Jenis.SUB_KEGIATAN,
        tahun=F("elemen__dokumen__tahun_awal"),
    ).values(
        "elemen_id",
        "elemen__induk_id",
        "elemen__induk__induk_id",
        "pagu",
        "prakiraan_maju",
    )
    sums: dict[int, list[int | None]] = defaultdict(lambda: [None, None])
    for row in rows:
        targets = (row["elemen_id"], row["elemen__induk_id"])
        for elemen_id in (*targets, row["elemen__induk__induk_id"]):
            if elemen_id is None:
                continue
            total = sums[elemen_id]
            total[0] = (total[0] or 0) + row["pagu"]
            if row["prakiraan_maju"] is not None:
                total[1] = (total[1] or 0) + row["prakiraan_maju"]
    return dict(sums)


def _nomenklatur_names(tahun: int, kodes: set[str]) -> dict[str, str]:
    """Names of the urusan and bidang urusan ``kodes`` in the edition of the
    nomenklatur that applies to ``tahun``; two queries."""
    versi = NomenklaturVersi.objects.berlaku_pada(tahun)
    if versi is None or not kodes:
        return {}
    return dict(
        Nomenklatur.objects.filter(versi=versi, kode__in=kodes).values_list(
            "kode", "nama"
        )
    )


def _bidang_rows(
    tabel: Tabel, elemen: Elemen, state: dict[str, str], names: Mapping[str, str]
) -> None:
    """Add the urusan and bidang urusan rows above a program whose bidang
    differs from the program before it under the same sasaran."""
    kode = split_kode(elemen.nomenklatur)
    urusan, bidang = kode.get("kode_urusan"), kode.get("kode_bidang")
    if not (urusan and bidang):
        return
    if urusan != state.get("urusan"):
        tabel.baris.append(
            Baris(
                "urusan",
                {"kode_urusan": urusan, "uraian": names.get(urusan, "").upper()},
            )
        )
    if (urusan, bidang) != (state.get("urusan"), state.get("bidang")):
        name = names.get(f"{urusan}.{bidang}", "")
        tabel.baris.append(
            Baris(
                "bidang",
                {"kode_urusan": urusan, "kode_bidang": bidang, "uraian": name},
            )
        )
    state["urusan"], state["bidang"] = urusan, bidang


def _bidang_kodes(roots: list[SimpulElemen]) -> set[str]:
    kodes = set()
    for node in _walk(roots):
        if node.elemen.jenis == Elemen.Jenis.PROGRAM:
            kode = split_kode(node.elemen.nomenklatur)
            if "kode_bidang" in kode:
                kodes.add(kode["kode_urusan"])
                kodes.add(f"{kode['kode_urusan']}.{kode['kode_bidang']}")
    return kodes


# The column that contains the uraian of each kind of elemen, and the keys that
# are the elemen's (not its indicators'), merged over its indicator rows.
KOLOM_URAIAN = {
    Elemen.Jenis.TUJUAN: "tujuan",
    Elemen.Jenis.SASARAN: "sasaran",
}
KOLOM_ELEMEN = (*KODE_BAGIAN_SUB, "uraian", "unit_pj", "lokasi", "sumber_dana")


def _add_elemen(
    tabel: Tabel,
    node: SimpulElemen,
    indikator_values: Mapping[int, dict[str, Any]],
    elemen_values: dict[str, Any],
) -> None:
    """Add one row per indicator of ``node`` (one row if it has none), with
    the elemen's own cells merged over them."""
    elemen = node.elemen
    first = len(tabel.baris)
    kolom_indikator = (
        "indikator_sasaran"
        if elemen.jenis in KOLOM_URAIAN and "indikator_sasaran" in _keys(tabel)
        else "indikator"
    )
    for indikator in node.indikator or [None]:
        values = {}
        if indikator is not None:
            values = {
                kolom_indikator: _indikator_label(indikator),
                "kondisi_awal": _kondisi_awal(indikator),
                **indikator_values.get(indikator.pk, {}),
            }
        tabel.baris.append(Baris(elemen.jenis, values))
    tabel.baris[first].nilai.update(elemen_values)
    if elemen.jenis in KOLOM_URAIAN:
        return
    last = len(tabel.baris) - 1
    if last > first:
        rupiah = [k for k in _keys(tabel) if k.startswith("rp_")]
        keys = [k for k in (*KOLOM_ELEMEN, *rupiah) if k in _keys(tabel)]
        tabel.gabung.extend((key, first, last) for key in dict.fromkeys(keys))


def _keys(tabel: Tabel) -> set[str]:
    return {leaf.kunci for kolom in tabel.kolom for leaf in kolom.daun()}


def _elemen_values(elemen: Elemen) -> dict[str, Any]:
    if elemen.jenis in KOLOM_URAIAN:
        return {KOLOM_URAIAN[elemen.jenis]: elemen.uraian}
    values: dict[str, Any] = {"uraian": elemen.uraian, **split_kode(elemen.nomenklatur)}
    if elemen.unit_pj is not None:
        values["unit_pj"] = elemen.unit_pj.nama
    return values


def _add_tree(
    tabel: Tabel,
    roots: list[SimpulElemen],
    *,
    indikator_values: Mapping[int, dict[str, Any]],
    rupiah_values: Mapping[int, dict[str, Any]],
    names: Mapping[str, str],
) -> None:
    """Add the rows of the tree in its order. A tujuan's or sasaran's cell is
    merged over its whole branch; visi, misi, strategi and arah kebijakan
    are not rows of these matrices, but their branches are."""

    def visit(node: SimpulElemen, state: dict[str, str]) -> None:
        elemen = node.elemen
        jenis = elemen.jenis
        first = len(tabel.baris)
        if jenis in KOLOM_URAIAN and KOLOM_URAIAN[jenis] in _keys(tabel):
            _add_elemen(tabel, node, indikator_values, _elemen_values(elemen))
            state = {}
        elif jenis in Elemen.JENIS_BERKODE:
            if jenis == Elemen.Jenis.PROGRAM:
                _bidang_rows(tabel, elemen, state, names)
                first = len(tabel.baris)
            values = {**_elemen_values(elemen), **rupiah_values.get(elemen.pk, {})}
            _add_elemen(tabel, node, indikator_values, values)
        for child in node.anak:
            visit(child, state)
        if jenis in KOLOM_URAIAN and KOLOM_URAIAN[jenis] in _keys(tabel):
            tabel.merge_down([KOLOM_URAIAN[jenis]], first)

    state: dict[str, str] = {}
    for root in roots:
        visit(root, state)


def _add_jumlah(tabel: Tabel, keys: Iterable[str]) -> None:
    """Add the total row, the sum of the programs' rupiah columns, unless the
    table has no program."""
    if not any(row.tingkat == Elemen.Jenis.PROGRAM for row in tabel.baris):
        return
    totals: dict[str, Any] = {}
    for key in keys:
        values = [
            row.nilai[key]
            for row in tabel.baris
            if row.tingkat == Elemen.Jenis.PROGRAM and row.nilai.get(key) is not None
        ]
        if values:
            totals[key] = sum(values)
    tabel.baris.append(Baris("jumlah", {"uraian": _("Jumlah"), **totals}))


def tabel_renstra(*, dokumen: Dokumen, user: Pengguna | AnonymousUser) -> Tabel:
    """Build the Renstra PD matrix of ``dokumen``.

    K per year is the Renstra's own target. Rp per year is the pagu indikatif
    of the Renja of that year made from this Renstra, summed per program and
    kegiatan, because a Renstra stores no funding of its own; a year with no
    such Renja is empty. Ten queries whatever the size.
    """
    tahun_list = list(dokumen.rentang_tahun)
    roots = elemen_tree(dokumen=dokumen, user=user)

    targets: dict[int, dict[int, Target]] = defaultdict(dict)
    for target in Target.objects.filter(
        dokumen=dokumen,
        indikator__elemen__dokumen=dokumen,
        periode=Periode.TAHUNAN,
        tahun__in=tahun_list,
    ):
        targets[target.indikator_id][target.tahun] = target
    indikator_values = {}
    for node in _walk(roots):
        for indikator in node.indikator:
            values = [target_value(targets[indikator.pk].get(t)) for t in tahun_list]
            row = {f"k_{t}": v for t, v in zip(tahun_list, values, strict=True)}
            row["k_akhir"] = _nilai_akhir(indikator, values)
            indikator_values[indikator.pk] = row

    rupiah_values = _renstra_rupiah(dokumen, tahun_list)
    tabel = Tabel(
        judul=[
            _("Rencana Program, Kegiatan, Sub Kegiatan, dan Pendanaan"),
            dokumen.unit.nama,
            _("Periode %(awal)s–%(akhir)s")
            % {
                "awal": dokumen.tahun_awal,
                "akhir": dokumen.tahun_terakhir,
            },
        ],
        kolom=kolom_renstra(tahun_list),
    )
    names = _nomenklatur_names(dokumen.tahun_awal, _bidang_kodes(roots))
    _add_tree(
        tabel,
        roots,
        indikator_values=indikator_values,
        rupiah_values=rupiah_values,
        names=names,
    )
    _add_jumlah(tabel, [*(f"rp_{t}" for t in tahun_list), "rp_akhir"])
    return tabel


def _renstra_rupiah(dokumen: Dokumen, tahun_list: list[int]) -> dict[int, dict]:
    """Rp per year of each Renstra elemen, from the pagu indikatif of the
    Renja elemen that came from it (``berasal_dari``); three queries."""
    renja_ids = list(
        Dokumen.objects.filter(
            jenis=Dokumen.Jenis.RENJA,
            unit_id=dokumen.unit_id,
            tahun_awal__in=tahun_list,
            versi_berikutnya__isnull=True,
        ).values_list("pk", flat=True)
    )
    # NOTE: a Renja made from an earlier version of this Renstra links to that
    # version's elemen, so its pagu is not shown here.
    links = TautanElemen.objects.filter(
        dari__dokumen__in=renja_ids,
        ke__dokumen=dokumen,
        jenis=TautanElemen.Jenis.BERASAL_DARI,
    ).values_list("dari_id", "ke_id", "dari__dokumen__tahun_awal")
    links = list(links)
    sums = _pagu_sums(renja_ids)
    result: dict[int, dict] = defaultdict(dict)
    for renja_elemen, renstra_elemen, tahun in links:
        pagu = sums.get(renja_elemen, [None])[0]
        if pagu is not None:
            result[renstra_elemen][f"rp_{tahun}"] = pagu
    for values in result.values():
        values["rp_akhir"] = sum(values.values())
    return result


def tabel_renja(*, dokumen: Dokumen, user: Pengguna | AnonymousUser) -> Tabel:
    """Build the Renja PD matrix of ``dokumen`` (year N).

    Target N is the Renja's own target; Rp N its pagu indikatif, summed per
    program and kegiatan. The target of N+1 is the Renstra's target of N+1
    for the indicator that the Renja's indicator was copied from (same uraian
    under the Renstra elemen that the Renja elemen came from); Rp N+1 is the
    prakiraan maju. Ten queries whatever the size.
    """
    tahun = dokumen.tahun_awal
    roots = elemen_tree(dokumen=dokumen, user=user)
    targets = {
        target.indikator_id: target
        for target in Target.objects.filter(
            dokumen=dokumen,
            indikator__elemen__dokumen=dokumen,
            periode=Periode.TAHUNAN,
            tahun=tahun,
        )
    }
    maju = _renstra_target_maju(dokumen, tahun + 1)
    indikator_values = {}
    for node in _walk(roots):
        for indikator in node.indikator:
            key = (node.elemen.pk, indikator.uraian.strip().casefold())
            indikator_values[indikator.pk] = {
                "k_n": target_value(targets.get(indikator.pk)),
                "k_maju": target_value(maju.get(key)),
            }

    rupiah_values = {
        elemen_id: {"rp_n": pagu, "rp_maju": prakiraan_maju}
        for elemen_id, (pagu, prakiraan_maju) in _pagu_sums([dokumen.pk]).items()
    }
    tabel = Tabel(
        judul=[
            _(
                "Rumusan Rencana Program dan Kegiatan Perangkat Daerah Tahun "
                "%(tahun)s dan Prakiraan Maju Tahun %(maju)s"
            )
            % {"tahun": tahun, "maju": tahun + 1},
            dokumen.unit.nama,
            str(dokumen),
        ],
        kolom=kolom_renja(tahun),
    )
    names = _nomenklatur_names(tahun, _bidang_kodes(roots))
    _add_tree(
        tabel,
        roots,
        indikator_values=indikator_values,
        rupiah_values=rupiah_values,
        names=names,
    )
    _add_jumlah(tabel, ["rp_n", "rp_maju"])
    return tabel


def _renstra_target_maju(renja: Dokumen, tahun: int) -> dict[tuple[int, str], Target]:
    """The Renstra targets of ``tahun`` for the Renja's indicators, by (Renja
    elemen pk, the indicator's uraian folded); two queries."""
    links = dict(
        TautanElemen.objects.filter(
            dari__dokumen=renja,
            jenis=TautanElemen.Jenis.BERASAL_DARI,
            ke__dokumen__jenis=Dokumen.Jenis.RENSTRA,
        ).values_list("ke_id", "dari_id")
    )
    result = {}
    for target in Target.objects.filter(
        indikator__elemen__in=list(links),
        dokumen__jenis=Dokumen.Jenis.RENSTRA,
        dokumen_id=F("indikator__elemen__dokumen_id"),
        periode=Periode.TAHUNAN,
        tahun=tahun,
    ).select_related("indikator"):
        renja_elemen = links[target.indikator.elemen_id]
        result[(renja_elemen, target.indikator.uraian.strip().casefold())] = target
    return result


TIPIS = Side(style="thin")
BINGKAI = Border(left=TIPIS, right=TIPIS, top=TIPIS, bottom=TIPIS)
TENGAH = Alignment(horizontal="center", vertical="center", wrap_text=True)
# Indentation of the uraian per kind of row, in the spreadsheet's indent steps.
INDENTASI = {
    "bidang": 1,
    Elemen.Jenis.PROGRAM: 1,
    Elemen.Jenis.KEGIATAN: 2,
    Elemen.Jenis.SUB_KEGIATAN: 3,
}
TINGKAT_TEBAL = {"urusan", "bidang", Elemen.Jenis.PROGRAM, "jumlah"}


def write_workbook(tabel: Tabel, *, sheet_title: str) -> Workbook:
    """Write ``tabel`` as a one-sheet workbook, ready to print."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    leaves = [leaf for kolom in tabel.kolom for leaf in kolom.daun()]
    depth = max(kolom.kedalaman() for kolom in tabel.kolom)
    nomor_row = HEADER_MULAI + depth
    first_data = nomor_row + 1

    _write_titles(sheet, tabel.judul, len(leaves))
    _write_header(sheet, tabel.kolom, last_row=nomor_row - 1)
    _write_numbers(sheet, tabel.kolom, nomor_row)
    _write_rows(sheet, tabel, leaves, first_data)
    for index, leaf in enumerate(leaves, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = leaf.lebar

    sheet.freeze_panes = f"A{first_data}"
    sheet.print_title_rows = f"{HEADER_MULAI}:{nomor_row}"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = PAPER_SIZE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(
        left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3
    )
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.right.text = _("Halaman &P dari &N")
    return workbook


def _write_titles(sheet: Worksheet, judul: list[str], width: int) -> None:
    for offset, text in enumerate(judul):
        row = JUDUL_MULAI + offset
        cell = sheet.cell(row=row, column=1, value=text.upper() if offset else text)
        cell.font = Font(bold=True, size=12 if offset == 0 else 11)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _write_header(sheet: Worksheet, kolom: tuple[Kolom, ...], *, last_row: int) -> None:
    """Write the header cells: a group spans its leaves across, and every
    leaf ends on the last header row."""

    def place(node: Kolom, row: int, column: int) -> int:
        width = len(node.daun())
        # A group shallower than the header grows down, so that its leaves
        # sit on the last header row.
        bottom = last_row - node.kedalaman() + 1
        for r in range(row, bottom + 1):
            for c in range(column, column + width):
                _style_header(sheet.cell(row=r, column=c))
        sheet.cell(row=row, column=column, value=str(node.judul))
        if width > 1 or bottom > row:
            sheet.merge_cells(
                start_row=row,
                start_column=column,
                end_row=bottom,
                end_column=column + width - 1,
            )
        child_column = column
        for child in node.anak:
            child_column = place(child, bottom + 1, child_column)
        return column + width

    column = 1
    for node in kolom:
        column = place(node, HEADER_MULAI, column)


def _style_header(cell) -> None:
    cell.font = Font(bold=True)
    cell.alignment = TENGAH
    cell.border = BINGKAI


def _write_numbers(sheet: Worksheet, kolom: tuple[Kolom, ...], row: int) -> None:
    """Write the numbering row (1, 2, 3 …): one number per column, or per sub
    column of a group marked ``nomor_per_anak``, spanning its leaves."""
    groups = []
    for node in kolom:
        groups.extend(node.anak if node.nomor_per_anak else [node])
    column = 1
    for number, node in enumerate(groups, start=1):
        width = len(node.daun())
        for c in range(column, column + width):
            cell = sheet.cell(row=row, column=c)
            cell.alignment = TENGAH
            cell.border = BINGKAI
            cell.font = Font(italic=True, size=9)
        sheet.cell(row=row, column=column, value=number)
        if width > 1:
            sheet.merge_cells(
                start_row=row,
                start_column=column,
                end_row=row,
                end_column=column + width - 1,
            )
        column += width


def _write_rows(
    sheet: Worksheet, tabel: Tabel, leaves: list[Kolom], first_row: int
) -> None:
    for offset, baris in enumerate(tabel.baris):
        row = first_row + offset
        bold = baris.tingkat in TINGKAT_TEBAL
        for column, leaf in enumerate(leaves, start=1):
            cell = sheet.cell(row=row, column=column)
            value = baris.nilai.get(leaf.kunci)
            numeric = isinstance(value, int | Decimal) and not isinstance(value, bool)
            cell.value = value
            cell.border = BINGKAI
            horizontal = "right" if numeric else None
            if leaf.kunci.startswith("kode_"):
                horizontal = "center"
            indent = INDENTASI.get(baris.tingkat, 0) if leaf.kunci == "uraian" else 0
            cell.alignment = Alignment(
                horizontal=horizontal, vertical="top", wrap_text=True, indent=indent
            )
            if numeric:
                cell.number_format = leaf.format
            if bold and (
                leaf.kunci == "uraian" or leaf.kunci.startswith(("kode", "rp"))
            ):
                cell.font = Font(bold=True)
    for key, first, last in tabel.gabung:
        column = next(i for i, leaf in enumerate(leaves, 1) if leaf.kunci == key)
        sheet.merge_cells(
            start_row=first_row + first,
            start_column=column,
            end_row=first_row + last,
            end_column=column,
        )


def matriks_renstra(*, dokumen: Dokumen, user: Pengguna | AnonymousUser) -> Workbook:
    """Return the Renstra PD matrix of ``dokumen`` as a workbook."""
    tabel = tabel_renstra(dokumen=dokumen, user=user)
    return write_workbook(tabel, sheet_title=_("Renstra"))


def matriks_renja(*, dokumen: Dokumen, user: Pengguna | AnonymousUser) -> Workbook:
    """Return the Renja PD matrix of ``dokumen`` as a workbook."""
    tabel = tabel_renja(dokumen=dokumen, user=user)
    return write_workbook(
        tabel, sheet_title=_("Renja %(tahun)s") % {"tahun": dokumen.tahun_awal}
    )


def matriks_workbook(*, dokumen: Dokumen, user: Pengguna | AnonymousUser) -> Workbook:
    """Return the matrix of a Renstra or a Renja; ValueError for other kinds."""
    if dokumen.jenis == Dokumen.Jenis.RENSTRA:
        return matriks_renstra(dokumen=dokumen, user=user)
    if dokumen.jenis == Dokumen.Jenis.RENJA:
        return matriks_renja(dokumen=dokumen, user=user)
    raise ValueError(f"No matrix for a document of jenis {dokumen.jenis!r}.")
