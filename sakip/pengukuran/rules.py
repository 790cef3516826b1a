"""The permissions to enter, verify and schedule realisation.

The predicates take a unit (an OPD, or the Pemda for its own indikator).
Whether an entry's status or the input window allows the action is checked by
the services (``sakip.pengukuran.services`` and ``verifikasi``). Scoping stays
in ``sakip.core.scoping``: the predicates only ask it.
"""

from __future__ import annotations

import rules

from sakip.organisasi.models import Peran, Unit


@rules.predicate
def is_admin_bappeda(user) -> bool:
    return user.is_authenticated and user.is_admin_bappeda


@rules.predicate
def can_enter(user, unit: Unit | None) -> bool:
    """Admin Bappeda for every unit, an Operator OPD for their own OPD."""
    if unit is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_admin_bappeda:
        return True
    return (
        user.is_operator_opd
        and unit.jenis == Unit.Jenis.PERANGKAT_DAERAH
        and user.opd_id == unit.pk
    )


@rules.predicate
def can_verify(user, unit: Unit | None) -> bool:
    """Admin Bappeda, or a Verifikator who may see the unit."""
    if unit is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_admin_bappeda:
        return True
    if user.peran != Peran.VERIFIKATOR:
        return False
    return Unit.objects.visible_to(user).filter(pk=unit.pk).exists()


rules.add_perm("pengukuran.isi_realisasi", can_enter)
rules.add_perm("pengukuran.verifikasi_realisasi", can_verify)
rules.add_perm("pengukuran.atur_jadwal", is_admin_bappeda)
