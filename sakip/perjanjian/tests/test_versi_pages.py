"""How a PK perubahan and the version it replaces tell themselves apart: the
title, the date and reason, and the notice on the older version's pages."""

import datetime

import pytest
from django.urls import reverse

from sakip.core.tests.pdf import pdf_text
from sakip.perjanjian import services
from sakip.perjanjian.docx_template import render_pk_docx
from sakip.perjanjian.dokumen import render_pk_pdf
from sakip.perjanjian.models import Level

from .conftest import TANGGAL
from .test_dokumen import _docx_text

TANGGAL_PERUBAHAN = datetime.date(2025, 8, 10)


@pytest.fixture
def versi(tahunan, jabatan, admin, opd_a):
    """Dinas A's signed PK murni and its draft perubahan, dated 10 August."""
    murni = services.pk_buat_dari_sumber(
        level=Level.KEPALA_OPD, unit=opd_a, tahun=2025, user=admin, tanggal=TANGGAL
    )
    services.pk_tandatangani(perjanjian=murni, user=admin)
    murni.refresh_from_db()
    perubahan = services.pk_buat_perubahan(
        perjanjian=murni,
        alasan="APBD Perubahan 2025",
        user=admin,
        tanggal=TANGGAL_PERUBAHAN,
    )
    return murni, perubahan


def test_perubahan_title_in_pdf_and_docx(versi, tmp_path):
    murni, perubahan = versi

    pdf = pdf_text(render_pk_pdf(perubahan), tmp_path, layout=False)
    pdf_murni = pdf_text(render_pk_pdf(murni), tmp_path, layout=False)
    text = _docx_text(render_pk_docx(perubahan))

    assert "PERJANJIAN KINERJA PERUBAHAN TAHUN 2025" in pdf
    assert "LAMPIRAN PERJANJIAN KINERJA PERUBAHAN TAHUN 2025" in pdf
    assert "PERUBAHAN" not in pdf_murni
    assert "PERJANJIAN KINERJA TAHUN 2025" in pdf_murni
    assert "PERJANJIAN KINERJA PERUBAHAN TAHUN 2025" in text
    assert "10 Agustus 2025" in text


def test_perubahan_page_shows_date_and_reason(client, admin, versi):
    murni, perubahan = versi
    client.force_login(admin)

    text = client.get(
        reverse("perjanjian:pk_detail", args=[perubahan.pk])
    ).content.decode()

    assert "PERJANJIAN KINERJA PERUBAHAN TAHUN 2025" in text
    assert "10 Agustus 2025" in text
    assert "APBD Perubahan 2025" in text
    assert murni.dokumen.kode in text


def test_older_page_names_newer_version(client, ani, versi):
    murni, perubahan = versi
    client.force_login(ani)

    text = client.get(reverse("perjanjian:pk_detail", args=[murni.pk])).content.decode()

    assert "sedang disusun untuk mengganti PK ini" in text
    assert perubahan.dokumen.kode in text
    assert reverse("perjanjian:pk_detail", args=[perubahan.pk]) in text


def test_older_page_after_newer_signed(client, admin, versi):
    murni, perubahan = versi
    services.pk_tandatangani(perjanjian=perubahan, user=admin)
    client.force_login(admin)

    text = client.get(reverse("perjanjian:pk_detail", args=[murni.pk])).content.decode()

    assert "PK ini telah diganti oleh versi perubahan" in text
    assert "10 Agustus 2025" in text


def test_verifikasi_names_newer_version(client, admin, ani, versi):
    murni, perubahan = versi
    services.pk_tandatangani(perjanjian=perubahan, user=admin)
    url = reverse("perjanjian:pk_verifikasi", args=[murni.kode_verifikasi])
    link = reverse("perjanjian:pk_detail", args=[perubahan.pk])

    public = client.get(url).content.decode()
    client.force_login(ani)
    logged_in = client.get(url).content.decode()

    assert "telah diganti oleh versi yang lebih baru" in public
    assert "10 Agustus 2025" in public
    assert link not in public
    assert link in logged_in


def test_verifikasi_shows_pk_date(client, versi):
    murni, _perubahan = versi

    response = client.get(
        reverse("perjanjian:pk_verifikasi", args=[murni.kode_verifikasi])
    )

    assert "Tanggal PK" in response.content.decode()
    assert "15 Januari 2025" in response.content.decode()


def test_list_marks_replaced(client, admin, versi):
    murni, perubahan = versi
    client.force_login(admin)

    response = client.get(reverse("perjanjian:pk_list"))

    by_pk = {pk.pk: pk for pk in response.context["perjanjian_list"]}
    assert by_pk[murni.pk].pengganti_id == perubahan.pk
    assert by_pk[perubahan.pk].pengganti_id is None
    assert response.content.decode().count("Diganti") == 1
