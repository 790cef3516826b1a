"""Who may write, adopt and publish an LKjIP, and build the LKjIP of every OPD.

The predicates take the report's unit (the Pemda or an OPD). Whether the
report's status allows the action is checked by ``sakip.pelaporan.services``.
Scoping stays in ``sakip.core.scoping``: the predicates only ask it.
"""

from __future__ import annotations

import rules

from sakip.organisasi.models import Peran, Unit


@rules.predicate
def is_admin_bappeda(user) -> bool:
    return user.is_authenticated and user.is_admin_bappeda


@rules.predicate
def can_write(user, unit: Unit | None) -> bool:
    """Admin Bappeda for every unit, an Operator OPD for their own OPD."""
    if unit is None or not user.is_authenticated or not user.is_active:
        return False
    return Unit.objects.editable_by(user).filter(pk=unit.pk).exists()


@rules.predicate
def can_adopt(user, unit: Unit | None) -> bool:
    """Admin Bappeda for every unit (the Pemda's LKjIP only them), the Kepala
    OPD for their own OPD."""
    if unit is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_admin_bappeda:
        return True
    return (
        user.peran == Peran.KEPALA_OPD
        and unit.jenis == Unit.Jenis.PERANGKAT_DAERAH
        and user.opd_id == unit.pk
    )


rules.add_perm("pelaporan.tulis_lkjip", can_write)
rules.add_perm("pelaporan.tetapkan_lkjip", can_adopt)
rules.add_perm("pelaporan.publikasikan_lkjip", can_adopt)
rules.add_perm("pelaporan.revisi_lkjip", can_adopt)
rules.add_perm("pelaporan.buat_paket_lkjip", is_admin_bappeda)
