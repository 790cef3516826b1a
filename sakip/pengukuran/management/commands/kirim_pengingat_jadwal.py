from django.core.management.base import BaseCommand
from django.utils import timezone

from sakip.pengukuran.jadwal import pengingat_jadwal_kirim


class Command(BaseCommand):
    help = (
        "Beri tahu Operator OPD saat jadwal input dibuka dan sehari sebelum "
        "ditutup. Aman dijalankan berulang (misalnya tiap jam dari cron): "
        "pengingat yang sudah terkirim tidak dikirim lagi."
    )

    def handle(self, *args, **options):
        hasil = pengingat_jadwal_kirim(now=timezone.now())
        self.stdout.write(
            f"Jadwal dibuka: {hasil.dibuka} notifikasi; segera ditutup: "
            f"{hasil.akan_ditutup}; pembukaan ulang segera ditutup: "
            f"{hasil.buka_ulang_akan_ditutup}."
        )
