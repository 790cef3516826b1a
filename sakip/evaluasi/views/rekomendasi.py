"""The pages of recommendations and their follow-up: an evaluation's
recommendations, the open ones of every unit, one recommendation with its
follow-up, and the panel on the planning documents of the unit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sakip.organisasi.models import Unit
from sakip.perencanaan.models import Dokumen

from ..forms import (
    AlasanForm,
    CatatanForm,
    RekomendasiForm,
    RekomendasiKementerianForm,
    TindakLanjutForm,
)
from ..models import LkeTemplate, Rekomendasi, TindakLanjut
from ..rekomendasi import (
    IsianRekomendasi,
    IsianTindakLanjut,
    boleh_menilai,
    boleh_tindak_lanjut,
    rekomendasi_create,
    rekomendasi_kementerian_create,
    rekomendasi_tutup,
    tindak_lanjut_create,
    tindak_lanjut_kembalikan,
)
from ..selectors import rekomendasi_list as select_rekomendasi
from ..services import boleh_atur_evaluasi
from .bukti import serve_bukti, too_large
from .penilaian import get_evaluasi

# The planning documents on whose page a unit's open recommendations show.
JENIS_PANEL = {
    Dokumen.Jenis.RENSTRA,
    Dokumen.Jenis.RENJA,
    Dokumen.Jenis.RPJMD,
    Dokumen.Jenis.RKPD,
}
FORBIDDEN = gettext_lazy("Anda tidak berwenang melakukan ini.")


def get_rekomendasi(request: HttpRequest, pk: int) -> Rekomendasi:
    return get_object_or_404(
        Rekomendasi.objects.visible_to(request.user).select_related(
            "unit", "evaluasi", "komponen", "dibuat_oleh", "ditutup_oleh"
        ),
        pk=pk,
    )


def _mark_terlambat(rekomendasi_list) -> None:
    today = timezone.localdate()
    for item in rekomendasi_list:
        item.is_terlambat = item.terlambat(today)


@login_required
def rekomendasi_evaluasi(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the recommendations of one evaluation, with the form for a new
    one when the user may write them."""
    evaluasi = get_evaluasi(request, pk)

    rekomendasi_list = list(
        evaluasi.rekomendasi.select_related("komponen").order_by("pk")
    )
    _mark_terlambat(rekomendasi_list)
    boleh_tulis = boleh_menilai(request.user, evaluasi.unit)
    context = {
        "evaluasi": evaluasi,
        "rekomendasi_list": rekomendasi_list,
        "boleh_tulis": boleh_tulis,
        "form": RekomendasiForm(template_id=evaluasi.template_id)
        if boleh_tulis
        else None,
    }
    return render(request, "evaluasi/rekomendasi_evaluasi.html", context)


