from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sakip.referensi.services import (
    SHIPPED_BERLAKU_MULAI,
    SHIPPED_NAMA,
    SHIPPED_NOMENKLATUR,
    NomenklaturError,
    nomenklatur_load,
)


class Command(BaseCommand):
    help = (
        "Muat daftar nomenklatur nasional dari berkas CSV sebagai versi baru "
        "yang berlaku mulai tahun tertentu. Tanpa argumen: daftar 2020 bawaan."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, default=SHIPPED_NOMENKLATUR)
        parser.add_argument(
            "--berlaku-mulai",
            type=int,
            default=SHIPPED_BERLAKU_MULAI,
            help="Tahun anggaran pertama tempat versi ini berlaku.",
        )
        parser.add_argument("--nama", default=SHIPPED_NAMA, help="Nama versi.")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        try:
            versi = nomenklatur_load(
                path=path, berlaku_mulai=options["berlaku_mulai"], nama=options["nama"]
            )
        except NomenklaturError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Nomenklatur {versi} dimuat: {versi.kode.count()} kode.")
