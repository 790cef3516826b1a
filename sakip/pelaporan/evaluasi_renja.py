"""The evaluation tables of the Renja and the RKPD (Permendagri 86/2017) as data.

One row per indikator of a sasaran, program, kegiatan or sub kegiatan, with
the seventeen columns of the lampiran: the Renstra's (or RPJMD's) target at the
end of its period, the realisation up to last year, the year's target, the
realisation of each triwulan, of the year and up to the year, and the tingkat
capaian up to the year, each for kinerja (K) and anggaran (Rp).

Only verified figures count: realisation that a verifikator accepted, for
kinerja and for the budget. Capaian comes from the engine
(``sakip.pengukuran.capaian``), so polaritas, scales and bands follow the same
rules as every other page. How columns 6, 7, 13, 14 and 15 are read, where the
regulation's text leaves them open, is written down in docs/evaluasi-renja.md.
Each table is read in a fixed number of queries whatever its size.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.anggaran.selectors import pagu_sums, serapan
from sakip.core.angka import format_angka, format_nilai
from sakip.organisasi.models import Unit
from sakip.pengukuran import capaian as engine
from sakip.pengukuran.models import TindakLanjutKinerja
from sakip.pengukuran.progres import target_akhir_periode
from sakip.pengukuran.selectors import (
    CapaianIndikator,
    capaian_indikator_list,
    engine_target,
    load_context,
    realisasi_by_indikator,
    targets_by_indikator,
)
from sakip.perencanaan.models import (
    Dokumen,
    Elemen,
    Indikator,
    Periode,
    Target,
    TautanElemen,
)
from sakip.perencanaan.selectors import dokumen_berlaku_list
from sakip.referensi.models import Nomenklatur, NomenklaturVersi
from sakip.tahunan.models import PaguIndikatif

logger = logging.getLogger(__name__)

BELUM_DIISI = engine.KETERANGAN_BELUM_DIISI
KOSONG = "—"
TAHUN_PERTAMA = gettext_noop("— (tahun pertama periode)")
# The path from a sub kegiatan's budget row up to each of its ancestors in a
# Renja: kegiatan, program, sasaran.
JALUR_LELUHUR = (
    "elemen_id",
    "elemen__induk_id",
    "elemen__induk__induk_id",
    "elemen__induk__induk__induk_id",
)
BULAN_TRIWULAN = {
    nomor: tuple(range(nomor * 3 - 2, nomor * 3 + 1)) for nomor in (1, 2, 3, 4)
}


@dataclass(frozen=True)
class NilaiK:
    """A kinerja value of one cell: a number, a scale value or a band's text,
    or None with the text shown in its place."""

    nilai: Decimal | str | None
    kosong: str = KOSONG

    @property
    def teks(self) -> str:
        if self.nilai is None:
            return _(self.kosong)
        if isinstance(self.nilai, Decimal):
            return format_nilai(self.nilai)
        return self.nilai

    @property
    def angka(self) -> Decimal | None:
        return self.nilai if isinstance(self.nilai, Decimal) else None


@dataclass(frozen=True)
class KRp:
    """A K / Rp pair of columns of the table."""

    k: NilaiK = field(default_factory=lambda: NilaiK(None))
    rp: int | None = None


@dataclass
class BarisEvaluasi:
    """One row of the table: an indikator of an elemen, or an elemen without
    indikator, or an urusan / bidang urusan heading (RKPD).

    The elemen's own cells (code, uraian, Rp) are filled on its first row
    only; ``pertama`` marks that row.
    """

    tingkat: str
    nomor: str = ""
    sasaran: str = ""
    kode: str = ""
    uraian: str = ""
    pertama: bool = True
    indikator: Indikator | None = None
    indikator_teks: str = ""
    target_akhir: KRp = field(default_factory=KRp)  # column 6
    realisasi_lalu: KRp = field(default_factory=KRp)  # column 7
    target_tahun: KRp = field(default_factory=KRp)  # column 8
    triwulan: tuple[KRp, ...] = ()  # columns 9-12
    realisasi_tahun: KRp = field(default_factory=KRp)  # column 13
    realisasi_sd: KRp = field(default_factory=KRp)  # column 14
    tingkat_capaian_k: Decimal | None = None  # column 15 K
    tingkat_capaian_rp: Decimal | None = None  # column 15 Rp
    kategori: engine.Kategori | None = None
    capaian_tahun: CapaianIndikator | None = None
    serapan_tahun: Decimal | None = None
    unit_pj: str = ""
    keterangan: list[str] = field(default_factory=list)

    @property
    def tingkat_capaian_k_2dp(self) -> Decimal | None:
        return _round(self.tingkat_capaian_k)

    @property
    def tingkat_capaian_rp_2dp(self) -> Decimal | None:
        return _round(self.tingkat_capaian_rp)

    @property
    def serapan_tahun_2dp(self) -> Decimal | None:
        return _round(self.serapan_tahun)


@dataclass
class TabelEvaluasi:
    """The evaluation table of one Renja (an OPD) or of the RKPD (the Pemda)
    for a year, with its footer rows and what is missing."""

    jenis: str  # "renja" or "rkpd"
    unit: Unit
    tahun: int
    dokumen: Dokumen | None
    strategis: Dokumen | None
    baris: list[BarisEvaluasi] = field(default_factory=list)
    rata_rata_capaian_tahun: Decimal | None = None
    rata_rata_tingkat_capaian: Decimal | None = None
    serapan_tahun: Decimal | None = None
    serapan_sd: Decimal | None = None
    faktor_pendorong: list[str] = field(default_factory=list)
    faktor_penghambat: list[str] = field(default_factory=list)
    tindak_lanjut_triwulan: list[str] = field(default_factory=list)
    tindak_lanjut_berikutnya: list[str] = field(default_factory=list)
    catatan: list[str] = field(default_factory=list)

    @property
    def predikat_tahun(self) -> engine.Kategori | None:
        return engine.kategori_for(self.rata_rata_capaian_tahun)

    @property
    def predikat(self) -> engine.Kategori | None:
        return engine.kategori_for(self.rata_rata_tingkat_capaian)

    @property
    def rata_rata_capaian_tahun_2dp(self) -> Decimal | None:
        return _round(self.rata_rata_capaian_tahun)

    @property
    def rata_rata_tingkat_capaian_2dp(self) -> Decimal | None:
        return _round(self.rata_rata_tingkat_capaian)

    @property
    def serapan_tahun_2dp(self) -> Decimal | None:
        return _round(self.serapan_tahun)

    @property
    def serapan_sd_2dp(self) -> Decimal | None:
        return _round(self.serapan_sd)

    @property
    def baris_indikator(self) -> list[BarisEvaluasi]:
        return [row for row in self.baris if row.indikator is not None]


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else engine.round_half_up(value, 2)


@dataclass
class _Anggaran:
    """Budget sums of one Renja elemen of one year: pagu berlaku of the DPA,
    pagu indikatif and verified realisasi keuangan per triwulan."""

    pagu: int | None = None
    pagu_indikatif: int | None = None
    triwulan: dict[int, int] = field(default_factory=dict)

    @property
    def realisasi(self) -> int | None:
        if not self.triwulan:
            return None
        return sum(self.triwulan.values())


def _add(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


class _Pembukuan:
    """The budget of a set of Renjas, summed per elemen at every level, and
    per Renstra elemen over the years through the ``berasal_dari`` links.

    Four queries whatever the number of sub kegiatan: the links, the pagu,
    the pagu indikatif and the monthly realisation. Only sub kegiatan carry
    money; a row entered on a program or kegiatan is not counted, as on the
    budget pages.
    """

    def __init__(self, renja: QuerySet[Dokumen]) -> None:
        self.by_elemen: dict[int, _Anggaran] = defaultdict(_Anggaran)
        self.tahun_of: dict[int, int] = {}
        self._by_asal: dict[int, list[int]] | None = None
        self.asal: dict[int, int] = dict(
            TautanElemen.objects.filter(
                dari__dokumen__in=renja, jenis=TautanElemen.Jenis.BERASAL_DARI
            ).values_list("dari_id", "ke_id")
        )
        rows = {
            "elemen__jenis": Elemen.Jenis.SUB_KEGIATAN,
            "elemen__dokumen__in": renja,
            "tahun": F("elemen__dokumen__tahun_awal"),
        }
        for row in (
            Pagu.objects.filter(**rows)
            .order_by()
            .values(*JALUR_LELUHUR, "tahun")
            .annotate(**pagu_sums())
        ):
            for elemen_id in self._ancestors(row):
                item = self.by_elemen[elemen_id]
                item.pagu = _add(item.pagu, row["pagu_berlaku"])
        for row in PaguIndikatif.objects.filter(**rows).values(
            *JALUR_LELUHUR, "tahun", "pagu"
        ):
            for elemen_id in self._ancestors(row):
                item = self.by_elemen[elemen_id]
                item.pagu_indikatif = _add(item.pagu_indikatif, row["pagu"])
        for row in KeuanganBulanan.objects.filter(
            **rows,
            status=KeuanganBulanan.Status.DITERIMA,
            realisasi_keuangan__isnull=False,
        ).values(*JALUR_LELUHUR, "tahun", "bulan", "realisasi_keuangan"):
            nomor = (row["bulan"] + 2) // 3
            for elemen_id in self._ancestors(row):
                triwulan = self.by_elemen[elemen_id].triwulan
                triwulan[nomor] = triwulan.get(nomor, 0) + row["realisasi_keuangan"]

    def _ancestors(self, row: Mapping) -> list[int]:
        ids = [row[path] for path in JALUR_LELUHUR if row[path] is not None]
        for elemen_id in ids:
            self.tahun_of[elemen_id] = row["tahun"]
        return ids

    def of(self, elemen_id: int | None) -> _Anggaran:
        if elemen_id is None:
            return _Anggaran()
        return self.by_elemen.get(elemen_id, _Anggaran())

    def rupiah(self, elemen_id: int | None, *, tahun: int) -> _RupiahBaris:
        """Return the Rp of a Renja elemen's row: its own year's sums, and over
        the period those of every Renja elemen that came from the same Renstra
        elemen (the pagu indikatif of all years, the realisation of the years
        before ``tahun``)."""
        anggaran = self.of(elemen_id)
        if elemen_id is None:
            return _RupiahBaris(anggaran)
        asal = self.asal.get(elemen_id)
        if asal is None:
            return _RupiahBaris(anggaran, pagu_periode=anggaran.pagu_indikatif)
        if self._by_asal is None:
            self._by_asal = defaultdict(list)
            for dari, ke in self.asal.items():
                self._by_asal[ke].append(dari)
        pagu_periode = realisasi_lalu = None
        for other in self._by_asal[asal]:
            item = self.of(other)
            pagu_periode = _add(pagu_periode, item.pagu_indikatif)
            if self.tahun_of.get(other, tahun) < tahun:
                realisasi_lalu = _add(realisasi_lalu, item.realisasi)
        return _RupiahBaris(
            anggaran, pagu_periode=pagu_periode, realisasi_lalu=realisasi_lalu
        )


@dataclass(frozen=True)
class _RupiahBaris:
    """The money of one row: the year's sums, the pagu indikatif of the whole
    period (column 6 Rp) and the realisation of the years before (column 7)."""

    anggaran: _Anggaran
    pagu_periode: int | None = None
    realisasi_lalu: int | None = None

    def __add__(self, other: _RupiahBaris) -> _RupiahBaris:
        return _RupiahBaris(
            _sum_anggaran(self.anggaran, other.anggaran),
            pagu_periode=_add(self.pagu_periode, other.pagu_periode),
            realisasi_lalu=_add(self.realisasi_lalu, other.realisasi_lalu),
        )


@dataclass
class _Sumber:
    """What the rows of one table are computed from, read once."""

    tahun: int
    strategis: Dokumen | None
    context: Any = None
    targets: dict[int, list[Target]] = field(default_factory=dict)
    realisasi: dict[int, dict] = field(default_factory=dict)
    capaian: dict[int, CapaianIndikator] = field(default_factory=dict)
    pembukuan: _Pembukuan | None = None


def _load_sumber(
    indikator: QuerySet[Indikator],
    *,
    tahun: int,
    strategis: Dokumen | None,
    renja: QuerySet[Dokumen],
) -> _Sumber:
    context = load_context(hanya_terverifikasi=True)
    # The evaluation shows the plan's own target for the year (column 8), so
    # its capaian is computed against that target, not a PK's.
    capaian = capaian_indikator_list(
        indikator=indikator,
        tahun=tahun,
        hanya_terverifikasi=True,
        target_dokumen_sendiri=True,
    )
    return _Sumber(
        tahun=tahun,
        strategis=strategis,
        context=context,
        targets=targets_by_indikator(indikator, tahun=None),
        realisasi=realisasi_by_indikator(
            indikator, tahun=None, hanya_terverifikasi=True
        ),
        capaian={item.indikator.pk: item for item in capaian},
        pembukuan=_Pembukuan(renja),
    )


def _renja_periode(strategis: Dokumen | None, tahun: int) -> QuerySet[Dokumen]:
    """The newest version of every Renja of the strategic document's period
    (of ``tahun`` alone without one)."""
    years = (
        strategis.rentang_tahun if strategis is not None else range(tahun, tahun + 1)
    )
    return Dokumen.objects.filter(
        jenis=Dokumen.Jenis.RENJA,
        tahun_awal__in=list(years),
        versi_berikutnya__isnull=True,
    )


def evaluasi_renja(*, opd: Unit, tahun: int) -> TabelEvaluasi:
    """Build the evaluation table of the Renja of ``opd`` for ``tahun``.

    Rows follow the Renja's tree: each sasaran, program, kegiatan and sub
    kegiatan with its indikator. Without a Renja the table is empty and
    ``catatan`` says so.
    """
    renja = (
        dokumen_berlaku_list(jenis=Dokumen.Jenis.RENJA, tahun=tahun)
        .filter(unit__opd=opd)
        .order_by("-pk")
        .first()
    )
    renstra = (
        dokumen_berlaku_list(jenis=Dokumen.Jenis.RENSTRA, tahun=tahun)
        .filter(unit__opd=opd)
        .order_by("-pk")
        .first()
    )
    tabel = TabelEvaluasi(
        jenis="renja", unit=opd, tahun=tahun, dokumen=renja, strategis=renstra
    )
    if renstra is None:
        tabel.catatan.append(
            _("Belum ada Renstra yang mencakup tahun %(tahun)s.") % {"tahun": tahun}
        )
    if renja is None:
        tabel.catatan.append(
            _("Belum ada Renja %(unit)s tahun %(tahun)s.")
            % {"unit": opd.nama, "tahun": tahun}
        )
        return tabel

    elemen = list(
        Elemen.objects.filter(
            dokumen=renja,
            jenis__in=[Elemen.Jenis.SASARAN, *Elemen.JENIS_BERKODE],
        )
        .select_related("unit_pj")
        .order_by("urutan", "kode")
    )
    indikator = Indikator.objects.filter(elemen__dokumen=renja)
    renja_periode = _renja_periode(renstra, tahun).filter(unit__opd=opd)
    sumber = _load_sumber(
        indikator, tahun=tahun, strategis=renstra, renja=renja_periode
    )
    by_elemen = _indikator_by_elemen(indikator)

    children: dict[int | None, list[Elemen]] = defaultdict(list)
    ids = {item.pk for item in elemen}
    for item in elemen:
        children[item.induk_id if item.induk_id in ids else None].append(item)

    def visit(item: Elemen, nomor: str, sasaran: str) -> None:
        if item.jenis == Elemen.Jenis.SASARAN:
            sasaran = item.uraian
        unit_pj = (item.unit_pj or opd).nama
        _add_elemen_rows(
            tabel,
            item,
            by_elemen.get(item.pk, []),
            sumber=sumber,
            nomor=nomor,
            sasaran=sasaran,
            unit_pj=unit_pj,
            rupiah=sumber.pembukuan.rupiah(item.pk, tahun=tahun),
        )
        for index, child in enumerate(children.get(item.pk, []), start=1):
            visit(child, f"{nomor}.{index}", sasaran)

    for index, root in enumerate(children.get(None, []), start=1):
        visit(root, str(index), "")

    totals = _RupiahBaris(_Anggaran())
    for root in children.get(None, []):
        totals = totals + sumber.pembukuan.rupiah(root.pk, tahun=tahun)
    _finish(tabel, sumber=sumber, totals=totals)
    _add_tindak_lanjut(tabel, unit=opd)
    if not totals.anggaran.pagu:
        tabel.catatan.append(
            _("%(unit)s belum memiliki pagu DPA untuk tahun %(tahun)s.")
            % {"unit": opd.nama, "tahun": tahun}
        )
    return tabel


def evaluasi_rkpd(*, pemda: Unit, tahun: int) -> TabelEvaluasi:
    """Build the evaluation table of the RKPD of ``tahun``.

    The RKPD's sasaran carry the RPJMD's indikator; each RKPD program carries
    the indikator and budget of the Renja program it lists, under an urusan
    and bidang urusan heading, with its OPD as Perangkat Daerah penanggung
    jawab.
    """
    rkpd = (
        dokumen_berlaku_list(jenis=Dokumen.Jenis.RKPD, tahun=tahun)
        .order_by("-pk")
        .first()
    )
    rpjmd = (
        dokumen_berlaku_list(jenis=Dokumen.Jenis.RPJMD, tahun=tahun)
        .order_by("-pk")
        .first()
    )
    tabel = TabelEvaluasi(
        jenis="rkpd", unit=pemda, tahun=tahun, dokumen=rkpd, strategis=rpjmd
    )
    if rpjmd is None:
        tabel.catatan.append(
            _("Belum ada RPJMD yang mencakup tahun %(tahun)s.") % {"tahun": tahun}
        )
    if rkpd is None:
        tabel.catatan.append(_("Belum ada RKPD tahun %(tahun)s.") % {"tahun": tahun})
        return tabel

    elemen = list(
        Elemen.objects.filter(
            dokumen=rkpd, jenis__in=[Elemen.Jenis.SASARAN, Elemen.Jenis.PROGRAM]
        )
        .select_related("unit_pj")
        .order_by("urutan", "kode")
    )
    # RKPD program → the Renja program it lists, whose indikator and budget
    # the row shows.
    renja_program = dict(_renja_program_links(rkpd).values_list("dari_id", "ke_id"))
    indikator = Indikator.objects.filter(
        elemen__dokumen=rkpd
    ) | Indikator.objects.filter(elemen__in=_renja_program_links(rkpd).values("ke_id"))
    renja_periode = _renja_periode(rpjmd, tahun)
    sumber = _load_sumber(indikator, tahun=tahun, strategis=rpjmd, renja=renja_periode)
    by_elemen = _indikator_by_elemen(indikator)
    names = _nomenklatur_names(
        tahun, {e.nomenklatur for e in elemen if e.jenis == Elemen.Jenis.PROGRAM}
    )

    sasaran_list = [e for e in elemen if e.jenis == Elemen.Jenis.SASARAN]
    sasaran_ids = {e.pk for e in sasaran_list}
    program_by_sasaran: dict[int | None, list[Elemen]] = defaultdict(list)
    for item in elemen:
        if item.jenis == Elemen.Jenis.PROGRAM:
            parent = item.induk_id if item.induk_id in sasaran_ids else None
            program_by_sasaran[parent].append(item)

    groups = [(s, program_by_sasaran.get(s.pk, [])) for s in sasaran_list]
    if program_by_sasaran.get(None):
        groups.append((None, program_by_sasaran[None]))
    totals = _RupiahBaris(_Anggaran())
    for index, (sasaran, programs) in enumerate(groups, start=1):
        uraian_sasaran = "" if sasaran is None else sasaran.uraian
        rupiah = {
            program.pk: sumber.pembukuan.rupiah(
                renja_program.get(program.pk), tahun=tahun
            )
            for program in programs
        }
        sasaran_rupiah = _RupiahBaris(_Anggaran())
        for value in rupiah.values():
            sasaran_rupiah = sasaran_rupiah + value
        totals = totals + sasaran_rupiah
        if sasaran is None:
            tabel.catatan.append(
                _(
                    "%(jumlah)s program RKPD tidak mendukung sasaran RPJMD mana pun "
                    "dan ditampilkan tanpa sasaran."
                )
                % {"jumlah": len(programs)}
            )
            tabel.baris.append(
                BarisEvaluasi(
                    tingkat=Elemen.Jenis.SASARAN,
                    nomor=str(index),
                    uraian=_("Program tanpa sasaran"),
                )
            )
        else:
            _add_elemen_rows(
                tabel,
                sasaran,
                by_elemen.get(sasaran.pk, []),
                sumber=sumber,
                nomor=str(index),
                sasaran=uraian_sasaran,
                unit_pj=pemda.nama,
                rupiah=sasaran_rupiah,
            )
        heading: dict[str, str] = {}
        ordered = sorted(programs, key=lambda p: (p.nomenklatur, p.urutan, p.kode))
        for nomor, program in enumerate(ordered, start=1):
            _add_headings(tabel, program, heading, names, sasaran=uraian_sasaran)
            source = renja_program.get(program.pk)
            if source is None:
                tabel.catatan.append(
                    _("Program RKPD %(kode)s tidak bertaut ke program Renja.")
                    % {"kode": program.kode}
                )
            _add_elemen_rows(
                tabel,
                program,
                by_elemen.get(source, []) if source else [],
                sumber=sumber,
                nomor=f"{index}.{nomor}",
                sasaran=uraian_sasaran,
                unit_pj=program.unit_pj.nama if program.unit_pj else "",
                rupiah=rupiah[program.pk],
            )

    _finish(tabel, sumber=sumber, totals=totals)
    _add_tindak_lanjut(tabel, unit=pemda)
    if not totals.anggaran.pagu:
        tabel.catatan.append(
            _("Belum ada pagu DPA untuk tahun %(tahun)s.") % {"tahun": tahun}
        )
    return tabel


def _indikator_by_elemen(indikator: QuerySet[Indikator]) -> dict[int, list[Indikator]]:
    result: dict[int, list[Indikator]] = defaultdict(list)
    for item in indikator.select_related("skala", "unit_pj", "elemen").order_by(
        "elemen_id", "urutan", "kode"
    ):
        result[item.elemen_id].append(item)
    return result


def _sum_anggaran(a: _Anggaran, b: _Anggaran) -> _Anggaran:
    triwulan = dict(a.triwulan)
    for nomor, value in b.triwulan.items():
        triwulan[nomor] = triwulan.get(nomor, 0) + value
    return _Anggaran(
        pagu=_add(a.pagu, b.pagu),
        pagu_indikatif=_add(a.pagu_indikatif, b.pagu_indikatif),
        triwulan=triwulan,
    )


def _renja_program_links(rkpd: Dokumen) -> QuerySet[TautanElemen]:
    """The links from each RKPD program to the Renja program it lists."""
    return TautanElemen.objects.filter(
        dari__dokumen=rkpd,
        dari__jenis=Elemen.Jenis.PROGRAM,
        jenis=TautanElemen.Jenis.BERASAL_DARI,
        ke__dokumen__jenis=Dokumen.Jenis.RENJA,
    )


def _nomenklatur_names(tahun: int, kodes: set[str]) -> dict[str, str]:
    """Names of the urusan and bidang urusan of the program codes ``kodes``, in
    the edition of the nomenklatur that applies to ``tahun``; two queries."""
    wanted = set()
    for kode in kodes:
        parts = kode.split(".") if kode else []
        if len(parts) >= 2:
            wanted |= {parts[0], f"{parts[0]}.{parts[1]}"}
    versi = NomenklaturVersi.objects.berlaku_pada(tahun)
    if versi is None or not wanted:
        return {}
    return dict(
        Nomenklatur.objects.filter(versi=versi, kode__in=wanted).values_list(
            "kode", "nama"
        )
    )


def _add_headings(
    tabel: TabelEvaluasi,
    program: Elemen,
    state: dict[str, str],
    names: Mapping[str, str],
    *,
    sasaran: str,
) -> None:
    """Add the urusan and bidang urusan rows above a program whose codes differ
    from those of the program before it."""
    parts = program.nomenklatur.split(".") if program.nomenklatur else []
    if len(parts) < 2:
        return
    for tingkat, kode in (("urusan", parts[0]), ("bidang", ".".join(parts[:2]))):
        if state.get(tingkat) == kode:
            continue
        state[tingkat] = kode
        if tingkat == "urusan":
            state.pop("bidang", None)
        tabel.baris.append(
            BarisEvaluasi(
                tingkat=tingkat,
                sasaran=sasaran,
                kode=kode,
                uraian=names.get(kode, ""),
            )
        )


def _add_elemen_rows(
    tabel: TabelEvaluasi,
    elemen: Elemen,
    indikator_list: list[Indikator],
    *,
    sumber: _Sumber,
    nomor: str,
    sasaran: str,
    unit_pj: str,
    rupiah: _RupiahBaris,
) -> None:
    """Add one row per indikator of ``elemen`` (one row without indikator).
    The Rp columns are filled on the first row only, so that no rupiah is
    counted twice."""
    for index, indikator in enumerate(indikator_list or [None]):
        row = BarisEvaluasi(
            tingkat=elemen.jenis,
            nomor=nomor if index == 0 else "",
            sasaran=sasaran,
            kode=elemen.nomenklatur if index == 0 else "",
            uraian=elemen.uraian if index == 0 else "",
            pertama=index == 0,
            unit_pj=unit_pj,
            triwulan=(KRp(),) * 4,
        )
        if indikator is not None:
            _fill_kinerja(row, indikator, sumber=sumber)
        else:
            row.indikator_teks = KOSONG
            row.keterangan.append(_("Elemen ini belum memiliki indikator."))
        if index == 0:
            _fill_rupiah(row, rupiah)
        tabel.baris.append(row)


def _fill_rupiah(row: BarisEvaluasi, rp: _RupiahBaris) -> None:
    """Set the Rp of columns 6-15 of an elemen's first row."""
    anggaran = rp.anggaran
    realisasi = anggaran.realisasi
    sd = _add(rp.realisasi_lalu, realisasi)
    row.target_akhir = KRp(row.target_akhir.k, rp.pagu_periode)
    row.realisasi_lalu = KRp(row.realisasi_lalu.k, rp.realisasi_lalu)
    row.target_tahun = KRp(row.target_tahun.k, anggaran.pagu)
    row.triwulan = tuple(
        KRp(row.triwulan[nomor - 1].k, anggaran.triwulan.get(nomor))
        for nomor in (1, 2, 3, 4)
    )
    row.realisasi_tahun = KRp(row.realisasi_tahun.k, realisasi)
    row.realisasi_sd = KRp(row.realisasi_sd.k, sd)
    row.tingkat_capaian_rp = serapan(sd, rp.pagu_periode)
    row.serapan_tahun = serapan(realisasi, anggaran.pagu)
    if row.tingkat_capaian_rp is None:
        row.keterangan.append(_tingkat_capaian_rp_kosong(rp.pagu_periode))


