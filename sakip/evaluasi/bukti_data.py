"""Evidence from the product's own data for the criteria of an LKE, and the
answer that evidence suggests.

Each check (``pemeriksa``) reads the facts of one question (is a Renstra
adopted for the year, are the PK signed on time, is the realisation of every
quarter verified ...) and returns them with links to the product's pages and
a score between 0 and 1. The score becomes a proposed answer: the answer of
the criterion's scale with the highest value not above the score, so a Y/T
criterion is proposed Y only at a full score.

Which check serves which criterion is data: every ``data/usulan-*.csv`` file
maps a ``kriteria_kode`` to a check name, so a new LKE file comes with its own
mapping file. A criterion without a check has no proposal.

The year of the evaluation is the LKE's "tahun n". As the LKE's bukti dukung
ask, the planning facts (Renja, PK, rencana aksi, DPA) are of year n and the
reporting facts (the quarterly realisation, the LKjIP, the previous
evaluation's recommendations) of year n - 1, the last finished year.

All checks of an evaluation read one ``DataBukti``, whose parts are loaded
once each, so the proposals of a whole LKE take a fixed number of queries.
"""

from __future__ import annotations

import calendar
import csv
import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sakip.anggaran.models import Pagu
from sakip.organisasi.models import Unit
from sakip.pelaporan.models import LaporanKinerja
from sakip.pengukuran.models import Realisasi
from sakip.perencanaan.models import Dokumen, Indikator
from sakip.perjanjian.models import Level, PerjanjianKinerja

from .models import Evaluasi, Jawaban, Kriteria, NilaiJawaban

DATA_DIR = Path(__file__).resolve().parent / "data"
TRIWULAN = ("TW1", "TW2", "TW3", "TW4")
# The LKjIP of a year is due three months after the year ends (Perpres
# 29/2014, as the KemenPAN-RB quotes it). Some Pemdas set an earlier date.
BATAS_LKJIP = (3, 31)
# How many items a fact lists by name before it only counts the rest.
CONTOH_MAX = 5


@dataclass(frozen=True)
class Fakta:
    """One fact found in the data: a sentence, the page that shows it, and
    whether it supports the criterion (``None`` when it only informs)."""

    teks: str
    url: str = ""
    terpenuhi: bool | None = None


@dataclass(frozen=True)
class HasilPeriksa:
    """What a check found: its facts and a score from 0 to 1, or ``None``
    when the data cannot judge the criterion."""

    fakta: tuple[Fakta, ...]
    skor: Decimal | None


@dataclass(frozen=True)
class Usulan:
    """The proposal for one criterion: the check that made it, the facts, the
    score, and the proposed answer code ("" when there is none)."""

    kriteria_kode: str
    pemeriksa: str
    fakta: tuple[Fakta, ...]
    skor: Decimal | None
    kode: str = ""
    keterangan: str = ""

    @property
    def ada(self) -> bool:
        return bool(self.kode)


@dataclass(frozen=True)
class RekomendasiRingkas:
    """A recommendation of an earlier evaluation, as the reader of the
    recommendations gives it: its text, whether it is followed up, a page,
    and its source (a ``Rekomendasi.Sumber`` value, "" when unknown)."""

    uraian: str
    selesai: bool
    url: str = ""
    sumber: str = ""


RekomendasiReader = Callable[[Unit, int], Sequence[RekomendasiRingkas]]
_rekomendasi_reader: list[RekomendasiReader] = []


def register_rekomendasi_reader(reader: RekomendasiReader | None) -> None:
    """Set the function that lists a unit's recommendations of a year's
    evaluation. The recommendations live in a model of their own; until a
    reader is set, the check of their follow-up proposes nothing and the
    LHE lists none. ``None`` removes the reader."""
    _rekomendasi_reader.clear()
    if reader is not None:
        _rekomendasi_reader.append(reader)


def read_rekomendasi(unit: Unit, tahun: int) -> list[RekomendasiRingkas] | None:
    """Return the recommendations of ``unit``'s evaluation of ``tahun``, or
    ``None`` when no reader is set."""
    if not _rekomendasi_reader:
        return None
    return list(_rekomendasi_reader[0](unit, tahun))


