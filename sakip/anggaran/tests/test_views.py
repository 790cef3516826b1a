from decimal import Decimal

import pytest
from django.urls import reverse

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.core.angka import RUPIAH_MAX

from .factories import keuangan, renja_anggaran
from .halaman import keuangan_url, load_keuangan, post_keuangan

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(opd_a):
    data = renja_anggaran(opd_a, program=1, sub=2)
    keuangan(data["sub_kegiatan"][0], b2=(300_000, 250_000, Decimal("40")))
    return data


def _url(elemen) -> str:
    return keuangan_url(elemen)


def _post(client, elemen, **fields):
    return post_keuangan(client, elemen, **fields)


def test_opd_page_shows_sums(client, ani, opd_a, budget):
    client.force_login(ani)

    response = client.get(reverse("anggaran:anggaran_opd", kwargs={"pk": opd_a.pk}))

    text = response.content.decode()
    assert "Rp 2.000.000" in text
    assert 'id="total-serapan">12,50 %' in text
    assert _url(budget["sub_kegiatan"][0]) in text


def test_opd_page_without_edit_link_for_reader(client, kadis, opd_a, budget):
    client.force_login(kadis)

    response = client.get(reverse("anggaran:anggaran_opd", kwargs={"pk": opd_a.pk}))

    assert _url(budget["sub_kegiatan"][0]) not in response.content.decode()


def test_pemda_page(client, admin, opd_a, budget):
    client.force_login(admin)

    response = client.get(reverse("anggaran:anggaran_pemda"))

    assert 'id="total-pemda">Rp 250.000' in response.content.decode()


def test_save_accepts_rupiah_forms(client, ani, budget):
    client.force_login(ani)
    elemen = budget["sub_kegiatan"][1]

    response = _post(
        client,
        elemen,
        pagu_perubahan="Rp 1.500.000",
        anggaran_kas_1="1500000",
        realisasi_keuangan_1="Rp 1.000.000",
        realisasi_fisik_1="12,5",
    )

    assert response.status_code == 302
    assert Pagu.objects.get(elemen=elemen, versi="perubahan").pagu == 1_500_000
    month = KeuanganBulanan.objects.get(elemen=elemen, bulan=1)
    assert month.anggaran_kas == 1_500_000
    assert month.realisasi_keuangan == 1_000_000
    assert month.realisasi_fisik == Decimal("12.5")


def test_empty_month_is_removed(client, ani, budget):
    client.force_login(ani)
    elemen = budget["sub_kegiatan"][0]

    _post(
        client,
        elemen,
        anggaran_kas_2="",
        realisasi_keuangan_2="",
        realisasi_fisik_2="",
    )

    assert not KeuanganBulanan.objects.filter(elemen=elemen).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("anggaran_kas_3", "1.500.000,50", "tanpa desimal"),
        ("anggaran_kas_3", "satu juta", "rupiah bulat"),
        ("realisasi_keuangan_3", "-5", "tidak boleh negatif"),
        ("pagu_murni", "sejuta", "rupiah bulat"),
        ("realisasi_fisik_3", "101", "antara 0 dan 100"),
        ("realisasi_fisik_3", "banyak", "bukan angka"),
    ],
)
def test_bad_input_keeps_values(client, ani, budget, field, value, message):
    client.force_login(ani)
    elemen = budget["sub_kegiatan"][0]

    response = _post(client, elemen, anggaran_kas_2="777.000", **{field: value})

    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    text = response.content.decode()
    assert 'value="777.000"' in text
    assert KeuanganBulanan.objects.get(elemen=elemen, bulan=2).anggaran_kas == 300_000


