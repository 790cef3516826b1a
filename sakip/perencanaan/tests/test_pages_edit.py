"""The editing pages: fragments for HTMX, whole pages otherwise, messages
beside the fields, and a tree whose queries do not grow with its size."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.perencanaan.editing import row_version
from sakip.perencanaan.models import Dokumen, Elemen, Target, TautanElemen
from sakip.perencanaan.tests.factories import ElemenFactory, IndikatorFactory
from sakip.referensi.models import Nomenklatur, NomenklaturVersi

HTMX = {"HTTP_HX_REQUEST": "true"}


def _versi(html: str) -> str:
    return re.search(r'name="versi" value="([^"]*)"', html)[1]


def test_dokumen_page_controls_for_editor(client, ani, rencana):
    client.force_login(ani)

    html = client.get(
        reverse("perencanaan:dokumen_detail", args=[rencana["renstra_a"].pk])
    ).content.decode()

    assert reverse("perencanaan:elemen_update", args=[rencana["sasaran_a"].pk]) in html
    assert "Dukung sasaran RPJMD" in html
    assert "edit-inline.js" in html


@pytest.mark.parametrize("username", ["kadis", "vera"])
def test_dokumen_page_no_controls_read_only(client, cast, rencana, username):
    client.force_login(cast[username])

    html = client.get(
        reverse("perencanaan:dokumen_detail", args=[rencana["renstra_a"].pk])
    ).content.decode()

    assert "/ubah/" not in html


def test_dokumen_page_no_controls_diajukan(client, ani, rencana):
    dokumen = rencana["renstra_a"]
    Dokumen.objects.filter(pk=dokumen.pk).update(status="diajukan")
    client.force_login(ani)

    html = client.get(
        reverse("perencanaan:dokumen_detail", args=[dokumen.pk])
    ).content.decode()

    assert "/ubah/" not in html


def test_form_fragment_for_htmx(client, ani, rencana):
    client.force_login(ani)
    url = reverse("perencanaan:elemen_update", args=[rencana["sasaran_a"].pk])

    fragment = client.get(url, **HTMX).content.decode()
    page = client.get(url).content.decode()

    assert "<html" not in fragment
    assert 'name="uraian"' in fragment
    assert "<html" in page
    assert 'name="uraian"' in page


def test_inline_update_returns_row(client, ani, rencana):
    sasaran = rencana["sasaran_a"]
    client.force_login(ani)
    url = reverse("perencanaan:elemen_update", args=[sasaran.pk])

    response = client.post(
        url, {"uraian": "Sasaran baru", "versi": row_version(sasaran)}, **HTMX
    )

    html = response.content.decode()
    assert f'id="elemen-{sasaran.pk}-baris"' in html
    assert 'hx-swap-oob="true"' in html
    sasaran.refresh_from_db()
    assert sasaran.uraian == "Sasaran baru"


def test_required_message_beside_field(client, ani, rencana):
    sasaran = rencana["sasaran_a"]
    client.force_login(ani)
    url = reverse("perencanaan:elemen_update", args=[sasaran.pk])

    html = client.post(
        url, {"uraian": "", "versi": row_version(sasaran)}, **HTMX
    ).content.decode()

    assert 'aria-describedby="id_uraian_error"' in html
    assert 'id="id_uraian_error"' in html
    message = re.search(r'id="id_uraian_error">([^<]*)<', html)[1]
    assert "tidak boleh kosong" in message


def test_two_forms_second_save_rejected(client, ani, budi, rencana):
    indikator, renstra = rencana["indikator_a"], rencana["renstra_a"]
    url = reverse("perencanaan:target_edit", args=[indikator.pk])
    client.force_login(ani)
    first = _versi(client.get(url, **HTMX).content.decode())
    client.force_login(budi)
    second = _versi(client.get(url, **HTMX).content.decode())

    client.force_login(ani)
    client.post(url, {"versi": first, "tahun_2025": "60,5"}, **HTMX)
    client.force_login(budi)
    html = client.post(url, {"versi": second, "tahun_2025": "70"}, **HTMX)

    assert "telah diubah oleh orang lain" in html.content.decode()
    target = Target.objects.get(indikator=indikator, dokumen=renstra, tahun=2025)
    assert target.nilai == Decimal("60.5")


def test_target_number_rejected_beside_field(client, ani, rencana):
    indikator = rencana["indikator_a"]
    client.force_login(ani)
    url = reverse("perencanaan:target_edit", args=[indikator.pk])
    versi = _versi(client.get(url, **HTMX).content.decode())

    html = client.post(
        url, {"versi": versi, "tahun_2026": "1,23456"}, **HTMX
    ).content.decode()

    assert 'id="id_tahun_2026_error"' in html
    assert "4 angka di belakang koma" in html


def test_target_save_returns_tree(client, ani, rencana):
    indikator = rencana["indikator_a"]
    client.force_login(ani)
    url = reverse("perencanaan:target_edit", args=[indikator.pk])
    versi = _versi(client.get(url, **HTMX).content.decode())
    data = {"versi": versi, **{f"tahun_{t}": "1.234,5" for t in range(2025, 2030)}}

    response = client.post(url, data, **HTMX)

    assert response["HX-Retarget"] == "#pohon-dokumen"
    assert (
        Target.objects.filter(indikator=indikator, nilai=Decimal("1234.5")).count() == 5
    )


def test_target_save_redirects_without_htmx(client, ani, rencana):
    indikator = rencana["indikator_a"]
    client.force_login(ani)
    url = reverse("perencanaan:target_edit", args=[indikator.pk])
    versi = _versi(client.get(url).content.decode())

    response = client.post(url, {"versi": versi, "tahun_2025": "9"})

    assert response.status_code == 302


def test_create_child_and_link(client, ani, rencana):
    renstra = rencana["renstra_a"]
    client.force_login(ani)

    client.post(
        reverse("perencanaan:elemen_create", args=[renstra.pk]),
        {"jenis": "tujuan", "uraian": "Tujuan satu"},
        **HTMX,
    )
    tujuan = Elemen.objects.get(dokumen=renstra, jenis="tujuan")
    client.post(
        reverse("perencanaan:tautan_add", args=[tujuan.pk]),
        {"ke": rencana["sasaran"].pk},
        **HTMX,
    )

    assert TautanElemen.objects.filter(dari=tujuan, ke=rencana["sasaran"]).exists()


def test_delete_rejected_shows_message(client, ani, rencana):
    renstra = rencana["renstra_a"]
    tujuan = ElemenFactory(dokumen=renstra, jenis="tujuan")
    ElemenFactory(dokumen=renstra, induk=tujuan)
    client.force_login(ani)

    response = client.post(
        reverse("perencanaan:elemen_delete", args=[tujuan.pk]),
        {"versi": row_version(tujuan)},
        **HTMX,
    )

    assert "Hapus dulu elemen di bawahnya" in response.content.decode()
    assert Elemen.objects.filter(pk=tujuan.pk).exists()


def test_nomenklatur_search_endpoint(client, ani, rencana):
    versi = NomenklaturVersi.objects.create(nama="2020", berlaku_mulai=2021)
    Nomenklatur.objects.bulk_create(
        [
            Nomenklatur(versi=versi, kode=f"1.02.{n:02d}", tingkat="program", nama="P")
            for n in range(2, 40)
        ]
    )
    client.force_login(ani)
    url = reverse("perencanaan:nomenklatur_search", args=[rencana["renstra_a"].pk])

    html = client.get(url, {"nomenklatur": "1.02", "jenis": "program"}).content.decode()

    assert html.count('role="option"') == 20


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_edit_page_queries_flat(client, ani, rencana):
    renstra = rencana["renstra_a"]
    client.force_login(ani)
    url = reverse("perencanaan:dokumen_detail", args=[renstra.pk])
    small = _count_queries(client, url)

    for _number in range(20):
        program = ElemenFactory(dokumen=renstra, jenis="program")
        IndikatorFactory(elemen=program)

    assert _count_queries(client, url) == small
