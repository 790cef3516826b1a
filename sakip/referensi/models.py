from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class NomenklaturVersiQuerySet(models.QuerySet):
    def berlaku_pada(self, tahun: int) -> NomenklaturVersi | None:
        """The version that applies to ``tahun``: the newest that started by then."""
        return self.filter(berlaku_mulai__lte=tahun).order_by("-berlaku_mulai").first()


class NomenklaturVersi(models.Model):
    """One edition of the national nomenklatur (a Kepmendagri and its updates),
    applying from a budget year until a newer edition starts."""

    nama = models.CharField(_("nama"), max_length=255)
    berlaku_mulai = models.PositiveSmallIntegerField(
        _("berlaku mulai tahun"), unique=True
    )
    sumber = models.TextField(_("sumber"), blank=True)
    dimuat_pada = models.DateTimeField(_("dimuat pada"), auto_now_add=True)

    objects = NomenklaturVersiQuerySet.as_manager()

    class Meta:
        verbose_name = _("versi nomenklatur")
        verbose_name_plural = _("versi nomenklatur")
        ordering = ["berlaku_mulai"]

    def __str__(self) -> str:
        return f"{self.nama} ({self.berlaku_mulai})"


class Nomenklatur(models.Model):
    """A code of the national nomenklatur: an urusan, bidang urusan, program,
    kegiatan or sub kegiatan, as one edition lists it."""

    class Tingkat(models.TextChoices):
        URUSAN = "urusan", _("Urusan")
        BIDANG_URUSAN = "bidang_urusan", _("Bidang urusan")
        PROGRAM = "program", _("Program")
        KEGIATAN = "kegiatan", _("Kegiatan")
        SUB_KEGIATAN = "sub_kegiatan", _("Sub kegiatan")

    versi = models.ForeignKey(
        NomenklaturVersi,
        verbose_name=_("versi"),
        on_delete=models.CASCADE,
        related_name="kode",
    )
    kode = models.CharField(_("kode"), max_length=32)
    tingkat = models.CharField(_("tingkat"), max_length=20, choices=Tingkat.choices)
    nama = models.TextField(_("nama"))
    kinerja = models.TextField(_("kinerja"), blank=True)
    indikator = models.TextField(_("indikator"), blank=True)
    satuan = models.CharField(_("satuan"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("nomenklatur")
        verbose_name_plural = _("nomenklatur")
        ordering = ["versi", "kode"]
        constraints = [
            models.UniqueConstraint(
                fields=["versi", "kode"], name="nomenklatur_kode_unik_per_versi"
            ),
        ]
        indexes = [models.Index(fields=["kode"], name="nomenklatur_kode_idx")]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"


class Skala(models.Model):
    """An ordinal scale for qualitative indicators, such as the opini BPK
    (TMP < TW < WDP < WTP) or the predikat SAKIP (D … AA)."""

    nama = models.SlugField(_("nama"), max_length=64, unique=True)
    uraian = models.CharField(_("uraian"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("skala")
        verbose_name_plural = _("skala")
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama

    def peringkat(self) -> dict[str, int]:
        """The scale as a mapping of value to rank, for the capaian engine."""
        return dict(self.nilai.values_list("nilai", "peringkat"))


class NilaiSkala(models.Model):
    """A value of an ordinal scale and its rank; rank 1 is the worst."""

    skala = models.ForeignKey(
        Skala, verbose_name=_("skala"), on_delete=models.CASCADE, related_name="nilai"
    )
    nilai = models.CharField(_("nilai"), max_length=32)
    peringkat = models.PositiveSmallIntegerField(_("peringkat"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nilai skala")
        verbose_name_plural = _("nilai skala")
        ordering = ["skala", "peringkat"]
        constraints = [
            models.UniqueConstraint(fields=["skala", "nilai"], name="skala_nilai_unik"),
            models.UniqueConstraint(
                fields=["skala", "peringkat"], name="skala_peringkat_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skala.nama}: {self.nilai} ({self.peringkat})"
