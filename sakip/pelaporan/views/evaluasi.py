"""Pages and downloads of the evaluation tables of the Renja and RKPD, and of
the IKU, PK and Renstra recapitulations."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from sakip.core.htmx import render_page_or_partial
from sakip.organisasi.models import Unit
from sakip.pengukuran.selectors import tahun_realisasi_terakhir, tahun_tersedia
from sakip.perencanaan.models import Dokumen
from sakip.perjanjian.models import PerjanjianKinerja

from .. import rekap, xlsx
from ..evaluasi_renja import (
    evaluasi_renja as build_evaluasi_renja,
)
from ..evaluasi_renja import (
    evaluasi_rkpd as build_evaluasi_rkpd,
)
from ..evaluasi_renja import (
    judul_evaluasi,
    kolom_evaluasi,
)

WARNA_KOSONG = "#adb5bd"
PDF_CONTENT_TYPE = "application/pdf"


def _tahun_list() -> list[int]:
    """Years that have targets, newest first, with the latest year of
    realisation among them."""
    years = tahun_tersedia()
    latest = tahun_realisasi_terakhir()
    if latest is not None and latest not in years:
        years = sorted([*years, latest], reverse=True)
    return years


def _tahun(request: HttpRequest, years: list[int]) -> int | None:
    """The year asked for, else the latest year of realisation, else the
    newest year with targets; never today's date."""
    text = request.GET.get("tahun", "")
    if text.isdigit() and int(text) in years:
        return int(text)
    latest = tahun_realisasi_terakhir()
    if latest is not None:
        return latest
    return years[0] if years else None


def _pemda() -> Unit:
    return get_object_or_404(Unit, jenis=Unit.Jenis.PEMDA)


def _opd_visible(request: HttpRequest, pk: int) -> Unit:
    return get_object_or_404(
        Unit.objects.visible_to(request.user).perangkat_daerah(), pk=pk
    )


def _unit_visible(request: HttpRequest, pk: int) -> Unit:
    """The Pemda or an OPD that the user may see."""
    return get_object_or_404(
        Unit.objects.visible_to(request.user).filter(
            jenis__in=[Unit.Jenis.PEMDA, Unit.Jenis.PERANGKAT_DAERAH]
        ),
        pk=pk,
    )


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _pdf(template_name: str, context: dict, *, filename: str) -> HttpResponse:
    # Imported here: WeasyPrint loads pango when imported, which the pages
    # that draw no PDF need not pay for.
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return _download(
        HTML(string=html).write_pdf(), content_type=PDF_CONTENT_TYPE, filename=filename
    )


@login_required
def evaluasi_index(request: HttpRequest) -> HttpResponse:
    """The choice of unit and year for every table and recapitulation."""
    years = _tahun_list()
    tahun = _tahun(request, years)
    opd_list = Unit.objects.visible_to(request.user).perangkat_daerah()
    context = {
        "tahun": tahun,
        "tahun_list": years,
        "pemda": _pemda(),
        "opd_list": opd_list,
        "pk_list": PerjanjianKinerja.objects.visible_to(request.user)
        .filter(tahun=tahun)
        .select_related("unit", "dokumen"),
        "strategis_list": Dokumen.objects.visible_to(request.user)
        .filter(jenis__in=Dokumen.JENIS_LIMA_TAHUNAN, versi_berikutnya__isnull=True)
        .select_related("unit")
        .order_by("jenis", "unit__urutan", "-tahun_awal"),
    }
    return render(request, "pelaporan/evaluasi_index.html", context)


def _evaluasi_page(request: HttpRequest, tabel, years: list[int]) -> HttpResponse:
    context = {
        "tabel": tabel,
        "judul": judul_evaluasi(tabel),
        "kolom": kolom_evaluasi(tabel),
        "tahun": tabel.tahun,
        "tahun_list": years,
    }
    return render_page_or_partial(
        request,
        template_name="pelaporan/evaluasi_tabel.html",
        partial_name="pelaporan/partials/evaluasi_isi.html",
        context=context,
    )


