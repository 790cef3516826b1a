"""Planner statistics after writes in bulk."""

from __future__ import annotations

from django.db import connection


def analyze_database() -> None:
    """Refresh PostgreSQL's planner statistics of every table.

    Run after a write in bulk (a workbook import, the demo). Until autovacuum
    analyses a freshly filled table, PostgreSQL plans it as nearly empty and
    nests its joins once per row, so pages and the demo's own steps took
    minutes. ANALYZE may run inside a transaction and counts the rows that
    the transaction wrote itself. SQLite's planner needs no statistics to
    avoid that, so nothing is done there.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
