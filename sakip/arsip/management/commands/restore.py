from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sakip.arsip.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Pulihkan arsip cadangan SAKIP ke instalasi yang kosong. Arsip yang "
        "rusak, bukan cadangan SAKIP, atau dibuat dengan skema lain ditolak "
        "tanpa menulis apa pun."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Berkas arsip .zip yang dibaca.")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        try:
            summary = backup_restore(path, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Cadangan {path} dipulihkan: {summary.tables} tabel, "
                f"{summary.rows} baris, {summary.files} berkas."
            )
        )
