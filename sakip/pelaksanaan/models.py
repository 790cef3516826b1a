from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sakip.core.scoping import ScopedQuerySet
from sakip.organisasi.models import Unit
from sakip.perencanaan.models import Dokumen, Elemen, Periode
from sakip.perjanjian.models import BarisPK, PerjanjianKinerja

# The periods an action is planned for: a quarter or a month, not the year.
PERIODE_AKSI = [
    (value, label) for value, label in Periode.choices if value != "tahunan"
]


class RencanaAksiQuerySet(ScopedQuerySet):
    unit_path = "dokumen__unit"


class RencanaAksi(models.Model):
    """The rencana aksi of one Perjanjian Kinerja: how the PK's yearly
    targets are reached through the year, with the actions planned.

    Its quarterly targets are ordinary ``Target`` rows of its own ``dokumen``
    (jenis RENAKSI, the PK's unit and year), so the capaian of a triwulan
    reads them once that document is ditetapkan. The document's status is the
    rencana aksi's status.
    """

    perjanjian = models.OneToOneField(
        PerjanjianKinerja,
        verbose_name=_("perjanjian kinerja"),
        on_delete=models.PROTECT,
        related_name="rencana_aksi",
    )
    dokumen = models.OneToOneField(
        Dokumen,
        verbose_name=_("dokumen"),
        on_delete=models.PROTECT,
        related_name="rencana_aksi",
        limit_choices_to={"jenis": Dokumen.Jenis.RENAKSI},
    )
    ditetapkan_pada = models.DateTimeField(_("ditetapkan pada"), null=True, blank=True)
    ditetapkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditetapkan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = RencanaAksiQuerySet.as_manager()

    class Meta:
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        ordering = ["-perjanjian__tahun", "dokumen__unit__urutan", "dokumen__kode"]

    def __str__(self) -> str:
        return self.dokumen.nama or self.dokumen.kode

    @property
    def tahun(self) -> int:
        return self.dokumen.tahun_awal

    @property
    def is_ditetapkan(self) -> bool:
        return self.dokumen.is_ditetapkan


def ensure_rencana_aksi_not_ditetapkan(rencana_aksi_id: int | None) -> None:
    """Raise ValidationError when the rencana aksi ``rencana_aksi_id`` is
    ditetapkan: the model-level safety net under the services' checks."""
    if rencana_aksi_id is None:
        return
    ditetapkan = RencanaAksi.objects.filter(
        pk=rencana_aksi_id, dokumen__status=Dokumen.Status.DITETAPKAN
    ).exists()
    if ditetapkan:
        raise ValidationError(
            _("Rencana aksi ini sudah ditetapkan, sehingga isinya tidak dapat diubah."),
            code="rencana_aksi_ditetapkan",
        )


class TargetFisikBulananQuerySet(ScopedQuerySet):
    unit_path = "rencana_aksi__dokumen__unit"


class TargetFisikBulanan(models.Model):
    """The physical progress (percent, cumulative from January) that a PPTK's
    rencana aksi plans for one sub kegiatan by the end of one month. The
    month's target keuangan is the DPA's anggaran kas, read from
    ``sakip.anggaran``, not stored here."""

    rencana_aksi = models.ForeignKey(
        RencanaAksi,
        verbose_name=_("rencana aksi"),
        on_delete=models.CASCADE,
        related_name="target_fisik",
    )
    elemen = models.ForeignKey(
        Elemen,
        verbose_name=_("sub kegiatan"),
        on_delete=models.PROTECT,
        related_name="target_fisik",
    )
    bulan = models.PositiveSmallIntegerField(
        _("bulan"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    nilai = models.DecimalField(
        _("target fisik (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    history = HistoricalRecords()
    objects = TargetFisikBulananQuerySet.as_manager()

    class Meta:
        verbose_name = _("target fisik bulanan")
        verbose_name_plural = _("target fisik bulanan")
        ordering = ["rencana_aksi", "elemen", "bulan"]
        constraints = [
            models.UniqueConstraint(
                fields=["rencana_aksi", "elemen", "bulan"], name="target_fisik_unik"
            ),
            models.CheckConstraint(
                condition=Q(bulan__gte=1, bulan__lte=12),
                name="target_fisik_bulan_1_12",
            ),
            models.CheckConstraint(
                condition=Q(nilai__gte=0, nilai__lte=100),
                name="target_fisik_0_100",
                violation_error_message=_("Target fisik harus antara 0 dan 100 %."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.elemen_id} {self.bulan:02d}: {self.nilai} %"

    def save(self, *args, **kwargs) -> None:
        ensure_rencana_aksi_not_ditetapkan(self.rencana_aksi_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        ensure_rencana_aksi_not_ditetapkan(self.rencana_aksi_id)
        return super().delete(*args, **kwargs)


class AksiQuerySet(ScopedQuerySet):
    unit_path = "rencana_aksi__dokumen__unit"


class Aksi(models.Model):
    """One action of a rencana aksi: what is done towards a PK row's target
    in a quarter or a month, and the unit responsible for it."""

    rencana_aksi = models.ForeignKey(
        RencanaAksi,
        verbose_name=_("rencana aksi"),
        on_delete=models.CASCADE,
        related_name="aksi",
    )
    baris = models.ForeignKey(
        BarisPK,
        verbose_name=_("baris PK"),
        on_delete=models.CASCADE,
        related_name="aksi",
    )
    periode = models.CharField(_("periode"), max_length=8, choices=PERIODE_AKSI)
    uraian = models.TextField(_("uraian aksi"))
    unit_pj = models.ForeignKey(
        Unit,
        verbose_name=_("unit penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = AksiQuerySet.as_manager()

    class Meta:
        verbose_name = _("aksi")
        verbose_name_plural = _("aksi")
        ordering = ["rencana_aksi", "baris", "pk"]

    def __str__(self) -> str:
        return f"{self.get_periode_display()}: {self.uraian}"

    def save(self, *args, **kwargs) -> None:
        ensure_rencana_aksi_not_ditetapkan(self.rencana_aksi_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        ensure_rencana_aksi_not_ditetapkan(self.rencana_aksi_id)
        return super().delete(*args, **kwargs)
