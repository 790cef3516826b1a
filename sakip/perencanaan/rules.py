"""Who may move a planning document through its workflow.

The predicates answer "may this user act on this document at all"; whether
the document's status allows the action is checked by the services
(``sakip.perencanaan.services``), which call these through ``has_perm``.
Scoping itself stays in ``sakip.core.scoping``: the predicates only ask it.
"""

from __future__ import annotations

import rules

from sakip.organisasi.models import Peran

from .models import Dokumen


@rules.predicate
def is_admin_bappeda(user) -> bool:
    return user.is_authenticated and user.is_admin_bappeda


@rules.predicate
def can_edit_dokumen(user, dokumen: Dokumen | None) -> bool:
    """Admin Bappeda, or an Operator OPD of the document's OPD."""
    if dokumen is None or not user.is_authenticated:
        return False
    return Dokumen.objects.editable_by(user).filter(pk=dokumen.pk).exists()


@rules.predicate
def is_verifikator_of_dokumen(user, dokumen: Dokumen | None) -> bool:
    """A Verifikator who may see the document."""
    if dokumen is None or not user.is_authenticated or not user.is_active:
        return False
    if user.peran != Peran.VERIFIKATOR:
        return False
    return Dokumen.objects.visible_to(user).filter(pk=dokumen.pk).exists()


rules.add_perm("perencanaan.ajukan_dokumen", can_edit_dokumen)
rules.add_perm(
    "perencanaan.kembalikan_dokumen", is_admin_bappeda | is_verifikator_of_dokumen
)
rules.add_perm("perencanaan.tetapkan_dokumen", is_admin_bappeda)
rules.add_perm("perencanaan.buat_perubahan_dokumen", can_edit_dokumen)
rules.add_perm("perencanaan.publikasikan_dokumen", is_admin_bappeda)
