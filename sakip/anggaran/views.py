from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sakip.organisasi.models import Unit
from sakip.perencanaan.models import Dokumen, Elemen

from . import selectors, services
from .forms import KeuanganForm
from .models import KeuanganBulanan, Pagu


@login_required
def anggaran_pemda(request: HttpRequest) -> HttpResponse:
    user = request.user
    # A user of one OPD sees their OPD's budget; the others choose an OPD.
    if not user.melihat_semua_opd and user.opd_id:
        return redirect("anggaran:anggaran_opd", pk=user.opd_id)
    tahun_list = selectors.tahun_anggaran_list()
    tahun = _tahun(request, default=tahun_list[0] if tahun_list else None)
    opd_list = (
        Unit.objects.visible_to(user).perangkat_daerah().order_by("urutan", "kode")
    )
    jumlah = selectors.jumlah_opd_list(tahun=tahun, opd=opd_list)
    context = {
        "tahun": tahun,
        "tahun_list": sorted({*tahun_list, tahun}, reverse=True),
        "baris": [(opd, jumlah.get(opd.pk, selectors.Jumlah())) for opd in opd_list],
        "total": selectors.jumlah_pemda(tahun=tahun),
    }
    return render(request, "anggaran/anggaran_pemda.html", context)


@login_required
def anggaran_opd(request: HttpRequest, pk: int) -> HttpResponse:
    opd = get_object_or_404(
        Unit.objects.visible_to(request.user).perangkat_daerah(), pk=pk
    )
    tahun_list = selectors.tahun_anggaran_list()
    tahun = _tahun(request, default=tahun_list[0] if tahun_list else None)
    tabel = selectors.anggaran_table(opd=opd, tahun=tahun)
    dapat_mengubah = Unit.objects.editable_by(request.user).filter(pk=opd.pk).exists()
    context = {
        "opd": opd,
        "tahun": tahun,
        "tahun_list": sorted({*tahun_list, tahun}, reverse=True),
        "tabel": tabel,
        "bulan_list": selectors.bulanan_list(tahun=tahun, opd=opd),
        "dapat_mengubah": dapat_mengubah,
    }
    return render(request, "anggaran/anggaran_opd.html", context)


@login_required
def keuangan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    elemen = get_object_or_404(
        Elemen.objects.visible_to(request.user)
        .filter(jenis=Elemen.Jenis.SUB_KEGIATAN, dokumen__jenis=Dokumen.Jenis.RENJA)
        .select_related("dokumen__unit", "induk__induk"),
        pk=pk,
    )
    if not Elemen.objects.editable_by(request.user).filter(pk=elemen.pk).exists():
        raise PermissionDenied
    tahun = elemen.dokumen.tahun_awal
    form = KeuanganForm(request.POST or None, initial=_initial(elemen, tahun))

    if request.method == "POST" and form.is_valid():
        try:
            services.keuangan_simpan(
                elemen=elemen,
                tahun=tahun,
                pagu_murni=form.cleaned_data["pagu_murni"],
                pagu_perubahan=form.cleaned_data["pagu_perubahan"],
                bulan=form.bulan(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Anggaran %(kode)s disimpan.")
                % {"kode": elemen.nomenklatur or elemen.kode},
            )
            return redirect("anggaran:keuangan_edit", pk=elemen.pk)

    context = {
        "elemen": elemen,
        "tahun": tahun,
        "form": form,
        "opd": elemen.dokumen.unit.opd,
    }
    return render(request, "anggaran/keuangan_edit.html", context)


def _tahun(request: HttpRequest, *, default: int | None) -> int:
    try:
        tahun = int(request.GET.get("tahun", ""))
    except ValueError:
        tahun = None
    if tahun is None or not 2000 <= tahun <= 2100:
        tahun = default or timezone.localdate().year
    return tahun


def _initial(elemen: Elemen, tahun: int) -> dict:
    initial = {
        f"pagu_{row.versi}": row.pagu
        for row in Pagu.objects.filter(elemen=elemen, tahun=tahun)
    }
    for row in KeuanganBulanan.objects.filter(elemen=elemen, tahun=tahun):
        initial[f"anggaran_kas_{row.bulan}"] = row.anggaran_kas
        initial[f"realisasi_keuangan_{row.bulan}"] = row.realisasi_keuangan
        initial[f"realisasi_fisik_{row.bulan}"] = row.realisasi_fisik
    return initial
