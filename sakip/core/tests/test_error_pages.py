"""Error pages render in Indonesian: 403 and 404 with the navbar, also where no
URL matched, and 400 and 500 without any context."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import include, path
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


def _denied(request):
    raise PermissionDenied("Hanya Kepala OPD unit ini yang dapat menandatangani.")


def _denied_without_reason(request):
    raise PermissionDenied


# The URLconf of the tests below that swap ROOT_URLCONF: views that raise,
# and the project's URLs, which the navbar of the 403 page links to.
urlpatterns = [
    path("gagal/", _fails),
    path("ditolak/", _denied),
    path("ditolak-saja/", _denied_without_reason),
    path("", include("sakip.urls")),
]


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


def test_forbidden_page_shows_reason(client, settings, ani):
    settings.ROOT_URLCONF = __name__
    client.force_login(ani)

    response = client.get("/ditolak/")

    text = response.content.decode()
    assert response.status_code == 403
    assert "Hanya Kepala OPD unit ini yang dapat menandatangani." in text
    assert "Peran Anda tidak berhak" not in text


def test_forbidden_page_without_reason(client, settings, ani):
    settings.ROOT_URLCONF = __name__
    client.force_login(ani)

    response = client.get("/ditolak-saja/")

    assert response.status_code == 403
    assert "Peran Anda tidak berhak" in response.content.decode()


def test_too_large_form_page(client, settings, db):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048

    response = client.post("/masuk/", {"username": "a", "password": "x" * 5000})

    text = response.content.decode()
    assert response.status_code == 413
    assert "Teks terlalu panjang" in text
    assert "2.048 byte" in text
    assert "Permintaan tidak sah" not in text


def test_bad_request_handler_keeps_other_errors(client, settings, db):
    settings.ALLOWED_HOSTS = ["localhost"]

    response = client.get("/masuk/", HTTP_HOST="tidak-sah.example")

    assert response.status_code == 400
    assert "Permintaan tidak sah" in response.content.decode()
