"""The input page of realisation: one unit and period, one row per entry.

Each row saves itself when a field changes (HTMX posts the row). The
response is a fragment for the row's result cell, with the row's new version
swapped out of band, so the field the user has moved on to keeps its focus
and its text. "Ajukan semua" submits the page's drafts.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakip.core.htmx import is_htmx_partial
from sakip.organisasi.models import Peran, Unit
from sakip.perencanaan.models import Elemen, Indikator

from .. import bukti as bukti_rules
from ..forms import BarisKeuanganForm, BarisKinerjaForm, IsianPilihForm
from ..isian import baris_keuangan_list, baris_kinerja_list
from ..jadwal import label_periode, status_jadwal
from ..models import PERIODE_JADWAL
from ..periode import PERIODE_TRIWULAN, bulan_of, periode_keuangan
from ..services import (
    IsianKeuangan,
    IsianKinerja,
    KonflikVersi,
    Status,
    isian_ajukan,
    keuangan_realisasi_simpan,
    realisasi_simpan,
)

PERIODE_VALUES = [value for value, _label in PERIODE_JADWAL]
# Room for the form's other fields beside an evidence file of the maximum size.
UPLOAD_OVERHEAD_BYTES = 64 * 1024


def unit_of(dokumen_unit: Unit) -> Unit:
    """Return the unit whose page shows a document's entries: its OPD, or
    the Pemda."""
    if dokumen_unit.opd_id is None or dokumen_unit.opd_id == dokumen_unit.pk:
        return dokumen_unit
    return Unit.objects.get(pk=dokumen_unit.opd_id)


def get_unit(request: HttpRequest, pk: int) -> Unit:
    """Return the OPD or the Pemda ``pk``; raise Http404 unless
    ``request.user`` may see it."""
    return get_object_or_404(
        Unit.objects.visible_to(request.user).exclude(jenis=Unit.Jenis.BIDANG), pk=pk
    )


def ensure_periode(tahun: int, periode: str) -> None:
    if periode not in PERIODE_VALUES or not 2000 <= tahun <= 2100:
        raise Http404(_("Periode %(periode)s tidak ada.") % {"periode": periode})


def _ensure_can_enter(request: HttpRequest, unit: Unit) -> None:
    if not request.user.has_perm("pengukuran.isi_realisasi", unit):
        raise PermissionDenied


def periode_sekarang(today=None) -> tuple[int, str]:
    """Return today's year and month, the default period of the pages."""
    today = today or timezone.localdate()
    return today.year, periode_keuangan(today.month)


def tetangga(tahun: int, periode: str) -> dict[str, tuple[int, str] | None]:
    """Return the periods before and after ``periode``, of the same kind."""
    if periode in PERIODE_TRIWULAN:
        urutan = [str(p) for p in PERIODE_TRIWULAN]
    else:
        urutan = [periode_keuangan(bulan) for bulan in range(1, 13)]
    index = urutan.index(periode)
    sebelum = (tahun, urutan[index - 1]) if index else (tahun - 1, urutan[-1])
    sesudah = (
        (tahun, urutan[index + 1])
        if index + 1 < len(urutan)
        else (tahun + 1, urutan[0])
    )
    return {"sebelum": sebelum, "sesudah": sesudah}


@login_required
def pengukuran_index(request: HttpRequest) -> HttpResponse:
    """Send ``/pengukuran/`` on to the user's work: the choice of input and
    verification page for those who enter or verify realisation, the
    monitoring for everyone else."""
    user = request.user
    if user.is_admin_bappeda or user.peran in (Peran.OPERATOR_OPD, Peran.VERIFIKATOR):
        return redirect("pengukuran:isian_pilih")
    return redirect("pengukuran:monitoring")


@login_required
def isian_pilih(request: HttpRequest) -> HttpResponse:
    """Choose the unit and period of the input or verification page."""
    units = Unit.objects.visible_to(request.user).exclude(jenis=Unit.Jenis.BIDANG)
    tahun, periode = periode_sekarang()
    initial = {"unit": request.user.opd_id, "tahun": tahun, "periode": periode}
    form = IsianPilihForm(request.GET or None, initial=initial, units=units)
    if request.GET and form.is_valid():
        halaman = (
            "pengukuran:verifikasi_opd"
            if request.GET.get("halaman") == "verifikasi"
            else "pengukuran:isian_opd"
        )
        data = form.cleaned_data
        return redirect(halaman, data["unit"].pk, data["tahun"], data["periode"])
    return render(request, "pengukuran/isian_pilih.html", {"form": form})