class DataBukti:
    """The data of one unit and year that the checks read. Each part is one
    query, made the first time a check asks for it."""

    def __init__(self, *, unit: Unit, tahun: int) -> None:
        self.unit = unit
        self.tahun = tahun
        self.tahun_lalu = tahun - 1
        self.is_pemda = unit.jenis == Unit.Jenis.PEMDA

    def unit_q(self, path: str) -> Q:
        """The rows of this unit: the Pemda's own, or the OPD's with its bidang."""
        if self.is_pemda:
            return Q(**{f"{path}_id": self.unit.pk})
        return Q(**{f"{path}__opd_id": self.unit.opd_id})

    @cached_property
    def dokumen(self) -> list[Dokumen]:
        """The unit's plans that cover year n, every version."""
        return list(
            Dokumen.objects.filter(
                self.unit_q("unit"),
                Q(tahun_akhir__gte=self.tahun)
                | Q(tahun_akhir__isnull=True, tahun_awal=self.tahun),
                tahun_awal__lte=self.tahun,
                jenis__in=[
                    Dokumen.Jenis.RPJMD,
                    Dokumen.Jenis.RENSTRA,
                    Dokumen.Jenis.RKPD,
                    Dokumen.Jenis.RENJA,
                ],
            ).order_by("jenis", "tahun_awal", "pk")
        )

    def dokumen_jenis(self, jenis: str) -> list[Dokumen]:
        return [dokumen for dokumen in self.dokumen if dokumen.jenis == jenis]

    @property
    def jenis_strategis(self) -> str:
        return Dokumen.Jenis.RPJMD if self.is_pemda else Dokumen.Jenis.RENSTRA

    @property
    def jenis_tahunan(self) -> str:
        return Dokumen.Jenis.RKPD if self.is_pemda else Dokumen.Jenis.RENJA

    @cached_property
    def iku(self) -> list[dict]:
        """The IKU of the unit's strategic and yearly plans of year n."""
        # The newest version of each plan: the one no other version replaces.
        diganti = {dokumen.versi_sebelumnya_id for dokumen in self.dokumen}
        ids = [
            dokumen.pk
            for dokumen in self.dokumen
            if dokumen.jenis in (self.jenis_strategis, self.jenis_tahunan)
            and dokumen.pk not in diganti
        ]
        return list(
            Indikator.objects.filter(elemen__dokumen_id__in=ids, iku=True)
            .order_by("elemen__dokumen_id", "urutan", "kode")
            .values("pk", "uraian", "definisi", "formula")
        )

    @cached_property
    def perjanjian(self) -> list[PerjanjianKinerja]:
        """The first version (murni) of each of the unit's PK of year n, with
        its rencana aksi when it has one."""
        return list(
            PerjanjianKinerja.objects.filter(
                self.unit_q("unit"),
                tahun=self.tahun,
                dokumen__versi_sebelumnya__isnull=True,
            )
            .select_related("unit", "dokumen", "rencana_aksi__dokumen")
            .order_by("unit__urutan", "unit__kode", "level", "pk")
        )

    @cached_property
    def tanggal_dpa(self) -> datetime.date | None:
        """The day the unit's DPA murni of year n was first recorded here."""
        pertama = Pagu.history.filter(
            self.unit_q("elemen__dokumen__unit"),
            tahun=self.tahun,
            versi=Pagu.Versi.MURNI,
        ).aggregate(pertama=Min("history_date"))["pertama"]
        if pertama is None:
            return None
        return timezone.localtime(pertama).date()

    @cached_property
    def realisasi(self) -> dict[str, dict[str, int]]:
        """The number of realisation rows of year n - 1 per quarter and status."""
        rows = (
            Realisasi.objects.filter(
                self.unit_q("indikator__elemen__dokumen__unit"),
                tahun=self.tahun_lalu,
                periode__in=TRIWULAN,
            )
            .values("periode", "status")
            .annotate(jumlah=Count("pk"))
            .order_by()
        )
        jumlah: dict[str, dict[str, int]] = {periode: {} for periode in TRIWULAN}
        for row in rows:
            jumlah[row["periode"]][row["status"]] = row["jumlah"]
        return jumlah

    @cached_property
    def lkjip(self) -> LaporanKinerja | None:
        """The unit's LKjIP of year n - 1."""
        return LaporanKinerja.objects.filter(
            unit_id=self.unit.pk, tahun=self.tahun_lalu
        ).first()

    @cached_property
    def rekomendasi(self) -> list[RekomendasiRingkas] | None:
        return read_rekomendasi(self.unit, self.tahun_lalu)


