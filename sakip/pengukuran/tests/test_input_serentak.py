"""Two operators saving the same entry at the same moment, in two threads
with their own database connections: one save wins, the other is rejected
with the winner's value, and nothing is lost.

These tests need a database that serves two connections at once, so they
run on PostgreSQL (the second run of ``scripts/test.sh``). The in-memory
SQLite test database shares one cache between threads and would fail them
with "database table is locked" instead.
"""

import threading

import pytest
from django.db import connection, connections

from sakip.anggaran.models import KeuanganBulanan
from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.services import (
    IsianKeuangan,
    IsianKinerja,
    KonflikVersi,
    keuangan_realisasi_simpan,
    realisasi_simpan,
)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs two concurrent connections: run on PostgreSQL")


def run_together(*calls):
    """Run each callable in its own thread, started together; return what
    each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def work(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # the test inspects what was raised
            results[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=work, args=(index, call))
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _kinerja(user, indikator, nilai, versi):
    return lambda: realisasi_simpan(
        user=user,
        indikator=indikator,
        tahun=2025,
        periode="TW1",
        versi=versi,
        isian=IsianKinerja(nilai=nilai),
    )


@pytest.mark.django_db(transaction=True)
def test_two_first_saves_one_wins(ani, budi, indikator_iku, jadwal_terbuka):
    results = run_together(
        _kinerja(ani, indikator_iku, "40", 0), _kinerja(budi, indikator_iku, "55", 0)
    )

    saved = [r for r in results if isinstance(r, Realisasi)]
    rejected = [r for r in results if isinstance(r, KonflikVersi)]
    stored = Realisasi.objects.get(indikator=indikator_iku, periode="TW1")
    assert len(saved) == 1
    assert len(rejected) == 1
    assert stored.nilai == saved[0].nilai
    assert stored.history.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_changes_one_wins(ani, budi, indikator_iku, jadwal_terbuka):
    first = _kinerja(ani, indikator_iku, "40", 0)()

    results = run_together(
        _kinerja(ani, indikator_iku, "41", first.versi),
        _kinerja(budi, indikator_iku, "42", first.versi),
    )

    saved = [r for r in results if isinstance(r, Realisasi)]
    rejected = [r for r in results if isinstance(r, KonflikVersi)]
    stored = Realisasi.objects.get(pk=first.pk)
    assert len(saved) == 1
    assert len(rejected) == 1
    assert stored.nilai == saved[0].nilai
    assert stored.versi == first.versi + 1
    assert str(int(stored.nilai)) in rejected[0].messages[0]


@pytest.mark.django_db(transaction=True)
def test_two_months_cannot_pass_pagu(ani, budi, dpa, jadwal_terbuka):
    sub = dpa[0]
    versi = dict(
        KeuanganBulanan.objects.filter(elemen=sub, tahun=2025).values_list(
            "bulan", "versi"
        )
    )

    def save(user, bulan):
        return lambda: keuangan_realisasi_simpan(
            user=user,
            elemen=sub,
            tahun=2025,
            bulan=bulan,
            versi=versi[bulan],
            isian=IsianKeuangan(realisasi_keuangan=700_000),
        )

    results = run_together(save(ani, 1), save(budi, 2))

    total = sum(
        KeuanganBulanan.objects.filter(elemen=sub, tahun=2025)
        .exclude(realisasi_keuangan=None)
        .values_list("realisasi_keuangan", flat=True)
    )
    assert sum(isinstance(r, KeuanganBulanan) for r in results) == 1
    assert total == 700_000
