"""The audit page and the Riwayat panels."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.pengukuran.models import Realisasi
from sakip.perencanaan.models import Target

pytestmark = pytest.mark.django_db


def _change_realisasi(realisasi, user, nilai):
    realisasi.nilai = Decimal(nilai)
    realisasi._history_user = user
    realisasi.save()


def test_audit_shows_who_what_before_after(client, rencana, admin, ani):
    realisasi = Realisasi.objects.get(indikator=rencana["indikator_a"])
    _change_realisasi(realisasi, ani, "44.5")
    client.force_login(admin)

    response = client.get(
        reverse("arsip:audit_list"), {"model": "pengukuran.realisasi"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    first = response.context["catatan_list"][0]
    assert first.pengguna == ani
    assert first.jenis == "~"
    nilai = next(p for p in first.perubahan if p.field == "nilai")
    assert nilai.sebelum == Decimal("40")
    assert nilai.sesudah == Decimal("44.5")
    assert "ani" in html


def test_audit_filters_user_unit_and_dates(client, rencana, admin, ani, citra):
    _change_realisasi(
        Realisasi.objects.get(indikator=rencana["indikator_a"]), ani, "41"
    )
    _change_realisasi(
        Realisasi.objects.get(indikator=rencana["indikator_b"]), citra, "42"
    )
    client.force_login(admin)
    url = reverse("arsip:audit_list")

    by_user = client.get(url, {"pengguna": ani.pk}).context["catatan_list"]
    by_unit = client.get(
        url, {"model": "pengukuran.realisasi", "unit": rencana["renstra_b"].unit_id}
    ).context["catatan_list"]
    future = client.get(url, {"dari": "2999-01-01"}).context["catatan_list"]

    assert {c.pengguna for c in by_user} == {ani}
    assert {c.object_id for c in by_unit} == {
        Realisasi.objects.get(indikator=rencana["indikator_b"]).pk
    }
    assert future == []


def test_audit_query_count_flat(client, rencana, admin, ani):
    client.force_login(admin)
    url = reverse("arsip:audit_list")
    realisasi = Realisasi.objects.get(indikator=rencana["indikator_a"])
    target = Target.objects.get(indikator=rencana["indikator_a"])

    _change_realisasi(realisasi, ani, "41")
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"model": "pengukuran.realisasi"})
    for step in range(30):
        _change_realisasi(realisasi, ani, f"{42 + step}")
        target.nilai = Decimal(step)
        target.save()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(response.context["catatan_list"]) > 30
    assert len(many) <= len(few) + 2


def test_audit_paginates(client, rencana, admin, ani):
    realisasi = Realisasi.objects.get(indikator=rencana["indikator_a"])
    for step in range(60):
        _change_realisasi(realisasi, ani, f"{step}")
    client.force_login(admin)

    page_two = client.get(
        reverse("arsip:audit_list"),
        {"model": "pengukuran.realisasi", "halaman": 2},
    )

    assert page_two.context["halaman"].number == 2
    assert len(page_two.context["catatan_list"]) == 63 - 50


def test_audit_rejects_object_without_model(client, admin):
    client.force_login(admin)

    response = client.get(reverse("arsip:audit_list"), {"objek": 3})

    assert "Pilih jenis data" in response.content.decode()


def test_riwayat_panel_on_indikator_page(client, rencana, admin, ani):
    realisasi = Realisasi.objects.get(indikator=rencana["indikator_a"])
    _change_realisasi(realisasi, ani, "47")
    client.force_login(ani)
    pk = rencana["indikator_a"].pk
    panel_url = reverse("arsip:riwayat_panel", args=["indikator", pk])

    page = client.get(reverse("perencanaan:indikator_detail", args=[pk]))
    panel = client.get(panel_url, HTTP_HX_REQUEST="true")

    assert f'hx-get="{panel_url}"' in page.content.decode()
    html = panel.content.decode()
    assert 'id="panel-riwayat"' in html
    assert 'data-model="pengukuran.realisasi"' in html
    assert 'data-model="perencanaan.target"' in html


def test_riwayat_panel_on_dokumen_page(client, rencana, admin):
    client.force_login(admin)
    pk = rencana["renstra_a"].pk
    panel_url = reverse("arsip:riwayat_panel", args=["dokumen", pk])

    page = client.get(reverse("perencanaan:dokumen_detail", args=[pk]))
    panel = client.get(panel_url)

    assert f'hx-get="{panel_url}"' in page.content.decode()
    assert 'data-model="perencanaan.dokumen"' in panel.content.decode()


def test_riwayat_panel_hides_other_opd(client, rencana, citra):
    client.force_login(citra)

    response = client.get(
        reverse("arsip:riwayat_panel", args=["indikator", rencana["indikator_a"].pk])
    )

    assert response.status_code == 404


def test_riwayat_panel_unknown_kind(client, rencana, admin):
    client.force_login(admin)

    response = client.get(reverse("arsip:riwayat_panel", args=["unit", 1]))

    assert response.status_code == 404


def test_riwayat_panel_queries_flat(client, rencana, admin, ani):
    client.force_login(admin)
    realisasi = Realisasi.objects.get(indikator=rencana["indikator_a"])
    url = reverse("arsip:riwayat_panel", args=["indikator", rencana["indikator_a"].pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for step in range(25):
        _change_realisasi(realisasi, ani, f"{50 + step}")

    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(response.context["riwayat"]) == 20
    assert len(many) == len(few)
