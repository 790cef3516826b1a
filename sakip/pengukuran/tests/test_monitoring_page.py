"""The monitoring page: capaian and early warning of PK indikator, serapan of
sub kegiatan, ranking of OPDs and lagging items, for 2025's TW2 of Dinas A."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from sakip.anggaran.models import KeuanganBulanan
from sakip.organisasi.models import Pengaturan
from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.monitoring import monitoring_build, triwulan_of
from sakip.perencanaan.models import Indikator, Target
from sakip.perjanjian.models import Level

MONITORING = reverse("pengukuran:monitoring")


def url(periode="TW2", **extra):
    query = "&".join(
        f"{k}={v}" for k, v in {"tahun": 2025, "periode": periode, **extra}.items()
    )
    return f"{MONITORING}?{query}"


def targets_triwulan(indikator, values):
    renja = Target.objects.filter(indikator=indikator, dokumen__jenis="RENJA").first()
    for periode, nilai in zip(("TW1", "TW2", "TW3", "TW4"), values, strict=True):
        Target.objects.create(
            indikator=indikator,
            dokumen=renja.dokumen,
            tahun=2025,
            periode=periode,
            nilai=Decimal(nilai),
        )


def realisasi(indikator, periode, nilai, status=Realisasi.Status.DRAFT):
    return Realisasi.objects.create(
        indikator=indikator,
        tahun=2025,
        periode=periode,
        nilai=Decimal(nilai),
        status=status,
    )


@pytest.fixture
def monitoring_data(pk_opd, dpa):
    """IKU of the Kepala OPD (akhir, target 50): TW1 10, TW2 12 against 20 and
    30, so 40 % at TW2 and a trend to 16 by year end. A program indikator
    (target 10): 5 then 10 against 5 and 5, so 200 %. Sub kegiatan 0 spends
    its anggaran kas every month; sub kegiatan 1 spends nothing. The IKU's
    values and the months are diajukan, the program's diterima."""
    iku = pk_opd[Level.KEPALA_OPD].baris.get().indikator
    program = pk_opd[Level.KEPALA_BIDANG].baris.order_by("pk").first().indikator
    targets_triwulan(iku, [20, 30, 40, 50])
    targets_triwulan(program, [5, 5, 8, 10])
    realisasi(iku, "TW1", 10, status=Realisasi.Status.DIAJUKAN)
    realisasi(iku, "TW2", 12, status=Realisasi.Status.DIAJUKAN)
    realisasi(program, "TW1", 5, status=Realisasi.Status.DITERIMA)
    realisasi(program, "TW2", 10, status=Realisasi.Status.DITERIMA)
    for bulan in range(1, 7):
        KeuanganBulanan.objects.filter(elemen=dpa[0], tahun=2025, bulan=bulan).update(
            realisasi_keuangan=100_000,
            realisasi_fisik=Decimal(bulan * 8),
            status=KeuanganBulanan.Status.DIAJUKAN,
        )
    return {"iku": iku, "program": program, "tepat": dpa[0], "lambat": dpa[1]}


