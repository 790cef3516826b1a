"""The data of the budget chart of the OPD dashboard, in the format that
sakip/core/static/core/chart-capaian.js draws."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sakip.organisasi.models import Unit

from . import selectors
from .services import nama_bulan

WARNA_PAGU = "#6c757d"
WARNA_KAS = "#9ec5fe"
WARNA_REALISASI = "#0b4f8a"


def grafik_anggaran_opd(*, opd: Unit, tahun: int) -> dict | None:
    """Pagu, anggaran kas and realisasi keuangan to date, month by month, as
    three lines; None when the OPD has no pagu for ``tahun``. Three queries."""
    jumlah = selectors.jumlah_opd_list(
        tahun=tahun, opd=Unit.objects.filter(pk=opd.pk)
    ).get(opd.pk)
    if jumlah is None or jumlah.pagu_berlaku is None:
        return None
    months = selectors.bulanan_list(tahun=tahun, opd=opd)
    return {
        "jenis": "line",
        "horizontal": False,
        "satuan": "Rp",
        "garis_100": False,
        "labels": [nama_bulan(item.bulan) for item in months],
        "datasets": [
            {
                "label": _("Pagu"),
                "data": [str(jumlah.pagu_berlaku)] * len(months),
                "warna": WARNA_PAGU,
            },
            {
                "label": _("Anggaran kas kumulatif"),
                "data": [str(item.anggaran_kas_kumulatif) for item in months],
                "warna": WARNA_KAS,
            },
            {
                "label": _("Realisasi keuangan kumulatif"),
                "data": [str(item.realisasi_kumulatif) for item in months],
                "warna": WARNA_REALISASI,
            },
        ],
        "pagu": jumlah.pagu_berlaku,
        "realisasi": jumlah.realisasi_keuangan,
        "serapan": jumlah.serapan,
    }
