from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sakip.core.angka import format_angka
from sakip.core.scoping import ScopedQuerySet
from sakip.organisasi.models import Unit
from sakip.perencanaan.models import TAHUN_VALIDATORS

# The most characters of one narrative field: about ten pages of text. Every
# download renders the narrative, and a field of megabytes made each PDF take
# half a minute.
NARASI_MAX = 20_000


def pesan_narasi_terlalu_panjang(jumlah: int) -> str:
    """Return the error of a narrative of ``jumlah`` characters, over the limit."""
    return gettext(
        "Isian ini paling banyak %(max)s karakter, sedangkan yang dikirim "
        "%(jumlah)s karakter. Persingkat teksnya atau pindahkan uraian panjang "
        "ke lampiran, lalu simpan lagi."
    ) % {
        "max": format_angka(Decimal(NARASI_MAX), 0),
        "jumlah": format_angka(Decimal(jumlah), 0),
    }


# The narrative fields of the whole report and of each sasaran's analysis, in
# the order the page and the document show them.
BAGIAN_LAPORAN = ("ikhtisar", "pendahuluan", "penutup")
BAGIAN_ANALISIS = (
    "penyebab",
    "solusi",
    "efisiensi",
    "program_pendukung",
    "pembanding_nasional",
)


class LaporanKinerjaQuerySet(ScopedQuerySet):
    unit_path = "unit"


