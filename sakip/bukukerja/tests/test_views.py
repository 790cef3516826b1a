"""The upload page, its progress fragment and the export download."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sakip.bukukerja.models import ImporBukuKerja
from sakip.bukukerja.tests.workbooks import base_sheets, set_cell, write_workbook
from sakip.perencanaan.models import Target

pytestmark = pytest.mark.django_db


def _upload(path, name="buku kerja.xlsx"):
    return SimpleUploadedFile(name, path.read_bytes())


def _login(client, user):
    client.force_login(user)
    return client


URLS = [
    ("bukukerja:impor_create", False),
    ("bukukerja:impor_detail", True),
    ("bukukerja:impor_progres", True),
    ("bukukerja:ekspor", False),
]


@pytest.fixture
def job(admin):
    return ImporBukuKerja.objects.create(nama_berkas="x.xlsx", diunggah_oleh=admin)


@pytest.mark.parametrize("name,needs_pk", URLS)
@pytest.mark.parametrize("username", ["ani", "kadis", "vera", "evi", "bupati"])
def test_pages_forbidden_for_others(client, cast, job, name, needs_pk, username):
    url = reverse(name, args=[job.pk] if needs_pk else [])

    response = _login(client, cast[username]).get(url)

    assert response.status_code == 403


@pytest.mark.parametrize("name,needs_pk", URLS)
def test_pages_need_login(client, job, name, needs_pk):
    url = reverse(name, args=[job.pk] if needs_pk else [])

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_upload_forbidden_for_operator(client, ani, base_workbook):
    response = _login(client, ani).post(
        reverse("bukukerja:impor_create"), {"berkas": _upload(base_workbook)}
    )

    assert response.status_code == 403
    assert ImporBukuKerja.objects.count() == 0


def test_upload_page_shows_form(client, admin):
    response = _login(client, admin).get(reverse("bukukerja:impor_create"))

    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()
    assert "Hanya periksa" in response.content.decode()


def test_upload_imports_and_shows_summary(client, admin, base_workbook, media_root):
    response = _login(client, admin).post(
        reverse("bukukerja:impor_create"), {"berkas": _upload(base_workbook)}
    )

    impor = ImporBukuKerja.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("bukukerja:impor_detail", args=[impor.pk])
    assert impor.status == ImporBukuKerja.Status.BERHASIL
    assert impor.progres == 100
    assert impor.nama_berkas == "buku kerja.xlsx"
    assert impor.berkas.name == f"bukukerja/impor/{impor.pk}/buku-kerja.xlsx"
    assert (media_root / impor.berkas.name).is_file()
    assert Target.objects.count() == 6
    assert Target.history.first().history_user == admin
    page = client.get(response.url).content.decode()
    assert 'id="tabel-ringkasan"' in page
    assert "hx-trigger" not in page


def test_upload_keeps_user_name_out_of_path(client, admin, base_workbook):
    _login(client, admin).post(
        reverse("bukukerja:impor_create"),
        {"berkas": _upload(base_workbook, name="../../etc/passwd.xlsx")},
    )

    impor = ImporBukuKerja.objects.get()
    assert impor.berkas.name == f"bukukerja/impor/{impor.pk}/buku-kerja.xlsx"


def test_upload_dry_run_writes_nothing(client, admin, base_workbook):
    _login(client, admin).post(
        reverse("bukukerja:impor_create"),
        {"berkas": _upload(base_workbook), "hanya_periksa": "on"},
    )

    impor = ImporBukuKerja.objects.get()
    assert impor.status == ImporBukuKerja.Status.BERHASIL
    assert impor.ringkasan["disimpan"] is False
    assert impor.ringkasan["sheet"]["Target"]["dibuat"] == 6
    assert Target.objects.count() == 0


def test_upload_with_errors_shows_table(client, admin, tmp_path):
    sheets = base_sheets()
    set_cell(sheets, "Target", 3, "nilai", "dua belas")
    path = write_workbook(tmp_path / "salah.xlsx", sheets)

    response = _login(client, admin).post(
        reverse("bukukerja:impor_create"), {"berkas": _upload(path)}, follow=True
    )

    impor = ImporBukuKerja.objects.get()
    assert impor.status == ImporBukuKerja.Status.GAGAL
    assert impor.jumlah_kesalahan == 1
    assert impor.kesalahan[0] == {
        "sheet": "Target",
        "baris": 3,
        "kolom": "nilai",
        "pesan": impor.kesalahan[0]["pesan"],
    }
    page = response.content.decode()
    assert 'id="tabel-kesalahan"' in page
    assert "dua belas" in page
    assert Target.objects.count() == 0


def test_upload_rejects_file_that_is_not_xlsx(client, admin):
    upload = SimpleUploadedFile("data.xlsx", b"kode,nama\nA,B\n")

    response = _login(client, admin).post(
        reverse("bukukerja:impor_create"), {"berkas": upload}
    )

    assert response.status_code == 200
    assert "bukan buku kerja Excel .xlsx" in response.content.decode()
    assert ImporBukuKerja.objects.count() == 0


def test_upload_rejects_file_over_limit(client, admin, base_workbook, settings):
    settings.SAKIP_WORKBOOK_MAX_BYTES = 1000

    response = _login(client, admin).post(
        reverse("bukukerja:impor_create"), {"berkas": _upload(base_workbook)}
    )

    assert response.status_code == 200
    assert "melebihi batas" in response.content.decode()
    assert ImporBukuKerja.objects.count() == 0


def test_progress_fragment_polls_while_running(client, admin, job):
    ImporBukuKerja.objects.filter(pk=job.pk).update(
        status=ImporBukuKerja.Status.BERJALAN, progres=42, tahap="Memeriksa isi"
    )

    response = _login(client, admin).get(
        reverse("bukukerja:impor_progres", args=[job.pk]), HTTP_HX_REQUEST="true"
    )

    page = response.content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert reverse("bukukerja:impor_progres", args=[job.pk]) in page
    assert 'aria-valuenow="42"' in page
    assert "width: 42%" in page
    assert "Memeriksa isi" in page


def test_progress_fragment_stops_when_done(client, admin, job):
    ImporBukuKerja.objects.filter(pk=job.pk).update(
        status=ImporBukuKerja.Status.BERHASIL,
        progres=100,
        ringkasan={"sheet": {"Unit": {"dibuat": 1, "diubah": 0, "tetap": 0}}},
    )

    response = _login(client, admin).get(
        reverse("bukukerja:impor_progres", args=[job.pk])
    )

    page = response.content.decode()
    assert "hx-trigger" not in page
    assert 'id="tabel-ringkasan"' in page


def test_error_table_shows_first_200(client, admin, job):
    errors = [
        {"sheet": "Target", "baris": n, "kolom": "nilai", "pesan": f"salah {n}"}
        for n in range(2, 202)
    ]
    ImporBukuKerja.objects.filter(pk=job.pk).update(
        status=ImporBukuKerja.Status.GAGAL, kesalahan=errors, jumlah_kesalahan=100_000
    )

    response = _login(client, admin).get(
        reverse("bukukerja:impor_detail", args=[job.pk])
    )

    page = response.content.decode()
    assert page.count("<tr><td>Target</td>") == 200
    assert "Ditemukan 100.000 kesalahan" in page


def test_export_downloads_workbook(client, admin, base_workbook):
    _login(client, admin).post(
        reverse("bukukerja:impor_create"), {"berkas": _upload(base_workbook)}
    )

    response = client.get(reverse("bukukerja:ekspor"))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book["Unit"]["A2"].value == "PEMDA"
    assert book["Target"].max_row == 7
