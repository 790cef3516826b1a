"""Submitting every entry of one unit and period ("Ajukan semua isian")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sakip.organisasi.models import Unit

from ..isian import entri_unit_list
from ..jadwal import status_jadwal
from ..models import Realisasi
from ..rules import can_enter
from .entri import Entri, Status, ensure_can_submit, save_entri, set_status

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna


@dataclass
class HasilAjukan:
    """The outcome of submitting a page: how many entries were submitted and
    why the others were not."""

    diajukan: int = 0
    ditolak: list[str] = field(default_factory=list)


def isian_ajukan(
    *, user: Pengguna, unit: Unit, tahun: int, periode: str
) -> HasilAjukan:
    """Submit every draft or returned entry of ``unit`` for the period that
    has a value, each in its own transaction. Entries that may not be
    submitted yet stay as they are, and the result lists why."""
    if not can_enter(user, unit):
        raise PermissionDenied(
            _("Hanya Admin Bappeda atau Operator OPD unit ini yang dapat mengajukan.")
        )

    hasil = HasilAjukan()
    status = None
    if not user.is_admin_bappeda:
        status = status_jadwal(
            unit_id=unit.opd_id, tahun=tahun, periode=periode, now=timezone.now()
        )
    # The rows of the page, not every entry of the unit: a realisation of an
    # indikator outside the PKs, or a month of an older Renja, is left alone.
    candidates = entri_unit_list(unit=unit, tahun=tahun, periode=periode).filter(
        status__in=[Status.DRAFT, Status.DIKEMBALIKAN]
    )

    jadwal_ditutup = False
    for entri in candidates.order_by("pk"):
        if not entri.ada_realisasi:
            continue
        # With the window closed a returned entry may still be submitted, but
        # a draft must wait.
        ditutup = status is not None and not status.terbuka
        if ditutup and entri.status != Status.DIKEMBALIKAN:
            jadwal_ditutup = True
            continue
        try:
            _ajukan_one(entri, user=user)
        except ValidationError as error:
            hasil.ditolak.append(" ".join(error.messages))
            continue
        hasil.diajukan += 1
    if jadwal_ditutup:
        hasil.ditolak.insert(0, status.pesan)
    return hasil


def _ajukan_one(entri: Entri, *, user: Pengguna) -> None:
    related = "indikator" if isinstance(entri, Realisasi) else "elemen"
    with transaction.atomic():
        current = (
            type(entri)
            .objects.select_for_update(of=("self",))
            .select_related(related)
            .get(pk=entri.pk)
        )
        if current.status not in (Status.DRAFT, Status.DIKEMBALIKAN):
            return
        ensure_can_submit(current)
        set_status(current, Status.DIAJUKAN)
        if current.diisi_oleh_id is None:
            # A value stored by an import has no author. The user who submits
            # it is responsible for it, and so may not verify it either.
            current.diisi_oleh = user
        save_entri(current, user=user, reason=_("Diajukan"))
