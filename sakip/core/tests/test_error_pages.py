"""Error pages render in Indonesian: 403 and 404 with the navbar, also where no
URL matched, and 400 and 500 without any context."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path
from django.views.defaults import bad_request, server_error


def test_unknown_url_gives_indonesian_404(client, ani):
    client.force_login(ani)

    response = client.get("/tidak-ada/")

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_unknown_url_anonymous_404(client, db):
    response = client.get("/perencanaan/tidak-ada/")

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def _fails(request):
    raise RuntimeError("kesalahan uji")


# The URLconf of test_server_error_page: one view that raises.
urlpatterns = [path("gagal/", _fails)]


def test_server_error_page(client, settings, db):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False

    response = client.get("/gagal/")

    assert response.status_code == 500
    text = response.content.decode()
    assert "Terjadi kesalahan pada server" in text
    assert "Server Error" not in text


def test_server_error_needs_no_context(rf, db):
    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "hubungi Admin Bappeda" in response.content.decode()


def test_bad_request_page(rf, db):
    response = bad_request(rf.get("/"), exception=SuspiciousOperation())

    assert response.status_code == 400
    assert "Permintaan tidak sah" in response.content.decode()