@login_required
def rekomendasi_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    evaluasi = get_evaluasi(request, pk)
    if not boleh_menilai(request.user, evaluasi.unit):
        raise PermissionDenied(FORBIDDEN)

    form = RekomendasiForm(request.POST or None, template_id=evaluasi.template_id)
    if request.method == "POST" and form.is_valid():
        try:
            rekomendasi_create(
                user=request.user, evaluasi=evaluasi, isian=_isian_rekomendasi(form)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Rekomendasi disimpan."))
            return redirect("evaluasi:rekomendasi_evaluasi", evaluasi.pk)
    context = {"evaluasi": evaluasi, "form": form}
    return render(request, "evaluasi/rekomendasi_form.html", context)


@login_required
def rekomendasi_kementerian_create_view(request: HttpRequest) -> HttpResponse:
    """Record a recommendation of the ministry's evaluation of the Pemda."""
    pemda = get_object_or_404(Unit, jenis=Unit.Jenis.PEMDA)
    if not boleh_menilai(request.user, pemda):
        raise PermissionDenied(FORBIDDEN)

    template_id = (
        LkeTemplate.objects.order_by("-dimuat_pada")
        .values_list("pk", flat=True)
        .first()
    )
    form = RekomendasiKementerianForm(
        request.POST or None,
        template_id=template_id,
        initial={"tahun": timezone.localdate().year - 1},
    )
    if request.method == "POST" and form.is_valid():
        try:
            rekomendasi = rekomendasi_kementerian_create(
                user=request.user,
                pemda=pemda,
                tahun=form.cleaned_data["tahun"],
                isian=_isian_rekomendasi(form),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Rekomendasi Kementerian PANRB disimpan."))
            return redirect("evaluasi:rekomendasi_detail", rekomendasi.pk)
    context = {"evaluasi": None, "pemda": pemda, "form": form}
    return render(request, "evaluasi/rekomendasi_form.html", context)


@login_required
def rekomendasi_list(request: HttpRequest) -> HttpResponse:
    """Show the recommendations of every unit the user may see, the open
    ones unless a status is chosen, ordered by unit, overdue ones marked."""
    units = Unit.objects.visible_to(request.user).exclude(jenis=Unit.Jenis.BIDANG)
    try:
        unit_id = int(request.GET.get("unit") or 0) or None
    except ValueError:
        unit_id = None
    status = request.GET.get("status", "terbuka")
    if status not in {"terbuka", "", *Rekomendasi.Status.values}:
        status = "terbuka"

    rekomendasi_list = select_rekomendasi(request.user, unit_id=unit_id, status=status)
    _mark_terlambat(rekomendasi_list)
    context = {
        "rekomendasi_list": rekomendasi_list,
        "units": units,
        "unit_id": unit_id,
        "status": status,
        "status_choices": Rekomendasi.Status.choices,
        "jumlah_terlambat": sum(item.is_terlambat for item in rekomendasi_list),
        "boleh_kementerian": boleh_atur_evaluasi(request.user),
    }
    return render(request, "evaluasi/rekomendasi_list.html", context)


@login_required
def rekomendasi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One recommendation with its follow-up, the form for a new follow-up
    (the unit's operator) and the evaluator's close and return."""
    rekomendasi = get_rekomendasi(request, pk)

    tindak_lanjut_list = rekomendasi.tindak_lanjut.select_related(
        "dibuat_oleh", "diperiksa_oleh"
    )
    boleh_isi = (
        boleh_tindak_lanjut(request.user, rekomendasi.unit)
        and rekomendasi.status != Rekomendasi.Status.SELESAI
    )
    context = {
        "rekomendasi": rekomendasi,
        "is_terlambat": rekomendasi.terlambat(timezone.localdate()),
        "tindak_lanjut_list": tindak_lanjut_list,
        "boleh_isi": boleh_isi,
        "boleh_periksa": boleh_menilai(request.user, rekomendasi.unit)
        and rekomendasi.status == Rekomendasi.Status.DIPROSES,
        "tindak_lanjut_form": TindakLanjutForm(
            initial={"tanggal": timezone.localdate()}
        ),
        "alasan_form": AlasanForm(),
        "catatan_form": CatatanForm(),
    }
    return render(request, "evaluasi/rekomendasi_detail.html", context)


@login_required
def tindak_lanjut_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    rekomendasi = get_rekomendasi(request, pk)
    if not boleh_tindak_lanjut(request.user, rekomendasi.unit):
        raise PermissionDenied(FORBIDDEN)

    if request.method == "POST" and too_large(request):
        form = TindakLanjutForm(request.POST)
        form.add_error(
            "bukti",
            _("Berkas bukti terlalu besar. Perkecil berkasnya atau berikan tautan."),
        )
    else:
        form = TindakLanjutForm(
            request.POST or None,
            request.FILES or None,
            initial={"tanggal": timezone.localdate()},
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        isian = IsianTindakLanjut(
            uraian=data["uraian"],
            tanggal=data["tanggal"],
            bukti=data["bukti"] or None,
            bukti_tautan=data["bukti_tautan"],
        )
        try:
            tindak_lanjut_create(
                user=request.user, rekomendasi=rekomendasi, isian=isian
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Tindak lanjut disimpan dan menunggu pemeriksaan evaluator.")
            )
            return redirect("evaluasi:rekomendasi_detail", rekomendasi.pk)
    context = {"rekomendasi": rekomendasi, "form": form}
    return render(request, "evaluasi/tindak_lanjut_form.html", context)


@require_POST
@login_required
def rekomendasi_tutup_view(request: HttpRequest, pk: int) -> HttpResponse:
    rekomendasi = get_rekomendasi(request, pk)
    form = CatatanForm(request.POST)

    catatan = form.cleaned_data["catatan"] if form.is_valid() else ""
    try:
        rekomendasi_tutup(user=request.user, rekomendasi=rekomendasi, catatan=catatan)
    except ValidationError as error:
        for pesan in error.messages:
            messages.error(request, pesan)
    else:
        messages.success(request, _("Rekomendasi ditutup."))
    return redirect("evaluasi:rekomendasi_detail", rekomendasi.pk)


@require_POST
@login_required
def tindak_lanjut_kembalikan_view(request: HttpRequest, pk: int) -> HttpResponse:
    tindak_lanjut = get_object_or_404(
        TindakLanjut.objects.filter(
            rekomendasi__in=Rekomendasi.objects.visible_to(request.user)
        ).select_related("rekomendasi__unit"),
        pk=pk,
    )
    form = AlasanForm(request.POST)

    alasan = form.cleaned_data["alasan"] if form.is_valid() else ""
    try:
        tindak_lanjut_kembalikan(
            user=request.user, tindak_lanjut=tindak_lanjut, alasan=alasan
        )
    except ValidationError as error:
        for pesan in error.messages:
            messages.error(request, pesan)
    else:
        messages.success(request, _("Tindak lanjut dikembalikan kepada unit."))
    return redirect("evaluasi:rekomendasi_detail", tindak_lanjut.rekomendasi_id)


@login_required
def tindak_lanjut_bukti(request: HttpRequest, pk: int) -> FileResponse:
    tindak_lanjut = get_object_or_404(
        TindakLanjut.objects.filter(
            rekomendasi__in=Rekomendasi.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    return serve_bukti(tindak_lanjut.bukti, tindak_lanjut.bukti_nama)


def rekomendasi_panel_context(request: HttpRequest, dokumen: Dokumen) -> dict:
    """Context of the open recommendations panel on the page of a Renstra or
    Renja (the OPD's) or of an RPJMD or RKPD (the Pemda's)."""
    if dokumen.jenis not in JENIS_PANEL:
        return {"tampil": False}
    unit = dokumen.unit
    unit_id = unit.pk if unit.jenis == Unit.Jenis.PEMDA else unit.opd_id
    rekomendasi_list = select_rekomendasi(request.user, unit_id=unit_id)
    _mark_terlambat(rekomendasi_list)
    return {
        "tampil": True,
        "unit_id": unit_id,
        "rekomendasi_list": rekomendasi_list,
    }


def _isian_rekomendasi(form) -> IsianRekomendasi:
    data = form.cleaned_data
    return IsianRekomendasi(
        uraian=data["uraian"],
        komponen=data["komponen"],
        batas_waktu=data["batas_waktu"],
    )
