"""Background tasks of the reports, run by ``sakip db_worker``."""

from django_tasks import task

from .services import paket_run


@task()
def run_paket_laporan(paket_id: int) -> None:
    """Run the PaketLaporanKinerja job ``paket_id``, writing its progress."""
    paket_run(paket_id=paket_id)
