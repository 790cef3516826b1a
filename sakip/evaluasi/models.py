from __future__ import annotations

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sakip.anggaran.models import BUKTI_EXTENSIONS
from sakip.core.scoping import ScopedQuerySet
from sakip.organisasi.models import Unit
from sakip.perencanaan.models import TAHUN_VALIDATORS


def bobot_field(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=7,
        decimal_places=4,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )


class LkeTemplate(models.Model):
    """A Lembar Kerja Evaluasi: the komponen, sub komponen and criteria of an
    Evaluasi AKIP as one regulation (or a Pemda's variant of it) sets them,
    loaded from a CSV file with ``sakip load_lke``."""

    kode = models.CharField(_("kode"), max_length=64, unique=True)
    nama = models.CharField(_("nama"), max_length=255)
    berkas_sumber = models.CharField(
        _("berkas sumber"), max_length=255, blank=True, editable=False
    )
    dimuat_pada = models.DateTimeField(_("dimuat pada"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("templat LKE")
        verbose_name_plural = _("templat LKE")
        ordering = ["kode"]

    def __str__(self) -> str:
        return self.nama


class Komponen(models.Model):
    """A komponen of an LKE (Perencanaan Kinerja, Pengukuran Kinerja, ...)
    with its bobot; the bobot of all komponen of a template add up to 100."""

    template = models.ForeignKey(
        LkeTemplate,
        verbose_name=_("templat LKE"),
        on_delete=models.CASCADE,
        related_name="komponen",
    )
    kode = models.CharField(_("kode"), max_length=32)
    nama = models.CharField(_("nama"), max_length=255)
    bobot = bobot_field(_("bobot"))
    urutan = models.PositiveIntegerField(_("urutan"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("komponen")
        verbose_name_plural = _("komponen")
        ordering = ["template", "urutan"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "kode"], name="komponen_kode_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"


class SubKomponen(models.Model):
    """A sub komponen of a komponen (Pemenuhan, Kualitas, Pemanfaatan) with
    its bobot; the bobot of a komponen's sub komponen add up to its own."""

    komponen = models.ForeignKey(
        Komponen,
        verbose_name=_("komponen"),
        on_delete=models.CASCADE,
        related_name="sub_komponen",
    )
    kode = models.CharField(_("kode"), max_length=32)
    nama = models.CharField(_("nama"), max_length=255)
    bobot = bobot_field(_("bobot"))
    urutan = models.PositiveIntegerField(_("urutan"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sub komponen")
        verbose_name_plural = _("sub komponen")
        ordering = ["komponen", "urutan"]
        constraints = [
            models.UniqueConstraint(
                fields=["komponen", "kode"], name="sub_komponen_kode_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"


class Kriteria(models.Model):
    """A criterion of a sub komponen: the statement the evaluator answers,
    the answer type (a ``jenis`` of the template's answer scale) and the
    bukti dukung it asks for."""

    sub_komponen = models.ForeignKey(
        SubKomponen,
        verbose_name=_("sub komponen"),
        on_delete=models.CASCADE,
        related_name="kriteria",
    )
    kode = models.CharField(_("kode"), max_length=32)
    uraian = models.TextField(_("uraian"))
    jenis_jawaban = models.CharField(_("jenis jawaban"), max_length=32)
    bukti_dukung = models.JSONField(_("bukti dukung"), default=list, blank=True)
    urutan = models.PositiveIntegerField(_("urutan"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kriteria")
        verbose_name_plural = _("kriteria")
        ordering = ["sub_komponen", "urutan"]
        constraints = [
            models.UniqueConstraint(
                fields=["sub_komponen", "kode"], name="kriteria_kode_unik"
            ),
        ]

    def __str__(self) -> str:
        return self.kode


class NilaiJawaban(models.Model):
    """One answer of a template's answer scale: its type (``Y/T``,
    ``A/B/C/D``), its code and the fraction of the criterion it is worth,
    between 0 and 1. A Pemda sets these values in the admin."""

    template = models.ForeignKey(
        LkeTemplate,
        verbose_name=_("templat LKE"),
        on_delete=models.CASCADE,
        related_name="nilai_jawaban",
    )
    jenis_jawaban = models.CharField(_("jenis jawaban"), max_length=32)
    kode = models.CharField(_("kode jawaban"), max_length=16)
    nilai = models.DecimalField(
        _("nilai"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Bagian bobot kriteria yang diperoleh jawaban ini, 0 sampai 1."),
    )
    keterangan = models.CharField(_("keterangan"), max_length=255, blank=True)
    urutan = models.PositiveIntegerField(_("urutan"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nilai jawaban")
        verbose_name_plural = _("skala jawaban")
        ordering = ["template", "jenis_jawaban", "urutan"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "jenis_jawaban", "kode"],
                name="nilai_jawaban_unik",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jenis_jawaban} {self.kode} = {self.nilai}"


class Predikat(models.Model):
    """A predikat band of a template: the predikat (AA … D) that a total
    score above ``di_atas`` reaches. The lowest band takes every lower
    score too."""

    template = models.ForeignKey(
        LkeTemplate,
        verbose_name=_("templat LKE"),
        on_delete=models.CASCADE,
        related_name="predikat",
    )
    kode = models.CharField(_("predikat"), max_length=8)
    di_atas = models.DecimalField(
        _("nilai di atas"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Predikat ini diberikan pada nilai lebih dari angka ini; nilai tepat "
            "pada batas mendapat predikat di bawahnya."
        ),
    )
    keterangan = models.CharField(_("keterangan"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("predikat")
        verbose_name_plural = _("predikat")
        ordering = ["template", "-di_atas"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "kode"], name="predikat_kode_unik"
            ),
        ]

    def __str__(self) -> str:
        return self.kode


class Tahap(models.TextChoices):
    """Who answers: the unit itself, the evaluator, then the quality
    reviewer whose answers are final."""

    MANDIRI = "mandiri", _("Penilaian mandiri")
    EVALUATOR = "evaluator", _("Evaluator")
    FINAL = "final", _("Final")


class EvaluasiQuerySet(ScopedQuerySet):
    unit_path = "unit"


class Evaluasi(models.Model):
    """The Evaluasi AKIP of one unit (an OPD, or the Pemda itself) for one
    year on one LKE template. It moves from the unit's penilaian mandiri to
    the evaluator, then to the pengendali mutu, who makes it final."""

    class Status(models.TextChoices):
        PENILAIAN_MANDIRI = "penilaian_mandiri", _("Penilaian mandiri")
        EVALUASI = "evaluasi", _("Evaluasi")
        REVIU_MUTU = "reviu_mutu", _("Reviu mutu")
        FINAL = "final", _("Final")

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="evaluasi_akip",
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"), validators=TAHUN_VALIDATORS)
    template = models.ForeignKey(
        LkeTemplate,
        verbose_name=_("templat LKE"),
        on_delete=models.PROTECT,
        related_name="evaluasi",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENILAIAN_MANDIRI,
    )
    # Kept when the evaluation becomes final, so that a later change to the
    # template's scale or bands does not change a published result.
    nilai = models.DecimalField(
        _("nilai"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    predikat = models.CharField(_("predikat"), max_length=8, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    history = HistoricalRecords()
    objects = EvaluasiQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluasi AKIP")
        verbose_name_plural = _("evaluasi AKIP")
        ordering = ["-tahun", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "tahun"], name="evaluasi_unit_tahun_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.tahun}"


# The stage whose answers each status takes; a final evaluation takes none.
TAHAP_OF_STATUS = {
    Evaluasi.Status.PENILAIAN_MANDIRI: Tahap.MANDIRI,
    Evaluasi.Status.EVALUASI: Tahap.EVALUATOR,
    Evaluasi.Status.REVIU_MUTU: Tahap.FINAL,
}


class LangkahEvaluasi(models.Model):
    """A move of an evaluation from one status to the next: who moved it,
    when, and a note."""

    evaluasi = models.ForeignKey(
        Evaluasi,
        verbose_name=_("evaluasi"),
        on_delete=models.CASCADE,
        related_name="langkah",
    )
    dari = models.CharField(
        _("dari status"), max_length=20, choices=Evaluasi.Status.choices
    )
    ke = models.CharField(
        _("ke status"), max_length=20, choices=Evaluasi.Status.choices
    )
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pada = models.DateTimeField(_("pada"))
    catatan = models.TextField(_("catatan"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("langkah evaluasi")
        verbose_name_plural = _("langkah evaluasi")
        ordering = ["evaluasi", "pada", "pk"]

    def __str__(self) -> str:
        return f"{self.evaluasi}: {self.dari} → {self.ke}"


class PenugasanEvaluator(models.Model):
    """An Inspektorat user assigned to an evaluation, as evaluator or as the
    pengendali mutu who reviews the evaluator's answers and makes them
    final. Nobody evaluates their own OPD."""

    class Peran(models.TextChoices):
        EVALUATOR = "evaluator", _("Evaluator")
        PENGENDALI_MUTU = "pengendali_mutu", _("Pengendali mutu")

    evaluasi = models.ForeignKey(
        Evaluasi,
        verbose_name=_("evaluasi"),
        on_delete=models.CASCADE,
        related_name="penugasan",
    )
    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.PROTECT,
        related_name="penugasan_evaluasi",
    )
    peran = models.CharField(_("peran"), max_length=20, choices=Peran.choices)
    ditugaskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditugaskan oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ditugaskan_pada = models.DateTimeField(_("ditugaskan pada"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("penugasan evaluator")
        verbose_name_plural = _("penugasan evaluator")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluasi", "pengguna", "peran"], name="penugasan_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pengguna} ({self.get_peran_display()})"


def bukti_jawaban_path(instance: Jawaban, filename: str) -> str:
    """Return the storage name of an answer's evidence file: a random name
    with the extension of its checked type, never a path the uploader chose."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in BUKTI_EXTENSIONS:
        suffix = ""
    tahun = instance.evaluasi.tahun
    return f"bukti/evaluasi/{tahun}/{secrets.token_hex(16)}{suffix}"


class Jawaban(models.Model):
    """The answer to one criterion of an evaluation at one stage (the unit's
    penilaian mandiri, the evaluator's, the final one), with its value as the
    scale gave it then, a note and the evidence (a file or a link)."""

    evaluasi = models.ForeignKey(
        Evaluasi,
        verbose_name=_("evaluasi"),
        on_delete=models.CASCADE,
        related_name="jawaban",
    )
    kriteria = models.ForeignKey(
        Kriteria,
        verbose_name=_("kriteria"),
        on_delete=models.PROTECT,
        related_name="jawaban",
    )
    tahap = models.CharField(_("tahap"), max_length=10, choices=Tahap.choices)
    kode = models.CharField(_("jawaban"), max_length=16)
    nilai = models.DecimalField(_("nilai"), max_digits=5, decimal_places=4)
    catatan = models.TextField(_("catatan"), blank=True)
    bukti = models.FileField(
        _("berkas bukti"), upload_to=bukti_jawaban_path, max_length=255, blank=True
    )
    bukti_nama = models.CharField(
        _("nama berkas bukti"), max_length=255, blank=True, editable=False
    )
    bukti_tautan = models.URLField(_("tautan bukti"), max_length=500, blank=True)
    # The answer that the product's own data proposed when this one was
    # chosen through the proposal (``bukti_data``), and why the user chose
    # another; both empty when the answer was given without it.
    usulan = models.CharField(
        _("usulan dari data"), max_length=16, blank=True, editable=False
    )
    alasan_beda_usulan = models.TextField(
        _("alasan berbeda dari usulan"), blank=True, editable=False
    )
    diisi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diisi oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    diisi_pada = models.DateTimeField(_("diisi pada"), null=True, blank=True)
    # Counts the saves of the row. A form sends back the number it was loaded
    # with, and a save on a row that has changed since is rejected.
    versi = models.PositiveIntegerField(_("versi"), default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jawaban")
        verbose_name_plural = _("jawaban")
        ordering = ["evaluasi", "kriteria", "tahap"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluasi", "kriteria", "tahap"], name="jawaban_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kriteria.kode} {self.tahap}: {self.kode}"

    def save(self, *args, **kwargs) -> None:
        # Every save counts, by any writer, so that a form loaded before it
        # is rejected. Bulk updates skip this and must set ``versi``.
        self.versi += 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "versi"}
        super().save(*args, **kwargs)


def bukti_tindak_lanjut_path(instance: TindakLanjut, filename: str) -> str:
    """Return the storage name of a follow-up's evidence file: a random name
    with the extension of its checked type, never a path the uploader chose."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in BUKTI_EXTENSIONS:
        suffix = ""
    tahun = instance.rekomendasi.tahun
    return f"bukti/tindak-lanjut/{tahun}/{secrets.token_hex(16)}{suffix}"


class RekomendasiQuerySet(ScopedQuerySet):
    unit_path = "unit"

    def terbuka(self) -> RekomendasiQuerySet:
        """Recommendations not yet closed: open, or with follow-up to check."""
        return self.exclude(status=Rekomendasi.Status.SELESAI)


class Rekomendasi(models.Model):
    """A recommendation to a unit: from the Inspektorat's Evaluasi AKIP of
    an OPD (or of the Pemda), or from the ministry's evaluation of the Pemda
    itself. The unit answers it with tindak lanjut until the evaluator
    closes it."""

    class Sumber(models.TextChoices):
        INSPEKTORAT = "inspektorat", _("Evaluasi Inspektorat")
        KEMENPANRB = "kemenpanrb", _("Evaluasi Kementerian PANRB")

    class Status(models.TextChoices):
        TERBUKA = "terbuka", _("Terbuka")
        DIPROSES = "diproses", _("Tindak lanjut diperiksa")
        SELESAI = "selesai", _("Selesai")

    evaluasi = models.ForeignKey(
        Evaluasi,
        verbose_name=_("evaluasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rekomendasi",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="rekomendasi_evaluasi",
    )
    tahun = models.PositiveSmallIntegerField(
        _("tahun evaluasi"), validators=TAHUN_VALIDATORS
    )
    sumber = models.CharField(
        _("sumber"), max_length=20, choices=Sumber.choices, default=Sumber.INSPEKTORAT
    )
    komponen = models.ForeignKey(
        Komponen,
        verbose_name=_("komponen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rekomendasi",
        help_text=_("Komponen LKE yang dituju rekomendasi ini, bila ada."),
    )
    uraian = models.TextField(_("rekomendasi"))
    batas_waktu = models.DateField(_("batas waktu"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.TERBUKA
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    ditutup_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditutup oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ditutup_pada = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    catatan_penutupan = models.TextField(_("catatan penutupan"), blank=True)

    history = HistoricalRecords()
    objects = RekomendasiQuerySet.as_manager()

    class Meta:
        verbose_name = _("rekomendasi")
        verbose_name_plural = _("rekomendasi")
        ordering = ["-tahun", "unit", "pk"]

    def __str__(self) -> str:
        return f"{self.unit} {self.tahun}: {self.uraian[:60]}"

    def terlambat(self, today) -> bool:
        """Whether the deadline has passed on ``today`` and it is not closed."""
        return (
            self.batas_waktu is not None
            and self.batas_waktu < today
            and self.status != self.Status.SELESAI
        )


class TindakLanjut(models.Model):
    """What a unit did about a recommendation, with its evidence. The
    evaluator accepts it by closing the recommendation, or returns it with
    a reason."""

    class Status(models.TextChoices):
        DIAJUKAN = "diajukan", _("Diajukan")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")
        DITERIMA = "diterima", _("Diterima")

    rekomendasi = models.ForeignKey(
        Rekomendasi,
        verbose_name=_("rekomendasi"),
        on_delete=models.CASCADE,
        related_name="tindak_lanjut",
    )
    uraian = models.TextField(_("tindak lanjut"))
    tanggal = models.DateField(_("tanggal tindak lanjut"))
    bukti = models.FileField(
        _("berkas bukti"),
        upload_to=bukti_tindak_lanjut_path,
        max_length=255,
        blank=True,
    )
    bukti_nama = models.CharField(
        _("nama berkas bukti"), max_length=255, blank=True, editable=False
    )
    bukti_tautan = models.URLField(_("tautan bukti"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DIAJUKAN
    )
    alasan_dikembalikan = models.TextField(_("alasan dikembalikan"), blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diisi oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dibuat_pada = models.DateTimeField(_("diisi pada"), auto_now_add=True)
    diperiksa_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diperiksa oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    diperiksa_pada = models.DateTimeField(_("diperiksa pada"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tindak lanjut rekomendasi")
        verbose_name_plural = _("tindak lanjut rekomendasi")
        ordering = ["rekomendasi", "dibuat_pada", "pk"]

    def __str__(self) -> str:
        return f"{self.rekomendasi_id}: {self.uraian[:60]}"
