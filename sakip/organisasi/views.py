"""The two-factor pages: enrol an authenticator app, and enter its code."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import default_key

from . import dua_faktor
from .forms import KodeOTPForm

SESSION_KUNCI_BARU = "dua_faktor_kunci_baru"


def _tujuan(request: HttpRequest) -> str:
    """The safe ``next`` address of the request, or the dashboard's."""
    tujuan = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        tujuan, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return tujuan
    return "/"


@never_cache
@login_required
def dua_faktor_daftar(request: HttpRequest) -> HttpResponse:
    """Show a new secret as a QR code and confirm it with the first code.

    The secret stays in the session until a right code confirms it, so a
    half-finished enrolment leaves nothing in the database.
    """
    if user_has_device(request.user):
        return render(request, "organisasi/dua_faktor_aktif.html")

    kunci = request.session.get(SESSION_KUNCI_BARU)
    if not kunci:
        kunci = request.session[SESSION_KUNCI_BARU] = default_key()
    device = dua_faktor.perangkat_baru(request.user, kunci)

    form = KodeOTPForm(request.POST or None)
    if form.is_valid():
        if dua_faktor.cocokkan_kode_baru(device, form.cleaned_data["kode"]):
            device.save()
            del request.session[SESSION_KUNCI_BARU]
            otp_login(request, device)
            messages.success(
                request,
                _(
                    "Verifikasi dua langkah aktif. Mulai kini Anda memasukkan kode "
                    "dari aplikasi autentikator setiap kali masuk."
                ),
            )
            return redirect(_tujuan(request))
        form.add_error(
            "kode",
            _(
                "Kode salah atau kedaluwarsa. Periksa jam ponsel Anda lalu masukkan "
                "kode yang sedang tampil."
            ),
        )

    context = {
        "form": form,
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
        "kunci_base32": _base32(device.bin_key),
        "wajib": dua_faktor.wajib_dua_faktor(request.user),
        "next": _tujuan(request),
    }
    return render(request, "organisasi/dua_faktor_daftar.html", context)


@never_cache
@login_required
def dua_faktor_verifikasi(request: HttpRequest) -> HttpResponse:
    """Ask for the authenticator's code after the password.

    django-otp slows down repeated wrong codes on each device.
    """
    form = KodeOTPForm(request.POST or None)
    if form.is_valid():
        device = match_token(request.user, form.cleaned_data["kode"])
        if device is not None:
            otp_login(request, device)
            return redirect(_tujuan(request))
        form.add_error(
            "kode",
            _(
                "Kode salah, kedaluwarsa atau sudah dipakai. Masukkan kode yang "
                "sedang tampil; setelah beberapa kesalahan, tunggu sebentar."
            ),
        )
    context = {
        "form": form,
        "punya_perangkat": user_has_device(request.user),
        "next": _tujuan(request),
    }
    return render(request, "organisasi/dua_faktor_verifikasi.html", context)


def _base32(key: bytes) -> str:
    """The key as the base32 text that an app takes when typed in by hand."""
    return b32encode(key).decode("ascii").rstrip("=")
