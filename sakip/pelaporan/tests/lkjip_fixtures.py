"""Fixtures of the LKjIP data and document tests: Dinas A's 2025 cycle with a
signed PK, a DPA with verified spending, and realisation of every PK row.

Import the fixtures into a test module with
``from .lkjip_fixtures import *  # noqa: F403``.
"""

import datetime
from decimal import Decimal

import pytest

from sakip.anggaran.models import KeuanganBulanan
from sakip.anggaran.services import IsianBulan, keuangan_simpan
from sakip.pelaporan import services as pelaporan_services
from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.tests.factories import RealisasiFactory
from sakip.perencanaan.models import Dokumen, Elemen, Indikator
from sakip.perencanaan.tests.factories import TargetFactory
from sakip.perjanjian import services as pk_services
from sakip.perjanjian.models import Level

# The PK chain of perjanjian's tests: Dinas A's 2025 Renja and RKPD, the posts.
from sakip.perjanjian.tests.conftest import jabatan, tahunan  # noqa: F401

__all__ = [
    "jabatan",
    "tahunan",
    "media_root",
    "dpa",
    "pk_opd",
    "pk_pemda",
    "siklus",
    "sign_pk",
    "PAGU",
    "REALISASI_BULANAN",
    "TANGGAL_PK",
    "tulis_bab_wajib",
]

TANGGAL_PK = datetime.date(2025, 1, 15)
PAGU = 1_200_000
REALISASI_BULANAN = 80_000


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Signing a PK stores its PDF; keep it out of the project's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def fill_dpa(renja: Dokumen, *, pagu: int = PAGU, bulan: int = 11) -> None:
    """Give each sub kegiatan of ``renja`` ``pagu`` and verified spending of
    REALISASI_BULANAN in each of the first ``bulan`` months."""
    for sub in Elemen.objects.filter(dokumen=renja, jenis=Elemen.Jenis.SUB_KEGIATAN):
        keuangan_simpan(
            elemen=sub,
            tahun=2025,
            pagu_murni=pagu,
            pagu_perubahan=None,
            bulan={
                b: IsianBulan(
                    anggaran_kas=100_000, realisasi_keuangan=REALISASI_BULANAN
                )
                for b in range(1, bulan + 1)
            },
        )
    KeuanganBulanan.objects.filter(elemen__dokumen=renja).update(
        status=KeuanganBulanan.Status.DITERIMA
    )


@pytest.fixture
def dpa(tahunan):  # noqa: F811
    """The DPA of Dinas A's Renja: four sub kegiatan of Rp 1.200.000, each
    with Rp 80.000 spent and verified in each month from January to November."""
    fill_dpa(tahunan["renja"])


def sign_pk(level, unit, user):
    perjanjian = pk_services.pk_buat_dari_sumber(
        level=level, unit=unit, tahun=2025, user=user, tanggal=TANGGAL_PK
    )
    pk_services.pk_tandatangani(perjanjian=perjanjian, user=user)
    perjanjian.refresh_from_db()
    return perjanjian


@pytest.fixture
def pk_pemda(tahunan, jabatan, admin, pemda):  # noqa: F811
    return sign_pk(Level.KEPALA_DAERAH, pemda, admin)


@pytest.fixture
def pk_opd(pk_pemda, admin, opd_a):
    return sign_pk(Level.KEPALA_OPD, opd_a, admin)


@pytest.fixture
def siklus(rencana, tahunan, dpa, pk_opd, pk_pemda):  # noqa: F811
    """Dinas A's 2025 as the LKjIP reads it.

    The PK row IND-A (Renja copy) has target 50 and realisasi 40 (capaian
    80 %), kondisi awal 30 and Renstra target 70 for 2029 (progres 25 %).
    The Renstra starts in 2023, with targets for 2023 and 2024 and a
    realisasi of 2024. The Bupati's PK row IKU-1 has target 80, realisasi 72
    (90 %). Each program has realisasi 8 against target 10 (80 %)."""
    renstra = rencana["renstra_a"]
    Dokumen.objects.filter(pk=renstra.pk).update(tahun_awal=2023)
    indikator = rencana["indikator_a"]
    Indikator.objects.filter(pk=indikator.pk).update(kondisi_awal=Decimal("30"))
    for tahun, nilai in ((2023, "40"), (2024, "45"), (2029, "70")):
        TargetFactory(
            indikator=indikator, dokumen=renstra, tahun=tahun, nilai=Decimal(nilai)
        )
    RealisasiFactory(indikator=indikator, tahun=2024, nilai=Decimal("36"))
    for program in Indikator.objects.filter(
        elemen__dokumen=tahunan["renja"], elemen__jenis=Elemen.Jenis.PROGRAM
    ):
        RealisasiFactory(
            indikator=program, nilai=Decimal("8"), status=Realisasi.Status.DITERIMA
        )
    return {
        "renstra": renstra,
        "renja": tahunan["renja"],
        "rkpd": tahunan["rkpd"],
        "pk_opd": pk_opd,
        "pk_pemda": pk_pemda,
        "indikator": indikator,
    }


def tulis_bab_wajib(*, unit, user, tahun=2025):
    """Write the Ikhtisar Eksekutif, Bab I and Bab IV of ``unit``'s LKjIP,
    which adoption requires."""
    for bagian in ("ikhtisar", "pendahuluan", "penutup"):
        laporan = pelaporan_services.laporan_get(unit=unit, tahun=tahun)
        versi = pelaporan_services.versi_isian(laporan, bagian, sasaran_kode=None)
        pelaporan_services.narasi_simpan(
            user=user,
            unit=unit,
            tahun=tahun,
            bagian=bagian,
            isi=f"Isi {bagian} {unit.kode}.",
            versi=versi,
        )
