"""The page of the input windows, for Admin Bappeda: the windows of a year,
a form to add or change one, and the reopening of a window for one OPD."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import BukaUlangForm, JadwalForm
from ..jadwal import (
    buka_ulang_buat,
    jadwal_isi_bawaan,
    jadwal_simpan,
    jadwal_tahun_list,
    label_periode,
)
from ..models import JadwalInput


def _ensure_admin(request: HttpRequest) -> None:
    if not request.user.has_perm("pengukuran.atur_jadwal"):
        raise PermissionDenied


def _tahun(params) -> int:
    """Return the year given in ``params`` (a QueryDict), else this year."""
    value = params.get("tahun", "")
    if value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return timezone.localdate().year


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the form's fields, or above the
    form for a field that the form does not have."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def jadwal_list(request: HttpRequest) -> HttpResponse:
    _ensure_admin(request)
    tahun = _tahun(request.GET)
    form = JadwalForm(request.POST or None, initial={"tahun": tahun})

    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            jadwal = jadwal_simpan(
                user=request.user,
                tahun=data["tahun"],
                periode=data["periode"],
                mulai=data["mulai"],
                selesai=data["selesai"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Jadwal input %(jadwal)s disimpan.") % {"jadwal": jadwal}
            )
            return _back(jadwal.tahun)
    context = {
        "tahun": tahun,
        "form": form,
        "jadwal_list": jadwal_tahun_list(tahun=tahun),
        "sekarang": timezone.now(),
    }
    return render(request, "pengukuran/jadwal_list.html", context)


@require_POST
@login_required
def jadwal_bawaan_view(request: HttpRequest) -> HttpResponse:
    """Create the default windows of the year that have none."""
    _ensure_admin(request)
    tahun = _tahun(request.POST)
    dibuat = jadwal_isi_bawaan(user=request.user, tahun=tahun)
    messages.success(
        request,
        _("%(jumlah)s jadwal input tahun %(tahun)s dibuat.")
        % {"jumlah": dibuat, "tahun": tahun},
    )
    return _back(tahun)


@login_required
def jadwal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _ensure_admin(request)
    jadwal = get_object_or_404(JadwalInput, pk=pk)
    form = JadwalForm(request.POST or None, instance=jadwal)

    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            jadwal_simpan(
                user=request.user,
                tahun=data["tahun"],
                periode=data["periode"],
                mulai=data["mulai"],
                selesai=data["selesai"],
                jadwal=jadwal,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Jadwal input %(jadwal)s disimpan.") % {"jadwal": jadwal}
            )
            return _back(jadwal.tahun)
    context = {
        "form": form,
        "jadwal": jadwal,
        "judul": _("Ubah jadwal input %(periode)s")
        % {"periode": label_periode(jadwal.periode, jadwal.tahun)},
    }
    return render(request, "pengukuran/jadwal_form.html", context)


@login_required
def jadwal_buka_ulang(request: HttpRequest, pk: int) -> HttpResponse:
    _ensure_admin(request)
    jadwal = get_object_or_404(JadwalInput, pk=pk)
    form = BukaUlangForm(request.POST or None)

    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            buka_ulang_buat(
                user=request.user,
                jadwal=jadwal,
                unit=data["unit"],
                sampai=data["sampai"],
                alasan=data["alasan"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Jadwal input %(jadwal)s dibuka ulang untuk %(unit)s.")
                % {"jadwal": jadwal, "unit": data["unit"].nama},
            )
            return _back(jadwal.tahun)
    context = {
        "form": form,
        "jadwal": jadwal,
        "judul": _("Buka ulang jadwal input %(periode)s")
        % {"periode": label_periode(jadwal.periode, jadwal.tahun)},
    }
    return render(request, "pengukuran/jadwal_form.html", context)


def _back(tahun: int) -> HttpResponse:
    return redirect(f"{reverse('pengukuran:jadwal_list')}?tahun={tahun}")
