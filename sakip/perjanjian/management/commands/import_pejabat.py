from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sakip.perjanjian.pejabat_import import ImporPejabatError, import_pejabat


class Command(BaseCommand):
    help = (
        "Impor daftar pejabat dan jabatannya dari berkas CSV (lihat "
        "docs/perjanjian.md). Semua baris disimpan, atau tidak satu pun."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("berkas", type=Path, help="Berkas CSV, UTF-8.")

    def handle(self, *args, berkas: Path, **options) -> None:
        try:
            text = berkas.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Berkas {berkas} tidak dapat dibaca: {error}") from None
        try:
            created = import_pejabat(text)
        except ImporPejabatError as error:
            raise CommandError(
                "Impor dibatalkan, tidak ada yang disimpan:\n" + "\n".join(error.errors)
            ) from None
        self.stdout.write(f"{created} penugasan jabatan diimpor.")
