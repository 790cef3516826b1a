"""GET /api/v1/indikator/ and /api/v1/indikator/<kode>/target/."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sakip.perencanaan.models import Dokumen, Elemen
from sakip.perencanaan.tests.factories import (
    DokumenFactory,
    ElemenFactory,
    IndikatorFactory,
    TargetFactory,
)
from sakip.referensi.models import Skala

LIST_URL = reverse("api:indikator_list")


def _kode_list(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["kode"] for row in response.json()["results"]]


def test_indikator_fields(api, admin, rencana):
    response = api(admin).get(LIST_URL)

    row = next(r for r in response.json()["results"] if r["kode"] == "IND-A")
    assert row["uraian"] == rencana["indikator_a"].uraian
    assert row["satuan"] == "%"
    assert row["polaritas"] == "positif"
    assert row["agregasi"] == "akhir"
    assert row["skala"] is None
    assert row["iku"] is False
    assert row["elemen"] == {
        "kode": "SAS-A",
        "jenis": "sasaran",
        "uraian": rencana["sasaran_a"].uraian,
    }
    assert row["dokumen"] == {
        "kode": "RENSTRA-A",
        "jenis": "RENSTRA",
        "versi": "murni",
        "status": "draft",
    }
    assert row["unit"] == {"kode": "OPD-A", "nama": "Dinas A"}


def test_indikator_scale_named(api, admin, rencana):
    skala = Skala.objects.create(nama="opini-bpk")
    IndikatorFactory(
        kode="OPINI", elemen=rencana["sasaran"], skala=skala, polaritas="positif"
    )

    response = api(admin).get(LIST_URL)

    row = next(r for r in response.json()["results"] if r["kode"] == "OPINI")
    assert row["skala"] == "opini-bpk"


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("admin", ["IKU-1", "IND-A", "IND-B"]),
        ("ani", ["IKU-1", "IND-A"]),
        ("budi", ["IKU-1", "IND-A"]),
        ("citra", ["IKU-1", "IND-B"]),
        ("kadis", ["IKU-1", "IND-A"]),
        ("vino", ["IKU-1", "IND-A"]),
        ("vera", ["IKU-1", "IND-A", "IND-B"]),
        ("evi", ["IKU-1", "IND-A", "IND-B"]),
        ("bupati", ["IKU-1", "IND-A", "IND-B"]),
    ],
)
def test_indikator_scoped_by_role(api, cast, rencana, username, expected):
    response = api(cast[username]).get(LIST_URL)

    assert _kode_list(response) == expected


def test_indikator_anonymous_401(api, rencana):
    response = api().get(LIST_URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Data autentikasi tidak diberikan."}


def test_indikator_filters(api, admin, rencana, opd_a):
    renja = DokumenFactory(
        kode="RENJA-A", jenis=Dokumen.Jenis.RENJA, unit=opd_a, tahun_akhir=None
    )
    program = ElemenFactory(kode="PRG-A", dokumen=renja, jenis=Elemen.Jenis.PROGRAM)
    IndikatorFactory(kode="IND-PRG-A", elemen=program)
    TargetFactory(indikator=rencana["iku"], dokumen=rencana["rpjmd"], tahun=2026)
    client = api(admin)

    assert _kode_list(client.get(LIST_URL, {"unit": "OPD-A"})) == [
        "IND-A",
        "IND-PRG-A",
    ]
    assert _kode_list(client.get(LIST_URL, {"unit": "PEMDA"})) == ["IKU-1"]
    assert _kode_list(client.get(LIST_URL, {"dokumen": "RENJA-A"})) == ["IND-PRG-A"]
    assert _kode_list(client.get(LIST_URL, {"jenis_elemen": "program"})) == [
        "IND-PRG-A"
    ]
    assert _kode_list(client.get(LIST_URL, {"iku": "1"})) == ["IKU-1"]
    assert "IKU-1" not in _kode_list(client.get(LIST_URL, {"iku": "0"}))
    assert _kode_list(client.get(LIST_URL, {"tahun": "2026"})) == ["IKU-1"]
    assert _kode_list(client.get(LIST_URL, {"tahun": "2025"})) == [
        "IKU-1",
        "IND-A",
        "IND-B",
    ]


def test_indikator_unit_of_other_opd_rejected(api, ani, rencana):
    response = api(ani).get(LIST_URL, {"unit": "OPD-B"})

    assert response.status_code == 400
    assert response.json() == {"unit": ["Unit dengan kode OPD-B tidak ditemukan."]}


def test_indikator_bad_filters_rejected(api, admin, rencana):
    response = api(admin).get(
        LIST_URL, {"tahun": "dua ribu", "dokumen": "TIDAK-ADA", "jenis_elemen": "x"}
    )

    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"tahun", "dokumen", "jenis_elemen"}
    assert errors["dokumen"] == ["Dokumen dengan kode TIDAK-ADA tidak ditemukan."]


def test_indikator_pages_by_cursor(api, admin, rencana):
    for number in range(5):
        IndikatorFactory(kode=f"IND-X{number}", elemen=rencana["sasaran_a"])
    client = api(admin)

    seen = []
    url = f"{LIST_URL}?page_size=3"
    while url:
        body = client.get(url).json()
        seen.extend(row["kode"] for row in body["results"])
        url = body["next"]

    assert seen == sorted(["IKU-1", "IND-A", "IND-B"] + [f"IND-X{n}" for n in range(5)])


def _add_indikator(sasaran, count: int, start: int) -> None:
    for number in range(start, start + count):
        indikator = IndikatorFactory(kode=f"IND-Q{number:03d}", elemen=sasaran)
        TargetFactory(indikator=indikator, nilai=Decimal(number))


def test_indikator_queries_fixed(
    api, ani, rencana, django_assert_max_num_queries, django_assert_num_queries
):
    client = api(ani)
    _add_indikator(rencana["sasaran_a"], 3, start=0)
    params = {"tahun": 2025, "unit": "OPD-A"}
    with django_assert_max_num_queries(4) as few:
        assert client.get(LIST_URL, params).status_code == 200

    _add_indikator(rencana["sasaran_a"], 60, start=3)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(LIST_URL, params)

    assert len(response.json()["results"]) == 64


def test_target_by_dokumen(api, ani, rencana, opd_a):
    indikator = rencana["indikator_a"]
    pk = DokumenFactory(
        kode="PK-A", jenis=Dokumen.Jenis.PK, unit=opd_a, tahun_akhir=None
    )
    TargetFactory(indikator=indikator, dokumen=pk, nilai=Decimal("55.5"))
    TargetFactory(indikator=indikator, dokumen=pk, periode="TW1", nilai=Decimal("10"))
    TargetFactory(
        indikator=indikator, dokumen=rencana["renstra_a"], tahun=2026, nilai=60
    )
    url = reverse("api:indikator_target", kwargs={"kode": "IND-A"})

    response = api(ani).get(url, {"tahun": 2025})

    assert response.status_code == 200
    body = response.json()
    assert body["indikator"] == "IND-A"
    assert [group["dokumen"]["kode"] for group in body["dokumen"]] == [
        "RENSTRA-A",
        "PK-A",
    ]
    renstra, pk_group = body["dokumen"]
    assert renstra["target"] == [
        {
            "tahun": 2025,
            "periode": "tahunan",
            "nilai": "50",
            "nilai_skala": "",
            "batas_bawah": None,
            "batas_atas": None,
        }
    ]
    assert [(t["periode"], t["nilai"]) for t in pk_group["target"]] == [
        ("tahunan", "55.5"),
        ("TW1", "10"),
    ]


def test_target_all_years(api, ani, rencana):
    TargetFactory(
        indikator=rencana["indikator_a"], dokumen=rencana["renstra_a"], tahun=2026
    )
    url = reverse("api:indikator_target", kwargs={"kode": "IND-A"})

    response = api(ani).get(url)

    (group,) = response.json()["dokumen"]
    assert [t["tahun"] for t in group["target"]] == [2025, 2026]


def test_target_of_other_opd_404(api, ani, rencana):
    url = reverse("api:indikator_target", kwargs={"kode": "IND-B"})

    response = api(ani).get(url)

    assert response.status_code == 404
    assert response.json() == {"detail": "Indikator dengan kode IND-B tidak ditemukan."}


def test_target_rentang_bounds(api, admin, rencana):
    indikator = IndikatorFactory(
        kode="INFLASI", elemen=rencana["sasaran"], polaritas="rentang"
    )
    TargetFactory(
        indikator=indikator,
        dokumen=rencana["rpjmd"],
        nilai=None,
        batas_bawah=Decimal("2"),
        batas_atas=Decimal("4.5"),
    )
    url = reverse("api:indikator_target", kwargs={"kode": "INFLASI"})

    response = api(admin).get(url)

    (target,) = response.json()["dokumen"][0]["target"]
    assert target["nilai"] is None
    assert target["batas_bawah"] == "2"
    assert target["batas_atas"] == "4.5"
