"""The login error's wording, which comes from Django's translation catalogue
as corrected in sakip/locale."""

from django.urls import reverse


def test_login_error_names_username_once(client, ani):
    response = client.post(reverse("login"), {"username": "ani", "password": "salah"})

    text = response.text
    assert "Masukkan nama pengguna dan sandi yang benar." in text
    assert "nama pengguna nama pengguna" not in text
