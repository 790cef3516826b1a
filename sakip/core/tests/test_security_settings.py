"""The security settings: password rules, headers, cookies, and the
production settings that ``manage.py check --deploy`` accepts.

The production settings are read in a child process, with the environment
that docs/security.md lists, because settings load once per process.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from sakip.conftest import PASSWORD
from sakip.organisasi.tests.factories import PenggunaFactory

BASE_DIR = Path(__file__).resolve().parents[3]
# A request to the API without credentials: it needs no database, so the
# child process can run without a migrated one.
API_URL = "/api/v1/indikator/"


def production_environment(tmp_path, **extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SAKIP_", "DATABASE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="sakip.settings.production",
        DJANGO_SECRET_KEY="k" * 20 + "-production-test-key-with-enough-entropy-0123",
        DJANGO_ALLOWED_HOSTS="sakip.contoh.go.id",
        DATABASE_URL=f"sqlite:///{tmp_path / 'produksi.sqlite3'}",
        SAKIP_VAR_DIR=str(tmp_path),
    )
    env.update(extra)
    return env


PRODUCTION_PROBE = f"""
import json
import django
from django.conf import settings
from django.test import Client

django.setup()
response = Client().get(
    "{API_URL}", headers={{"host": "sakip.contoh.go.id", "x-forwarded-proto": "https"}}
)
names = [
    "DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE", "SESSION_COOKIE_AGE",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE", "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY", "CSRF_COOKIE_SAMESITE", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SAKIP_2FA_REQUIRED", "SAKIP_OIDC_ENABLED",
]
print(json.dumps({{
    "settings": {{name: getattr(settings, name) for name in names}},
    "status": response.status_code,
    "headers": dict(response.headers),
}}))
"""


def run_probe(tmp_path, **extra) -> dict:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=BASE_DIR,
        env=production_environment(tmp_path, **extra),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_clean(tmp_path):
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        cwd=BASE_DIR,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_cookies_and_two_factor(tmp_path):
    values = run_probe(tmp_path)["settings"]

    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["SESSION_COOKIE_AGE"] == 8 * 3600
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SAKIP_2FA_REQUIRED"] is True
    assert values["SAKIP_OIDC_ENABLED"] is False


def test_production_two_factor_can_be_off(tmp_path):
    values = run_probe(tmp_path, SAKIP_2FA_REQUIRED="0")["settings"]

    assert values["SAKIP_2FA_REQUIRED"] is False


def test_production_headers(tmp_path):
    probe = run_probe(tmp_path)
    headers = {name.lower(): value for name, value in probe["headers"].items()}

    assert probe["status"] == 401
    assert "max-age=31536000" in headers["strict-transport-security"]
    assert "includeSubDomains" in headers["strict-transport-security"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_page_headers(client, db):
    response = client.get("/masuk/")

    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src-elem 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_cookies_httponly_and_samesite(client, ani):
    client.get("/masuk/")
    response = client.post("/masuk/", {"username": "ani", "password": PASSWORD})

    session = response.cookies["sessionid"]
    csrf = client.cookies["csrftoken"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    assert csrf["httponly"]
    assert csrf["samesite"] == "Lax"
    # Expires with the browser: no max-age on the session cookie.
    assert session["max-age"] == ""


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Pendek-1", "Kata sandi terlalu pendek"),
        ("password1234", "Kata sandi ini terlalu umum"),
        ("831204957713", "seluruhnya terdiri dari angka"),
    ],
)
def test_weak_password_rejected_in_indonesian(password, message):
    with translation.override("id"), pytest.raises(ValidationError) as error:
        validate_password(password)

    assert any(message in text for text in error.value.messages)


def test_password_like_username_rejected(db):
    user = PenggunaFactory(username="pratiwi.rahmawati")

    with translation.override("id"), pytest.raises(ValidationError) as error:
        validate_password("pratiwirahmawati", user)

    assert any("terlalu mirip" in text for text in error.value.messages)


def test_strong_password_accepted(ani):
    validate_password("kebun-mangga-biru-2025", ani)
