from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sakip.core.scoping import ScopedQuerySet
from sakip.organisasi.models import Unit
from sakip.perencanaan.models import (
    TAHUN_VALIDATORS,
    Dokumen,
    Elemen,
    Indikator,
    Target,
)

NIP_VALIDATOR = RegexValidator(
    r"^\d{18}$", _("NIP harus terdiri dari 18 angka."), code="nip_tidak_valid"
)
SHA256_VALIDATOR = RegexValidator(
    r"^[0-9a-f]{64}$",
    _("Sidik jari SHA-256 harus 64 karakter heksadesimal huruf kecil."),
    code="sha256_tidak_valid",
)
# Letters and digits that cannot be mistaken for one another when read off
# paper or typed in: no 0/O, 1/I/L.
KODE_VERIFIKASI_ALFABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
KODE_VERIFIKASI_PANJANG = 10


def generate_kode_verifikasi() -> str:
    """Return a random code of 10 characters of ``KODE_VERIFIKASI_ALFABET``
    (about 49 bits), with which a printed PK opens its verification page."""
    return "".join(
        secrets.choice(KODE_VERIFIKASI_ALFABET) for _i in range(KODE_VERIFIKASI_PANJANG)
    )


def berkas_path(instance: PerjanjianKinerja, filename: str) -> str:
    """Return the storage name of a signed PK's PDF: one folder per year, the
    file named by its verification code."""
    return f"perjanjian/{instance.tahun}/{instance.kode_verifikasi}.pdf"


class Level(models.TextChoices):
    """The four levels of Perjanjian Kinerja in a Pemda, highest first."""

    KEPALA_DAERAH = "kepala_daerah", _("Kepala Daerah")
    KEPALA_OPD = "kepala_opd", _("Kepala OPD")
    KEPALA_BIDANG = "kepala_bidang", _("Kepala Bidang")
    PPTK = "pptk", _("PPTK")


class JabatanQuerySet(ScopedQuerySet):
    unit_path = "unit"