def _tingkat_capaian_rp_kosong(pagu_periode: int | None) -> str:
    """Say why column 15 Rp has no value."""
    if pagu_periode is None:
        alasan = _("pagu indikatif periode (kolom 6 Rp) belum diisi")
    elif pagu_periode == 0:
        alasan = _("pagu indikatif periode (kolom 6 Rp) nol")
    else:
        alasan = _("belum ada realisasi keuangan terverifikasi (kolom 14 Rp)")
    return _("Tingkat capaian Rp: — (%(alasan)s).") % {"alasan": alasan}


def _year_values(realisasi: Mapping, tahun: int) -> dict[str, Decimal | str]:
    return {
        periode: value for (year, periode), value in realisasi.items() if year == tahun
    }


def _fill_kinerja(row: BarisEvaluasi, indikator: Indikator, *, sumber: _Sumber) -> None:
    """Set the K of columns 5-15 of ``indikator`` and its keterangan."""
    tahun = sumber.tahun
    context = sumber.context
    agregasi = engine.Agregasi(indikator.agregasi)
    targets = sumber.targets.get(indikator.pk, [])
    realisasi = sumber.realisasi.get(indikator.pk, {})
    row.indikator = indikator
    row.indikator_teks = (
        f"{indikator.uraian} ({indikator.satuan})"
        if indikator.satuan
        else indikator.uraian
    )

    target_akhir, _row = target_akhir_periode(targets, agregasi=agregasi)
    akhir = None if target_akhir is None else target_akhir.target
    periode = sumber.strategis if target_akhir is None else target_akhir.dokumen
    tahun_awal = periode.tahun_awal if periode is not None else tahun
    row.target_akhir = KRp(NilaiK(_target_text(akhir)))
    row.target_tahun = KRp(
        NilaiK(_target_text(_own_target(targets, indikator=indikator, tahun=tahun)))
    )

    this_year = _year_values(realisasi, tahun)
    quarters = []
    for nomor in (1, 2, 3, 4):
        value = this_year.get(f"TW{nomor}")
        if value is None:
            months = [this_year.get(f"B{bulan:02d}") for bulan in BULAN_TRIWULAN[nomor]]
            value = _aggregate(months, agregasi, row)
        quarters.append(KRp(NilaiK(value, BELUM_DIISI)))
    row.triwulan = tuple(quarters)

    r_tahun = _realisasi_tahunan(this_year, agregasi, row)
    yearly = [
        _realisasi_tahunan(_year_values(realisasi, year), agregasi, row)
        for year in range(tahun_awal, tahun)
    ]
    r_lalu = _aggregate(yearly, agregasi, row)
    r_sd = _aggregate([*yearly, r_tahun], agregasi, row)
    # In the period's first year there is no earlier year to report.
    kosong_lalu = TAHUN_PERTAMA if tahun <= tahun_awal else BELUM_DIISI
    row.realisasi_lalu = KRp(NilaiK(r_lalu, kosong_lalu))
    row.realisasi_tahun = KRp(NilaiK(r_tahun, BELUM_DIISI))
    row.realisasi_sd = KRp(NilaiK(r_sd, BELUM_DIISI))

    hasil = _capaian_akhir(indikator, akhir, r_sd, context=context)
    row.tingkat_capaian_k = hasil.nilai
    row.kategori = hasil.kategori
    if hasil.keterangan:
        row.keterangan.append(
            _("Tingkat capaian Renstra: %(ket)s") % {"ket": _(hasil.keterangan)}
        )

    capaian = sumber.capaian.get(indikator.pk)
    row.capaian_tahun = capaian
    if capaian is not None:
        row.keterangan.append(_describe_capaian_tahun(capaian, tahun))
    if indikator.skala_id is not None:
        row.keterangan.append(
            _("Indikator ordinal: nilai skala, tidak dijumlahkan antarperiode.")
        )


