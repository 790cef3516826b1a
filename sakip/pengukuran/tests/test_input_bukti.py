"""Evidence files: checked by content and size, stored under a random name,
served only to those who may see the entry."""

import io
import os
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sakip.pengukuran import bukti
from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.services import IsianKinerja, realisasi_simpan

from .conftest import JPEG_BYTES, PDF_BYTES, PNG_BYTES, ooxml_bytes, upload

XLSX_BYTES = ooxml_bytes("xl/workbook.xml")
DOCX_BYTES = ooxml_bytes("word/document.xml")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("laporan.pdf", PDF_BYTES, bukti.PDF),
        ("foto.jpg", JPEG_BYTES, bukti.JPEG),
        ("foto.JPEG", JPEG_BYTES, bukti.JPEG),
        ("grafik.png", PNG_BYTES, bukti.PNG),
        ("rekap.xlsx", XLSX_BYTES, bukti.XLSX),
        ("nota.docx", DOCX_BYTES, bukti.DOCX),
    ],
)
def test_allowed_types_accepted(name, content, expected):
    assert bukti.check_bukti(upload(name, content)) is expected


def _message(name, content) -> str:
    with pytest.raises(ValidationError) as error:
        bukti.check_bukti(upload(name, content))
    return error.value.message_dict["bukti"][0]


def test_png_named_pdf_rejected():
    assert _message("laporan.pdf", PNG_BYTES) == (
        "Berkas laporan.pdf bukan PDF: isinya gambar PNG. Unggah berkas yang "
        "isinya sesuai dengan namanya."
    )


def test_program_named_pdf_rejected():
    assert _message("laporan.pdf", b"MZ\x90\x00" + b"\x00" * 60) == (
        "Isi berkas laporan.pdf bukan PDF yang sah. Unggah berkas yang isinya "
        "sesuai dengan namanya."
    )


def test_exe_rejected_by_name():
    assert _message("laporan.exe", PDF_BYTES) == (
        "Jenis berkas laporan.exe tidak diterima. Unggah PDF, JPEG, PNG, XLSX "
        "atau DOCX."
    )


def test_workbook_named_docx_rejected():
    assert "isinya lembar kerja XLSX" in _message("nota.docx", XLSX_BYTES)


def test_plain_zip_named_xlsx_rejected():
    assert "bukan lembar kerja XLSX yang sah" in _message(
        "rekap.xlsx", b"PK\x03\x04" + b"\x00" * 40
    )


def test_file_over_limit_rejected(settings):
    settings.SAKIP_BUKTI_MAX_BYTES = 1024

    message = _message("laporan.pdf", PDF_BYTES + b"0" * 1024)

    assert message.startswith("Berkas laporan.pdf berukuran 1,0")
    assert "melebihi batas 1,0\xa0KB" in message


def test_default_limit_is_10_mb(settings):
    del settings.SAKIP_BUKTI_MAX_BYTES

    assert bukti.bukti_max_bytes() == 10 * 1024 * 1024


def _package(main_part: str, content: bytes, *, compression=zipfile.ZIP_DEFLATED):
    """An Office package whose main part is ``content``, compressed as given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, content)
    return buffer.getvalue()


MB = 1024 * 1024


def test_zip_bomb_docx_rejected():
    # 20 MB of zeros deflate to about 20 KB: a ratio near 1,000.
    content = _package("word/document.xml", b"\0" * (20 * MB))

    message = _message("bom.docx", content)

    assert message.startswith("Isi berkas bom.docx membengkak dari ")
    assert "menjadi 20,0\xa0MB bila dibuka" in message
    assert "lebih dari 100 kali ukuran berkasnya" in message
    assert "dapat membuat Word atau Excel macet" in message


def test_unpacked_over_limit_rejected(settings):
    settings.SAKIP_BUKTI_MAX_UNPACKED_BYTES = MB
    # Random bytes stored uncompressed: the ratio is 1, only the size counts.
    content = _package(
        "xl/workbook.xml", os.urandom(2 * MB), compression=zipfile.ZIP_STORED
    )

    message = _message("rekap.xlsx", content)

    assert message.startswith(
        "Isi berkas rekap.xlsx berukuran 2,0\xa0MB bila dibuka, melebihi batas "
        "1,0\xa0MB."
    )


def test_unpacked_default_limit_is_100_mb(settings):
    if hasattr(settings, "SAKIP_BUKTI_MAX_UNPACKED_BYTES"):
        del settings.SAKIP_BUKTI_MAX_UNPACKED_BYTES

    assert bukti.unpacked_max_bytes() == 100 * MB


def test_small_compressible_package_accepted():
    # 5 MB of zeros: a ratio near 1,000, but too little data to hang anything.
    content = _package("word/document.xml", b"\0" * (5 * MB))

    assert bukti.check_bukti(upload("nota.docx", content)) is bukti.DOCX


def test_zip_bomb_saves_nothing(ani, indikator_iku, jadwal_terbuka):
    bom = _package("word/document.xml", b"\0" * (20 * MB))

    with pytest.raises(ValidationError) as error:
        realisasi_simpan(
            user=ani,
            indikator=indikator_iku,
            tahun=2025,
            periode="TW1",
            versi=0,
            isian=IsianKinerja(nilai="40", bukti=upload("bom.docx", bom)),
        )

    assert "membengkak" in error.value.message_dict["bukti"][0]
    assert not Realisasi.objects.filter(indikator=indikator_iku).exists()


def test_rejected_file_saves_nothing(ani, indikator_iku, jadwal_terbuka):
    with pytest.raises(ValidationError):
        realisasi_simpan(
            user=ani,
            indikator=indikator_iku,
            tahun=2025,
            periode="TW1",
            versi=0,
            isian=IsianKinerja(nilai="40", bukti=upload("laporan.pdf", PNG_BYTES)),
        )

    assert not Realisasi.objects.filter(indikator=indikator_iku).exists()


@pytest.fixture
def entri_berbukti(ani, indikator_iku, jadwal_terbuka):
    return realisasi_simpan(
        user=ani,
        indikator=indikator_iku,
        tahun=2025,
        periode="TW1",
        versi=0,
        isian=IsianKinerja(nilai="40", bukti=upload("Foto kegiatan.png", PNG_BYTES)),
    )


def test_download_serves_file_inline(client, budi, entri_berbukti):
    client.force_login(budi)

    response = client.get(reverse("pengukuran:bukti_kinerja", args=[entri_berbukti.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert 'inline; filename="Foto kegiatan.png"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PNG_BYTES


def test_download_other_opd_not_found(client, citra, entri_berbukti):
    client.force_login(citra)

    response = client.get(reverse("pengukuran:bukti_kinerja", args=[entri_berbukti.pk]))

    assert response.status_code == 404


def test_download_without_file_not_found(client, ani, indikator_iku, jadwal_terbuka):
    entri = realisasi_simpan(
        user=ani,
        indikator=indikator_iku,
        tahun=2025,
        periode="TW1",
        versi=0,
        isian=IsianKinerja(nilai="40"),
    )
    client.force_login(ani)

    response = client.get(reverse("pengukuran:bukti_kinerja", args=[entri.pk]))

    assert response.status_code == 404
