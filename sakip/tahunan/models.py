from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sakip.core.angka import RUPIAH_MAX
from sakip.core.scoping import ScopedQuerySet
from sakip.perencanaan.models import TAHUN_VALIDATORS, Dokumen, Elemen


class PaguIndikatifQuerySet(ScopedQuerySet):
    unit_path = "elemen__dokumen__unit"


class PaguIndikatif(models.Model):
    """The indicative ceiling of one Renja program, kegiatan or sub kegiatan
    for its year, in whole rupiah, with the prakiraan maju (the expected pagu
    of the following year). The DPA's pagu lives in ``anggaran``."""

    elemen = models.ForeignKey(
        Elemen,
        verbose_name=_("elemen"),
        on_delete=models.CASCADE,
        related_name="pagu_indikatif",
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"), validators=TAHUN_VALIDATORS)
    pagu = models.BigIntegerField(
        _("pagu indikatif (Rp)"),
        validators=[
            MinValueValidator(0, _("Pagu tidak boleh negatif.")),
            MaxValueValidator(
                RUPIAH_MAX, _("Jumlah rupiah paling besar Rp 999.999.999.999.999.")
            ),
        ],
    )
    prakiraan_maju = models.BigIntegerField(
        _("prakiraan maju (Rp)"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, _("Prakiraan maju tidak boleh negatif.")),
            MaxValueValidator(
                RUPIAH_MAX, _("Jumlah rupiah paling besar Rp 999.999.999.999.999.")
            ),
        ],
        help_text=_("Pagu yang diperkirakan untuk tahun berikutnya, dalam rupiah."),
    )

    history = HistoricalRecords()
    objects = PaguIndikatifQuerySet.as_manager()

    class Meta:
        verbose_name = _("pagu indikatif")
        verbose_name_plural = _("pagu indikatif")
        ordering = ["elemen", "tahun"]
        constraints = [
            models.UniqueConstraint(
                fields=["elemen", "tahun"], name="pagu_indikatif_unik"
            ),
            models.CheckConstraint(
                condition=Q(pagu__gte=0)
                & (Q(prakiraan_maju__isnull=True) | Q(prakiraan_maju__gte=0)),
                name="pagu_indikatif_tidak_negatif",
                violation_error_message=_("Pagu tidak boleh negatif."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.elemen.kode} {self.tahun}: {self.pagu}"

    def clean(self) -> None:
        elemen = self.elemen
        if elemen.dokumen.jenis != Dokumen.Jenis.RENJA:
            raise ValidationError(
                {"elemen": _("Pagu indikatif hanya untuk elemen Renja.")}
            )
        if elemen.jenis not in Elemen.JENIS_BERKODE:
            raise ValidationError(
                {
                    "elemen": _(
                        "Pagu indikatif hanya untuk program, kegiatan dan sub kegiatan."
                    )
                }
            )
        if self.tahun != elemen.dokumen.tahun_awal:
            raise ValidationError(
                {"tahun": _("Tahun pagu harus sama dengan tahun Renja.")}
            )
