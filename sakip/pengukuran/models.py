from __future__ import annotations

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sakip.anggaran.models import BUKTI_EXTENSIONS
from sakip.core.scoping import ScopedQuerySet
from sakip.organisasi.models import Unit
from sakip.perencanaan.models import TAHUN_VALIDATORS, Indikator, Periode, nilai_field

# The periods that have an input window: each month for the realisation of
# the budget (keuangan and fisik), each quarter for that of the indikator.
PERIODE_JADWAL = [
    (value, label) for value, label in Periode.choices if value != Periode.TAHUNAN
]


def bukti_realisasi_path(instance: Realisasi, filename: str) -> str:
    """Return the storage name of a realisation's evidence file: a random name
    with the extension of its checked type, never a path the uploader chose."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in BUKTI_EXTENSIONS:
        suffix = ""
    return f"bukti/kinerja/{instance.tahun}/{secrets.token_hex(16)}{suffix}"


class RealisasiQuerySet(ScopedQuerySet):
    unit_path = "indikator__elemen__dokumen__unit"

    def terverifikasi(self) -> RealisasiQuerySet:
        return self.filter(status=Realisasi.Status.DITERIMA)


class Realisasi(models.Model):
    """The realised value of one indikator for one year and period, with who
    entered it, its evidence and its verification state. Only realisation
    that a verifikator accepted (diterima) counts in official reports."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        DIAJUKAN = "diajukan", _("Diajukan")
        DITERIMA = "diterima", _("Diterima")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")

    indikator = models.ForeignKey(
        Indikator,
        verbose_name=_("indikator"),
        on_delete=models.CASCADE,
        related_name="realisasi",
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"), validators=TAHUN_VALIDATORS)
    periode = models.CharField(
        _("periode"), max_length=8, choices=Periode.choices, default=Periode.TAHUNAN
    )
    nilai = nilai_field(_("nilai"))
    nilai_skala = models.CharField(_("nilai skala"), max_length=32, blank=True)
    keterangan = models.TextField(_("keterangan"), blank=True)
    bukti = models.FileField(
        _("berkas bukti"), upload_to=bukti_realisasi_path, max_length=255, blank=True
    )
    bukti_nama = models.CharField(
        _("nama berkas bukti"), max_length=255, blank=True, editable=False
    )
    bukti_tautan = models.URLField(_("tautan bukti"), max_length=500, blank=True)
    status = models.CharField(
        _("status verifikasi"),
        max_length=15,
        choices=Status.choices,
        default=Status.DRAFT,
    )
    alasan_dikembalikan = models.TextField(_("alasan dikembalikan"), blank=True)
    diisi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diisi oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    diisi_pada = models.DateTimeField(_("diisi pada"), null=True, blank=True)
    diverifikasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diverifikasi oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    diverifikasi_pada = models.DateTimeField(
        _("diverifikasi pada"), null=True, blank=True
    )
    diubah_pada = models.DateTimeField(_("diubah pada"), auto_now=True)
    # Counts the saves of the row. A form sends back the number it was loaded
    # with, and a save on a row that has changed since is rejected.
    versi = models.PositiveIntegerField(_("versi"), default=0, editable=False)

    history = HistoricalRecords()
    objects = RealisasiQuerySet.as_manager()

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        ordering = ["indikator", "tahun", "periode"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "tahun", "periode"], name="realisasi_unik"
            ),
        ]
        indexes = [
            models.Index(
                fields=["tahun", "periode"], name="realisasi_tahun_periode_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indikator.kode} {self.tahun} {self.periode}"

    def save(self, *args, **kwargs) -> None:
        # Every save counts, by any writer, so that a form loaded before
        # it is rejected. Bulk updates skip this and must set ``versi``.
        self.versi += 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "versi"}
        super().save(*args, **kwargs)

    @property
    def ada_realisasi(self) -> bool:
        return self.nilai is not None or bool(self.nilai_skala)


class JadwalInput(models.Model):
    """The input window of one period: from ``mulai`` to ``selesai`` the
    Operator OPD may enter and submit realisation for it. A month is the
    window of the budget's realisation, a quarter that of the indikator's."""

    tahun = models.PositiveSmallIntegerField(_("tahun"), validators=TAHUN_VALIDATORS)
    periode = models.CharField(_("periode"), max_length=8, choices=PERIODE_JADWAL)
    mulai = models.DateTimeField(_("dibuka"))
    selesai = models.DateTimeField(_("ditutup"))
    ditetapkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditetapkan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    diubah_pada = models.DateTimeField(_("diubah pada"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jadwal input")
        verbose_name_plural = _("jadwal input")
        ordering = ["-tahun", "periode"]
        constraints = [
            models.UniqueConstraint(
                fields=["tahun", "periode"],
                name="jadwal_input_unik",
                violation_error_message=_(
                    "Periode ini sudah memiliki jadwal input; ubah jadwal itu."
                ),
            ),
            models.CheckConstraint(
                condition=Q(selesai__gt=F("mulai")),
                name="jadwal_input_selesai_setelah_mulai",
                violation_error_message=_("Waktu ditutup harus setelah waktu dibuka."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_periode_display()} {self.tahun}"


class BukaUlangJadwalQuerySet(ScopedQuerySet):
    unit_path = "unit"


class BukaUlangJadwal(models.Model):
    """A reopening of a closed input window for one OPD until ``sampai``,
    set by Admin Bappeda with its reason (a late SP2D, a returned entry)."""

    jadwal = models.ForeignKey(
        JadwalInput,
        verbose_name=_("jadwal input"),
        on_delete=models.CASCADE,
        related_name="buka_ulang",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        on_delete=models.PROTECT,
        related_name="buka_ulang_jadwal",
    )
    sampai = models.DateTimeField(_("dibuka sampai"))
    alasan = models.TextField(_("alasan"))
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), default=timezone.now)

    history = HistoricalRecords()
    objects = BukaUlangJadwalQuerySet.as_manager()

    class Meta:
        verbose_name = _("pembukaan ulang jadwal")
        verbose_name_plural = _("pembukaan ulang jadwal")
        ordering = ["jadwal", "unit", "-sampai"]

    def __str__(self) -> str:
        return f"{self.jadwal} · {self.unit}"


def bukti_tindak_lanjut_path(instance: TindakLanjutKinerja, filename: str) -> str:
    """Return the storage name of a corrective action's evidence file: a random
    name with the extension of its checked type."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in BUKTI_EXTENSIONS:
        suffix = ""
    return f"bukti/tindak-lanjut/{instance.tahun}/{secrets.token_hex(16)}{suffix}"


class TindakLanjutKinerjaQuerySet(ScopedQuerySet):
    unit_path = "unit"

    def terbuka(self) -> TindakLanjutKinerjaQuerySet:
        return self.exclude(status=TindakLanjutKinerja.Status.SELESAI)


class TindakLanjutKinerja(models.Model):
    """A corrective action on a PK indikator that fell in the lowest two
    kategori in a quarter, or that the early warning flagged: the unit states
    the faktor penghambat, the action, who does it and by when, and closes it
    with evidence. The LKjIP's analysis reads these."""

    class Status(models.TextChoices):
        DIMINTA = "diminta", _("Diminta")
        DIRENCANAKAN = "direncanakan", _("Direncanakan")
        SELESAI = "selesai", _("Selesai")

    class Alasan(models.TextChoices):
        KATEGORI_RENDAH = "kategori_rendah", _("Capaian rendah atau sangat rendah")
        PERINGATAN_DINI = "peringatan_dini", _("Proyeksi akhir tahun di bawah 76%")

    indikator = models.ForeignKey(
        Indikator,
        verbose_name=_("indikator"),
        on_delete=models.CASCADE,
        related_name="tindak_lanjut_kinerja",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="tindak_lanjut_kinerja",
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"), validators=TAHUN_VALIDATORS)
    periode = models.CharField(
        _("triwulan"), max_length=8, choices=Periode.choices, default=Periode.TW1
    )
    alasan = models.CharField(_("alasan"), max_length=20, choices=Alasan.choices)
    capaian = models.DecimalField(
        _("capaian (%)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    capaian_proyeksi = models.DecimalField(
        _("proyeksi capaian akhir tahun (%)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    faktor_penghambat = models.TextField(_("faktor penghambat"), blank=True)
    tindakan = models.TextField(_("tindak lanjut"), blank=True)
    pelaksana = models.CharField(_("pelaksana"), max_length=255, blank=True)
    tenggat = models.DateField(_("tenggat"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DIMINTA
    )
    hasil = models.TextField(_("hasil"), blank=True)
    bukti = models.FileField(
        _("berkas bukti"),
        upload_to=bukti_tindak_lanjut_path,
        max_length=255,
        blank=True,
    )
    bukti_nama = models.CharField(
        _("nama berkas bukti"), max_length=255, blank=True, editable=False
    )
    bukti_tautan = models.URLField(_("tautan bukti"), max_length=500, blank=True)
    selesai_pada = models.DateField(_("selesai pada"), null=True, blank=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    diubah_pada = models.DateTimeField(_("diubah pada"), auto_now=True)

    history = HistoricalRecords()
    objects = TindakLanjutKinerjaQuerySet.as_manager()

    class Meta:
        verbose_name = _("tindak lanjut kinerja")
        verbose_name_plural = _("tindak lanjut kinerja")
        ordering = ["-tahun", "periode", "unit", "indikator"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "tahun", "periode"],
                name="tindak_lanjut_kinerja_unik",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indikator.kode} {self.tahun} {self.periode}"
