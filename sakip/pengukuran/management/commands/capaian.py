import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from sakip.core.angka import decimal_text, round_half_up
from sakip.organisasi.models import Unit
from sakip.pengukuran.selectors import CapaianIndikator, capaian_indikator_list
from sakip.perencanaan.models import Indikator, Periode


class Command(BaseCommand):
    help = (
        "Cetak capaian setiap indikator yang memiliki target pada tahun itu, "
        "sebagai JSON atau tabel."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tahun", type=int, required=True, help="Tahun capaian.")
        parser.add_argument(
            "--unit",
            help=(
                "Kode unit: hanya indikator dokumen unit itu (untuk perangkat "
                "daerah, termasuk bidangnya). Tanpa ini: semua unit."
            ),
        )
        parser.add_argument(
            "--periode",
            default=Periode.TAHUNAN,
            choices=Periode.values,
            help="Periode: tahunan (bawaan), TW1–TW4 atau B01–B12.",
        )
        parser.add_argument(
            "--format",
            choices=["json", "tabel"],
            default="tabel",
            help="Bentuk keluaran.",
        )
        parser.add_argument(
            "--semua-realisasi",
            action="store_true",
            help=(
                "Hitung juga realisasi yang belum diverifikasi. Tanpa ini hanya "
                "realisasi yang diterima verifikator, seperti laporan resmi."
            ),
        )

    def handle(self, *args, **options):
        indikator = Indikator.objects.filter(target__tahun=options["tahun"]).distinct()
        if options["unit"]:
            indikator = indikator.filter(self._unit_filter(options["unit"]))
        hasil = capaian_indikator_list(
            indikator=indikator.order_by("kode"),
            tahun=options["tahun"],
            periode=options["periode"],
            hanya_terverifikasi=not options["semua_realisasi"],
        )
        if options["format"] == "json":
            rows = [as_json(item) for item in hasil]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for item in hasil:
            self.stdout.write(
                f"{item.indikator.kode}\t{item.target_teks}\t{item.realisasi_teks}\t"
                f"{item.capaian_2dp if item.capaian_2dp is not None else '—'}\t"
                f"{item.kategori or item.keterangan or ''}"
            )

    def _unit_filter(self, kode: str) -> Q:
        unit = Unit.objects.filter(kode=kode).first()
        if unit is None:
            raise CommandError(f"Unit dengan kode {kode!r} tidak ditemukan.")
        if unit.jenis == Unit.Jenis.PERANGKAT_DAERAH:
            return Q(elemen__dokumen__unit__opd=unit)
        return Q(elemen__dokumen__unit=unit) | Q(unit_pj=unit)


def _two_places(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return f"{round_half_up(value, 2):.2f}"


def as_json(item: CapaianIndikator) -> dict:
    """One capaian in the JSON layout of the Buku Kerja format's capaian output."""
    row = {
        "indikator": item.indikator.kode,
        "tahun": item.tahun,
        "periode": item.periode,
        "target": _as_text(item.target, item.target_teks),
        "realisasi": _as_text(item.realisasi, item.realisasi_teks),
        "capaian": _two_places(item.capaian_2dp),
        "kategori": item.kategori,
        "sumber_target": item.sumber_target,
    }
    if item.batas_bawah is not None:
        # A rentang target has no single value; its bounds stand beside it.
        row["target"] = None
        row["batas_bawah"] = decimal_text(item.batas_bawah)
        row["batas_atas"] = decimal_text(item.batas_atas)
    if item.keterangan:
        row["keterangan"] = item.keterangan
    return row


def _as_text(number: Decimal | None, shown: str) -> str | None:
    """A number as decimal text with its stored precision (only the capaian
    is rounded), a scale value as written."""
    if number is not None:
        return decimal_text(number)
    if shown == "—":
        return None
    return shown
