"""/api/v1/realisasi/: reading realisation, and entering it through the
input page's service, with the same checks and messages."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.tests.factories import RealisasiFactory
from sakip.perencanaan.tests.factories import IndikatorFactory
from sakip.referensi.models import NilaiSkala, Skala

from .conftest import add_baris_pk

LIST_URL = reverse("api:realisasi_list")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def detail_url(pk: int) -> str:
    return reverse("api:realisasi_detail", kwargs={"pk": pk})


def tw1(indikator) -> Realisasi | None:
    return Realisasi.objects.filter(
        indikator=indikator, tahun=2025, periode="TW1"
    ).first()


def isian(**fields) -> dict:
    return {"indikator": "IND-A", "tahun": 2025, "periode": "TW1", **fields}


@pytest.fixture
def rencana(pk_rencana):
    """The plans of ``sakip/conftest.py``, with IND-A and IND-B on PK rows."""
    return pk_rencana


# Reading.


def test_list_scoped_to_opd(api, ani, rencana):
    response = api(ani).get(LIST_URL)

    assert response.status_code == 200
    assert [row["indikator"] for row in response.json()["results"]] == [
        "IKU-1",
        "IND-A",
    ]


def test_list_fields(api, admin, rencana):
    response = api(admin).get(LIST_URL, {"indikator": "IND-A"})

    (row,) = response.json()["results"]
    entri = Realisasi.objects.get(indikator=rencana["indikator_a"])
    assert row == {
        "id": entri.pk,
        "indikator": "IND-A",
        "unit": "OPD-A",
        "tahun": 2025,
        "periode": "tahunan",
        "nilai": "40",
        "nilai_skala": "",
        "keterangan": "",
        "bukti_tautan": "",
        "ada_berkas_bukti": False,
        "bukti_nama": "",
        "status": "diterima",
        "alasan_dikembalikan": "",
        "diisi_oleh": None,
        "diisi_pada": None,
        "diverifikasi_oleh": None,
        "diverifikasi_pada": None,
        "versi": entri.versi,
    }


def test_list_filters(api, admin, rencana):
    RealisasiFactory(
        indikator=rencana["indikator_b"],
        periode="TW1",
        status=Realisasi.Status.DRAFT,
    )
    client = api(admin)

    def kode_list(**params):
        rows = client.get(LIST_URL, params).json()["results"]
        return [(row["indikator"], row["periode"]) for row in rows]

    assert kode_list(periode="TW1") == [("IND-B", "TW1")]
    assert kode_list(unit="OPD-B") == [("IND-B", "tahunan"), ("IND-B", "TW1")]
    assert kode_list(status="draft") == [("IND-B", "TW1")]
    assert kode_list(tahun=2024) == []


def test_detail_of_other_opd_404(api, ani, rencana):
    entri = Realisasi.objects.get(indikator=rencana["indikator_b"])

    response = api(ani).get(detail_url(entri.pk))

    assert response.status_code == 404


def test_list_queries_fixed(
    api, ani, rencana, django_assert_max_num_queries, django_assert_num_queries
):
    client = api(ani)
    for _ in range(3):
        RealisasiFactory(indikator=IndikatorFactory(elemen=rencana["sasaran_a"]))
    with django_assert_max_num_queries(4) as few:
        assert client.get(LIST_URL).status_code == 200

    for _ in range(40):
        RealisasiFactory(
            indikator=IndikatorFactory(elemen=rencana["sasaran_a"]),
            diisi_oleh=ani,
        )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(LIST_URL)

    assert len(response.json()["results"]) == 45


# Entering a new realisation.


def test_post_stores_draft(api, ani, rencana, tw1_terbuka):
    response = api(ani).post(LIST_URL, isian(nilai=12.5, keterangan="Laporan triwulan"))

    assert response.status_code == 201, response.content
    entri = tw1(rencana["indikator_a"])
    assert entri.nilai == Decimal("12.5")
    assert entri.status == Realisasi.Status.DRAFT
    assert entri.keterangan == "Laporan triwulan"
    assert entri.diisi_oleh == ani
    assert entri.history.first().history_user == ani
    body = response.json()
    assert body["id"] == entri.pk
    assert body["nilai"] == "12.5"
    assert body["versi"] == entri.versi


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("1.123", Decimal("1.123")),
        ("12345678901.1234", Decimal("12345678901.1234")),
        ("0.1", Decimal("0.1")),
        ("75", Decimal("75")),
        ("1e3", Decimal("1000")),
        ('"1.234,5"', Decimal("1234.5")),
        ('"97,5"', Decimal("97.5")),
        ('"1234.5"', Decimal("1234.5")),
    ],
)
def test_post_reads_value_exactly(api, ani, rencana, tw1_terbuka, sent, stored):
    # The JSON is written by hand: DRF's test client would send a Decimal as
    # a string, and this test is about JSON numbers.
    body = f'{{"indikator": "IND-A", "tahun": 2025, "periode": "TW1", "nilai": {sent}}}'

    response = api(ani).post(LIST_URL, body, content_type="application/json")

    assert response.status_code == 201, response.content
    assert tw1(rencana["indikator_a"]).nilai == stored


@pytest.mark.parametrize(
    ("nilai", "pesan"),
    [
        ("144.000", "bermakna ganda"),
        ("dua belas", "bukan angka yang sah"),
        (-5, "tidak boleh negatif"),
        (True, "Nilai harus angka atau teks angka."),
        ("9" * 65, "paling panjang 64 karakter"),
    ],
)
def test_post_bad_value_rejected(api, ani, rencana, tw1_terbuka, nilai, pesan):
    response = api(ani).post(LIST_URL, isian(nilai=nilai))

    assert response.status_code == 400
    assert list(response.json()) == ["nilai"]
    assert pesan in response.json()["nilai"][0]
    assert tw1(rencana["indikator_a"]) is None


@pytest.mark.parametrize(
    ("sent", "pesan"),
    [
        ("1e999999999", "15 angka bermakna"),
        ("1.00001", "4 angka di belakang koma"),
        ("1e-999999999", "4 angka di belakang koma"),
    ],
)
def test_post_number_out_of_range(api, ani, rencana, tw1_terbuka, sent, pesan):
    body = f'{{"indikator": "IND-A", "tahun": 2025, "periode": "TW1", "nilai": {sent}}}'

    response = api(ani).post(LIST_URL, body, content_type="application/json")

    assert response.status_code == 400
    assert pesan in response.json()["nilai"][0]
    assert tw1(rencana["indikator_a"]) is None


def test_post_other_opd_indikator_rejected(api, ani, rencana, tw1_terbuka):
    response = api(ani).post(LIST_URL, isian(indikator="IND-B", nilai=5))

    assert response.status_code == 400
    assert response.json() == {
        "indikator": ["Indikator dengan kode IND-B tidak ditemukan."]
    }
    assert tw1(rencana["indikator_b"]) is None


def test_post_closed_window_409(api, ani, rencana, tw1_ditutup):
    response = api(ani).post(LIST_URL, isian(nilai=5))

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "jadwal_ditutup"
    assert body["detail"].startswith("Jadwal input Triwulan I 2025 ditutup pada")
    assert tw1(rencana["indikator_a"]) is None


def test_post_without_window_409(api, ani, rencana):
    response = api(ani).post(LIST_URL, isian(nilai=5))

    assert response.status_code == 409
    assert "belum ditetapkan" in response.json()["detail"]
    assert tw1(rencana["indikator_a"]) is None


def test_post_admin_not_bound_by_window(api, admin, rencana, tw1_ditutup):
    response = api(admin).post(LIST_URL, isian(nilai=5))

    assert response.status_code == 201
    assert tw1(rencana["indikator_a"]).diisi_oleh == admin


@pytest.mark.parametrize("username", ["kadis", "vino", "vera", "evi", "bupati"])
def test_post_by_non_operator_403(api, cast, rencana, tw1_terbuka, username):
    response = api(cast[username]).post(LIST_URL, isian(nilai=5))

    assert response.status_code == 403
    assert "Operator OPD pemilik indikator" in response.json()["detail"]
    assert tw1(rencana["indikator_a"]) is None


def test_post_pemda_indikator_by_operator_403(api, ani, rencana, tw1_terbuka):
    response = api(ani).post(LIST_URL, isian(indikator="IKU-1", nilai=5))

    assert response.status_code == 403
    assert tw1(rencana["iku"]) is None


def test_post_existing_409(api, ani, rencana, tw1_terbuka):
    entri = RealisasiFactory(
        indikator=rencana["indikator_a"], periode="TW1", status="draft"
    )

    response = api(ani).post(LIST_URL, isian(nilai=99))

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "versi_berubah"
    assert f"PATCH /api/v1/realisasi/{entri.pk}/" in body["detail"]
    assert body["terkini"]["id"] == entri.pk
    assert tw1(rencana["indikator_a"]).nilai == Decimal("72")


def test_post_yearly_period_rejected(api, ani, rencana, tw1_terbuka):
    response = api(ani).post(LIST_URL, isian(periode="tahunan", nilai=5))

    assert response.status_code == 400
    assert response.json() == {
        "periode": ["Realisasi indikator diisi per triwulan (TW1–TW4)."]
    }


def test_post_empty_rejected(api, ani, rencana, tw1_terbuka):
    response = api(ani).post(LIST_URL, isian())

    assert response.status_code == 400
    assert "Isian kosong" in response.json()["non_field_errors"][0]
    assert tw1(rencana["indikator_a"]) is None


def test_post_missing_fields_rejected(api, ani, rencana, tw1_terbuka):
    response = api(ani).post(LIST_URL, {"nilai": 5})

    assert response.status_code == 400
    assert set(response.json()) == {"indikator", "tahun", "periode"}


def test_post_submit_needs_evidence(api, ani, rencana, tw1_terbuka):
    response = api(ani).post(LIST_URL, isian(nilai=5, ajukan=True))

    assert response.status_code == 400
    assert "belum memiliki bukti" in response.json()["non_field_errors"][0]
    assert tw1(rencana["indikator_a"]) is None


def test_post_submit_with_link(api, ani, rencana, tw1_terbuka):
    response = api(ani).post(
        LIST_URL,
        isian(nilai=5, ajukan=True, bukti_tautan="https://data.contoh.go.id/tw1"),
    )

    assert response.status_code == 201
    assert response.json()["status"] == "diajukan"
    assert tw1(rencana["indikator_a"]).bukti_tautan == "https://data.contoh.go.id/tw1"


def test_post_bad_link_rejected(api, ani, rencana, tw1_terbuka):
    response = api(ani).post(LIST_URL, isian(nilai=5, bukti_tautan="ftp://berkas"))

    assert response.status_code == 400
    assert "diawali http:// atau https://" in response.json()["bukti_tautan"][0]
    assert tw1(rencana["indikator_a"]) is None


def test_post_evidence_file(api, ani, rencana, tw1_terbuka, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    berkas = SimpleUploadedFile("laporan tw1.pdf", PDF, "application/pdf")

    response = api(ani).post(
        LIST_URL, isian(nilai="5", bukti=berkas), format="multipart"
    )

    assert response.status_code == 201, response.content
    assert response.json()["ada_berkas_bukti"] is True
    assert response.json()["bukti_nama"] == "laporan tw1.pdf"
    entri = tw1(rencana["indikator_a"])
    assert entri.bukti.name.endswith(".pdf")
    assert "laporan" not in entri.bukti.name


def test_post_evidence_not_what_name_says(api, ani, rencana, tw1_terbuka):
    berkas = SimpleUploadedFile("laporan.pdf", PNG, "application/pdf")

    response = api(ani).post(
        LIST_URL, isian(nilai="5", bukti=berkas), format="multipart"
    )

    assert response.status_code == 400
    assert "bukan PDF" in response.json()["bukti"][0]
    assert tw1(rencana["indikator_a"]) is None


@pytest.fixture
def opini(rencana):
    skala = Skala.objects.create(nama="opini-bpk")
    for peringkat, nilai in enumerate(["TMP", "TW", "WDP", "WTP"], start=1):
        NilaiSkala.objects.create(skala=skala, nilai=nilai, peringkat=peringkat)
    indikator = IndikatorFactory(
        kode="IND-A-OPINI", elemen=rencana["sasaran_a"], skala=skala, satuan="opini"
    )
    add_baris_pk(indikator, unit=rencana["renstra_a"].unit)
    return indikator


def test_post_scale_value(api, ani, opini, tw1_terbuka):
    response = api(ani).post(
        LIST_URL, isian(indikator="IND-A-OPINI", nilai_skala="WTP")
    )

    assert response.status_code == 201
    assert tw1(opini).nilai_skala == "WTP"
    assert tw1(opini).nilai is None


def test_post_scale_value_not_in_scale(api, ani, opini, tw1_terbuka):
    response = api(ani).post(
        LIST_URL, isian(indikator="IND-A-OPINI", nilai_skala="BAIK")
    )

    assert response.status_code == 400
    assert "tidak ada dalam skala" in response.json()["nilai_skala"][0]
    assert tw1(opini) is None


def test_post_number_for_scale_rejected(api, ani, opini, tw1_terbuka):
    response = api(ani).post(LIST_URL, isian(indikator="IND-A-OPINI", nilai=4))

    assert response.status_code == 400
    assert "kirim realisasinya sebagai nilai_skala" in response.json()["nilai"][0]


def test_post_scale_for_number_rejected(api, ani, rencana, tw1_terbuka):
    response = api(ani).post(LIST_URL, isian(nilai_skala="WTP"))

    assert response.status_code == 400
    assert "kirim realisasinya sebagai nilai." in response.json()["nilai_skala"][0]


def test_post_nan_rejected(api, ani, rencana, tw1_terbuka):
    response = api(ani).post(
        LIST_URL,
        '{"indikator": "IND-A", "tahun": 2025, "periode": "TW1", "nilai": NaN}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "bukan JSON yang sah" in response.json()["detail"]
    assert tw1(rencana["indikator_a"]) is None


def test_post_anonymous_401(api, rencana, tw1_terbuka):
    response = api().post(LIST_URL, isian(nilai=5))

    assert response.status_code == 401
    assert tw1(rencana["indikator_a"]) is None


def test_post_session_needs_csrf(ani, rencana, tw1_terbuka):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(ani)

    response = client.post(LIST_URL, isian(nilai=5), format="json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert tw1(rencana["indikator_a"]) is None


# Correcting a stored realisation.


@pytest.fixture
def draft(api, ani, rencana, tw1_terbuka):
    response = api(ani).post(LIST_URL, isian(nilai=5, keterangan="awal"))
    assert response.status_code == 201
    return tw1(rencana["indikator_a"])


def test_patch_corrects_value(api, ani, draft):
    response = api(ani).patch(detail_url(draft.pk), {"versi": draft.versi, "nilai": 6})

    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert draft.nilai == Decimal("6")
    assert draft.keterangan == "awal"
    assert response.json()["versi"] == draft.versi


def test_patch_keeps_value_when_left_out(api, ani, draft):
    response = api(ani).patch(
        detail_url(draft.pk), {"versi": draft.versi, "keterangan": "diperbaiki"}
    )

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.nilai == Decimal("5")
    assert draft.keterangan == "diperbaiki"


def test_patch_clears_value(api, ani, draft):
    response = api(ani).patch(
        detail_url(draft.pk), {"versi": draft.versi, "nilai": None}
    )

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.nilai is None


def test_patch_stale_version_409(api, ani, budi, draft):
    versi = draft.versi
    first = api(budi).patch(detail_url(draft.pk), {"versi": versi, "nilai": 7})

    second = api(ani).patch(detail_url(draft.pk), {"versi": versi, "nilai": 8})

    assert first.status_code == 200
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "versi_berubah"
    assert "Isian Anda tidak disimpan" in body["detail"]
    assert body["terkini"]["nilai"] == "7"
    draft.refresh_from_db()
    assert draft.nilai == Decimal("7")


def test_patch_needs_version(api, ani, draft):
    response = api(ani).patch(detail_url(draft.pk), {"nilai": 8})

    assert response.status_code == 400
    assert list(response.json()) == ["versi"]


def test_patch_accepted_locked_409(api, ani, draft):
    Realisasi.objects.filter(pk=draft.pk).update(status=Realisasi.Status.DITERIMA)

    response = api(ani).patch(detail_url(draft.pk), {"versi": draft.versi, "nilai": 9})

    assert response.status_code == 409
    assert response.json()["code"] == "terkunci"
    draft.refresh_from_db()
    assert draft.nilai == Decimal("5")


def test_patch_returned_after_window_closed(api, ani, draft, tw1_terbuka):
    Realisasi.objects.filter(pk=draft.pk).update(
        status=Realisasi.Status.DIKEMBALIKAN, alasan_dikembalikan="Periksa angka"
    )
    tw1_terbuka.selesai = tw1_terbuka.mulai
    tw1_terbuka.mulai = tw1_terbuka.mulai.replace(year=2024)
    tw1_terbuka.save()

    response = api(ani).patch(detail_url(draft.pk), {"versi": draft.versi, "nilai": 9})

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "dikembalikan"
    assert response.json()["alasan_dikembalikan"] == "Periksa angka"


def test_patch_by_kepala_403(api, kadis, draft):
    response = api(kadis).patch(
        detail_url(draft.pk), {"versi": draft.versi, "nilai": 9}
    )

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.nilai == Decimal("5")


def test_patch_other_opd_404(api, citra, draft):
    response = api(citra).patch(
        detail_url(draft.pk), {"versi": draft.versi, "nilai": 9}
    )

    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.nilai == Decimal("5")


def test_patch_bad_value_keeps_entry(api, ani, draft):
    response = api(ani).patch(
        detail_url(draft.pk), {"versi": draft.versi, "nilai": "144.000"}
    )

    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.nilai == Decimal("5")
    assert draft.versi == 1


def test_put_and_delete_not_allowed(api, ani, draft):
    client = api(ani)

    assert client.put(detail_url(draft.pk), {"versi": 1}).status_code == 405
    assert client.delete(detail_url(draft.pk)).status_code == 405
    assert tw1(draft.indikator) is not None


def test_api_stores_realisasi_only_through_service():
    api_dir = Path(__file__).resolve().parent.parent
    source = "\n".join(path.read_text() for path in api_dir.glob("*.py"))

    direct_writes = re.findall(
        r"Realisasi\(|Realisasi\.objects\.(?:create|update|bulk_\w+|\w+_or_create)"
        r"|Realisasi\.objects[^\n]*\.delete\(|\.save\(",
        source,
    )

    assert direct_writes == []
