"""PK and rencana aksi documents stay out of the planning pages, which can
neither list, open nor edit them: they have pages of their own."""

import pytest
from django.urls import reverse

from sakip.perencanaan.models import Dokumen, Elemen
from sakip.perencanaan.selectors import dokumen_list_by_jenis
from sakip.perencanaan.tests.factories import DokumenFactory
from sakip.perjanjian import services
from sakip.perjanjian.models import Level

from .conftest import TANGGAL


@pytest.fixture
def dokumen_pk(tahunan, jabatan, admin, opd_a):
    perjanjian = services.pk_buat_dari_sumber(
        level=Level.KEPALA_OPD, unit=opd_a, tahun=2025, user=admin, tanggal=TANGGAL
    )
    return perjanjian.dokumen


@pytest.fixture
def dokumen_renaksi(opd_a):
    return DokumenFactory(
        kode="RENAKSI-A", jenis=Dokumen.Jenis.RENAKSI, unit=opd_a, tahun_awal=2025
    )


def test_list_leaves_out_pk(admin, tahunan, dokumen_pk, dokumen_renaksi):
    groups = dict(dokumen_list_by_jenis(user=admin))

    listed = {dokumen.pk for rows in groups.values() for dokumen in rows}
    assert dokumen_pk.pk not in listed
    assert dokumen_renaksi.pk not in listed
    assert tahunan["renja"].pk in listed
    assert "Perjanjian Kinerja" not in groups
    assert "Rencana Aksi" not in groups


@pytest.mark.parametrize("name", ["dokumen_detail", "dokumen_compare"])
def test_planning_pages_not_found(client, admin, dokumen_pk, dokumen_renaksi, name):
    client.force_login(admin)

    for dokumen in (dokumen_pk, dokumen_renaksi):
        url = reverse(f"perencanaan:{name}", args=[dokumen.pk])
        assert client.get(url).status_code == 404


def test_planning_edit_not_found(client, ani, dokumen_pk, dokumen_renaksi):
    client.force_login(ani)

    for dokumen in (dokumen_pk, dokumen_renaksi):
        url = reverse("perencanaan:elemen_create", args=[dokumen.pk])
        get = client.get(url)
        post = client.post(url, {"jenis": "sasaran", "uraian": "Sasaran PK"})
        assert get.status_code == 404
        assert post.status_code == 404
    assert not Elemen.objects.filter(dokumen__jenis=Dokumen.Jenis.PK).exists()


def test_indikator_page_unlinks_pk(client, admin, tahunan, dokumen_pk):
    indikator = dokumen_pk.perjanjian.baris.get().indikator
    client.force_login(admin)

    response = client.get(reverse("perencanaan:indikator_detail", args=[indikator.pk]))

    text = response.content.decode()
    assert dokumen_pk.kode in text
    assert reverse("perencanaan:dokumen_detail", args=[dokumen_pk.pk]) not in text
    assert reverse("perencanaan:dokumen_detail", args=[tahunan["renja"].pk]) in text
