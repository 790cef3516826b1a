from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sakip.core.scoping import ScopedQuerySet
from sakip.perencanaan.models import TAHUN_VALIDATORS, Elemen


class AnggaranQuerySet(ScopedQuerySet):
    unit_path = "elemen__dokumen__unit"


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
    pagu = models.BigIntegerField(_("pagu (Rp)"), validators=[MinValueValidator(0)])

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
    spending realised (sum of SP2D) and the physical progress at month end."""

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
        _("anggaran kas (Rp)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    realisasi_keuangan = models.BigIntegerField(
        _("realisasi keuangan (Rp)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    realisasi_fisik = models.DecimalField(
        _("realisasi fisik (%)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

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
