import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.organisasi.tests.factories import UnitFactory
from sakip.perencanaan.models import Dokumen, Elemen
from sakip.perencanaan.tests.factories import (
    DokumenFactory,
    ElemenFactory,
    IndikatorFactory,
    TautanElemenFactory,
)


def detail_url(dokumen):
    return reverse("perencanaan:dokumen_detail", args=[dokumen.pk])


def add_branches(dokumen, *, count, supported):
    """Add ``count`` tujuan, each with a sasaran, a program and a kegiatan that
    carry indikator, and a sasaran of another OPD's Renstra that supports it."""
    visi = ElemenFactory(dokumen=dokumen, jenis=Elemen.Jenis.VISI)
    for number in range(count):
        tujuan = ElemenFactory(dokumen=dokumen, jenis=Elemen.Jenis.TUJUAN, induk=visi)
        sasaran = ElemenFactory(dokumen=dokumen, induk=tujuan)
        program = ElemenFactory(
            dokumen=dokumen,
            jenis=Elemen.Jenis.PROGRAM,
            induk=sasaran,
            nomenklatur=f"1.02.{number:02d}",
            unit_pj=dokumen.unit,
        )
        kegiatan = ElemenFactory(
            dokumen=dokumen, jenis=Elemen.Jenis.KEGIATAN, induk=program
        )
        for elemen in (sasaran, program, kegiatan):
            IndikatorFactory(elemen=elemen, unit_pj=dokumen.unit)
        TautanElemenFactory(dari=sasaran, ke=supported)
        opd = UnitFactory(induk=dokumen.unit.induk)
        renstra = DokumenFactory(unit=opd)
        TautanElemenFactory(dari=ElemenFactory(dokumen=renstra), ke=sasaran)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_dokumen_list_groups_by_jenis(client, admin, rencana):
    client.force_login(admin)

    response = client.get(reverse("perencanaan:dokumen_list"))

    groups = response.context["groups"]
    assert [label for label, _rows in groups] == ["RPJMD", "Renstra"]
    assert [d.kode for d in groups[1][1]] == ["RENSTRA-A", "RENSTRA-B"]
    assert "2025–2029" in response.text
    assert "status-draft" in response.text


def test_dokumen_list_hides_other_opd(client, ani, rencana):
    client.force_login(ani)

    response = client.get(reverse("perencanaan:dokumen_list"))

    assert "RENSTRA-A" in response.text
    assert "RPJMD" in response.text
    assert "RENSTRA-B" not in response.text


def test_dokumen_detail_shows_tree(client, admin, rencana):
    client.force_login(admin)

    response = client.get(detail_url(rencana["rpjmd"]))

    html = response.text
    for kode in ("VISI", "MISI", "TUJ", "SAS"):
        assert f">{kode}</span>" in html
    assert "jenis-sasaran" in html
    iku_url = reverse("perencanaan:indikator_detail", args=[rencana["iku"].pk])
    assert f'href="{iku_url}"' in html
    assert "Indeks A" in html


def test_dokumen_detail_nests_children(client, admin, rencana):
    client.force_login(admin)

    response = client.get(detail_url(rencana["rpjmd"]))

    roots = response.context["simpul_list"]
    assert [root.elemen.kode for root in roots] == ["VISI"]
    misi = roots[0].anak[0]
    assert misi.elemen.kode == "MISI"
    assert misi.anak[0].anak[0].elemen.kode == "SAS"


def test_rpjmd_lists_supporting_opd(client, admin, rencana):
    client.force_login(admin)

    response = client.get(detail_url(rencana["rpjmd"]))

    assert "Didukung oleh:" in response.text
    assert "<strong>Dinas A</strong>" in response.text
    assert "<strong>Dinas B</strong>" in response.text
    renstra_a_url = detail_url(rencana["renstra_a"])
    assert f"{renstra_a_url}#elemen-{rencana['sasaran_a'].pk}" in response.text


def test_rpjmd_hides_other_opd_supporters(client, ani, rencana):
    client.force_login(ani)

    response = client.get(detail_url(rencana["rpjmd"]))

    assert "<strong>Dinas A</strong>" in response.text
    assert "SAS-B" not in response.text
    assert "Dinas B" not in response.text


def test_renstra_links_to_supported_sasaran(client, ani, rencana):
    client.force_login(ani)

    response = client.get(detail_url(rencana["renstra_a"]))

    rpjmd_url = detail_url(rencana["rpjmd"])
    assert "Mendukung →" in response.text
    assert f'href="{rpjmd_url}#elemen-{rencana["sasaran"].pk}"' in response.text


def test_dokumen_detail_shows_nomenklatur_and_unit_pj(client, admin, rencana):
    dokumen = DokumenFactory(unit=rencana["renstra_a"].unit)
    add_branches(dokumen, count=1, supported=rencana["sasaran"])
    client.force_login(admin)

    response = client.get(detail_url(dokumen))

    assert "1.02.00" in response.text
    assert "Unit PJ: Dinas A" in response.text


def test_dokumen_detail_queries_flat(client, admin, rencana):
    small = DokumenFactory(jenis=Dokumen.Jenis.RPJMD, unit=rencana["rpjmd"].unit)
    large = DokumenFactory(jenis=Dokumen.Jenis.RPJMD, unit=rencana["rpjmd"].unit)
    add_branches(small, count=1, supported=rencana["sasaran"])
    add_branches(large, count=6, supported=rencana["sasaran"])
    client.force_login(admin)

    small_count = count_queries(client, detail_url(small))
    large_count = count_queries(client, detail_url(large))

    assert small_count == large_count


def test_elemen_detail_queries_flat(client, admin, rencana):
    small = DokumenFactory(unit=rencana["renstra_a"].unit)
    large = DokumenFactory(unit=rencana["renstra_a"].unit)
    add_branches(small, count=1, supported=rencana["sasaran"])
    add_branches(large, count=6, supported=rencana["sasaran"])
    client.force_login(admin)

    counts = [
        count_queries(
            client,
            reverse(
                "perencanaan:elemen_detail",
                args=[dokumen.elemen.get(jenis=Elemen.Jenis.VISI).pk],
            ),
        )
        for dokumen in (small, large)
    ]

    assert counts[0] == counts[1]


def test_elemen_detail_shows_ancestors(client, admin, rencana):
    client.force_login(admin)

    response = client.get(
        reverse("perencanaan:elemen_detail", args=[rencana["sasaran"].pk])
    )

    assert [s.elemen.kode for s in response.context["leluhur"]] == [
        "VISI",
        "MISI",
        "TUJ",
    ]
    assert "Indeks A" in response.text


@pytest.mark.parametrize(
    "name", ["dokumen_detail", "elemen_detail", "indikator_detail"]
)
def test_other_opd_pages_not_found(client, ani, rencana, name):
    objects = {
        "dokumen_detail": rencana["renstra_b"],
        "elemen_detail": rencana["sasaran_b"],
        "indikator_detail": rencana["indikator_b"],
    }
    client.force_login(ani)

    response = client.get(reverse(f"perencanaan:{name}", args=[objects[name].pk]))

    assert response.status_code == 404
    assert "IND-B" not in response.text
