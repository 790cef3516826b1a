"""The public portal's pages and downloads. None requires a login.

Anything that is not public (a draft, an unpublished or unsigned document)
returns 404, the same as a code that does not exist, so that the portal does
not reveal what exists behind it.
"""

from __future__ import annotations

import re

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
)
from django.shortcuts import render
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from sakip.pelaporan.services import render_dokumen
from sakip.perencanaan.models import Dokumen
from sakip.perjanjian import dokumen as dokumen_pk

from . import selectors, unduhan
from .data_terbuka import TAHUN_MAX, TAHUN_MIN, FilterTidakSah, parse_filter
from .datasets import DATASETS

WARNA_KOSONG = "#adb5bd"
# The largest revision number a PositiveSmallIntegerField holds.
NOMOR_MAX = 32767


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "portal/galat.html", {"pesan": message}, status=400)


def beranda(request: HttpRequest) -> HttpResponse:
    """Show the Pemda's name and the summary dashboard of a year."""
    try:
        tahun = parse_filter(request.GET).tahun
    except FilterTidakSah as error:
        return _bad_request(request, str(error))

    rpjmd = selectors.rpjmd_publik(tahun=tahun)
    if tahun is None and rpjmd is not None:
        tahun = selectors.tahun_dasbor(rpjmd)
    context = {
        "nama_pemda": selectors.nama_pemda(),
        "rpjmd": rpjmd,
        "tahun": tahun,
        "jumlah_dokumen": selectors.jumlah_dokumen_publik(),
        "jumlah_lkjip": selectors.laporan_publik().count(),
    }
    if rpjmd is not None:
        capaian = selectors.capaian_sasaran(rpjmd=rpjmd, tahun=tahun)
        context.update(
            {
                "tahun_list": list(rpjmd.rentang_tahun),
                "capaian_sasaran": capaian,
                "grafik_sasaran": _grafik_sasaran(capaian),
            }
        )
    if tahun is not None:
        context["anggaran"] = selectors.serapan_anggaran(tahun=tahun)
    return render(request, "portal/beranda.html", context)


def _grafik_sasaran(items) -> dict:
    """Data of the bar chart of capaian per sasaran for chart-capaian.js, the
    numbers as decimal strings."""
    return {
        "jenis": "bar",
        "horizontal": True,
        "satuan": "%",
        "garis_100": True,
        "ada_nilai": any(item.capaian_2dp is not None for item in items),
        "labels": [Truncator(item.elemen.uraian).chars(35) for item in items],
        "judul": [item.elemen.uraian for item in items],
        "datasets": [
            {
                "label": _("Capaian (%)"),
                "data": [
                    None if item.capaian_2dp is None else str(item.capaian_2dp)
                    for item in items
                ],
                "warna": [item.warna or WARNA_KOSONG for item in items],
                "keterangan": [
                    item.kategori or _("belum ada capaian") for item in items
                ],
            }
        ],
    }


def dokumen_list(request: HttpRequest) -> HttpResponse:
    context = {
        "nama_pemda": selectors.nama_pemda(),
        "dokumen_list": selectors.dokumen_publik_list(),
        "laporan_list": selectors.laporan_publik_list(),
    }
    return render(request, "portal/dokumen_list.html", context)


def dokumen_detail(request: HttpRequest, kode: str) -> HttpResponse:
    """Show a public RPJMD or Renstra: its tree with indikator and yearly
    targets."""
    dokumen = (
        selectors.dokumen_publik()
        .filter(kode=kode, jenis__in=Dokumen.JENIS_LIMA_TAHUNAN)
        .select_related("unit")
        .first()
    )
    if dokumen is None:
        raise Http404

    context = {
        "nama_pemda": selectors.nama_pemda(),
        "dokumen": dokumen,
        "tahun_list": list(dokumen.rentang_tahun),
        "pohon": selectors.dokumen_tree(dokumen=dokumen),
    }
    return render(request, "portal/dokumen_detail.html", context)


def _perjanjian(kode: str):
    perjanjian = selectors.perjanjian_publik(kode=kode)
    if perjanjian is None:
        raise Http404
    return perjanjian


def pk_detail(request: HttpRequest, kode: str) -> HttpResponse:
    """Show a public PK: its parties, its target table and its budget table."""
    perjanjian = _perjanjian(kode)

    context = {
        "nama_pemda": selectors.nama_pemda(),
        **dokumen_pk.pk_context(perjanjian),
    }
    return render(request, "portal/pk_detail.html", context)


def pk_pdf(request: HttpRequest, kode: str) -> HttpResponse:
    """Send the PDF stored when the PK was signed, or, for a PK signed before
    PDFs were stored, the document rendered now with its QR code."""
    perjanjian = _perjanjian(kode)

    nama = f"{perjanjian.dokumen.kode}.pdf"
    if perjanjian.berkas:
        return FileResponse(
            perjanjian.berkas.open("rb"), as_attachment=True, filename=nama
        )
    pdf = dokumen_pk.render_pk_pdf(
        perjanjian, base_url=request.build_absolute_uri("/"), with_qr=True
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response


def lkjip_pdf(
    request: HttpRequest, unit: str, tahun: int, nomor: int | None = None
) -> HttpResponse:
    """Render a public LKjIP from what was frozen when it was adopted, or
    from its revision ``nomor``; nothing is read from the tables of today."""
    # The path converter takes any number of digits, which a database column
    # may not hold; such a year or revision cannot exist.
    if not TAHUN_MIN <= tahun <= TAHUN_MAX or not 0 < (nomor or 1) <= NOMOR_MAX:
        raise Http404
    laporan = selectors.laporan_publik().filter(unit__kode=unit, tahun=tahun).first()
    if laporan is None:
        raise Http404
    isi, narasi, nama = laporan.isi_beku, laporan.narasi_beku, f"LKjIP-{tahun}-{unit}"
    if nomor is not None:
        revisi = laporan.revisi.filter(nomor=nomor).first()
        if revisi is None:
            raise Http404
        isi, narasi = revisi.isi_beku, revisi.narasi_beku
        nama = f"{nama}-revisi-{nomor}"

    pdf = render_dokumen(isi, narasi or {}, format="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    nama = re.sub(r"[^A-Za-z0-9._-]", "_", nama)
    response["Content-Disposition"] = f'attachment; filename="{nama}.pdf"'
    return response


def data_index(request: HttpRequest) -> HttpResponse:
    context = {
        "nama_pemda": selectors.nama_pemda(),
        "dataset_list": list(DATASETS.values()),
        "format_list": unduhan.FORMATS,
    }
    return render(request, "portal/data_index.html", context)


def data_unduh(request: HttpRequest, nama: str, format: str) -> HttpResponse:
    """Stream one dataset as CSV or JSON, filtered by ``?tahun=`` and ``?unit=``."""
    dataset = DATASETS.get(nama)
    if dataset is None or format not in unduhan.FORMATS:
        raise Http404
    try:
        kriteria = parse_filter(request.GET)
    except FilterTidakSah as error:
        return HttpResponseBadRequest(
            str(error), content_type="text/plain; charset=utf-8"
        )

    return unduhan.stream(dataset, kriteria=kriteria, format=format)
