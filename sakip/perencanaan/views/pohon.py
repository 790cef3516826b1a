"""The pohon kinerja pages (Pemda and OPD), their PDF and SVG downloads, and
the view of the crosscutting sasaran."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from sakip.organisasi.models import Unit

from .. import checks, pohon
from ..models import Elemen

PDF = "pdf"
SVG = "svg"


def _tahun(request: HttpRequest) -> tuple[int, list[int]]:
    """Return the year asked for (default: the latest with targets up to this
    year) and the years to offer."""
    years = checks.check_years()
    try:
        tahun = int(request.GET.get("tahun", ""))
    except ValueError:
        tahun = checks.default_check_year(years, timezone.localdate().year)
    return tahun, sorted({*years, tahun})


def _sampai(request: HttpRequest, default: str) -> str:
    sampai = request.GET.get("sampai", default)
    return sampai if sampai in pohon.SAMPAI_CHOICES else default


def _context(request: HttpRequest, *, default_sampai: str) -> dict:
    tahun, tahun_list = _tahun(request)
    labels = dict(Elemen.Jenis.choices)
    return {
        "tahun": tahun,
        "tahun_list": tahun_list,
        "sampai": _sampai(request, default_sampai),
        "sampai_list": [(value, labels[value]) for value in pohon.SAMPAI_CHOICES],
        "opd_list": Unit.objects.visible_to(request.user).perangkat_daerah(),
    }


def _render(
    request: HttpRequest,
    context: dict,
    *,
    template: str,
    berkas: str | None,
    url_name: str,
    url_args: tuple = (),
) -> HttpResponse:
    """Render the page, or with ``berkas`` the PDF or SVG download; the
    downloads' URLs are ``url_name`` with ``_pdf`` and ``_svg`` added."""
    nama = slugify(f"pohon-kinerja-{context['judul']}-{context['tahun']}")
    context.update({"lebar_kotak": pohon.LEBAR_KOTAK, "nama_berkas": nama})
    if berkas is None:
        query = request.GET.urlencode()
        suffix = f"?{query}" if query else ""
        context.update(
            {
                "legenda": pohon.legenda(),
                "pdf_url": reverse(f"{url_name}_pdf", args=url_args) + suffix,
                "svg_url": reverse(f"{url_name}_svg", args=url_args) + suffix,
            }
        )
        return render(request, template, context)

    if berkas == SVG:
        content = render_to_string("perencanaan/partials/pohon_svg.html", context)
        response = HttpResponse(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + content,
            content_type="image/svg+xml; charset=utf-8",
        )
    else:
        # Imported here: WeasyPrint loads pango when imported, which the
        # pages that draw no PDF need not pay for.
        from weasyprint import HTML

        context["halaman"] = pohon.halaman_pdf(context["pohon"])
        html = render_to_string("perencanaan/pohon_pdf.html", context, request)
        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{nama}.{berkas}"'
    return response


@login_required
def pohon_pemda(request: HttpRequest, berkas: str | None = None) -> HttpResponse:
    context = _context(request, default_sampai=Elemen.Jenis.PROGRAM)
    rpjmd = pohon.rpjmd_berlaku(tahun=context["tahun"])

    diagram = pohon.pohon_pemda(
        user=request.user, tahun=context["tahun"], sampai=context["sampai"]
    )
    context.update(
        {
            "pohon": diagram,
            "dokumen": rpjmd,
            "judul": rpjmd.unit.nama if rpjmd else "pemda",
        }
    )
    return _render(
        request,
        context,
        template="perencanaan/pohon_pemda.html",
        berkas=berkas,
        url_name="perencanaan:pohon_pemda",
    )


@login_required
def pohon_opd(request: HttpRequest, pk: int, berkas: str | None = None) -> HttpResponse:
    opd = get_object_or_404(
        Unit.objects.visible_to(request.user).perangkat_daerah(), pk=pk
    )
    context = _context(request, default_sampai=Elemen.Jenis.SUB_KEGIATAN)
    renstra = pohon.renstra_opd(opd=opd, tahun=context["tahun"])

    diagram = pohon.pohon_opd(
        user=request.user, opd=opd, tahun=context["tahun"], sampai=context["sampai"]
    )
    context.update(
        {"pohon": diagram, "dokumen": renstra, "opd": opd, "judul": opd.nama}
    )
    return _render(
        request,
        context,
        template="perencanaan/pohon_opd.html",
        berkas=berkas,
        url_name="perencanaan:pohon_opd",
        url_args=(opd.pk,),
    )


@login_required
def crosscutting(request: HttpRequest) -> HttpResponse:
    tahun, tahun_list = _tahun(request)
    hanya_crosscutting = request.GET.get("hanya") == "crosscutting"

    sasaran_list = pohon.crosscutting_list(user=request.user, tahun=tahun)
    if hanya_crosscutting:
        sasaran_list = [item for item in sasaran_list if item.crosscutting]
    context = {
        "tahun": tahun,
        "tahun_list": tahun_list,
        "hanya_crosscutting": hanya_crosscutting,
        "sasaran_list": sasaran_list,
        "rpjmd": pohon.rpjmd_berlaku(tahun=tahun),
    }
    return render(request, "perencanaan/crosscutting.html", context)
