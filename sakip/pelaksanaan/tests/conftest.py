"""The PK chain of Dinas A (``tahunan`` and ``jabatan`` from the perjanjian
tests), its four PKs, and the anggaran kas of its sub kegiatan."""

import pytest

from sakip.anggaran.models import KeuanganBulanan
from sakip.pelaksanaan import services
from sakip.perencanaan.models import Elemen
from sakip.perjanjian import services as pk_services
from sakip.perjanjian.models import Level
from sakip.perjanjian.tests.conftest import (  # noqa: F401
    TANGGAL,
    jabatan,
    media_root,
    tahunan,
)

# Anggaran kas of each sub kegiatan by month, in rupiah: 1.200.000 a year.
KAS = {bulan: 100_000 for bulan in range(1, 13)}


def buat_pk(level, unit, user):
    return pk_services.pk_buat_dari_sumber(
        level=level, unit=unit, tahun=2025, user=user, tanggal=TANGGAL
    )


def buat_ra(perjanjian, user):
    return services.rencana_aksi_buat(perjanjian=perjanjian, user=user)


@pytest.fixture
def semua_pk(tahunan, jabatan, admin, pemda, opd_a, bidang_a):  # noqa: F811
    """The draft PKs of all four levels for Dinas A, made top down."""
    return {
        level: buat_pk(level, unit, admin)
        for level, unit in (
            (Level.KEPALA_DAERAH, pemda),
            (Level.KEPALA_OPD, opd_a),
            (Level.KEPALA_BIDANG, bidang_a),
            (Level.PPTK, bidang_a),
        )
    }


@pytest.fixture
def anggaran_kas(tahunan):  # noqa: F811
    """The anggaran kas of every sub kegiatan of the 2025 Renja, by ``KAS``."""
    sub_kegiatan = Elemen.objects.filter(
        dokumen=tahunan["renja"], jenis=Elemen.Jenis.SUB_KEGIATAN
    )
    KeuanganBulanan.objects.bulk_create(
        KeuanganBulanan(elemen=elemen, tahun=2025, bulan=bulan, anggaran_kas=kas)
        for elemen in sub_kegiatan
        for bulan, kas in KAS.items()
    )
    return list(sub_kegiatan)
