from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sakip.anggaran.models import Pagu
from sakip.anggaran.sipd import BerkasSipdError, import_sipd_dpa


class Command(BaseCommand):
    help = (
        "Impor pagu dan anggaran kas DPA sub kegiatan dari ekspor SIPD (XLSX atau "
        "CSV). Semua baris diperiksa dahulu; satu kesalahan membatalkan seluruh "
        "berkas. Kolom yang dibaca: docs/sipd-dpa.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas", type=Path)
        parser.add_argument("--tahun", type=int, required=True)
        parser.add_argument(
            "--versi", choices=Pagu.Versi.values, default=Pagu.Versi.MURNI
        )
        parser.add_argument(
            "--opd", help="Kode unit OPD bila berkas hanya berisi satu OPD."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Periksa saja, tanpa menyimpan."
        )

    def handle(self, *args, **options):
        path = options["berkas"]
        if not path.is_file():
            raise CommandError(_("Berkas %(nama)s tidak ditemukan.") % {"nama": path})
        try:
            hasil = import_sipd_dpa(
                path,
                tahun=options["tahun"],
                versi=options["versi"],
                opd_kode=options["opd"],
                dry_run=options["dry_run"],
            )
        except BerkasSipdError as error:
            lines = [_("Berkas tidak diimpor:"), *error.errors]
            if error.stop_message():
                lines.append(error.stop_message())
            raise CommandError("\n".join(lines)) from None
        if hasil.dry_run:
            message = _(
                "%(jumlah)s sub kegiatan akan diimpor (dry run, tidak ada yang "
                "disimpan); jumlah pagu %(versi)s Rp %(pagu)s."
            )
        else:
            message = _(
                "%(jumlah)s sub kegiatan diimpor; jumlah pagu %(versi)s Rp %(pagu)s."
            )
        self.stdout.write(
            message
            % {
                "jumlah": len(hasil.baris),
                "versi": options["versi"],
                "pagu": f"{hasil.jumlah_pagu:,}".replace(",", "."),
            }
        )
