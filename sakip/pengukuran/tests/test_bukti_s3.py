"""Evidence files in an S3-compatible bucket: stored there under a random
name, streamed back only through the evidence view and only to those who may
see the entry."""

import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from storages.backends.s3 import S3Storage

from sakip.core.tests.s3 import bucket_keys, s3_bucket, s3_endpoint  # noqa: F401
from sakip.pengukuran.models import Realisasi

from .conftest import PDF_BYTES, upload

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def ani_client(client, ani, jadwal_terbuka):
    client.force_login(ani)
    return client


@pytest.fixture
def entri_di_s3(ani_client, indikator_iku, s3_bucket):  # noqa: F811
    """An entry whose evidence was uploaded through the input row, with an
    uploaded name that tries to choose the storage path."""
    response = ani_client.post(
        reverse("pengukuran:isian_kinerja_baris", args=[indikator_iku.pk, 2025, "TW1"]),
        {
            "nilai": "40",
            "versi": "0",
            "bukti": upload("../../media/laporan.pdf", PDF_BYTES),
        },
        **HTMX,
    )
    assert response.status_code == 200
    return Realisasi.objects.get(indikator=indikator_iku, periode="TW1")


def test_upload_stored_in_bucket(entri_di_s3, s3_bucket, media_root):  # noqa: F811
    stored = s3_bucket.Object(entri_di_s3.bukti.name).get()["Body"].read()

    assert isinstance(default_storage._wrapped, S3Storage)
    assert bucket_keys(s3_bucket) == [entri_di_s3.bukti.name]
    assert re.fullmatch(r"bukti/kinerja/2025/[0-9a-f]{32}\.pdf", entri_di_s3.bukti.name)
    assert stored == PDF_BYTES
    assert not media_root.exists() or not any(media_root.rglob("*.pdf"))


def test_bucket_object_not_public(entri_di_s3, s3_bucket):  # noqa: F811
    grants = s3_bucket.Object(entri_di_s3.bukti.name).Acl().grants

    assert all("URI" not in grant["Grantee"] for grant in grants)


def test_download_streams_from_bucket(client, budi, entri_di_s3):
    client.force_login(budi)

    response = client.get(reverse("pengukuran:bukti_kinerja", args=[entri_di_s3.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="laporan.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_download_other_opd_not_found(client, citra, entri_di_s3):
    client.force_login(citra)

    response = client.get(reverse("pengukuran:bukti_kinerja", args=[entri_di_s3.pk]))

    assert response.status_code == 404


def test_download_anonymous_sent_to_login(client, entri_di_s3):
    # The fixture uploaded with this client logged in as ani.
    client.logout()

    response = client.get(reverse("pengukuran:bukti_kinerja", args=[entri_di_s3.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_missing_object_not_found(client, budi, entri_di_s3, s3_bucket):  # noqa: F811
    s3_bucket.Object(entri_di_s3.bukti.name).delete()
    client.force_login(budi)

    response = client.get(reverse("pengukuran:bukti_kinerja", args=[entri_di_s3.pk]))

    assert response.status_code == 404