Pemeriksa = Callable[[DataBukti], HasilPeriksa]
PEMERIKSA: dict[str, Pemeriksa] = {}


def pemeriksa(name: str) -> Callable[[Pemeriksa], Pemeriksa]:
    """Register a check under ``name``, the name the mapping files use."""

    def decorator(function: Pemeriksa) -> Pemeriksa:
        PEMERIKSA[name] = function
        return function

    return decorator


def _url(name: str, *args) -> str:
    return reverse(name, args=args)


def _skor(terpenuhi: int, jumlah: int) -> Decimal:
    if jumlah == 0:
        return Decimal(0)
    return Decimal(terpenuhi) / Decimal(jumlah)


def _semua(fakta: list[Fakta]) -> HasilPeriksa:
    """All facts must hold: a score of 1 or 0."""
    ok = all(item.terpenuhi is not False for item in fakta)
    return HasilPeriksa(tuple(fakta), Decimal(1) if ok else Decimal(0))


def _fakta_dokumen(data: DataBukti, jenis: str) -> Fakta:
    """Check that an adopted document of ``jenis`` covers year n."""
    label = Dokumen.Jenis(jenis).label
    dokumen = data.dokumen_jenis(jenis)
    ditetapkan = [item for item in dokumen if item.is_ditetapkan]
    if ditetapkan:
        item = ditetapkan[-1]
        return Fakta(
            _(
                "%(jenis)s %(nama)s (versi %(versi)s) ditetapkan dan mencakup tahun "
                "%(tahun)s."
            )
            % {"jenis": label, "nama": item, "versi": item.versi, "tahun": data.tahun},
            _url("perencanaan:dokumen_detail", item.pk),
            True,
        )
    if dokumen:
        item = dokumen[-1]
        return Fakta(
            _(
                "%(jenis)s %(nama)s mencakup tahun %(tahun)s tetapi berstatus "
                "%(status)s, belum ditetapkan."
            )
            % {
                "jenis": label,
                "nama": item,
                "tahun": data.tahun,
                "status": item.get_status_display().lower(),
            },
            _url("perencanaan:dokumen_detail", item.pk),
            False,
        )
    return Fakta(
        _("Belum ada %(jenis)s yang mencakup tahun %(tahun)s.")
        % {"jenis": label, "tahun": data.tahun},
        terpenuhi=False,
    )


def _fakta_iku(data: DataBukti) -> Fakta:
    dokumen = {
        "strategis": Dokumen.Jenis(data.jenis_strategis).label,
        "tahunan": Dokumen.Jenis(data.jenis_tahunan).label,
        "tahun": data.tahun,
    }
    jumlah = len(data.iku)
    if jumlah:
        return Fakta(
            _(
                "%(jumlah)s IKU tercantum pada %(strategis)s dan %(tahunan)s tahun "
                "%(tahun)s."
            )
            % {"jumlah": jumlah, **dokumen},
            terpenuhi=True,
        )
    return Fakta(
        _(
            "Belum ada indikator yang ditandai IKU pada %(strategis)s atau "
            "%(tahunan)s tahun %(tahun)s."
        )
        % dokumen,
        terpenuhi=False,
    )


def _pk_kepala(data: DataBukti) -> PerjanjianKinerja | None:
    level = Level.KEPALA_DAERAH if data.is_pemda else Level.KEPALA_OPD
    for perjanjian in data.perjanjian:
        if perjanjian.level == level and perjanjian.unit_id == data.unit.pk:
            return perjanjian
    return None


