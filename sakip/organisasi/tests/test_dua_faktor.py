"""Two-factor login: enrolment with a real TOTP code, the code after the
password, and the roles that must enrol when the setting is on."""

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sakip.conftest import PASSWORD

# A page that every logged-in user may open.
DASBOR = "/api/v1/token/"


def code_for(key: bytes, offset_steps: int = 0) -> str:
    """The six-digit TOTP code of the key, as an app computes it now."""
    value = totp(key, t0=-30 * offset_steps) if offset_steps else totp(key)
    return f"{value:06d}"


def log_in(client, user):
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return response


def enrolled_key(client) -> bytes:
    """Open the enrolment page and read the base32 key it shows."""
    response = client.get(reverse("akun:dua_faktor_daftar"))
    assert response.status_code == 200
    match = re.search(r'id="kunci-dua-faktor">([A-Z2-7]+)<', response.content.decode())
    assert match, "the enrolment page shows no key"
    text = match.group(1)
    return b32decode(text + "=" * (-len(text) % 8))


def test_enrolment_with_right_code(client, ani):
    log_in(client, ani)
    key = enrolled_key(client)

    response = client.post(
        reverse("akun:dua_faktor_daftar"), {"kode": code_for(key), "next": DASBOR}
    )

    assert response.status_code == 302
    assert response.url == DASBOR
    device = TOTPDevice.objects.get(user=ani)
    assert device.confirmed
    assert device.bin_key == key
    assert client.get(DASBOR).status_code == 200


def test_enrolment_page_shows_qr_code(client, ani):
    log_in(client, ani)

    text = client.get(reverse("akun:dua_faktor_daftar")).content.decode()

    assert 'src="data:image/svg+xml' in text
    assert "Pindai kode QR" in text


def test_enrolment_wrong_code_saves_nothing(client, ani):
    log_in(client, ani)
    key = enrolled_key(client)
    wrong = f"{(int(code_for(key)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("akun:dua_faktor_daftar"), {"kode": wrong})

    assert response.status_code == 200
    assert "Kode salah atau kedaluwarsa" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=ani).exists()


def test_enrolled_user_must_enter_code(client, ani):
    device = TOTPDevice.objects.create(user=ani, name="uji", confirmed=True)
    log_in(client, ani)

    response = client.get(DASBOR)

    assert response.status_code == 302
    assert response.url.startswith(reverse("akun:dua_faktor_verifikasi"))
    assert "next=%2Fapi%2Fv1%2Ftoken%2F" in response.url

    response = client.post(
        reverse("akun:dua_faktor_verifikasi"),
        {"kode": code_for(device.bin_key), "next": DASBOR},
    )
    assert response.status_code == 302
    assert response.url == DASBOR
    assert client.get(DASBOR).status_code == 200


def test_wrong_code_keeps_pages_closed(client, ani):
    device = TOTPDevice.objects.create(user=ani, name="uji", confirmed=True)
    log_in(client, ani)
    wrong = f"{(int(code_for(device.bin_key)) + 500) % 1_000_000:06d}"

    response = client.post(reverse("akun:dua_faktor_verifikasi"), {"kode": wrong})

    assert response.status_code == 200
    assert "Kode salah" in response.content.decode()
    assert client.get(DASBOR).status_code == 302


def test_used_code_cannot_log_in_again(client, ani):
    device = TOTPDevice.objects.create(user=ani, name="uji", confirmed=True)
    code = code_for(device.bin_key)
    log_in(client, ani)
    client.post(reverse("akun:dua_faktor_verifikasi"), {"kode": code})
    client.post(reverse("logout"))
    log_in(client, ani)

    response = client.post(reverse("akun:dua_faktor_verifikasi"), {"kode": code})

    assert response.status_code == 200
    assert client.get(DASBOR).status_code == 302


def test_next_to_other_host_ignored(client, ani):
    device = TOTPDevice.objects.create(user=ani, name="uji", confirmed=True)
    log_in(client, ani)

    response = client.post(
        reverse("akun:dua_faktor_verifikasi"),
        {"kode": code_for(device.bin_key), "next": "https://contoh.invalid/"},
    )

    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.parametrize("username", ["admin", "vera", "vino"])
def test_required_roles_must_enrol(client, cast, settings, username):
    settings.SAKIP_2FA_REQUIRED = True
    log_in(client, cast[username])

    response = client.get(DASBOR)

    assert response.status_code == 302
    assert response.url.startswith(reverse("akun:dua_faktor_daftar"))
    text = client.get(response.url).content.decode()
    assert "wajib memakai verifikasi dua langkah" in text


@pytest.mark.parametrize("username", ["ani", "kadis", "evi", "bupati"])
def test_other_roles_need_no_enrolment(client, cast, settings, username):
    settings.SAKIP_2FA_REQUIRED = True
    log_in(client, cast[username])

    assert client.get(DASBOR).status_code == 200


def test_required_role_free_when_setting_off(client, admin, settings):
    settings.SAKIP_2FA_REQUIRED = False
    log_in(client, admin)

    assert client.get(DASBOR).status_code == 200


def test_required_role_enrols_and_works(client, admin, settings):
    settings.SAKIP_2FA_REQUIRED = True
    log_in(client, admin)
    key = enrolled_key(client)

    client.post(reverse("akun:dua_faktor_daftar"), {"kode": code_for(key)})

    assert client.get(DASBOR).status_code == 200
    # A new login asks for the code again, not for a new enrolment.
    client.post(reverse("logout"))
    log_in(client, admin)
    response = client.get(DASBOR)
    assert response.url.startswith(reverse("akun:dua_faktor_verifikasi"))
    next_code = code_for(key, offset_steps=1)
    response = client.post(reverse("akun:dua_faktor_verifikasi"), {"kode": next_code})
    assert response.status_code == 302
    assert client.get(DASBOR).status_code == 200


def test_logout_open_before_code(client, admin, settings):
    settings.SAKIP_2FA_REQUIRED = True
    log_in(client, admin)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("login")
