from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from sakip.perencanaan.models import Dokumen
from sakip.tahunan.matriks import matriks_workbook


class Command(BaseCommand):
    help = (
        "Tulis matriks Permendagri 86/2017 sebuah Renstra atau Renja ke berkas "
        "XLSX: program, kegiatan, sub kegiatan, indikator, target dan pendanaan."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dokumen", required=True, help="Kode dokumen Renstra atau Renja."
        )
        parser.add_argument("file", help="Berkas XLSX yang ditulis.")

    def handle(self, *args, **options):
        kode = options["dokumen"]
        dokumen = Dokumen.objects.select_related("unit").filter(kode=kode).first()
        if dokumen is None:
            raise CommandError(f"Dokumen {kode!r} tidak ditemukan.")
        if dokumen.jenis not in (Dokumen.Jenis.RENSTRA, Dokumen.Jenis.RENJA):
            raise CommandError(
                f"Dokumen {kode} berjenis {dokumen.jenis}; matriks hanya untuk "
                "Renstra dan Renja."
            )

        # The command reads the whole database. The user only scopes the
        # cross-document links of the tree, which the matrix does not show.
        workbook = matriks_workbook(dokumen=dokumen, user=AnonymousUser())
        workbook.save(options["file"])
        self.stdout.write(f"Matriks {dokumen.kode} ditulis ke {options['file']}.")
