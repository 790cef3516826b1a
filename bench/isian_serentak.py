"""Load benchmark: the month-end rush of Operator OPD saving realisation.

    .venv/bin/python bench/isian_serentak.py [--operators 300] [--db sqlite|postgresql]

The script builds a throwaway database: a SQLite file in a temporary
directory, or a throwaway PostgreSQL cluster from scripts/pg-cluster.sh. It
fills it with a Pemda of ``--opd`` OPD, each with a Renja whose sub kegiatan
have a pagu and anggaran kas, and with ``--operators`` Operator OPD accounts
spread evenly over the OPD. Each operator owns ``--baris`` sub kegiatan of
their OPD, and the input window of March 2025 is open.

It then serves the product with gunicorn on 127.0.0.1 and a free port, with
the production settings (DEBUG off), and simulates one hour of input,
compressed into ``--menit`` minutes: each operator starts at a random moment
of the hour, logs in, opens the month's input page and saves each of their
rows three times through the page's own row endpoint, once per field the
page saves on change (realisasi keuangan, realisasi fisik, keterangan), each
time with the CSRF token and the version that the previous response returned. The
think time between two saves is 20 to 60 s of the hour, compressed.

At the end it checks, in the database, that every row holds the values of
its last save that got a success response, with that response's version, entered
by its operator. It prints the median, p90, p99 and max save time and the
error count, and exits with status 1 if an entry is lost or the median save
time is 200 ms or more. Every server listens on 127.0.0.1 and every request
goes there.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from throwaway_db import start_database, stop_database

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
TAHUN = 2025
BULAN = 3
PERIODE = f"B{BULAN:02d}"
PASSWORD = "beban-uji-rahasia-2025"
PAGU = 120_000_000
KAS_BULANAN = 10_000_000
MEDIAN_LIMIT_MS = 200
SAVES_PER_ROW = 3
THINK_SECONDS = (20, 60)
HOUR_SECONDS = 3600


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--operators", type=int, default=300, help="Operator OPD accounts (300)."
    )
    parser.add_argument("--opd", type=int, default=30, help="Number of OPD (30).")
    parser.add_argument(
        "--baris", type=int, default=3, help="Sub kegiatan each operator saves (3)."
    )
    parser.add_argument(
        "--db",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="Database of the run (sqlite).",
    )
    parser.add_argument(
        "--menit",
        type=float,
        default=3.0,
        help="Minutes that the simulated hour of input lasts (3, so 20x faster).",
    )
    parser.add_argument(
        "--workers", type=int, default=4, help="gunicorn worker processes (4)."
    )
    parser.add_argument(
        "--threads", type=int, default=4, help="Threads per gunicorn worker (4)."
    )
    parser.add_argument(
        "--seed", type=int, default=2025, help="Seed of the random start times."
    )
    args = parser.parse_args()
    if args.operators < 1 or args.opd < 1 or args.operators < args.opd:
        parser.error("--operators must be at least --opd, and both at least 1.")
    return args


# --- the throwaway database ------------------------------------------------


def server_environment(database_url: str, workdir: Path) -> dict[str, str]:
    """Build the environment of the production settings, served on plain HTTP
    on loopback."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "sakip.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            # There is no TLS on loopback, so no redirect to https.
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url,
            "SAKIP_VAR_DIR": str(workdir / "var"),
        }
    )
    return env


@dataclass
class Baris:
    """One sub kegiatan that one operator saves, with the version and values
    of the operator's last save that the server accepted."""

    operator: str
    elemen_id: int
    url: str = ""
    versi: int = 0
    last_ok: dict | None = None
    last_ok_versi: int | None = None