@login_required
def isian_opd(request: HttpRequest, pk: int, tahun: int, periode: str) -> HttpResponse:
    unit = get_unit(request, pk)
    ensure_periode(tahun, periode)
    _ensure_can_enter(request, unit)

    status = status_jadwal(
        unit_id=unit.opd_id, tahun=tahun, periode=periode, now=timezone.now()
    )
    kinerja = periode in PERIODE_TRIWULAN
    options = {"unit": unit, "tahun": tahun, "periode": periode}
    if kinerja:
        baris_list = baris_kinerja_list(**options)
    else:
        baris_list = baris_keuangan_list(**options)
    boleh_isi = status.terbuka or request.user.is_admin_bappeda
    mark_editable(baris_list, boleh_isi=boleh_isi)
    context = {
        **options,
        "bulan": None if kinerja else bulan_of(periode),
        "label_periode": label_periode(periode, tahun),
        "kinerja": kinerja,
        "baris_list": baris_list,
        "jadwal": status,
        "boleh_isi": boleh_isi,
        "tetangga": tetangga(tahun, periode),
        "bukti_max_bytes": bukti_rules.bukti_max_bytes(),
        "boleh_verifikasi": request.user.has_perm(
            "pengukuran.verifikasi_realisasi", unit
        ),
    }
    return render(request, "pengukuran/isian_opd.html", context)


@require_POST
@login_required
def isian_ajukan_view(
    request: HttpRequest, pk: int, tahun: int, periode: str
) -> HttpResponse:
    unit = get_unit(request, pk)
    ensure_periode(tahun, periode)
    _ensure_can_enter(request, unit)

    hasil = isian_ajukan(user=request.user, unit=unit, tahun=tahun, periode=periode)

    if hasil.diajukan:
        messages.success(
            request,
            _("%(jumlah)s isian diajukan kepada verifikator.")
            % {"jumlah": hasil.diajukan},
        )
    elif not hasil.ditolak:
        messages.info(request, _("Tidak ada isian baru yang dapat diajukan."))
    for pesan in hasil.ditolak:
        messages.warning(request, pesan)
    return redirect("pengukuran:isian_opd", unit.pk, tahun, periode)


def _too_large(request: HttpRequest) -> bool:
    """Return True when the request body is larger than any valid row, so
    the request is rejected before Django reads the upload."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > bukti_rules.bukti_max_bytes() + UPLOAD_OVERHEAD_BYTES


def _too_large_response(request: HttpRequest, **context) -> HttpResponse:
    pesan = _(
        "Berkas bukti melebihi batas %(batas)s. Perkecil berkasnya atau berikan "
        "tautan ke berkas itu."
    ) % {"batas": filesizeformat(bukti_rules.bukti_max_bytes())}
    return _render_hasil(request, pesan_list=[pesan], galat=["bukti"], **context)


def _render_hasil(
    request: HttpRequest,
    *,
    jenis: str,
    row_id: int,
    entri=None,
    pesan_list=(),
    galat=(),
    konflik=False,
    reload_url: str = "",
) -> HttpResponse:
    """Render a row's result cell, and its version and evidence out of band."""
    context = {
        "jenis": jenis,
        "row_id": row_id,
        "entri": entri,
        "pesan_list": list(pesan_list),
        "galat": " ".join(galat),
        "konflik": konflik,
        "reload_url": reload_url,
        "tersimpan": not pesan_list,
        "waktu": timezone.localtime(),
    }
    return render(request, "pengukuran/partials/isian_hasil.html", context)


def _error_context(error: ValidationError) -> tuple[list[str], list[str]]:
    """Return the messages of ``error`` and the names of their fields."""
    if hasattr(error, "error_dict"):
        fields = [name for name in error.error_dict if name != "__all__"]
        return error.messages, fields
    return error.messages, []


def _form_errors(form) -> tuple[list[str], list[str]]:
    messages_list = [str(m) for errors in form.errors.values() for m in errors]
    return messages_list, [name for name in form.errors if name != "__all__"]


