"""Pages of Admin Bappeda: the audit trail of every audited model, and the
closing (archiving) of years."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import AuditFilterForm, TahunBukaForm, TahunTutupForm
from .models import TahunDitutup
from .panels import PANELS
from .selectors import audit_page, audit_search, riwayat_terkait
from .services import tahun_buka, tahun_tutup

AUDIT_PER_PAGE = 50


def _ensure_admin(request: HttpRequest) -> None:
    if not request.user.is_admin_bappeda:
        raise PermissionDenied


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    _ensure_admin(request)
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}

    rows = audit_search(
        model_labels=[filters["model"]] if filters.get("model") else [],
        pengguna_id=filters["pengguna"].pk if filters.get("pengguna") else None,
        unit=filters.get("unit"),
        dari=filters.get("dari"),
        sampai=filters.get("sampai"),
        object_id=filters.get("objek"),
    )
    halaman = Paginator(rows, AUDIT_PER_PAGE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)

    return render(
        request,
        "arsip/audit_list.html",
        {
            "form": form,
            "halaman": halaman,
            "catatan_list": audit_page(halaman.object_list),
            "query": query.urlencode(),
        },
    )


@login_required
def tahun_list(request: HttpRequest) -> HttpResponse:
    _ensure_admin(request)
    return render(
        request,
        "arsip/tahun_list.html",
        {
            "tahun_list": TahunDitutup.objects.select_related("ditutup_oleh"),
            "form": TahunTutupForm(),
            "form_buka": TahunBukaForm(),
        },
    )


@require_POST
@login_required
def tahun_tutup_view(request: HttpRequest) -> HttpResponse:
    _ensure_admin(request)
    form = TahunTutupForm(request.POST)
    if form.is_valid():
        try:
            row, dilanjutkan = tahun_tutup(
                tahun=form.cleaned_data["tahun"],
                user=request.user,
                alasan=form.cleaned_data["alasan"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "Tahun %(tahun)s ditutup. %(jumlah)s tindak lanjut yang belum "
                    "selesai dilanjutkan ke tahun %(berikut)s."
                )
                % {
                    "tahun": row.tahun,
                    "jumlah": len(dilanjutkan),
                    "berikut": row.tahun + 1,
                },
            )
    else:
        messages.error(request, " ".join(m for e in form.errors.values() for m in e))
    return redirect("arsip:tahun_list")


@require_POST
@login_required
def tahun_buka_view(request: HttpRequest, tahun: int) -> HttpResponse:
    _ensure_admin(request)
    form = TahunBukaForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Alasan membuka kembali tahun wajib diisi."))
        tahun_buka(tahun=tahun, user=request.user, alasan=form.cleaned_data["alasan"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Tahun %(tahun)s dibuka kembali.") % {"tahun": tahun}
        )
    return redirect("arsip:tahun_list")


@login_required
def riwayat_panel(request: HttpRequest, jenis: str, pk: int) -> HttpResponse:
    """Render the Riwayat panel of an object that the user may see, for the
    placeholder on its detail page."""
    if jenis not in PANELS:
        raise Http404
    _slot, model, sources = PANELS[jenis]
    obj = get_object_or_404(model.objects.visible_to(request.user), pk=pk)

    return render(
        request,
        "arsip/partials/panel_riwayat_isi.html",
        {
            "object": obj,
            "riwayat": riwayat_terkait(sources(obj)),
            "riwayat_model": model._meta.label_lower,
        },
    )
