from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from sakip.anggaran.grafik import grafik_anggaran_opd
from sakip.core.angka import format_nilai
from sakip.core.htmx import render_page_or_partial
from sakip.organisasi.models import Pengguna, Unit
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Periode
from sakip.perencanaan.selectors import dokumen_berlaku_list

from .. import capaian as engine
from ..forms import DasborFilterForm, PilihanDasbor
from ..progres import progres_series
from ..selectors import (
    CapaianElemen,
    CapaianIndikator,
    capaian_elemen_list,
    capaian_indikator_list,
    capaian_series,
    tahun_realisasi_terakhir,
    tahun_tersedia,
)

WARNA_KOSONG = "#adb5bd"
WARNA_TARGET = "#9ec5fe"
WARNA_REALISASI = "#0b4f8a"


@login_required
def dasbor_pemda(request: HttpRequest) -> HttpResponse:
    user = request.user
    # A user of one OPD lands on their OPD's dashboard. The filter form and
    # the navbar link always send "opd", so the Pemda view stays reachable.
    if "opd" not in request.GET and not user.melihat_semua_opd and user.opd_id:
        return redirect("pengukuran:dasbor_opd", pk=user.opd_id)

    form = _filter_form(request)
    pilihan = form.pilihan()
    context = {"form": form, **_dasbor_context(user=user, pilihan=pilihan)}
    return render_page_or_partial(
        request,
        template_name="pengukuran/dasbor_pemda.html",
        partial_name="pengukuran/partials/dasbor_isi.html",
        context=context,
    )


@login_required
def dasbor_opd(request: HttpRequest, pk: int) -> HttpResponse:
    opd = get_object_or_404(
        Unit.objects.visible_to(request.user).perangkat_daerah(), pk=pk
    )

    form = _filter_form(request, dengan_opd=False)
    pilihan = form.pilihan(opd=opd)
    context = {
        "form": form,
        **_dasbor_context(user=request.user, pilihan=pilihan),
        "panel_anggaran": True,
        "grafik_anggaran": grafik_anggaran_opd(opd=opd, tahun=pilihan.tahun),
    }
    return render_page_or_partial(
        request,
        template_name="pengukuran/dasbor_opd.html",
        partial_name="pengukuran/partials/dasbor_isi.html",
        context=context,
    )


def capaian_panel_context(request: HttpRequest, indikator: Indikator) -> dict:
    """Context of the capaian panel on the indikator page of perencanaan.

    The page found ``indikator`` through ``visible_to``; this adds its
    capaian for every year and period, each year's progress from the kondisi
    awal toward the period's final target, and the data of its charts.
    """
    series = capaian_series(indikator=indikator)
    tahunan = [c for c in series if c.periode == Periode.TAHUNAN]
    triwulan = [c for c in series if c.periode != Periode.TAHUNAN]
    labels = dict(Periode.choices)
    # The panel shows every realisation entered, as its capaian rows do.
    progres = progres_series(
        Indikator.objects.filter(pk=indikator.pk),
        tahun_list=[c.tahun for c in tahunan],
        hanya_terverifikasi=False,
    ).get(indikator.pk, {})
    first = next(iter(progres.values()), None)
    return {
        "series": series,
        "baris_list": [
            (
                labels.get(c.periode, c.periode),
                c,
                progres.get(c.tahun) if c.periode == Periode.TAHUNAN else None,
            )
            for c in series
        ],
        "grafik_tahunan": _grafik_target_realisasi(tahunan, indikator=indikator),
        "grafik_triwulan": _grafik_target_realisasi(triwulan, indikator=indikator),
        "kondisi_awal_teks": None if first is None else _teks(first.kondisi_awal),
        "target_akhir": None if first is None else first.target_akhir,
    }


def _teks(value) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return format_nilai(value)


def _filter_form(request: HttpRequest, *, dengan_opd: bool = True) -> DasborFilterForm:
    """Build the filter; the default year is the latest with realisation, not
    today's, because a year's realisation is entered months after it ends."""
    tahun_list = tahun_tersedia()
    default = tahun_realisasi_terakhir()
    if default is None:
        default = tahun_list[0] if tahun_list else timezone.localdate().year
    if default not in tahun_list:
        tahun_list = sorted([*tahun_list, default], reverse=True)
    return DasborFilterForm(
        request.GET,
        user=request.user,
        tahun_list=tahun_list,
        default_tahun=default,
        dengan_opd=dengan_opd,
    )


