import hashlib
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from sakip.anggaran.models import Pagu
from sakip.core.tests.pdf import pdf_text
from sakip.perencanaan.models import Elemen
from sakip.perjanjian import services
from sakip.perjanjian.docx_template import render_pk_docx
from sakip.perjanjian.dokumen import pk_context, render_pk_pdf
from sakip.perjanjian.models import Level, PerjanjianKinerja

from .conftest import TANGGAL


def _content(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def pk_bidang(tahunan, jabatan, admin, bidang_a):
    """The Kepala Bidang's draft PK, its sub kegiatan with a pagu of
    Rp 1.250.000 each, so each of its two programs has Rp 2.500.000."""
    for elemen in Elemen.objects.filter(
        dokumen=tahunan["renja"], jenis=Elemen.Jenis.SUB_KEGIATAN
    ):
        Pagu.objects.create(elemen=elemen, tahun=2025, pagu=1_250_000)
    return services.pk_buat_dari_sumber(
        level=Level.KEPALA_BIDANG,
        unit=bidang_a,
        tahun=2025,
        user=admin,
        tanggal=TANGGAL,
    )


@pytest.fixture
def pk_signed(client, kadis, pk_bidang):
    """``pk_bidang`` signed through the page by the Kepala OPD."""
    client.force_login(kadis)
    client.post(
        reverse("perjanjian:pk_tandatangani", args=[pk_bidang.pk]),
        {"konfirmasi": "on"},
    )
    client.logout()
    pk_bidang.refresh_from_db()
    return pk_bidang


def test_pdf_draft_contents(client, kadis, pk_bidang, tmp_path):
    client.force_login(kadis)

    response = client.get(reverse("perjanjian:pk_pdf", args=[pk_bidang.pk]))

    pdf = _content(response)
    text = pdf_text(pdf, tmp_path, layout=False)
    assert response.status_code == 200
    assert pdf.startswith(b"%PDF")
    assert "berjanji akan mewujudkan target kinerja" in text
    assert "PIHAK PERTAMA" in text
    assert "PIHAK KEDUA" in text
    assert "Bela" in text
    assert "Andi" in text
    assert "Indikator Kinerja Program" in text
    assert text.count("10,00 %") == 2
    assert text.count("2.500.000") == 2
    assert "15 Januari 2025" in text
    assert "DRAFT" in text


def test_pdf_columns_per_level(tahunan, jabatan, admin, pemda, bidang_a, tmp_path):
    daerah = services.pk_buat_dari_sumber(
        level=Level.KEPALA_DAERAH, unit=pemda, tahun=2025, user=admin, tanggal=TANGGAL
    )
    pptk = services.pk_buat_dari_sumber(
        level=Level.PPTK, unit=bidang_a, tahun=2025, user=admin, tanggal=TANGGAL
    )

    text_daerah = pdf_text(render_pk_pdf(daerah), tmp_path, layout=False)
    text_pptk = pdf_text(render_pk_pdf(pptk), tmp_path, layout=False)

    assert "Sasaran Strategis" in text_daerah
    assert "PIHAK KEDUA" not in text_daerah
    assert "Indikator Kinerja Kegiatan" in text_pptk
    assert "Cahya" in text_pptk


def test_sign_stores_file_and_hash(pk_signed):
    with pk_signed.berkas.open("rb") as berkas:
        pdf = berkas.read()

    assert pk_signed.is_ditandatangani
    assert pdf.startswith(b"%PDF")
    assert pk_signed.berkas.name.endswith(f"{pk_signed.kode_verifikasi}.pdf")
    assert pk_signed.berkas_sha256 == hashlib.sha256(pdf).hexdigest()
    assert pk_signed.history.count() == 2


def test_signed_pdf_has_qr_and_code(client, kadis, pk_signed, tmp_path):
    client.force_login(kadis)
    html = render_to_string(
        "perjanjian/pk_dokumen.html", pk_context(pk_signed, with_qr=True)
    )

    response = client.get(reverse("perjanjian:pk_pdf", args=[pk_signed.pk]))

    pdf = _content(response)
    text = pdf_text(pdf, tmp_path, layout=False)
    url = reverse("perjanjian:pk_verifikasi", args=[pk_signed.kode_verifikasi])
    assert "<svg" in html
    assert hashlib.sha256(pdf).hexdigest() == pk_signed.berkas_sha256
    assert pk_signed.kode_verifikasi in text
    assert f"http://testserver{url}" in text
    assert "DRAFT" not in text


def test_verifikasi_page_shows_hash(client, pk_signed):
    url = reverse("perjanjian:pk_verifikasi", args=[pk_signed.kode_verifikasi])

    response = client.get(url)

    text = response.content.decode()
    assert response.status_code == 200
    assert pk_signed.berkas_sha256 in text
    assert "Bela" in text
    for baris in pk_signed.baris.select_related("indikator"):
        assert baris.indikator.uraian in text


def test_verifikasi_upload_original(client, pk_signed):
    url = reverse("perjanjian:pk_verifikasi", args=[pk_signed.kode_verifikasi])
    with pk_signed.berkas.open("rb") as berkas:
        pdf = berkas.read()

    response = client.post(
        url, {"berkas": SimpleUploadedFile("pk.pdf", pdf, "application/pdf")}
    )

    assert response.status_code == 200
    assert response.context["hasil"]["asli"]
    assert "Berkas asli" in response.content.decode()


def test_verifikasi_upload_altered(client, pk_signed):
    url = reverse("perjanjian:pk_verifikasi", args=[pk_signed.kode_verifikasi])
    with pk_signed.berkas.open("rb") as berkas:
        pdf = berkas.read()
    altered = pdf.replace(b"2.500.000", b"9.500.000", 1) + b"\n"

    response = client.post(
        url, {"berkas": SimpleUploadedFile("pk.pdf", altered, "application/pdf")}
    )

    assert response.status_code == 200
    assert not response.context["hasil"]["asli"]
    assert "tidak sama" in response.content.decode()


def test_verifikasi_unknown_code(client, pk_bidang):
    unknown = reverse("perjanjian:pk_verifikasi", args=["XXXXXXXXXX"])
    draft = reverse("perjanjian:pk_verifikasi", args=[pk_bidang.kode_verifikasi])

    assert client.get(unknown).status_code == 404
    assert client.get(draft).status_code == 404


def test_sign_twice_keeps_file(pk_signed, admin):
    sha256 = pk_signed.berkas_sha256

    with pytest.raises(Exception, match="sudah ditandatangani"):
        services.pk_tandatangani(perjanjian=pk_signed, user=admin)

    assert PerjanjianKinerja.objects.get(pk=pk_signed.pk).berkas_sha256 == sha256


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def test_docx_contents(client, kadis, pk_bidang):
    client.force_login(kadis)

    response = client.get(reverse("perjanjian:pk_docx", args=[pk_bidang.pk]))

    text = _docx_text(response.content)
    assert response.status_code == 200
    assert "{{" not in text
    assert "{%" not in text
    assert "berjanji akan mewujudkan target kinerja" in text
    assert "Bela" in text
    assert "Andi" in text
    assert "NIP 197001012000031001" in text
    assert "Indikator Kinerja Program" in text
    assert text.count("10,00 %") == 2
    assert text.count("2.500.000") == 2
    assert "Kabupaten Contoh, 15 Januari 2025" in text


def test_docx_without_pihak_kedua(tahunan, jabatan, admin, pemda):
    daerah = services.pk_buat_dari_sumber(
        level=Level.KEPALA_DAERAH, unit=pemda, tahun=2025, user=admin, tanggal=TANGGAL
    )

    text = _docx_text(render_pk_docx(daerah))

    assert "Bupati" in text
    assert "PIHAK KEDUA" not in text


def test_docx_own_template(pk_bidang):
    own = docx.Document()
    own.add_paragraph("KOP PEMDA {{ pihak_pertama_nama }} {{ tanggal }}")
    buffer = io.BytesIO()
    own.save(buffer)

    text = _docx_text(render_pk_docx(pk_bidang, template=buffer.getvalue()))

    assert text == "KOP PEMDA Bela 15 Januari 2025"


def test_docx_draft_marked(pk_bidang):
    text = _docx_text(render_pk_docx(pk_bidang))

    assert "DRAFT — belum ditandatangani" in text
    assert "Kode verifikasi" not in text


def test_docx_signed_has_verification_code(client, kadis, pk_signed):
    client.force_login(kadis)
    url = reverse("perjanjian:pk_verifikasi", args=[pk_signed.kode_verifikasi])

    response = client.get(reverse("perjanjian:pk_docx", args=[pk_signed.pk]))

    text = _docx_text(response.content)
    assert "DRAFT" not in text
    assert f"Kode verifikasi: {pk_signed.kode_verifikasi}" in text
    assert f"Periksa keaslian dokumen ini di http://testserver{url}" in text


def test_docx_statement_punctuation(pk_bidang, tahunan, jabatan, admin, pemda):
    daerah = services.pk_buat_dari_sumber(
        level=Level.KEPALA_DAERAH, unit=pemda, tahun=2025, user=admin, tanggal=TANGGAL
    )

    with_kedua = _docx_text(render_pk_docx(pk_bidang))
    without_kedua = _docx_text(render_pk_docx(daerah))

    # As in the PDF: a comma when the pihak kedua follows, else a full stop.
    assert "selanjutnya disebut PIHAK PERTAMA," in with_kedua
    assert "selanjutnya disebut PIHAK PERTAMA." not in with_kedua
    assert "selanjutnya disebut PIHAK PERTAMA." in without_kedua


def test_docx_no_empty_nip_row(tahunan, jabatan, admin, pemda, opd_a):
    # The Bupati has no NIP: pihak pertama of one PK, pihak kedua of the other.
    daerah = services.pk_buat_dari_sumber(
        level=Level.KEPALA_DAERAH, unit=pemda, tahun=2025, user=admin, tanggal=TANGGAL
    )
    opd = services.pk_buat_dari_sumber(
        level=Level.KEPALA_OPD, unit=opd_a, tahun=2025, user=admin, tanggal=TANGGAL
    )

    text_daerah = _docx_text(render_pk_docx(daerah))
    text_opd = _docx_text(render_pk_docx(opd))

    lines_daerah = text_daerah.splitlines()
    assert not [line for line in lines_daerah if line.startswith("NIP")]
    assert "NIP" not in text_daerah
    assert text_opd.count("NIP | : ") == 1
    assert "NIP | : 197001012000031001" in text_opd
    assert text_opd.count("NIP 197001012000031001") == 2
    assert "\nNIP \n" not in text_opd


def test_page_place_is_pemda(client, kadis, pk_bidang):
    client.force_login(kadis)

    response = client.get(reverse("perjanjian:pk_detail", args=[pk_bidang.pk]))

    text = response.content.decode()
    assert "Kabupaten Contoh, 15 Januari 2025" in text
    assert "Bidang Satu, 15 Januari 2025" not in text


def test_verifikasi_code_any_case(client, pk_signed):
    kode = pk_signed.kode_verifikasi.lower()

    response = client.get(reverse("perjanjian:pk_verifikasi", args=[kode]))

    assert response.status_code == 200
    assert pk_signed.berkas_sha256 in response.content.decode()
