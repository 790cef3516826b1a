"""Evidence files: checked by content and size, stored under a random name,
served only to those who may see the entry."""

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
