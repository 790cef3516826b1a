"""The "Token API" page, where a user creates and revokes their token, and
the admin of tokens, which never shows a key."""

import pytest
from django.contrib import admin
from django.urls import reverse
from rest_framework.authtoken.models import Token, TokenProxy

from sakip.organisasi.tests.factories import PenggunaFactory

PAGE_URL = reverse("api:token_detail")
BUAT_URL = reverse("api:token_buat")
CABUT_URL = reverse("api:token_cabut")
API_URL = reverse("api:indikator_list")


def _api_status(client, key: str) -> int:
    return client.get(API_URL, HTTP_AUTHORIZATION=f"Token {key}").status_code


def test_page_without_token(client, ani):
    client.force_login(ani)

    response = client.get(PAGE_URL)

    assert response.status_code == 200
    assert "Anda belum memiliki token API." in response.content.decode()


def test_page_linked_from_navbar(client, ani):
    client.force_login(ani)

    response = client.get(reverse("beranda"), follow=True)

    assert f'href="{PAGE_URL}"' in response.content.decode()


def test_create_shows_key_once(client, ani):
    client.force_login(ani)

    created = client.post(BUAT_URL)
    later = client.get(PAGE_URL)

    key = Token.objects.get(user=ani).key
    assert created.status_code == 200
    assert key in created.content.decode()
    assert "no-store" in created["Cache-Control"]
    assert later.status_code == 200
    assert key not in later.content.decode()
    assert "Anda memiliki token API yang dibuat pada" in later.content.decode()
    assert _api_status(client.__class__(), key) == 200


def test_create_replaces_old_key(client, ani):
    client.force_login(ani)
    old = Token.objects.create(user=ani).key

    client.post(BUAT_URL)

    new = Token.objects.get(user=ani).key
    assert new != old
    assert _api_status(client.__class__(), old) == 401
    assert _api_status(client.__class__(), new) == 200


def test_revoke(client, ani):
    client.force_login(ani)
    key = Token.objects.create(user=ani).key

    response = client.post(CABUT_URL, follow=True)

    assert response.redirect_chain[-1][0] == PAGE_URL
    assert "Token API dicabut." in response.content.decode()
    assert not Token.objects.filter(user=ani).exists()
    assert _api_status(client.__class__(), key) == 401


def test_revoke_touches_only_own_token(client, ani, budi):
    client.force_login(ani)
    Token.objects.create(user=ani)
    Token.objects.create(user=budi)

    client.post(CABUT_URL)

    assert Token.objects.filter(user=budi).exists()


@pytest.mark.parametrize("url", [BUAT_URL, CABUT_URL])
def test_actions_need_post(client, ani, url):
    client.force_login(ani)

    response = client.get(url)

    assert response.status_code == 405
    assert not Token.objects.filter(user=ani).exists()


def test_actions_need_login(client, db):
    response = client.post(BUAT_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Token.objects.exists()


def test_admin_never_shows_key(client, ani):
    key = Token.objects.create(user=ani).key
    superuser = PenggunaFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)

    index = client.get(reverse("admin:index"))

    assert not admin.site.is_registered(TokenProxy)
    assert index.status_code == 200
    assert key not in index.content.decode()