@login_required
def evaluasi_renja(request: HttpRequest, pk: int) -> HttpResponse:
    opd = _opd_visible(request, pk)
    years = _tahun_list()
    tahun = _tahun(request, years)

    tabel = build_evaluasi_renja(opd=opd, tahun=tahun) if tahun else None
    if tabel is None:
        return render(request, "pelaporan/evaluasi_kosong.html", {"unit": opd})
    return _evaluasi_page(request, tabel, years)


@login_required
def evaluasi_renja_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    opd = _opd_visible(request, pk)
    tahun = _tahun(request, _tahun_list())
    if tahun is None:
        return render(request, "pelaporan/evaluasi_kosong.html", {"unit": opd})

    tabel = build_evaluasi_renja(opd=opd, tahun=tahun)
    return _download(
        xlsx.evaluasi_xlsx(tabel),
        content_type=xlsx.XLSX_CONTENT_TYPE,
        filename=f"evaluasi-renja-{opd.kode}-{tahun}.xlsx",
    )


@login_required
def evaluasi_rkpd(request: HttpRequest) -> HttpResponse:
    pemda = _pemda()
    years = _tahun_list()
    tahun = _tahun(request, years)

    if tahun is None:
        return render(request, "pelaporan/evaluasi_kosong.html", {"unit": pemda})
    return _evaluasi_page(request, build_evaluasi_rkpd(pemda=pemda, tahun=tahun), years)


@login_required
def evaluasi_rkpd_xlsx(request: HttpRequest) -> HttpResponse:
    pemda = _pemda()
    tahun = _tahun(request, _tahun_list())
    if tahun is None:
        return render(request, "pelaporan/evaluasi_kosong.html", {"unit": pemda})

    tabel = build_evaluasi_rkpd(pemda=pemda, tahun=tahun)
    return _download(
        xlsx.evaluasi_xlsx(tabel),
        content_type=xlsx.XLSX_CONTENT_TYPE,
        filename=f"evaluasi-rkpd-{tahun}.xlsx",
    )


def _rekap_iku_context(request: HttpRequest, pk: int) -> dict | None:
    unit = _unit_visible(request, pk)
    years = _tahun_list()
    tahun = _tahun(request, years)
    if tahun is None:
        return None
    data = rekap.rekap_iku(unit=unit, tahun=tahun)
    return {
        "rekap": data,
        "unit": unit,
        "tahun": tahun,
        "tahun_list": years,
        "grafik": _grafik_iku(data),
    }


@login_required
def rekap_iku(request: HttpRequest, pk: int) -> HttpResponse:
    context = _rekap_iku_context(request, pk)
    if context is None:
        return render(
            request,
            "pelaporan/evaluasi_kosong.html",
            {"unit": _unit_visible(request, pk)},
        )
    return render(request, "pelaporan/rekap_iku.html", context)


@login_required
def rekap_iku_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    context = _rekap_iku_context(request, pk)
    if context is None:
        return rekap_iku(request, pk)
    data = context["rekap"]
    return _download(
        xlsx.rekap_iku_xlsx(data),
        content_type=xlsx.XLSX_CONTENT_TYPE,
        filename=f"rekap-iku-{data.unit.kode}-{data.tahun}.xlsx",
    )


@login_required
def rekap_iku_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    context = _rekap_iku_context(request, pk)
    if context is None:
        return rekap_iku(request, pk)
    data = context["rekap"]
    return _pdf(
        "pelaporan/rekap_iku_cetak.html",
        context,
        filename=f"rekap-iku-{data.unit.kode}-{data.tahun}.pdf",
    )


def _visible_pk(request: HttpRequest, pk: int) -> PerjanjianKinerja:
    return get_object_or_404(
        PerjanjianKinerja.objects.visible_to(request.user).select_related(
            "unit", "dokumen"
        ),
        pk=pk,
    )


