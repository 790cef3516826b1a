"""Extension point of the planning consistency check: a later stage of the
cycle adds its own findings to ``check_plans`` without the planning app
importing it.

An app registers its check from its ``AppConfig.ready()``::

    register_check(
        "perjanjian",
        check_perjanjian,
        jenis={"pk_tidak_ada": gettext_lazy("PK yang belum dibuat")},
    )

The function takes ``(tahun, user)`` and returns a list of findings of the
same type as ``check_plans``'s. ``jenis`` gives the heading of each kind of
finding it returns, in the order the page lists them after planning's own.
A check should run a fixed number of queries, whatever the size of the data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Check = Callable[[int, Any], list[Any]]


@dataclass(frozen=True)
class RegisteredCheck:
    """A check that an app adds: its function and its headings by jenis."""

    name: str
    function: Check
    jenis: Mapping[str, Any] = field(default_factory=dict)


_checks: dict[str, RegisteredCheck] = {}


def register_check(
    name: str, function: Check, *, jenis: Mapping[str, Any] | None = None
) -> None:
    """Add ``function`` under ``name``; registering a name again replaces the
    earlier check, so a ``ready()`` that runs twice adds nothing twice."""
    _checks[name] = RegisteredCheck(name, function, dict(jenis or {}))


def unregister_check(name: str) -> None:
    """Remove the check registered under ``name``, if there is one."""
    _checks.pop(name, None)


def get_checks() -> list[RegisteredCheck]:
    """Return the registered checks in the order they were registered."""
    return list(_checks.values())


def registered_jenis() -> dict[str, Any]:
    """Return the heading of every jenis the registered checks report."""
    return {
        jenis: heading
        for check in get_checks()
        for jenis, heading in check.jenis.items()
    }


def run_checks(*, tahun: int, user: Any = None) -> list[Any]:
    """Run every registered check for ``tahun`` and ``user`` and return all
    their findings, check after check."""
    return [item for check in get_checks() for item in check.function(tahun, user)]
