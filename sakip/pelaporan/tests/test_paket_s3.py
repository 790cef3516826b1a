"""The report package's ZIP in an S3-compatible bucket: written there by the
task, sent only to those who may download packages."""

import io
import zipfile

from django.urls import reverse

from sakip.core.tests.s3 import bucket_keys, s3_bucket, s3_endpoint  # noqa: F401
from sakip.pelaporan.models import PaketLaporanKinerja

from .lkjip_fixtures import *  # noqa: F403
from .test_laporan_paket import NAMA, create_paket


def test_paket_zip_stored_in_bucket(
    client,
    siklus,
    opd_b,
    admin,
    s3_bucket,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client.force_login(admin)

    paket = create_paket(client, django_capture_on_commit_callbacks)
    response = client.get(reverse("pelaporan:laporan_paket_unduh", args=[paket.pk]))

    assert paket.status == PaketLaporanKinerja.Status.BERHASIL
    assert paket.berkas.name in bucket_keys(s3_bucket)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == NAMA


def test_paket_zip_refused_to_operator(
    client,
    siklus,
    opd_b,
    admin,
    ani,
    s3_bucket,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client.force_login(admin)
    paket = create_paket(client, django_capture_on_commit_callbacks)
    client.force_login(ani)

    response = client.get(reverse("pelaporan:laporan_paket_unduh", args=[paket.pk]))

    assert response.status_code == 403
    assert PaketLaporanKinerja.objects.get().berkas.name in bucket_keys(s3_bucket)
