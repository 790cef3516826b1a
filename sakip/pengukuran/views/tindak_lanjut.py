"""The corrective actions: the list of a year, and one action's page where its
unit plans it and closes it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakip.perencanaan.views.edit import add_errors

from ..models import TindakLanjutKinerja
from ..monitoring_forms import (
    RencanaTindakLanjutForm,
    SelesaiTindakLanjutForm,
    TahunFilterForm,
)
from ..tindak_lanjut import (
    can_edit,
    tindak_lanjut_list,
    tindak_lanjut_rencana_aksi,
    tindak_lanjut_rencanakan,
    tindak_lanjut_selesaikan,
)


@login_required
def tindak_lanjut_index(request: HttpRequest) -> HttpResponse:
    form = TahunFilterForm(request.GET)
    tahun = form.tahun_or(timezone.localdate().year)
    rows = tindak_lanjut_list(user=request.user, tahun=tahun)
    context = {"form": form, "tahun": tahun, "tindak_lanjut_list": rows}
    return render(request, "pengukuran/tindak_lanjut_list.html", context)


@login_required
def tindak_lanjut_edit(request: HttpRequest, pk: int) -> HttpResponse:
    tindak_lanjut = _visible(request, pk)
    rencana_form = RencanaTindakLanjutForm(
        initial={
            "faktor_penghambat": tindak_lanjut.faktor_penghambat,
            "tindakan": tindak_lanjut.tindakan,
            "pelaksana": tindak_lanjut.pelaksana,
            "tenggat": tindak_lanjut.tenggat,
        }
    )
    selesai_form = SelesaiTindakLanjutForm(
        initial={"selesai_pada": timezone.localdate()}
    )

    if request.method == "POST":
        if not can_edit(user=request.user, tindak_lanjut=tindak_lanjut):
            raise PermissionDenied
        rencana_form = RencanaTindakLanjutForm(request.POST)
        if rencana_form.is_valid():
            try:
                tindak_lanjut_rencanakan(
                    user=request.user,
                    tindak_lanjut=tindak_lanjut,
                    **{
                        name: rencana_form.cleaned_data[name]
                        for name in ("faktor_penghambat", "tindakan", "pelaksana")
                    },
                    tenggat=rencana_form.cleaned_data["tenggat"],
                )
            except ValidationError as error:
                add_errors(rencana_form, error)
            else:
                messages.success(request, _("Rencana tindak lanjut disimpan."))
                return redirect("pengukuran:tindak_lanjut_edit", pk=pk)

    return _render(request, tindak_lanjut, rencana_form, selesai_form)


@require_POST
@login_required
def tindak_lanjut_selesai(request: HttpRequest, pk: int) -> HttpResponse:
    tindak_lanjut = _visible(request, pk)
    if not can_edit(user=request.user, tindak_lanjut=tindak_lanjut):
        raise PermissionDenied

    form = SelesaiTindakLanjutForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            tindak_lanjut_selesaikan(
                user=request.user,
                tindak_lanjut=tindak_lanjut,
                hasil=form.cleaned_data["hasil"],
                selesai_pada=form.cleaned_data["selesai_pada"],
                bukti=request.FILES.get("bukti"),
                bukti_tautan=form.cleaned_data["bukti_tautan"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Tindak lanjut ditandai selesai."))
            return redirect("pengukuran:tindak_lanjut_edit", pk=pk)

    rencana_form = RencanaTindakLanjutForm(
        initial={
            "faktor_penghambat": tindak_lanjut.faktor_penghambat,
            "tindakan": tindak_lanjut.tindakan,
            "pelaksana": tindak_lanjut.pelaksana,
            "tenggat": tindak_lanjut.tenggat,
        }
    )
    return _render(request, tindak_lanjut, rencana_form, form, status=400)


def rencana_aksi_panel_context(request: HttpRequest, rencana_aksi) -> dict:
    """Context of the corrective-action panel on the rencana aksi page, which
    found ``rencana_aksi`` through ``visible_to``."""
    return {"tindak_lanjut_list": tindak_lanjut_rencana_aksi(rencana_aksi)}


def _visible(request: HttpRequest, pk: int) -> TindakLanjutKinerja:
    return get_object_or_404(
        TindakLanjutKinerja.objects.visible_to(request.user).select_related(
            "indikator__elemen", "unit", "diubah_oleh"
        ),
        pk=pk,
    )


def _render(request, tindak_lanjut, rencana_form, selesai_form, *, status=None):
    if status is None and (rencana_form.errors or selesai_form.errors):
        status = 400
    context = {
        "tindak_lanjut": tindak_lanjut,
        "rencana_form": rencana_form,
        "selesai_form": selesai_form,
        "boleh_ubah": can_edit(user=request.user, tindak_lanjut=tindak_lanjut),
        "riwayat_list": tindak_lanjut.history.select_related("history_user")[:50],
    }
    return render(request, "pengukuran/tindak_lanjut_edit.html", context, status=status)