def _describe_capaian_tahun(capaian: CapaianIndikator, tahun: int) -> str:
    if capaian.capaian_2dp is None:
        return _("Capaian %(tahun)s: — (%(ket)s).") % {
            "tahun": tahun,
            "ket": capaian.keterangan or _("tidak dapat dihitung"),
        }
    return _(
        "Capaian %(tahun)s: %(capaian)s %% (%(kategori)s) terhadap target "
        "%(target)s dari %(sumber)s."
    ) % {
        "tahun": tahun,
        "capaian": format_angka(capaian.capaian_2dp),
        "kategori": capaian.kategori,
        "target": capaian.target_teks,
        "sumber": capaian.sumber_target or KOSONG,
    }


def _aggregate(values: list, agregasi: engine.Agregasi, row: BarisEvaluasi):
    try:
        return engine.aggregate(values, agregasi=agregasi)
    except (TypeError, ValueError) as error:
        _note_once(row, _("Nilai tidak dapat diagregasi: %(pesan)s") % {"pesan": error})
        return None


def _realisasi_tahunan(values: Mapping, agregasi: engine.Agregasi, row: BarisEvaluasi):
    try:
        return engine.realisasi_tahunan(values, agregasi=agregasi)
    except (TypeError, ValueError) as error:
        _note_once(row, _("Nilai tidak dapat diagregasi: %(pesan)s") % {"pesan": error})
        return None