def build_data(args: argparse.Namespace) -> dict[str, list[Baris]]:
    """Fill the migrated database and return each operator's rows by username."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from sakip.anggaran.services import IsianBulan, keuangan_simpan
    from sakip.organisasi.models import Pengguna, Peran, Unit
    from sakip.pengukuran.models import JadwalInput
    from sakip.perencanaan.models import Dokumen, Elemen

    # One hash for every account: hashing 300 passwords with the production
    # hasher would take minutes and measure nothing of the input pages.
    password = make_password(PASSWORD)
    pemda = Unit.objects.create(
        kode="PEMDA", nama="Kabupaten Uji Beban", jenis=Unit.Jenis.PEMDA
    )
    operators: dict[str, list[Baris]] = {}
    per_opd = [args.operators // args.opd] * args.opd
    for extra in range(args.operators % args.opd):
        per_opd[extra] += 1
    for nomor, jumlah in enumerate(per_opd, start=1):
        opd = Unit.objects.create(
            kode=f"OPD-{nomor:02d}",
            nama=f"Dinas Uji {nomor}",
            jenis=Unit.Jenis.PERANGKAT_DAERAH,
            induk=pemda,
            urutan=nomor,
        )
        renja = Dokumen.objects.create(
            kode=f"RENJA-{opd.kode}-{TAHUN}",
            jenis=Dokumen.Jenis.RENJA,
            unit=opd,
            nama=f"Renja {opd.nama} {TAHUN}",
            tahun_awal=TAHUN,
            tahun_akhir=TAHUN,
        )
        program = Elemen.objects.create(
            dokumen=renja,
            jenis=Elemen.Jenis.PROGRAM,
            kode=f"{opd.kode}-P1",
            nomenklatur=f"{nomor}.01.01",
            uraian=f"Program uji {opd.nama}",
        )
        kegiatan = Elemen.objects.create(
            dokumen=renja,
            jenis=Elemen.Jenis.KEGIATAN,
            induk=program,
            kode=f"{opd.kode}-K1",
            nomenklatur=f"{nomor}.01.01.2.01",
            uraian=f"Kegiatan uji {opd.nama}",
        )
        for urut in range(1, jumlah + 1):
            username = f"op{nomor:02d}-{urut:02d}"
            Pengguna.objects.create(
                username=username,
                password=password,
                peran=Peran.OPERATOR_OPD,
                unit=opd,
            )
            rows = []
            for baris in range(1, args.baris + 1):
                urutan = (urut - 1) * args.baris + baris
                sub = Elemen.objects.create(
                    dokumen=renja,
                    jenis=Elemen.Jenis.SUB_KEGIATAN,
                    induk=kegiatan,
                    kode=f"{opd.kode}-S{urutan:03d}",
                    nomenklatur=f"{nomor}.01.01.2.01.{urutan:04d}",
                    uraian=f"Sub kegiatan uji {urutan} {opd.nama}",
                    urutan=urutan,
                )
                keuangan_simpan(
                    elemen=sub,
                    tahun=TAHUN,
                    pagu_murni=PAGU,
                    pagu_perubahan=None,
                    bulan={
                        b: IsianBulan(anggaran_kas=KAS_BULANAN) for b in range(1, 13)
                    },
                )
                rows.append(Baris(operator=username, elemen_id=sub.pk))
            operators[username] = rows
    now = timezone.now()
    JadwalInput.objects.create(
        tahun=TAHUN,
        periode=PERIODE,
        mulai=now - datetime.timedelta(days=1),
        selesai=now + datetime.timedelta(days=1),
    )
    return operators


# --- the server --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict[str, str], args, port: int, log: Path) -> subprocess.Popen:
    command = [
        str(VENV_BIN / "gunicorn"),
        "sakip.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(args.threads),
        "--timeout",
        "120",
        # Load the application before forking, so that no worker's first
        # request waits for Django to start.
        "--preload",
        "--access-logfile",
        "-",
    ]
    handle = log.open("w")
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see {log}.")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not listen on 127.0.0.1:{port} in 60 s; see {log}.")


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# --- the operators -----------------------------------------------------------

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ROW_POST = re.compile(r'id="baris-keuangan-(\d+)"[^>]*?hx-post="([^"]+)"', re.S)
VERSI = re.compile(r'id="versi-keuangan-(\d+)" value="(\d+)"')


class Session:
    """One operator's browser: a cookie jar, and a new connection to loopback
    for every request, as a browser opens after gunicorn's keep-alive (2 s by
    default) has closed the last one during the think time."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body=b"", headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, response.headers, content.decode("utf-8", "replace")


