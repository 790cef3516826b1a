from django.core.management.base import BaseCommand, CommandError

from sakip.pengukuran.capaian import parse_periode
from sakip.pengukuran.tindak_lanjut import tindak_lanjut_periksa


class Command(BaseCommand):
    help = (
        "Minta tindak lanjut untuk indikator PK yang capaian triwulannya Rendah "
        "atau Sangat Rendah atau yang diperingatkan proyeksinya, lalu beri tahu "
        "tiap unit butir yang tertinggal. Aman dijalankan berulang (cron atau "
        "task worker): permintaan dan notifikasi yang sudah ada tidak dibuat lagi."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--tahun", type=int, required=True, help="Tahun, mis. 2025."
        )
        parser.add_argument(
            "--periode",
            required=True,
            help="Triwulan TW1-TW4 (meminta tindak lanjut) atau bulan B01-B12 "
            "(hanya notifikasi butir tertinggal).",
        )

    def handle(self, *args, **options):
        try:
            periode = parse_periode(options["periode"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        if periode.value == "tahunan":
            raise CommandError("Periode harus triwulan TW1-TW4 atau bulan B01-B12.")

        hasil = tindak_lanjut_periksa(tahun=options["tahun"], periode=periode.value)
        self.stdout.write(
            f"Tindak lanjut dibuat: {hasil.dibuat}; sudah ada: {hasil.sudah_ada}; "
            f"notifikasi tindak lanjut: {hasil.notifikasi_tindak_lanjut}; "
            f"notifikasi butir tertinggal: {hasil.notifikasi_tertinggal}."
        )
