from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sakip.core.scoping import ScopedQuerySet
from sakip.perencanaan.models import TAHUN_VALIDATORS, Indikator, Periode, nilai_field


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
    diverifikasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diverifikasi oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    diubah_pada = models.DateTimeField(_("diubah pada"), auto_now=True)

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
