"""Import jobs: creating one for an uploaded workbook and running it."""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from .importer import import_workbook
from .models import ImporBukuKerja

logger = logging.getLogger(__name__)

# Errors kept on a job for the page; the count of all of them is kept too.
KESALAHAN_DISIMPAN = 200


def impor_create(
    *, berkas: UploadedFile, hanya_periksa: bool, user: Any
) -> ImporBukuKerja:
    """Store the uploaded workbook under a new job and queue the job."""
    from .tasks import run_impor_buku_kerja

    impor = ImporBukuKerja.objects.create(
        nama_berkas=(berkas.name or "")[:255],
        hanya_periksa=hanya_periksa,
        diunggah_oleh=user,
        tahap=_("Menunggu giliran"),
    )
    # The file is saved after the row exists, because its path contains the
    # job's primary key.
    impor.berkas.save("buku-kerja.xlsx", berkas, save=True)
    logger.info("Import job %s queued for %s by %s", impor.pk, impor.nama_berkas, user)
    run_impor_buku_kerja.enqueue(impor.pk)
    return impor


class _ProgressWriter:
    """Writes a job's progress when the percentage or the stage changes.

    Each write is its own autocommitted UPDATE, so the page that polls the
    job reads it at once. The importer calls it only outside its write
    transaction, because a row written inside would stay invisible to other
    connections until the commit, on PostgreSQL and SQLite alike.
    """

    def __init__(self, impor_id: int) -> None:
        self.impor_id = impor_id
        self.last: tuple[int, str] | None = None

    def __call__(self, progres: int, tahap: str) -> None:
        if (progres, tahap) == self.last:
            return
        self.last = (progres, tahap)
        ImporBukuKerja.objects.filter(pk=self.impor_id).update(
            progres=progres, tahap=tahap
        )


def impor_run(*, impor_id: int) -> None:
    """Run the import job ``impor_id`` and store its errors or summary."""
    # NOTE: a job whose worker dies while it runs stays "berjalan"; nothing
    # marks it as failed later.
    impor = ImporBukuKerja.objects.select_related("diunggah_oleh").get(pk=impor_id)
    if impor.status != ImporBukuKerja.Status.MENUNGGU:
        logger.warning("Import job %s is %s, not run again", impor_id, impor.status)
        return
    jobs = ImporBukuKerja.objects.filter(pk=impor_id)
    jobs.update(status=ImporBukuKerja.Status.BERJALAN, progres=0)
    logger.info("Import job %s started", impor_id)
    try:
        with impor.berkas.open("rb") as handle:
            result = import_workbook(
                handle,
                dry_run=impor.hanya_periksa,
                user=impor.diunggah_oleh,
                reason=_("Impor buku kerja %(nama)s") % {"nama": impor.nama_berkas},
                progress=_ProgressWriter(impor_id),
            )
    except Exception:
        logger.exception("Import job %s failed", impor_id)
        jobs.update(
            status=ImporBukuKerja.Status.GAGAL,
            tahap=_("Gagal"),
            kesalahan=[
                {
                    "sheet": "",
                    "baris": None,
                    "kolom": "",
                    "pesan": _(
                        "Impor gagal karena kesalahan sistem; tidak ada yang "
                        "disimpan. Laporkan kepada pengelola aplikasi."
                    ),
                }
            ],
            jumlah_kesalahan=1,
            selesai_pada=timezone.now(),
        )
        raise

    if result.ok:
        status, tahap = ImporBukuKerja.Status.BERHASIL, _("Selesai")
    else:
        status, tahap = ImporBukuKerja.Status.GAGAL, _("Ditemukan kesalahan")
    jobs.update(
        status=status,
        progres=100,
        tahap=tahap,
        kesalahan=[error.as_dict() for error in result.errors[:KESALAHAN_DISIMPAN]],
        jumlah_kesalahan=len(result.errors),
        ringkasan=result.ringkasan(),
        selesai_pada=timezone.now(),
    )
    logger.info(
        "Import job %s finished: %s, %d errors", impor_id, status, len(result.errors)
    )
