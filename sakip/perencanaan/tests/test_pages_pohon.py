"""The pohon kinerja pages, their SVG and PDF downloads, and the crosscutting
view."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from sakip.core.tests.pdf import pdf_text
from sakip.perencanaan.tests.factories import ElemenFactory

pytestmark = pytest.mark.django_db

SVG_NS = "{http://www.w3.org/2000/svg}"


def _svg_codes(content: bytes) -> list[str]:
    root = ET.fromstring(  # noqa: S314 (our own SVG)
        content
    )
    return [g.get("data-kode") for g in root.iter(f"{SVG_NS}g") if g.get("data-kode")]


def test_pemda_page(client, cast, rencana):
    client.force_login(cast["admin"])

    response = client.get(reverse("perencanaan:pohon_pemda"), {"tahun": 2025})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-kode="SAS-A"' in html
    assert "Dinas B" in html
    assert "Unduh PNG" in html
    assert reverse("perencanaan:pohon_pemda_pdf") + "?tahun=2025" in html
    assert "core/pohon-kinerja.js" in html


def test_pemda_svg_well_formed(client, cast, rencana):
    client.force_login(cast["admin"])

    response = client.get(reverse("perencanaan:pohon_pemda_svg"), {"tahun": 2025})

    assert response["Content-Type"].startswith("image/svg+xml")
    assert "attachment" in response["Content-Disposition"]
    assert _svg_codes(response.content) == [
        "VISI",
        "MISI",
        "TUJ",
        "SAS",
        "SAS-A",
        "SAS-B",
    ]


def test_svg_escapes_uraian(client, cast, rencana):
    sasaran = rencana["sasaran_a"]
    sasaran.uraian = 'Akses <air> & "sanitasi"'
    sasaran.save()
    client.force_login(cast["admin"])

    response = client.get(reverse("perencanaan:pohon_pemda_svg"), {"tahun": 2025})

    root = ET.fromstring(  # noqa: S314 (our own SVG)
        response.content
    )
    titles = [title.text for title in root.iter(f"{SVG_NS}title")]
    assert any('Akses <air> & "sanitasi"' in text for text in titles)


def test_operator_pemda_tree_scope(client, cast, rencana):
    client.force_login(cast["citra"])

    response = client.get(reverse("perencanaan:pohon_pemda_svg"), {"tahun": 2025})

    codes = _svg_codes(response.content)
    assert "SAS-B" in codes
    assert "SAS-A" not in codes


def test_opd_page(client, cast, rencana, opd_a):
    client.force_login(cast["ani"])

    response = client.get(
        reverse("perencanaan:pohon_opd", args=[opd_a.pk]), {"tahun": 2025}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-kode="SAS"' in html
    assert 'data-kode="SAS-A"' in html
    assert 'data-kode="SAS-B"' not in html


def test_depth_choice_kept(client, cast, rencana):
    client.force_login(cast["admin"])

    response = client.get(
        reverse("perencanaan:pohon_pemda"), {"tahun": 2025, "sampai": "bogus"}
    )

    assert response.context["sampai"] == "program"


def test_no_document_for_year(client, cast, rencana):
    client.force_login(cast["admin"])

    response = client.get(reverse("perencanaan:pohon_pemda"), {"tahun": 2040})

    assert (
        "Tidak ada dokumen yang berlaku pada tahun 2040." in response.content.decode()
    )


def test_pemda_pdf(client, cast, rencana, tmp_path):
    client.force_login(cast["admin"])

    response = client.get(reverse("perencanaan:pohon_pemda_pdf"), {"tahun": 2025})

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    assert "Pohon kinerja · Kabupaten Contoh" in text
    assert "RPJMD 2025-2029" in text
    for kode in ("VISI", "SAS", "SAS-A", "SAS-B"):
        assert kode in text


def test_opd_pdf(client, cast, rencana, opd_b, tmp_path):
    client.force_login(cast["citra"])

    response = client.get(
        reverse("perencanaan:pohon_opd_pdf", args=[opd_b.pk]), {"tahun": 2025}
    )

    text = pdf_text(response.content, tmp_path)
    assert "Dinas B" in text
    assert "SAS-B" in text
    assert "SAS-A" not in text


def test_pdf_other_opd_hidden(client, cast, rencana, opd_a):
    client.force_login(cast["citra"])

    response = client.get(reverse("perencanaan:pohon_opd_pdf", args=[opd_a.pk]))

    assert response.status_code == 404


def test_pdf_needs_login(client, rencana):
    response = client.get(reverse("perencanaan:pohon_pemda_pdf"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_crosscutting_page(client, cast, rencana, opd_a):
    client.force_login(cast["admin"])

    response = client.get(reverse("perencanaan:crosscutting"), {"tahun": 2025})

    html = response.content.decode()
    assert 'data-kode="SAS" data-crosscutting="ya"' in html
    assert reverse("perencanaan:elemen_detail", args=[rencana["sasaran_a"].pk]) in html
    assert reverse("perencanaan:pohon_opd", args=[opd_a.pk]) in html


def test_crosscutting_filter(client, cast, rencana):
    ElemenFactory(kode="SAS-SENDIRI", dokumen=rencana["rpjmd"])
    client.force_login(cast["admin"])
    url = reverse("perencanaan:crosscutting")

    everything = client.get(url, {"tahun": 2025}).content.decode()
    only = client.get(url, {"tahun": 2025, "hanya": "crosscutting"}).content.decode()

    assert 'data-kode="SAS-SENDIRI" data-crosscutting="tidak"' in everything
    assert "SAS-SENDIRI" not in only
    assert 'data-kode="SAS"' in only


def test_navbar_link(client, cast):
    client.force_login(cast["ani"])

    html = client.get(reverse("perencanaan:dokumen_list")).content.decode()

    assert reverse("perencanaan:pohon_pemda") in html
    assert "Pohon kinerja" in html
