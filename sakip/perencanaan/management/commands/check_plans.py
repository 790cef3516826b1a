import json
from collections import Counter
from dataclasses import asdict

from django.core.management.base import BaseCommand

from sakip.perencanaan.checks import GALAT, check_plans


class Command(BaseCommand):
    help = (
        "Periksa rantai kinerja rencana yang berlaku pada satu tahun: tautan "
        "yang putus, target yang kurang, kode di luar nomenklatur, indikator "
        "yang bermasalah. Keluar dengan status 0 walau ada temuan."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--tahun", type=int, required=True, help="Tahun rencana yang diperiksa."
        )
        parser.add_argument(
            "--format",
            choices=["json", "tabel"],
            default="tabel",
            help="Bentuk keluaran.",
        )

    def handle(self, *args, **options):
        temuan = check_plans(tahun=options["tahun"])
        if options["format"] == "json":
            rows = [{**asdict(item), "nilai": list(item.nilai)} for item in temuan]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for item in temuan:
            self.stdout.write(
                f"{item.tingkat}\t{item.jenis}\t{item.dokumen}\t{item.kode}\t"
                f"{item.pesan}"
            )
        galat = sum(1 for item in temuan if item.tingkat == GALAT)
        self.stdout.write(
            f"{len(temuan)} temuan: {galat} galat, {len(temuan) - galat} peringatan."
        )
        for jenis, jumlah in sorted(Counter(t.jenis for t in temuan).items()):
            self.stdout.write(f"  {jenis}: {jumlah}")
