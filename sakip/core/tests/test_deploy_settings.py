"""Production settings from the environment, the collected static files, and
the shipped unit files, environment file and nginx example."""

import json
import os
import runpy
import shutil
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from .deployment import (
    DEPLOY,
    ENV_EXAMPLE,
    INSTALL_DIR,
    REPO,
    WEB_UNIT,
    WORKER_UNIT,
    base_environment,
    read_environment_file,
    run_sakip,
    unit_command,
    unit_directive,
)

REMINDER_UNIT = DEPLOY / "systemd" / "sakip-pengingat.service"
REQUIRED = ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"]
VALID = {
    "DJANGO_SECRET_KEY": "kunci-uji-yang-panjang-dan-acak-0123456789",
    "DJANGO_ALLOWED_HOSTS": "sakip.contoh.go.id, 10.0.0.5",
    "DATABASE_URL": "postgres://sakip@127.0.0.1:5432/sakip",
}


def load_production(monkeypatch, **variables) -> dict:
    """Run sakip.settings.production with exactly ``variables`` set among
    the variables it reads, and return its settings."""
    for name in set(os.environ) - set(base_environment()):
        monkeypatch.delenv(name)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    # base reads the environment when it is imported, so it is imported
    # anew; monkeypatch puts the test run's module back afterwards.
    monkeypatch.delitem(sys.modules, "sakip.settings.base")
    return runpy.run_module("sakip.settings.production")


@pytest.mark.parametrize("missing", REQUIRED)
def test_missing_variable_named(monkeypatch, missing):
    variables = {name: value for name, value in VALID.items() if name != missing}

    with pytest.raises(ImproperlyConfigured) as error:
        load_production(monkeypatch, **variables)

    message = str(error.value)
    assert f"Variabel lingkungan wajib belum diisi: {missing}." in message
    assert f"Required environment variables are not set: {missing}." in message


def test_blank_variable_counts_as_missing(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="belum diisi: DJANGO_SECRET_KEY"):
        load_production(monkeypatch, **{**VALID, "DJANGO_SECRET_KEY": "  "})


def test_values_read_from_environment(monkeypatch, tmp_path):
    config = load_production(
        monkeypatch,
        **VALID,
        DJANGO_CSRF_TRUSTED_ORIGINS="https://sakip.contoh.go.id,https://x.go.id",
        SAKIP_STATIC_ROOT=str(tmp_path / "static"),
        SAKIP_MEDIA_ROOT=str(tmp_path / "media"),
        EMAIL_HOST="smtp.contoh.go.id",
    )

    assert config["SECRET_KEY"] == VALID["DJANGO_SECRET_KEY"]
    assert config["ALLOWED_HOSTS"] == ["sakip.contoh.go.id", "10.0.0.5"]
    assert config["CSRF_TRUSTED_ORIGINS"] == [
        "https://sakip.contoh.go.id",
        "https://x.go.id",
    ]
    assert config["DATABASES"]["default"]["ENGINE"] == ("django.db.backends.postgresql")
    assert config["DATABASES"]["default"]["PORT"] == 5432
    assert config["STATIC_ROOT"] == tmp_path / "static"
    assert config["MEDIA_ROOT"] == tmp_path / "media"
    assert config["EMAIL_HOST"] == "smtp.contoh.go.id"