def row(html, attribute, kode):
    match = re.search(rf'<tr data-{attribute}="{kode}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"no row for {kode}"
    return match.group(0)


def test_capaian_and_lampu_shown(client, admin, monitoring_data):
    client.force_login(admin)

    response = client.get(url())

    html = response.content.decode()
    iku_row = row(html, "indikator", monitoring_data["iku"].kode)
    assert response.status_code == 200
    assert "40,00 %" in iku_row
    assert 'data-kategori="Sangat Rendah"' in iku_row
    assert 'data-peringatan="1"' in iku_row
    assert "32,00 %" in iku_row  # projected 16 of 50


def test_lagging_items(admin, monitoring_data):
    result = monitoring_build(user=admin, tahun=2025, periode="TW2")

    lagging = {item.indikator.pk for item in result.indikator_tertinggal}
    assert monitoring_data["iku"].pk in lagging
    assert monitoring_data["program"].pk not in lagging
    sub = {item.elemen.pk: item for item in result.sub_kegiatan}
    assert sub[monitoring_data["tepat"].pk].tertinggal is False
    assert sub[monitoring_data["lambat"].pk].tertinggal_keuangan is True
    assert sub[monitoring_data["lambat"].pk].deviasi_keuangan == Decimal(50)


def test_serapan_against_kas_and_pagu(admin, monitoring_data):
    result = monitoring_build(user=admin, tahun=2025, periode="TW2")

    tepat = next(s for s in result.sub_kegiatan if s.elemen == monitoring_data["tepat"])
    assert tepat.anggaran_kas == 600_000
    assert tepat.realisasi_keuangan == 600_000
    assert tepat.serapan_kas == Decimal(100)
    assert tepat.serapan == Decimal(50)
    assert tepat.realisasi_fisik == Decimal(48)


def test_threshold_setting(settings, admin, monitoring_data):
    settings.SAKIP_MONITORING_BATAS_DEVIASI = 60

    result = monitoring_build(user=admin, tahun=2025, periode="TW2")

    assert result.sub_kegiatan_tertinggal == []


def test_verified_only_switch(admin, monitoring_data):
    result = monitoring_build(
        user=admin, tahun=2025, periode="TW2", hanya_terverifikasi=True
    )

    by_pk = {item.indikator.pk: item for item in result.indikator}
    assert by_pk[monitoring_data["iku"].pk].capaian.capaian is None
    assert by_pk[monitoring_data["program"].pk].capaian.capaian_2dp == Decimal(200)


def test_ranking_capped_by_batas_rollup(admin, monitoring_data):
    Pengaturan.objects.create(pk=1, batas_rollup="100")

    result = monitoring_build(user=admin, tahun=2025, periode="TW2")

    assert len(result.peringkat) == 1
    assert result.peringkat[0].capaian == Decimal(70)  # (40 + min(200, 100)) / 2
    assert result.peringkat[0].serapan == Decimal("12.5")  # 600.000 of 4.800.000


def test_month_uses_quarter_ended(admin, monitoring_data):
    result = monitoring_build(user=admin, tahun=2025, periode="B05")

    assert result.triwulan == "TW1"
    assert result.bulan == 5
    assert triwulan_of("B02") is None


def test_operator_sees_own_opd_only(client, citra, ani, opd_a, monitoring_data):
    client.force_login(citra)
    other = client.get(url()).content.decode()
    client.force_login(ani)
    own = client.get(url(opd=opd_a.pk)).content.decode()

    assert monitoring_data["iku"].kode not in other
    assert monitoring_data["iku"].kode in own


def test_operator_cannot_pick_other_opd(client, citra, opd_a, monitoring_data):
    client.force_login(citra)

    html = client.get(url(opd=opd_a.pk)).content.decode()

    assert monitoring_data["iku"].kode not in html
    assert monitoring_data["lambat"].kode not in html


def test_invalid_periode_falls_back(client, admin, monitoring_data):
    client.force_login(admin)

    response = client.get(url(periode="TW9"))

    assert response.status_code == 200
    assert "Pilihan itu diabaikan" in response.content.decode()


@pytest.mark.parametrize(
    ("tahun", "kutipan"),
    [("abc", "abc"), ("99999999999999999999999", "9999999999…"), ("1999", "1999")],
)
def test_invalid_tahun_reported(client, admin, monitoring_data, tahun, kutipan):
    client.force_login(admin)

    response = client.get(url(tahun=tahun))

    content = response.content.decode()
    assert response.status_code == 200
    assert (
        f"Tahun: &quot;{kutipan}&quot; bukan tahun yang sah. Isi tahun 2000 sampai "
        "2100. Pilihan itu diabaikan."
    ) in content
    assert response.context["pilihan"].tahun == 2025


def test_invalid_tahun_in_fragment(client, admin, monitoring_data):
    client.force_login(admin)

    response = client.get(url(tahun="abc"), HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert 'id="monitoring-filter"' not in content
    assert "&quot;abc&quot; bukan tahun yang sah" in content


def test_query_count_flat(
    client, admin, monitoring_data, django_assert_max_num_queries
):
    client.force_login(admin)
    Indikator.objects.filter(pk=monitoring_data["program"].pk).update(
        agregasi="kumulatif"
    )

    # Nine PK rows and four sub kegiatan; no query is made per row. One of
    # the queries reads the user's two-factor device.
    with django_assert_max_num_queries(30):
        response = client.get(url())

    assert response.status_code == 200


def test_htmx_returns_fragment(client, admin, monitoring_data):
    client.force_login(admin)

    response = client.get(url(), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert 'id="monitoring-judul"' in html
    assert "<html" not in html


def json_block(html, element_id):
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', html
    )
    assert match, f"no JSON block {element_id}"
    return json.loads(match.group(1))


def test_grafik_indikator(client, admin, monitoring_data):
    client.force_login(admin)
    path = reverse(
        "pengukuran:monitoring_grafik_indikator",
        args=[monitoring_data["iku"].pk, 2025],
    )

    html = client.get(path).content.decode()

    grafik = json_block(html, "grafik-kinerja-data")
    assert grafik["labels"][:2] == ["Triwulan I", "Triwulan II"]
    assert [Decimal(v) for v in grafik["datasets"][0]["data"][:2]] == [20, 30]
    assert [Decimal(v) for v in grafik["datasets"][1]["data"][:2]] == [10, 12]


def test_grafik_sub_kegiatan(client, admin, monitoring_data):
    client.force_login(admin)
    path = reverse(
        "pengukuran:monitoring_grafik_sub_kegiatan",
        args=[monitoring_data["tepat"].pk, 2025],
    )

    html = client.get(path).content.decode()

    keuangan = json_block(html, "grafik-keuangan-data")
    fisik = json_block(html, "grafik-fisik-data")
    assert Decimal(keuangan["datasets"][1]["data"][5]) == Decimal(50)
    assert Decimal(fisik["datasets"][1]["data"][5]) == Decimal(48)


def test_grafik_other_opd_not_found(client, citra, monitoring_data):
    client.force_login(citra)
    path = reverse(
        "pengukuran:monitoring_grafik_sub_kegiatan",
        args=[monitoring_data["tepat"].pk, 2025],
    )

    assert client.get(path).status_code == 404