def multipart(fields: dict[str, str]) -> tuple[bytes, str]:
    """Encode ``fields`` as multipart/form-data, as HTMX sends the row."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n"
        )
    parts.append(f"--{boundary}--\r\n")
    return "".join(parts).encode(), f"multipart/form-data; boundary={boundary}"


@dataclass
class Results:
    save_ms: list[float] = field(default_factory=list)
    login_ms: list[float] = field(default_factory=list)
    page_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_time(self, ms: float, kind: str = "save") -> None:
        with self.lock:
            getattr(self, f"{kind}_ms").append(ms)

    def add_error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


def log_in(session: Session, username: str) -> None:
    status, _headers, body = session.request("GET", "/masuk/")
    token = CSRF_INPUT.search(body)
    if status != 200 or token is None:
        raise RuntimeError(f"login page of {username} returned {status}")
    form = urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": PASSWORD,
        }
    )
    status, _headers, _body = session.request(
        "POST",
        "/masuk/",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    if status != 302:
        raise RuntimeError(f"login of {username} returned {status}, not a redirect")


def open_page(session: Session, opd_id: int, rows: list[Baris]) -> str:
    """Load the month's input page; set each row's URL and version, and
    return the page's CSRF token."""
    status, _headers, body = session.request(
        "GET", f"/pengukuran/isian/{opd_id}/{TAHUN}/{PERIODE}/"
    )
    if status != 200:
        raise RuntimeError(f"input page returned {status}")
    urls = {int(pk): url for pk, url in ROW_POST.findall(body)}
    versions = {int(pk): int(versi) for pk, versi in VERSI.findall(body)}
    for row in rows:
        if row.elemen_id not in urls:
            raise RuntimeError(f"row {row.elemen_id} is not on the input page")
        row.url = urls[row.elemen_id]
        row.versi = versions[row.elemen_id]
    token = CSRF_INPUT.search(body)
    if token is None:
        raise RuntimeError("input page has no CSRF token")
    return token.group(1)


def row_values(row: Baris, step: int) -> dict[str, str]:
    """Return the row's fields at ``step`` (1-3) of its saves. Each step adds
    the next field, because the page posts the whole row on every change."""
    values = {
        "realisasi_keuangan": str(1_000_000 + row.elemen_id * 7 % 900_000),
        "realisasi_fisik": "",
        "keterangan": "",
        "bukti_tautan": "",
    }
    if step >= 2:
        values["realisasi_fisik"] = f"{row.elemen_id % 90 + 5},5"
    if step >= 3:
        values["keterangan"] = f"SP2D Maret {row.operator}"
    return values


def save_row(session: Session, token: str, row: Baris, step: int, results: Results):
    values = row_values(row, step)
    body, content_type = multipart({**values, "versi": str(row.versi)})
    started = time.perf_counter()
    status, _headers, content = session.request(
        "POST",
        row.url,
        body=body,
        headers={
            "Content-Type": content_type,
            "X-CSRFToken": token,
            "HX-Request": "true",
        },
    )
    results.add_time((time.perf_counter() - started) * 1000)
    versi = {int(pk): int(v) for pk, v in VERSI.findall(content)}.get(row.elemen_id)
    if status != 200 or "data-tersimpan" not in content or versi is None:
        message = re.sub(r"<[^>]+>|\s+", " ", content)[:200]
        results.add_error(f"{row.operator} row {row.elemen_id}: {status} {message}")
        return
    row.versi = versi
    row.last_ok = values
    row.last_ok_versi = versi


def run_operator(
    username: str,
    opd_id: int,
    rows: list[Baris],
    *,
    port: int,
    start_at: float,
    scale: float,
    rng: random.Random,
    results: Results,
) -> None:
    time.sleep(max(0.0, start_at - time.monotonic()))
    session = Session(port)
    try:
        started = time.perf_counter()
        log_in(session, username)
        results.add_time((time.perf_counter() - started) * 1000, kind="login")
        started = time.perf_counter()
        token = open_page(session, opd_id, rows)
        results.add_time((time.perf_counter() - started) * 1000, kind="page")
        for row in rows:
            for step in range(1, SAVES_PER_ROW + 1):
                time.sleep(rng.uniform(*THINK_SECONDS) * scale)
                save_row(session, token, row, step, results)
    except (RuntimeError, OSError, http.client.HTTPException) as error:
        results.add_error(f"{username}: {error}")


def simulate(operators: dict[str, list[Baris]], opd_ids, args, port) -> Results:
    """Run every operator in a thread of its own over the compressed hour."""
    results = Results()
    scale = args.menit * 60 / HOUR_SECONDS
    rng = random.Random(args.seed)
    begin = time.monotonic() + 1
    # The last operator still needs time for their saves within the hour.
    latest_start = HOUR_SECONDS - SAVES_PER_ROW * args.baris * THINK_SECONDS[1]
    threads = []
    for username, rows in operators.items():
        start_at = begin + rng.uniform(0, max(latest_start, 0)) * scale
        thread = threading.Thread(
            target=run_operator,
            args=(username, opd_ids[username], rows),
            kwargs={
                "port": port,
                "start_at": start_at,
                "scale": scale,
                "rng": random.Random(rng.random()),
                "results": results,
            },
            daemon=True,
        )
        threads.append(thread)
        thread.start()
    for thread in threads:
        thread.join()
    return results


