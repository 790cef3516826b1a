"""Two-factor login with a TOTP authenticator app (django-otp).

A user who enrolled an authenticator must enter its six-digit code after the
password before any page opens. When ``SAKIP_2FA_REQUIRED`` is on, users of
the roles in ``SAKIP_2FA_ROLES`` (and superusers) must enrol first.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Pengguna

NAMA_PERANGKAT = "Aplikasi autentikator"


def wajib_dua_faktor(user: Pengguna) -> bool:
    """Whether the user must enrol an authenticator before opening a page."""
    if not settings.SAKIP_2FA_REQUIRED:
        return False
    return user.is_superuser or user.peran in settings.SAKIP_2FA_ROLES


def perangkat_baru(user: Pengguna, key: str) -> TOTPDevice:
    """An unsaved, confirmed TOTP device of the user with the given hex key."""
    return TOTPDevice(user=user, name=NAMA_PERANGKAT, key=key, confirmed=True)


def cocokkan_kode_baru(device: TOTPDevice, token: str) -> bool:
    """Check a code against a device that is not saved yet, and keep the
    time step it used so that the same code cannot log in again.

    ``TOTPDevice.verify_token`` saves the device even when the code is wrong,
    which would enrol a device that was never confirmed.
    """
    token = token.strip()
    if not (token.isascii() and token.isdigit()):
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not totp.verify(int(token), device.tolerance):
        return False
    device.last_t = totp.t()
    return True


class DuaFaktorMiddleware:
    """Send a logged-in user who still owes a second factor to the page that
    asks for it: the code page if they enrolled, else the enrolment page if
    their role must enrol. Goes after django-otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not self.is_exempt(request.path)
        ):
            if user_has_device(user):
                return self.redirect_to("akun:dua_faktor_verifikasi", request)
            if wajib_dua_faktor(user):
                return self.redirect_to("akun:dua_faktor_daftar", request)
        return self.get_response(request)

    @staticmethod
    def is_exempt(path: str) -> bool:
        """Whether the path opens without a second factor: the two-factor
        pages, the logout and the static and media files."""
        prefixes = [
            reverse("akun:dua_faktor_verifikasi"),
            reverse("akun:dua_faktor_daftar"),
            reverse("logout"),
        ]
        for url in (settings.STATIC_URL, settings.MEDIA_URL):
            if url:
                prefixes.append("/" + url.lstrip("/"))
        return path.startswith(tuple(prefixes))

    @staticmethod
    def redirect_to(url_name: str, request: HttpRequest) -> HttpResponse:
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(url_name)}?{query}")
