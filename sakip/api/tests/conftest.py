"""Fixtures of the API tests: a client that sends a user's token, and input
windows for the first quarter of 2025."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sakip.pengukuran.models import JadwalInput


@pytest.fixture(autouse=True)
def throttle_counts_cleared():
    """Start each test with no request counted against the rate limit; the
    counts live in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """Return a function that gives a client authenticated by ``user``'s
    token, or an anonymous client for None."""

    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            token, _created = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


@pytest.fixture
def tw1_terbuka(db):
    now = timezone.now()
    return JadwalInput.objects.create(
        tahun=2025,
        periode="TW1",
        mulai=now - timedelta(days=1),
        selesai=now + timedelta(days=1),
    )


@pytest.fixture
def tw1_ditutup(db):
    now = timezone.now()
    return JadwalInput.objects.create(
        tahun=2025,
        periode="TW1",
        mulai=now - timedelta(days=10),
        selesai=now - timedelta(days=1),
    )