def test_local_storage_by_default(monkeypatch, tmp_path):
    config = load_production(
        monkeypatch, **VALID, SAKIP_MEDIA_ROOT=str(tmp_path / "media")
    )

    storages = config["STORAGES"]
    assert storages["default"]["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )
    assert storages["default"]["OPTIONS"]["location"] == tmp_path / "media"
    assert storages["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_whitenoise_after_security_middleware(monkeypatch):
    middleware = load_production(monkeypatch, **VALID)["MIDDLEWARE"]

    security = middleware.index("django.middleware.security.SecurityMiddleware")
    assert middleware[security + 1] == "whitenoise.middleware.WhiteNoiseMiddleware"


def test_s3_storage_options(monkeypatch):
    config = load_production(
        monkeypatch,
        **VALID,
        SAKIP_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="sakip-berkas",
        AWS_S3_ENDPOINT_URL="https://s3.contoh.go.id",
        AWS_S3_REGION_NAME="ap-southeast-3",
    )

    default = config["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "sakip-berkas"
    assert default["OPTIONS"]["endpoint_url"] == "https://s3.contoh.go.id"
    assert default["OPTIONS"]["region_name"] == "ap-southeast-3"
    assert default["OPTIONS"]["default_acl"] is None
    assert default["OPTIONS"]["file_overwrite"] is False
    assert "access_key" not in default["OPTIONS"]


def test_s3_without_bucket_rejected(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        load_production(monkeypatch, **VALID, SAKIP_STORAGE="s3")


def test_unknown_storage_rejected(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="expected local or s3"):
        load_production(monkeypatch, **VALID, SAKIP_STORAGE="ftp")


def test_start_without_variables_fails():
    environment = {
        **base_environment(),
        "DJANGO_SETTINGS_MODULE": "sakip.settings.production",
    }

    completed = subprocess.run(  # noqa: S603
        [str(REPO / ".venv" / "bin" / "sakip"), "check"],
        env=environment,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert completed.returncode != 0
    assert (
        "Required environment variables are not set: DJANGO_SECRET_KEY, "
        "DJANGO_ALLOWED_HOSTS, DATABASE_URL." in completed.stderr
    )


def test_collectstatic_compresses_and_hashes(tmp_path):
    environment = {
        **base_environment(),
        **VALID,
        "DJANGO_SETTINGS_MODULE": "sakip.settings.production",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tidak-dipakai.sqlite3'}",
        "SAKIP_STATIC_ROOT": str(tmp_path / "static"),
    }

    run_sakip(["collectstatic", "--noinput", "-v", "0"], environment)

    static = tmp_path / "static"
    manifest = json.loads((static / "staticfiles.json").read_text())
    hashed = manifest["paths"]["vendor/bootstrap/bootstrap.min.css"]
    assert hashed != "vendor/bootstrap/bootstrap.min.css"
    assert (static / hashed).is_file()
    assert (static / f"{hashed}.gz").is_file()
    assert (static / f"{hashed}.br").is_file()
    assert "core/sakip.css" in manifest["paths"]


def test_env_example_sets_required():
    values = read_environment_file(ENV_EXAMPLE)

    assert values["DJANGO_SETTINGS_MODULE"] == "sakip.settings.production"
    for name in REQUIRED:
        assert values.get(name), f"{name} is not set in {ENV_EXAMPLE.name}"
    assert values["SAKIP_STORAGE"] == "local"


@pytest.mark.parametrize(
    "unit", [WEB_UNIT, WORKER_UNIT, REMINDER_UNIT], ids=lambda p: p.name
)
def test_unit_file_settings(unit):
    assert unit_directive(unit, "User") == "sakip"
    assert unit_directive(unit, "WorkingDirectory") == INSTALL_DIR
    assert unit_directive(unit, "EnvironmentFile") == "/etc/sakip/sakip.env"
    assert (REPO / unit_command(unit)[0].removeprefix(str(REPO) + "/")).is_file()


@pytest.mark.parametrize("unit", [WEB_UNIT, WORKER_UNIT], ids=lambda p: p.name)
def test_service_starts_at_boot(unit):
    assert unit_directive(unit, "WantedBy") == "multi-user.target"
    assert unit_directive(unit, "Restart") == "on-failure"


def test_worker_unit_runs_db_worker():
    argv = unit_command(WORKER_UNIT)

    assert argv[1:3] == ["db_worker", "--no-reload"]


def test_reminder_timer_starts_command():
    timer = DEPLOY / "systemd" / "sakip-pengingat.timer"

    assert unit_directive(timer, "OnCalendar") == "hourly"
    assert unit_command(REMINDER_UNIT)[1:] == ["kirim_pengingat_jadwal"]


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None,
    reason="systemd-analyze is not installed; test_unit_file_settings reads the units",
)
def test_units_pass_systemd_analyze(tmp_path):
    # The units name the install folder and environment file of a server;
    # here they point at this repository and the example file instead.
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text().replace("/etc/sakip/sakip.env", str(ENV_EXAMPLE))
        (tmp_path / unit.name).write_text(text.replace(INSTALL_DIR, str(REPO)))

    completed = subprocess.run(  # noqa: S603
        ["systemd-analyze", "verify", *sorted(map(str, tmp_path.iterdir()))],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    # Unknown keys and invalid values are only warned about, on stderr.
    assert completed.stderr == ""


def test_nginx_example_serves_no_files():
    config = (DEPLOY / "nginx" / "sakip.conf").read_text()
    directives = [
        line.strip() for line in config.splitlines() if not line.strip().startswith("#")
    ]

    assert "proxy_pass http://sakip_app;" in directives
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in directives
    assert "server 127.0.0.1:8000;" in directives
    assert not any(line.startswith(("alias", "root")) for line in directives)
    assert not any("location /media" in line for line in directives)
