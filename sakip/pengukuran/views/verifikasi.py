"""The verification page of one unit and period, the verifikator's actions,
and the history and evidence of an entry.

Everyone who may see the unit may read the verification page. Only a
verifikator of the unit or Admin Bappeda gets its buttons, and the actions
check the same rule again.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakip.anggaran.models import KeuanganBulanan
from sakip.core.htmx import is_htmx_partial

from .. import bukti as bukti_rules
from ..forms import VerifikasiForm
from ..isian import baris_keuangan_list, baris_kinerja_list, entri_unit_list
from ..jadwal import label_periode
from ..models import Realisasi
from ..periode import PERIODE_TRIWULAN
from ..services import Status, describe_entri, periode_of
from ..verifikasi import (
    entri_buka_kunci,
    entri_kembalikan,
    entri_terima,
    entri_terima_banyak,
)
from .isian import ensure_periode, get_unit, unit_of

MODEL = {"kinerja": Realisasi, "keuangan": KeuanganBulanan}
RELATED = {
    "kinerja": ("indikator__elemen__dokumen__unit", "diisi_oleh", "diverifikasi_oleh"),
    "keuangan": ("elemen__dokumen__unit", "diisi_oleh", "diverifikasi_oleh"),
}
STATUS_TAMPIL = (Status.DIAJUKAN, Status.DIKEMBALIKAN, Status.DITERIMA)


def _rows(*, unit, tahun: int, periode: str, row_id: int | None = None) -> list:
    """Return the page's rows: the entries that were submitted, whatever
    happened to them since."""
    if periode in PERIODE_TRIWULAN:
        rows = baris_kinerja_list(
            unit=unit, tahun=tahun, periode=periode, indikator_id=row_id
        )
    else:
        rows = baris_keuangan_list(
            unit=unit, tahun=tahun, periode=periode, elemen_id=row_id
        )
    return [
        row
        for row in rows
        if row.entri is not None
        and row.entri.ada_realisasi
        and row.entri.status in STATUS_TAMPIL
    ]


@login_required
def verifikasi_opd(
    request: HttpRequest, pk: int, tahun: int, periode: str
) -> HttpResponse:
    unit = get_unit(request, pk)
    ensure_periode(tahun, periode)

    rows = _rows(unit=unit, tahun=tahun, periode=periode)
    jumlah = {status: 0 for status in STATUS_TAMPIL}
    for row in rows:
        jumlah[row.entri.status] += 1
    filter_status = request.GET.get("status", "")
    if filter_status in STATUS_TAMPIL:
        rows = [row for row in rows if row.entri.status == filter_status]
    context = {
        "unit": unit,
        "tahun": tahun,
        "periode": periode,
        "label_periode": label_periode(periode, tahun),
        "kinerja": periode in PERIODE_TRIWULAN,
        "jenis": "kinerja" if periode in PERIODE_TRIWULAN else "keuangan",
        "baris_list": rows,
        "jumlah": [(s, Status(s).label, jumlah[s]) for s in STATUS_TAMPIL],
        "filter_status": filter_status,
        "boleh_verifikasi": request.user.has_perm(
            "pengukuran.verifikasi_realisasi", unit
        ),
    }
    return render(request, "pengukuran/verifikasi_opd.html", context)


def _entri(request: HttpRequest, jenis: str, pk: int):
    return get_object_or_404(
        MODEL[jenis].objects.visible_to(request.user).select_related(*RELATED[jenis]),
        pk=pk,
    )


def _verify(request: HttpRequest, jenis: str, pk: int) -> HttpResponse:
    entri = _entri(request, jenis, pk)
    form = VerifikasiForm(request.POST)
    pesan_list: list[str] = []
    if not form.is_valid():
        pesan_list = [str(m) for errors in form.errors.values() for m in errors]
    else:
        data = form.cleaned_data
        aksi = data["aksi"]
        try:
            if aksi == VerifikasiForm.Aksi.TERIMA:
                entri = entri_terima(
                    user=request.user, entri=entri, versi=data["versi"]
                )
            elif aksi == VerifikasiForm.Aksi.KEMBALIKAN:
                entri = entri_kembalikan(
                    user=request.user,
                    entri=entri,
                    versi=data["versi"],
                    alasan=data["alasan"],
                )
            else:
                entri = entri_buka_kunci(
                    user=request.user,
                    entri=entri,
                    versi=data["versi"],
                    alasan=data["alasan"],
                )
        except ValidationError as error:
            pesan_list = error.messages

    if jenis == "kinerja":
        unit = unit_of(entri.indikator.elemen.dokumen.unit)
        row_id = entri.indikator_id
    else:
        unit = unit_of(entri.elemen.dokumen.unit)
        row_id = entri.elemen_id
    periode = periode_of(entri)
    if not is_htmx_partial(request):
        for pesan in pesan_list:
            messages.error(request, pesan)
        if not pesan_list:
            messages.success(
                request,
                _("%(entri)s: %(status)s.")
                % {
                    "entri": describe_entri(entri),
                    "status": entri.get_status_display(),
                },
            )
        return redirect("pengukuran:verifikasi_opd", unit.pk, entri.tahun, periode)

    rows = _rows(unit=unit, tahun=entri.tahun, periode=periode, row_id=row_id)
    context = {
        "baris": rows[0] if rows else None,
        "jenis": jenis,
        "pesan_list": pesan_list,
        "unit": unit,
        "tahun": entri.tahun,
        "periode": periode,
        "boleh_verifikasi": True,
        "selesai": not pesan_list,
    }
    return render(request, "pengukuran/partials/verifikasi_baris.html", context)


@require_POST
@login_required
def verifikasi_kinerja(request: HttpRequest, pk: int) -> HttpResponse:
    return _verify(request, "kinerja", pk)


@require_POST
@login_required
def verifikasi_keuangan(request: HttpRequest, pk: int) -> HttpResponse:
    return _verify(request, "keuangan", pk)


@require_POST
@login_required
def verifikasi_terima_pilihan(
    request: HttpRequest, pk: int, tahun: int, periode: str
) -> HttpResponse:
    """Accept every entry ticked on the verification page ("terima semua yang
    dipilih"). Each ticked box sends ``<pk>:<versi>``."""
    unit = get_unit(request, pk)
    ensure_periode(tahun, periode)
    if not request.user.has_perm("pengukuran.verifikasi_realisasi", unit):
        raise PermissionDenied

    versi_by_pk: dict[int, int] = {}
    tidak_terbaca = 0
    for value in request.POST.getlist("pilih"):
        entri_pk, _sep, versi = value.partition(":")
        if entri_pk.isdigit() and versi.isdigit():
            versi_by_pk[int(entri_pk)] = int(versi)
        else:
            tidak_terbaca += 1
    entries = (
        entri_unit_list(unit=unit, tahun=tahun, periode=periode)
        .filter(pk__in=versi_by_pk)
        .select_related("diverifikasi_oleh")
        .order_by("pk")
    )
    hasil = entri_terima_banyak(
        user=request.user, pilihan=[(e, versi_by_pk[e.pk]) for e in entries]
    )

    if hasil.diterima:
        messages.success(
            request, _("%(jumlah)s isian diterima.") % {"jumlah": hasil.diterima}
        )
    if tidak_terbaca:
        messages.warning(
            request,
            _(
                "%(jumlah)s pilihan tidak terbaca dan dilewati. Muat ulang halaman, "
                "lalu pilih lagi isian yang akan diterima."
            )
            % {"jumlah": tidak_terbaca},
        )
    elif not versi_by_pk:
        messages.info(request, _("Pilih dahulu isian yang akan diterima."))
    for pesan in hasil.ditolak:
        messages.warning(request, pesan)
    return redirect("pengukuran:verifikasi_opd", unit.pk, tahun, periode)


def _riwayat(request: HttpRequest, jenis: str, pk: int) -> HttpResponse:
    entri = _entri(request, jenis, pk)
    records = list(
        entri.history.select_related("history_user").order_by(
            "history_date", "history_id"
        )
    )
    if jenis == "kinerja":
        unit = unit_of(entri.indikator.elemen.dokumen.unit)
    else:
        unit = unit_of(entri.elemen.dokumen.unit)
    context = {
        "entri": entri,
        "jenis": jenis,
        "records": records,
        "unit": unit,
        "periode": periode_of(entri),
        "judul": describe_entri(entri),
    }
    return render(request, "pengukuran/riwayat_isian.html", context)


@login_required
def riwayat_kinerja(request: HttpRequest, pk: int) -> HttpResponse:
    return _riwayat(request, "kinerja", pk)


@login_required
def riwayat_keuangan(request: HttpRequest, pk: int) -> HttpResponse:
    return _riwayat(request, "keuangan", pk)


def _bukti(request: HttpRequest, jenis: str, pk: int) -> FileResponse:
    """Serve an entry's evidence file from the storage, under the name it was
    uploaded with; images and PDF open in the browser, the rest download."""
    entri = _entri(request, jenis, pk)
    if not entri.bukti:
        raise Http404(_("Isian ini tidak memiliki berkas bukti."))
    suffix = PurePosixPath(entri.bukti.name).suffix.lower()
    jenis_bukti = bukti_rules.EXTENSIONS.get(suffix)
    content_type = (
        jenis_bukti.mime
        if jenis_bukti is not None
        else mimetypes.types_map.get(suffix, "application/octet-stream")
    )
    try:
        berkas = entri.bukti.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Berkas bukti tidak ditemukan di penyimpanan.")) from error
    inline = jenis_bukti in (bukti_rules.PDF, bukti_rules.JPEG, bukti_rules.PNG)
    response = FileResponse(
        berkas,
        as_attachment=not inline,
        filename=entri.bukti_nama or f"bukti{suffix}",
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # An uploaded file never runs scripts in the site's origin.
    response["Content-Security-Policy"] = "sandbox"
    return response


@login_required
def bukti_kinerja(request: HttpRequest, pk: int) -> FileResponse:
    return _bukti(request, "kinerja", pk)


@login_required
def bukti_keuangan(request: HttpRequest, pk: int) -> FileResponse:
    return _bukti(request, "keuangan", pk)