def test_realisasi_above_pagu_refused(client, ani, budget):
    client.force_login(ani)
    elemen = budget["sub_kegiatan"][0]

    response = _post(
        client, elemen, realisasi_keuangan_2="600.000", realisasi_keuangan_5="500.000"
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["realisasi_keuangan_5"]
    assert (
        "sampai bulan Mei berjumlah Rp 1.100.000, melebihi pagu Rp 1.000.000"
        in (errors[0])
    )
    assert KeuanganBulanan.objects.get(elemen=elemen, bulan=2).realisasi_keuangan == (
        250_000
    )
    assert 'value="500.000"' in response.content.decode()


def test_perubahan_pagu_is_the_ceiling(client, ani, budget):
    client.force_login(ani)

    response = _post(
        client,
        budget["sub_kegiatan"][0],
        pagu_perubahan="2.000.000",
        realisasi_keuangan_2="1.500.000",
    )

    assert response.status_code == 302


def test_other_opd_cannot_edit(client, citra, budget):
    client.force_login(citra)

    response = _post(client, budget["sub_kegiatan"][0])

    assert response.status_code == 404
    assert Pagu.objects.get(elemen=budget["sub_kegiatan"][0]).pagu == 1_000_000


def test_dashboard_chart(client, ani, opd_a, budget, rencana):
    # The dashboard offers the years that have targets; rencana has 2025.
    client.force_login(ani)

    response = client.get(
        reverse("pengukuran:dasbor_opd", kwargs={"pk": opd_a.pk}), {"tahun": "2025"}
    )

    grafik = response.context["grafik_anggaran"]
    assert grafik["jenis"] == "line"
    assert grafik["datasets"][0]["data"][0] == "2000000"
    assert grafik["datasets"][1]["data"][1] == "300000"
    assert grafik["datasets"][2]["data"][11] == "250000"
    text = response.content.decode()
    assert 'data-chart-capaian="grafik-anggaran-data"' in text
    assert 'id="grafik-anggaran-data"' in text


def test_dashboard_without_budget(client, ani, opd_a):
    client.force_login(ani)

    response = client.get(reverse("pengukuran:dasbor_opd", kwargs={"pk": opd_a.pk}))

    assert response.context["grafik_anggaran"] is None
    assert "Belum ada pagu DPA" in response.content.decode()


def test_stored_values_formatted(client, ani, budget):
    client.force_login(ani)

    inputs = load_keuangan(client, budget["sub_kegiatan"][0])

    assert inputs["pagu_murni"] == "1.000.000"
    assert inputs["anggaran_kas_2"] == "300.000"
    assert inputs["realisasi_keuangan_2"] == "250.000"
    assert inputs["realisasi_fisik_2"] == "40,00"
    assert inputs["anggaran_kas_1"] == ""


def test_fisik_shown_as_typed(client, ani, budget):
    client.force_login(ani)
    elemen = budget["sub_kegiatan"][1]

    _post(client, elemen, realisasi_fisik_4="95,5")

    assert load_keuangan(client, elemen)["realisasi_fisik_4"] == "95,50"
    assert KeuanganBulanan.objects.get(elemen=elemen, bulan=4).realisasi_fisik == (
        Decimal("95.5")
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Rp. 37.495.500,00", 37_495_500),
        ("Rp 37.495.500", 37_495_500),
        ("rp37495500", 37_495_500),
        ("37.495.500,-", 37_495_500),
        ("37495500.00", 37_495_500),
    ],
)
def test_rupiah_prefix_and_zero_sen(client, ani, budget, typed, stored):
    client.force_login(ani)
    elemen = budget["sub_kegiatan"][1]

    response = _post(client, elemen, pagu_perubahan=typed)

    assert response.status_code == 302
    assert Pagu.objects.get(elemen=elemen, versi="perubahan").pagu == stored


@pytest.mark.parametrize(
    "typed",
    ["9223372036854775807", "1.000.000.000.000.000", "9" * 5000],
    ids=["bigint-max", "one-above-limit", "5000-digits"],
)
def test_too_large_rupiah_rejected(client, ani, budget, typed):
    client.force_login(ani)
    elemen = budget["sub_kegiatan"][1]

    response = _post(client, elemen, pagu_murni=typed)

    assert response.status_code == 200
    message = response.context["form"].errors["pagu_murni"][0]
    assert message == "Jumlah rupiah paling besar Rp 999.999.999.999.999."
    assert Pagu.objects.get(elemen=elemen).pagu == 1_000_000


