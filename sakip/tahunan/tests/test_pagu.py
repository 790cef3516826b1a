"""The pagu indikatif of a Renja: saved per sub kegiatan, summed upwards."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sakip.core.angka import RUPIAH_MAX
from sakip.perencanaan.models import Elemen
from sakip.tahunan.models import PaguIndikatif
from sakip.tahunan.selectors import pagu_table
from sakip.tahunan.services import renja_buat_dari_renstra


@pytest.fixture
def renja(renstra_a, ani):
    return renja_buat_dari_renstra(renstra=renstra_a, tahun=2026, user=ani)


def sub_kegiatan(renja):
    return list(
        Elemen.objects.filter(dokumen=renja, jenis="sub_kegiatan").order_by("kode")
    )


def post_pagu(client, renja, values):
    data = {}
    for elemen, (pagu, maju) in zip(sub_kegiatan(renja), values, strict=True):
        data[f"pagu_{elemen.pk}"] = pagu
        data[f"maju_{elemen.pk}"] = maju
    return client.post(reverse("tahunan:pagu_edit", args=[renja.pk]), data)


def test_pagu_saved(client, ani, renja):
    client.force_login(ani)

    response = post_pagu(
        client,
        renja,
        [("1.500.000", "1600000"), ("2500000", ""), ("Rp 100", ""), ("0", "")],
    )

    assert response.status_code == 302
    saved = {
        p.elemen_id: (p.pagu, p.prakiraan_maju)
        for p in PaguIndikatif.objects.filter(tahun=2026)
    }
    ids = [e.pk for e in sub_kegiatan(renja)]
    assert saved == {
        ids[0]: (1_500_000, 1_600_000),
        ids[1]: (2_500_000, None),
        ids[2]: (100, None),
        ids[3]: (0, None),
    }
    history = PaguIndikatif.history.filter(elemen_id=ids[0]).get()
    assert history.history_user == ani


def test_pagu_summed(client, ani, renja):
    client.force_login(ani)
    post_pagu(
        client,
        renja,
        [("1000", "10"), ("2000", "20"), ("30000", ""), ("400000", "")],
    )

    tabel = pagu_table(renja=renja)

    assert tabel.total_pagu == 433_000
    assert tabel.total_prakiraan_maju == 30
    rows = {row.elemen.kode: row for row in tabel.baris()}
    programs = Elemen.objects.filter(dokumen=renja, jenis="program").order_by("urutan")
    first, second = (rows[p.kode] for p in programs)
    assert first.pagu == 3000
    assert first.prakiraan_maju == 30
    assert first.anak[0].pagu == 3000
    assert second.pagu == 430_000
    assert second.prakiraan_maju is None
    assert [row.pagu for row in second.anak[0].anak] == [30_000, 400_000]


def test_pagu_sums_query_count(renja, django_assert_num_queries):
    with django_assert_num_queries(5):
        pagu_table(renja=renja)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "Pagu tidak boleh negatif."),
        ("1500000,50", "Masukkan jumlah rupiah bulat"),
        ("1.5", "Masukkan jumlah rupiah bulat"),
        ("satu juta", "Masukkan jumlah rupiah bulat"),
    ],
)
def test_pagu_invalid(client, ani, renja, value, message):
    client.force_login(ani)

    response = post_pagu(client, renja, [(value, ""), ("1", ""), ("1", ""), ("1", "")])

    assert response.status_code == 200
    assert not PaguIndikatif.objects.exists()
    errors = response.context["form"].errors
    field = f"pagu_{sub_kegiatan(renja)[0].pk}"
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert message in response.content.decode()


def test_pagu_page_shows_sums(client, ani, renja):
    client.force_login(ani)
    post_pagu(client, renja, [("1000", ""), ("2000", ""), ("1000000", ""), ("", "")])

    response = client.get(reverse("tahunan:pagu_edit", args=[renja.pk]))

    content = response.content.decode()
    assert "Rp 3.000" in content
    assert "Rp 1.003.000" in content


def test_pagu_refused_for_other_opd(client, citra, renja):
    client.force_login(citra)

    response = post_pagu(client, renja, [("1", ""), ("1", ""), ("1", ""), ("1", "")])

    assert response.status_code == 404
    assert not PaguIndikatif.objects.exists()


@pytest.mark.parametrize(
    "value",
    ["9223372036854775807", "1.000.000.000.000.000", "9" * 5000],
    ids=["bigint-max", "one-above-limit", "5000-digits"],
)
def test_pagu_too_large(client, ani, renja, value):
    client.force_login(ani)

    response = post_pagu(client, renja, [(value, ""), ("1", ""), ("1", ""), ("1", "")])

    assert response.status_code == 200
    field = f"pagu_{sub_kegiatan(renja)[0].pk}"
    assert response.context["form"].errors[field] == [
        "Jumlah rupiah paling besar Rp 999.999.999.999.999."
    ]
    assert not PaguIndikatif.objects.exists()


def test_pagu_shown_grouped(client, ani, renja):
    client.force_login(ani)
    post_pagu(client, renja, [("1500000", "2.000.000"), ("", ""), ("", ""), ("", "")])

    response = client.get(reverse("tahunan:pagu_edit", args=[renja.pk]))

    elemen = sub_kegiatan(renja)[0]
    content = response.content.decode()
    assert f'name="pagu_{elemen.pk}" value="1.500.000"' in content
    assert f'name="maju_{elemen.pk}" value="2.000.000"' in content


@pytest.mark.parametrize("field", ["pagu", "prakiraan_maju"])
def test_model_rupiah_limit(renja, field):
    values = {"pagu": 1, field: RUPIAH_MAX + 1}
    row = PaguIndikatif(elemen=sub_kegiatan(renja)[0], tahun=2026, **values)

    with pytest.raises(ValidationError) as error:
        row.full_clean()

    assert error.value.message_dict[field] == [
        "Jumlah rupiah paling besar Rp 999.999.999.999.999."
    ]
