"""GET /api/v1/capaian/: the numbers of ``sakip capaian --format json``."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.tests.factories import RealisasiFactory
from sakip.perencanaan.tests.factories import IndikatorFactory, TargetFactory

URL = reverse("api:capaian_list")
# The fields that the command writes; the API adds uraian, satuan and warna.
API_ONLY = {"uraian", "satuan", "warna"}


@pytest.fixture
def triwulan(rencana):
    """First-quarter targets and realisation: IND-A's is only diajukan, and
    a rentang indikator of Dinas A has its bounds."""
    TargetFactory(indikator=rencana["indikator_a"], periode="TW1", nilai=10)
    RealisasiFactory(
        indikator=rencana["indikator_a"],
        periode="TW1",
        nilai=Decimal("8"),
        status=Realisasi.Status.DIAJUKAN,
    )
    TargetFactory(indikator=rencana["iku"], periode="TW1", nilai=Decimal("20"))
    RealisasiFactory(indikator=rencana["iku"], periode="TW1", nilai=Decimal("18.25"))
    inflasi = IndikatorFactory(
        kode="IND-A-INFLASI", elemen=rencana["sasaran_a"], polaritas="rentang"
    )
    TargetFactory(
        indikator=inflasi, nilai=None, batas_bawah=Decimal(2), batas_atas=Decimal(4)
    )
    RealisasiFactory(indikator=inflasi, nilai=Decimal("4.5"))
    return rencana


def _command_rows(*args: str) -> list[dict]:
    out = StringIO()
    call_command("capaian", "--tahun", "2025", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def _api_rows(client, **params) -> list[dict]:
    """Read every page, two rows at a time, so that paging is part of it."""
    response = client.get(URL, {"tahun": 2025, "page_size": 2, **params})
    rows = []
    while True:
        assert response.status_code == 200, response.content
        rows.extend(response.json()["results"])
        if response.json()["next"] is None:
            return rows
        response = client.get(response.json()["next"])


def _without_api_fields(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k not in API_ONLY} for row in rows]


@pytest.mark.parametrize(
    ("params", "args"),
    [
        ({}, []),
        ({"terverifikasi": "0"}, ["--semua-realisasi"]),
        ({"periode": "TW1"}, ["--periode", "TW1"]),
        (
            {"periode": "TW1", "terverifikasi": "0"},
            ["--periode", "TW1", "--semua-realisasi"],
        ),
        ({"unit": "OPD-A"}, ["--unit", "OPD-A"]),
        ({"unit": "PEMDA"}, ["--unit", "PEMDA"]),
    ],
)
def test_capaian_agrees_with_command(api, admin, triwulan, params, args):
    expected = _command_rows(*args)

    rows = _api_rows(api(admin), **params)

    assert expected, "the command printed no capaian to compare with"
    assert _without_api_fields(rows) == expected


def test_capaian_verified_only_by_default(api, admin, triwulan):
    client = api(admin)

    official = client.get(URL, {"tahun": 2025, "periode": "TW1"}).json()["results"]
    semua = client.get(
        URL, {"tahun": 2025, "periode": "TW1", "terverifikasi": "0"}
    ).json()["results"]

    by_kode = {row["indikator"]: row for row in official}
    assert by_kode["IND-A"]["realisasi"] is None
    assert by_kode["IND-A"]["capaian"] is None
    assert {row["indikator"]: row for row in semua}["IND-A"]["capaian"] == "80.00"


def test_capaian_fields(api, admin, triwulan):
    rows = api(admin).get(URL, {"tahun": 2025, "periode": "TW1"}).json()["results"]

    iku = {row["indikator"]: row for row in rows}["IKU-1"]
    assert iku == {
        "indikator": "IKU-1",
        "tahun": 2025,
        "periode": "TW1",
        "target": "20",
        "realisasi": "18.25",
        "capaian": "91.25",
        "kategori": "Sangat Tinggi",
        "sumber_target": "RPJMD",
        "uraian": "Indeks A",
        "satuan": "%",
        "warna": iku["warna"],
    }
    assert iku["warna"].startswith("#")


def test_capaian_rentang_bounds(api, admin, triwulan):
    rows = api(admin).get(URL, {"tahun": 2025}).json()["results"]

    inflasi = {row["indikator"]: row for row in rows}["IND-A-INFLASI"]
    assert inflasi["target"] is None
    assert inflasi["batas_bawah"] == "2"
    assert inflasi["batas_atas"] == "4"


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("admin", ["IKU-1", "IND-A", "IND-A-INFLASI", "IND-B"]),
        ("ani", ["IKU-1", "IND-A", "IND-A-INFLASI"]),
        ("citra", ["IKU-1", "IND-B"]),
        ("vino", ["IKU-1", "IND-A", "IND-A-INFLASI"]),
        ("vera", ["IKU-1", "IND-A", "IND-A-INFLASI", "IND-B"]),
        ("bupati", ["IKU-1", "IND-A", "IND-A-INFLASI", "IND-B"]),
    ],
)
def test_capaian_scoped_by_role(api, cast, triwulan, username, expected):
    rows = _api_rows(api(cast[username]))

    assert [row["indikator"] for row in rows] == expected


def test_capaian_needs_tahun(api, admin, rencana):
    response = api(admin).get(URL)

    assert response.status_code == 400
    assert list(response.json()) == ["tahun"]


def test_capaian_bad_periode_rejected(api, admin, rencana):
    response = api(admin).get(URL, {"tahun": 2025, "periode": "TW5"})

    assert response.status_code == 400
    assert list(response.json()) == ["periode"]


def _add_indikator(rencana, count: int, start: int) -> None:
    for number in range(start, start + count):
        indikator = IndikatorFactory(
            kode=f"IND-Q{number:03d}", elemen=rencana["sasaran_a"]
        )
        TargetFactory(indikator=indikator, nilai=Decimal(50))
        RealisasiFactory(indikator=indikator, nilai=Decimal(number))


def test_capaian_queries_fixed(
    api, ani, rencana, django_assert_max_num_queries, django_assert_num_queries
):
    client = api(ani)
    params = {"tahun": 2025, "unit": "OPD-A", "page_size": 500}
    _add_indikator(rencana, 3, start=0)
    with django_assert_max_num_queries(13) as few:
        assert client.get(URL, params).status_code == 200

    _add_indikator(rencana, 80, start=3)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL, params)

    assert len(response.json()["results"]) == 84


def test_capaian_keeps_stored_precision(api, admin, rencana):
    iku = rencana["iku"]
    iku.target.update(nilai=Decimal("0.842"))
    iku.realisasi.update(nilai=Decimal("0.845"))

    rows = api(admin).get(URL, {"tahun": 2025}).json()["results"]

    row = {row["indikator"]: row for row in rows}["IKU-1"]
    assert row["target"] == "0.842"
    assert row["realisasi"] == "0.845"
    assert row["capaian"] == "100.36"