def _note_once(row: BarisEvaluasi, text: str) -> None:
    if text not in row.keterangan:
        row.keterangan.append(text)


def _own_target(
    targets: list[Target], *, indikator: Indikator, tahun: int
) -> engine.Target | None:
    """Return the year's target as the indikator's own document (the Renja,
    or the RKPD for its sasaran) set it."""
    dokumen_id = indikator.elemen.dokumen_id
    for target in targets:
        if (
            target.dokumen_id == dokumen_id
            and target.tahun == tahun
            and target.periode == Periode.TAHUNAN
            and target.has_value()
        ):
            return engine_target(target)
    return None


def _target_text(target: engine.Target | None) -> Decimal | str | None:
    """Return a target as a cell holds it: its number, scale value or band text."""
    if target is None:
        return None
    if target.is_skala:
        return target.nilai_skala
    if target.is_rentang:
        return f"{format_angka(target.batas_bawah)}–{format_angka(target.batas_atas)}"
    return target.nilai


def _capaian_akhir(
    indikator: Indikator,
    target: engine.Target | None,
    realisasi: Decimal | str | None,
    *,
    context,
) -> engine.HasilCapaian:
    """Compute column 15 K: the realisation up to the year against the target
    at the end of the period, by the indikator's polaritas."""
    rumus_negatif = engine.RumusNegatif(
        indikator.rumus_negatif or context.rumus_negatif
    )
    skala = context.skala.get(indikator.skala_id) if indikator.skala_id else None
    try:
        return engine.compute_capaian(
            polaritas=engine.Polaritas(indikator.polaritas),
            target=target,
            realisasi=realisasi,
            rumus_negatif=rumus_negatif,
            skala=skala,
        )
    except (TypeError, ValueError) as error:
        # A number target against a scale realisation (or the reverse) after
        # the indikator's kind changed: undefined, with the reason.
        logger.warning(
            "Tingkat capaian of indikator %s not computed: %s", indikator.kode, error
        )
        return engine.HasilCapaian(
            nilai=None,
            nilai_rumus=None,
            rumus=KOSONG,
            keterangan=_("data tidak cocok dengan indikator: %(pesan)s")
            % {"pesan": error},
        )


