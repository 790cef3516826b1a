"""Recapitulations as data: the IKU of a unit for a year, the rows of a PK with
their realisation per triwulan, and a Renstra's or RPJMD's achievement over
the years of its period with the progress from the kondisi awal.

Only verified realisation counts, and every capaian comes from the engine
through ``sakip.pengukuran.selectors``, so these tables agree with
``sakip capaian``. Each is read in a fixed number of queries whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sakip.organisasi.models import Unit
from sakip.pengukuran import capaian as engine
from sakip.pengukuran.progres import ProgresIndikator, progres_series
from sakip.pengukuran.selectors import CapaianIndikator, capaian_indikator_list
from sakip.perencanaan.models import Dokumen, Indikator, Periode
from sakip.perencanaan.selectors import dokumen_berlaku_list
from sakip.perjanjian.models import BarisPK, PerjanjianKinerja

TRIWULAN = ("TW1", "TW2", "TW3", "TW4")


@dataclass
class RekapIku:
    """The IKU of the Pemda (its RPJMD) or of an OPD (its Renstra) for a year."""

    unit: Unit
    tahun: int
    dokumen: list[Dokumen]
    baris: list[CapaianIndikator]
    catatan: list[str] = field(default_factory=list)


def rekap_iku(*, unit: Unit, tahun: int) -> RekapIku:
    """Compute the capaian of every IKU of ``unit``'s strategic plan for
    ``tahun``: the RPJMD's for the Pemda, the Renstra's for an OPD."""
    if unit.jenis == Unit.Jenis.PEMDA:
        dokumen = dokumen_berlaku_list(jenis=Dokumen.Jenis.RPJMD, tahun=tahun)
    else:
        dokumen = dokumen_berlaku_list(jenis=Dokumen.Jenis.RENSTRA, tahun=tahun).filter(
            unit__opd=unit
        )
    iku = Indikator.objects.iku().filter(elemen__dokumen__in=dokumen)
    baris = capaian_indikator_list(indikator=iku, tahun=tahun, hanya_terverifikasi=True)
    rekap = RekapIku(
        unit=unit,
        tahun=tahun,
        dokumen=list(dokumen.select_related("unit")),
        baris=baris,
    )
    if not rekap.dokumen:
        rekap.catatan.append(
            _("Belum ada dokumen strategis yang mencakup tahun %(tahun)s.")
            % {"tahun": tahun}
        )
    elif not baris:
        rekap.catatan.append(_("Dokumen strategis ini belum menetapkan IKU."))
    _note_missing(rekap.catatan, baris)
    return rekap


def _note_missing(catatan: list[str], baris: list[CapaianIndikator]) -> None:
    belum = sum(1 for item in baris if item.realisasi_teks == "—")
    if belum:
        catatan.append(
            _("%(jumlah)s indikator belum memiliki realisasi terverifikasi.")
            % {"jumlah": belum}
        )


@dataclass
class BarisRekapPK:
    """One row of a PK with its target, the realisation and capaian up to each
    triwulan, and those of the year."""

    baris: BarisPK
    triwulan: list[CapaianIndikator]
    tahunan: CapaianIndikator


@dataclass
class RekapPK:
    """A PK's rows with their realisation through the year."""

    perjanjian: PerjanjianKinerja
    baris: list[BarisRekapPK]
    catatan: list[str] = field(default_factory=list)


def rekap_pk(*, perjanjian: PerjanjianKinerja) -> RekapPK:
    """Compute, for every row of ``perjanjian``, the realisation and capaian up
    to TW1-TW4 and of the year. Five capaian computations of a fixed number of
    queries each."""
    rows = list(
        BarisPK.objects.filter(perjanjian=perjanjian).select_related(
            "indikator__elemen", "target"
        )
    )
    indikator = Indikator.objects.filter(baris_pk__perjanjian=perjanjian)
    per_periode = {
        periode: {
            item.indikator.pk: item
            for item in capaian_indikator_list(
                indikator=indikator,
                tahun=perjanjian.tahun,
                periode=periode,
                hanya_terverifikasi=True,
            )
        }
        for periode in (*TRIWULAN, Periode.TAHUNAN)
    }
    baris = [
        BarisRekapPK(
            baris=row,
            triwulan=[per_periode[p][row.indikator_id] for p in TRIWULAN],
            tahunan=per_periode[Periode.TAHUNAN][row.indikator_id],
        )
        for row in rows
    ]
    rekap = RekapPK(perjanjian=perjanjian, baris=baris)
    if not perjanjian.is_ditandatangani:
        rekap.catatan.append(
            _(
                "PK ini belum ditandatangani, sehingga targetnya belum dipakai "
                "untuk capaian."
            )
        )
    if not rows:
        rekap.catatan.append(_("PK ini belum memiliki baris kinerja."))
    _note_missing(rekap.catatan, [item.tahunan for item in baris])
    return rekap


@dataclass
class TahunCapaian:
    """One year of an indikator in the achievement table."""

    tahun: int
    capaian: CapaianIndikator


