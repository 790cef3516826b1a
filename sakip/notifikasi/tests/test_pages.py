import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.notifikasi.models import Notifikasi
from sakip.notifikasi.tests.factories import NotifikasiFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("notifikasi:notifikasi_list")


def _badge(html: str) -> str | None:
    """The text of the unread badge in the navbar, or None without one."""
    match = re.search(
        r'id="navbar-notifikasi".*?<span class="badge[^"]*">([^<]*)<', html, re.S
    )
    return match.group(1) if match else None


def _buka(notifikasi: Notifikasi) -> str:
    return reverse("notifikasi:notifikasi_buka", kwargs={"pk": notifikasi.pk})


def test_list_own_only(client, ani, budi):
    NotifikasiFactory(penerima=ani, judul="Untuk Ani")
    NotifikasiFactory(penerima=budi, judul="Untuk Budi")
    client.force_login(ani)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert "Untuk Ani" in response.text
    assert "Untuk Budi" not in response.text


def test_list_newest_first(client, ani):
    lama = NotifikasiFactory(penerima=ani, judul="Yang lama")
    NotifikasiFactory(penerima=ani, judul="Yang baru")
    Notifikasi.objects.filter(pk=lama.pk).update(
        dibuat_pada=lama.dibuat_pada.replace(year=2024)
    )
    client.force_login(ani)

    response = client.get(LIST_URL)

    assert response.text.index("Yang baru") < response.text.index("Yang lama")


def test_list_unread_bold(client, ani):
    NotifikasiFactory(penerima=ani, judul="Belum")
    dibaca = NotifikasiFactory(penerima=ani, judul="Sudah")
    Notifikasi.objects.filter(pk=dibaca.pk).update(dibaca_pada=dibaca.dibuat_pada)
    client.force_login(ani)

    response = client.get(LIST_URL)

    items = re.findall(r'<button class="([^"]*)" type="submit">\s*(\w+)', response.text)
    weights = {judul: classes.split()[-1] for classes, judul in items}
    assert weights["Belum"] == "fw-bold"
    assert weights["Sudah"] == "fw-normal"


def test_list_paginated(client, ani):
    NotifikasiFactory.create_batch(30, penerima=ani)
    client.force_login(ani)

    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"halaman": 2})

    assert first.text.count('action="/notifikasi/') == 25 + 1
    assert second.text.count('action="/notifikasi/') == 5 + 1
    assert "Halaman 2 dari 2" in second.text


def test_list_query_count_flat(client, ani, django_assert_max_num_queries):
    NotifikasiFactory.create_batch(3, penerima=ani)
    client.force_login(ani)
    client.get(LIST_URL)
    NotifikasiFactory.create_batch(20, penerima=ani)

    # Session, user, the user's TOTP device (two-factor login), the user's
    # unit, Pemda name (two), page count, page rows and the unread count.
    with django_assert_max_num_queries(9):
        client.get(LIST_URL)


def test_list_empty(client, ani):
    client.force_login(ani)

    response = client.get(LIST_URL)

    assert "Belum ada notifikasi" in response.text
    assert "Tandai semua dibaca" not in response.text


def test_buka_marks_read_and_redirects(client, ani):
    notifikasi = NotifikasiFactory(penerima=ani, tautan="/pengukuran/dasbor/?opd=")
    client.force_login(ani)

    response = client.post(_buka(notifikasi))

    assert response.status_code == 302
    assert response.url == "/pengukuran/dasbor/?opd="
    notifikasi.refresh_from_db()
    assert notifikasi.dibaca_pada is not None


def test_buka_without_tautan_returns_to_list(client, ani):
    notifikasi = NotifikasiFactory(penerima=ani, tautan="")
    client.force_login(ani)

    response = client.post(_buka(notifikasi))

    assert response.url == LIST_URL


def test_buka_others_not_found(client, ani, budi):
    notifikasi = NotifikasiFactory(penerima=budi)
    client.force_login(ani)

    response = client.post(_buka(notifikasi))

    assert response.status_code == 404
    notifikasi.refresh_from_db()
    assert notifikasi.dibaca_pada is None


def test_buka_offsite_tautan_rejected(client, ani):
    # Written around the service, as a shell or a bad migration could.
    notifikasi = NotifikasiFactory(penerima=ani, tautan="//contoh.com/masuk/")
    client.force_login(ani)

    response = client.post(_buka(notifikasi))

    assert response.url == LIST_URL


def test_buka_get_not_allowed(client, ani):
    notifikasi = NotifikasiFactory(penerima=ani)
    client.force_login(ani)

    response = client.get(_buka(notifikasi))

    assert response.status_code == 405
    notifikasi.refresh_from_db()
    assert notifikasi.dibaca_pada is None


def test_buka_anonymous_to_login(client, ani):
    notifikasi = NotifikasiFactory(penerima=ani)

    response = client.post(_buka(notifikasi))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_baca_semua_own_only(client, ani, budi):
    NotifikasiFactory.create_batch(3, penerima=ani)
    lain = NotifikasiFactory(penerima=budi)
    client.force_login(ani)

    response = client.post(reverse("notifikasi:notifikasi_baca_semua"), follow=True)

    assert "3 notifikasi ditandai dibaca." in response.text
    assert not Notifikasi.objects.filter(penerima=ani, dibaca_pada=None).exists()
    lain.refresh_from_db()
    assert lain.dibaca_pada is None


def test_badge_counts_own_unread(client, ani, budi):
    NotifikasiFactory.create_batch(3, penerima=ani)
    dibaca = NotifikasiFactory(penerima=ani)
    Notifikasi.objects.filter(pk=dibaca.pk).update(dibaca_pada=dibaca.dibuat_pada)
    NotifikasiFactory(penerima=budi)
    client.force_login(ani)

    response = client.get(reverse("beranda"), follow=True)

    assert _badge(response.text) == "3"


def test_badge_absent_without_unread(client, ani):
    client.force_login(ani)

    response = client.get(LIST_URL)

    assert 'id="navbar-notifikasi"' in response.text
    assert _badge(response.text) is None


def test_badge_caps_at_99(client, ani):
    NotifikasiFactory.create_batch(101, penerima=ani)
    client.force_login(ani)

    response = client.get(LIST_URL)

    assert _badge(response.text) == "99+"


def test_badge_after_open_drops(client, ani):
    first, _second = NotifikasiFactory.create_batch(2, penerima=ani)
    client.force_login(ani)

    client.post(_buka(first))
    response = client.get(LIST_URL)

    assert _badge(response.text) == "1"


def _notifikasi_queries(queries: CaptureQueriesContext) -> list[str]:
    return [
        query["sql"]
        for query in queries.captured_queries
        if "notifikasi_notifikasi" in query["sql"]
    ]


def test_badge_not_for_anonymous(client, ani):
    NotifikasiFactory(penerima=ani)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("login"))

    assert response.status_code == 200
    assert 'id="navbar-notifikasi"' not in response.text
    assert _notifikasi_queries(queries) == []


def test_badge_one_count_query(client, ani):
    NotifikasiFactory.create_batch(2, penerima=ani)
    client.force_login(ani)

    # The list page reads the count twice: the badge and its own button.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)

    counts = [sql for sql in _notifikasi_queries(queries) if "IS NULL" in sql]
    assert _badge(response.text) == "2"
    assert len(counts) == 1
    assert "COUNT(" in counts[0].upper()
