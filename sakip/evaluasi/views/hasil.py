"""Pages and downloads of an evaluation's results, the ranking of a year,
and the decision on the answer that the data proposes for a criterion."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import dokumen
from ..bukti_data import usulan_context
from ..hasil import evaluasi_visible, hasil_evaluasi, peringkat
from ..models import Evaluasi, Kriteria
from ..services import usulan_putuskan
from .penilaian import baris_context
from .usulan import boleh_isi_request


def _evaluasi(request: HttpRequest, pk: int) -> Evaluasi:
    return get_object_or_404(evaluasi_visible(request.user), pk=pk)


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def hasil_detail(request: HttpRequest, pk: int) -> HttpResponse:
    hasil = hasil_evaluasi(_evaluasi(request, pk))
    return render(request, "evaluasi/hasil_detail.html", {"hasil": hasil})


@login_required
def hasil_lke_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    hasil = hasil_evaluasi(_evaluasi(request, pk))
    return _download(
        dokumen.lke_xlsx(hasil),
        content_type=dokumen.XLSX_CONTENT_TYPE,
        filename=dokumen.nama_berkas(hasil, "xlsx", "lke"),
    )


@login_required
def hasil_lhe_docx(request: HttpRequest, pk: int) -> HttpResponse:
    hasil = hasil_evaluasi(_evaluasi(request, pk))
    return _download(
        dokumen.render_lhe_docx(hasil),
        content_type=dokumen.DOCX_CONTENT_TYPE,
        filename=dokumen.nama_berkas(hasil, "docx", "lhe"),
    )


@login_required
def hasil_lhe_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    hasil = hasil_evaluasi(_evaluasi(request, pk))
    return _download(
        dokumen.render_lhe_pdf(hasil),
        content_type="application/pdf",
        filename=dokumen.nama_berkas(hasil, "pdf", "lhe"),
    )


def _tahun_list() -> list[int]:
    return list(
        Evaluasi.objects.order_by("-tahun").values_list("tahun", flat=True).distinct()
    )


@login_required
def hasil_peringkat(request: HttpRequest) -> HttpResponse:
    years = _tahun_list()
    text = request.GET.get("tahun", "")
    tahun = int(text) if text.isdigit() and int(text) in years else None
    if tahun is None and years:
        tahun = years[0]

    data = None if tahun is None else peringkat(tahun=tahun, user=request.user)
    context = {
        "tahun_list": years,
        "tahun": tahun,
        "peringkat": data,
        "grafik": None if data is None else _grafik_komponen(data),
    }
    return render(request, "evaluasi/hasil_peringkat.html", context)


def _grafik_komponen(data) -> dict | None:
    """The chart spec of ``core/chart-capaian.js``: the mean nilai of each
    komponen this year beside last year's."""
    if not data.rata_komponen:
        return None
    return {
        "jenis": "bar",
        "horizontal": True,
        "satuan": "",
        "labels": [nama for nama, _ini, _lalu in data.rata_komponen],
        "datasets": [
            {
                "label": str(data.tahun - 1),
                "data": [
                    None if lalu is None else str(lalu)
                    for _nama, _ini, lalu in data.rata_komponen
                ],
                "warna": "#adb5bd",
            },
            {
                "label": str(data.tahun),
                "data": [str(ini) for _nama, ini, _lalu in data.rata_komponen],
                "warna": "#0d6efd",
            },
        ],
    }


@require_POST
@login_required
def usulan_putuskan_view(request: HttpRequest, pk: int, kriteria: int) -> HttpResponse:
    """Accept the proposal (``kode`` equal to it) or override it with a
    reason; HTMX gets the panel again, with the error when it failed."""
    evaluasi = _evaluasi(request, pk)
    kriteria_obj = get_object_or_404(
        Kriteria.objects.select_related("sub_komponen__komponen"),
        pk=kriteria,
        sub_komponen__komponen__template_id=evaluasi.template_id,
    )
    versi = request.POST.get("versi", "")
    galat = ""
    try:
        usulan_putuskan(
            user=request.user,
            evaluasi=evaluasi,
            kriteria=kriteria_obj,
            versi=int(versi) if versi.isdigit() else -1,
            kode=request.POST.get("kode", ""),
            alasan=request.POST.get("alasan", ""),
        )
    except ValidationError as error:
        galat = " ".join(error.messages)

    if not getattr(request, "htmx", False):
        url = reverse("evaluasi:evaluasi_detail", args=[evaluasi.pk])
        return redirect(f"{url}#usulan-{kriteria_obj.pk}")
    context = usulan_context(evaluasi, kriteria_obj)
    context["bisa_diputuskan"] = context["bisa_diputuskan"] and boleh_isi_request(
        request, evaluasi
    )
    context.update(
        {"galat": galat, "alasan": request.POST.get("alasan", ""), "judul": True}
    )
    # 200 with the error inside the panel, because HTMX swaps only 2xx.
    html = render_to_string(
        "evaluasi/partials/usulan_kriteria.html", context, request=request
    )
    if not galat:
        # The row on the sheet gets the stored answer and its new version out
        # of band, so that its next save is not rejected as a conflict. HTMX
        # takes a <tr> out of band only inside a <template>, because the HTML
        # parser drops a <tr> that follows a <div>.
        row = baris_context(request, evaluasi, kriteria_obj)
        row["oob"] = True
        html += "<template>{}</template>".format(
            render_to_string(
                "evaluasi/partials/baris_kriteria.html", row, request=request
            )
        )
    return HttpResponse(html)