# --- the check ---------------------------------------------------------------


def check_stored(operators: dict[str, list[Baris]]) -> list[str]:
    """Compare every row's stored month with its last successful save."""
    from decimal import Decimal

    from sakip.anggaran.models import KeuanganBulanan

    rows = {row.elemen_id: row for rows in operators.values() for row in rows}
    stored = {
        item.elemen_id: item
        for item in KeuanganBulanan.objects.filter(
            elemen_id__in=rows, tahun=TAHUN, bulan=BULAN
        ).select_related("diisi_oleh")
    }
    lost = []
    for elemen_id, row in rows.items():
        if row.last_ok is None:
            continue
        item = stored.get(elemen_id)
        fisik = row.last_ok["realisasi_fisik"].replace(",", ".")
        expected = {
            "realisasi_keuangan": int(row.last_ok["realisasi_keuangan"]),
            "realisasi_fisik": Decimal(fisik) if fisik else None,
            "keterangan": row.last_ok["keterangan"],
            "versi": row.last_ok_versi,
            "diisi_oleh": row.operator,
        }
        actual = None
        if item is not None:
            actual = {
                "realisasi_keuangan": item.realisasi_keuangan,
                "realisasi_fisik": item.realisasi_fisik,
                "keterangan": item.keterangan,
                "versi": item.versi,
                "diisi_oleh": item.diisi_oleh.username if item.diisi_oleh else None,
            }
        if actual != expected:
            lost.append(f"row {elemen_id}: expected {expected}, stored {actual}")
    return lost


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="sakip-bench-"))
    database_url, cluster = start_database(args.db, workdir)
    server = None
    try:
        env = server_environment(database_url, workdir)
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django
        from django.core.management import call_command
        from django.db import connections

        django.setup()
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        # The production settings' static storage reads the manifest that
        # collectstatic writes; without it every full page fails.
        call_command("collectstatic", interactive=False, verbosity=0)
        operators = build_data(args)
        from sakip.organisasi.models import Pengguna

        opd_ids = dict(Pengguna.objects.values_list("username", "unit_id"))
        connections.close_all()
        print(
            f"data: {args.opd} OPD, {len(operators)} operators, "
            f"{sum(len(r) for r in operators.values())} sub kegiatan, "
            f"built in {time.monotonic() - started:.0f} s ({args.db})"
        )

        port = free_port()
        server = start_server(env, args, port, workdir / "gunicorn.log")
        saves = len(operators) * args.baris * SAVES_PER_ROW
        print(
            f"server: gunicorn on 127.0.0.1:{port}, {args.workers} workers x "
            f"{args.threads} threads (gthread); one hour in {args.menit:g} min "
            f"({HOUR_SECONDS / (args.menit * 60):g}x), {saves} saves, on average "
            f"{saves / (args.menit * 60):.1f} saves/s"
        )
        started = time.monotonic()
        results = simulate(operators, opd_ids, args, port)
        elapsed = time.monotonic() - started
        stop_server(server)
        server = None

        lost = check_stored(operators)
        ok = sum(1 for rows in operators.values() for r in rows if r.last_ok)
        times = results.save_ms
        print(f"run: {elapsed:.0f} s, {len(times)} saves sent, {ok} rows saved")
        for label, values in (
            ("save", times),
            ("login", results.login_ms),
            ("input page", results.page_ms),
        ):
            if values:
                print(
                    f"{label} time (ms): "
                    f"median {statistics.median(values):.1f}, "
                    f"p90 {percentile(values, 0.90):.1f}, "
                    f"p99 {percentile(values, 0.99):.1f}, "
                    f"max {max(values):.1f} ({len(values)} requests)"
                )
        print(f"errors: {len(results.errors)}")
        for message in results.errors[:10]:
            print(f"  {message}")
        print(f"lost or overwritten entries: {len(lost)}")
        for message in lost[:10]:
            print(f"  {message}")
        if lost or not times or statistics.median(times) >= MEDIAN_LIMIT_MS:
            return 1
        return 0
    finally:
        if server is not None:
            stop_server(server)
        stop_database(cluster)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
