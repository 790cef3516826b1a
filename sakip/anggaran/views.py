import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakip.organisasi.models import Pengguna, Unit
from sakip.perencanaan.models import Dokumen, Elemen

from . import impor_sipd, selectors, services
from .forms import ImporSipdForm, KeuanganForm
from .models import Pagu
from .sipd import (
    MAX_KESALAHAN,
    BerkasSipdError,
    HasilImpor,
    import_sipd_dpa,
    max_rows,
)

logger = logging.getLogger(__name__)

# The number of errors of a rejected SIPD file listed on the page. The page
# also gives the count of all of them.
SIPD_ERRORS_SHOWN = MAX_KESALAHAN


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
        "dapat_mengimpor": _opd_impor(user).exists(),
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
    tersimpan = services.read_keuangan(elemen=elemen, tahun=tahun)
    form = KeuanganForm(
        request.POST or None, initial=KeuanganForm.initial_of(tersimpan)
    )
    konflik = False

    if request.method == "POST" and form.is_valid():
        try:
            services.keuangan_simpan(
                elemen=elemen,
                tahun=tahun,
                pagu_murni=form.cleaned_data["pagu_murni"],
                pagu_perubahan=form.cleaned_data["pagu_perubahan"],
                bulan=form.bulan(),
                dimuat=form.dimuat(),
            )
        except services.KonflikKeuangan as error:
            form.show_terkini(error.terkini)
            form.add_error(None, error)
            konflik = True
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
        "konflik": konflik,
        "opd": elemen.dokumen.unit.opd,
    }
    return render(request, "anggaran/keuangan_edit.html", context)


@login_required
def sipd_periksa(request: HttpRequest) -> HttpResponse:
    """Check an uploaded SIPD DPA file and show its preview or its errors.
    Nothing is stored in Pagu."""
    opd_list = _opd_impor(request.user)
    if not opd_list.exists():
        raise PermissionDenied
    form = _sipd_form(request, opd_list, bound=request.method == "POST")
    context = _sipd_context(request, form, opd_list)

    if request.method == "POST" and form.is_valid():
        opd = form.cleaned_data.get("opd") or context["opd_tetap"]
        upload = impor_sipd.store_upload(
            request,
            berkas=form.cleaned_data["berkas"],
            tahun=form.cleaned_data["tahun"],
            versi=form.cleaned_data["versi"],
            opd_id=opd.pk if opd else None,
        )
        try:
            hasil = _import_sipd(upload, opd=opd, dry_run=True)
        except BerkasSipdError as error:
            impor_sipd.discard_upload(request)
            _log_rejected(request, upload, error)
            context.update(_rejected_context(upload, error))
        else:
            pratinjau = impor_sipd.build_pratinjau(
                hasil, tahun=upload.tahun, versi=upload.versi
            )
            context.update(unggahan=upload, pratinjau=pratinjau, opd=opd)

    return render(request, "anggaran/sipd_periksa.html", context)


@require_POST
@login_required
def sipd_simpan(request: HttpRequest) -> HttpResponse:
    """Store the SIPD file that this session checked last, with the year,
    version and OPD it was checked for."""
    opd_list = _opd_impor(request.user)
    if not opd_list.exists():
        raise PermissionDenied
    token = request.POST.get("token", "")
    upload = impor_sipd.load_upload(request, token)
    if upload is None:
        return _sipd_missing(request, token)
    opd = _opd_of_upload(request.user, opd_list, upload)

    try:
        hasil = _import_sipd(upload, opd=opd, dry_run=False)
    except FileNotFoundError:
        # A second "Simpan" of the same file, still running, deleted it.
        return _sipd_missing(request, token)
    except BerkasSipdError as error:
        impor_sipd.discard_upload(request)
        _log_rejected(request, upload, error)
        form = _sipd_form(request, opd_list, bound=False, tahun=upload.tahun)
        context = _sipd_context(request, form, opd_list)
        context.update(_rejected_context(upload, error))
        return render(request, "anggaran/sipd_periksa.html", context)

    impor_sipd.discard_upload(request, saved=True)
    logger.info(
        "SIPD DPA file %r saved by %s: %d sub kegiatan, tahun %s, versi %s",
        upload.nama_berkas,
        request.user,
        len(hasil.baris),
        upload.tahun,
        upload.versi,
    )
    messages.success(
        request,
        _(
            "%(jumlah)s sub kegiatan dari %(nama)s disimpan: pagu %(versi)s tahun "
            "%(tahun)s berjumlah Rp %(pagu)s."
        )
        % {
            "jumlah": len(hasil.baris),
            "nama": upload.nama_berkas,
            "versi": Pagu.Versi(upload.versi).label.lower(),
            "tahun": upload.tahun,
            "pagu": f"{hasil.jumlah_pagu:,}".replace(",", "."),
        },
    )
    return redirect(_anggaran_url(opd, upload.tahun))


