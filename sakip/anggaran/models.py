from __future__ import annotations

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sakip.core.angka import RUPIAH_MAX
from sakip.core.scoping import ScopedQuerySet
from sakip.perencanaan.models import TAHUN_VALIDATORS, Elemen


class AnggaranQuerySet(ScopedQuerySet):
    unit_path = "elemen__dokumen__unit"


# The extensions an evidence file may be stored with; the service that accepts
# an upload checks its content and names it by its real type.
BUKTI_EXTENSIONS = (".pdf", ".jpg", ".png", ".xlsx", ".docx")


def bukti_keuangan_path(instance: KeuanganBulanan, filename: str) -> str:
    """Return the storage name of a month's evidence file: a random name with
    the extension of its checked type, so that no path chosen by the uploader
    reaches the storage."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in BUKTI_EXTENSIONS:
        suffix = ""
    return f"bukti/keuangan/{instance.tahun}/{secrets.token_hex(16)}{suffix}"


class Pagu(models.Model):
    """The budget ceiling of a program, kegiatan or sub kegiatan for a year,
    in one DPA version (murni or perubahan). Money is whole rupiah."""

    class Versi(models.TextChoices):
        MURNI = "murni", _("Murni")
        PERUBAHAN = "perubahan", _("Perubahan")

    elemen = models.ForeignKey(
        Elemen, verbose_name=_("elemen"), on_delete=models.CASCADE, related_name="pagu"
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"), validators=TAHUN_VALIDATORS)
    versi = models.CharField(
        _("versi"), max_length=10, choices=Versi.choices, default=Versi.MURNI
    )
    pagu = models.BigIntegerField(
        _("pagu (Rp)"),
        validators=[
            MinValueValidator(0),
            MaxValueValidator(
                RUPIAH_MAX, _("Jumlah rupiah paling besar Rp 999.999.999.999.999.")
            ),
        ],
    )

    history = HistoricalRecords()
    objects = AnggaranQuerySet.as_manager()

    class Meta:
        verbose_name = _("pagu")
        verbose_name_plural = _("pagu")
        ordering = ["elemen", "tahun", "versi"]
        constraints = [
            models.UniqueConstraint(
                fields=["elemen", "tahun", "versi"], name="pagu_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.elemen.kode} {self.tahun} {self.versi}"


class KeuanganBulanan(models.Model):
    """One month of a kegiatan or sub kegiatan: the anggaran kas planned, the
    spending realised (sum of SP2D) and the physical progress at month end.

    The realisation goes through verification like an indikator's: an
    Operator OPD enters and submits it, a verifikator accepts or returns it.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        DIAJUKAN = "diajukan", _("Diajukan")
        DITERIMA = "diterima", _("Diterima")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")

    elemen = models.ForeignKey(
        Elemen,
        verbose_name=_("elemen"),
        on_delete=models.CASCADE,
        related_name="keuangan",
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"), validators=TAHUN_VALIDATORS)
    bulan = models.PositiveSmallIntegerField(
        _("bulan"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    anggaran_kas = models.BigIntegerField(
        _("anggaran kas (Rp)"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0),
            MaxValueValidator(
                RUPIAH_MAX, _("Jumlah rupiah paling besar Rp 999.999.999.999.999.")
            ),
        ],
    )
    realisasi_keuangan = models.BigIntegerField(
        _("realisasi keuangan (Rp)"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0),
            MaxValueValidator(
                RUPIAH_MAX, _("Jumlah rupiah paling besar Rp 999.999.999.999.999.")
            ),
        ],
    )
    realisasi_fisik = models.DecimalField(
        _("realisasi fisik (%)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    keterangan = models.TextField(_("keterangan"), blank=True)
    bukti = models.FileField(
        _("berkas bukti"), upload_to=bukti_keuangan_path, max_length=255, blank=True
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
    # Counts the saves of the row. A form sends back the number it was loaded
    # with, and a save on a row that has changed since is rejected.
    versi = models.PositiveIntegerField(_("versi"), default=0, editable=False)

    history = HistoricalRecords()
    objects = AnggaranQuerySet.as_manager()

    class Meta:
        verbose_name = _("keuangan bulanan")
        verbose_name_plural = _("keuangan bulanan")
        ordering = ["elemen", "tahun", "bulan"]
        constraints = [
            models.UniqueConstraint(
                fields=["elemen", "tahun", "bulan"], name="keuangan_bulanan_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.elemen.kode} {self.tahun}-{self.bulan:02d}"

    def save(self, *args, **kwargs) -> None:
        # Every save counts, by any writer (the realisation page, the DPA
        # page, a SIPD import), so that a form loaded before it is rejected.
        # Bulk updates skip this and must set ``versi`` themselves.
        self.versi += 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "versi"}
        super().save(*args, **kwargs)

    @property
    def ada_realisasi(self) -> bool:
        return self.realisasi_keuangan is not None or self.realisasi_fisik is not None
