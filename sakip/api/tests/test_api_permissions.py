"""Every API endpoint, read by every user of the cast, with a session and
with a token: the matrix of ``sakip.core.tests.test_permissions``, except
that an anonymous request gets 401 instead of a redirect to the login."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sakip.api.tests.permission_cases import api_cases
from sakip.core.tests.test_permissions import (
    USERS,
    describe,
    expected_status,
    objects,  # noqa: F401  (the fixture of the main walk)
)


def expected_api_status(username, name, kind, scope):
    if username is None:
        return 401
    return expected_status(username, name, kind, scope)


def _mismatches(client, username, plans: dict) -> list[str]:
    found = []
    for name, case in api_cases(plans).items():
        for scope, kwargs in case.scopes.items():
            url = reverse(name, kwargs=kwargs)
            if case.query:
                url = f"{url}?{case.query}"
            expected = expected_api_status(username, name, case.kind, scope)
            actual = describe(client.get(url))
            if actual != expected:
                found.append(f"{name} [{scope}] {url}: {actual}, expected {expected}")
    return found


@pytest.mark.parametrize("username", USERS, ids=lambda name: name or "anonim")
def test_api_access_by_token(api, cast, objects, username):  # noqa: F811
    client = api(cast[username] if username else None)

    assert _mismatches(client, username, objects) == []


@pytest.mark.parametrize("username", USERS, ids=lambda name: name or "anonim")
def test_api_access_by_session(cast, objects, username):  # noqa: F811
    client = APIClient()
    if username is not None:
        client.force_login(cast[username])

    assert _mismatches(client, username, objects) == []


def test_bad_token_rejected(api, rencana):
    client = api()
    client.credentials(HTTP_AUTHORIZATION="Token bukan-token-yang-sah")

    response = client.get(reverse("api:indikator_list"))

    assert response.status_code == 401


def test_inactive_user_token_rejected(api, ani, rencana):
    client = api(ani)
    ani.is_active = False
    ani.save()

    response = client.get(reverse("api:indikator_list"))

    assert response.status_code == 401