def _opd_impor(user: Pengguna) -> QuerySet[Unit]:
    """Return the OPD whose DPA ``user`` may import. These are the OPD whose
    budget they may edit on keuangan_edit: every OPD for Admin Bappeda, their
    own for an Operator OPD."""
    return Unit.objects.editable_by(user).perangkat_daerah().order_by("urutan", "kode")


def _sipd_form(
    request: HttpRequest,
    opd_list: QuerySet[Unit],
    *,
    bound: bool,
    tahun: int | None = None,
) -> ImporSipdForm:
    """Build the upload form, filled from the request when ``bound``. Only
    Admin Bappeda chooses the OPD, which ``?opd=`` may preselect."""
    if tahun is None:
        tahun_list = selectors.tahun_anggaran_list()
        tahun = _tahun(request, default=tahun_list[0] if tahun_list else None)
    opd_pk = request.GET.get("opd")
    initial = {
        "tahun": tahun,
        "opd": next((opd for opd in opd_list if str(opd.pk) == opd_pk), None),
    }
    return ImporSipdForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        opd_list=opd_list if request.user.is_admin_bappeda else None,
        initial=initial,
    )


def _sipd_context(
    request: HttpRequest, form: ImporSipdForm, opd_list: QuerySet[Unit]
) -> dict:
    opd_tetap = None if request.user.is_admin_bappeda else opd_list.first()
    return {"form": form, "opd_tetap": opd_tetap, "batas_baris": max_rows()}


def _opd_of_upload(
    user: Pengguna, opd_list: QuerySet[Unit], upload: impor_sipd.UnggahanSipd
) -> Unit | None:
    """Return the OPD of a checked file, or raise PermissionDenied unless
    ``user`` may still import into it. Only Admin Bappeda imports for every
    OPD at once."""
    if upload.opd_id is None:
        if not user.is_admin_bappeda:
            raise PermissionDenied
        return None
    opd = opd_list.filter(pk=upload.opd_id).first()
    if opd is None:
        raise PermissionDenied
    return opd


def _import_sipd(
    upload: impor_sipd.UnggahanSipd, *, opd: Unit | None, dry_run: bool
) -> HasilImpor:
    with impor_sipd.open_local(upload) as path:
        return import_sipd_dpa(
            path,
            tahun=upload.tahun,
            versi=upload.versi,
            opd_kode=opd.kode if opd else None,
            dry_run=dry_run,
        )


def _sipd_missing(request: HttpRequest, token: str) -> HttpResponse:
    if impor_sipd.was_saved(request, token):
        messages.info(request, _("Berkas ini sudah disimpan."))
    else:
        messages.error(
            request,
            _(
                "Tidak ada berkas yang menunggu disimpan: pemeriksaannya sudah "
                "kedaluwarsa atau diganti berkas lain. Periksa berkas lagi."
            ),
        )
    return redirect("anggaran:sipd_periksa")


def _rejected_context(upload: impor_sipd.UnggahanSipd, error: BerkasSipdError) -> dict:
    return {
        "kesalahan": error.errors[:SIPD_ERRORS_SHOWN],
        "jumlah_kesalahan": len(error.errors),
        "kesalahan_lain": max(len(error.errors) - SIPD_ERRORS_SHOWN, 0),
        "pemeriksaan_berhenti": error.stop_message(),
        "nama_berkas": upload.nama_berkas,
    }


def _log_rejected(
    request: HttpRequest, upload: impor_sipd.UnggahanSipd, error: BerkasSipdError
) -> None:
    logger.info(
        "SIPD DPA file %r of %s rejected with %d errors, the first: %s",
        upload.nama_berkas,
        request.user,
        len(error.errors),
        error.errors[0] if error.errors else "",
    )


def _anggaran_url(opd: Unit | None, tahun: int) -> str:
    if opd is None:
        url = reverse("anggaran:anggaran_pemda")
    else:
        url = reverse("anggaran:anggaran_opd", kwargs={"pk": opd.pk})
    return f"{url}?tahun={tahun}"


def _tahun(request: HttpRequest, *, default: int | None) -> int:
    try:
        tahun = int(request.GET.get("tahun", ""))
    except ValueError:
        tahun = None
    if tahun is None or not 2000 <= tahun <= 2100:
        tahun = default or timezone.localdate().year
    return tahun
