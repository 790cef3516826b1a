from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sakip.arsip.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Cadangkan seluruh data (semua tabel, termasuk riwayat) dan semua berkas "
        "penyimpanan ke satu arsip ZIP dengan manifest dan checksum."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Berkas arsip .zip yang ditulis.")
        parser.add_argument(
            "--timpa",
            action="store_true",
            help="Timpa berkas arsip bila sudah ada.",
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.parent.is_dir():
            raise CommandError(f"Folder tidak ditemukan: {path.parent}")
        if path.exists() and not options["timpa"]:
            raise CommandError(
                f"Berkas {path} sudah ada. Pilih nama lain atau tambahkan --timpa."
            )
        try:
            summary = backup_create(path, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Cadangan ditulis ke {path}: {summary.tables} tabel, "
                f"{summary.rows} baris, {summary.files} berkas."
            )
        )