@login_required
def isian_kinerja_baris(
    request: HttpRequest, pk: int, tahun: int, periode: str
) -> HttpResponse:
    """GET: the row of an indikator (for "muat ulang"); POST: save it."""
    indikator = get_object_or_404(
        Indikator.objects.visible_to(request.user).select_related(
            "elemen__dokumen__unit"
        ),
        pk=pk,
    )
    unit = unit_of(indikator.elemen.dokumen.unit)
    if periode not in PERIODE_TRIWULAN:
        raise Http404
    ensure_periode(tahun, periode)
    _ensure_can_enter(request, unit)
    context = {"jenis": "kinerja", "row_id": indikator.pk}

    if request.method != "POST":
        if not is_htmx_partial(request):
            return redirect("pengukuran:isian_opd", unit.pk, tahun, periode)
        rows = baris_kinerja_list(
            unit=unit, tahun=tahun, periode=periode, indikator_id=indikator.pk
        )
        if not rows:
            raise Http404
        return _render_row(request, rows[0], unit=unit, tahun=tahun, periode=periode)
    if _too_large(request):
        return _too_large_response(request, **context)

    form = BarisKinerjaForm(request.POST, request.FILES)
    if not form.is_valid():
        pesan, galat = _form_errors(form)
        return _render_hasil(request, pesan_list=pesan, galat=galat, **context)
    data = form.cleaned_data
    isian = IsianKinerja(
        nilai=data["nilai"],
        keterangan=data["keterangan"],
        bukti_tautan=data["bukti_tautan"],
        bukti=data["bukti"],
    )
    try:
        entri = realisasi_simpan(
            user=request.user,
            indikator=indikator,
            tahun=tahun,
            periode=periode,
            versi=data["versi"],
            isian=isian,
        )
    except KonflikVersi as error:
        return _render_hasil(
            request,
            entri=error.terkini,
            pesan_list=error.messages,
            konflik=True,
            reload_url=request.path,
            **context,
        )
    except ValidationError as error:
        pesan, galat = _error_context(error)
        return _render_hasil(request, pesan_list=pesan, galat=galat, **context)
    return _render_hasil(request, entri=entri, **context)


@login_required
def isian_keuangan_baris(
    request: HttpRequest, pk: int, tahun: int, bulan: int
) -> HttpResponse:
    """GET: the row of a sub kegiatan (for "muat ulang"); POST: save it."""
    elemen = get_object_or_404(
        Elemen.objects.visible_to(request.user).select_related("dokumen__unit"),
        pk=pk,
        jenis=Elemen.Jenis.SUB_KEGIATAN,
    )
    unit = unit_of(elemen.dokumen.unit)
    if not 1 <= bulan <= 12:
        raise Http404
    periode = periode_keuangan(bulan)
    ensure_periode(tahun, periode)
    _ensure_can_enter(request, unit)
    context = {"jenis": "keuangan", "row_id": elemen.pk}

    if request.method != "POST":
        if not is_htmx_partial(request):
            return redirect("pengukuran:isian_opd", unit.pk, tahun, periode)
        rows = baris_keuangan_list(
            unit=unit, tahun=tahun, periode=periode, elemen_id=elemen.pk
        )
        if not rows:
            raise Http404
        return _render_row(request, rows[0], unit=unit, tahun=tahun, periode=periode)
    if _too_large(request):
        return _too_large_response(request, **context)

    form = BarisKeuanganForm(request.POST, request.FILES)
    if not form.is_valid():
        pesan, galat = _form_errors(form)
        return _render_hasil(request, pesan_list=pesan, galat=galat, **context)
    data = form.cleaned_data
    isian = IsianKeuangan(
        realisasi_keuangan=data["realisasi_keuangan"],
        realisasi_fisik=data["realisasi_fisik"],
        keterangan=data["keterangan"],
        bukti_tautan=data["bukti_tautan"],
        bukti=data["bukti"],
    )
    try:
        entri = keuangan_realisasi_simpan(
            user=request.user,
            elemen=elemen,
            tahun=tahun,
            bulan=bulan,
            versi=data["versi"],
            isian=isian,
        )
    except KonflikVersi as error:
        return _render_hasil(
            request,
            entri=error.terkini,
            pesan_list=error.messages,
            konflik=True,
            reload_url=request.path,
            **context,
        )
    except ValidationError as error:
        pesan, galat = _error_context(error)
        return _render_hasil(request, pesan_list=pesan, galat=galat, **context)
    return _render_hasil(request, entri=entri, **context)


def mark_editable(baris_list: list, *, boleh_isi: bool) -> None:
    """Set ``boleh_ubah`` on each row: not locked, and the window open (or
    the entry returned, which may be corrected after the window closed)."""
    for baris in baris_list:
        dikembalikan = baris.entri is not None and baris.entri.status == (
            Status.DIKEMBALIKAN
        )
        baris.boleh_ubah = not baris.terkunci and (boleh_isi or dikembalikan)


def _render_row(request, baris, *, unit: Unit, tahun: int, periode: str):
    status = status_jadwal(
        unit_id=unit.opd_id, tahun=tahun, periode=periode, now=timezone.now()
    )
    mark_editable([baris], boleh_isi=status.terbuka or request.user.is_admin_bappeda)
    kinerja = periode in PERIODE_TRIWULAN
    context = {
        "baris": baris,
        "unit": unit,
        "tahun": tahun,
        "periode": periode,
        "bulan": None if kinerja else bulan_of(periode),
        "bukti_max_bytes": bukti_rules.bukti_max_bytes(),
    }
    template = (
        "pengukuran/partials/isian_baris_kinerja.html"
        if kinerja
        else "pengukuran/partials/isian_baris_keuangan.html"
    )
    return render(request, template, context)
