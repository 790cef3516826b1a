"""/api/v1/realisasi/ takes realisation only for the indikator that the input
page of its unit lists: those of the unit's PK rows of that year."""

from django.urls import reverse

from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.tests.conftest import indikator_iku, pk_opd  # noqa: F401
from sakip.pengukuran.tests.factories import RealisasiFactory
from sakip.perencanaan.tests.factories import IndikatorFactory
from sakip.perjanjian.tests.conftest import jabatan, tahunan  # noqa: F401

LIST_URL = reverse("api:realisasi_list")


def isian(kode: str, **fields) -> dict:
    return {"indikator": kode, "tahun": 2025, "periode": "TW1", "nilai": 5, **fields}


def test_renstra_indikator_rejected(api, ani, rencana, indikator_iku, tw1_terbuka):  # noqa: F811
    response = api(ani).post(LIST_URL, isian("IND-A"), format="json")

    assert response.status_code == 400
    (message,) = response.json()["indikator"]
    assert "IND-A tidak ada di baris Perjanjian Kinerja 2025" in message
    assert f"Isi realisasinya pada {indikator_iku.kode}" in message
    assert not Realisasi.objects.filter(periode="TW1").exists()


def test_pk_row_indikator_accepted(api, ani, indikator_iku, tw1_terbuka):  # noqa: F811
    response = api(ani).post(LIST_URL, isian(indikator_iku.kode), format="json")

    assert response.status_code == 201
    assert Realisasi.objects.get(periode="TW1").indikator == indikator_iku


def test_indikator_outside_pk_rejected(api, ani, rencana, indikator_iku, tw1_terbuka):  # noqa: F811
    IndikatorFactory(kode="IND-LAIN", elemen=rencana["sasaran_a"])

    response = api(ani).post(LIST_URL, isian("IND-LAIN"), format="json")

    assert response.status_code == 400
    (message,) = response.json()["indikator"]
    assert "Realisasi diisi hanya untuk indikator Perjanjian Kinerja" in message


def test_other_year_rejected(api, ani, indikator_iku, tw1_terbuka):  # noqa: F811
    response = api(ani).post(
        LIST_URL, isian(indikator_iku.kode, tahun=2026), format="json"
    )

    assert response.status_code == 400
    assert "Perjanjian Kinerja 2026" in response.json()["indikator"][0]


def test_patch_stray_entry_rejected(api, ani, rencana, indikator_iku, tw1_terbuka):  # noqa: F811
    entri = RealisasiFactory(
        indikator=rencana["indikator_a"], periode="TW1", status="draft"
    )
    url = reverse("api:realisasi_detail", kwargs={"pk": entri.pk})

    response = api(ani).patch(
        url, {"versi": entri.versi, "nilai": 7, "ajukan": True}, format="json"
    )

    assert response.status_code == 400
    assert indikator_iku.kode in response.json()["indikator"][0]
    entri.refresh_from_db()
    assert entri.status == "draft"