class LaporanKinerja(models.Model):
    """The LKjIP (Laporan Kinerja Instansi Pemerintah) of the Pemda or of one
    OPD for one year, with its narrative. Once ditetapkan it also stores the
    data and narrative it reported as JSON, so that it reads the same
    whatever changes in the tables later."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        DITETAPKAN = "ditetapkan", _("Ditetapkan")

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="laporan_kinerja",
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"), validators=TAHUN_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    ikhtisar = models.TextField(_("ikhtisar eksekutif"), blank=True)
    pendahuluan = models.TextField(_("pendahuluan"), blank=True)
    penutup = models.TextField(_("penutup"), blank=True)
    # Version of each narrative field above, raised on every save of it, so
    # that a save made from an older copy of the field is rejected.
    versi_isian = models.JSONField(_("versi isian"), default=dict, blank=True)
    dipublikasikan = models.BooleanField(
        _("dipublikasikan"),
        default=False,
        help_text=_("Tampilkan LKjIP yang ditetapkan di portal publik."),
    )
    # Set on adoption: lkjip_data() of that moment and the narrative.
    isi_beku = models.JSONField(_("data yang ditetapkan"), null=True, blank=True)
    narasi_beku = models.JSONField(_("narasi yang ditetapkan"), null=True, blank=True)
    ditetapkan_pada = models.DateTimeField(_("ditetapkan pada"), null=True, blank=True)
    ditetapkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditetapkan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    diubah_pada = models.DateTimeField(_("diubah pada"), auto_now=True)

    history = HistoricalRecords()
    objects = LaporanKinerjaQuerySet.as_manager()

    class Meta:
        verbose_name = _("LKjIP")
        verbose_name_plural = _("LKjIP")
        ordering = ["-tahun", "unit__urutan", "unit__kode"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "tahun"],
                name="laporan_kinerja_satu_per_unit_tahun",
                violation_error_message=_(
                    "Setiap unit hanya punya satu LKjIP setahun."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"LKjIP {self.tahun} {self.unit}"

    @property
    def is_ditetapkan(self) -> bool:
        return self.status == self.Status.DITETAPKAN


class AnalisisSasaran(models.Model):
    """The analysis of one sasaran in Bab III of an LKjIP: why its capaian is
    what it is, what was done about it, the efficiency of its budget, the
    programs that supported it and the national comparison. Keyed by the
    sasaran's kode, because a frozen report outlives the sasaran's row."""

    laporan = models.ForeignKey(
        LaporanKinerja,
        verbose_name=_("LKjIP"),
        on_delete=models.CASCADE,
        related_name="analisis",
    )
    sasaran_kode = models.CharField(_("kode sasaran"), max_length=64)
    penyebab = models.TextField(_("penyebab keberhasilan / kegagalan"), blank=True)
    solusi = models.TextField(_("solusi yang telah dilakukan"), blank=True)
    efisiensi = models.TextField(_("efisiensi penggunaan sumber daya"), blank=True)
    program_pendukung = models.TextField(
        _("program / kegiatan yang menunjang"), blank=True
    )
    pembanding_nasional = models.TextField(
        _("perbandingan dengan standar nasional"), blank=True
    )
    versi_isian = models.JSONField(_("versi isian"), default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("analisis sasaran")
        verbose_name_plural = _("analisis sasaran")
        ordering = ["laporan", "sasaran_kode"]
        constraints = [
            models.UniqueConstraint(
                fields=["laporan", "sasaran_kode"],
                name="analisis_sasaran_satu_per_laporan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.laporan} · {self.sasaran_kode}"


class RevisiLaporanKinerja(models.Model):
    """A dated correction of an adopted LKjIP: the data and narrative of the
    day it was made, frozen like the original, which stays as it was."""

    laporan = models.ForeignKey(
        LaporanKinerja,
        verbose_name=_("LKjIP"),
        on_delete=models.CASCADE,
        related_name="revisi",
    )
    nomor = models.PositiveSmallIntegerField(_("nomor revisi"))
    tanggal = models.DateField(_("tanggal revisi"))
    alasan = models.TextField(_("alasan revisi"))
    isi_beku = models.JSONField(_("data revisi"))
    narasi_beku = models.JSONField(_("narasi revisi"))
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("revisi LKjIP")
        verbose_name_plural = _("revisi LKjIP")
        ordering = ["laporan", "nomor"]
        constraints = [
            models.UniqueConstraint(
                fields=["laporan", "nomor"], name="revisi_laporan_nomor_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.laporan} · {_('revisi')} {self.nomor}"


def paket_berkas_path(instance: PaketLaporanKinerja, filename: str) -> str:
    """Return the storage name of a job's ZIP: the year and a random name, so
    that one job's link never guesses another's."""
    return f"pelaporan/paket/{instance.tahun}/{secrets.token_hex(16)}.zip"


class PaketLaporanKinerja(models.Model):
    """One background job that renders the LKjIP of the Pemda and of every
    OPD for a year into one ZIP, with the progress shown while it runs."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu")
        BERJALAN = "berjalan", _("Berjalan")
        BERHASIL = "berhasil", _("Berhasil")
        GAGAL = "gagal", _("Gagal")

    class Format(models.TextChoices):
        DOCX = "docx", _("DOCX (dapat disunting)")
        PDF = "pdf", _("PDF")

    tahun = models.PositiveSmallIntegerField(_("tahun"), validators=TAHUN_VALIDATORS)
    format = models.CharField(
        _("format"), max_length=4, choices=Format.choices, default=Format.DOCX
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.MENUNGGU
    )
    progres = models.PositiveSmallIntegerField(_("progres (%)"), default=0)
    tahap = models.CharField(_("tahap"), max_length=255, blank=True)
    jumlah_laporan = models.PositiveIntegerField(_("jumlah LKjIP"), default=0)
    pesan_galat = models.TextField(_("pesan galat"), blank=True)
    berkas = models.FileField(
        _("berkas ZIP"), upload_to=paket_berkas_path, max_length=255, blank=True
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    selesai_pada = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("paket LKjIP")
        verbose_name_plural = _("paket LKjIP")
        ordering = ["-dibuat_pada"]

    def __str__(self) -> str:
        return f"{_('Paket LKjIP')} {self.tahun} ({self.format})"

    @property
    def selesai(self) -> bool:
        return self.status in (self.Status.BERHASIL, self.Status.GAGAL)

    @property
    def nama_berkas(self) -> str:
        return f"lkjip-{self.tahun}-{self.format}.zip"
