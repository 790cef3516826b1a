"""Helpers of the deployment tests: the shipped environment file and unit
files, a throwaway PostgreSQL cluster and gunicorn processes on loopback.

The tests run the product as a server does, in processes of their own with
``sakip.settings.production``, so nothing here touches the test database.
"""

from __future__ import annotations

import http.client
import os
import re
import shlex
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

REPO = Path(__file__).resolve().parents[3]
DEPLOY = REPO / "deploy"
ENV_EXAMPLE = DEPLOY / "sakip.env.example"
WEB_UNIT = DEPLOY / "systemd" / "sakip.service"
WORKER_UNIT = DEPLOY / "systemd" / "sakip-worker.service"
# The install folder and address that the shipped unit files name.
INSTALL_DIR = "/opt/sakip"
UNIT_BIND = "127.0.0.1:8000"
PG_INITDB = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")) / "initdb"
# The host name of deploy/sakip.env.example, sent as the Host header, and the
# header nginx adds, so that requests look as they do behind the proxy.
SITE_HOST = "sakip.contoh.go.id"
PROXY_HEADERS = {"Host": SITE_HOST, "X-Forwarded-Proto": "https"}
SERVER_START_TIMEOUT = 180


def read_environment_file(path: Path) -> dict[str, str]:
    """Parse a systemd EnvironmentFile: NAME=value lines, ``#`` comments,
    optional quotes around the value."""
    values = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        name, separator, value = line.partition("=")
        assert separator, f"{path}:{number}: no '=' in {line!r}"
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name), (
            f"{path}:{number}: invalid variable name {name!r}"
        )
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name] = value
    return values


def unit_directive(path: Path, name: str) -> str:
    """Return the value of directive ``name`` of a unit file, which must
    occur exactly once."""
    values = [
        line.partition("=")[2]
        for line in path.read_text().splitlines()
        if line.startswith(f"{name}=")
    ]
    assert len(values) == 1, f"{path} has {len(values)} {name}= lines"
    return values[0]


def unit_command(path: Path) -> list[str]:
    """Return the unit's ExecStart as argv, with the install folder replaced
    by this repository, whose .venv has the same layout."""
    argv = shlex.split(unit_directive(path, "ExecStart"))
    return [arg.replace(INSTALL_DIR, str(REPO), 1) for arg in argv]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def base_environment() -> dict[str, str]:
    """Return this process's environment without the variables that choose
    the settings, the database or the files."""
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "SAKIP_", "AWS_", "EMAIL_"))
        and name not in {"DATABASE_URL", "DEFAULT_FROM_EMAIL"}
    }


def production_environment(database_url: str, var_dir: Path) -> dict[str, str]:
    """Return the environment of deploy/sakip.env.example with a real
    database and the files under ``var_dir``."""
    environment = base_environment()
    environment.update(read_environment_file(ENV_EXAMPLE))
    environment.update(
        DATABASE_URL=database_url,
        SAKIP_STATIC_ROOT=str(var_dir / "static"),
        SAKIP_MEDIA_ROOT=str(var_dir / "media"),
        SAKIP_VAR_DIR=str(var_dir),
    )
    return environment


def run_sakip(args: list[str], environment: dict[str, str], **kwargs):
    """Run ``.venv/bin/sakip ARGS`` and fail the test with its output when it
    exits non-zero."""
    completed = subprocess.run(  # noqa: S603
        [str(REPO / ".venv" / "bin" / "sakip"), *args],
        env=environment,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        **kwargs,
    )
    if completed.returncode != 0:
        pytest.fail(
            f"sakip {' '.join(args)} exited {completed.returncode}:\n"
            f"{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}",
            pytrace=False,
        )
    return completed


