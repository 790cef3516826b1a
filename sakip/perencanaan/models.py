from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sakip.core.scoping import ScopedQuerySet
from sakip.organisasi.models import Pengaturan, Unit
from sakip.referensi.models import Skala

TAHUN_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]

# Indicator values: up to 15 significant digits, because SQLite keeps a
# NUMERIC value as a 64-bit float and only 15 digits survive the round trip.
NILAI_MAX_DIGITS = 19
NILAI_DECIMAL_PLACES = 4


def nilai_field(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=NILAI_MAX_DIGITS,
        decimal_places=NILAI_DECIMAL_PLACES,
        null=True,
        blank=True,
        **kwargs,
    )


class Periode(models.TextChoices):
    """The period a target or realisation is for, within its year."""

    TAHUNAN = "tahunan", _("Tahunan")
    TW1 = "TW1", _("Triwulan I")
    TW2 = "TW2", _("Triwulan II")
    TW3 = "TW3", _("Triwulan III")
    TW4 = "TW4", _("Triwulan IV")
    B01 = "B01", _("Januari")
    B02 = "B02", _("Februari")
    B03 = "B03", _("Maret")
    B04 = "B04", _("April")
    B05 = "B05", _("Mei")
    B06 = "B06", _("Juni")
    B07 = "B07", _("Juli")
    B08 = "B08", _("Agustus")
    B09 = "B09", _("September")
    B10 = "B10", _("Oktober")
    B11 = "B11", _("November")
    B12 = "B12", _("Desember")


class DokumenQuerySet(ScopedQuerySet):
    unit_path = "unit"


