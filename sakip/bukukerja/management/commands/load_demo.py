from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sakip.bukukerja.demo import demo_load


class Command(BaseCommand):
    help = (
        "Muat data demo Kabupaten Pringsewu (nomenklatur bawaan bila belum ada, "
        "buku kerja demo) dan buat satu akun demo untuk setiap peran. Boleh "
        "dijalankan berulang kali."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--jika-kosong",
            action="store_true",
            help=(
                "Impor buku kerja demo hanya bila belum ada data pemda, agar "
                "perubahan data demo tidak tertimpa; akun demo tetap dibuat."
            ),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Jalankan juga bila DEBUG mati. Akun demo memakai sandi yang "
                "tercetak di sini, jadi jangan dipakai di server sungguhan."
            ),
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG mati: data dan akun demo dengan sandi yang diketahui tidak "
                "dimuat. Tambahkan --force bila ini memang server uji."
            )
        result, accounts = demo_load(keep_data=options["jika_kosong"])
        if result is None:
            self.stdout.write(
                "Basis data sudah berisi data pemda; buku kerja demo tidak "
                "diimpor ulang."
            )
        elif not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError("Buku kerja demo tidak dapat diimpor.")
        else:
            self.stdout.write("Buku kerja demo diimpor:")
            for sheet, counts in result.summary.items():
                self.stdout.write(
                    f"  {sheet:<12} dibuat {counts['dibuat']:>4}, diubah "
                    f"{counts['diubah']:>4}, tetap {counts['tetap']:>4}"
                )
        self.stdout.write("")
        self.stdout.write("Akun demo (sandi hanya untuk demo):")
        self.stdout.write(f"  {'Pengguna':<20}{'Sandi':<31}{'Peran':<41}Unit")
        for account in accounts:
            unit = account.unit.nama if account.unit else "-"
            self.stdout.write(
                f"  {account.username:<20}{account.password:<31}"
                f"{account.peran_label:<41}{unit}"
            )