@pytest.fixture(scope="module")
def postgres_url():
    """A throwaway PostgreSQL cluster from scripts/pg-cluster.sh.

    A missing PostgreSQL server fails the tests, as a missing Chromium fails
    the browser tests: they are never skipped.
    """
    if not PG_INITDB.is_file():
        pytest.fail(
            f"PostgreSQL not found at {PG_INITDB}. Install it with "
            "'apt-get install postgresql' or run 'scripts/setup.sh --test'.",
            pytrace=False,
        )
    # The postgres user must reach the folder, so it is a fresh one under /tmp
    # and not inside pytest's folder, which only root may enter.
    cluster_dir = tempfile.mkdtemp(prefix="sakip-pg-")
    script = REPO / "scripts" / "pg-cluster.sh"
    started = subprocess.run(  # noqa: S603
        ["bash", str(script), "start", cluster_dir],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    try:
        if started.returncode != 0:
            pytest.fail(f"pg-cluster.sh start failed:\n{started.stderr}", pytrace=False)
        yield started.stdout.strip()
    finally:
        subprocess.run(  # noqa: S603
            ["bash", str(script), "stop", cluster_dir],  # noqa: S607
            capture_output=True,
            timeout=120,
            check=False,
        )


@dataclass
class Server:
    """A gunicorn process started by a test, on 127.0.0.1:``port``."""

    process: subprocess.Popen
    port: int
    log: Path

    def request(
        self,
        method: str,
        path: str,
        *,
        cookies: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> Response:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=max(timeout, 1)
        )
        all_headers = dict(PROXY_HEADERS)
        if cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        all_headers.update(headers or {})
        try:
            connection.request(method, path, body=body, headers=all_headers)
            raw = connection.getresponse()
            response = Response(
                status=raw.status,
                headers={k.lower(): v for k, v in raw.getheaders()},
                body=raw.read(),
            )
            for header in raw.headers.get_all("Set-Cookie") or []:
                parsed = SimpleCookie()
                parsed.load(header)
                for name, morsel in parsed.items():
                    response.cookies[name] = morsel.value
        finally:
            connection.close()
        return response

    def get_following_redirects(
        self, path: str, *, cookies: dict[str, str], limit: int = 5
    ) -> Response:
        """GET ``path`` and the local redirects that follow it."""
        response = self.request("GET", path, cookies=cookies)
        for _ in range(limit):
            if response.status not in (301, 302, 303, 307, 308):
                break
            location = response.headers["location"]
            assert location.startswith("/"), f"redirect off the site: {location}"
            response = self.request("GET", location, cookies=cookies)
        return response

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.body.decode()


def start_server(argv: list[str], environment: dict[str, str], log: Path) -> Server:
    """Start ``argv`` (a gunicorn command line binding 127.0.0.1:UNIT_BIND's
    port replaced by a free one) and wait until it responds."""
    port = free_port()
    bind = argv.index("--bind") + 1
    assert argv[bind] == UNIT_BIND, f"unexpected --bind {argv[bind]}"
    argv = [*argv[:bind], f"127.0.0.1:{port}", *argv[bind + 1 :]]
    output = log.open("wb")
    process = subprocess.Popen(  # noqa: S603
        argv, env=environment, cwd=REPO, stdout=output, stderr=subprocess.STDOUT
    )
    server = Server(process=process, port=port, log=log)
    # The arbiter listens at once, but each worker imports Django before it
    # responds, so the server is ready when a request gets a response.
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"gunicorn exited {process.returncode}:\n{log.read_text()[-4000:]}",
                pytrace=False,
            )
        try:
            server.request("GET", "/masuk/", timeout=deadline - time.monotonic())
            return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    pytest.fail(
        f"gunicorn did not answer within {SERVER_START_TIMEOUT} s:\n"
        f"{log.read_text()[-4000:]}",
        pytrace=False,
    )


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no csrfmiddlewaretoken in the page"
    return match.group(1)


def log_in(server: Server, username: str, password: str) -> dict[str, str]:
    """Log in through the login page of ``server`` and return the cookies."""
    page = server.request("GET", "/masuk/")
    assert page.status == 200, page.text[:500]
    cookies = dict(page.cookies)
    response = server.request(
        "POST",
        "/masuk/",
        cookies=cookies,
        form={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": csrf_token(page.text),
        },
        headers={"Origin": f"https://{SITE_HOST}", "Referer": f"https://{SITE_HOST}/"},
    )
    assert response.status == 302, response.text[:2000]
    assert "sessionid" in response.cookies
    cookies.update(response.cookies)
    return cookies
