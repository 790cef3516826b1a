from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakip.organisasi.models import Unit

from . import docx_template, dokumen, selectors, services
from .forms import PerjanjianCreateForm, PerubahanForm, VerifikasiBerkasForm
from .models import PerjanjianKinerja


def _visible_pk(request: HttpRequest, pk: int) -> PerjanjianKinerja:
    return get_object_or_404(
        PerjanjianKinerja.objects.visible_to(request.user).select_related(
            "unit", "dokumen__versi_sebelumnya", "sumber", "ditandatangani_oleh"
        ),
        pk=pk,
    )


@login_required
def pk_list(request: HttpRequest) -> HttpResponse:
    context = {
        "perjanjian_list": selectors.perjanjian_list(user=request.user),
        "dapat_membuat": request.user.is_admin_bappeda or request.user.is_operator_opd,
    }
    return render(request, "perjanjian/pk_list.html", context)


@login_required
def pk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = _visible_pk(request, pk)
    baris = selectors.baris_list(perjanjian=perjanjian)
    context = {
        "perjanjian": perjanjian,
        "baris_list": baris,
        "anggaran_list": selectors.anggaran_list(perjanjian=perjanjian, baris=baris),
        "perbedaan_list": selectors.perbedaan_target(perjanjian=perjanjian),
        "dapat_menandatangani": not perjanjian.is_ditandatangani
        and services.can_sign(request.user, perjanjian),
        "dapat_membuat_perubahan": perjanjian.is_ditandatangani
        and not perjanjian.dokumen.versi_berikutnya.exists()
        and Unit.objects.editable_by(request.user)
        .filter(pk=perjanjian.unit_id)
        .exists(),
        "perubahan_form": PerubahanForm(),
    }
    return render(request, "perjanjian/pk_detail.html", context)


@login_required
def pk_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.is_admin_bappeda or user.is_operator_opd):
        raise PermissionDenied(
            _("Hanya Admin Bappeda dan Operator OPD yang dapat membuat PK.")
        )
    form = PerjanjianCreateForm(
        request.POST or None, units=Unit.objects.editable_by(user)
    )

    if request.method == "POST" and form.is_valid():
        try:
            perjanjian = services.pk_buat_dari_sumber(user=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("PK %(kode)s dibuat.") % {"kode": perjanjian.dokumen.kode}
            )
            return redirect("perjanjian:pk_detail", pk=perjanjian.pk)

    return render(request, "perjanjian/pk_create.html", {"form": form})


@require_POST
@login_required
def pk_tandatangani(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = _visible_pk(request, pk)

    try:
        services.pk_tandatangani(
            perjanjian=perjanjian,
            user=request.user,
            base_url=request.build_absolute_uri("/"),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("PK ditandatangani."))
    return redirect("perjanjian:pk_detail", pk=perjanjian.pk)


@require_POST
@login_required
def pk_perubahan(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = _visible_pk(request, pk)
    form = PerubahanForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label
            messages.error(request, f"{label}: {' '.join(errors)}")
        return redirect("perjanjian:pk_detail", pk=perjanjian.pk)

    try:
        baru = services.pk_buat_perubahan(
            perjanjian=perjanjian, user=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("perjanjian:pk_detail", pk=perjanjian.pk)
    messages.success(request, _("Perubahan PK dibuat."))
    return redirect("perjanjian:pk_detail", pk=baru.pk)


@login_required
def pk_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the signed PDF as it was stored, or a draft rendered now."""
    perjanjian = _visible_pk(request, pk)
    nama = f"{perjanjian.dokumen.kode}.pdf"
    if perjanjian.berkas:
        return FileResponse(
            perjanjian.berkas.open("rb"), as_attachment=True, filename=nama
        )
    pdf = dokumen.render_pk_pdf(perjanjian)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response


@login_required
def pk_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the PK as a Word document rendered now, with the Pemda's uploaded
    template for its level if there is one."""
    perjanjian = _visible_pk(request, pk)
    response = HttpResponse(
        docx_template.render_pk_docx_with_templat(perjanjian),
        content_type=docx_template.DOCX_CONTENT_TYPE,
    )
    nama = f"{perjanjian.dokumen.kode}.docx"
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response


def pk_verifikasi(request: HttpRequest, kode: str) -> HttpResponse:
    """Public page of a signed PK, where anyone can check a copy of its file."""
    perjanjian = get_object_or_404(
        PerjanjianKinerja.objects.select_related("unit", "dokumen"),
        kode_verifikasi=kode,
        status=PerjanjianKinerja.Status.DITANDATANGANI,
    )
    form = VerifikasiBerkasForm(request.POST or None, request.FILES or None)
    hasil = None
    if request.method == "POST" and form.is_valid():
        sha256 = dokumen.sha256_of(form.cleaned_data["berkas"].chunks())
        hasil = {"sha256": sha256, "asli": sha256 == perjanjian.berkas_sha256}
    context = {
        "perjanjian": perjanjian,
        "baris_list": selectors.baris_list(perjanjian=perjanjian),
        "form": form,
        "hasil": hasil,
    }
    return render(request, "perjanjian/pk_verifikasi.html", context)
