from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sakip.evaluasi.lke import PREDIKAT_BAWAAN, SKALA_BAWAAN, LkeError, lke_load


class Command(BaseCommand):
    help = (
        "Muat templat LKE dari berkas CSV, bersama skala jawaban dan predikatnya. "
        "Tidak ada yang disimpan bila satu baris saja tidak sah."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas", type=Path, help="berkas CSV LKE")
        parser.add_argument(
            "--kode", help="kode templat; bawaannya nama berkas tanpa akhiran"
        )
        parser.add_argument("--nama", help="nama templat; bawaannya sama dengan kode")
        parser.add_argument(
            "--skala",
            type=Path,
            default=SKALA_BAWAAN,
            help="berkas CSV skala jawaban; bawaannya skala PermenPAN-RB 88/2021",
        )
        parser.add_argument(
            "--predikat",
            type=Path,
            default=PREDIKAT_BAWAAN,
            help="berkas CSV predikat; bawaannya predikat PermenPAN-RB 88/2021",
        )

    def handle(self, *args, **options):
        berkas: Path = options["berkas"]
        kode = options["kode"] or berkas.stem.upper()
        nama = options["nama"] or kode
        try:
            template = lke_load(
                lke=berkas,
                kode=kode,
                nama=nama,
                skala=options["skala"],
                predikat=options["predikat"],
            )
        except LkeError as error:
            raise CommandError("\n".join(error.messages)) from None
        jumlah = sum(
            sub.kriteria.count()
            for komponen in template.komponen.all()
            for sub in komponen.sub_komponen.all()
        )
        self.stdout.write(
            f"Templat LKE {template.kode} dimuat: "
            f"{template.komponen.count()} komponen, {jumlah} kriteria."
        )
