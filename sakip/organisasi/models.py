from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sakip.core.scoping import ScopedQuerySet


class UnitQuerySet(ScopedQuerySet):
    unit_path = ""

    def perangkat_daerah(self) -> UnitQuerySet:
        return self.filter(jenis=Unit.Jenis.PERANGKAT_DAERAH)


class Unit(models.Model):
    """An organisation unit: the Pemda, one of its Perangkat Daerah (OPD), or a
    bidang / sub bagian inside an OPD. Units form a tree under the one Pemda."""

    class Jenis(models.TextChoices):
        PEMDA = "pemda", _("Pemerintah Daerah")
        PERANGKAT_DAERAH = "perangkat_daerah", _("Perangkat Daerah")
        BIDANG = "bidang", _("Bidang / Sub Bagian")

    kode = models.CharField(_("kode"), max_length=64, unique=True)
    nama = models.CharField(_("nama"), max_length=255)
    singkatan = models.CharField(_("singkatan"), max_length=64, blank=True)
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices)
    induk = models.ForeignKey(
        "self",
        verbose_name=_("unit induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="anak",
    )
    # The OPD that the unit belongs to: the unit itself for an OPD, its OPD for
    # a bidang, empty for the Pemda. Kept by save() so that scoping is one join.
    opd = models.ForeignKey(
        "self",
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    urutan = models.PositiveIntegerField(_("urutan"), default=0)

    history = HistoricalRecords()
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("unit")
        ordering = ["urutan", "kode"]
        constraints = [
            models.UniqueConstraint(
                fields=["jenis"],
                condition=Q(jenis="pemda"),
                name="unit_satu_pemda",
                violation_error_message=_("Hanya boleh ada satu unit berjenis pemda."),
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    def save(self, *args, **kwargs) -> None:
        self.opd_id = self.find_opd_id()
        super().save(*args, **kwargs)
        if self.jenis == self.Jenis.PERANGKAT_DAERAH and self.opd_id != self.pk:
            # A new OPD learns its own primary key only on the first insert.
            self.opd_id = self.pk
            super().save(update_fields=["opd"])

    def clean(self) -> None:
        if self.jenis == self.Jenis.PEMDA and self.induk_id is not None:
            raise ValidationError(
                {"induk": _("Unit pemda tidak boleh memiliki induk.")}
            )
        if self.jenis != self.Jenis.PEMDA and self.induk_id is None:
            raise ValidationError(
                {"induk": _("Unit selain pemda wajib memiliki induk.")}
            )

    def find_opd_id(self) -> int | None:
        """Walk up the tree to the nearest Perangkat Daerah."""
        if self.jenis == self.Jenis.PEMDA:
            return None
        if self.jenis == self.Jenis.PERANGKAT_DAERAH:
            return self.pk
        parent = self.induk
        while parent is not None:
            if parent.jenis == self.Jenis.PERANGKAT_DAERAH:
                return parent.pk
            parent = parent.induk
        return None


class Pengaturan(models.Model):
    """The Pemda's settings for computing capaian. There is one row (pk 1)."""

    class RumusNegatif(models.TextChoices):
        SELISIH = "selisih", _("Selisih: (2T − R) / T × 100")
        RASIO = "rasio", _("Rasio: T / R × 100")

    class BatasRollup(models.TextChoices):
        TANPA = "tanpa", _("Tanpa batas")
        SERATUS = "100", _("Paling tinggi 100%")
        SERATUS_DUAPULUH = "120", _("Paling tinggi 120%")

    nama_pemda = models.CharField(_("nama pemda"), max_length=255, blank=True)
    rumus_negatif = models.CharField(
        _("rumus polaritas negatif"),
        max_length=10,
        choices=RumusNegatif.choices,
        default=RumusNegatif.SELISIH,
        help_text=_(
            "Rumus capaian indikator negatif, kecuali indikator menentukan sendiri."
        ),
    )
    batas_rollup = models.CharField(
        _("batas capaian saat dirata-rata"),
        max_length=10,
        choices=BatasRollup.choices,
        default=BatasRollup.TANPA,
        help_text=_(
            "Batas capaian tiap indikator saat dihitung rata-rata sasaran atau "
            "program. Capaian indikator itu sendiri tidak pernah dibatasi."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pengaturan pemda")
        verbose_name_plural = _("pengaturan pemda")

    def __str__(self) -> str:
        return self.nama_pemda or str(_("Pengaturan"))

    @classmethod
    def load(cls) -> Pengaturan:
        """The settings row, or unsaved defaults where none was saved yet, so
        that reading the settings never writes."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    @property
    def batas_rollup_angka(self) -> int | None:
        """The cap as a number of percent, ``None`` for no cap."""
        if self.batas_rollup == self.BatasRollup.TANPA:
            return None
        return int(self.batas_rollup)


class Peran(models.TextChoices):
    ADMIN_BAPPEDA = "admin_bappeda", _("Admin Bappeda")
    OPERATOR_OPD = "operator_opd", _("Operator OPD")
    KEPALA_OPD = "kepala_opd", _("Kepala OPD / pimpinan unit")
    VERIFIKATOR = "verifikator", _("Verifikator")
    EVALUATOR = "evaluator", _("Evaluator")
    PIMPINAN = "pimpinan", _("Pimpinan")


class Pengguna(AbstractUser):
    """A person who logs in, with one role and, for OPD roles, the unit they
    work in. The role and unit decide what they see (``sakip.core.scoping``)."""

    peran = models.CharField(
        _("peran"), max_length=20, choices=Peran.choices, default=Peran.OPERATOR_OPD
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pengguna",
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    @property
    def is_admin_bappeda(self) -> bool:
        return self.is_active and (
            self.peran == Peran.ADMIN_BAPPEDA or self.is_superuser
        )

    @property
    def is_operator_opd(self) -> bool:
        return self.is_active and self.peran == Peran.OPERATOR_OPD

    @property
    def opd_id(self) -> int | None:
        """The Perangkat Daerah of the user's unit, if any."""
        if self.unit_id is None:
            return None
        return self.unit.opd_id

    @property
    def melihat_semua_opd(self) -> bool:
        """Whether the user sees every OPD's rows, not only their own."""
        if self.is_admin_bappeda:
            return True
        if self.peran in (Peran.PIMPINAN, Peran.EVALUATOR):
            return True
        return self.peran == Peran.VERIFIKATOR and self.opd_id is None