def _finish(tabel: TabelEvaluasi, *, sumber: _Sumber, totals: _RupiahBaris) -> None:
    """Fill the footer: the mean capaian, the budget absorbed and what is
    missing."""
    batas = sumber.context.batas_rollup
    rows = tabel.baris_indikator
    tabel.rata_rata_capaian_tahun = engine.roll_up(
        [row.capaian_tahun.capaian for row in rows if row.capaian_tahun], batas=batas
    )
    tabel.rata_rata_tingkat_capaian = engine.roll_up(
        [row.tingkat_capaian_k for row in rows], batas=batas
    )
    tabel.serapan_tahun = serapan(totals.anggaran.realisasi, totals.anggaran.pagu)
    realisasi_sd = _add(totals.realisasi_lalu, totals.anggaran.realisasi)
    tabel.serapan_sd = serapan(realisasi_sd, totals.pagu_periode)

    if rows and all(row.realisasi_tahun.k.nilai is None for row in rows):
        tabel.catatan.append(
            _(
                "Belum ada realisasi terverifikasi untuk tahun %(tahun)s: kolom "
                'realisasi ditulis "belum diisi".'
            )
            % {"tahun": tabel.tahun}
        )
    nol = [row for row in rows if _target_is_zero(row)]
    if nol:
        tabel.catatan.append(
            _(
                "%(jumlah)s indikator bertarget nol; capaiannya mengikuti aturan "
                "target nol dan dapat tidak terdefinisi."
            )
            % {"jumlah": len(nol)}
        )
    if rows and tabel.rata_rata_capaian_tahun is None:
        tabel.catatan.append(
            _("Belum ada capaian yang dapat dihitung, sehingga predikat belum ada.")
        )