def test_rupiah_at_limit_accepted(client, ani, opd_a, budget):
    client.force_login(ani)
    elemen = budget["sub_kegiatan"][1]

    response = _post(client, elemen, pagu_murni="999.999.999.999.999")

    assert response.status_code == 302
    assert Pagu.objects.get(elemen=elemen).pagu == RUPIAH_MAX
    page = client.get(reverse("anggaran:anggaran_opd", kwargs={"pk": opd_a.pk}))
    assert page.status_code == 200


def test_anggaran_kas_above_pagu_refused(client, ani, budget):
    client.force_login(ani)
    elemen = budget["sub_kegiatan"][0]

    response = _post(client, elemen, anggaran_kas_1="800.000")

    assert response.status_code == 200
    errors = response.context["form"].errors["anggaran_kas_2"]
    assert (
        "Anggaran kas sampai bulan Februari berjumlah Rp 1.100.000, melebihi pagu "
        "Rp 1.000.000" in errors[0]
    )
    assert not KeuanganBulanan.objects.filter(elemen=elemen, bulan=1).exists()


def test_anggaran_kas_within_perubahan(client, ani, budget):
    client.force_login(ani)
    elemen = budget["sub_kegiatan"][0]

    response = _post(
        client, elemen, pagu_perubahan="1.500.000", anggaran_kas_1="800.000"
    )

    assert response.status_code == 302


def test_opd_page_totals(client, ani, opd_a, budget):
    Pagu.objects.create(
        elemen=budget["sub_kegiatan"][0], tahun=2025, versi="perubahan", pagu=1_500_000
    )
    client.force_login(ani)

    response = client.get(reverse("anggaran:anggaran_opd", kwargs={"pk": opd_a.pk}))

    text = response.content.decode()
    assert "Pagu berlaku" in text
    assert 'id="total-berlaku">Rp 2.500.000' in text
    total_perubahan = text.split('id="total-perubahan">', 1)[1].split("</td>")[0]
    assert total_perubahan.startswith("Rp 1.500.000")
    assert "1 dari 2 sub kegiatan" in total_perubahan
    assert "menjumlahkan hanya sub kegiatan yang memiliki pagu perubahan" in text


def test_pemda_page_totals(client, admin, opd_a, budget):
    Pagu.objects.create(
        elemen=budget["sub_kegiatan"][0], tahun=2025, versi="perubahan", pagu=1_500_000
    )
    client.force_login(admin)

    response = client.get(reverse("anggaran:anggaran_pemda"))

    text = response.content.decode()
    assert 'id="total-pemda-berlaku">Rp 2.500.000' in text
    assert "1 dari 2 sub kegiatan" in text


def test_fisik_going_down_rejected(client, ani, budget):
    client.force_login(ani)
    elemen = budget["sub_kegiatan"][1]
    _post(client, elemen, realisasi_fisik_11="82,09")

    response = _post(client, elemen, realisasi_fisik_12="10")

    assert response.status_code == 200
    assert (
        "Realisasi fisik Desember (10,00 %) tidak boleh turun dari November "
        "(82,09 %)" in response.content.decode()
    )
    assert not KeuanganBulanan.objects.filter(elemen=elemen, bulan=12).exists()


def test_fisik_above_later_month_rejected(client, ani, budget):
    client.force_login(ani)
    elemen = budget["sub_kegiatan"][1]
    _post(client, elemen, realisasi_fisik_6="50")

    response = _post(client, elemen, realisasi_fisik_3="60")

    assert response.status_code == 200
    assert "melebihi realisasi fisik Juni" in response.content.decode()
    assert not KeuanganBulanan.objects.filter(elemen=elemen, bulan=3).exists()
