"""What the public portal may show, read from the database.

A document is public when it is ditetapkan, marked for publication by Admin
Bappeda and of a kind that may be published (RPJMD, Renstra, PK). A PK must
also be signed. Capaian and budget figures use accepted (diterima)
realisation only. Every function here reads in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.anggaran.selectors import pagu_sums, renja_anggaran_list, serapan
from sakip.organisasi.models import Pengaturan, Unit
from sakip.pelaporan.models import LaporanKinerja
from sakip.pengukuran.capaian import round_half_up
from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.selectors import CapaianElemen, capaian_elemen_list
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Target
from sakip.perjanjian.models import PerjanjianKinerja

# Lookups from a sub kegiatan's Pagu or KeuanganBulanan row to the sums
# the portal shows.
JALUR_OPD = "elemen__dokumen__unit__opd"
JALUR_PROGRAM = "elemen__induk__induk"


def dokumen_publik() -> QuerySet[Dokumen]:
    """Return the documents that anyone may see: ditetapkan, marked for publication,
    and for a PK also signed."""
    return Dokumen.objects.filter(
        Q(perjanjian__status=PerjanjianKinerja.Status.DITANDATANGANI)
        | ~Q(jenis=Dokumen.Jenis.PK),
        status=Dokumen.Status.DITETAPKAN,
        dipublikasikan=True,
        jenis__in=Dokumen.JENIS_PUBLIKASI,
    )


def dokumen_publik_list() -> list[Dokumen]:
    """List the public documents in the order of the cycle: RPJMD, Renstra, PK,
    each by unit and newest year first."""
    urutan = {jenis: nomor for nomor, jenis in enumerate(Dokumen.JENIS_PUBLIKASI)}
    rows = list(
        dokumen_publik()
        .select_related("unit")
        .order_by("unit__urutan", "unit__kode", "-tahun_awal", "kode")
    )
    return sorted(rows, key=lambda dokumen: urutan[dokumen.jenis])


def jumlah_dokumen_publik() -> list[dict]:
    """Count the public documents per jenis, every publishable jenis
    listed, for the portal's home page."""
    counts = dict(
        dokumen_publik()
        .order_by()
        .values_list("jenis")
        .annotate(jumlah=Count("pk"))
        .values_list("jenis", "jumlah")
    )
    labels = dict(Dokumen.Jenis.choices)
    return [
        {"jenis": jenis, "label": labels[jenis], "jumlah": counts.get(jenis, 0)}
        for jenis in Dokumen.JENIS_PUBLIKASI
    ]


def nama_pemda() -> str:
    """Return the Pemda's name from the settings, else the name of its unit."""
    pengaturan = Pengaturan.objects.filter(pk=1).only("nama_pemda").first()
    if pengaturan is not None and pengaturan.nama_pemda:
        return pengaturan.nama_pemda
    pemda = Unit.objects.filter(jenis=Unit.Jenis.PEMDA).only("nama").first()
    return pemda.nama if pemda is not None else ""


def rpjmd_publik(*, tahun: int | None = None) -> Dokumen | None:
    """Return the public RPJMD that covers ``tahun``, or the newest public one
    when ``tahun`` is None. Of two versions, the newer wins."""
    rows = dokumen_publik().filter(jenis=Dokumen.Jenis.RPJMD)
    if tahun is not None:
        rows = rows.filter(tahun_awal__lte=tahun, tahun_akhir__gte=tahun)
    return rows.order_by("-tahun_awal", "-pk").first()


def tahun_dasbor(rpjmd: Dokumen) -> int:
    """Return the latest year of the RPJMD's period that has accepted realisation,
    else its first year. No date of today is involved."""
    tahun = (
        Realisasi.objects.terverifikasi()
        .filter(tahun__gte=rpjmd.tahun_awal, tahun__lte=rpjmd.tahun_terakhir)
        .aggregate(tahun=Max("tahun"))["tahun"]
    )
    return tahun or rpjmd.tahun_awal


def capaian_sasaran(*, rpjmd: Dokumen, tahun: int) -> list[CapaianElemen]:
    """Compute the capaian of each sasaran of the RPJMD for ``tahun`` from accepted
    realisation, as ``sakip capaian`` computes it."""
    return capaian_elemen_list(
        elemen=Elemen.objects.filter(dokumen=rpjmd, jenis=Elemen.Jenis.SASARAN),
        tahun=tahun,
        hanya_terverifikasi=True,
    )


@dataclass(frozen=True)
class Serapan:
    """The pagu and the accepted realisasi keuangan of one OPD or of the
    whole Pemda for a year, in rupiah."""

    pagu: int | None
    realisasi: int | None

    @property
    def persen(self) -> Decimal | None:
        return serapan(self.realisasi, self.pagu)

    @property
    def persen_2dp(self) -> Decimal | None:
        value = self.persen
        return None if value is None else round_half_up(value, 2)


@dataclass
class SerapanAnggaran:
    """The budget of a year: the Pemda's total and each OPD's."""

    tahun: int
    total: Serapan
    opd: list[tuple[Unit, Serapan]] = field(default_factory=list)


def renja_publik_anggaran(*, tahun: int) -> QuerySet[Dokumen]:
    """The adopted Renjas whose DPA the portal shows for ``tahun``: the
    newest version of each, once it is ditetapkan."""
    return renja_anggaran_list(tahun=tahun).filter(status=Dokumen.Status.DITETAPKAN)


