"""The LKjIP as documents: a PDF drawn from HTML by WeasyPrint and an editable
DOCX rendered by docxtpl, both from the dict of ``lkjip.lkjip_data`` and the
narrative, in the outline of PermenPAN-RB 53/2014: Ikhtisar Eksekutif, Bab I
Pendahuluan, Bab II Perencanaan Kinerja, Bab III Akuntabilitas Kinerja, Bab IV
Penutup and the Lampiran (PK and IKU).

Both renderers read only the dict, never the database, so that a frozen LKjIP
renders the same years later. ``lkjip_context`` turns the dict into the text
that both documents print, so that they show the same numbers.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import SandboxedEnvironment

from sakip.core.angka import format_angka
from sakip.pengukuran.capaian import RUMUS_RASIO, RUMUS_SELISIH, Kategori

from .grafik import Batang, grafik_png, grafik_svg
from .templat_lkjip import build_lkjip_template

BELUM_DIISI = "(belum diisi)"
KOSONG = "—"
ANALISIS = (
    "penyebab",
    "solusi",
    "efisiensi",
    "program_pendukung",
    "pembanding_nasional",
)
POLARITAS = {
    "positif": "positif (makin tinggi makin baik)",
    "negatif": "negatif (makin rendah makin baik)",
    "rentang": "rentang (dalam batas bawah–atas)",
}
LEVEL = {"kepala_daerah": "Kepala Daerah", "kepala_opd": "Kepala OPD"}


def render_lkjip_pdf(data: dict, narasi: dict) -> bytes:
    """Render the LKjIP to PDF bytes (A4 portrait)."""
    # Imported here: WeasyPrint loads pango when imported.
    from weasyprint import HTML

    context = lkjip_context(data, narasi)
    context["grafik_svg"] = grafik_svg(
        _batang(context), judul=_("Capaian kinerja per sasaran")
    )
    html = render_to_string("pelaporan/lkjip_cetak.html", context)
    return HTML(string=html).write_pdf()


def render_lkjip_docx(data: dict, narasi: dict, template: bytes | None = None) -> bytes:
    """Render the LKjIP to DOCX bytes with ``template`` (DOCX with docxtpl
    tags, such as a Pemda's letterhead), or with the default template."""
    document = DocxTemplate(io.BytesIO(template or build_lkjip_template()))
    context = lkjip_context(data, narasi)
    context["grafik"] = InlineImage(
        document, io.BytesIO(grafik_png(_batang(context))), width=Mm(165)
    )
    # The sandbox and autoescaping: a value such as "Dinas PU & PR" must
    # become XML text, and an uploaded template is code written by a user.
    document.render(context, jinja_env=SandboxedEnvironment(autoescape=True))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def lkjip_context(data: dict, narasi: dict) -> dict:
    """Return what both documents print: every number formatted the
    Indonesian way and every empty narrative replaced by "(belum diisi)"."""
    narasi = narasi or {}
    analisis = narasi.get("analisis") or {}
    unit = data["unit"]
    sasaran = [
        _sasaran(item, nomor, analisis.get(item["kode"]) or {}, tahun=data["tahun"])
        for nomor, item in enumerate(data["sasaran"], start=1)
    ]
    return {
        "judul": _("LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)"),
        "unit_nama": unit["nama"],
        "unit_upper": unit["nama"].upper(),
        "is_pemda": unit["jenis"] == "pemda",
        "tahun": str(data["tahun"]),
        "status_teks": _status_teks(data),
        "nama_pemda": data["pengaturan"].get("nama_pemda", ""),
        "ikhtisar": _paragraphs(narasi.get("ikhtisar")),
        "pendahuluan": _paragraphs(narasi.get("pendahuluan")),
        "penutup": _paragraphs(narasi.get("penutup")),
        "dokumen_strategis": _dokumen_teks(data["dokumen"]["strategis"]),
        "dokumen_tahunan": _dokumen_teks(data["dokumen"]["tahunan"]),
        "dokumen_pk": _dokumen_teks(data["dokumen"]["pk"]),
        "jenis_strategis": "RPJMD" if unit["jenis"] == "pemda" else "Renstra",
        "aturan_rumus": _aturan_rumus(data["pengaturan"]),
        "sasaran": sasaran,
        "ringkasan_kategori": _ringkasan_kategori(sasaran),
        "anggaran_baris": _anggaran_baris(data["sasaran"]),
        "anggaran_total": _jumlah(data["anggaran"]),
        "efisiensi_baris": [
            _efisiensi(item, s)
            for item, s in zip(data["sasaran"], sasaran, strict=True)
        ],
        "pk": _pk(data["pk"]),
        "iku": [
            {
                "no": str(nomor),
                "sasaran": item.get("sasaran", ""),
                "uraian": item["uraian"],
                "satuan": item["satuan"],
                "definisi": item["definisi"] or KOSONG,
                "formula": item["formula"] or KOSONG,
                "sumber_data": item["sumber_data"] or KOSONG,
                "target": item["target_teks"],
            }
            for nomor, item in enumerate(data["iku"], start=1)
        ],
        "catatan": list(data["catatan"]),
    }


def persen(value: str | None) -> str:
    """Format a two-place percentage string ("97.50") as "97,50 %"."""
    if value is None:
        return KOSONG
    return f"{format_angka(Decimal(value))} %"


def rupiah(value: int | None, *, kosong: str = KOSONG) -> str:
    """Format whole rupiah as "1.234.567"; ``kosong`` when there is none."""
    if value is None:
        return kosong
    return format_angka(Decimal(value), 0)


def _paragraphs(text: str | None) -> list[str]:
    """Split a narrative into paragraphs at blank lines or line breaks."""
    lines = [line.strip() for line in (text or "").splitlines()]
    paragraphs = [line for line in lines if line]
    return paragraphs or [BELUM_DIISI]


def _dokumen_teks(dokumen: dict | None) -> str:
    if dokumen is None:
        return _("(tidak ada)")
    tahun = str(dokumen["tahun_awal"])
    if dokumen["tahun_akhir"] and dokumen["tahun_akhir"] != dokumen["tahun_awal"]:
        tahun = f"{dokumen['tahun_awal']}–{dokumen['tahun_akhir']}"
    nama = dokumen["nama"] or dokumen["kode"]
    return _("%(nama)s (%(kode)s, %(tahun)s, versi %(versi)s, status %(status)s)") % {
        "nama": nama,
        "kode": dokumen["kode"],
        "tahun": tahun,
        "versi": dokumen["versi"],
        "status": dokumen["status"],
    }


def _aturan_rumus(pengaturan: dict) -> str:
    rumus = RUMUS_RASIO if pengaturan["rumus_negatif"] == "rasio" else RUMUS_SELISIH
    batas = pengaturan["batas_rollup"]
    if batas in ("", "tanpa", None):
        rollup = _("tanpa batas")
    else:
        rollup = _("paling tinggi %(batas)s %%") % {"batas": batas}
    return _(
        "Capaian indikator positif dihitung R / T × 100 dan indikator negatif "
        "%(rumus)s, dengan R realisasi dan T target; capaian tidak pernah di bawah "
        "0 %%. Capaian sasaran adalah rata-rata capaian indikatornya, dengan "
        "capaian tiap indikator dihitung %(rollup)s."
    ) % {"rumus": rumus, "rollup": rollup}


def _capaian_teks(value: str | None, keterangan: str | None) -> str:
    if value is None:
        return f"{KOSONG} ({keterangan})" if keterangan else KOSONG
    return persen(value)


def _sasaran(item: dict, nomor: int, analisis: dict, *, tahun: int) -> dict:
    indikator = [
        _indikator(row, f"{nomor}.{index}")
        for index, row in enumerate(item["indikator"], start=1)
    ]
    riwayat = []
    for row, shown in zip(item["indikator"], indikator, strict=True):
        for year in row["riwayat"]:
            riwayat.append(
                {
                    "indikator": shown["uraian"],
                    "tahun": str(year["tahun"]),
                    "target": year["target_teks"],
                    "realisasi": year["realisasi_teks"],
                    "capaian": _capaian_teks(year["capaian_2dp"], year["keterangan"]),
                }
            )
        riwayat.append(
            {
                "indikator": shown["uraian"],
                "tahun": _("%(tahun)s (tahun ini)") % {"tahun": tahun},
                "target": shown["target"],
                "realisasi": shown["realisasi"],
                "capaian": shown["capaian"],
            }
        )
    kategori = item["kategori"]
    return {
        "no": str(nomor),
        "kode": item["kode"],
        "uraian": item["uraian"],
        "capaian": _capaian_teks(item["capaian_2dp"], _("tidak ada capaian indikator")),
        "capaian_2dp": item["capaian_2dp"],
        "kategori": kategori or KOSONG,
        "warna": Kategori(kategori).warna if kategori else None,
        "indikator": indikator,
        "riwayat": riwayat,
        "analisis": {key: _paragraphs(analisis.get(key)) for key in ANALISIS},
        "tindak_lanjut": [
            {
                "periode": row["periode"],
                "faktor_penghambat": row["faktor_penghambat"],
                "tindakan": row["tindakan"] or KOSONG,
            }
            for row in item.get("tindak_lanjut", [])
        ],
    }


def _indikator(row: dict, nomor: str) -> dict:
    target_akhir = row["target_akhir"]
    return {
        "no": nomor,
        "kode": row["kode"],
        "uraian": row["uraian"],
        "satuan": row["satuan"],
        "polaritas": POLARITAS.get(row["polaritas"], row["polaritas"]),
        "rumus": row["rumus"],
        "formula": row["formula"] or KOSONG,
        "target": row["target_teks"],
        "realisasi": row["realisasi_teks"],
        "capaian": _capaian_teks(row["capaian_2dp"], row["keterangan"]),
        "kategori": row["kategori"] or KOSONG,
        "keterangan": row["keterangan"] or "",
        "kondisi_awal": row.get("kondisi_awal_teks") or KOSONG,
        "target_akhir": KOSONG if target_akhir is None else target_akhir["teks"],
        "tahun_akhir": _tahun_akhir(target_akhir),
        # A report frozen before the realisation to date was stored shows the
        # year's realisation, from which its progress was computed.
        "realisasi_progres": row.get("realisasi_progres_teks", row["realisasi_teks"]),
        "progres": _capaian_teks(row["progres_2dp"], row["progres_keterangan"]),
    }


def _tahun_akhir(target_akhir: dict | None) -> str:
    """Name the year of the final target, or the years it sums."""
    if target_akhir is None:
        return ""
    if target_akhir.get("dijumlahkan"):
        return _("jumlah %(awal)s–%(akhir)s") % {
            "awal": target_akhir["tahun_awal"],
            "akhir": target_akhir["tahun"],
        }
    return str(target_akhir["tahun"])


def _jumlah(jumlah: dict) -> dict:
    pagu = jumlah["pagu"]
    return {
        "pagu": rupiah(pagu),
        # With a pagu, a missing realisation is not zero spending.
        "realisasi": rupiah(
            jumlah["realisasi"], kosong=_("belum diisi") if pagu else KOSONG
        ),
        "serapan": persen(jumlah["serapan_2dp"]),
    }


def _anggaran_baris(sasaran: list[dict]) -> list[dict]:
    """Flatten the budget table: each sasaran, then its programs."""
    rows = []
    for nomor, item in enumerate(sasaran, start=1):
        rows.append(
            {
                "no": str(nomor),
                "uraian": item["uraian"],
                "opd": "",
                "tebal": True,
                "capaian": _capaian_teks(item["capaian_2dp"], None),
                **_jumlah(item["anggaran"]),
            }
        )
        for index, program in enumerate(item["program"], start=1):
            rows.append(
                {
                    "no": f"{nomor}.{index}",
                    "uraian": f"{program['nomenklatur']} {program['nama']}".strip(),
                    "opd": program["opd"],
                    "tebal": False,
                    "capaian": _capaian_teks(program["capaian_2dp"], None),
                    **_jumlah(program),
                }
            )
    return rows


def _efisiensi(item: dict, shown: dict) -> dict:
    efisiensi = item["efisiensi"]
    selisih = efisiensi["selisih_2dp"]
    return {
        "no": shown["no"],
        "uraian": item["uraian"],
        "capaian": persen(efisiensi["capaian_2dp"]),
        "serapan": persen(efisiensi["serapan_2dp"]),
        "selisih": KOSONG
        if selisih is None
        else _("%(nilai)s poin") % {"nilai": format_angka(Decimal(selisih))},
        "label": efisiensi["label"] or f"{KOSONG} ({efisiensi['keterangan']})",
    }


def _ringkasan_kategori(sasaran: list[dict]) -> list[dict]:
    """Count the sasaran per kategori, for the Ikhtisar Eksekutif."""
    counts = {kategori.value: 0 for kategori in Kategori}
    tanpa = 0
    for item in sasaran:
        if item["kategori"] in counts:
            counts[item["kategori"]] += 1
        else:
            tanpa += 1
    rows = [{"kategori": key, "jumlah": str(value)} for key, value in counts.items()]
    if tanpa:
        rows.append({"kategori": _("belum dapat dihitung"), "jumlah": str(tanpa)})
    return rows


def _pk(pk: dict | None) -> dict | None:
    if pk is None:
        return None
    kedua = pk["pihak_kedua"]
    return {
        "kode": pk["kode"],
        "level": LEVEL.get(pk["level"], pk["level"]),
        "versi": pk["versi"],
        "tanggal": _tanggal(pk["tanggal"]),
        "pihak_pertama": f"{pk['pihak_pertama']['nama']} "
        f"({pk['pihak_pertama']['jabatan']})",
        "pihak_kedua": "" if kedua is None else f"{kedua['nama']} ({kedua['jabatan']})",
        "baris": [
            {
                "no": str(nomor),
                "sasaran": row["sasaran"],
                "indikator": row["indikator"],
                "target": f"{row['target_teks']} {row['satuan']}",
            }
            for nomor, row in enumerate(pk["baris"], start=1)
        ],
        "anggaran": [
            {
                "no": str(nomor),
                "uraian": f"{row['nomenklatur']} {row['uraian']}".strip(),
                "pagu": rupiah(row["pagu"]),
            }
            for nomor, row in enumerate(pk["anggaran"], start=1)
        ],
    }


def _status_teks(data: dict) -> str:
    """Return the cover's line on the document's standing: the adoption date,
    the revision, or that it is a draft whose numbers may still change."""
    revisi = data.get("revisi")
    if revisi:
        return _("Revisi ke-%(nomor)s, %(tanggal)s: %(alasan)s") % {
            "nomor": revisi["nomor"],
            "tanggal": _tanggal(revisi["tanggal"]),
            "alasan": revisi["alasan"],
        }
    if data.get("status") == "ditetapkan" and data.get("tanggal"):
        return _("Ditetapkan %(tanggal)s") % {"tanggal": _tanggal(data["tanggal"])}
    return _("DRAF: belum ditetapkan; angka dapat berubah sampai ditetapkan.")


def _tanggal(iso: str) -> str:
    """Format an ISO date ("2025-01-15") as "15 Januari 2025"."""
    return date_format(datetime.date.fromisoformat(iso), "j F Y")


def _batang(context: dict) -> list[Batang]:
    return [
        Batang(
            label=_("Sasaran %(no)s") % {"no": item["no"]},
            nilai=None if item["capaian_2dp"] is None else Decimal(item["capaian_2dp"]),
            warna=item["warna"],
        )
        for item in context["sasaran"]
    ]
