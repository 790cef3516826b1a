"""Fixtures of the realisation input and verification tests: Dinas A's 2025
Renja with its PKs and DPA, and input windows open now."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sakip.anggaran.services import IsianBulan, keuangan_simpan
from sakip.pengukuran.models import JadwalInput
from sakip.perencanaan.models import Elemen
from sakip.perjanjian import services as pk_services
from sakip.perjanjian.models import Level

# The PK chain of perjanjian's tests: the 2025 Renja of Dinas A and its posts.
from sakip.perjanjian.tests.conftest import jabatan, tahunan  # noqa: F401

TANGGAL_PK = datetime.date(2025, 1, 15)
PAGU = 1_200_000
KAS_BULANAN = 100_000

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Evidence files go to a temporary folder, not the project's media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def buka_jadwal(tahun, periode, *, mulai=None, selesai=None):
    """Create the window of ``periode``, from ``mulai`` to ``selesai``: by
    default from a day ago to a day ahead."""
    now = timezone.now()
    return JadwalInput.objects.create(
        tahun=tahun,
        periode=periode,
        mulai=mulai or now - datetime.timedelta(days=1),
        selesai=selesai or now + datetime.timedelta(days=1),
    )


@pytest.fixture
def jadwal_terbuka(db):
    """Open windows for TW1–TW2 and January–July 2025."""
    periods = ["TW1", "TW2", *(f"B{bulan:02d}" for bulan in range(1, 8))]
    return {periode: buka_jadwal(2025, periode) for periode in periods}


@pytest.fixture
def pk_opd(tahunan, jabatan, admin, opd_a, bidang_a):  # noqa: F811
    """Dinas A's PKs of 2025: the Kepala OPD's (the sasaran IKU), the Kepala
    Bidang's (two programs) and the PPTK's (kegiatan and sub kegiatan)."""
    return {
        level: pk_services.pk_buat_dari_sumber(
            level=level, unit=unit, tahun=2025, user=admin, tanggal=TANGGAL_PK
        )
        for level, unit in (
            (Level.KEPALA_OPD, opd_a),
            (Level.KEPALA_BIDANG, bidang_a),
            (Level.PPTK, bidang_a),
        )
    }


@pytest.fixture
def indikator_iku(pk_opd):
    """The indikator of the Kepala OPD's PK row: the Renja's sasaran IKU."""
    return pk_opd[Level.KEPALA_OPD].baris.get().indikator


@pytest.fixture
def dpa(tahunan):  # noqa: F811
    """The DPA of Dinas A's 2025 Renja: each of its four sub kegiatan has a
    pagu of Rp 1.200.000 and an anggaran kas of Rp 100.000 a month."""
    subs = list(
        Elemen.objects.filter(
            dokumen=tahunan["renja"], jenis=Elemen.Jenis.SUB_KEGIATAN
        ).order_by("pk")
    )
    for sub in subs:
        keuangan_simpan(
            elemen=sub,
            tahun=2025,
            pagu_murni=PAGU,
            pagu_perubahan=None,
            bulan={b: IsianBulan(anggaran_kas=KAS_BULANAN) for b in range(1, 13)},
        )
    return subs


@pytest.fixture
def sub_kegiatan(dpa):
    return dpa[0]


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def ooxml_bytes(main_part: str) -> bytes:
    """A minimal Office Open XML package whose main part is ``main_part``
    (``xl/workbook.xml`` or ``word/document.xml``)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<x/>")
    return buffer.getvalue()
