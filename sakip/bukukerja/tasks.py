"""Background tasks of the Buku Kerja import, run by ``sakip db_worker``."""

from django_tasks import task

from .services import impor_run


@task()
def run_impor_buku_kerja(impor_id: int) -> None:
    """Run the ImporBukuKerja job ``impor_id``, writing its progress as it goes."""
    impor_run(impor_id=impor_id)
