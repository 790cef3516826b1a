"""The printed Perjanjian Kinerja: its lembar pernyataan and lampiran, drawn
as HTML and rendered to PDF with WeasyPrint, and the QR code that opens its
verification page."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Level, PerjanjianKinerja


@dataclass(frozen=True)
class KolomPK:
    """The headings of a PK's two tables, which name what the level promises."""

    sasaran: str
    indikator: str
    anggaran: str


# Eselon II promises sasaran strategis with their IKU, eselon III the sasaran
# of its programs, eselon IV the kegiatan and sub kegiatan.
# NOTE: these headings follow the layout that Pemda applications commonly
# use; they were not checked against the form in PermenPAN-RB 53/2014.
KOLOM = {
    Level.KEPALA_DAERAH: KolomPK(
        _("Sasaran Strategis"), _("Indikator Kinerja"), _("Program")
    ),
    Level.KEPALA_OPD: KolomPK(
        _("Sasaran Strategis"), _("Indikator Kinerja Utama"), _("Program")
    ),
    Level.KEPALA_BIDANG: KolomPK(
        _("Sasaran Program"), _("Indikator Kinerja Program"), _("Program")
    ),
    Level.PPTK: KolomPK(
        _("Sasaran Kegiatan / Sub Kegiatan"),
        _("Indikator Kinerja Kegiatan"),
        _("Kegiatan / Sub Kegiatan"),
    ),
}


def verifikasi_url(perjanjian: PerjanjianKinerja, *, base_url: str = "") -> str:
    """Return the address of the PK's public verification page, absolute when
    ``base_url`` (scheme and host, such as ``https://sakip.example.go.id``)
    is given."""
    path = reverse("perjanjian:pk_verifikasi", args=[perjanjian.kode_verifikasi])
    return base_url.rstrip("/") + path


def qr_svg(data: str) -> str:
    """Return an inline SVG element of a QR code of ``data``, 30 mm wide."""
    qr = segno.make(data, error="m")
    # segno gives the size in units of modules; scale it to 30 mm on paper.
    size = qr.symbol_size(border=2)[0]
    return qr.svg_inline(scale=30 / size, unit="mm", border=2)


def judul_pk(perjanjian: PerjanjianKinerja) -> str:
    """Return the title of the PK document, which names a perubahan:
    "PERJANJIAN KINERJA TAHUN 2025" or "PERJANJIAN KINERJA PERUBAHAN TAHUN
    2025" ("PERUBAHAN 2" for the second)."""
    tahun = str(perjanjian.tahun)
    versi = perjanjian.dokumen.versi
    if versi == "murni":
        return gettext("PERJANJIAN KINERJA TAHUN %(tahun)s") % {"tahun": tahun}
    return gettext("PERJANJIAN KINERJA %(versi)s TAHUN %(tahun)s") % {
        "versi": versi.upper(),
        "tahun": tahun,
    }


def pk_context(
    perjanjian: PerjanjianKinerja, *, base_url: str = "", with_qr: bool = False
) -> dict:
    """Return what the PK document shows: the title, the parties, the rows
    with their targets, the budget and, for a signed PK, the QR code and the
    code."""
    baris = selectors.baris_list(perjanjian=perjanjian)
    judul = judul_pk(perjanjian)
    context = {
        "perjanjian": perjanjian,
        "judul": judul,
        "judul_lampiran": gettext("LAMPIRAN %(judul)s") % {"judul": judul},
        "kolom": KOLOM[perjanjian.level],
        "baris_list": baris,
        "anggaran_list": selectors.anggaran_list(perjanjian=perjanjian, baris=baris),
        "tempat": tempat_pk(perjanjian),
    }
    if with_qr:
        url = verifikasi_url(perjanjian, base_url=base_url)
        context.update({"verifikasi_url": url, "qr_svg": qr_svg(url)})
    return context


def render_pk_pdf(
    perjanjian: PerjanjianKinerja, *, base_url: str = "", with_qr: bool = False
) -> bytes:
    """Render the PK document to PDF bytes (A4 portrait)."""
    # Imported here: WeasyPrint loads pango when imported, which the pages
    # that draw no PDF need not pay for.
    from weasyprint import HTML

    context = pk_context(perjanjian, base_url=base_url, with_qr=with_qr)
    html = render_to_string("perjanjian/pk_dokumen.html", context)
    return HTML(string=html).write_pdf()


def sha256_of(chunks) -> str:
    """Return the hexadecimal SHA-256 of an iterable of byte strings."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def tempat_pk(perjanjian: PerjanjianKinerja) -> str:
    """Return the place written before the PK's date above the signatures:
    the name of the Pemda, whichever unit signs."""
    unit = perjanjian.unit
    while unit.induk_id is not None:
        unit = unit.induk
    return unit.nama