def _target_is_zero(row: BarisEvaluasi) -> bool:
    values = (row.target_tahun.k.nilai, row.target_akhir.k.nilai)
    return any(isinstance(v, Decimal) and v.is_zero() for v in values)


def _add_tindak_lanjut(tabel: TabelEvaluasi, *, unit: Unit) -> None:
    """Fill the free-text footer rows from the corrective actions of the unit's
    PK indikator in the year. One query.

    Faktor penghambat lists every stated cause. An action planned in TW1-TW3
    is for the next triwulan, one planned in TW4 for the next Renja or RKPD.
    Nothing records faktor pendorong, so that row stays empty for the Bappeda
    to write.
    """
    rows = (
        TindakLanjutKinerja.objects.filter(unit=unit, tahun=tabel.tahun)
        .select_related("indikator")
        .order_by("periode", "indikator__kode", "pk")
    )
    for item in rows:
        label = f"{item.get_periode_display()} · {item.indikator.uraian}"
        if item.faktor_penghambat:
            tabel.faktor_penghambat.append(f"{label}: {item.faktor_penghambat}")
        if not item.tindakan:
            continue
        if item.periode == Periode.TW4:
            tabel.tindak_lanjut_berikutnya.append(f"{label}: {item.tindakan}")
        else:
            tabel.tindak_lanjut_triwulan.append(f"{label}: {item.tindakan}")


