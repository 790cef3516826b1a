import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_groups_and_links(client, cast, rencana):
    client.force_login(cast["admin"])

    response = client.get(reverse("perencanaan:rantai_kinerja"), {"tahun": 2025})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-jenis="iku_tanpa_definisi"' in html
    assert reverse("perencanaan:indikator_detail", args=[rencana["iku"].pk]) in html
    assert "definisi operasional" in html


def test_other_opd_hidden(client, cast, rencana):
    client.force_login(cast["citra"])

    html = client.get(reverse("perencanaan:rantai_kinerja"), {"tahun": 2025})
    html = html.content.decode()

    assert "IND-B" in html
    assert "IND-A" not in html
    assert "IKU-1" in html


def test_default_year(client, cast, rencana):
    client.force_login(cast["admin"])

    response = client.get(reverse("perencanaan:rantai_kinerja"))

    assert response.context["tahun"] == 2025


def test_no_findings(client, cast):
    client.force_login(cast["admin"])

    response = client.get(reverse("perencanaan:rantai_kinerja"), {"tahun": 2030})

    assert response.context["groups"] == []
    assert "Tidak ada temuan" in response.content.decode()


def test_navbar_link(client, cast):
    client.force_login(cast["ani"])

    html = client.get(reverse("perencanaan:dokumen_list")).content.decode()

    assert reverse("perencanaan:rantai_kinerja") in html
