from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna

TAUTAN_MAX_LENGTH = 500


def validate_tautan(tautan: str) -> None:
    """Reject a link that is not a path on this site, such as
    ``https://contoh.com``, ``//contoh.com`` or ``/\\contoh.com``, so that
    opening a notification never sends its reader to another host."""
    if not tautan:
        return
    # Browsers drop tabs and line breaks inside a URL, so "/\t/contoh.com"
    # would open "//contoh.com". Any whitespace or control character is
    # therefore rejected.
    clean = not any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in tautan)
    local = (
        clean
        and tautan.startswith("/")
        and url_has_allowed_host_and_scheme(tautan, allowed_hosts=None)
    )
    if not local:
        raise ValidationError(
            _(
                "Tautan notifikasi %(tautan)s ditolak: tautan harus berupa path "
                "di situs ini, diawali satu '/' dan tanpa spasi."
            ),
            code="tautan_luar",
            params={"tautan": tautan},
        )


class NotifikasiQuerySet(models.QuerySet):
    def milik(self, user: Pengguna) -> NotifikasiQuerySet:
        """The notifications of ``user``; none for an anonymous or inactive user.
        This is the only scoping: nobody sees another person's notifications."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(penerima=user)

    def belum_dibaca(self) -> NotifikasiQuerySet:
        return self.filter(dibaca_pada__isnull=True)


class Notifikasi(models.Model):
    """A message to one user shown in the product, such as an input window that
    opens or an entry that a verifikator returned, with a link to the page
    concerned. It is also e-mailed when the Pemda has set up e-mail."""

    # NOTE: no simple-history here. A notification is a message, not planning
    # or measurement data, and its history would double every write.
    penerima = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        on_delete=models.CASCADE,
        related_name="notifikasi",
    )
    judul = models.CharField(_("judul"), max_length=200)
    pesan = models.TextField(_("pesan"), blank=True)
    tautan = models.CharField(
        _("tautan"),
        max_length=TAUTAN_MAX_LENGTH,
        blank=True,
        validators=[validate_tautan],
        help_text=_("Path halaman di situs ini, diawali '/'."),
    )
    kunci = models.CharField(
        _("kunci"),
        max_length=200,
        blank=True,
        help_text=_(
            "Jika diisi, notifikasi dengan kunci yang sama hanya dikirim sekali "
            "kepada tiap penerima."
        ),
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    dibaca_pada = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    email_dikirim_pada = models.DateTimeField(
        _("surel dikirim pada"), null=True, blank=True
    )

    objects = NotifikasiQuerySet.as_manager()

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-dibuat_pada", "-id"]
        indexes = [
            models.Index(
                fields=["penerima", "-dibuat_pada"], name="notifikasi_penerima_baru"
            ),
            # The navbar counts the unread ones on every page.
            models.Index(
                fields=["penerima"],
                condition=Q(dibaca_pada__isnull=True),
                name="notifikasi_belum_dibaca",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["penerima", "kunci"],
                condition=~Q(kunci=""),
                name="notifikasi_kunci_unik",
                violation_error_message=_(
                    "Notifikasi dengan kunci ini sudah dikirim kepada penerima ini."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.judul

    @property
    def is_dibaca(self) -> bool:
        return self.dibaca_pada is not None
