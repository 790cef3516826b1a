"""Verifying entered realisation: accept it, return it with a reason, or
reopen an accepted one.

A verifikator who may see the entry's OPD, or Admin Bappeda, verifies; no one
verifies an entry whose values they entered (``pengisi_ids``). Only a
diajukan entry is accepted or returned. An accepted entry is locked. Only a
verifikator or Admin Bappeda reopens it, with a reason, and it then goes
back to the operator as a returned entry. Each action carries the entry's
version the verifikator saw, so a value changed in the meantime is never
accepted unseen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sakip.anggaran.models import KeuanganBulanan
from sakip.notifikasi.services import notifikasi_kirim
from sakip.organisasi.models import Peran

from .models import Realisasi
from .services import (
    Entri,
    KonflikVersi,
    Status,
    describe_entri,
    describe_nilai,
    periode_of,
    save_entri,
)

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna


@dataclass
class HasilVerifikasi:
    """The outcome of accepting several entries: how many were accepted and
    why the others were not."""

    diterima: int = 0
    ditolak: list[str] = field(default_factory=list)


def _ensure_can_verify(user: Pengguna, entri: Entri) -> None:
    allowed = user.is_authenticated and (
        user.is_admin_bappeda
        or (
            user.peran == Peran.VERIFIKATOR
            and type(entri).objects.visible_to(user).filter(pk=entri.pk).exists()
        )
    )
    if not allowed:
        raise PermissionDenied(
            _("Hanya verifikator atau Admin Bappeda yang dapat memverifikasi isian.")
        )


# The fields a user enters and a verifikator checks. The anggaran kas of a
# month is the DPA's plan, not the realisation, so it is left out.
ISIAN_FIELDS = {
    Realisasi: ("nilai", "nilai_skala", "keterangan", "bukti", "bukti_tautan"),
    KeuanganBulanan: (
        "realisasi_keuangan",
        "realisasi_fisik",
        "keterangan",
        "bukti",
        "bukti_tautan",
    ),
}


def pengisi_ids(entri: Entri) -> set[int]:
    """Return the ids of the users who entered ``entri``'s current values.

    They are the last saver (``diisi_oleh``), everyone whose save changed an
    entered field since the entry was last verified or returned, and whoever
    set the current value or evidence, even before that (a note's author
    alone does not count then).
    The entry's history is read, so a change made on any page counts (the
    anggaran page does not set ``diisi_oleh``). One query.
    """
    fields = ISIAN_FIELDS[type(entri)]
    records = entri.history.order_by("history_date", "history_id").values_list(
        "history_user_id", "diverifikasi_pada", *fields
    )
    since_verified: set[int] = set()
    set_by: dict[str, int] = {}
    previous_verified = None
    previous_values: tuple = (None,) * len(fields)
    for user_id, diverifikasi_pada, *values in records:
        if diverifikasi_pada != previous_verified:
            # This record is a verification: acceptance, return or unlock.
            since_verified = set()
        for name, value, before in zip(fields, values, previous_values, strict=True):
            if value == before or (before is None and value == ""):
                continue
            if user_id is None:
                continue
            since_verified.add(user_id)
            if name != "keterangan":
                set_by[name] = user_id
        previous_verified = diverifikasi_pada
        previous_values = tuple(values)
    result = since_verified | set(set_by.values())
    if entri.diisi_oleh_id is not None:
        result.add(entri.diisi_oleh_id)
    return result


def _ensure_not_own(user: Pengguna, entri: Entri) -> None:
    if user.pk in pengisi_ids(entri):
        raise ValidationError(
            _(
                "Anda mengisi %(entri)s sendiri, sehingga tidak dapat "
                "memverifikasinya. Minta verifikator lain memeriksanya."
            )
            % {"entri": describe_entri(entri)},
            code="verifikasi_sendiri",
        )


def _ensure_versi(current: Entri, versi: int) -> None:
    """Raise KonflikVersi when ``current`` is no longer at ``versi``, the
    version the verifikator loaded. The message names whoever saved it last,
    which may be another verifikator, and asks to check it again, because the
    verifikator changed nothing."""
    if current.versi == versi:
        return
    terakhir = (
        current.history.select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
    oleh = _("pengguna lain")
    if terakhir is not None and terakhir.history_user is not None:
        pengguna = terakhir.history_user
        oleh = pengguna.get_full_name() or pengguna.username
    raise KonflikVersi(
        _(
            "%(entri)s telah diubah oleh %(oleh)s sejak Anda membukanya, dan isinya "
            "sekarang %(nilai)s (status %(status)s). Periksa nilai terkini, lalu "
            "verifikasi lagi."
        )
        % {
            "entri": describe_entri(current),
            "oleh": oleh,
            "nilai": describe_nilai(current),
            "status": current.get_status_display().lower(),
        },
        terkini=current,
    )


def _ensure_status(entri: Entri, *allowed: str) -> None:
    if entri.status in allowed:
        return
    raise ValidationError(
        _("%(entri)s berstatus %(status)s, sehingga tidak dapat diverifikasi.")
        % {
            "entri": describe_entri(entri),
            "status": entri.get_status_display().lower(),
        },
        code="status",
    )


def _lock(entri: Entri) -> Entri:
    related = (
        ("indikator__elemen__dokumen__unit", "diisi_oleh")
        if isinstance(entri, Realisasi)
        else ("elemen__dokumen__unit", "diisi_oleh")
    )
    return (
        type(entri)
        .objects.select_for_update(of=("self",))
        .select_related(*related)
        .get(pk=entri.pk)
    )


def _alasan(alasan: str) -> str:
    alasan = alasan.strip()
    if not alasan:
        raise ValidationError(
            {"alasan": _("Tulis alasan agar operator tahu apa yang perlu diperbaiki.")}
        )
    return alasan


def entri_terima(*, user: Pengguna, entri: Entri, versi: int) -> Entri:
    """Accept the diajukan ``entri``, which locks it."""
    _ensure_can_verify(user, entri)
    with transaction.atomic():
        current = _lock(entri)
        _ensure_versi(current, versi)
        _ensure_status(current, Status.DIAJUKAN)
        _ensure_not_own(user, current)
        current.status = Status.DITERIMA
        current.alasan_dikembalikan = ""
        current.diverifikasi_oleh = user
        current.diverifikasi_pada = timezone.now()
        save_entri(current, user=user, reason=_("Diterima"))
    return current


def entri_kembalikan(*, user: Pengguna, entri: Entri, versi: int, alasan: str) -> Entri:
    """Return the diajukan ``entri`` to the user who entered it, with
    ``alasan``, and notify that user."""
    _ensure_can_verify(user, entri)
    alasan = _alasan(alasan)
    with transaction.atomic():
        current = _lock(entri)
        _ensure_versi(current, versi)
        _ensure_status(current, Status.DIAJUKAN)
        _ensure_not_own(user, current)
        _return(current, user=user, alasan=alasan, reason=_("Dikembalikan"))
    return current


def entri_buka_kunci(*, user: Pengguna, entri: Entri, versi: int, alasan: str) -> Entri:
    """Reopen the accepted ``entri``: it goes back to the operator as a
    returned entry with ``alasan``, and stops counting in official reports."""
    _ensure_can_verify(user, entri)
    alasan = _alasan(alasan)
    with transaction.atomic():
        current = _lock(entri)
        _ensure_versi(current, versi)
        _ensure_status(current, Status.DITERIMA)
        _return(current, user=user, alasan=alasan, reason=_("Kunci dibuka"))
    return current


def entri_terima_banyak(
    *, user: Pengguna, pilihan: Iterable[tuple[Entri, int]]
) -> HasilVerifikasi:
    """Accept each ``(entri, versi)`` of ``pilihan`` in its own transaction;
    one that may not be accepted is listed with the reason."""
    hasil = HasilVerifikasi()
    for entri, versi in pilihan:
        try:
            entri_terima(user=user, entri=entri, versi=versi)
        except (ValidationError, PermissionDenied) as error:
            messages = getattr(error, "messages", None) or [str(error)]
            hasil.ditolak.append(" ".join(messages))
            continue
        hasil.diterima += 1
    return hasil


def _return(current: Entri, *, user: Pengguna, alasan: str, reason: str) -> None:
    current.status = Status.DIKEMBALIKAN
    current.alasan_dikembalikan = alasan
    current.diverifikasi_oleh = user
    current.diverifikasi_pada = timezone.now()
    save_entri(current, user=user, reason=reason)
    if current.diisi_oleh is None:
        return
    notifikasi_kirim(
        [current.diisi_oleh],
        judul=_("Isian dikembalikan: %(entri)s") % {"entri": describe_entri(current)},
        pesan=_("%(verifikator)s mengembalikan isian Anda. Alasan: %(alasan)s")
        % {
            "verifikator": user.get_full_name() or user.username,
            "alasan": alasan,
        },
        tautan=isian_url(current),
    )


def unit_id_of(entri: Entri) -> int:
    """Return the id of the unit whose input page shows ``entri``: its OPD,
    or the Pemda."""
    if isinstance(entri, KeuanganBulanan):
        unit = entri.elemen.dokumen.unit
    else:
        unit = entri.indikator.elemen.dokumen.unit
    return unit.pk if unit.opd_id is None else unit.opd_id


def isian_url(entri: Entri) -> str:
    return reverse(
        "pengukuran:isian_opd",
        args=[unit_id_of(entri), entri.tahun, periode_of(entri)],
    )
