import datetime

import pytest

from sakip.perencanaan.models import Elemen
from sakip.perjanjian.models import Jabatan, Level, PenugasanJabatan
from sakip.tahunan.services import renja_buat_dari_renstra, rkpd_susun
from sakip.tahunan.tests.conftest import add_programs

TANGGAL = datetime.date(2025, 1, 15)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Signing stores the PK's PDF; keep it out of the project's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def add_jabatan(unit, level, nama, pejabat, nip=""):
    jabatan = Jabatan.objects.create(unit=unit, level=level, nama=nama)
    PenugasanJabatan.objects.create(
        jabatan=jabatan, nama=pejabat, nip=nip, mulai=datetime.date(2024, 1, 1)
    )
    return jabatan


@pytest.fixture
def jabatan(pemda, opd_a, bidang_a):
    """The four posts above Dinas A's Bidang Satu, each with its holder."""
    return {
        "bupati": add_jabatan(pemda, Level.KEPALA_DAERAH, "Bupati Contoh", "Bupati"),
        "kadis": add_jabatan(
            opd_a, Level.KEPALA_OPD, "Kepala Dinas A", "Andi", "197001012000031001"
        ),
        "kabid": add_jabatan(
            bidang_a,
            Level.KEPALA_BIDANG,
            "Kepala Bidang Satu",
            "Bela",
            "198001012005012002",
        ),
        "pptk": add_jabatan(
            bidang_a, Level.PPTK, "PPTK Bidang Satu", "Cahya", "199001012015031003"
        ),
    }


@pytest.fixture
def tahunan(rencana, admin, bidang_a):
    """The 2025 Renja of Dinas A (its sasaran IKU, two programs of Bidang
    Satu with kegiatan and sub kegiatan) and the 2025 RKPD."""
    indikator = rencana["indikator_a"]
    indikator.iku = True
    indikator.save()
    add_programs(rencana["renstra_a"], rencana["sasaran_a"], count=2)
    renja = renja_buat_dari_renstra(
        renstra=rencana["renstra_a"], tahun=2025, user=admin
    )
    Elemen.objects.filter(dokumen=renja, jenis__in=Elemen.JENIS_BERKODE).update(
        unit_pj=bidang_a
    )
    rkpd = rkpd_susun(tahun=2025, user=admin)
    return {"renja": renja, "rkpd": rkpd}
