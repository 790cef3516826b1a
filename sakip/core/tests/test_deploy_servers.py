"""The product as deployed: gunicorn started with the command line of
deploy/systemd/sakip.service and the environment of deploy/sakip.env.example,
two app processes on one PostgreSQL, and the task worker of
deploy/systemd/sakip-worker.service.

Each test runs real processes on 127.0.0.1 against a throwaway PostgreSQL
cluster; a missing PostgreSQL server fails them.
"""

import json
import re
import subprocess

import pytest

from .deployment import (
    REPO,
    WEB_UNIT,
    WORKER_UNIT,
    log_in,
    postgres_url,  # noqa: F401
    production_environment,
    run_sakip,
    start_server,
    unit_command,
)

pytestmark = pytest.mark.deployment

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PASSWORD = "rahasia-uji-123"

# Run by `sakip shell` in a process of its own: an evidence file saved
# through the storage API, the operator of its OPD, an operator of another
# OPD and a notification whose e-mail the worker sends.
SETUP_SCRIPT = """
import json
from django.core.files.base import ContentFile
from sakip.notifikasi.tests.factories import NotifikasiFactory
from sakip.organisasi.models import Peran
from sakip.organisasi.tests.factories import PenggunaFactory, UnitFactory
from sakip.pengukuran.tests.factories import RealisasiFactory

entri = RealisasiFactory(
    bukti=ContentFile(PNG_BYTES, name="foto.png"), bukti_nama="Foto kegiatan.png"
)
unit = entri.indikator.elemen.dokumen.unit
PenggunaFactory(username="operator-a", peran=Peran.OPERATOR_OPD, unit=unit)
PenggunaFactory(
    username="operator-b", peran=Peran.OPERATOR_OPD, unit=UnitFactory(kode="OPD-B")
)
penerima = PenggunaFactory(username="kepala-a", email="kepala-a@contoh.go.id")
notifikasi = NotifikasiFactory(penerima=penerima, judul="Realisasi menunggu")
print(json.dumps({
    "entri": entri.pk, "bukti": entri.bukti.name, "notifikasi": notifikasi.pk,
}))
"""


@pytest.fixture(scope="module")
def deployment(postgres_url, tmp_path_factory):  # noqa: F811
    """The example environment on a migrated PostgreSQL database with the
    static files collected and the data of SETUP_SCRIPT."""
    var_dir = tmp_path_factory.mktemp("var")
    environment = production_environment(postgres_url, var_dir)
    run_sakip(["migrate", "--noinput", "-v", "0"], environment)
    run_sakip(["collectstatic", "--noinput", "-v", "0"], environment)
    script = f"PNG_BYTES = {PNG_BYTES!r}\n{SETUP_SCRIPT}"
    output = run_sakip(["shell", "-c", script], environment).stdout
    data = json.loads(output.strip().splitlines()[-1])
    return {"environment": environment, "var_dir": var_dir, **data}


@pytest.fixture(scope="module")
def web_servers(deployment):
    """Two gunicorn processes, each started with the unit file's command."""
    argv = unit_command(WEB_UNIT)
    servers = []
    try:
        for name in ("a", "b"):
            log = deployment["var_dir"] / f"gunicorn-{name}.log"
            servers.append(start_server(argv, deployment["environment"], log))
        yield servers
    finally:
        for server in servers:
            server.stop()


def test_unit_command_serves_login_and_css(deployment, web_servers):
    server = web_servers[0]

    login = server.request("GET", "/masuk/")
    stylesheet = re.search(
        r'href="(/static/core/sakip\.[0-9a-f]{12}\.css)"', login.text
    )

    assert login.status == 200
    assert 'name="username"' in login.text
    assert stylesheet, "the login page does not link the hashed sakip.css"
    css = server.request(
        "GET", stylesheet.group(1), headers={"Accept-Encoding": "gzip"}
    )
    assert css.status == 200
    assert css.headers["content-type"].startswith("text/css")
    assert css.headers["content-encoding"] == "gzip"
    assert "immutable" in css.headers["cache-control"]


def test_session_and_file_shared_by_two_servers(deployment, web_servers):
    first, second = web_servers
    bukti_url = f"/pengukuran/bukti/kinerja/{deployment['entri']}/"

    cookies = log_in(first, "operator-a", PASSWORD)
    dashboard = second.get_following_redirects("/", cookies=cookies)
    download = second.request("GET", bukti_url, cookies=cookies)

    assert dashboard.status == 200
    assert "operator-a" in dashboard.text
    assert download.status == 200
    assert download.body == PNG_BYTES
    assert download.headers["content-type"] == "image/png"
    assert 'filename="Foto kegiatan.png"' in download.headers["content-disposition"]


def test_other_opd_and_anonymous_get_no_file(deployment, web_servers):
    first, second = web_servers
    bukti_url = f"/pengukuran/bukti/kinerja/{deployment['entri']}/"
    media_url = f"/media/{deployment['bukti']}"

    cookies = log_in(second, "operator-b", PASSWORD)
    other_opd = first.request("GET", bukti_url, cookies=cookies)
    anonymous = first.request("GET", bukti_url)
    by_storage_path = first.request("GET", media_url, cookies=cookies)

    assert other_opd.status == 404
    assert anonymous.status == 302
    assert anonymous.headers["location"].startswith("/masuk/")
    assert by_storage_path.status == 404
    assert PNG_BYTES not in by_storage_path.body


def test_worker_unit_runs_queued_task(deployment):
    environment = {
        **deployment["environment"],
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    enqueue = (
        "from sakip.notifikasi.tasks import send_notifikasi_emails\n"
        f"print(send_notifikasi_emails.enqueue([{deployment['notifikasi']}]).id)"
    )
    result_id = run_sakip(["shell", "-c", enqueue], environment).stdout.split()[-1]
    # The unit's command, with --batch so that it exits when the queue is empty.
    argv = [*unit_command(WORKER_UNIT), "--batch", "--no-startup-delay"]

    worker = subprocess.run(  # noqa: S603
        argv,
        env=environment,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert worker.returncode == 0, worker.stderr[-3000:]
    assert "To: kepala-a@contoh.go.id" in worker.stdout
    assert "Realisasi menunggu" in worker.stdout
    check = (
        "from sakip.notifikasi.tasks import send_notifikasi_emails\n"
        f"result = send_notifikasi_emails.get_result({result_id!r})\n"
        "print(result.status, result.return_value)"
    )
    status = run_sakip(["shell", "-c", check], environment).stdout.split()
    assert status[-2:] == ["SUCCESSFUL", "1"]