def _fakta_pk_kepala(data: DataBukti) -> Fakta:
    perjanjian = _pk_kepala(data)
    if perjanjian is None:
        return Fakta(
            _("Belum ada PK pimpinan %(unit)s tahun %(tahun)s.")
            % {"unit": data.unit, "tahun": data.tahun},
            terpenuhi=False,
        )
    url = _url("perjanjian:pk_detail", perjanjian.pk)
    if perjanjian.is_ditandatangani:
        return Fakta(
            _("PK %(jabatan)s tahun %(tahun)s ditandatangani, bertanggal %(tanggal)s.")
            % {
                "jabatan": perjanjian.pihak_pertama_nama_jabatan,
                "tahun": data.tahun,
                "tanggal": date_format(perjanjian.tanggal, "j F Y"),
            },
            url,
            True,
        )
    return Fakta(
        _("PK %(jabatan)s tahun %(tahun)s masih draft.")
        % {"jabatan": perjanjian.pihak_pertama_nama_jabatan, "tahun": data.tahun},
        url,
        False,
    )


@pemeriksa("renstra_ditetapkan")
def periksa_renstra(data: DataBukti) -> HasilPeriksa:
    return _semua([_fakta_dokumen(data, data.jenis_strategis)])


@pemeriksa("renja_iku_pk")
def periksa_renja_iku_pk(data: DataBukti) -> HasilPeriksa:
    return _semua(
        [
            _fakta_dokumen(data, data.jenis_tahunan),
            _fakta_iku(data),
            _fakta_pk_kepala(data),
        ]
    )


@pemeriksa("perencanaan_diformalkan")
def periksa_diformalkan(data: DataBukti) -> HasilPeriksa:
    return _semua(
        [
            _fakta_dokumen(data, data.jenis_strategis),
            _fakta_dokumen(data, data.jenis_tahunan),
            _fakta_iku(data),
        ]
    )


@pemeriksa("renaksi_ditetapkan")
def periksa_renaksi(data: DataBukti) -> HasilPeriksa:
    """Check that every PK of year n has an adopted rencana aksi."""
    if not data.perjanjian:
        return HasilPeriksa(
            (
                Fakta(
                    _("Belum ada PK tahun %(tahun)s, sehingga belum ada rencana aksi.")
                    % {"tahun": data.tahun},
                    terpenuhi=False,
                ),
            ),
            Decimal(0),
        )
    fakta = []
    for perjanjian in data.perjanjian:
        rencana = getattr(perjanjian, "rencana_aksi", None)
        nama = perjanjian.pihak_pertama_nama_jabatan
        if rencana is not None and rencana.is_ditetapkan:
            fakta.append(
                Fakta(
                    _("Rencana aksi PK %(jabatan)s ditetapkan.") % {"jabatan": nama},
                    _url("pelaksanaan:rencana_aksi_detail", rencana.pk),
                    True,
                )
            )
        elif rencana is not None:
            fakta.append(
                Fakta(
                    _("Rencana aksi PK %(jabatan)s belum ditetapkan.")
                    % {"jabatan": nama},
                    _url("pelaksanaan:rencana_aksi_detail", rencana.pk),
                    False,
                )
            )
        else:
            fakta.append(
                Fakta(
                    _("PK %(jabatan)s belum memiliki rencana aksi.")
                    % {"jabatan": nama},
                    _url("perjanjian:pk_detail", perjanjian.pk),
                    False,
                )
            )
    return _semua(fakta)


@pemeriksa("dpa_tersedia")
def periksa_dpa(data: DataBukti) -> HasilPeriksa:
    tanggal = data.tanggal_dpa
    if tanggal is None:
        fakta = Fakta(
            _("Belum ada pagu DPA murni tahun %(tahun)s.") % {"tahun": data.tahun},
            terpenuhi=False,
        )
    else:
        fakta = Fakta(
            _("Pagu DPA murni tahun %(tahun)s tercatat sejak %(tanggal)s.")
            % {"tahun": data.tahun, "tanggal": date_format(tanggal, "j F Y")},
            terpenuhi=True,
        )
    return _semua([fakta])


