"""Extension point of the closed-year rule: a year that Admin Bappeda has
closed (archived) accepts no change of plans, targets, realisation or budget.

The rule's data lives in a later app (``sakip.arsip``), which registers its
check here from its ``AppConfig.ready()``; the services of earlier apps call
``ensure_tahun_terbuka`` on their write paths that bypass ``save()`` (a
conditional UPDATE of a status), where the model-level guard cannot see them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

YearGuard = Callable[[set[int]], None]

_guards: dict[str, YearGuard] = {}


def register_year_guard(name: str, guard: YearGuard) -> None:
    """Add ``guard`` under ``name``; it raises ValidationError when one of the
    years it is given is closed. Registering a name again replaces it."""
    _guards[name] = guard


def ensure_tahun_terbuka(tahun: int | Iterable[int | None]) -> None:
    """Raise ValidationError when ``tahun`` (a year or several) is closed."""
    years = {tahun} if isinstance(tahun, int) else set(tahun)
    years.discard(None)
    if not years:
        return
    for guard in _guards.values():
        guard(years)