@login_required
def rekap_pk(request: HttpRequest, pk: int) -> HttpResponse:
    data = rekap.rekap_pk(perjanjian=_visible_pk(request, pk))
    return render(request, "pelaporan/rekap_pk.html", {"rekap": data})


@login_required
def rekap_pk_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    data = rekap.rekap_pk(perjanjian=_visible_pk(request, pk))
    return _download(
        xlsx.rekap_pk_xlsx(data),
        content_type=xlsx.XLSX_CONTENT_TYPE,
        filename=f"rekap-{data.perjanjian.dokumen.kode}.xlsx",
    )


@login_required
def rekap_pk_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    data = rekap.rekap_pk(perjanjian=_visible_pk(request, pk))
    return _pdf(
        "pelaporan/rekap_pk_cetak.html",
        {"rekap": data},
        filename=f"rekap-{data.perjanjian.dokumen.kode}.pdf",
    )


def _visible_strategis(request: HttpRequest, pk: int) -> Dokumen:
    return get_object_or_404(
        Dokumen.objects.visible_to(request.user)
        .filter(jenis__in=Dokumen.JENIS_LIMA_TAHUNAN)
        .select_related("unit"),
        pk=pk,
    )


def _rekap_renstra_context(request: HttpRequest, pk: int) -> dict:
    data = rekap.rekap_renstra(dokumen=_visible_strategis(request, pk))
    return {"rekap": data, "grafik": _grafik_progres(data)}


@login_required
def rekap_renstra(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request, "pelaporan/rekap_renstra.html", _rekap_renstra_context(request, pk)
    )


@login_required
def rekap_renstra_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    data = rekap.rekap_renstra(dokumen=_visible_strategis(request, pk))
    return _download(
        xlsx.rekap_renstra_xlsx(data),
        content_type=xlsx.XLSX_CONTENT_TYPE,
        filename=f"capaian-{data.dokumen.kode}.xlsx",
    )


@login_required
def rekap_renstra_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    context = _rekap_renstra_context(request, pk)
    return _pdf(
        "pelaporan/rekap_renstra_cetak.html",
        context,
        filename=f"capaian-{context['rekap'].dokumen.kode}.pdf",
    )


def _grafik_iku(data: rekap.RekapIku) -> dict:
    """Data of the bar chart of capaian per IKU, for chart-capaian.js. Numbers
    travel as strings of the Decimal."""
    items = data.baris
    return {
        "jenis": "bar",
        "horizontal": True,
        "satuan": "%",
        "garis_100": True,
        "ada_nilai": any(item.capaian_2dp is not None for item in items),
        "labels": [Truncator(item.indikator.uraian).chars(35) for item in items],
        "judul": [item.indikator.uraian for item in items],
        "datasets": [
            {
                "label": _("Capaian (%)"),
                "data": [_as_text(item.capaian_2dp) for item in items],
                "warna": [item.warna or WARNA_KOSONG for item in items],
                "keterangan": [
                    item.kategori or item.keterangan or _("belum ada capaian")
                    for item in items
                ],
            }
        ],
    }


def _grafik_progres(data: rekap.RekapRenstra) -> dict:
    """Data of the bar chart of each indikator's progress from its kondisi
    awal toward the final target (100 % reaches it)."""
    items = data.baris
    return {
        "jenis": "bar",
        "horizontal": True,
        "satuan": "%",
        "garis_100": True,
        "ada_nilai": any(row.progres.nilai is not None for row in items),
        "labels": [Truncator(row.indikator.uraian).chars(35) for row in items],
        "judul": [row.indikator.uraian for row in items],
        "datasets": [
            {
                "label": _("Progres dari kondisi awal (%)"),
                "data": [_as_text(row.progres.nilai_2dp) for row in items],
                "warna": "#0b4f8a",
                "keterangan": [
                    row.progres_keterangan or _("menuju target akhir periode")
                    for row in items
                ],
            }
        ],
    }


def _as_text(value) -> str | None:
    return None if value is None else str(value)
