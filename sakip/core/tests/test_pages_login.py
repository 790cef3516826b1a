from django.urls import reverse

from sakip.conftest import PASSWORD


def test_login_page_in_indonesian(client, db):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert "Masuk ke SAKIP" in response.text
    assert "Nama pengguna" in response.text
    assert "Kata sandi" in response.text


def test_login_wrong_password_shows_error(client, ani):
    response = client.post(reverse("login"), {"username": "ani", "password": "salah"})

    assert response.status_code == 200
    assert 'id="login-error"' in response.text
    assert "sandi" in response.text
    assert "_auth_user_id" not in client.session


def test_login_redirects_to_dashboard(client, admin):
    response = client.post(
        reverse("login"), {"username": "admin", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("pengukuran:dasbor_pemda")


def test_root_sends_anonymous_to_login(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert response.url == reverse("login")


def test_root_sends_user_to_dashboard(client, admin):
    client.force_login(admin)

    response = client.get("/")

    assert response.status_code == 302
    assert response.url == reverse("pengukuran:dasbor_pemda")


def test_navbar_shows_import_to_admin_only(client, admin, ani):
    client.force_login(admin)
    admin_page = client.get(reverse("perencanaan:dokumen_list")).text
    client.force_login(ani)
    ani_page = client.get(reverse("perencanaan:dokumen_list")).text

    assert "Impor buku kerja" in admin_page
    assert "Impor buku kerja" not in ani_page


def test_not_found_page_in_indonesian(client, ani):
    client.force_login(ani)

    response = client.get("/perencanaan/dokumen/999999/")

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text


def test_navbar_links_reports_and_portal(client, ani):
    client.force_login(ani)

    page = client.get(reverse("perencanaan:dokumen_list")).text

    assert reverse("pelaporan:laporan_list") in page
    assert reverse("pelaporan:evaluasi_index") in page
    assert reverse("portal:beranda") in page
