from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sakip.bukukerja.exporter import export_workbook


class Command(BaseCommand):
    help = (
        "Ekspor seluruh data Pemda ke buku kerja SAKIP (.xlsx) dengan susunan "
        "yang sama seperti yang dibaca import_workbook."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Berkas .xlsx yang ditulis.")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.parent.is_dir():
            raise CommandError(f"Folder tidak ditemukan: {path.parent}")
        export_workbook(path)
        self.stdout.write(self.style.SUCCESS(f"Buku kerja ditulis ke {path}."))
