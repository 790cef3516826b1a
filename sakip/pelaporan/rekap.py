"""Recapitulations as data: the IKU of a unit for a year, the rows of a PK with
their realisation per triwulan, and a Renstra's or RPJMD's achievement over
the years of its period with the progress from the kondisi awal.

Only verified realisation counts, and every capaian comes from the engine
through ``sakip.pengukuran.selectors``, so these tables agree with
``sakip capaian``. Each is read in a fixed number of queries whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sakip.core.angka import format_angka, format_nilai
from sakip.organisasi.models import Unit
from sakip.pengukuran import capaian as engine
from sakip.pengukuran.selectors import (
    CapaianIndikator,
    capaian_indikator_list,
    engine_target,
    load_context,
)
from sakip.perencanaan.models import Dokumen, Indikator, Periode, Target
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

    The final target is the document's own target of its last year. The
    progress uses the realisation of the latest year of the period that has
    one, so the table does not depend on today's date. One capaian
    computation per year and one query for the final targets.
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
    akhir = {
        target.indikator_id: target
        for target in Target.objects.filter(
            indikator__in=indikator_qs,
            dokumen=dokumen,
            tahun=dokumen.tahun_terakhir,
            periode=Periode.TAHUNAN,
        )
        if target.has_value()
    }
    skala = load_context(hanya_terverifikasi=True).skala

    baris = []
    for item in indikator:
        years = [TahunCapaian(t, per_tahun[t][item.pk]) for t in tahun_list]
        target = akhir.get(item.pk)
        progres, progres_tahun = progres_for(
            indikator=item,
            target_akhir=None if target is None else engine_target(target),
            realisasi_per_tahun=[(y.tahun, _realisasi_of(y.capaian)) for y in years],
            skala=skala.get(item.skala_id) if item.skala_id else None,
        )
        baris.append(
            BarisCapaianPeriode(
                indikator=item,
                kondisi_awal_teks=_kondisi_awal_teks(item),
                tahun=years,
                target_akhir_teks="—" if target is None else _target_teks(target),
                progres=progres,
                progres_tahun=progres_tahun,
            )
        )
    rekap = RekapRenstra(dokumen=dokumen, tahun_list=tahun_list, baris=baris)
    if not baris:
        rekap.catatan.append(_("Dokumen ini belum memiliki indikator."))
    tanpa_awal = sum(1 for row in baris if _kondisi_awal(row.indikator) is None)
    if tanpa_awal:
        rekap.catatan.append(
            _("%(jumlah)s indikator belum memiliki kondisi awal.")
            % {"jumlah": tanpa_awal}
        )
    return rekap


def _realisasi_of(item: CapaianIndikator) -> Decimal | str | None:
    """Return the year's realisation that a capaian was computed from: the
    number, or the scale value for an ordinal indikator."""
    if item.realisasi is not None:
        return item.realisasi
    if item.realisasi_teks in ("", "—"):
        return None
    return item.realisasi_teks


def progres_for(
    *,
    indikator: Indikator,
    target_akhir: engine.Target | None,
    realisasi_per_tahun: list[tuple[int, Decimal | str | None]],
    skala: dict[str, int] | None,
) -> tuple[engine.HasilProgres, int | None]:
    """Compute the progress from the kondisi awal with the latest year's
    realisation; return it and that year (None without realisation)."""
    latest = [
        (tahun, value) for tahun, value in realisasi_per_tahun if value is not None
    ]
    tahun, realisasi = latest[-1] if latest else (None, None)
    try:
        hasil = engine.compute_progres(
            kondisi_awal=_kondisi_awal(indikator),
            target_akhir=target_akhir,
            realisasi=realisasi,
            skala=skala,
        )
    except (TypeError, ValueError) as error:
        hasil = engine.HasilProgres(
            nilai=None,
            rumus=engine.RUMUS_PROGRES,
            keterangan=_("data tidak cocok dengan indikator: %(pesan)s")
            % {"pesan": error},
        )
    return hasil, tahun


def _kondisi_awal(indikator: Indikator) -> Decimal | str | None:
    if indikator.kondisi_awal is not None:
        return indikator.kondisi_awal
    return indikator.kondisi_awal_skala or None


def _kondisi_awal_teks(indikator: Indikator) -> str:
    value = _kondisi_awal(indikator)
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return format_nilai(value)
    return value


def _target_teks(target: Target) -> str:
    """Show a target row as written: a scale value, a band or a number."""
    if target.nilai_skala:
        return target.nilai_skala
    if target.batas_bawah is not None and target.batas_atas is not None:
        return f"{format_angka(target.batas_bawah)}–{format_angka(target.batas_atas)}"
    if target.nilai is None:
        return "—"
    return format_nilai(target.nilai)


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