@dataclass(frozen=True)
class KolomEvaluasi:
    """A numbered column of the table: its title and whether it splits into
    K and Rp."""

    nomor: int
    judul: str
    k_rp: bool = False


def kolom_evaluasi(tabel: TabelEvaluasi) -> list[KolomEvaluasi]:
    """Return the seventeen columns of the lampiran, worded for a Renja (with
    its Renstra) or for the RKPD (with its RPJMD)."""
    rkpd = tabel.jenis == "rkpd"
    strategis = _("RPJMD") if rkpd else _("Renstra PD")
    tahunan = _("RKPD") if rkpd else _("Renja PD")
    akhir = tabel.strategis.tahun_terakhir if tabel.strategis else "…"
    values = {"strategis": strategis, "tahunan": tahunan, "tahun": tabel.tahun}
    return [
        KolomEvaluasi(1, pgettext("nomor urut", "No")),
        KolomEvaluasi(2, _("Sasaran")),
        KolomEvaluasi(3, _("Kode")),
        KolomEvaluasi(
            4,
            _(
                "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/"
                "Sub Kegiatan"
            ),
        ),
        KolomEvaluasi(5, _("Indikator Kinerja Program (outcome)/Kegiatan (output)")),
        KolomEvaluasi(
            6,
            _("Target %(strategis)s pada Tahun %(akhir)s (Akhir Periode)")
            % {**values, "akhir": akhir},
            k_rp=True,
        ),
        KolomEvaluasi(
            7,
            _(
                "Realisasi Capaian Kinerja %(strategis)s sampai dengan %(tahunan)s "
                "Tahun Lalu (%(lalu)s)"
            )
            % {**values, "lalu": tabel.tahun - 1},
            k_rp=True,
        ),
        KolomEvaluasi(
            8,
            _(
                "Target Kinerja dan Anggaran %(tahunan)s Tahun Berjalan "
                "(%(tahun)s) yang Dievaluasi"
            )
            % values,
            k_rp=True,
        ),
        *(
            KolomEvaluasi(
                8 + nomor,
                _("Realisasi Kinerja pada Triwulan %(triwulan)s")
                % {"triwulan": romawi},
                k_rp=True,
            )
            for nomor, romawi in enumerate(("I", "II", "III", "IV"), start=1)
        ),
        KolomEvaluasi(
            13,
            _("Realisasi Capaian Kinerja dan Anggaran %(tahunan)s yang Dievaluasi")
            % values,
            k_rp=True,
        ),
        KolomEvaluasi(
            14,
            _(
                "Realisasi Kinerja dan Anggaran %(strategis)s s/d Tahun %(tahun)s "
                "(Akhir Tahun Pelaksanaan %(tahunan)s)"
            )
            % values,
            k_rp=True,
        ),
        KolomEvaluasi(
            15,
            _(
                "Tingkat Capaian Kinerja dan Realisasi Anggaran %(strategis)s s/d "
                "Tahun %(tahun)s (%%)"
            )
            % values,
            k_rp=True,
        ),
        KolomEvaluasi(
            16,
            _("Perangkat Daerah Penanggung Jawab")
            if rkpd
            else _("Unit PD Penanggung Jawab"),
        ),
        KolomEvaluasi(17, _("Keterangan")),
    ]


def judul_evaluasi(tabel: TabelEvaluasi) -> str:
    if tabel.jenis == "rkpd":
        return _("Evaluasi terhadap Hasil RKPD")
    return _("Evaluasi terhadap Hasil Renja Perangkat Daerah")
