import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.tests.factories import RealisasiFactory
from sakip.perencanaan.tests.factories import (
    ElemenFactory,
    IndikatorFactory,
    TargetFactory,
)

DASBOR = reverse("pengukuran:dasbor_pemda")


def opd_url(unit):
    return reverse("pengukuran:dasbor_opd", args=[unit.pk])


def json_block(html, element_id):
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', html
    )
    assert match, f"no JSON block {element_id}"
    return json.loads(match.group(1))


def iku_row(html, kode):
    """The HTML of the first table row of indikator ``kode``."""
    match = re.search(rf'<tr data-indikator="{kode}">(.*?)</tr>', html, re.S)
    assert match, f"no row for {kode}"
    return match.group(1)


def counts(response):
    return {row["label"]: row["jumlah"] for row in response.context["jumlah_kategori"]}


def test_dasbor_shows_iku_traffic_light(client, bupati, rencana):
    client.force_login(bupati)

    response = client.get(DASBOR)

    row = iku_row(response.text, "IKU-1")
    assert "90,00 %" in row
    assert 'data-kategori="Tinggi"' in row
    assert "background-color: #479f76" in row


def test_dasbor_sasaran_roll_up(client, bupati, rencana):
    client.force_login(bupati)

    response = client.get(DASBOR)

    [sasaran] = response.context["capaian_sasaran"]
    assert sasaran.elemen.kode == "SAS"
    assert sasaran.capaian_2dp == Decimal("90.00")
    chart = json_block(response.text, "grafik-sasaran-data")
    assert chart["datasets"][0]["data"] == ["90.00"]
    assert chart["datasets"][0]["warna"] == ["#479f76"]
    assert 'data-chart-capaian="grafik-sasaran-data"' in response.text


def test_dasbor_counts_kategori(client, bupati, rencana):
    client.force_login(bupati)

    response = client.get(DASBOR)

    assert counts(response) == {
        "Sangat Tinggi": 0,
        "Tinggi": 1,
        "Sedang": 0,
        "Rendah": 0,
        "Sangat Rendah": 0,
        "Belum diisi": 0,
        "Tidak dapat dihitung": 0,
    }


def test_dasbor_default_year_is_latest_realisasi(client, bupati, rencana):
    iku = rencana["iku"]
    TargetFactory(indikator=iku, tahun=2026, nilai=Decimal("85"))
    RealisasiFactory(indikator=iku, tahun=2026, nilai=Decimal("85"))
    TargetFactory(indikator=iku, tahun=2027, nilai=Decimal("90"))
    client.force_login(bupati)

    response = client.get(DASBOR)

    assert response.context["pilihan"].tahun == 2026
    assert '<option value="2026" selected>' in response.text
    assert '<option value="2027">' in response.text


def test_dasbor_year_without_realisasi(client, bupati, rencana):
    TargetFactory(indikator=rencana["iku"], tahun=2026, nilai=Decimal("85"))
    client.force_login(bupati)

    response = client.get(DASBOR, {"tahun": "2026", "opd": ""})

    row = iku_row(response.text, "IKU-1")
    assert "belum diisi" in row
    assert "—" in row
    assert counts(response)["Belum diisi"] == 1


def test_dasbor_target_zero_shows_reason(client, bupati, rencana):
    indikator = IndikatorFactory(elemen=rencana["sasaran"], iku=True, kode="IKU-NOL")
    TargetFactory(indikator=indikator, nilai=Decimal("0"))
    RealisasiFactory(indikator=indikator, nilai=Decimal("5"))
    client.force_login(bupati)

    response = client.get(DASBOR)

    row = iku_row(response.text, "IKU-NOL")
    assert "target nol" in row
    assert counts(response)["Tidak dapat dihitung"] == 1


def test_dasbor_only_verified_realisasi(client, bupati, rencana):
    Realisasi.objects.filter(indikator=rencana["iku"]).update(
        status=Realisasi.Status.DIAJUKAN
    )
    client.force_login(bupati)

    everything = client.get(DASBOR, {"opd": ""})
    verified = client.get(DASBOR, {"opd": "", "terverifikasi": "on"})

    assert "90,00 %" in iku_row(everything.text, "IKU-1")
    assert "belum diisi" in iku_row(verified.text, "IKU-1")


def test_dasbor_htmx_returns_fragment(client, bupati, rencana):
    client.force_login(bupati)

    response = client.get(DASBOR, {"tahun": "2025", "opd": ""}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="jumlah-kategori"' in response.text
    assert "HX-Request" in response["Vary"]


def test_dasbor_filter_by_opd(client, admin, rencana, opd_a):
    client.force_login(admin)

    response = client.get(DASBOR, {"opd": opd_a.pk})

    assert [s.elemen.kode for s in response.context["capaian_sasaran"]] == ["SAS-A"]
    assert "Renstra Dinas A" in response.text
    row = iku_row(response.text, "IND-A")
    assert "80,00 %" in row
    assert f'href="{opd_url(opd_a)}?tahun=2025"' in response.text


def test_dasbor_opd_choices_scoped(client, ani, rencana, opd_a, opd_b):
    client.force_login(ani)

    response = client.get(DASBOR, {"opd": ""})

    assert f'<option value="{opd_a.pk}">Dinas A</option>' in response.text
    assert "Dinas B" not in response.text


def test_dasbor_rejects_other_opd(client, ani, rencana, opd_b):
    client.force_login(ani)

    response = client.get(DASBOR, {"opd": opd_b.pk})

    assert response.status_code == 200
    assert response.context["pilihan"].opd is None
    assert "Pilihan itu diabaikan" in response.text
    assert "IND-B" not in response.text
    assert "SAS-B" not in response.text


@pytest.mark.parametrize("username", ["ani", "budi", "kadis", "vino"])
def test_opd_user_lands_on_own_opd(client, cast, rencana, opd_a, username):
    client.force_login(cast[username])

    response = client.get(DASBOR)

    assert response.status_code == 302
    assert response.url == opd_url(opd_a)


@pytest.mark.parametrize("username", ["admin", "vera", "evi", "bupati"])
def test_pemda_user_stays_on_pemda(client, cast, rencana, username):
    client.force_login(cast[username])

    response = client.get(DASBOR)

    assert response.status_code == 200


def test_dasbor_opd_shows_renstra(client, ani, rencana, opd_a):
    client.force_login(ani)

    response = client.get(opd_url(opd_a))

    assert [s.elemen.kode for s in response.context["capaian_sasaran"]] == ["SAS-A"]
    row = iku_row(response.text, "IND-A")
    assert "50,00" in row
    assert "40,00" in row
    assert 'data-kategori="Tinggi"' in row
    assert "Lihat dasbor Pemda" in response.text
    assert 'name="opd"' not in response.text


def test_dasbor_opd_other_opd_not_found(client, ani, rencana, opd_b):
    client.force_login(ani)

    response = client.get(opd_url(opd_b))

    assert response.status_code == 404


def test_dasbor_queries_flat(client, bupati, rencana):
    rpjmd = rencana["rpjmd"]
    client.force_login(bupati)

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(DASBOR, {"opd": ""})
        return len(queries)

    # The first request saves the default Pengaturan; later ones only read it.
    count()
    small = count()
    for _ in range(5):
        sasaran = ElemenFactory(dokumen=rpjmd, induk=rencana["sasaran"].induk)
        for _ in range(2):
            indikator = IndikatorFactory(elemen=sasaran, iku=True)
            TargetFactory(indikator=indikator, dokumen=rpjmd)
            RealisasiFactory(indikator=indikator)
    large = count()

    assert small == large
