"""The open data downloads, read back with the csv and json modules and
checked against the database and the capaian engine."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.pengukuran.selectors import capaian_indikator_list
from sakip.perencanaan.models import Dokumen, Indikator
from sakip.perencanaan.tests.factories import IndikatorFactory, TargetFactory
from sakip.portal.datasets import DATASETS
from sakip.portal.selectors import dokumen_publik
from sakip.portal.tests.helpers import publish

pytestmark = pytest.mark.django_db


def _get(client, nama, format, **params):
    response = client.get(reverse("portal:data_unduh", args=[nama, format]), params)
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content), response


def read_csv(client, nama, **params) -> list[dict]:
    body, response = _get(client, nama, "csv", **params)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    header = text.splitlines()[0].split(",")
    assert header == DATASETS[nama].nama_kolom
    return rows


def read_json(client, nama, **params) -> dict:
    body, response = _get(client, nama, "json", **params)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(body)


def test_indikator_csv(client, publik):
    rows = read_csv(client, "indikator")

    keys = [(row["kode"], row["dokumen_kode"]) for row in rows]
    # Planning documents by code, then the PKs by code.
    assert keys == [
        ("IND-A", "RENSTRA-A"),
        ("IKU-1", "RPJMD"),
        ("IKU-2", "RPJMD"),
        ("IKU-1", "PK-PUBLIK"),
    ]
    first = rows[1]
    assert first["uraian"] == "Indeks A"
    assert first["unit_kode"] == "PEMDA"
    assert first["iku"] == "true"
    assert first["polaritas"] == "positif"
    assert first["elemen_kode"] == "SAS"
    assert first["kondisi_awal"] == ""


def test_indikator_json(client, publik):
    data = read_json(client, "indikator")

    assert data["dataset"] == "indikator"
    assert data["filter"] == {"tahun": None, "unit": None}
    assert data["kolom"] == DATASETS["indikator"].nama_kolom
    assert len(data["data"]) == 4
    assert data["data"][1]["iku"] is True
    assert data["data"][0]["iku"] is False
    assert data["data"][1]["skala"] is None


def test_indikator_filter_unit(client, publik):
    rows = read_csv(client, "indikator", unit="OPD-A")

    assert [row["kode"] for row in rows] == ["IND-A"]


def test_target_values(client, publik):
    rows = read_json(client, "target")["data"]

    values = {(r["indikator_kode"], r["dokumen_kode"], r["tahun"]): r for r in rows}
    assert set(values) == {
        ("IKU-1", "RPJMD", 2025),
        ("IKU-2", "RPJMD", 2025),
        ("IKU-2", "RPJMD", 2026),
        ("IND-A", "RENSTRA-A", 2025),
        ("IKU-1", "PK-PUBLIK", 2025),
    }
    assert values[("IKU-1", "RPJMD", 2025)]["nilai"] == "80"
    assert values[("IKU-1", "PK-PUBLIK", 2025)]["nilai"] == "90"
    assert values[("IKU-2", "RPJMD", 2026)]["periode"] == "tahunan"


def test_target_filter_tahun(client, publik):
    rows = read_csv(client, "target", tahun="2026")

    assert [(r["indikator_kode"], r["tahun"], r["nilai"]) for r in rows] == [
        ("IKU-2", "2026", "60")
    ]


def test_realisasi_verified_only(client, publik):
    rows = read_json(client, "realisasi")["data"]

    values = {(r["indikator_kode"], r["dokumen_kode"]): r["nilai"] for r in rows}
    # IKU-2's realisation is only submitted, not verified.
    assert values == {
        ("IKU-1", "RPJMD"): "72",
        ("IND-A", "RENSTRA-A"): "40",
        ("IKU-1", "PK-PUBLIK"): "72",
    }


def test_capaian_matches_engine(client, publik):
    rows = read_json(client, "capaian")["data"]
    published = list(dokumen_publik())

    assert rows
    for row in rows:
        assert row["target_dokumen_kode"] in {d.kode for d in published} | {None}
        [engine] = capaian_indikator_list(
            indikator=Indikator.objects.filter(kode=row["indikator_kode"]),
            tahun=row["tahun"],
            periode=row["periode"],
            hanya_terverifikasi=True,
            dokumen_target={d.pk for d in published},
        )
        shown = None if row["capaian"] is None else Decimal(row["capaian"])
        assert shown == engine.capaian_2dp
        assert row["kategori"] == engine.kategori


def test_capaian_values(client, publik):
    rows = read_json(client, "capaian")["data"]

    by_key = {(r["indikator_kode"], r["dokumen_kode"], r["tahun"]): r for r in rows}
    iku = by_key[("IKU-1", "RPJMD", 2025)]
    assert iku["target"] == "90"
    assert iku["target_dokumen_kode"] == "PK-PUBLIK"
    assert iku["realisasi"] == "72"
    assert iku["capaian"] == "80"
    assert iku["kategori"] == "Tinggi"
    # Dinas A's PK that sets 55 is not published, so the published Renstra's
    # target of 50 is used and named (40 / 50).
    ind_a = by_key[("IND-A", "RENSTRA-A", 2025)]
    assert ind_a["target"] == "50"
    assert ind_a["target_dokumen_kode"] == "RENSTRA-A"
    assert ind_a["capaian"] == "80"
    # No realisation: no capaian, with the reason.
    iku_2 = by_key[("IKU-2", "RPJMD", 2025)]
    assert iku_2["realisasi"] is None
    assert iku_2["capaian"] is None
    assert iku_2["keterangan"] == "belum diisi"
    assert ("IKU-2", "RPJMD", 2026) in by_key
    # Years with neither a target nor a realisation are left out.
    assert ("IKU-1", "RPJMD", 2027) not in by_key
    assert {r["periode"] for r in rows} == {"tahunan"}


def test_anggaran_per_program(client, publik):
    rows = read_csv(client, "anggaran")

    assert [(r["unit_kode"], r["tahun"]) for r in rows] == [
        ("OPD-A", "2025"),
        ("OPD-B", "2025"),
    ]
    first = rows[0]
    assert first["program_kode"] == publik["anggaran_a"]["program"][0].kode
    assert first["pagu"] == "2000000"
    assert first["pagu_murni"] == "2000000"
    assert first["pagu_perubahan"] == ""
    # Only the first sub kegiatan's realisation is verified.
    assert first["realisasi"] == "500000"
    assert first["serapan"] == "25"


def test_anggaran_json_money_is_integer(client, publik):
    rows = read_json(client, "anggaran", unit="OPD-B", tahun="2025")["data"]

    assert len(rows) == 1
    assert rows[0]["pagu"] == 2_000_000
    assert rows[0]["realisasi"] == 500_000


def test_anggaran_draft_renja_hidden(client, publik):
    Dokumen.objects.filter(pk=publik["anggaran_b"]["renja"].pk).update(
        status=Dokumen.Status.DRAFT
    )

    rows = read_csv(client, "anggaran")

    assert [r["unit_kode"] for r in rows] == ["OPD-A"]


@pytest.mark.parametrize(
    "params",
    [
        {"tahun": "dua ribu"},
        {"tahun": "99999999999999999999"},
        {"tahun": "1999"},
        {"tahun": "2025; DROP TABLE"},
        {"unit": "TIDAK-ADA"},
        {"unit": "<script>alert(1)</script>"},
        {"unit": "x" * 500},
        {"unit": "OPD-A\x00"},
    ],
)
def test_bad_filter(client, publik, params):
    url = reverse("portal:data_unduh", args=["indikator", "csv"])

    response = client.get(url, params)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "tidak sah" in body
    assert "<script>" not in body


@pytest.mark.parametrize("nama, format", [("rahasia", "csv"), ("indikator", "xml")])
def test_unknown_dataset(client, publik, nama, format):
    response = client.get(reverse("portal:data_unduh", args=[nama, format]))

    assert response.status_code == 404


def _count_queries(client, nama) -> int:
    with CaptureQueriesContext(connection) as queries:
        _get(client, nama, "csv")
    return len(queries)


@pytest.mark.parametrize("nama", list(DATASETS))
def test_queries_do_not_grow(client, publik, nama):
    before = _count_queries(client, nama)
    rpjmd = publik["rpjmd"]
    Dokumen.objects.filter(pk=rpjmd.pk).update(
        status=Dokumen.Status.DRAFT, dipublikasikan=False
    )
    for nomor in range(15):
        indikator = IndikatorFactory(kode=f"IKU-X{nomor}", elemen=publik["sasaran"])
        TargetFactory(indikator=indikator, dokumen=rpjmd, nilai=Decimal(nomor + 1))
    publish(rpjmd)

    after = _count_queries(client, nama)

    assert after == before
