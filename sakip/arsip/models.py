from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sakip.perencanaan.models import TAHUN_VALIDATORS


class TahunDitutup(models.Model):
    """A year that Admin Bappeda has closed: its plans, targets, realisation
    and budget are archived and read-only. Opening the year again deletes
    the row; its history keeps who closed and opened it."""

    tahun = models.PositiveSmallIntegerField(
        _("tahun"), unique=True, validators=TAHUN_VALIDATORS
    )
    alasan = models.TextField(_("alasan"), blank=True)
    ditutup_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditutup oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ditutup_pada = models.DateTimeField(_("ditutup pada"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tahun ditutup")
        verbose_name_plural = _("tahun ditutup")
        ordering = ["-tahun"]

    def __str__(self) -> str:
        return str(self.tahun)
