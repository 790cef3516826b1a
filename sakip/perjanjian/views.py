from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakip.core.angka import format_nilai
from sakip.core.htmx import is_htmx_partial, render_page_or_partial
from sakip.organisasi.models import Unit
from sakip.perencanaan.views.edit import add_errors

from . import docx_template, dokumen, selectors, services
from .forms import (
    PerjanjianCreateForm,
    PerubahanForm,
    TandatanganiForm,
    TargetPKForm,
    VerifikasiBerkasForm,
)
from .models import BarisPK, PerjanjianKinerja


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
    pengganti = selectors.perjanjian_pengganti(perjanjian=perjanjian)
    signed = perjanjian.is_ditandatangani
    boleh_ubah = services.can_edit(user=request.user, perjanjian=perjanjian)
    context = {
        "perjanjian": perjanjian,
        "judul": dokumen.judul_pk(perjanjian),
        "tempat": dokumen.tempat_pk(perjanjian),
        "pengganti": pengganti,
        "baris_list": baris,
        "anggaran_list": selectors.anggaran_list(perjanjian=perjanjian, baris=baris),
        "perbedaan_list": selectors.perbedaan_target(perjanjian=perjanjian),
        "boleh_ubah_target": not signed and boleh_ubah,
        "dapat_menandatangani": not signed
        and services.can_sign(request.user, perjanjian),
        "tandatangani_form": TandatanganiForm(),
        "dapat_membuat_perubahan": signed and pengganti is None and boleh_ubah,
        "perubahan_form": PerubahanForm(),
    }
    return render(request, "perjanjian/pk_detail.html", context)


def _visible_baris(request: HttpRequest, pk: int) -> BarisPK:
    return get_object_or_404(
        BarisPK.objects.filter(
            perjanjian__in=PerjanjianKinerja.objects.visible_to(request.user)
        ).select_related(
            "perjanjian__unit",
            "perjanjian__dokumen",
            "indikator__elemen",
            "indikator__skala",
            "target",
            "target_sumber",
            "mendukung__indikator",
        ),
        pk=pk,
    )


def _render_baris(request: HttpRequest, baris: BarisPK) -> HttpResponse:
    """Render the row of the target table for HTMX, with the differences
    section out of band after a change, else redirect to the PK page."""
    perjanjian = baris.perjanjian
    if not is_htmx_partial(request):
        url = reverse("perjanjian:pk_detail", args=[perjanjian.pk])
        return redirect(f"{url}#baris-{baris.pk}")
    baris = _visible_baris(request, baris.pk)
    earlier = Q(urutan__lt=baris.urutan) | Q(urutan=baris.urutan, pk__lt=baris.pk)
    context = {
        "perjanjian": perjanjian,
        "baris": baris,
        "nomor": perjanjian.baris.filter(earlier).count() + 1,
        "boleh_ubah_target": not perjanjian.is_ditandatangani
        and services.can_edit(user=request.user, perjanjian=perjanjian),
        "fokus": True,
        "oob": request.method == "POST",
    }
    if context["oob"]:
        context["perbedaan_list"] = selectors.perbedaan_target(perjanjian=perjanjian)
    return render(request, "perjanjian/partials/baris_respons.html", context)


def _angka(value) -> str:
    """Format a stored value in the Indonesian form the number inputs take."""
    return "" if value is None else format_nilai(value)


@login_required
def baris_row(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_baris(request, _visible_baris(request, pk))


@login_required
def baris_target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    baris = _visible_baris(request, pk)
    perjanjian = baris.perjanjian
    if not services.can_edit(user=request.user, perjanjian=perjanjian):
        raise PermissionDenied(
            _("Hanya Admin Bappeda atau Operator OPD unit ini yang dapat mengubah PK.")
        )
    target = baris.target
    initial = {
        "nilai": _angka(target.nilai),
        "nilai_skala": target.nilai_skala,
        "batas_bawah": _angka(target.batas_bawah),
        "batas_atas": _angka(target.batas_atas),
        "alasan": baris.alasan_perubahan_target,
        "versi": selectors.target_version(baris),
    }
    form = TargetPKForm(request.POST or None, initial=initial, baris=baris)

    if request.method == "POST" and form.is_valid():
        try:
            services.pk_ubah_target(baris=baris, user=request.user, **form.values())
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _render_baris(request, baris)

    context = {
        "perjanjian": perjanjian,
        "baris": baris,
        "form": form,
        "tertutup": perjanjian.is_ditandatangani,
    }
    return render_page_or_partial(
        request,
        template_name="perjanjian/baris_target_form.html",
        partial_name="perjanjian/partials/baris_target_form.html",
        context=context,
    )


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
    if not services.can_sign(request.user, perjanjian):
        raise PermissionDenied(
            _(
                "Hanya Kepala OPD dari unit pihak pertama atau Admin Bappeda yang "
                "dapat menandatangani PK ini."
            )
        )
    form = TandatanganiForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("perjanjian:pk_detail", pk=perjanjian.pk)

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
    content = docx_template.render_pk_docx_with_templat(
        perjanjian, base_url=request.build_absolute_uri("/")
    )
    response = HttpResponse(content, content_type=docx_template.DOCX_CONTENT_TYPE)
    nama = f"{perjanjian.dokumen.kode}.docx"
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response


def pk_verifikasi(request: HttpRequest, kode: str) -> HttpResponse:
    """Public page of a signed PK, where anyone can check a copy of its file."""
    perjanjian = get_object_or_404(
        PerjanjianKinerja.objects.select_related("unit", "dokumen"),
        # Codes are stored in capitals; one typed off paper may be in any case.
        kode_verifikasi=kode.upper(),
        status=PerjanjianKinerja.Status.DITANDATANGANI,
    )
    form = VerifikasiBerkasForm(request.POST or None, request.FILES or None)
    hasil = None
    if request.method == "POST" and form.is_valid():
        sha256 = dokumen.sha256_of(form.cleaned_data["berkas"].chunks())
        hasil = {"sha256": sha256, "asli": sha256 == perjanjian.berkas_sha256}
    pengganti = selectors.perjanjian_pengganti(perjanjian=perjanjian)
    context = {
        "perjanjian": perjanjian,
        "judul": dokumen.judul_pk(perjanjian),
        "pengganti": pengganti,
        # The newer version's page is shown to a logged-in user who may see it.
        "pengganti_terlihat": pengganti is not None
        and PerjanjianKinerja.objects.visible_to(request.user)
        .filter(pk=pengganti.pk)
        .exists(),
        "baris_list": selectors.baris_list(perjanjian=perjanjian),
        "form": form,
        "hasil": hasil,
    }
    return render(request, "perjanjian/pk_verifikasi.html", context)
