"""Report benchmark: the capaian and the LKjIP of a generated province.

    .venv/bin/python bench/laporan_provinsi.py [--db sqlite|postgresql] [--opd 60]

The script builds a throwaway database (a SQLite file in a temporary
directory, or a throwaway PostgreSQL cluster from scripts/pg-cluster.sh),
fills it with the province of ``sakip/bukukerja/provinsi.py`` and measures, each with
its number of queries:

- the capaian of every indikator of the Renjas 2025 through the capaian
  selector, beside a baseline that reads the same targets and realisation
  with one raw SQL query and computes nothing;
- the LKjIP data of the Pemda and of one OPD (``lkjip_data``), and the
  Pemda's LKjIP rendered as PDF and as DOCX.

Each time is printed with its ratio to the baseline. Nothing is asserted:
the figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from throwaway_db import start_database, stop_database

ROOT = Path(__file__).resolve().parents[1]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--opd", type=int, default=60, help="Number of OPD.")
    parser.add_argument(
        "--ulang", type=int, default=3, help="Runs of each measure; the best counts."
    )
    return parser.parse_args()


@contextmanager
def measured(label: str, results: dict, runs: int):
    """Run the body ``runs`` times via the yielded callable and keep the best."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(function):
        best = None
        queries = 0
        value = None
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                value = function()
                elapsed = time.perf_counter() - started
            queries = len(captured.captured_queries)
            best = elapsed if best is None else min(best, elapsed)
        results[label] = (best, queries)
        return value

    yield run


def baseline_sql(renja_ids: list[int]) -> int:
    """Read the targets and realisation of the Renjas' indikator in one query."""
    from django.db import connection

    placeholders = ", ".join(["%s"] * len(renja_ids))
    sql = f"""
        SELECT i.id, t.periode, t.nilai, r.periode, r.nilai
        FROM perencanaan_indikator i
        JOIN perencanaan_elemen e ON e.id = i.elemen_id
        LEFT JOIN perencanaan_target t ON t.indikator_id = i.id AND t.tahun = 2025
        LEFT JOIN pengukuran_realisasi r
            ON r.indikator_id = i.id AND r.tahun = 2025 AND r.status = 'diterima'
            AND r.periode = t.periode
        WHERE e.dokumen_id IN ({placeholders})
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, renja_ids)
        return len(cursor.fetchall())


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="sakip-bench-"))
    database_url, cluster = start_database(args.db, workdir)
    try:
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "sakip.settings.production",
                "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                "DATABASE_URL": database_url,
                "SAKIP_VAR_DIR": str(workdir / "var"),
            }
        )
        sys.path.insert(0, str(ROOT))
        sys.path.insert(0, str(ROOT / "bench"))
        import django
        from django.core.management import call_command

        django.setup()
        from sakip.bukukerja.provinsi import TAHUN, Ukuran, build_provinsi
        from sakip.pengukuran.selectors import capaian_indikator_list
        from sakip.perencanaan.models import Dokumen, Indikator

        started = time.monotonic()
        call_command("migrate", verbosity=0)
        provinsi = build_provinsi(Ukuran(opd=args.opd))
        jumlah = ", ".join(f"{n} {name}" for name, n in provinsi.jumlah.items())
        elapsed = time.monotonic() - started
        print(f"data: {args.opd} OPD; {jumlah}; built in {elapsed:.0f} s ({args.db})")

        renja_ids = list(
            Dokumen.objects.filter(jenis=Dokumen.Jenis.RENJA).values_list(
                "pk", flat=True
            )
        )
        indikator = Indikator.objects.filter(elemen__dokumen__in=renja_ids)
        results: dict[str, tuple[float, int]] = {}
        with measured("baseline: one SQL query", results, args.ulang) as run:
            rows = run(lambda: baseline_sql(renja_ids))
        with measured("capaian of every Renja indikator", results, args.ulang) as run:
            capaian = run(
                lambda: capaian_indikator_list(
                    indikator=indikator, tahun=TAHUN, hanya_terverifikasi=True
                )
            )
        print(f"baseline rows: {rows}; capaian computed: {len(capaian)}")

        try:
            from sakip.pelaporan.dokumen import render_lkjip_docx, render_lkjip_pdf
            from sakip.pelaporan.lkjip import lkjip_data
        except ImportError:
            print("LKjIP: sakip.pelaporan.lkjip not found, skipped")
        else:
            with measured("LKjIP data of the Pemda", results, args.ulang) as run:
                data = run(lambda: lkjip_data(unit=provinsi.pemda, tahun=TAHUN))
            with measured("LKjIP data of one OPD", results, args.ulang) as run:
                run(lambda: lkjip_data(unit=provinsi.opd[0], tahun=TAHUN))
            with measured("LKjIP PDF of the Pemda", results, 1) as run:
                pdf = run(lambda: render_lkjip_pdf(data, {}))
            with measured("LKjIP DOCX of the Pemda", results, 1) as run:
                docx = run(lambda: render_lkjip_docx(data, {}))
            print(
                f"LKjIP Pemda: {len(data['sasaran'])} sasaran, "
                f"PDF {len(pdf) // 1024} KiB, DOCX {len(docx) // 1024} KiB"
            )

        base = results["baseline: one SQL query"][0]
        for label, (seconds, queries) in results.items():
            print(
                f"{label:40s} {seconds * 1000:9.1f} ms  {queries:4d} queries  "
                f"{seconds / base:7.1f}x baseline"
            )
        return 0
    finally:
        stop_database(cluster)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
