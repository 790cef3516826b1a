import dataclasses
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sakip.bukukerja.provinsi import SKALA, build_provinsi
from sakip.core.statistik import analyze_database
from sakip.organisasi.models import Unit


class Command(BaseCommand):
    help = (
        "Bangkitkan data uji sebuah pemda buatan (RPJMD, Renstra, Renja, RKPD, "
        "target, realisasi, anggaran dan PK) pada basis data yang masih kosong. "
        "Skala 'provinsi' sebesar provinsi terbesar yang dilayani (60 OPD, "
        "sekitar 600.000 baris realisasi); 'kecil' untuk uji."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=sorted(SKALA),
            default="kecil",
            help="Ukuran pemda buatan (bawaan: kecil).",
        )
        parser.add_argument(
            "--opd",
            type=int,
            help="Jumlah OPD, menggantikan jumlah bawaan skala.",
        )
        parser.add_argument(
            "--seed", type=int, default=2025, help="Benih bilangan acak."
        )

    def handle(self, *args, **options):
        if Unit.objects.filter(jenis=Unit.Jenis.PEMDA).exists():
            raise CommandError(
                "Basis data sudah berisi pemda; data buatan hanya dibangkitkan "
                "pada basis data kosong yang sudah dimigrasi."
            )
        ukuran = SKALA[options["scale"]]
        if options["opd"]:
            ukuran = dataclasses.replace(ukuran, opd=options["opd"])

        started = time.monotonic()
        with transaction.atomic():
            provinsi = build_provinsi(ukuran, seed=options["seed"])
            analyze_database()
        elapsed = time.monotonic() - started

        self.stdout.write(f"Pemda buatan dibangkitkan dalam {elapsed:.0f} detik:")
        for name, count in provinsi.jumlah.items():
            self.stdout.write(f"  {name:<18} {count:>9}")
