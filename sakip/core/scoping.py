"""Who may see which rows: the one place where the scoping rules live.

Admin Bappeda, Pimpinan, Evaluator and a Verifikator of Bappeda (one with no
OPD) see the whole Pemda. Everyone else sees the Pemda-wide documents (the
RPJMD and RKPD that their OPD cascades from) and the rows of their own OPD,
its bidang included. Every queryset that a page or an API shows passes
through ``ScopedQuerySet.visible_to``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna


def unit_scope_q(user: Pengguna, unit_path: str) -> Q | None:
    """Return the filter on ``unit_path`` (a lookup to a Unit) for ``user``.

    ``None`` means no filter: the user sees every row.
    """
    if user.melihat_semua_opd:
        return None
    prefix = f"{unit_path}__" if unit_path else ""
    pemda_wide = Q(**{f"{prefix}jenis": "pemda"})
    if user.opd_id is None:
        return pemda_wide
    return pemda_wide | Q(**{f"{prefix}opd_id": user.opd_id})


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a unit reached through ``unit_path``."""

    unit_path: str = "unit"

    def visible_to(self, user: Pengguna) -> ScopedQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        scope = unit_scope_q(user, self.unit_path)
        if scope is None:
            return self.all()
        return self.filter(scope)

    def editable_by(self, user: Pengguna) -> ScopedQuerySet:
        """Rows that ``user`` may change: the whole Pemda for Admin Bappeda,
        only their own OPD for an Operator OPD, nothing for the others."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_admin_bappeda:
            return self.all()
        if user.is_operator_opd and user.opd_id is not None:
            prefix = f"{self.unit_path}__" if self.unit_path else ""
            return self.filter(**{f"{prefix}opd_id": user.opd_id})
        return self.none()
