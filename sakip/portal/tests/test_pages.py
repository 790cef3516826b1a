"""The portal's pages, opened without a login."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sakip.core.tests.pdf import pdf_text
from sakip.perencanaan.models import Dokumen

pytestmark = pytest.mark.django_db


def test_beranda_dashboard(client, publik):
    response = client.get(reverse("portal:beranda"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Kabupaten Contoh" in content
    # IKU-1: 72 against the signed PK's 90 is 80 %; IKU-2's realisation is
    # not verified, so the sasaran is the mean of one indikator.
    assert 'data-sasaran="SAS"' in content
    assert "80,00 %" in content
    assert "belum diisi" in content
    assert 'data-kategori="Tinggi"' in content
    assert 'id="grafik-sasaran-data"' in content


def test_beranda_counts_documents(client, publik):
    response = client.get(reverse("portal:beranda"))

    content = response.content.decode()
    assert '<div class="fs-3 fw-semibold" data-jenis="RPJMD">1</div>' in content
    assert '<div class="fs-3 fw-semibold" data-jenis="RENSTRA">1</div>' in content
    assert '<div class="fs-3 fw-semibold" data-jenis="PK">1</div>' in content


def test_beranda_serapan(client, publik):
    response = client.get(reverse("portal:beranda"), {"tahun": 2025})

    content = response.content.decode()
    # Each OPD: pagu 2,000,000; verified realisation 500,000 (the second sub
    # kegiatan's 250,000 is not verified).
    assert 'data-unit="OPD-A"' in content
    assert "Rp 2.000.000" in content
    assert "Rp 500.000" in content
    assert "25,00 %" in content
    assert "Rp 4.000.000" in content
    assert "Rp 1.000.000" in content


def test_beranda_without_rpjmd(client, db):
    response = client.get(reverse("portal:beranda"))

    assert response.status_code == 200
    assert "Belum ada RPJMD yang dipublikasikan" in response.content.decode()


def test_beranda_has_no_staff_navbar(client, publik, admin):
    client.force_login(admin)

    response = client.get(reverse("portal:beranda"))

    content = response.content.decode()
    assert 'id="portal-header"' in content
    assert 'id="navbar-utama"' not in content
    assert reverse("perencanaan:dokumen_list") not in content


@pytest.mark.parametrize("tahun", ["abc", "20255", "1999", "2101", "-1", "2025.0"])
def test_beranda_bad_tahun(client, publik, tahun):
    response = client.get(reverse("portal:beranda"), {"tahun": tahun})

    assert response.status_code == 400
    assert "Parameter tahun tidak sah" in response.content.decode()


def test_dokumen_list(client, publik):
    response = client.get(reverse("portal:dokumen_list"))

    content = response.content.decode()
    assert 'data-kode="RPJMD"' in content
    assert 'data-kode="RENSTRA-A"' in content
    assert 'data-kode="PK-PUBLIK"' in content
    assert "RENSTRA-B" not in content
    assert "RPJMD-DRAFT" not in content
    assert "PK-TERSEMBUNYI" not in content


def test_dokumen_detail_tree(client, publik):
    response = client.get(reverse("portal:dokumen_detail", args=["RPJMD"]))

    content = response.content.decode()
    assert response.status_code == 200
    for kode in ("VISI", "MISI", "TUJ", "SAS"):
        assert f'data-elemen="{kode}"' in content
    assert 'data-indikator="IKU-1"' in content
    assert 'data-indikator="IKU-2"' in content
    # One column per year of 2025-2029; IKU-2 has targets for 2025 and 2026.
    assert '<th scope="col" class="text-end">2029</th>' in content
    assert "60,00" in content
    # The PK's target is not the RPJMD's.
    assert "90,00" not in content


@pytest.mark.parametrize("kode", ["RPJMD-DRAFT", "RENSTRA-B", "PK-PUBLIK", "TIDAK-ADA"])
def test_dokumen_detail_not_public(client, publik, kode):
    response = client.get(reverse("portal:dokumen_detail", args=[kode]))

    assert response.status_code == 404
    assert kode not in response.content.decode()


def test_dokumen_detail_after_withdrawal(client, publik):
    Dokumen.objects.filter(kode="RENSTRA-A").update(dipublikasikan=False)

    response = client.get(reverse("portal:dokumen_detail", args=["RENSTRA-A"]))

    assert response.status_code == 404


def test_pk_detail(client, publik):
    response = client.get(reverse("portal:pk_detail", args=["PK-PUBLIK"]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "PERJANJIAN KINERJA TAHUN 2025" in content
    assert 'data-indikator="IKU-1"' in content
    assert "90,00" in content
    assert reverse("portal:pk_pdf", args=["PK-PUBLIK"]) in content


def test_pk_pdf(client, publik, tmp_path):
    response = client.get(reverse("portal:pk_pdf", args=["PK-PUBLIK"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "PERJANJIAN KINERJA TAHUN 2025" in text
    assert "Indeks A" in text


def test_pk_pdf_serves_signed_file(client, publik, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    perjanjian = publik["pk"]
    perjanjian.berkas.save("pk.pdf", ContentFile(b"%PDF-1.4 berkas asli"))

    response = client.get(reverse("portal:pk_pdf", args=["PK-PUBLIK"]))

    assert b"".join(response.streaming_content) == b"%PDF-1.4 berkas asli"


@pytest.mark.parametrize("kode", ["PK-TERSEMBUNYI", "RPJMD", "TIDAK-ADA"])
def test_pk_not_public(client, publik, kode):
    detail = client.get(reverse("portal:pk_detail", args=[kode]))
    pdf = client.get(reverse("portal:pk_pdf", args=[kode]))

    assert detail.status_code == 404
    assert pdf.status_code == 404


def test_pk_unsigned_is_not_public(client, publik):
    perjanjian = publik["pk"]
    perjanjian.status = perjanjian.Status.DRAFT
    perjanjian.save()

    response = client.get(reverse("portal:pk_detail", args=["PK-PUBLIK"]))

    assert response.status_code == 404


def test_data_index(client, publik):
    response = client.get(reverse("portal:data_index"))

    content = response.content.decode()
    for nama in ("indikator", "target", "realisasi", "capaian", "anggaran"):
        assert f'id="dataset-{nama}"' in content
        assert reverse("portal:data_unduh", args=[nama, "csv"]) in content
        assert reverse("portal:data_unduh", args=[nama, "json"]) in content
    assert "target_dokumen_kode" in content


def test_sasaran_capaian_matches_engine(client, publik):
    from sakip.pengukuran.selectors import capaian_elemen_list
    from sakip.perencanaan.models import Elemen

    [engine] = capaian_elemen_list(
        elemen=Elemen.objects.filter(kode="SAS"), tahun=2025, hanya_terverifikasi=True
    )

    response = client.get(reverse("portal:beranda"), {"tahun": 2025})

    assert engine.capaian_2dp == Decimal("80.00")
    assert response.context["capaian_sasaran"][0].capaian_2dp == engine.capaian_2dp