def add_one_month(tanggal: datetime.date) -> datetime.date:
    """Return the same day of the next month, or that month's last day."""
    year = tanggal.year + tanggal.month // 12
    month = tanggal.month % 12 + 1
    day = min(tanggal.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


@pemeriksa("pk_tepat_waktu")
def periksa_pk_tepat_waktu(data: DataBukti) -> HasilPeriksa:
    """Score the share of the PK murni of year n (every level) that are signed
    and dated at most one month after the DPA.

    NOTE: the product stores no date of the DPA's ratification, so the day
    its pagu murni was first recorded here is used instead. A DPA imported
    weeks after its ratification makes the deadline later than the rule's.
    """
    fakta: list[Fakta] = []
    batas = None if data.tanggal_dpa is None else add_one_month(data.tanggal_dpa)
    if batas is None:
        fakta.append(
            Fakta(
                _(
                    "Tanggal DPA tahun %(tahun)s tidak diketahui (belum ada pagu "
                    "murni), sehingga hanya penandatanganan PK yang diperiksa."
                )
                % {"tahun": data.tahun}
            )
        )
    else:
        fakta.append(
            Fakta(
                _(
                    "PK paling lambat bertanggal %(batas)s: satu bulan setelah pagu "
                    "DPA murni tercatat (%(dpa)s)."
                )
                % {
                    "batas": date_format(batas, "j F Y"),
                    "dpa": date_format(data.tanggal_dpa, "j F Y"),
                }
            )
        )
    if not data.perjanjian:
        fakta.append(
            Fakta(
                _("Belum ada PK tahun %(tahun)s.") % {"tahun": data.tahun},
                terpenuhi=False,
            )
        )
        return HasilPeriksa(tuple(fakta), Decimal(0))

    tepat = 0
    for perjanjian in data.perjanjian:
        tepat_waktu = perjanjian.is_ditandatangani and (
            batas is None or perjanjian.tanggal <= batas
        )
        tepat += tepat_waktu
        if not perjanjian.is_ditandatangani:
            keadaan = _("belum ditandatangani")
        elif tepat_waktu:
            keadaan = _("ditandatangani tepat waktu")
        else:
            keadaan = _("ditandatangani terlambat")
        fakta.append(
            Fakta(
                _("PK %(level)s %(jabatan)s bertanggal %(tanggal)s: %(keadaan)s.")
                % {
                    "level": perjanjian.get_level_display(),
                    "jabatan": perjanjian.pihak_pertama_nama_jabatan,
                    "tanggal": date_format(perjanjian.tanggal, "j F Y"),
                    "keadaan": keadaan,
                },
                _url("perjanjian:pk_detail", perjanjian.pk),
                bool(tepat_waktu),
            )
        )
    return HasilPeriksa(tuple(fakta), _skor(tepat, len(data.perjanjian)))


@pemeriksa("realisasi_triwulan")
def periksa_realisasi_triwulan(data: DataBukti) -> HasilPeriksa:
    """Score the share of the quarters of year n - 1 whose realisation is
    entered and all verified (diterima)."""
    fakta = []
    lengkap = 0
    for periode in TRIWULAN:
        jumlah = data.realisasi[periode]
        total = sum(jumlah.values())
        diterima = jumlah.get(Realisasi.Status.DITERIMA, 0)
        ok = total > 0 and diterima == total
        lengkap += ok
        url = ""
        if not data.is_pemda:
            url = _url(
                "pengukuran:verifikasi_opd", data.unit.pk, data.tahun_lalu, periode
            )
        if total == 0:
            teks = _("%(periode)s %(tahun)s: belum ada realisasi.")
        else:
            teks = _(
                "%(periode)s %(tahun)s: %(diterima)s dari %(total)s realisasi "
                "diverifikasi (diterima)."
            )
        fakta.append(
            Fakta(
                teks
                % {
                    "periode": periode,
                    "tahun": data.tahun_lalu,
                    "diterima": diterima,
                    "total": total,
                },
                url,
                ok,
            )
        )
    return HasilPeriksa(tuple(fakta), _skor(lengkap, len(TRIWULAN)))


@pemeriksa("realisasi_aplikasi")
def periksa_realisasi_aplikasi(data: DataBukti) -> HasilPeriksa:
    total = sum(sum(jumlah.values()) for jumlah in data.realisasi.values())
    if total:
        fakta = Fakta(
            _(
                "%(total)s realisasi triwulan tahun %(tahun)s dikumpulkan dan "
                "capaiannya dihitung di aplikasi ini."
            )
            % {"total": total, "tahun": data.tahun_lalu},
            terpenuhi=True,
        )
    else:
        fakta = Fakta(
            _("Belum ada realisasi triwulan tahun %(tahun)s di aplikasi ini.")
            % {"tahun": data.tahun_lalu},
            terpenuhi=False,
        )
    return _semua([fakta])


@pemeriksa("iku_definisi")
def periksa_iku_definisi(data: DataBukti) -> HasilPeriksa:
    """Check that every IKU has a definisi operasional and a formula."""
    if not data.iku:
        return _semua([_fakta_iku(data)])
    kurang = [
        item
        for item in data.iku
        if not item["definisi"].strip() or not item["formula"].strip()
    ]
    fakta = [
        Fakta(
            _(
                "%(lengkap)s dari %(jumlah)s IKU memiliki definisi operasional dan "
                "formula."
            )
            % {"lengkap": len(data.iku) - len(kurang), "jumlah": len(data.iku)},
            terpenuhi=not kurang,
        )
    ]
    for item in kurang[:CONTOH_MAX]:
        fakta.append(
            Fakta(
                _("IKU %(uraian)s belum memiliki definisi operasional atau formula.")
                % {"uraian": item["uraian"]},
                _url("perencanaan:indikator_detail", item["pk"]),
                False,
            )
        )
    return _semua(fakta)


def _fakta_lkjip_ada(data: DataBukti) -> Fakta | None:
    if data.lkjip is None:
        return Fakta(
            _("Belum ada LKjIP tahun %(tahun)s.") % {"tahun": data.tahun_lalu},
            terpenuhi=False,
        )
    return None


def _lkjip_url(data: DataBukti) -> str:
    return _url("pelaporan:laporan_detail", data.tahun_lalu, data.unit.pk)


@pemeriksa("lkjip_disusun")
def periksa_lkjip_disusun(data: DataBukti) -> HasilPeriksa:
    kosong = _fakta_lkjip_ada(data)
    if kosong is not None:
        return _semua([kosong])
    return _semua(
        [
            Fakta(
                _("LKjIP tahun %(tahun)s telah disusun (%(status)s).")
                % {
                    "tahun": data.tahun_lalu,
                    "status": data.lkjip.get_status_display().lower(),
                },
                _lkjip_url(data),
                True,
            )
        ]
    )


def _fakta_lkjip_ditetapkan(data: DataBukti) -> Fakta:
    laporan = data.lkjip
    if laporan.is_ditetapkan:
        return Fakta(
            _("LKjIP tahun %(tahun)s ditetapkan pada %(tanggal)s.")
            % {
                "tahun": data.tahun_lalu,
                "tanggal": date_format(
                    timezone.localtime(laporan.ditetapkan_pada), "j F Y"
                ),
            },
            _lkjip_url(data),
            True,
        )
    return Fakta(
        _("LKjIP tahun %(tahun)s masih draft.") % {"tahun": data.tahun_lalu},
        _lkjip_url(data),
        False,
    )


@pemeriksa("lkjip_ditetapkan")
def periksa_lkjip_ditetapkan(data: DataBukti) -> HasilPeriksa:
    kosong = _fakta_lkjip_ada(data)
    if kosong is not None:
        return _semua([kosong])
    return _semua([_fakta_lkjip_ditetapkan(data)])


@pemeriksa("lkjip_dipublikasikan")
def periksa_lkjip_dipublikasikan(data: DataBukti) -> HasilPeriksa:
    kosong = _fakta_lkjip_ada(data)
    if kosong is not None:
        return _semua([kosong])
    laporan = data.lkjip
    if laporan.is_ditetapkan and laporan.dipublikasikan:
        publikasi = Fakta(
            _("LKjIP tahun %(tahun)s dipublikasikan di portal publik.")
            % {"tahun": data.tahun_lalu},
            _lkjip_url(data),
            True,
        )
    else:
        publikasi = Fakta(
            _("LKjIP tahun %(tahun)s belum dipublikasikan.")
            % {"tahun": data.tahun_lalu},
            _lkjip_url(data),
            False,
        )
    return _semua([_fakta_lkjip_ditetapkan(data), publikasi])


@pemeriksa("lkjip_tepat_waktu")
def periksa_lkjip_tepat_waktu(data: DataBukti) -> HasilPeriksa:
    kosong = _fakta_lkjip_ada(data)
    if kosong is not None:
        return _semua([kosong])
    batas = datetime.date(data.tahun, *BATAS_LKJIP)
    laporan = data.lkjip
    fakta = [
        Fakta(
            _("Batas penyampaian LKjIP tahun %(tahun)s: %(batas)s.")
            % {"tahun": data.tahun_lalu, "batas": date_format(batas, "j F Y")}
        )
    ]
    if not laporan.is_ditetapkan:
        fakta.append(_fakta_lkjip_ditetapkan(data))
        return _semua(fakta)
    tanggal = timezone.localtime(laporan.ditetapkan_pada).date()
    fakta.append(
        Fakta(
            _("LKjIP ditetapkan pada %(tanggal)s.")
            % {"tanggal": date_format(tanggal, "j F Y")},
            _lkjip_url(data),
            tanggal <= batas,
        )
    )
    return _semua(fakta)


@pemeriksa("rekomendasi_ditindaklanjuti")
def periksa_rekomendasi(data: DataBukti) -> HasilPeriksa:
    """Score the share of the recommendations of the evaluation of year n - 1
    that are followed up."""
    daftar = data.rekomendasi
    if daftar is None:
        return HasilPeriksa(
            (
                Fakta(
                    _(
                        "Data rekomendasi dan tindak lanjut belum tersedia di "
                        "aplikasi ini."
                    )
                ),
            ),
            None,
        )
    if not daftar:
        return HasilPeriksa(
            (
                Fakta(
                    _("Tidak ada rekomendasi evaluasi tahun %(tahun)s yang tercatat.")
                    % {"tahun": data.tahun_lalu}
                ),
            ),
            None,
        )
    selesai = sum(item.selesai for item in daftar)
    fakta = [
        Fakta(
            _(
                "%(selesai)s dari %(jumlah)s rekomendasi evaluasi tahun %(tahun)s "
                "telah ditindaklanjuti."
            )
            % {"selesai": selesai, "jumlah": len(daftar), "tahun": data.tahun_lalu},
            terpenuhi=selesai == len(daftar),
        )
    ]
    for item in [item for item in daftar if not item.selesai][:CONTOH_MAX]:
        fakta.append(
            Fakta(
                _("Belum ditindaklanjuti: %(uraian)s") % {"uraian": item.uraian},
                item.url,
                False,
            )
        )
    return HasilPeriksa(tuple(fakta), _skor(selesai, len(daftar)))


@dataclass(frozen=True)
class Pemetaan:
    """The check of a criterion code, and why it serves that criterion."""

    pemeriksa: str
    keterangan: str = ""


@cache
def load_pemetaan(folder: Path = DATA_DIR) -> dict[str, Pemetaan]:
    """Read every ``usulan-*.csv`` of ``folder`` (columns ``kriteria_kode``,
    ``pemeriksa``, ``keterangan``). A later file's row for a code replaces
    an earlier one's; a check name that does not exist raises ValueError."""
    pemetaan: dict[str, Pemetaan] = {}
    for path in sorted(folder.glob("usulan-*.csv")):
        with path.open(encoding="utf-8", newline="") as berkas:
            for nomor, row in enumerate(csv.DictReader(berkas), start=2):
                kode = (row.get("kriteria_kode") or "").strip()
                nama = (row.get("pemeriksa") or "").strip()
                if nama not in PEMERIKSA:
                    raise ValueError(
                        f"{path.name} row {nomor}: unknown check {nama!r} for "
                        f"{kode!r}; expected one of {sorted(PEMERIKSA)}"
                    )
                pemetaan[kode] = Pemetaan(nama, (row.get("keterangan") or "").strip())
    return pemetaan


@dataclass
class _Skala:
    """The answers of one answer type, highest value first."""

    jawaban: list[tuple[str, Decimal]] = field(default_factory=list)

    def pilih(self, skor: Decimal) -> str:
        """Return the code of the highest answer whose value is not above
        ``skor``, else the lowest answer."""
        for kode, nilai in self.jawaban:
            if nilai <= skor:
                return kode
        return self.jawaban[-1][0] if self.jawaban else ""


def _skala_template(template_id: int) -> dict[str, _Skala]:
    skala: dict[str, _Skala] = {}
    rows = NilaiJawaban.objects.filter(template_id=template_id).order_by(
        "jenis_jawaban", "-nilai", "urutan"
    )
    for jenis, kode, nilai in rows.values_list("jenis_jawaban", "kode", "nilai"):
        skala.setdefault(jenis, _Skala()).jawaban.append((kode, nilai))
    return skala


def usulan_evaluasi(
    evaluasi: Evaluasi, *, kriteria: Sequence[Kriteria] | None = None
) -> dict[str, Usulan]:
    """Return the proposal of every criterion of ``evaluasi`` that has a
    check, by criterion code. The queries do not grow with the number of
    criteria: one for the criteria (unless given), one for the scale, and
    one for each part of the data the checks read."""
    if kriteria is None:
        kriteria = list(
            Kriteria.objects.filter(
                sub_komponen__komponen__template_id=evaluasi.template_id
            ).only("kode", "jenis_jawaban")
        )
    pemetaan = load_pemetaan()
    dipetakan = [item for item in kriteria if item.kode in pemetaan]
    if not dipetakan:
        return {}
    data = DataBukti(unit=evaluasi.unit, tahun=evaluasi.tahun)
    skala = _skala_template(evaluasi.template_id)
    hasil_per_pemeriksa: dict[str, HasilPeriksa] = {}
    usulan = {}
    for item in dipetakan:
        peta = pemetaan[item.kode]
        if peta.pemeriksa not in hasil_per_pemeriksa:
            hasil_per_pemeriksa[peta.pemeriksa] = PEMERIKSA[peta.pemeriksa](data)
        hasil = hasil_per_pemeriksa[peta.pemeriksa]
        kode = ""
        if hasil.skor is not None and item.jenis_jawaban in skala:
            kode = skala[item.jenis_jawaban].pilih(hasil.skor)
        usulan[item.kode] = Usulan(
            kriteria_kode=item.kode,
            pemeriksa=peta.pemeriksa,
            fakta=hasil.fakta,
            skor=hasil.skor,
            kode=kode,
            keterangan=peta.keterangan,
        )
    return usulan


def usulan_kriteria(evaluasi: Evaluasi, kriteria: Kriteria) -> Usulan | None:
    """Return the proposal for one criterion, ``None`` when it has no check."""
    return usulan_evaluasi(evaluasi, kriteria=[kriteria]).get(kriteria.kode)


def usulan_context(
    evaluasi: Evaluasi,
    kriteria: Kriteria,
    *,
    semua: dict[str, Usulan] | None = None,
) -> dict:
    """Return the context of ``evaluasi/partials/usulan_kriteria.html`` for
    one criterion: its proposal (``None`` without a check), the answer at the
    current stage with its version, and the answers of the criterion's scale.
    A page that shows every criterion passes ``semua``, the result of
    ``usulan_evaluasi``, so the data is read once for the whole LKE."""
    from .services import TAHAP_OF_STATUS

    if semua is None:
        usulan = usulan_kriteria(evaluasi, kriteria)
    else:
        usulan = semua.get(kriteria.kode)
    tahap = TAHAP_OF_STATUS.get(evaluasi.status)
    jawaban = None
    pilihan: list[tuple[str, Decimal, str]] = []
    if usulan is not None and tahap is not None:
        jawaban = Jawaban.objects.filter(
            evaluasi=evaluasi, kriteria=kriteria, tahap=tahap
        ).first()
        pilihan = list(
            NilaiJawaban.objects.filter(
                template_id=evaluasi.template_id,
                jenis_jawaban=kriteria.jenis_jawaban,
            ).values_list("kode", "nilai", "keterangan")
        )
    return {
        "evaluasi": evaluasi,
        "kriteria": kriteria,
        "usulan": usulan,
        "jawaban": jawaban,
        "versi": 0 if jawaban is None else jawaban.versi,
        "pilihan": pilihan,
        "bisa_diputuskan": tahap is not None and usulan is not None and usulan.ada,
    }
