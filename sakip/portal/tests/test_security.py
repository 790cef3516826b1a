"""Every portal URL returns 200 to an anonymous user, and nothing that is not
public shows on any of them."""

import datetime

import pytest
from django.urls import URLPattern, get_resolver, reverse

from sakip.pelaporan.lkjip import lkjip_data
from sakip.pelaporan.models import LaporanKinerja, RevisiLaporanKinerja
from sakip.portal.datasets import DATASETS
from sakip.portal.unduhan import FORMATS

from .conftest import RAHASIA

pytestmark = pytest.mark.django_db


@pytest.fixture
def laporan(publik, pemda):
    data = lkjip_data(unit=pemda, tahun=2025)
    laporan = LaporanKinerja.objects.create(
        unit=pemda,
        tahun=2025,
        status=LaporanKinerja.Status.DITETAPKAN,
        dipublikasikan=True,
        isi_beku=data,
        narasi_beku={"ikhtisar": "Ikhtisar yang ditetapkan."},
    )
    RevisiLaporanKinerja.objects.create(
        laporan=laporan,
        nomor=1,
        tanggal=datetime.date(2026, 5, 2),
        alasan="Koreksi realisasi",
        isi_beku=data,
        narasi_beku={"ikhtisar": "Ikhtisar revisi."},
    )
    return laporan


def portal_urls() -> list[str]:
    """The names of every URL of the portal's namespace."""
    resolver = get_resolver()
    [namespace] = [
        pattern
        for pattern in resolver.url_patterns
        if getattr(pattern, "namespace", None) == "portal"
    ]
    return [
        f"portal:{pattern.name}"
        for pattern in namespace.url_patterns
        if isinstance(pattern, URLPattern)
    ]


def public_requests() -> dict[str, list[str]]:
    """The addresses to open for each portal URL, with published objects."""
    downloads = [
        reverse("portal:data_unduh", args=[nama, format])
        for nama in DATASETS
        for format in FORMATS
    ]
    return {
        "portal:beranda": [reverse("portal:beranda"), "/publik/?tahun=2026"],
        "portal:dokumen_list": [reverse("portal:dokumen_list")],
        "portal:dokumen_detail": [
            reverse("portal:dokumen_detail", args=["RPJMD"]),
            reverse("portal:dokumen_detail", args=["RENSTRA-A"]),
        ],
        "portal:pk_detail": [reverse("portal:pk_detail", args=["PK-PUBLIK"])],
        "portal:pk_pdf": [reverse("portal:pk_pdf", args=["PK-PUBLIK"])],
        "portal:lkjip_pdf": [reverse("portal:lkjip_pdf", args=["PEMDA", 2025])],
        "portal:lkjip_revisi_pdf": [
            reverse("portal:lkjip_revisi_pdf", args=["PEMDA", 2025, 1])
        ],
        "portal:data_index": [reverse("portal:data_index")],
        "portal:data_unduh": downloads + [f"{url}?tahun=2025" for url in downloads],
    }


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_every_portal_url_is_walked():
    assert sorted(public_requests()) == sorted(portal_urls())


# An adopted LKjIP shows what it reported when it was adopted, whichever
# documents those were. Publishing it publishes that content as it is.
FROZEN = {"portal:lkjip_pdf", "portal:lkjip_revisi_pdf"}


def test_anonymous_sees_no_secret(client, publik, laporan, tmp_path):
    from sakip.core.tests.pdf import pdf_text

    for name, urls in public_requests().items():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, f"{name} {url}"
            if name in FROZEN:
                continue
            body = _body(response)
            if response["Content-Type"] == "application/pdf":
                text = pdf_text(body, tmp_path)
            else:
                text = body.decode("utf-8")
            for secret in RAHASIA:
                assert secret not in text, f"{secret} in {name} {url}"


def test_lkjip_listed_with_revision(client, laporan):
    response = client.get(reverse("portal:dokumen_list"))

    content = response.content.decode()
    assert 'data-lkjip="PEMDA-2025"' in content
    assert reverse("portal:lkjip_revisi_pdf", args=["PEMDA", 2025, 1]) in content
    assert "Revisi 1, 2 Mei 2026" in content


def test_lkjip_pdf_reads_frozen_data(client, laporan, tmp_path):
    from sakip.core.tests.pdf import pdf_text

    frozen = client.get(reverse("portal:lkjip_pdf", args=["PEMDA", 2025]))
    revisi = client.get(reverse("portal:lkjip_revisi_pdf", args=["PEMDA", 2025, 1]))

    assert "Ikhtisar yang ditetapkan." in pdf_text(frozen.content, tmp_path)
    assert "Ikhtisar revisi." in pdf_text(revisi.content, tmp_path)


@pytest.mark.parametrize(
    "change",
    [
        {"dipublikasikan": False},
        {"status": LaporanKinerja.Status.DRAFT},
        {"isi_beku": None},
    ],
)
def test_lkjip_not_public(client, laporan, change):
    LaporanKinerja.objects.filter(pk=laporan.pk).update(**change)

    listing = client.get(reverse("portal:dokumen_list"))
    pdf = client.get(reverse("portal:lkjip_pdf", args=["PEMDA", 2025]))

    assert 'data-lkjip="PEMDA-2025"' not in listing.content.decode()
    assert pdf.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/publik/lkjip/PEMDA/99999999999999999999/pdf/",
        "/publik/lkjip/PEMDA/2025/revisi/99999999999/pdf/",
        "/publik/lkjip/PEMDA/2025/revisi/2/pdf/",
        "/publik/lkjip/OPD-A/2025/pdf/",
        "/publik/dokumen/RPJMD-DRAFT/",
        "/publik/dokumen/%3Cscript%3E/",
        "/publik/pk/PK-TERSEMBUNYI/pdf/",
    ],
)
def test_hostile_paths_are_404(client, laporan, url):
    response = client.get(url)

    assert response.status_code == 404
    assert b"<script>" not in response.content
