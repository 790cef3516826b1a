"""The ``sakip lkjip`` command: the LKjIP of the Pemda or an OPD as DOCX or PDF."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sakip.organisasi.models import Unit
from sakip.pelaporan.dokumen import render_lkjip_docx, render_lkjip_pdf
from sakip.pelaporan.services import laporan_isi

RENDERERS = {".docx": render_lkjip_docx, ".pdf": render_lkjip_pdf}


class Command(BaseCommand):
    help = (
        "Tulis LKjIP pemda atau satu perangkat daerah untuk satu tahun sebagai "
        "DOCX atau PDF. LKjIP yang sudah ditetapkan ditulis dari isi yang "
        "dibekukan saat penetapan; yang belum, dari data terverifikasi saat ini "
        "beserta narasi yang sudah ditulis."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tahun", type=int, required=True, help="Tahun LKjIP.")
        parser.add_argument(
            "--unit",
            help="Kode perangkat daerah. Tanpa ini: LKjIP pemda.",
        )
        parser.add_argument(
            "--output",
            required=True,
            help="Berkas keluaran; berakhiran .docx atau .pdf menentukan formatnya.",
        )

    def handle(self, *args, **options):
        output = Path(options["output"])
        render = self._renderer(output)
        self._check_writable(output)
        unit = self._unit(options["unit"])
        tahun = options["tahun"]

        data, narasi, laporan = laporan_isi(unit=unit, tahun=tahun)
        content = render(data, narasi)
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(
                f"Berkas {output} tidak dapat ditulis: {error.strerror}."
            ) from error

        sumber = (
            "isi yang ditetapkan"
            if laporan is not None and laporan.is_ditetapkan
            else "data saat ini"
        )
        indikator = sum(len(item["indikator"]) for item in data["sasaran"])
        self.stdout.write(
            f"LKjIP {unit.nama} tahun {tahun} ({sumber}) ditulis ke {output}: "
            f"{len(data['sasaran'])} sasaran, {indikator} indikator."
        )
        for catatan in data["catatan"]:
            self.stdout.write(f"Catatan: {catatan}")

    def _renderer(self, output: Path):
        suffix = output.suffix.lower()
        if suffix not in RENDERERS:
            raise CommandError(
                f"Berkas keluaran {output} harus berakhiran .docx atau .pdf, "
                f"bukan {suffix or 'tanpa akhiran'}."
            )
        return RENDERERS[suffix]

    def _check_writable(self, output: Path) -> None:
        """Reject a path that cannot be written before the report is built."""
        folder = output.parent
        if not folder.is_dir():
            raise CommandError(
                f"Folder {folder} tidak ada; buat foldernya atau pilih berkas lain."
            )
        if output.is_dir():
            raise CommandError(f"{output} adalah folder; sebutkan nama berkasnya.")
        target = output if output.exists() else folder
        if not os.access(target, os.W_OK):
            raise CommandError(
                f"Berkas {output} tidak dapat ditulis: izin ditolak. Pilih folder lain."
            )

    def _unit(self, kode: str | None) -> Unit:
        if kode is None:
            unit = Unit.objects.filter(jenis=Unit.Jenis.PEMDA).first()
            if unit is None:
                raise CommandError(
                    "Belum ada unit pemda. Impor Buku Kerja atau buat unit pemda dulu."
                )
            return unit
        unit = Unit.objects.filter(kode=kode).first()
        if unit is None:
            raise CommandError(f"Unit dengan kode {kode!r} tidak ditemukan.")
        if unit.jenis not in (Unit.Jenis.PEMDA, Unit.Jenis.PERANGKAT_DAERAH):
            raise CommandError(
                f"LKjIP dibuat untuk pemda atau perangkat daerah, sedangkan {kode} "
                f"berjenis {unit.get_jenis_display()}."
            )
        return unit