def _dasbor_context(*, user: Pengguna, pilihan: PilihanDasbor) -> dict:
    """Capaian of the sasaran and IKU of the RPJMD, or of one OPD's Renstra."""
    if pilihan.opd is None:
        dokumen = dokumen_berlaku_list(jenis=Dokumen.Jenis.RPJMD, tahun=pilihan.tahun)
    else:
        dokumen = dokumen_berlaku_list(
            jenis=Dokumen.Jenis.RENSTRA, tahun=pilihan.tahun, unit=pilihan.opd
        )
    sasaran = Elemen.objects.visible_to(user).filter(
        dokumen__in=dokumen, jenis=Elemen.Jenis.SASARAN
    )
    iku = Indikator.objects.visible_to(user).iku().filter(elemen__dokumen__in=dokumen)

    options = {
        "tahun": pilihan.tahun,
        "hanya_terverifikasi": pilihan.hanya_terverifikasi,
    }
    capaian_sasaran = capaian_elemen_list(elemen=sasaran, **options)
    capaian_iku = capaian_indikator_list(indikator=iku, **options)
    semua_indikator = [c for s in capaian_sasaran for c in s.indikator]
    return {
        "pilihan": pilihan,
        "opd": pilihan.opd,
        "dokumen_list": list(dokumen.select_related("unit")),
        "capaian_sasaran": capaian_sasaran,
        "capaian_iku": capaian_iku,
        "jumlah_kategori": _count_kategori([*semua_indikator, *capaian_iku]),
        "grafik_sasaran": _grafik_sasaran(capaian_sasaran),
    }


def _count_kategori(items: Iterable[CapaianIndikator]) -> list[dict]:
    """Count indikator per kategori, each indikator once, with the undefined
    ones split into "belum diisi" and "tidak dapat dihitung"."""
    unique = {item.indikator.pk: item for item in items}.values()
    counts: dict[str, int] = {}
    belum_diisi = tidak_dihitung = 0
    for item in unique:
        if item.kategori is not None:
            counts[item.kategori] = counts.get(item.kategori, 0) + 1
        elif item.keterangan == _(engine.KETERANGAN_BELUM_DIISI):
            belum_diisi += 1
        else:
            tidak_dihitung += 1

    rows = [
        {
            "label": kategori.value,
            "warna": kategori.warna,
            "jumlah": counts.get(kategori, 0),
        }
        for kategori in engine.Kategori
    ]
    rows.append({"label": _("Belum diisi"), "warna": None, "jumlah": belum_diisi})
    rows.append(
        {"label": _("Tidak dapat dihitung"), "warna": None, "jumlah": tidak_dihitung}
    )
    return rows


def _grafik_sasaran(items: list[CapaianElemen]) -> dict:
    """Data of the bar chart of capaian per sasaran, for chart-capaian.js.

    Numbers travel as strings of the Decimal, so that no float is made here;
    the browser parses them for drawing only.
    """
    return {
        "jenis": "bar",
        "horizontal": True,
        "satuan": "%",
        "garis_100": True,
        "ada_nilai": any(item.capaian_2dp is not None for item in items),
        # The axis has room for about 35 characters; the tooltip shows the
        # whole uraian.
        "labels": [Truncator(item.elemen.uraian).chars(35) for item in items],
        "judul": [item.elemen.uraian for item in items],
        "datasets": [
            {
                "label": _("Capaian (%)"),
                "data": [_as_text(item.capaian_2dp) for item in items],
                "warna": [item.warna or WARNA_KOSONG for item in items],
                "keterangan": [
                    item.kategori or _("belum ada capaian") for item in items
                ],
            }
        ],
    }


def _grafik_target_realisasi(
    items: list[CapaianIndikator], *, indikator: Indikator
) -> dict | None:
    """Data of the chart of target against realisation, or None when no
    period has a number to draw (a scale indikator, or no target yet)."""
    targets = [_as_text(item.target) for item in items]
    realisasi = [_as_text(item.realisasi) for item in items]
    if not any(targets) and not any(realisasi):
        return None
    return {
        "jenis": "bar",
        "horizontal": False,
        "satuan": indikator.satuan,
        "garis_100": False,
        "labels": [_label_periode(item) for item in items],
        "datasets": [
            {"label": _("Target"), "data": targets, "warna": WARNA_TARGET},
            {"label": _("Realisasi"), "data": realisasi, "warna": WARNA_REALISASI},
        ],
    }


def _label_periode(item: CapaianIndikator) -> str:
    if item.periode == Periode.TAHUNAN:
        return str(item.tahun)
    return f"{item.tahun} {Periode(item.periode).label}"


def _as_text(value) -> str | None:
    return None if value is None else str(value)
