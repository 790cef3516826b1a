"""The LKjIP's chart of capaian per sasaran, drawn on the server: as SVG for
the PDF (WeasyPrint draws inline SVG) and as PNG for the DOCX (Word documents
take raster images), from one layout so that both show the same bars.

No charting library is installed; the bar chart needs only rectangles, lines
and text, which Pillow (installed with WeasyPrint) draws for the PNG.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

from sakip.core.angka import format_angka

# Geometry in SVG user units (pixels at 96 dpi): 640 wide is about 170 mm.
LEBAR = 640
KIRI = 110
KANAN = 80
ATAS = 16
TINGGI_BATANG = 22
JARAK_BATANG = 12
BAWAH = 34
UKURAN_HURUF = 11
WARNA_KOSONG = "#adb5bd"
WARNA_GARIS = "#212529"
# The scale reaches at least 120 % so that the 100 % line is never at the
# edge, and at most 200 %: a longer bar is cut there and its value printed.
SKALA_MIN = Decimal(120)
SKALA_MAX = Decimal(200)
# Resolution of the PNG: twice the SVG units, about 192 dpi at 170 mm.
SKALA_PNG = 2


@dataclass(frozen=True)
class Batang:
    """One bar: its label, capaian in percent (None when undefined) and colour."""

    label: str
    nilai: Decimal | None
    warna: str | None


@dataclass(frozen=True)
class TataLetak:
    """The computed geometry of the chart: the scale's maximum and the ticks."""

    batang: tuple[Batang, ...]
    maksimum: Decimal
    tinggi: int

    def x(self, nilai: Decimal) -> float:
        lebar = LEBAR - KIRI - KANAN
        return KIRI + float(min(nilai, self.maksimum) / self.maksimum) * lebar

    def y(self, index: int) -> int:
        return ATAS + index * (TINGGI_BATANG + JARAK_BATANG)

    @property
    def ticks(self) -> list[Decimal]:
        step = Decimal(20) if self.maksimum <= 140 else Decimal(50)
        values = []
        value = Decimal(0)
        while value <= self.maksimum:
            values.append(value)
            value += step
        return values


def tata_letak(batang: list[Batang]) -> TataLetak:
    """Compute the scale (rounded up to a multiple of 20) and the height."""
    highest = max((b.nilai for b in batang if b.nilai is not None), default=None)
    maksimum = SKALA_MIN
    if highest is not None and highest > SKALA_MIN:
        maksimum = min(SKALA_MAX, -(-highest // 20) * 20)
    tinggi = ATAS + len(batang) * (TINGGI_BATANG + JARAK_BATANG) + BAWAH
    return TataLetak(batang=tuple(batang), maksimum=maksimum, tinggi=tinggi)


def _nilai_teks(nilai: Decimal | None) -> str:
    return "—" if nilai is None else f"{format_angka(nilai)} %"


def grafik_svg(batang: list[Batang], *, judul: str) -> str:
    """Return the chart as an inline ``<svg>`` element, 170 mm wide."""
    layout = tata_letak(batang)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="170mm" '
        f'height="{layout.tinggi * 170 / LEBAR:.1f}mm" '
        f'viewBox="0 0 {LEBAR} {layout.tinggi}" role="img" '
        f'aria-label="{escape(judul)}" font-family="DejaVu Sans" '
        f'font-size="{UKURAN_HURUF}">'
    ]
    bottom = layout.tinggi - BAWAH + 4
    for tick in layout.ticks:
        x = layout.x(tick)
        parts.append(
            f'<line x1="{x:.1f}" y1="{ATAS - 4}" x2="{x:.1f}" y2="{bottom}" '
            f'stroke="#dee2e6" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{bottom + 14}" text-anchor="middle" '
            f'fill="#495057">{format_angka(tick, 0)}</text>'
        )
    for index, item in enumerate(layout.batang):
        y = layout.y(index)
        middle = y + TINGGI_BATANG / 2 + UKURAN_HURUF / 3
        parts.append(
            f'<text x="{KIRI - 8}" y="{middle:.1f}" text-anchor="end">'
            f"{escape(item.label)}</text>"
        )
        end = KIRI
        if item.nilai is not None:
            end = layout.x(item.nilai)
            parts.append(
                f'<rect x="{KIRI}" y="{y}" width="{end - KIRI:.1f}" '
                f'height="{TINGGI_BATANG}" fill="{item.warna or WARNA_KOSONG}"/>'
            )
        parts.append(
            f'<text x="{end + 6:.1f}" y="{middle:.1f}">'
            f"{escape(_nilai_teks(item.nilai))}</text>"
        )
    x100 = layout.x(Decimal(100))
    parts.append(
        f'<line x1="{x100:.1f}" y1="{ATAS - 6}" x2="{x100:.1f}" y2="{bottom}" '
        f'stroke="{WARNA_GARIS}" stroke-width="1.5" stroke-dasharray="4 3"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def grafik_png(batang: list[Batang]) -> bytes:
    """Return the chart as PNG bytes, drawn like ``grafik_svg``."""
    layout = tata_letak(batang)
    s = SKALA_PNG
    image = Image.new("RGB", (LEBAR * s, layout.tinggi * s), "white")
    draw = ImageDraw.Draw(image)
    font = _font(UKURAN_HURUF * s)
    bottom = layout.tinggi - BAWAH + 4

    for tick in layout.ticks:
        x = layout.x(tick) * s
        draw.line([(x, (ATAS - 4) * s), (x, bottom * s)], fill="#dee2e6", width=s)
        draw.text(
            (x, (bottom + 4) * s),
            format_angka(tick, 0),
            font=font,
            fill="#495057",
            anchor="mt",
        )
    for index, item in enumerate(layout.batang):
        y = layout.y(index)
        middle = (y + TINGGI_BATANG / 2) * s
        draw.text(
            ((KIRI - 8) * s, middle), item.label, font=font, fill="black", anchor="rm"
        )
        end = KIRI
        if item.nilai is not None:
            end = layout.x(item.nilai)
            draw.rectangle(
                [KIRI * s, y * s, end * s, (y + TINGGI_BATANG) * s],
                fill=item.warna or WARNA_KOSONG,
            )
        draw.text(
            ((end + 6) * s, middle),
            _nilai_teks(item.nilai),
            font=font,
            fill="black",
            anchor="lm",
        )
    x100 = layout.x(Decimal(100)) * s
    for start in range((ATAS - 6) * s, bottom * s, 7 * s):
        draw.line(
            [(x100, start), (x100, min(start + 4 * s, bottom * s))],
            fill=WARNA_GARIS,
            width=s + 1,
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Return DejaVu Sans, the documents' font, else Pillow's own font."""
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size)
