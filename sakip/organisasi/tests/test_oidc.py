"""Single sign-on through OpenID Connect: wired only when its environment
variables are set, and local login unchanged when they are not.

No identity provider is reachable from the tests, so they check the wiring
and the first redirect to the provider, and match users by claims directly.
The token exchange with a provider is not run.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import NoReverseMatch, reverse

from sakip.conftest import PASSWORD
from sakip.organisasi.tests.factories import PenggunaFactory

BASE_DIR = Path(__file__).resolve().parents[3]
PROVIDER = "http://127.0.0.1:9/realms/pemda"
OIDC_ENVIRONMENT = {
    "SAKIP_OIDC_CLIENT_ID": "sakip-uji",
    "SAKIP_OIDC_CLIENT_SECRET": "rahasia-klien-uji",
    "SAKIP_OIDC_AUTHORIZATION_ENDPOINT": f"{PROVIDER}/auth",
    "SAKIP_OIDC_TOKEN_ENDPOINT": f"{PROVIDER}/token",
    "SAKIP_OIDC_USER_ENDPOINT": f"{PROVIDER}/userinfo",
    "SAKIP_OIDC_JWKS_ENDPOINT": f"{PROVIDER}/certs",
}

# Signed-cookie sessions let the probe start a login without a database.
WIRING_PROBE = """
import json
import django
from django.conf import settings
from django.test import Client

django.setup()
settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
response = Client(headers={"host": "127.0.0.1"}).get(
    "/oidc/authenticate/?next=/pengukuran/"
)
print(json.dumps({
    "enabled": settings.SAKIP_OIDC_ENABLED,
    "apps": settings.INSTALLED_APPS,
    "backends": settings.AUTHENTICATION_BACKENDS,
    "create_user": settings.OIDC_CREATE_USER,
    "status": response.status_code,
    "location": response.headers.get("Location", ""),
}))
"""


def run_probe(extra: dict) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SAKIP_OIDC_", "DJANGO_SETTINGS_MODULE"))
    }
    env.update(DJANGO_SETTINGS_MODULE="sakip.settings.test", **extra)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", WIRING_PROBE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_oidc_wired_when_configured():
    probe = run_probe(OIDC_ENVIRONMENT)

    assert probe["enabled"] is True
    assert "mozilla_django_oidc" in probe["apps"]
    assert "sakip.organisasi.oidc.PenggunaOIDCBackend" in probe["backends"]
    # The local password login stays available beside single sign-on.
    assert "django.contrib.auth.backends.ModelBackend" in probe["backends"]
    assert probe["create_user"] is False
    assert probe["status"] == 302
    location = urlsplit(probe["location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        f"{PROVIDER}/auth"
    )
    assert query["client_id"] == ["sakip-uji"]
    assert query["response_type"] == ["code"]
    assert "openid" in query["scope"][0].split()
    assert query["state"][0]
    assert query["nonce"][0]


def test_oidc_off_by_default(settings):
    assert settings.SAKIP_OIDC_ENABLED is False
    assert "mozilla_django_oidc" not in settings.INSTALLED_APPS
    with pytest.raises(NoReverseMatch):
        reverse("oidc_authentication_init")


def test_local_login_without_oidc(client, ani):
    page = client.get(reverse("login")).content.decode()

    response = client.post(
        reverse("login"), {"username": "ani", "password": PASSWORD}, follow=True
    )

    assert "masuk-sso" not in page
    assert response.status_code == 200
    assert response.context["user"] == ani


@pytest.fixture
def oidc_backend(settings):
    settings.OIDC_RP_CLIENT_ID = "sakip-uji"
    settings.OIDC_RP_CLIENT_SECRET = "rahasia-klien-uji"
    settings.OIDC_OP_USER_ENDPOINT = f"{PROVIDER}/userinfo"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{PROVIDER}/token"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{PROVIDER}/certs"
    settings.OIDC_CREATE_USER = False
    from sakip.organisasi.oidc import PenggunaOIDCBackend

    return PenggunaOIDCBackend()


def test_oidc_matches_active_user_by_email(oidc_backend, db):
    user = PenggunaFactory(username="sari", email="sari@contoh.go.id")

    found = oidc_backend.filter_users_by_claims(
        {"email": "Sari@Contoh.go.id", "email_verified": True}
    )

    assert list(found) == [user]


@pytest.mark.parametrize(
    "claims",
    [
        {"email": "orang.lain@contoh.go.id", "email_verified": True},
        {"email": "sari@contoh.go.id", "email_verified": False},
        {"email": ""},
    ],
    ids=["unknown", "unverified", "empty"],
)
def test_oidc_rejects_unknown_claims(oidc_backend, db, claims):
    PenggunaFactory(username="sari", email="sari@contoh.go.id")

    assert not oidc_backend.filter_users_by_claims(claims).exists()


def test_oidc_ignores_inactive_user(oidc_backend, db):
    PenggunaFactory(username="sari", email="sari@contoh.go.id", is_active=False)

    found = oidc_backend.filter_users_by_claims({"email": "sari@contoh.go.id"})

    assert not found.exists()
