from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sakip.perencanaan.models import Dokumen, Elemen

from . import matriks, selectors, services
from .forms import PaguIndikatifForm, RenjaCreateForm, RkpdCreateForm


@login_required
def renja_list(request: HttpRequest) -> HttpResponse:
    context = {
        "renja_list": selectors.renja_list(user=request.user),
        "rkpd_list": selectors.rkpd_list(user=request.user),
        "dapat_membuat": selectors.renstra_editable_list(user=request.user).exists(),
    }
    return render(request, "tahunan/renja_list.html", context)


@login_required
def renja_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.is_admin_bappeda or user.is_operator_opd):
        raise PermissionDenied(
            _("Hanya Admin Bappeda dan Operator OPD yang dapat membuat Renja.")
        )
    renstra_list = selectors.renstra_editable_list(user=request.user)
    form = RenjaCreateForm(request.POST or None, renstra_list=renstra_list)

    if request.method == "POST" and form.is_valid():
        try:
            renja = services.renja_buat_dari_renstra(
                renstra=form.cleaned_data["renstra"],
                tahun=form.cleaned_data["tahun"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Renja %(kode)s dibuat.") % {"kode": renja.kode}
            )
            return redirect("perencanaan:dokumen_detail", pk=renja.pk)

    return render(request, "tahunan/renja_create.html", {"form": form})


@login_required
def pagu_edit(request: HttpRequest, pk: int) -> HttpResponse:
    renja = get_object_or_404(
        Dokumen.objects.visible_to(request.user)
        .filter(jenis=Dokumen.Jenis.RENJA)
        .select_related("unit"),
        pk=pk,
    )
    if not Dokumen.objects.editable_by(request.user).filter(pk=renja.pk).exists():
        raise PermissionDenied

    tabel = selectors.pagu_table(renja=renja)
    rows = tabel.baris()
    sub_kegiatan = [
        row.elemen for row in rows if row.elemen.jenis == Elemen.Jenis.SUB_KEGIATAN
    ]
    initial = {
        row.elemen.pk: (row.pagu, row.prakiraan_maju)
        for row in rows
        if row.elemen.jenis == Elemen.Jenis.SUB_KEGIATAN
    }
    form = PaguIndikatifForm(
        request.POST or None, sub_kegiatan=sub_kegiatan, initial_nilai=initial
    )

    if request.method == "POST" and form.is_valid():
        try:
            services.pagu_indikatif_simpan(
                renja=renja, nilai=form.nilai(), user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Pagu indikatif disimpan."))
            return redirect("tahunan:pagu_edit", pk=renja.pk)

    baris = [
        (row, form.field_pair(row.elemen) if row.elemen in sub_kegiatan else None)
        for row in rows
    ]
    context = {"dokumen": renja, "tabel": tabel, "baris": baris, "form": form}
    return render(request, "tahunan/pagu_edit.html", context)


@login_required
def rkpd_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_admin_bappeda:
        raise PermissionDenied
    form = RkpdCreateForm(request.POST or None)

    if request.method == "POST" and form.is_valid():
        try:
            rkpd = services.rkpd_susun(
                tahun=form.cleaned_data["tahun"], user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("RKPD %(kode)s disusun.") % {"kode": rkpd.kode})
            return redirect("perencanaan:dokumen_detail", pk=rkpd.pk)

    return render(request, "tahunan/rkpd_create.html", {"form": form})


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def matriks_renstra(request: HttpRequest, pk: int) -> HttpResponse:
    return _matriks_response(request, pk, Dokumen.Jenis.RENSTRA)


@login_required
def matriks_renja(request: HttpRequest, pk: int) -> HttpResponse:
    return _matriks_response(request, pk, Dokumen.Jenis.RENJA)


def _matriks_response(request: HttpRequest, pk: int, jenis: str) -> HttpResponse:
    dokumen = get_object_or_404(
        Dokumen.objects.visible_to(request.user)
        .filter(jenis=jenis)
        .select_related("unit"),
        pk=pk,
    )

    workbook = matriks.matriks_workbook(dokumen=dokumen, user=request.user)

    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    filename = f"matriks-{dokumen.kode}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def matriks_panel_context(request: HttpRequest, dokumen: Dokumen) -> dict:
    """Context of the download link on a Renstra's or Renja's page."""
    names = {
        Dokumen.Jenis.RENSTRA: "tahunan:matriks_renstra",
        Dokumen.Jenis.RENJA: "tahunan:matriks_renja",
    }
    return {"url_name": names.get(dokumen.jenis), "dokumen": dokumen}
