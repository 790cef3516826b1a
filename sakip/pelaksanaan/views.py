"""The rencana aksi pages: the list, one rencana aksi with its rows, and the
inline editing of its quarterly targets, monthly plans and actions.

An edit GET returns a form: a fragment that HTMX swaps in place of the row,
or the whole page without HTMX. A valid POST returns, for HTMX, the row again
with the warnings summary swapped out of band (so the count above the table
follows the change), and otherwise redirects to the rencana aksi page. An
invalid POST returns the form with its messages beside the fields.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakip.core.angka import format_nilai
from sakip.core.htmx import is_htmx_partial, render_page_or_partial
from sakip.organisasi.models import Unit
from sakip.perencanaan.views.edit import add_errors
from sakip.perjanjian.models import BarisPK, PerjanjianKinerja

from . import selectors, services
from .forms import (
    AksiForm,
    FilterForm,
    TargetFisikForm,
    TargetTriwulanForm,
    TetapkanForm,
)
from .models import Aksi, RencanaAksi

FORM_PAGE = "pelaksanaan/rencana_aksi_form.html"


def _visible(request: HttpRequest, pk: int) -> RencanaAksi:
    return get_object_or_404(
        RencanaAksi.objects.visible_to(request.user).select_related(
            "dokumen__unit", "perjanjian__unit__opd", "perjanjian__dokumen"
        ),
        pk=pk,
    )


def _editable(request: HttpRequest, pk: int) -> RencanaAksi:
    rencana_aksi = _visible(request, pk)
    if not request.user.has_perm("pelaksanaan.ubah_rencana_aksi", rencana_aksi):
        raise PermissionDenied
    return rencana_aksi


def _baris(rencana_aksi: RencanaAksi, pk: int) -> BarisPK:
    return get_object_or_404(
        BarisPK.objects.select_related("indikator__elemen", "indikator__skala"),
        pk=pk,
        perjanjian=rencana_aksi.perjanjian_id,
    )


def _detail_url(rencana_aksi: RencanaAksi, anchor: str = "") -> str:
    url = reverse("pelaksanaan:rencana_aksi_detail", args=[rencana_aksi.pk])
    return f"{url}#{anchor}" if anchor else url


def _summary_context(request: HttpRequest, rencana_aksi: RencanaAksi) -> dict:
    isi = selectors.isi_rencana_aksi(rencana_aksi)
    return {
        "rencana_aksi": rencana_aksi,
        "isi": isi,
        "boleh_ubah": services.can_edit(rencana_aksi=rencana_aksi, user=request.user),
        "dapat_menetapkan": services.can_adopt(
            rencana_aksi=rencana_aksi, user=request.user
        ),
    }


@login_required
def rencana_aksi_list(request: HttpRequest) -> HttpResponse:
    tahun_list = selectors.tahun_list(user=request.user)
    opd_list = Unit.objects.visible_to(request.user).perangkat_daerah()
    form = FilterForm(request.GET or None, tahun_list=tahun_list, opd_list=opd_list)
    tahun = opd = None
    if form.is_valid():
        tahun = form.cleaned_data["tahun"]
        opd = form.cleaned_data["opd"]

    rows = selectors.rencana_aksi_list(
        user=request.user, tahun=tahun, opd_id=opd.pk if opd else None
    )
    context = {"form": form, "rencana_aksi_list": rows}
    return render(request, "pelaksanaan/rencana_aksi_list.html", context)


@login_required
def rencana_aksi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rencana_aksi = _visible(request, pk)
    context = _summary_context(request, rencana_aksi)
    context["riwayat_list"] = rencana_aksi.dokumen.riwayat_status.select_related("oleh")
    return render(request, "pelaksanaan/rencana_aksi_detail.html", context)


@require_POST
@login_required
def rencana_aksi_create(request: HttpRequest, perjanjian: int) -> HttpResponse:
    perjanjian_kinerja = get_object_or_404(
        PerjanjianKinerja.objects.visible_to(request.user), pk=perjanjian
    )

    try:
        rencana_aksi = services.rencana_aksi_buat(
            perjanjian=perjanjian_kinerja, user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("perjanjian:pk_detail", pk=perjanjian_kinerja.pk)
    messages.success(
        request,
        _("Rencana aksi %(kode)s dibuat dari PK; periksa target triwulannya.")
        % {"kode": rencana_aksi.dokumen.kode},
    )
    return redirect(_detail_url(rencana_aksi))


@require_POST
@login_required
def rencana_aksi_tetapkan(request: HttpRequest, pk: int) -> HttpResponse:
    rencana_aksi = _visible(request, pk)
    form = TetapkanForm(request.POST)

    try:
        services.rencana_aksi_tetapkan(
            rencana_aksi=rencana_aksi,
            user=request.user,
            peringatan_dikonfirmasi=form.jumlah_dikonfirmasi(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Rencana aksi ditetapkan."))
    return redirect(_detail_url(rencana_aksi))


# The quarterly targets of one PK row.


def _render_baris(
    request: HttpRequest, rencana_aksi: RencanaAksi, baris: BarisPK
) -> HttpResponse:
    """Render the row's read-only targets and, after a change, the summary
    out of band."""
    if not is_htmx_partial(request):
        return redirect(_detail_url(rencana_aksi, f"baris-{baris.pk}"))
    [row] = selectors.isi_rencana_aksi(rencana_aksi, baris_id=baris.pk).baris
    context = {
        **_summary_context(request, rencana_aksi),
        "row": row,
        "fokus": True,
        "oob": request.method == "POST",
    }
    return render(request, "pelaksanaan/partials/baris_target_respons.html", context)


@login_required
def baris_row(request: HttpRequest, pk: int, baris: int) -> HttpResponse:
    rencana_aksi = _visible(request, pk)
    return _render_baris(request, rencana_aksi, _baris(rencana_aksi, baris))


@login_required
def target_triwulan_edit(request: HttpRequest, pk: int, baris: int) -> HttpResponse:
    rencana_aksi = _editable(request, pk)
    baris_pk = _baris(rencana_aksi, baris)
    [row] = selectors.isi_rencana_aksi(rencana_aksi, baris_id=baris_pk.pk).baris
    skala_values = []
    if baris_pk.indikator.skala_id is not None:
        skala_values = [n.nilai for n in baris_pk.indikator.skala.nilai.all()]
    initial = TargetTriwulanForm.initial_for(
        {sel.periode: sel.nilai for sel in row.triwulan}, jenis=row.jenis
    )
    form = TargetTriwulanForm(
        request.POST or None,
        initial={**initial, "versi": row.versi},
        jenis=row.jenis,
        skala_values=skala_values,
        satuan=baris_pk.indikator.satuan,
        uraian=baris_pk.indikator.uraian,
    )

    if request.method == "POST" and form.is_valid():
        try:
            services.target_triwulan_simpan(
                rencana_aksi=rencana_aksi,
                baris=baris_pk,
                versi=form.cleaned_data["versi"],
                values=form.values(),
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _render_baris(request, rencana_aksi, baris_pk)

    context = {
        "rencana_aksi": rencana_aksi,
        "row": row,
        "form": form,
        "tertutup": not services.can_edit(rencana_aksi=rencana_aksi, user=request.user),
        "partial": "pelaksanaan/partials/baris_target_form.html",
    }
    return render_page_or_partial(
        request,
        template_name=FORM_PAGE,
        partial_name=context["partial"],
        context=context,
    )


# The monthly plan of one sub kegiatan.


def _rencana_fisik(rencana_aksi: RencanaAksi, elemen: int):
    found = selectors.isi_rencana_aksi(rencana_aksi, elemen_id=elemen).fisik
    if not found:
        raise Http404(_("Sub kegiatan ini tidak termasuk dalam PK ini."))
    return found[0]


def _render_fisik(request: HttpRequest, rencana_aksi: RencanaAksi, elemen: int):
    if not is_htmx_partial(request):
        return redirect(_detail_url(rencana_aksi, f"fisik-{elemen}"))
    context = {
        **_summary_context(request, rencana_aksi),
        "fisik": _rencana_fisik(rencana_aksi, elemen),
        "fokus": True,
        "oob": request.method == "POST",
    }
    return render(request, "pelaksanaan/partials/fisik_respons.html", context)


@login_required
def fisik_row(request: HttpRequest, pk: int, elemen: int) -> HttpResponse:
    rencana_aksi = _visible(request, pk)
    return _render_fisik(request, rencana_aksi, elemen)


@login_required
def target_fisik_edit(request: HttpRequest, pk: int, elemen: int) -> HttpResponse:
    rencana_aksi = _editable(request, pk)
    fisik = _rencana_fisik(rencana_aksi, elemen)
    initial = {
        f"bulan_{item.bulan}": ""
        if item.target_fisik is None
        else format_nilai(item.target_fisik)
        for item in fisik.bulan
    }
    form = TargetFisikForm(
        request.POST or None,
        initial={**initial, "versi": fisik.versi},
        nama_bulan=selectors.nama_bulan(),
    )

    if request.method == "POST" and form.is_valid():
        try:
            services.target_fisik_simpan(
                rencana_aksi=rencana_aksi,
                elemen_id=fisik.elemen.pk,
                versi=form.cleaned_data["versi"],
                values=form.values(),
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _render_fisik(request, rencana_aksi, fisik.elemen.pk)

    context = {
        "rencana_aksi": rencana_aksi,
        "fisik": fisik,
        "form": form,
        "baris_form": list(zip(fisik.bulan, _month_fields(form), strict=True)),
        "tertutup": not services.can_edit(rencana_aksi=rencana_aksi, user=request.user),
        "partial": "pelaksanaan/partials/fisik_form.html",
    }
    return render_page_or_partial(
        request,
        template_name=FORM_PAGE,
        partial_name=context["partial"],
        context=context,
    )


def _month_fields(form: TargetFisikForm) -> list:
    return [form[f"bulan_{bulan}"] for bulan in range(1, 13)]


# The actions of one PK row.


def _unit_choices(rencana_aksi: RencanaAksi):
    """Return the units that may be responsible for an action: those of the
    PK's OPD, or every unit for the Kepala Daerah's PK."""
    opd_id = rencana_aksi.perjanjian.unit.opd_id
    units = Unit.objects.exclude(jenis=Unit.Jenis.PEMDA)
    if opd_id is not None:
        units = units.filter(opd_id=opd_id)
    return units.order_by("urutan", "kode")


def _render_aksi_list(
    request: HttpRequest,
    rencana_aksi: RencanaAksi,
    baris: BarisPK,
    galat: list[str] | None = None,
) -> HttpResponse:
    if not is_htmx_partial(request):
        for pesan in galat or []:
            messages.error(request, pesan)
        return redirect(_detail_url(rencana_aksi, f"baris-{baris.pk}-aksi"))
    [row] = selectors.isi_rencana_aksi(rencana_aksi, baris_id=baris.pk).baris
    context = {
        "rencana_aksi": rencana_aksi,
        "row": row,
        "boleh_ubah": services.can_edit(rencana_aksi=rencana_aksi, user=request.user),
        "galat": galat or [],
        "fokus": True,
    }
    response = render(request, "pelaksanaan/partials/aksi_list.html", context)
    response["HX-Retarget"] = f"#baris-{baris.pk}-aksi"
    response["HX-Reswap"] = "outerHTML"
    return response


def _render_aksi_form(request, *, rencana_aksi, baris, form, action, judul):
    context = {
        "rencana_aksi": rencana_aksi,
        "baris": baris,
        "form": form,
        "action": action,
        "judul": judul,
        "tertutup": not services.can_edit(rencana_aksi=rencana_aksi, user=request.user),
        "partial": "pelaksanaan/partials/aksi_form.html",
    }
    return render_page_or_partial(
        request,
        template_name=FORM_PAGE,
        partial_name=context["partial"],
        context=context,
    )


@login_required
def aksi_create(request: HttpRequest, pk: int, baris: int) -> HttpResponse:
    rencana_aksi = _editable(request, pk)
    baris_pk = _baris(rencana_aksi, baris)
    form = AksiForm(
        request.POST or None,
        initial={"unit_pj": rencana_aksi.perjanjian.unit_id},
        units=_unit_choices(rencana_aksi),
    )

    if request.method == "POST" and form.is_valid():
        try:
            services.aksi_tambah(
                rencana_aksi=rencana_aksi,
                baris=baris_pk,
                periode=form.cleaned_data["periode"],
                uraian=form.cleaned_data["uraian"],
                unit_pj=form.cleaned_data["unit_pj"],
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _render_aksi_list(request, rencana_aksi, baris_pk)

    return _render_aksi_form(
        request,
        rencana_aksi=rencana_aksi,
        baris=baris_pk,
        form=form,
        action=reverse("pelaksanaan:aksi_create", args=[rencana_aksi.pk, baris_pk.pk]),
        judul=_("Tambah aksi"),
    )


def _editable_aksi(request: HttpRequest, pk: int) -> Aksi:
    aksi = get_object_or_404(
        Aksi.objects.visible_to(request.user).select_related(
            "rencana_aksi__dokumen", "rencana_aksi__perjanjian__unit__opd", "baris"
        ),
        pk=pk,
    )
    if not request.user.has_perm("pelaksanaan.ubah_rencana_aksi", aksi.rencana_aksi):
        raise PermissionDenied
    return aksi


@login_required
def aksi_update(request: HttpRequest, pk: int) -> HttpResponse:
    aksi = _editable_aksi(request, pk)
    rencana_aksi = aksi.rencana_aksi
    initial = {
        "periode": aksi.periode,
        "uraian": aksi.uraian,
        "unit_pj": aksi.unit_pj_id,
        "versi": selectors.versi_aksi(aksi),
    }
    form = AksiForm(
        request.POST or None, initial=initial, units=_unit_choices(rencana_aksi)
    )

    if request.method == "POST" and form.is_valid():
        try:
            services.aksi_ubah(
                aksi=aksi,
                versi=form.cleaned_data["versi"],
                periode=form.cleaned_data["periode"],
                uraian=form.cleaned_data["uraian"],
                unit_pj=form.cleaned_data["unit_pj"],
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _render_aksi_list(request, rencana_aksi, aksi.baris)

    return _render_aksi_form(
        request,
        rencana_aksi=rencana_aksi,
        baris=aksi.baris,
        form=form,
        action=reverse("pelaksanaan:aksi_update", args=[aksi.pk]),
        judul=_("Ubah aksi"),
    )


@require_POST
@login_required
def aksi_delete(request: HttpRequest, pk: int) -> HttpResponse:
    aksi = _editable_aksi(request, pk)

    try:
        services.aksi_hapus(
            aksi=aksi, versi=request.POST.get("versi", ""), user=request.user
        )
    except ValidationError as error:
        return _render_aksi_list(
            request, aksi.rencana_aksi, aksi.baris, galat=error.messages
        )
    return _render_aksi_list(request, aksi.rencana_aksi, aksi.baris)


def perjanjian_panel_context(request: HttpRequest, perjanjian: PerjanjianKinerja):
    """Context of the rencana aksi panel on a PK's page."""
    rencana_aksi = selectors.rencana_aksi_of(perjanjian)
    return {
        "rencana_aksi": rencana_aksi,
        "dapat_membuat": rencana_aksi is None
        and services.can_create(perjanjian=perjanjian, user=request.user),
    }
