"""The permissions to make, change and adopt a rencana aksi.

The predicates decide whether a user may act on a PK's or rencana aksi's
unit at all. Whether the status allows the action is checked by the
services, which call these through ``has_perm``. Scoping stays in
``sakip.core.scoping``: the predicates only ask it.
"""

from __future__ import annotations

import rules

from sakip.organisasi.models import Peran, Unit

from .models import RencanaAksi


def _unit_of(obj) -> Unit | None:
    """Return the unit of a PerjanjianKinerja or a RencanaAksi."""
    if obj is None:
        return None
    if isinstance(obj, RencanaAksi):
        return obj.perjanjian.unit
    return obj.unit


@rules.predicate
def can_edit_unit(user, obj) -> bool:
    """Admin Bappeda, or an Operator OPD of the unit's OPD."""
    unit = _unit_of(obj)
    if unit is None or not user.is_authenticated:
        return False
    return Unit.objects.editable_by(user).filter(pk=unit.pk).exists()


@rules.predicate
def can_adopt(user, rencana_aksi) -> bool:
    """Admin Bappeda, or a Kepala OPD of the OPD that the unit belongs to.
    The Kepala Daerah's rencana aksi belongs to the Pemda, which has no OPD,
    so only Admin Bappeda adopts it."""
    unit = _unit_of(rencana_aksi)
    if unit is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_admin_bappeda:
        return True
    return (
        user.peran == Peran.KEPALA_OPD
        and unit.opd_id is not None
        and user.opd_id == unit.opd_id
    )


# The object of buat_rencana_aksi is the PerjanjianKinerja; of the others,
# the RencanaAksi.
rules.add_perm("pelaksanaan.buat_rencana_aksi", can_edit_unit)
rules.add_perm("pelaksanaan.ubah_rencana_aksi", can_edit_unit)
rules.add_perm("pelaksanaan.tetapkan_rencana_aksi", can_adopt)