class Dokumen(models.Model):
    """A planning or accountability document of one unit for a year or a
    period (RPJMD, Renstra, RKPD, Renja, PK, rencana aksi …), in one version.

    A document that is ditetapkan is frozen: a change makes a new version
    that points at the one it replaces, and both stay readable.
    """

    class Jenis(models.TextChoices):
        RPJMD = "RPJMD", _("RPJMD")
        RENSTRA = "RENSTRA", _("Renstra")
        RKPD = "RKPD", _("RKPD")
        RENJA = "RENJA", _("Renja")
        PK = "PK", _("Perjanjian Kinerja")
        RENAKSI = "RENAKSI", _("Rencana Aksi")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        DIAJUKAN = "diajukan", _("Diajukan")
        DITETAPKAN = "ditetapkan", _("Ditetapkan")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")

    # Strategic documents span a period; the others cover one year.
    JENIS_LIMA_TAHUNAN = (Jenis.RPJMD, Jenis.RENSTRA)
    # The kinds that Admin Bappeda may publish on the public portal.
    JENIS_PUBLIKASI = (Jenis.RPJMD, Jenis.RENSTRA, Jenis.PK)
    # Which document's target a capaian uses, highest first.
    PRIORITAS_TARGET = {
        Jenis.PK: 3,
        Jenis.RENAKSI: 3,
        Jenis.RENJA: 2,
        Jenis.RKPD: 2,
        Jenis.RENSTRA: 1,
        Jenis.RPJMD: 1,
    }

    kode = models.CharField(_("kode"), max_length=64, unique=True)
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="dokumen"
    )
    nama = models.CharField(_("nama"), max_length=255, blank=True)
    tahun_awal = models.PositiveSmallIntegerField(
        _("tahun awal"), validators=TAHUN_VALIDATORS
    )
    tahun_akhir = models.PositiveSmallIntegerField(
        _("tahun akhir"),
        null=True,
        blank=True,
        validators=TAHUN_VALIDATORS,
        help_text=_("Kosong untuk dokumen satu tahun."),
    )
    versi = models.CharField(
        _("versi"),
        max_length=32,
        default="murni",
        help_text=_("murni, perubahan, perubahan 2, …"),
    )
    versi_sebelumnya = models.ForeignKey(
        "self",
        verbose_name=_("versi sebelumnya"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="versi_berikutnya",
    )
    alasan_perubahan = models.TextField(_("alasan perubahan"), blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    alasan_dikembalikan = models.TextField(_("alasan dikembalikan"), blank=True)
    dipublikasikan = models.BooleanField(
        _("dipublikasikan"),
        default=False,
        help_text=_(
            "Tampil di portal publik. Hanya dokumen yang sudah ditetapkan yang "
            "dapat dipublikasikan."
        ),
    )

    history = HistoricalRecords()
    objects = DokumenQuerySet.as_manager()

    class Meta:
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")
        ordering = ["jenis", "unit__urutan", "kode"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tahun_akhir__isnull=True)
                | Q(tahun_akhir__gte=F("tahun_awal")),
                name="dokumen_tahun_akhir_setelah_awal",
                violation_error_message=_(
                    "Tahun akhir tidak boleh sebelum tahun awal."
                ),
            ),
            # A lineage of versions is a chain, so that "the newest version"
            # is one document and two perubahan made at once cannot both win.
            models.UniqueConstraint(
                fields=["versi_sebelumnya"],
                name="dokumen_satu_versi_berikutnya",
                violation_error_message=_("Versi ini sudah memiliki versi berikutnya."),
            ),
            # A draft must never reach the public portal, whatever writes it.
            models.CheckConstraint(
                condition=Q(dipublikasikan=False) | Q(status="ditetapkan"),
                name="dokumen_publikasi_hanya_ditetapkan",
                violation_error_message=_(
                    "Hanya dokumen yang sudah ditetapkan yang dapat dipublikasikan."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.nama or self.kode

    @property
    def tahun_terakhir(self) -> int:
        return self.tahun_akhir or self.tahun_awal

    @property
    def rentang_tahun(self) -> range:
        return range(self.tahun_awal, self.tahun_terakhir + 1)

    def mencakup_tahun(self, tahun: int) -> bool:
        return self.tahun_awal <= tahun <= self.tahun_terakhir

    @property
    def is_ditetapkan(self) -> bool:
        return self.status == self.Status.DITETAPKAN


class RiwayatStatusDokumen(models.Model):
    """One change of a document's status (diajukan, dikembalikan, ditetapkan),
    or the creation of a new version: who made it, when, and why."""

    dokumen = models.ForeignKey(
        Dokumen,
        verbose_name=_("dokumen"),
        on_delete=models.CASCADE,
        related_name="riwayat_status",
    )
    dari = models.CharField(
        _("dari status"),
        max_length=15,
        choices=Dokumen.Status.choices,
        blank=True,
        help_text=_("Kosong untuk versi yang baru dibuat."),
    )
    ke = models.CharField(_("ke status"), max_length=15, choices=Dokumen.Status.choices)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pada = models.DateTimeField(_("pada"), default=timezone.now)
    alasan = models.TextField(_("alasan"), blank=True)

    # The rows are an audit trail themselves and are never changed; the
    # history is kept because every planning model has one.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("riwayat status dokumen")
        verbose_name_plural = _("riwayat status dokumen")
        ordering = ["dokumen", "pada", "pk"]

    def __str__(self) -> str:
        return f"{self.dokumen.kode}: {self.dari or '-'} → {self.ke}"


class RiwayatPublikasiDokumen(models.Model):
    """One publication of a document on the public portal, or its withdrawal:
    who did it and when."""

    dokumen = models.ForeignKey(
        Dokumen,
        verbose_name=_("dokumen"),
        on_delete=models.CASCADE,
        related_name="riwayat_publikasi",
    )
    dipublikasikan = models.BooleanField(
        _("dipublikasikan"), help_text=_("Salah berarti publikasi ditarik.")
    )
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pada = models.DateTimeField(_("pada"), default=timezone.now)

    # An audit trail itself, with a history because every planning model has one.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("riwayat publikasi dokumen")
        verbose_name_plural = _("riwayat publikasi dokumen")
        ordering = ["dokumen", "pada", "pk"]

    def __str__(self) -> str:
        aksi = "publikasi" if self.dipublikasikan else "tarik publikasi"
        return f"{self.dokumen.kode}: {aksi}"


def ensure_dokumen_not_ditetapkan(dokumen_id: int | None) -> None:
    """Raise ValidationError when the document ``dokumen_id`` is ditetapkan.

    The model-level safety net of ``save()``; services call the stricter
    ``services.ensure_dokumen_editable``, which also rejects a diajukan document.
    """
    if dokumen_id is None:
        return
    dokumen = (
        Dokumen.objects.filter(pk=dokumen_id, status=Dokumen.Status.DITETAPKAN)
        .only("kode")
        .first()
    )
    if dokumen is not None:
        raise ValidationError(
            _(
                "Dokumen %(kode)s sudah ditetapkan, sehingga isinya tidak dapat "
                "diubah. Buat perubahan (versi baru) untuk mengubahnya."
            ),
            code="dokumen_ditetapkan",
            params={"kode": dokumen.kode},
        )


class ElemenQuerySet(ScopedQuerySet):
    unit_path = "dokumen__unit"


class Elemen(models.Model):
    """A node of a planning document, from visi down to sub kegiatan.

    Nodes form a tree inside their document (``induk``) and link across
    documents through ``TautanElemen``: a Renstra sasaran *mendukung* an RPJMD
    sasaran, a Renja program *berasal dari* a Renstra program.
    """

    class Jenis(models.TextChoices):
        VISI = "visi", _("Visi")
        MISI = "misi", _("Misi")
        TUJUAN = "tujuan", _("Tujuan")
        SASARAN = "sasaran", _("Sasaran")
        STRATEGI = "strategi", _("Strategi")
        ARAH_KEBIJAKAN = "arah_kebijakan", _("Arah kebijakan")
        PROGRAM = "program", _("Program")
        KEGIATAN = "kegiatan", _("Kegiatan")
        SUB_KEGIATAN = "sub_kegiatan", _("Sub kegiatan")

    # The depth of each kind: a parent is always of a lower depth than its child.
    KEDALAMAN = {jenis: depth for depth, jenis in enumerate(Jenis.values)}
    JENIS_BERKODE = (Jenis.PROGRAM, Jenis.KEGIATAN, Jenis.SUB_KEGIATAN)

    kode = models.CharField(_("kode"), max_length=64, unique=True)
    dokumen = models.ForeignKey(
        Dokumen,
        verbose_name=_("dokumen"),
        on_delete=models.CASCADE,
        related_name="elemen",
    )
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices)
    induk = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="anak",
    )
    uraian = models.TextField(_("uraian"))
    nomenklatur = models.CharField(
        _("kode nomenklatur"),
        max_length=32,
        blank=True,
        help_text=_("Kode nasional untuk program, kegiatan dan sub kegiatan."),
    )
    unit_pj = models.ForeignKey(
        Unit,
        verbose_name=_("unit penanggung jawab"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="elemen_pj",
    )
    urutan = models.PositiveIntegerField(_("urutan"), default=0)
    tautan = models.ManyToManyField(
        "self",
        through="TautanElemen",
        symmetrical=False,
        related_name="tautan_masuk",
        blank=True,
    )
    asal = models.ForeignKey(
        "self",
        verbose_name=_("asal (versi sebelumnya)"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="salinan",
        help_text=_("Elemen versi sebelumnya yang disalin menjadi elemen ini."),
    )

    history = HistoricalRecords()
    objects = ElemenQuerySet.as_manager()

    class Meta:
        verbose_name = _("elemen")
        verbose_name_plural = _("elemen")
        ordering = ["dokumen", "urutan", "kode"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()}: {self.uraian}"

    def save(self, *args, **kwargs) -> None:
        ensure_dokumen_not_ditetapkan(self.dokumen_id)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.induk_id is None:
            return
        if self.induk.dokumen_id != self.dokumen_id:
            raise ValidationError(
                {"induk": _("Induk harus berada di dokumen yang sama.")}
            )
        if self.KEDALAMAN[self.induk.jenis] >= self.KEDALAMAN[self.jenis]:
            raise ValidationError(
                {"induk": _("Induk harus berada di tingkat di atas elemen ini.")}
            )


class TautanElemen(models.Model):
    """A typed link from an elemen to one of another document that it
    supports or comes from; the pohon kinerja is drawn from these links."""

    class Jenis(models.TextChoices):
        MENDUKUNG = "mendukung", _("mendukung")
        BERASAL_DARI = "berasal_dari", _("berasal dari")

    dari = models.ForeignKey(
        Elemen,
        verbose_name=_("dari"),
        on_delete=models.CASCADE,
        related_name="tautan_keluar",
    )
    ke = models.ForeignKey(
        Elemen, verbose_name=_("ke"), on_delete=models.CASCADE, related_name="+"
    )
    jenis = models.CharField(
        _("jenis"), max_length=15, choices=Jenis.choices, default=Jenis.MENDUKUNG
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tautan elemen")
        verbose_name_plural = _("tautan elemen")
        constraints = [
            models.UniqueConstraint(
                fields=["dari", "ke", "jenis"], name="tautan_elemen_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dari.kode} {self.get_jenis_display()} {self.ke.kode}"

    def save(self, *args, **kwargs) -> None:
        # A link belongs to the document it goes out of: adopting the RPJMD
        # does not stop a Renstra sasaran from being linked to it.
        dokumen_id = (
            Elemen.objects.filter(pk=self.dari_id)
            .values_list("dokumen_id", flat=True)
            .first()
        )
        ensure_dokumen_not_ditetapkan(dokumen_id)
        super().save(*args, **kwargs)


class IndikatorQuerySet(ScopedQuerySet):
    unit_path = "elemen__dokumen__unit"

    def iku(self) -> IndikatorQuerySet:
        return self.filter(iku=True)


class Indikator(models.Model):
    """A measurable indicator of one elemen, with how it is measured and how
    its capaian is computed (polaritas, jenis nilai, agregasi over periods)."""

    class Polaritas(models.TextChoices):
        POSITIF = "positif", _("Positif (makin tinggi makin baik)")
        NEGATIF = "negatif", _("Negatif (makin rendah makin baik)")
        RENTANG = "rentang", _("Rentang (dalam batas bawah–atas)")

    class Agregasi(models.TextChoices):
        AKHIR = "akhir", _("Nilai akhir periode")
        KUMULATIF = "kumulatif", _("Kumulatif (dijumlahkan)")
        RATA_RATA = "rata_rata", _("Rata-rata")

    RumusNegatif = Pengaturan.RumusNegatif

    kode = models.CharField(_("kode"), max_length=64, unique=True)
    elemen = models.ForeignKey(
        Elemen,
        verbose_name=_("elemen"),
        on_delete=models.CASCADE,
        related_name="indikator",
    )
    uraian = models.TextField(_("uraian"))
    satuan = models.CharField(_("satuan"), max_length=64)
    definisi = models.TextField(_("definisi operasional"), blank=True)
    formula = models.TextField(_("formula"), blank=True)
    sumber_data = models.TextField(_("sumber data"), blank=True)
    kondisi_awal = nilai_field(_("kondisi awal"))
    kondisi_awal_skala = models.CharField(
        _("kondisi awal (nilai skala)"), max_length=32, blank=True
    )
    polaritas = models.CharField(
        _("polaritas"), max_length=10, choices=Polaritas.choices
    )
    skala = models.ForeignKey(
        Skala,
        verbose_name=_("skala"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indikator",
        help_text=_("Kosong untuk indikator angka."),
    )
    agregasi = models.CharField(
        _("agregasi antarperiode"),
        max_length=10,
        choices=Agregasi.choices,
        default=Agregasi.AKHIR,
    )
    rumus_negatif = models.CharField(
        _("rumus negatif"),
        max_length=10,
        choices=RumusNegatif.choices,
        blank=True,
        help_text=_("Kosong berarti mengikuti pengaturan pemda."),
    )
    iku = models.BooleanField(_("IKU"), default=False)
    unit_pj = models.ForeignKey(
        Unit,
        verbose_name=_("unit penanggung jawab"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indikator_pj",
    )
    urutan = models.PositiveIntegerField(_("urutan"), default=0)
    asal = models.ForeignKey(
        "self",
        verbose_name=_("asal (versi sebelumnya)"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="salinan",
        help_text=_("Indikator versi sebelumnya yang disalin menjadi indikator ini."),
    )
    akar = models.ForeignKey(
        "self",
        verbose_name=_("indikator akar"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="keluarga",
        help_text=_(
            "Indikator pertama yang disalin menjadi indikator ini, lewat versi "
            "perubahan atau salinan ke Renja dan RKPD; kosong bila indikator ini "
            "yang pertama. Semuanya mengukur hal yang sama, sehingga realisasinya "
            "dibaca bersama."
        ),
    )

    history = HistoricalRecords()
    objects = IndikatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["elemen", "urutan", "kode"]

    def __str__(self) -> str:
        return self.uraian

    def save(self, *args, **kwargs) -> None:
        dokumen_id = (
            Elemen.objects.filter(pk=self.elemen_id)
            .values_list("dokumen_id", flat=True)
            .first()
        )
        ensure_dokumen_not_ditetapkan(dokumen_id)
        super().save(*args, **kwargs)

    @property
    def jenis_nilai(self) -> str:
        """The workbook's ``jenis_nilai``: ``angka`` or ``skala:<nama>``."""
        if self.skala_id is None:
            return "angka"
        return f"skala:{self.skala.nama}"


class Target(models.Model):
    """The target of one indikator for one year and period, as one document
    set it. A ``rentang`` target has bounds instead of a value; a scale
    indicator's target is a value of its scale."""

    indikator = models.ForeignKey(
        Indikator,
        verbose_name=_("indikator"),
        on_delete=models.CASCADE,
        related_name="target",
    )
    dokumen = models.ForeignKey(
        Dokumen,
        verbose_name=_("dokumen sumber"),
        on_delete=models.PROTECT,
        related_name="target",
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"), validators=TAHUN_VALIDATORS)
    periode = models.CharField(
        _("periode"), max_length=8, choices=Periode.choices, default=Periode.TAHUNAN
    )
    nilai = nilai_field(_("nilai"))
    nilai_skala = models.CharField(_("nilai skala"), max_length=32, blank=True)
    batas_bawah = nilai_field(_("batas bawah"))
    batas_atas = nilai_field(_("batas atas"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("target")
        # By the indikator's id, not by "indikator": that would sort by the
        # indikator's own ordering and join elemen, dokumen and unit into
        # every query of targets, deletions of a dokumen included.
        ordering = ["indikator_id", "tahun", "periode"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "dokumen", "tahun", "periode"],
                name="target_unik",
            ),
        ]
        indexes = [
            models.Index(fields=["tahun", "periode"], name="target_tahun_periode_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indikator.kode} {self.tahun} {self.periode}"

    def save(self, *args, **kwargs) -> None:
        ensure_dokumen_not_ditetapkan(self.dokumen_id)
        super().save(*args, **kwargs)

    def has_value(self) -> bool:
        """Return True when the row sets a value: a number, a scale value or a
        bound. A row without one does not count as a target."""
        return (
            self.nilai is not None
            or bool(self.nilai_skala)
            or self.batas_bawah is not None
            or self.batas_atas is not None
        )