class Jabatan(models.Model):
    """A head post of a unit (Bupati of the Pemda, Kepala Dinas of an OPD,
    Kepala Bidang, PPTK), whose holder signs that unit's Perjanjian Kinerja.
    A unit has at most one post per level."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="jabatan"
    )
    nama = models.CharField(
        _("nama jabatan"), max_length=255, help_text=_("Misalnya Kepala Dinas …")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    eselon = models.CharField(
        _("eselon"), max_length=16, blank=True, help_text=_("Misalnya II.b, III.a.")
    )

    history = HistoricalRecords()
    objects = JabatanQuerySet.as_manager()

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["unit__urutan", "unit__kode", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "level"],
                name="jabatan_satu_per_level_unit",
                violation_error_message=_(
                    "Unit ini sudah memiliki jabatan dengan level tersebut."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.nama


class PenugasanJabatanQuerySet(ScopedQuerySet):
    unit_path = "jabatan__unit"


class PenugasanJabatan(models.Model):
    """An official holding a post from ``mulai`` to ``selesai`` (open when
    empty), as the definitive holder or as acting holder: Plt (pelaksana
    tugas) or Plh (pelaksana harian)."""

    class Jenis(models.TextChoices):
        DEFINITIF = "definitif", _("Definitif")
        PLT = "plt", _("Plt (pelaksana tugas)")
        PLH = "plh", _("Plh (pelaksana harian)")

    # Who signs when several assignments cover a date: the definitive holder,
    # else the Plt, else the Plh.
    PRIORITAS = {Jenis.DEFINITIF: 0, Jenis.PLT: 1, Jenis.PLH: 2}

    jabatan = models.ForeignKey(
        Jabatan,
        verbose_name=_("jabatan"),
        on_delete=models.PROTECT,
        related_name="penugasan",
    )
    nama = models.CharField(_("nama pejabat"), max_length=255)
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        blank=True,
        validators=[NIP_VALIDATOR],
        help_text=_("18 angka; kosong untuk pejabat yang dipilih (Kepala Daerah)."),
    )
    pangkat = models.CharField(_("pangkat / golongan"), max_length=64, blank=True)
    jenis = models.CharField(
        _("jenis penugasan"),
        max_length=10,
        choices=Jenis.choices,
        default=Jenis.DEFINITIF,
    )
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(
        _("selesai"), null=True, blank=True, help_text=_("Kosong bila masih menjabat.")
    )

    history = HistoricalRecords()
    objects = PenugasanJabatanQuerySet.as_manager()

    class Meta:
        verbose_name = _("penugasan jabatan")
        verbose_name_plural = _("penugasan jabatan")
        ordering = ["jabatan", "mulai", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=F("mulai")),
                name="penugasan_selesai_setelah_mulai",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum mulai."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.jabatan})"

    def clean(self) -> None:
        if self.selesai is not None and self.selesai < self.mulai:
            raise ValidationError(
                {"selesai": _("Tanggal selesai tidak boleh sebelum mulai.")}
            )
        if self.jenis != self.Jenis.DEFINITIF or self.jabatan_id is None:
            return
        overlapping = PenugasanJabatan.objects.filter(
            Q(selesai__isnull=True) | Q(selesai__gte=self.mulai),
            jabatan_id=self.jabatan_id,
            jenis=self.Jenis.DEFINITIF,
        ).exclude(pk=self.pk)
        if self.selesai is not None:
            overlapping = overlapping.filter(mulai__lte=self.selesai)
        other = overlapping.first()
        if other is not None:
            raise ValidationError(
                {
                    "mulai": _(
                        "Masa jabatan definitif ini bertumpang tindih dengan "
                        "%(nama)s (mulai %(mulai)s) pada jabatan yang sama."
                    )
                    % {
                        "nama": other.nama,
                        "mulai": date_format(other.mulai, "j F Y"),
                    }
                }
            )


class PerjanjianKinerjaQuerySet(ScopedQuerySet):
    unit_path = "unit"


class PerjanjianKinerja(models.Model):
    """A Perjanjian Kinerja (PK): the pihak pertama promises the targets of
    its rows to the pihak kedua, its superior, for one year.

    Its ``dokumen`` (jenis PK) carries the version chain and the reason of a
    perubahan, and the PK's targets are ordinary ``Target`` rows of that
    document. The signatories are stored as text, as they were on the PK's
    date, so that a later change of official does not rewrite a signed PK.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        DITANDATANGANI = "ditandatangani", _("Ditandatangani")

    dokumen = models.OneToOneField(
        Dokumen,
        verbose_name=_("dokumen"),
        on_delete=models.PROTECT,
        related_name="perjanjian",
        limit_choices_to={"jenis": Dokumen.Jenis.PK},
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="perjanjian",
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"), validators=TAHUN_VALIDATORS)
    tanggal = models.DateField(_("tanggal"))
    sumber = models.ForeignKey(
        Dokumen,
        verbose_name=_("dokumen sumber"),
        on_delete=models.PROTECT,
        related_name="perjanjian_turunan",
        help_text=_("RKPD atau Renja yang menjadi sumber indikator dan target."),
    )

    pihak_pertama_jabatan = models.ForeignKey(
        Jabatan,
        verbose_name=_("jabatan pihak pertama"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    pihak_pertama_nama_jabatan = models.CharField(
        _("nama jabatan pihak pertama"), max_length=300
    )
    pihak_pertama_nama = models.CharField(_("nama pihak pertama"), max_length=255)
    pihak_pertama_nip = models.CharField(
        _("NIP pihak pertama"), max_length=18, blank=True
    )
    # The Kepala Daerah's PK has no superior inside the Pemda.
    pihak_kedua_jabatan = models.ForeignKey(
        Jabatan,
        verbose_name=_("jabatan pihak kedua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pihak_kedua_nama_jabatan = models.CharField(
        _("nama jabatan pihak kedua"), max_length=300, blank=True
    )
    pihak_kedua_nama = models.CharField(
        _("nama pihak kedua"), max_length=255, blank=True
    )
    pihak_kedua_nip = models.CharField(_("NIP pihak kedua"), max_length=18, blank=True)

    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    ditandatangani_pada = models.DateTimeField(
        _("ditandatangani pada"), null=True, blank=True
    )
    ditandatangani_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditandatangani oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The PDF generated once when the PK is signed, its fingerprint and the
    # code printed on it, which opens the public verification page.
    berkas = models.FileField(
        _("berkas yang ditandatangani"),
        upload_to=berkas_path,
        max_length=255,
        blank=True,
        editable=False,
    )
    berkas_sha256 = models.CharField(
        _("SHA-256 berkas yang ditandatangani"),
        max_length=64,
        blank=True,
        validators=[SHA256_VALIDATOR],
    )
    kode_verifikasi = models.CharField(
        _("kode verifikasi"),
        max_length=KODE_VERIFIKASI_PANJANG,
        unique=True,
        default=generate_kode_verifikasi,
        editable=False,
    )

    history = HistoricalRecords()
    objects = PerjanjianKinerjaQuerySet.as_manager()

    class Meta:
        verbose_name = _("perjanjian kinerja")
        verbose_name_plural = _("perjanjian kinerja")
        ordering = ["-tahun", "unit__urutan", "unit__kode", "level", "pk"]

    def __str__(self) -> str:
        return self.dokumen.nama or self.dokumen.kode

    @property
    def is_ditandatangani(self) -> bool:
        return self.status == self.Status.DITANDATANGANI


class BarisPK(models.Model):
    """One row of a PK: an indikator of the source document with the target
    the PK promises, which is a ``Target`` of the PK's document. ``mendukung``
    is the row of the superior's PK that it supports, so the PKs form the
    same tree as the plans."""

    perjanjian = models.ForeignKey(
        PerjanjianKinerja,
        verbose_name=_("perjanjian kinerja"),
        on_delete=models.CASCADE,
        related_name="baris",
    )
    indikator = models.ForeignKey(
        Indikator,
        verbose_name=_("indikator"),
        on_delete=models.PROTECT,
        related_name="baris_pk",
    )
    target = models.OneToOneField(
        Target,
        verbose_name=_("target PK"),
        on_delete=models.PROTECT,
        related_name="baris_pk",
    )
    target_sumber = models.ForeignKey(
        Target,
        verbose_name=_("target dokumen sumber"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mendukung = models.ForeignKey(
        "self",
        verbose_name=_("mendukung baris PK atasan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pendukung",
    )
    alasan_perubahan_target = models.TextField(
        _("alasan perubahan target"),
        blank=True,
        help_text=_("Wajib bila target PK berbeda dengan target dokumen sumber."),
    )
    asal = models.ForeignKey(
        "self",
        verbose_name=_("asal (versi sebelumnya)"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="salinan",
    )
    urutan = models.PositiveIntegerField(_("urutan"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("baris perjanjian kinerja")
        verbose_name_plural = _("baris perjanjian kinerja")
        ordering = ["perjanjian", "urutan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["perjanjian", "indikator"], name="baris_pk_indikator_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.perjanjian_id}: {self.indikator}"


class BarisAnggaranPK(models.Model):
    """One row of a signed PK's budget table (a program, kegiatan or sub
    kegiatan with its pagu), copied when the PK is signed. The page, PDF and
    DOCX of a signed PK read these rows, so a later DPA import does not
    change what was signed."""

    perjanjian = models.ForeignKey(
        PerjanjianKinerja,
        verbose_name=_("perjanjian kinerja"),
        on_delete=models.CASCADE,
        related_name="baris_anggaran",
    )
    # Kept for reference only: the row shows its own copies of the text.
    elemen = models.ForeignKey(
        Elemen,
        verbose_name=_("elemen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nomenklatur = models.CharField(_("kode nomenklatur"), max_length=32, blank=True)
    uraian = models.TextField(_("uraian"))
    pagu = models.BigIntegerField(
        _("pagu (Rp)"), null=True, blank=True, help_text=_("Kosong bila tanpa pagu.")
    )
    urutan = models.PositiveIntegerField(_("urutan"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("baris anggaran PK")
        verbose_name_plural = _("baris anggaran PK")
        ordering = ["perjanjian", "urutan"]
        constraints = [
            models.UniqueConstraint(
                fields=["perjanjian", "urutan"], name="baris_anggaran_pk_urutan_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.perjanjian_id}: {self.nomenklatur} {self.uraian}"


def templat_path(instance: TemplatDokumenPK, filename: str) -> str:
    """Return the storage name of an uploaded DOCX template: a random name, so
    that no path chosen by the uploader reaches the storage."""
    return f"perjanjian/templat/{secrets.token_hex(8)}.docx"


class TemplatDokumenPK(models.Model):
    """A Pemda's own DOCX template of the Perjanjian Kinerja (its letterhead
    and layout, with docxtpl tags), for one PK level or for all of them.
    The PK's Word document uses the active template of its level, else the
    active all-level one, else the default template."""

    berkas = models.FileField(
        _("berkas templat"),
        upload_to=templat_path,
        max_length=255,
        validators=[FileExtensionValidator(["docx"])],
    )
    nama_berkas = models.CharField(
        _("nama berkas asli"), max_length=255, blank=True, editable=False
    )
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=Level.choices,
        blank=True,
        help_text=_("Kosongkan agar templat berlaku untuk semua level PK."),
    )
    aktif = models.BooleanField(
        _("aktif"),
        default=True,
        help_text=_(
            "Templat aktif lain dengan level yang sama dinonaktifkan saat "
            "templat ini disimpan."
        ),
    )
    keterangan = models.TextField(_("keterangan"), blank=True)
    diunggah_pada = models.DateTimeField(
        _("diunggah pada"), default=timezone.now, editable=False
    )
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("templat dokumen PK")
        verbose_name_plural = _("templat dokumen PK")
        ordering = ["level", "-aktif", "-diunggah_pada", "-pk"]

    def __str__(self) -> str:
        level = self.get_level_display() or _("semua level")
        return f"{self.nama_berkas or self.berkas.name} ({level})"
