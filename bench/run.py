"""Province benchmark: the main pages and reports on a generated province.

    .venv/bin/python bench/run.py [--database sqlite|postgres|both]
        [--scale provinsi|kecil] [--opd N] [--sqlite-file PATH]

The script builds a throwaway database (a SQLite file in a temporary
directory, or a throwaway PostgreSQL cluster from scripts/pg-cluster.sh) and
fills it with ``sakip generate_demo``'s province. With ``--sqlite-file`` the
SQLite database is kept in that file and reused by the next run. It then
measures, each beside a baseline measured in the same run and printed as a
ratio to it:

- the Pemda and OPD dashboards, the pohon kinerja of the Pemda and of one
  OPD, and the rantai kinerja page, requested as Admin Bappeda through
  Django's test client, against raw SQL that reads the rows each page sums
  up;
- the capaian of every indikator with a 2025 target (``sakip capaian``),
  against one raw SQL query that reads the same targets and realisation;
- the Buku Kerja export of the whole database, against a raw SQL read of
  the rows it writes, and the import of ``--baris-impor`` rows of
  realisation, against a raw SQL insert of the same rows (then deleted);
- the Pemda's LKjIP page and its PDF, against a raw SQL read of the RKPD
  sasaran's targets and realisation.

Every measure is the best of ``--ulang`` runs (the import and the PDF run
once). Nothing is asserted: the figures go to docs/benchmarks.md. With
``--database both`` the script runs itself once per database, because one
process sets Django up only once.
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from throwaway_db import start_database, stop_database

ROOT = Path(__file__).resolve().parents[1]
TAHUN = 2025
IMPORT_PERIODS = [f"B{month:02d}" for month in range(1, 13)]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", choices=["sqlite", "postgres", "both"], default="sqlite"
    )
    parser.add_argument(
        "--scale",
        choices=["provinsi", "kecil"],
        default="provinsi",
        help="Size of the generated province.",
    )
    parser.add_argument("--opd", type=int, help="Number of OPD, replacing the scale's.")
    parser.add_argument(
        "--sqlite-file", type=Path, help="Keep the SQLite database here and reuse it."
    )
    parser.add_argument(
        "--ulang", type=int, default=3, help="Runs of each measure; the best counts."
    )
    parser.add_argument(
        "--baris-impor", type=int, default=50_000, help="Rows of the import."
    )
    return parser.parse_args()


@dataclass
class Measure:
    label: str
    seconds: float
    queries: int
    baseline: float
    baseline_queries: int


def timed(function, runs: int) -> tuple[float, int, object]:
    """Return the best time of ``runs`` calls, the queries of the last one and
    its value."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    best = None
    value = None
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            value = function()
            elapsed = time.perf_counter() - started
        queries = len(captured.captured_queries)
        best = elapsed if best is None else min(best, elapsed)
    return best, queries, value


def sql_rows(sql: str, params: list | tuple = ()) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return len(cursor.fetchall())


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)
    args = parse_args()
    if args.database == "both":
        status = 0
        for database in ("sqlite", "postgres"):
            command = [sys.executable, __file__, *sys.argv[1:], "--database", database]
            status |= subprocess.run(command, check=False).returncode
        return status

    workdir = Path(tempfile.mkdtemp(prefix="sakip-bench-"))
    cluster = None
    try:
        if args.database == "sqlite" and args.sqlite_file:
            database_url = f"sqlite:///{args.sqlite_file.resolve()}"
        else:
            kind = "postgresql" if args.database == "postgres" else "sqlite"
            database_url, cluster = start_database(kind, workdir)
        setup_django(database_url, workdir)
        provinsi = build_or_reuse(args)
        measures = measure_all(args, provinsi)
        print_results(measures, args.database)
        return 0
    finally:
        stop_database(cluster)
        shutil.rmtree(workdir, ignore_errors=True)


