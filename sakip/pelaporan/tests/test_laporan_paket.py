"""Building the LKjIP of the Pemda and every OPD as one ZIP in the background."""

import io
import zipfile

import pytest
from django.urls import reverse

from sakip.pelaporan import services
from sakip.pelaporan.models import LaporanKinerja, PaketLaporanKinerja

from .lkjip_fixtures import *  # noqa: F403
from .test_laporan_beku import change_everything, docx_text, first_indikator

NAMA = ["lkjip-2025-PEMDA.docx", "lkjip-2025-OPD-A.docx", "lkjip-2025-OPD-B.docx"]


def create_paket(client, django_capture_on_commit_callbacks, format="docx"):
    """POST the form and run the queued task, as the worker would."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("pelaporan:laporan_paket_create"),
            {"tahun": 2025, "format": format},
        )
    paket = PaketLaporanKinerja.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("pelaporan:laporan_paket_detail", args=[paket.pk])
    # The request only queued the job: nothing was rendered yet.
    assert paket.status == PaketLaporanKinerja.Status.MENUNGGU
    assert len(callbacks) == 1
    callbacks[0]()
    paket.refresh_from_db()
    return paket


def test_paket_zip_has_every_unit(
    client, siklus, opd_b, admin, django_capture_on_commit_callbacks
):
    client.force_login(admin)

    paket = create_paket(client, django_capture_on_commit_callbacks)

    assert paket.status == PaketLaporanKinerja.Status.BERHASIL
    assert paket.progres == 100
    assert paket.jumlah_laporan == 3
    response = client.get(reverse("pelaporan:laporan_paket_unduh", args=[paket.pk]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == NAMA
    text = docx_text(archive.read("lkjip-2025-OPD-A.docx"))
    assert "80,00 %" in text


def test_paket_uses_frozen(
    client, siklus, opd_a, opd_b, admin, kadis, django_capture_on_commit_callbacks
):
    tulis_bab_wajib(unit=opd_a, user=admin)  # noqa: F405
    adopted = services.laporan_tetapkan(user=kadis, unit=opd_a, tahun=2025)
    change_everything(first_indikator(adopted.isi_beku)["kode"])
    client.force_login(admin)

    paket = create_paket(client, django_capture_on_commit_callbacks)

    with paket.berkas.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    text = docx_text(archive.read("lkjip-2025-OPD-A.docx"))
    assert "80,00 %" in text
    assert "75,00 %" not in text


def test_paket_pdf(client, siklus, opd_b, admin, django_capture_on_commit_callbacks):
    client.force_login(admin)

    paket = create_paket(client, django_capture_on_commit_callbacks, format="pdf")

    with paket.berkas.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert archive.namelist() == [name.replace(".docx", ".pdf") for name in NAMA]
    assert archive.read("lkjip-2025-OPD-A.pdf").startswith(b"%PDF")


def test_paket_progres_page(client, siklus, admin, django_capture_on_commit_callbacks):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            reverse("pelaporan:laporan_paket_create"), {"tahun": 2025, "format": "docx"}
        )
    paket = PaketLaporanKinerja.objects.get()
    url = reverse("pelaporan:laporan_paket_progres", args=[paket.pk])

    waiting = client.get(url).content.decode()
    callbacks[0]()
    done = client.get(url).content.decode()

    assert f'hx-get="{url}"' in waiting
    assert 'data-status="menunggu"' in waiting
    assert "hx-get" not in done
    assert 'data-status="berhasil"' in done
    assert reverse("pelaporan:laporan_paket_unduh", args=[paket.pk]) in done


def test_paket_failure_shown(
    client, siklus, opd_a, admin, django_capture_on_commit_callbacks
):
    # A frozen LKjIP whose data lost its keys cannot be rendered.
    LaporanKinerja.objects.create(
        unit=opd_a,
        tahun=2025,
        status=LaporanKinerja.Status.DITETAPKAN,
        isi_beku={"tahun": 2025, "unit": {"kode": "OPD-A"}},
        narasi_beku={},
    )
    client.force_login(admin)

    paket = create_paket(client, django_capture_on_commit_callbacks)

    assert paket.status == PaketLaporanKinerja.Status.GAGAL
    assert not paket.berkas
    assert "Pembuatan LKjIP Dinas A gagal: KeyError" in paket.pesan_galat
    page = client.get(reverse("pelaporan:laporan_paket_detail", args=[paket.pk]))
    assert "Pembuatan LKjIP Dinas A gagal" in page.content.decode()
    unduh = client.get(reverse("pelaporan:laporan_paket_unduh", args=[paket.pk]))
    assert unduh.status_code == 302


def test_paket_not_run_twice(siklus, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        paket = services.paket_buat(user=admin, tahun=2025, format="docx")
    paket.refresh_from_db()
    selesai = paket.selesai_pada

    services.paket_run(paket_id=paket.pk)

    paket.refresh_from_db()
    assert paket.selesai_pada == selesai


@pytest.mark.parametrize("username", ["ani", "kadis", "vera", "bupati"])
def test_paket_admin_only(client, cast, username):
    client.force_login(cast[username])

    response = client.post(
        reverse("pelaporan:laporan_paket_create"), {"tahun": 2025, "format": "docx"}
    )

    assert response.status_code == 403
    assert not PaketLaporanKinerja.objects.exists()
