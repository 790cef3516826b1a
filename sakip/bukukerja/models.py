from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def berkas_path(instance: ImporBukuKerja, filename: str) -> str:
    """Return the storage path of a job's upload: under the job, never under
    the name the user chose, which ``nama_berkas`` keeps for display only."""
    if instance.pk is None:
        raise ValueError("Save the ImporBukuKerja row before its file.")
    return f"bukukerja/impor/{instance.pk}/buku-kerja.xlsx"


class ImporBukuKerja(models.Model):
    """One upload of a Buku Kerja workbook and the state of its import: the
    progress shown while it runs, and the error report or summary after."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu")
        BERJALAN = "berjalan", _("Berjalan")
        BERHASIL = "berhasil", _("Berhasil")
        GAGAL = "gagal", _("Gagal")

    # Saved after the job has its primary key; see berkas_path.
    berkas = models.FileField(_("berkas"), upload_to=berkas_path, max_length=255)
    nama_berkas = models.CharField(_("nama berkas"), max_length=255)
    hanya_periksa = models.BooleanField(
        _("hanya periksa"),
        default=False,
        help_text=_("Periksa isi buku kerja tanpa menyimpan apa pun."),
    )
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.MENUNGGU
    )
    progres = models.PositiveSmallIntegerField(_("progres (%)"), default=0)
    tahap = models.CharField(_("tahap"), max_length=255, blank=True)
    # Lists of {"sheet", "baris", "kolom", "pesan"}; "ringkasan" counts the
    # rows created, changed and unchanged per sheet.
    kesalahan = models.JSONField(_("kesalahan"), default=list, blank=True)
    jumlah_kesalahan = models.PositiveIntegerField(_("jumlah kesalahan"), default=0)
    ringkasan = models.JSONField(_("ringkasan"), default=dict, blank=True)
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    selesai_pada = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("impor buku kerja")
        verbose_name_plural = _("impor buku kerja")
        ordering = ["-dibuat_pada"]

    def __str__(self) -> str:
        return self.nama_berkas

    @property
    def selesai(self) -> bool:
        return self.status in (self.Status.BERHASIL, self.Status.GAGAL)
