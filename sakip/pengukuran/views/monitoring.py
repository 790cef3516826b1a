"""The monitoring page of a year and period, and the charts of one indikator
or sub kegiatan over the year."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.anggaran.selectors import bulanan_list
from sakip.anggaran.services import nama_bulan
from sakip.core.angka import round_half_up
from sakip.core.htmx import render_page_or_partial
from sakip.pelaksanaan.models import TargetFisikBulanan
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Periode

from ..monitoring import Monitoring, batas_deviasi, monitoring_build
from ..monitoring_forms import MonitoringFilterForm
from ..selectors import capaian_series, tahun_realisasi_terakhir
from .dasbor import WARNA_KOSONG, WARNA_REALISASI, WARNA_TARGET, _as_text


@login_required
def monitoring(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    pilihan = form.pilihan()

    data = monitoring_build(
        user=request.user,
        tahun=pilihan.tahun,
        periode=pilihan.periode,
        opd=pilihan.opd,
        hanya_terverifikasi=pilihan.hanya_terverifikasi,
    )
    context = {
        "form": form,
        "pilihan": pilihan,
        "monitoring": data,
        "periode_label": dict(Periode.choices).get(pilihan.periode, pilihan.periode),
        "triwulan_label": dict(Periode.choices).get(data.triwulan or "", ""),
        "grafik_peringkat": _grafik_peringkat(data),
        "grafik_keuangan": _grafik_keuangan(data, pilihan.opd),
    }
    return render_page_or_partial(
        request,
        template_name="pengukuran/monitoring.html",
        partial_name="pengukuran/partials/monitoring_isi.html",
        context=context,
    )


@login_required
def monitoring_grafik_indikator(request: HttpRequest, pk: int, tahun: int):
    indikator = get_object_or_404(
        Indikator.objects.visible_to(request.user).select_related("elemen"), pk=pk
    )
    series = [
        c
        for c in capaian_series(indikator=indikator)
        if c.tahun == tahun and c.periode in {p.value for p in _TRIWULAN}
    ]
    labels = dict(Periode.choices)
    grafik = {
        "jenis": "bar",
        "horizontal": False,
        "satuan": indikator.satuan,
        "garis_100": False,
        "labels": [str(labels[c.periode]) for c in series],
        "datasets": [
            {
                "label": _("Target s.d. triwulan"),
                "data": [_as_text(c.target) for c in series],
                "warna": WARNA_TARGET,
            },
            {
                "label": _("Realisasi s.d. triwulan"),
                "data": [_as_text(c.realisasi) for c in series],
                "warna": WARNA_REALISASI,
            },
        ],
    }
    context = {
        "indikator": indikator,
        "tahun": tahun,
        "series": series,
        "grafik": grafik,
    }
    return render(request, "pengukuran/monitoring_grafik.html", context)


@login_required
def monitoring_grafik_sub_kegiatan(request: HttpRequest, pk: int, tahun: int):
    elemen = get_object_or_404(
        Elemen.objects.visible_to(request.user).filter(jenis=Elemen.Jenis.SUB_KEGIATAN),
        pk=pk,
    )
    months = bulanan_list(tahun=tahun, elemen=elemen)
    pagu = (
        Pagu.objects.filter(elemen=elemen, tahun=tahun)
        .order_by("-versi")
        .values_list("pagu", flat=True)
        .first()
    )
    fisik = dict(
        KeuanganBulanan.objects.filter(elemen=elemen, tahun=tahun).values_list(
            "bulan", "realisasi_fisik"
        )
    )
    target_fisik = dict(
        TargetFisikBulanan.objects.filter(
            elemen=elemen,
            rencana_aksi__dokumen__tahun_awal=tahun,
            rencana_aksi__dokumen__status=Dokumen.Status.DITETAPKAN,
        )
        .order_by("rencana_aksi_id")
        .values_list("bulan", "nilai")
    )
    labels = [nama_bulan(item.bulan) for item in months]
    grafik_keuangan = {
        "jenis": "line",
        "horizontal": False,
        "satuan": "%",
        "garis_100": True,
        "labels": labels,
        "datasets": [
            {
                "label": _("Anggaran kas kumulatif (% pagu)"),
                "data": [_share(m.anggaran_kas_kumulatif, pagu) for m in months],
                "warna": WARNA_TARGET,
            },
            {
                "label": _("Realisasi keuangan kumulatif (% pagu)"),
                "data": [_share(m.realisasi_kumulatif, pagu) for m in months],
                "warna": WARNA_REALISASI,
            },
        ],
    }
    grafik_fisik = {
        "jenis": "line",
        "horizontal": False,
        "satuan": "%",
        "garis_100": True,
        "labels": labels,
        "datasets": [
            {
                "label": _("Target fisik"),
                "data": [_as_text(target_fisik.get(m.bulan)) for m in months],
                "warna": WARNA_TARGET,
            },
            {
                "label": _("Realisasi fisik"),
                "data": [_as_text(fisik.get(m.bulan)) for m in months],
                "warna": WARNA_REALISASI,
            },
        ],
    }
    context = {
        "elemen": elemen,
        "tahun": tahun,
        "pagu": pagu,
        "grafik_keuangan": grafik_keuangan,
        "grafik_fisik": grafik_fisik,
    }
    return render(request, "pengukuran/monitoring_grafik.html", context)


_TRIWULAN = (Periode.TW1, Periode.TW2, Periode.TW3, Periode.TW4)


def _filter_form(request: HttpRequest) -> MonitoringFilterForm:
    """The default year is the latest with realisation; the default period is
    the last month that has ended in that year (December for a past year)."""
    today = timezone.localdate()
    tahun = tahun_realisasi_terakhir() or today.year
    bulan = 12 if tahun < today.year else max(today.month - 1, 1)
    return MonitoringFilterForm(
        request.GET,
        user=request.user,
        default_tahun=tahun,
        default_periode=f"B{bulan:02d}",
    )


def _grafik_peringkat(data: Monitoring) -> dict | None:
    rows = [row for row in data.peringkat if row.capaian is not None]
    if not rows:
        return None
    return {
        "jenis": "bar",
        "horizontal": True,
        "satuan": "%",
        "garis_100": True,
        "labels": [Truncator(row.opd.nama).chars(35) for row in rows],
        "judul": [row.opd.nama for row in rows],
        "datasets": [
            {
                "label": _("Rata-rata capaian (%)"),
                "data": [_as_text(row.capaian_2dp) for row in rows],
                "warna": [row.warna or WARNA_KOSONG for row in rows],
                "keterangan": [row.kategori or "" for row in rows],
            }
        ],
    }


def _grafik_keuangan(data: Monitoring, opd) -> dict | None:
    """Anggaran kas against realisasi keuangan to date, month by month, as
    percentages of the pagu of the sub kegiatan shown; one query."""
    pagu = sum(row.pagu or 0 for row in data.sub_kegiatan)
    if not pagu:
        return None
    months = bulanan_list(tahun=data.tahun, opd=opd)
    return {
        "jenis": "line",
        "horizontal": False,
        "satuan": "%",
        "garis_100": True,
        "labels": [nama_bulan(item.bulan) for item in months],
        "datasets": [
            {
                "label": _("Anggaran kas kumulatif (% pagu)"),
                "data": [_share(m.anggaran_kas_kumulatif, pagu) for m in months],
                "warna": WARNA_TARGET,
            },
            {
                "label": _("Realisasi keuangan kumulatif (% pagu)"),
                "data": [_share(m.realisasi_kumulatif, pagu) for m in months],
                "warna": WARNA_REALISASI,
            },
        ],
        "batas": str(batas_deviasi()),
    }


def _share(value: int | None, pagu: int | None) -> str | None:
    if value is None or not pagu:
        return None
    return str(round_half_up(Decimal(value) * 100 / Decimal(pagu), 2))
