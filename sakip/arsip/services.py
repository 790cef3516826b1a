"""Closing and opening a year, and carrying its open items into the next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sakip.pengukuran.models import TindakLanjutKinerja
from sakip.perencanaan.models import Periode

from .models import TahunDitutup

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna


def _ensure_admin(user: Pengguna) -> None:
    if not user.is_admin_bappeda:
        raise PermissionDenied(_("Hanya Admin Bappeda yang dapat menutup tahun."))


def tindak_lanjut_lanjutkan(*, tahun: int, user: Pengguna) -> list[TindakLanjutKinerja]:
    """Copy each unfinished corrective action of ``tahun`` into triwulan I of
    the next year, where it can still be planned and closed, and return the
    copies. An indikator that already has one there keeps it."""
    _ensure_admin(user)
    berikut = tahun + 1
    taken = set(
        TindakLanjutKinerja.objects.filter(
            tahun=berikut, periode=Periode.TW1
        ).values_list("indikator_id", flat=True)
    )
    copies = []
    for item in (
        TindakLanjutKinerja.objects.filter(tahun=tahun)
        .terbuka()
        .order_by("periode", "pk")
    ):
        if item.indikator_id in taken:
            continue
        taken.add(item.indikator_id)
        copy = TindakLanjutKinerja(
            indikator_id=item.indikator_id,
            unit_id=item.unit_id,
            tahun=berikut,
            periode=Periode.TW1,
            alasan=item.alasan,
            capaian=item.capaian,
            capaian_proyeksi=item.capaian_proyeksi,
            faktor_penghambat=item.faktor_penghambat,
            tindakan=item.tindakan,
            pelaksana=item.pelaksana,
            tenggat=item.tenggat,
            status=item.status,
            diubah_oleh=user,
        )
        copy._history_user = user
        copy._change_reason = _("Dilanjutkan dari %(periode)s %(tahun)s") % {
            "periode": item.get_periode_display(),
            "tahun": tahun,
        }
        copy.save()
        copies.append(copy)
    return copies


def tahun_tutup(
    *, tahun: int, user: Pengguna, alasan: str = ""
) -> tuple[TahunDitutup, list[TindakLanjutKinerja]]:
    """Close ``tahun``: carry its unfinished corrective actions into the next
    year, then archive it, so that no plan, target, realisation or budget of
    that year changes any more. Return the row and the carried actions."""
    _ensure_admin(user)
    with transaction.atomic():
        if TahunDitutup.objects.select_for_update().filter(tahun=tahun).exists():
            raise ValidationError(
                _("Tahun %(tahun)s sudah ditutup."),
                code="sudah_ditutup",
                params={"tahun": tahun},
            )
        dilanjutkan = tindak_lanjut_lanjutkan(tahun=tahun, user=user)
        row = TahunDitutup(tahun=tahun, alasan=alasan.strip(), ditutup_oleh=user)
        row._history_user = user
        row.full_clean()
        row.save()
    return row, dilanjutkan


def tahun_buka(*, tahun: int, user: Pengguna, alasan: str) -> None:
    """Open a closed year again, with the reason recorded in the history."""
    _ensure_admin(user)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError(
            {"alasan": _("Alasan membuka kembali tahun wajib diisi.")},
            code="required",
        )
    row = TahunDitutup.objects.filter(tahun=tahun).first()
    if row is None:
        raise ValidationError(
            _("Tahun %(tahun)s tidak sedang ditutup."),
            code="tidak_ditutup",
            params={"tahun": tahun},
        )
    row._history_user = user
    row._change_reason = alasan
    row.delete()