def setup_django(database_url: str, workdir: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "sakip.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url,
            "SAKIP_VAR_DIR": str(workdir / "var"),
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build_or_reuse(args):
    import dataclasses

    from django.core.management import call_command

    from sakip.bukukerja.provinsi import SKALA, build_provinsi
    from sakip.organisasi.models import Unit

    call_command("migrate", verbosity=0)
    pemda = Unit.objects.filter(jenis=Unit.Jenis.PEMDA).first()
    if pemda is not None:
        print(f"data: reusing the province in {args.sqlite_file}")
        opd = list(Unit.objects.perangkat_daerah().order_by("kode"))
        return pemda, opd

    ukuran = SKALA[args.scale]
    if args.opd:
        ukuran = dataclasses.replace(ukuran, opd=args.opd)
    started = time.monotonic()
    provinsi = build_provinsi(ukuran)
    elapsed = time.monotonic() - started
    jumlah = ", ".join(f"{n} {name}" for name, n in provinsi.jumlah.items())
    print(f"data: {ukuran.opd} OPD; {jumlah}; built in {elapsed:.0f} s")
    return provinsi.pemda, provinsi.opd


def measure_all(args, provinsi) -> list[Measure]:
    from django.test import Client
    from django.urls import reverse

    from sakip.organisasi.models import Pengguna

    pemda, opd_list = provinsi
    opd = opd_list[0]
    client = Client()
    client.force_login(Pengguna.objects.get(username="admin-bench"))
    runs = args.ulang
    measures = []

    def page(url: str, params: dict | None = None):
        def get():
            response = client.get(url, params or {})
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    def add(label, function, baseline, *, runs=runs, baseline_runs=None):
        base_s, base_q, _ = timed(baseline, baseline_runs or runs)
        seconds, queries, value = timed(function, runs)
        measures.append(Measure(label, seconds, queries, base_s, base_q))
        print(f"  measured: {label}")
        return value

    tahun = {"tahun": TAHUN}
    add(
        "dashboard of the Pemda",
        page(reverse("pengukuran:dasbor_pemda"), tahun),
        lambda: baseline_capaian_by_unit(None),
    )
    add(
        "dashboard of one OPD",
        page(reverse("pengukuran:dasbor_opd", kwargs={"pk": opd.pk}), tahun),
        lambda: baseline_capaian_by_unit(opd.pk),
    )
    add(
        "pohon kinerja of the Pemda",
        page(reverse("perencanaan:pohon_pemda"), tahun),
        lambda: baseline_cascade(None),
    )
    add(
        "pohon kinerja of one OPD",
        page(reverse("perencanaan:pohon_opd", kwargs={"pk": opd.pk}), tahun),
        lambda: baseline_cascade(opd.pk),
    )
    add(
        "rantai kinerja",
        page(reverse("perencanaan:rantai_kinerja"), tahun),
        lambda: baseline_cascade(None),
    )
    add("capaian of the whole Pemda", capaian_command, baseline_capaian_rows)
    add("Buku Kerja export", export_workbook, baseline_export)
    measures.extend(measure_import(args.baris_impor))
    laporan = {"tahun": TAHUN, "unit": pemda.pk}
    add(
        "LKjIP page of the Pemda",
        page(reverse("pelaporan:laporan_detail", kwargs=laporan)),
        baseline_lkjip,
    )
    add(
        "LKjIP PDF of the Pemda",
        page(reverse("pelaporan:laporan_pdf", kwargs=laporan)),
        baseline_lkjip,
        runs=1,
    )
    return measures


def baseline_capaian_by_unit(opd_id: int | None) -> int:
    """Compute in SQL the mean TW4 capaian (as positive polarity) of each
    unit's Renja indikator per element, the question the dashboards answer."""
    where = "AND d.unit_id = %s" if opd_id else ""
    params = [TAHUN, TAHUN] + ([opd_id] if opd_id else [])
    return sql_rows(
        f"""
        SELECT d.unit_id, e.induk_id, COUNT(*), AVG(r.nilai * 100 / t.nilai)
        FROM perencanaan_indikator i
        JOIN perencanaan_elemen e ON e.id = i.elemen_id
        JOIN perencanaan_dokumen d ON d.id = e.dokumen_id
        JOIN perencanaan_target t
            ON t.indikator_id = i.id AND t.tahun = %s AND t.periode = 'TW4'
        LEFT JOIN pengukuran_realisasi r
            ON r.indikator_id = i.id AND r.tahun = %s AND r.periode = 'TW4'
            AND r.status = 'diterima'
        WHERE d.jenis IN ('RENJA', 'RKPD') AND t.nilai <> 0 {where}
        GROUP BY d.unit_id, e.induk_id
        """,
        params,
    )


def baseline_cascade(opd_id: int | None) -> int:
    """Read the elements, indikator and links that a cascade page draws."""
    where = "AND d.unit_id = %s" if opd_id else ""
    params = [opd_id] if opd_id else []
    elements = sql_rows(
        f"""
        SELECT e.id, e.induk_id, e.jenis, e.kode, e.uraian, i.id, i.uraian
        FROM perencanaan_elemen e
        JOIN perencanaan_dokumen d ON d.id = e.dokumen_id
        LEFT JOIN perencanaan_indikator i ON i.elemen_id = e.id
        WHERE d.jenis IN ('RPJMD', 'RENSTRA') {where}
        """,
        params,
    )
    links = sql_rows("SELECT dari_id, ke_id, jenis FROM perencanaan_tautanelemen")
    return elements + links


def baseline_capaian_rows() -> int:
    """Read the targets and realisation of every indikator with a 2025 target."""
    return sql_rows(
        """
        SELECT t.indikator_id, t.periode, t.nilai, r.nilai
        FROM perencanaan_target t
        LEFT JOIN pengukuran_realisasi r
            ON r.indikator_id = t.indikator_id AND r.tahun = t.tahun
            AND r.periode = t.periode AND r.status = 'diterima'
        WHERE t.tahun = %s AND t.periode = 'tahunan'
        """,
        [TAHUN],
    )


def capaian_command() -> int:
    from django.core.management import call_command

    out = io.StringIO()
    call_command("capaian", tahun=TAHUN, format="json", stdout=out)
    return len(out.getvalue())


def export_workbook() -> int:
    from sakip.bukukerja.exporter import export_workbook as export

    buffer = io.BytesIO()
    export(buffer)
    return buffer.tell()


EXPORTED_TABLES = [
    "organisasi_unit",
    "perencanaan_dokumen",
    "perencanaan_elemen",
    "perencanaan_indikator",
    "perencanaan_target",
    "pengukuran_realisasi",
    "anggaran_pagu",
    "anggaran_keuanganbulanan",
]


def baseline_export() -> int:
    return sum(sql_rows(f"SELECT * FROM {table}") for table in EXPORTED_TABLES)  # noqa: S608


def measure_import(rows: int) -> list[Measure]:
    """Import ``rows`` monthly realisation of 2025 and compare with a raw SQL
    insert of the same rows, deleted again before the import."""
    import openpyxl
    from django.db import connection, transaction

    from sakip.bukukerja.importer import import_workbook
    from sakip.perencanaan.models import Indikator

    needed = -(-rows // len(IMPORT_PERIODS))
    indikator = list(
        Indikator.objects.filter(elemen__dokumen__jenis="RENJA")
        .order_by("pk")
        .values_list("pk", "kode")[:needed]
    )
    values = [
        (pk, kode, periode) for pk, kode in indikator for periode in IMPORT_PERIODS
    ][:rows]
    path = Path(tempfile.mkdtemp(prefix="sakip-impor-")) / "realisasi.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Realisasi")
    sheet.append(["indikator", "tahun", "periode", "nilai", "keterangan"])
    for _pk, kode, periode in values:
        sheet.append([kode, TAHUN, periode, 12.5, "impor uji skala"])
    book.save(path)

    def baseline() -> int:
        read = openpyxl.load_workbook(path, read_only=True)
        count = sum(1 for _row in read["Realisasi"].iter_rows(min_row=2))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO pengukuran_realisasi (indikator_id, tahun, periode, "
                "nilai, nilai_skala, keterangan, bukti, bukti_nama, bukti_tautan, "
                "status, alasan_dikembalikan, diubah_pada, versi) VALUES "
                "(%s, %s, %s, %s, '', %s, '', '', '', 'draft', '', "
                "CURRENT_TIMESTAMP, 1)",
                [(pk, TAHUN, periode, "12.5", "uji") for pk, _kode, periode in values],
            )
            cursor.execute(
                "DELETE FROM pengukuran_realisasi "
                "WHERE tahun = %s AND periode LIKE 'B%%'",
                [TAHUN],
            )
        return count

    def product() -> object:
        result = import_workbook(path)
        assert result.errors == [], result.errors[:5]
        return result

    base_s, base_q, _ = timed(baseline, 1)
    seconds, queries, _ = timed(product, 1)
    shutil.rmtree(path.parent, ignore_errors=True)
    label = f"Buku Kerja import of {len(values)} rows"
    print(f"  measured: {label}")
    return [Measure(label, seconds, queries, base_s, base_q)]


def baseline_lkjip() -> int:
    """Read the RKPD sasaran's indikator with their targets and realisation."""
    return sql_rows(
        """
        SELECT e.id, i.id, t.periode, t.nilai, r.nilai
        FROM perencanaan_elemen e
        JOIN perencanaan_dokumen d ON d.id = e.dokumen_id
        JOIN perencanaan_indikator i ON i.elemen_id = e.id
        LEFT JOIN perencanaan_target t ON t.indikator_id = i.id AND t.tahun = %s
        LEFT JOIN pengukuran_realisasi r
            ON r.indikator_id = i.id AND r.tahun = t.tahun
            AND r.periode = t.periode AND r.status = 'diterima'
        WHERE d.jenis = 'RKPD' AND e.jenis = 'sasaran'
        """,
        [TAHUN],
    )


def print_results(measures: list[Measure], database: str) -> None:
    print(f"\nresults ({database}):")
    print(
        f"{'measure':38s} {'time':>10s} {'queries':>7s}   "
        f"{'baseline':>10s} {'queries':>7s}   ratio"
    )
    for item in measures:
        ratio = item.seconds / item.baseline if item.baseline else float("inf")
        print(
            f"{item.label:38s} {item.seconds * 1000:8.1f} ms {item.queries:7d}   "
            f"{item.baseline * 1000:8.1f} ms {item.baseline_queries:7d}   "
            f"{ratio:6.1f}x"
        )


if __name__ == "__main__":
    sys.exit(main())
