from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sakip.bukukerja.importer import ImportResult, import_workbook


class Command(BaseCommand):
    help = (
        "Impor buku kerja SAKIP (.xlsx). Semua baris disimpan atau tidak sama "
        "sekali: bila ada kesalahan, setiap kesalahan dicetak per sheet, baris dan "
        "kolom, tidak ada yang disimpan, dan perintah keluar dengan status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Berkas buku kerja .xlsx.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Hanya periksa buku kerja; tidak menyimpan apa pun.",
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        result = import_workbook(
            path,
            dry_run=options["dry_run"],
            reason=f"Impor buku kerja {path.name} (perintah import_workbook)",
        )
        self._write_notes(result)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(result.errors)} kesalahan ditemukan; tidak ada yang disimpan."
            )
        self._write_summary(result)
        if options["dry_run"]:
            self.stdout.write(
                "Hanya diperiksa: tidak ada kesalahan, tidak ada yang disimpan."
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Buku kerja {path.name} diimpor."))

    def _write_notes(self, result: ImportResult) -> None:
        for sheet, columns in result.unknown_columns.items():
            self.stdout.write(f"Sheet {sheet}: kolom diabaikan: {', '.join(columns)}")
        if result.ignored_sheets:
            names = ", ".join(result.ignored_sheets)
            self.stdout.write(f"Sheet diabaikan: {names}")

    def _write_summary(self, result: ImportResult) -> None:
        self.stdout.write(f"{'Sheet':<12}{'Dibuat':>10}{'Diubah':>10}{'Tetap':>10}")
        for sheet, counts in result.summary.items():
            self.stdout.write(
                f"{sheet:<12}{counts['dibuat']:>10}{counts['diubah']:>10}"
                f"{counts['tetap']:>10}"
            )
