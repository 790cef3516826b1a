"""New codes for copied rows: a Renja made from a Renstra, a new version."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import models


def unique_kodes(model: type[models.Model], bases: Iterable[str]) -> list[str]:
    """Return one unused ``kode`` of ``model`` for each base, in order.

    A base that is free is kept; otherwise ``-2``, ``-3``, … is appended.
    Codes are unique in the whole installation (the workbook identifies rows
    by them), and two bases of one call never get the same code. The queries
    are one per 500 bases, plus one per base that is already taken or given twice.
    """
    bases = list(bases)
    field = model._meta.get_field("kode")
    distinct = sorted(set(bases))
    taken: set[str] = set()
    for start in range(0, len(distinct), 500):
        chunk = distinct[start : start + 500]
        taken |= set(
            model.objects.filter(kode__in=chunk).values_list("kode", flat=True)
        )
    # Numbered codes matter only for a base that is taken or that this call
    # uses more than once.
    repeated = {base for base, count in Counter(bases).items() if count > 1}
    for base in sorted((taken & set(distinct)) | repeated):
        taken |= set(
            model.objects.filter(kode__startswith=f"{base}-").values_list(
                "kode", flat=True
            )
        )

    result = []
    for base in bases:
        candidate, number = base, 1
        while candidate in taken or len(candidate) > field.max_length:
            number += 1
            suffix = f"-{number}"
            candidate = base[: field.max_length - len(suffix)] + suffix
        taken.add(candidate)
        result.append(candidate)
    return result