def pagu_rows(*, tahun: int | None) -> QuerySet[Pagu]:
    """Return the pagu rows of the sub kegiatan of the adopted Renjas."""
    rows = Pagu.objects.filter(
        elemen__jenis=Elemen.Jenis.SUB_KEGIATAN,
        elemen__dokumen__jenis=Dokumen.Jenis.RENJA,
        elemen__dokumen__status=Dokumen.Status.DITETAPKAN,
        elemen__dokumen__versi_berikutnya__isnull=True,
    )
    if tahun is not None:
        rows = rows.filter(tahun=tahun, elemen__dokumen__tahun_awal=tahun)
    return rows.order_by()


def keuangan_rows(*, tahun: int | None) -> QuerySet[KeuanganBulanan]:
    """Return the accepted monthly realisasi keuangan of the same sub kegiatan."""
    rows = KeuanganBulanan.objects.filter(
        status=KeuanganBulanan.Status.DITERIMA,
        elemen__jenis=Elemen.Jenis.SUB_KEGIATAN,
        elemen__dokumen__jenis=Dokumen.Jenis.RENJA,
        elemen__dokumen__status=Dokumen.Status.DITETAPKAN,
        elemen__dokumen__versi_berikutnya__isnull=True,
    )
    if tahun is not None:
        rows = rows.filter(tahun=tahun, elemen__dokumen__tahun_awal=tahun)
    return rows.order_by()


def serapan_anggaran(*, tahun: int) -> SerapanAnggaran:
    """Sum the pagu berlaku and the accepted realisation of ``tahun`` for the
    Pemda and per OPD; five queries."""
    pagu = pagu_rows(tahun=tahun)
    keuangan = keuangan_rows(tahun=tahun)
    sums = pagu_sums()

    pagu_opd = {
        row[JALUR_OPD]: row["pagu_berlaku"]
        for row in pagu.values(JALUR_OPD).annotate(pagu_berlaku=sums["pagu_berlaku"])
    }
    realisasi_opd = {
        row[JALUR_OPD]: row["realisasi"]
        for row in keuangan.values(JALUR_OPD).annotate(
            realisasi=Sum("realisasi_keuangan")
        )
    }
    total = Serapan(
        pagu=pagu.aggregate(pagu=sums["pagu_berlaku"])["pagu"],
        realisasi=keuangan.aggregate(realisasi=Sum("realisasi_keuangan"))["realisasi"],
    )
    ids = {key for key in (*pagu_opd, *realisasi_opd) if key is not None}
    units = Unit.objects.filter(pk__in=ids).order_by("urutan", "kode")
    return SerapanAnggaran(
        tahun=tahun,
        total=total,
        opd=[
            (unit, Serapan(pagu_opd.get(unit.pk), realisasi_opd.get(unit.pk)))
            for unit in units
        ],
    )


@dataclass
class SimpulPublik:
    """One node of a public document's tree with its indikator, and each
    indikator's targets of the document by year."""

    elemen: Elemen
    anak: list[SimpulPublik] = field(default_factory=list)
    indikator: list[Indikator] = field(default_factory=list)


def dokumen_tree(*, dokumen: Dokumen) -> list[SimpulPublik]:
    """Build the elemen tree of a public RPJMD or Renstra; three queries.

    Each indikator carries ``target_tahunan``: its yearly target of each
    year of the document (None where the document set none), in the order
    of ``dokumen.rentang_tahun``.
    """
    targets: dict[int, dict[int, Target]] = {}
    for target in Target.objects.filter(dokumen=dokumen, periode="tahunan"):
        targets.setdefault(target.indikator_id, {})[target.tahun] = target

    nodes: dict[int, SimpulPublik] = {}
    for item in Elemen.objects.filter(dokumen=dokumen).order_by("urutan", "kode"):
        nodes[item.pk] = SimpulPublik(elemen=item)
    indikator_rows = Indikator.objects.filter(elemen__dokumen=dokumen).select_related(
        "skala"
    )
    for indikator in indikator_rows.order_by("urutan", "kode"):
        own = targets.get(indikator.pk, {})
        indikator.target_tahunan = [own.get(year) for year in dokumen.rentang_tahun]
        nodes[indikator.elemen_id].indikator.append(indikator)

    roots = []
    for node in nodes.values():
        parent = nodes.get(node.elemen.induk_id)
        if parent is None:
            roots.append(node)
        else:
            parent.anak.append(node)
    return roots


def perjanjian_publik(*, kode: str) -> PerjanjianKinerja | None:
    """Return the signed, published PK whose document has the code ``kode``."""
    return (
        PerjanjianKinerja.objects.filter(
            dokumen__in=dokumen_publik(), dokumen__kode=kode
        )
        .select_related("unit", "dokumen")
        .first()
    )


def laporan_publik() -> QuerySet[LaporanKinerja]:
    """Return the LKjIPs that anyone may see: adopted, frozen and marked for
    publication."""
    return LaporanKinerja.objects.filter(
        status=LaporanKinerja.Status.DITETAPKAN,
        dipublikasikan=True,
        isi_beku__isnull=False,
    )


def laporan_publik_list() -> list[LaporanKinerja]:
    """List the public LKjIPs, newest year first, each with its revisions."""
    return list(
        laporan_publik()
        .select_related("unit")
        .prefetch_related("revisi")
        .order_by("-tahun", "unit__urutan", "unit__kode")
    )