@dataclass
class BarisCapaianPeriode:
    """One indikator of a strategic plan over its period: kondisi awal, each
    year's capaian, the final target and the progress toward it."""

    indikator: Indikator
    kondisi_awal_teks: str
    tahun: list[TahunCapaian]
    target_akhir_teks: str
    progres: engine.HasilProgres
    progres_tahun: int | None
    realisasi_progres_teks: str = "—"

    @property
    def progres_keterangan(self) -> str:
        return _(self.progres.keterangan) if self.progres.keterangan else ""


@dataclass
class RekapRenstra:
    """The achievement of a Renstra or RPJMD over the years of its period."""

    dokumen: Dokumen
    tahun_list: list[int]
    baris: list[BarisCapaianPeriode]
    catatan: list[str] = field(default_factory=list)


def rekap_renstra(*, dokumen: Dokumen) -> RekapRenstra:
    """Compute each indikator's capaian for every year of ``dokumen``'s period
    and its progress from the kondisi awal toward the final target.

    The final target and the realisation to date follow the indikator's
    agregasi (``sakip.pengukuran.progres``): for a kumulatif indikator both
    are sums over the period. The progress is that up to the latest year of
    the period with a realisation, so the table does not depend on today's
    date. One capaian computation per year and one progress computation.
    """
    tahun_list = list(dokumen.rentang_tahun)
    indikator_qs = Indikator.objects.filter(elemen__dokumen=dokumen)
    indikator = list(
        indikator_qs.select_related("elemen", "skala").order_by(
            "elemen__urutan", "elemen__kode", "urutan", "kode"
        )
    )
    per_tahun = {
        tahun: {
            item.indikator.pk: item
            for item in capaian_indikator_list(
                indikator=indikator_qs, tahun=tahun, hanya_terverifikasi=True
            )
        }
        for tahun in tahun_list
    }
    progres = progres_series(
        indikator_qs, tahun_list=tahun_list, hanya_terverifikasi=True, strategis=dokumen
    )

    baris = []
    for item in indikator:
        latest = _latest_progres(progres[item.pk], tahun_list)
        baris.append(
            BarisCapaianPeriode(
                indikator=item,
                kondisi_awal_teks=latest.kondisi_awal_teks,
                tahun=[TahunCapaian(t, per_tahun[t][item.pk]) for t in tahun_list],
                target_akhir_teks=_target_akhir_teks(latest),
                progres=latest.hasil,
                progres_tahun=latest.tahun
                if latest.realisasi_tahun is not None
                else None,
                realisasi_progres_teks=latest.realisasi_teks,
            )
        )
    rekap = RekapRenstra(dokumen=dokumen, tahun_list=tahun_list, baris=baris)
    if not baris:
        rekap.catatan.append(_("Dokumen ini belum memiliki indikator."))
    tanpa_awal = sum(1 for row in baris if row.kondisi_awal_teks == "—")
    if tanpa_awal:
        rekap.catatan.append(
            _("%(jumlah)s indikator belum memiliki kondisi awal.")
            % {"jumlah": tanpa_awal}
        )
    if any(row.indikator.agregasi == engine.Agregasi.KUMULATIF for row in baris):
        rekap.catatan.append(
            _(
                "Untuk indikator kumulatif, target akhir periode adalah jumlah "
                "target tahunan, dan progres memakai jumlah realisasi sejak awal "
                "periode."
            )
        )
    return rekap


def _latest_progres(
    by_tahun: dict[int, ProgresIndikator], tahun_list: list[int]
) -> ProgresIndikator:
    """Return the progress up to the latest year that has its own realisation,
    else that of the period's first year (which then says what is missing)."""
    with_realisasi = [
        by_tahun[tahun]
        for tahun in tahun_list
        if by_tahun[tahun].realisasi_tahun is not None
    ]
    return with_realisasi[-1] if with_realisasi else by_tahun[tahun_list[0]]


def _target_akhir_teks(progres: ProgresIndikator) -> str:
    akhir = progres.target_akhir
    if akhir is None:
        return "—"
    if akhir.dijumlahkan:
        return _("%(nilai)s (jumlah %(awal)s–%(akhir)s)") % {
            "nilai": akhir.teks,
            "awal": akhir.dokumen.tahun_awal,
            "akhir": akhir.tahun,
        }
    return akhir.teks


def strategis_list(*, unit: Unit) -> QuerySet[Dokumen]:
    """The RPJMD (for the Pemda) or the Renstra (for an OPD) of ``unit``,
    newest first, without the versions replaced by a perubahan."""
    jenis = (
        Dokumen.Jenis.RPJMD if unit.jenis == Unit.Jenis.PEMDA else Dokumen.Jenis.RENSTRA
    )
    dokumen = Dokumen.objects.filter(jenis=jenis, versi_berikutnya__isnull=True)
    if unit.jenis != Unit.Jenis.PEMDA:
        dokumen = dokumen.filter(unit__opd=unit)
    return dokumen.select_related("unit").order_by("-tahun_awal", "kode")
