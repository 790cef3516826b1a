import html
import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from sakip.anggaran.impor_sipd import FOLDER, SESSION_KEY
from sakip.anggaran.models import KeuanganBulanan, Pagu

from .factories import keuangan, renja_anggaran

pytestmark = pytest.mark.django_db

CONTOH = Path(__file__).parent / "data" / "dpa-sub-kegiatan-contoh.csv"
HEADER = "kode_skpd,kode_sub_giat,nama_sub_giat,pagu"


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def renja(opd_a, opd_b):
    return {
        "a": renja_anggaran(opd_a, program=1, sub=2, pagu=1),
        "b": renja_anggaran(opd_b, program=1, sub=1, pagu=1),
    }


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _contoh() -> SimpleUploadedFile:
    return _file("dpa-sub-kegiatan-contoh.csv", CONTOH.read_bytes())


def _csv(*lines: str, header: str = HEADER) -> SimpleUploadedFile:
    return _file("dpa.csv", "\n".join([header, *lines]).encode())


def _periksa(client, berkas, **fields):
    data = {"berkas": berkas, "tahun": "2025", "versi": "murni", **fields}
    return client.post(reverse("anggaran:sipd_periksa"), data)


def _simpan(client, token: str):
    return client.post(reverse("anggaran:sipd_simpan"), {"token": token})


def _stored() -> tuple[list, list]:
    """Every pagu and month row, to compare before and after a request."""
    pagu = list(Pagu.objects.order_by("pk").values_list("elemen", "versi", "pagu"))
    bulan = list(
        KeuanganBulanan.objects.order_by("pk").values_list(
            "elemen", "bulan", "anggaran_kas", "realisasi_keuangan"
        )
    )
    return pagu, bulan


def _kept_files(media: Path) -> list[str]:
    folder = media / FOLDER
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("catatan.txt", "bukan buku kerja")
    return buffer.getvalue()


def _zip_of_zeros(*, megabytes: int) -> bytes:
    """Return a ZIP archive of about 1 KB per MB whose one member unzips to
    ``megabytes`` MB of zero bytes."""
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED)
    member_name = "xl/worksheets/sheet1.xml"
    with archive, archive.open(member_name, "w", force_zip64=True) as member:
        for _chunk in range(megabytes):
            member.write(b"\0" * 1024 * 1024)
    return buffer.getvalue()


def test_check_then_save_stores_preview(client, admin, renja, media):
    client.force_login(admin)
    first, second = renja["a"]["sub_kegiatan"]

    response = _periksa(client, _contoh())

    assert response.status_code == 200
    pratinjau = response.context["pratinjau"]
    previewed = {row.kode: row.pagu for row in pratinjau.baris}
    assert previewed == {
        "OPD-A.1.1": 120_000_000,
        "OPD-A.1.2": 75_500_000,
        "OPD-B.1.1": 48_000_000,
    }
    assert [row.anggaran_kas for row in pratinjau.baris] == [
        120_000_000,
        75_500_000,
        None,
    ]
    text = response.content.decode()
    assert 'id="jumlah-pagu">Rp 243.500.000' in text
    assert 'id="jumlah-anggaran-kas">Rp 195.500.000' in text
    assert "Belum ada yang disimpan." in text
    assert Pagu.objects.get(elemen=first).pagu == 1
    assert not KeuanganBulanan.objects.exists()
    assert len(_kept_files(media)) == 1

    response = _simpan(client, response.context["unggahan"].token)

    assert response.status_code == 302
    assert response.url == reverse("anggaran:anggaran_pemda") + "?tahun=2025"
    stored = {
        pagu.elemen.nomenklatur: pagu.pagu
        for pagu in Pagu.objects.filter(tahun=2025, versi="murni")
    }
    assert stored == previewed
    assert KeuanganBulanan.objects.get(elemen=second, bulan=9).anggaran_kas == (
        25_500_000
    )
    assert _kept_files(media) == []


def test_save_message(client, admin, renja):
    client.force_login(admin)
    token = _periksa(client, _contoh()).context["unggahan"].token

    response = _simpan(client, token)

    text = client.get(response.url).content.decode()
    assert "3 sub kegiatan dari dpa-sub-kegiatan-contoh.csv disimpan" in text
    assert "pagu murni tahun 2025 berjumlah Rp 243.500.000" in text


def test_xlsx_perubahan(client, ani, renja):
    client.force_login(ani)
    workbook = Workbook()
    workbook.active.append(["kode_sub_giat", "nama_sub_giat", "pagu", "bulan_1"])
    workbook.active.append(["OPD-A.1.1", "Penyusunan", 130_000_000, 5_000_000])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = _periksa(client, _file("dpa.xlsx", buffer.getvalue()), versi="perubahan")
    _simpan(client, response.context["unggahan"].token)

    elemen = renja["a"]["sub_kegiatan"][0]
    assert Pagu.objects.get(elemen=elemen, versi="perubahan").pagu == 130_000_000
    assert Pagu.objects.get(elemen=elemen, versi="murni").pagu == 1
    assert KeuanganBulanan.objects.get(elemen=elemen, bulan=1).anggaran_kas == (
        5_000_000
    )


@pytest.mark.parametrize(
    ("berkas", "message"),
    [
        (
            _csv("1,2", header="kode_rekening,uraian"),
            "kolom kode_sub_giat, nama_sub_giat, pagu tidak ada. "
            "Kolom yang ada: kode_rekening, uraian.",
        ),
        (
            _csv("OPD-A,OPD-A.1.1,Satu,sejuta"),
            'Baris 2, kolom pagu: Nilai "sejuta" bukan jumlah rupiah.',
        ),
        (
            _csv("OPD-A,OPD-A.1.1,Satu,1500000,100", header=HEADER + ",bulan_13"),
            "Baris 1, kolom bulan_13: bulan harus bulan_1 sampai bulan_12.",
        ),
        (
            _csv("OPD-A,OPD-A.1.1,Satu,1500000,100", header=HEADER + ",bulan_0"),
            "Baris 1, kolom bulan_0: bulan harus bulan_1 sampai bulan_12.",
        ),
        (
            _csv("OPD-A,OPD-A.1.1,Satu,99999999999999999999"),
            'Baris 2, kolom pagu: Nilai "99999999999999999999" terlalu besar; '
            "jumlah rupiah paling besar 999.999.999.999.999.",
        ),
        (_file("dpa.csv", b""), "Berkas yang diunggah kosong."),
        (_csv(), "Berkas tidak berisi satu baris pun."),
        (
            _file("dpa.xlsx", b"%PDF-1.4\n%bukan buku kerja\n"),
            "Berkas dpa.xlsx bukan buku kerja Excel .xlsx",
        ),
        (
            _file("dpa.xlsx", _zip_without_workbook()),
            "Berkas dpa.xlsx tidak dapat dibaca sebagai XLSX: berkasnya rusak",
        ),
        (
            _file("dpa.csv", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
            "Berkas dpa.csv tidak dapat dibaca sebagai CSV UTF-8.",
        ),
        (_file("dpa.pdf", b"%PDF-1.4"), "Berkas dpa.pdf bukan .xlsx atau .csv."),
        (
            _file("dpa.csv", b"x" * (10 * 1024 * 1024 + 1)),
            "melebihi batas 10,0\xa0MB",
        ),
    ],
    ids=[
        "other-columns",
        "pagu-not-a-number",
        "month-13",
        "month-0",
        "pagu-too-large",
        "empty-file",
        "header-only",
        "not-a-zip",
        "zip-not-xlsx",
        "binary-csv",
        "pdf",
        "too-large",
    ],
)
def test_bad_file_stores_nothing(client, ani, renja, media, berkas, message):
    client.force_login(ani)
    berkas.seek(0)
    before = _stored()

    response = _periksa(client, berkas)

    assert response.status_code == 200
    assert html.escape(message) in response.content.decode()
    assert "pratinjau" not in response.context
    assert _stored() == before
    assert _kept_files(media) == []


def test_xlsx_expanding_too_far(client, ani, renja, media):
    before = _stored()
    client.force_login(ani)

    response = _periksa(client, _file("dpa.xlsx", _zip_of_zeros(megabytes=101)))

    assert "melebihi batas 100,0\xa0MB" in response.content.decode()
    assert _stored() == before
    assert _kept_files(media) == []


def test_many_errors_shortened(client, ani, renja):
    client.force_login(ani)
    rows = [f"OPD-A,9.99.{number},Tidak ada,100" for number in range(250)]

    response = _periksa(client, _csv(*rows))

    assert len(response.context["kesalahan"]) == 200
    text = response.content.decode()
    assert "ditemukan 200 kesalahan" in text
    assert (
        "Pemeriksaan berhenti setelah 200 kesalahan, di baris 201; 50 baris "
        "sesudahnya belum diperiksa." in text
    )


def test_realisasi_above_pagu(client, ani, renja, media):
    client.force_login(ani)
    keuangan(renja["a"]["sub_kegiatan"][0], b1=(None, 900, None))
    before = _stored()

    response = _periksa(client, _csv("OPD-A,OPD-A.1.1,Satu,800"))

    assert response.context["kesalahan"] == [
        "Baris 2, kolom pagu: realisasi keuangan yang tercatat (Rp 900) melebihi "
        "pagu baru (Rp 800)."
    ]
    assert "Berkas dpa.csv tidak disimpan" in response.content.decode()
    assert _stored() == before
    assert _kept_files(media) == []


def test_failed_save_stores_nothing(client, ani, renja, media):
    # The file passes the check, but realisasi recorded before "Simpan" makes
    # the save's own check fail.
    client.force_login(ani)
    response = _periksa(client, _csv("OPD-A,OPD-A.1.1,Satu,800"))
    keuangan(renja["a"]["sub_kegiatan"][0], b1=(None, 900, None))
    before = _stored()

    response = _simpan(client, response.context["unggahan"].token)

    assert response.status_code == 200
    assert "melebihi pagu baru (Rp 800)" in response.context["kesalahan"][0]
    assert _stored() == before
    assert _kept_files(media) == []


def test_other_opd_operator_cannot_store(client, citra, renja, opd_a):
    client.force_login(citra)
    before = _stored()

    # The OPD field is Admin Bappeda's, so an operator's choice is ignored.
    response = _periksa(client, _contoh(), opd=str(opd_a.pk))

    errors = response.context["kesalahan"]
    assert errors[0] == (
        "Baris 2, kolom kode_sub_giat: sub kegiatan OPD-A.1.1 tidak ada di Renja "
        "tahun 2025 Dinas B. Periksa kode nomenklatur sub kegiatan di Renja."
    )
    assert "OPD-B" not in errors[0]
    assert len(errors) == 2
    assert _stored() == before


def test_other_opd_operator_cannot_use_token(client, ani, citra, renja, media):
    client.force_login(ani)
    token = _periksa(client, _csv("OPD-A,OPD-A.1.1,Satu,800")).context["unggahan"].token
    client.logout()
    client.force_login(citra)
    before = _stored()

    response = _simpan(client, token)

    assert response.status_code == 302
    assert response.url == reverse("anggaran:sipd_periksa")
    assert _stored() == before


def test_operator_imports_own_opd(client, ani, renja, opd_a):
    client.force_login(ani)

    response = _periksa(client, _csv("OPD-A,OPD-A.1.2,Dua,2.500.000"))
    response = _simpan(client, response.context["unggahan"].token)

    expected = reverse("anggaran:anggaran_opd", kwargs={"pk": opd_a.pk})
    assert response.url == expected + "?tahun=2025"
    assert Pagu.objects.get(elemen=renja["a"]["sub_kegiatan"][1]).pagu == 2_500_000


def test_admin_chooses_opd(client, admin, renja, opd_b):
    client.force_login(admin)

    response = _periksa(client, _contoh(), opd=str(opd_b.pk))

    errors = response.context["kesalahan"]
    assert len(errors) == 2
    assert "sub kegiatan OPD-A.1.1 tidak ada di Renja tahun 2025 Dinas B." in errors[0]


def test_second_save_already_saved(client, ani, renja):
    client.force_login(ani)
    token = _periksa(client, _csv("OPD-A,OPD-A.1.1,Satu,800")).context["unggahan"].token
    _simpan(client, token)

    response = _simpan(client, token)

    assert response.url == reverse("anggaran:sipd_periksa")
    text = client.get(response.url).content.decode()
    assert "Berkas ini sudah disimpan." in text


def test_unknown_token(client, ani, renja):
    client.force_login(ani)
    assert "unggahan" in _periksa(client, _csv("OPD-A,OPD-A.1.1,Satu,800")).context

    response = _simpan(client, "0" * 32)

    text = client.get(response.url).content.decode()
    assert "Tidak ada berkas yang menunggu disimpan" in text
    assert Pagu.objects.get(elemen=renja["a"]["sub_kegiatan"][0]).pagu == 1


def test_new_check_replaces_old(client, ani, renja, media):
    client.force_login(ani)
    old = _periksa(client, _csv("OPD-A,OPD-A.1.1,Satu,800")).context["unggahan"].token
    _periksa(client, _csv("OPD-A,OPD-A.1.2,Dua,900"))

    _simpan(client, old)

    assert len(_kept_files(media)) == 1
    assert Pagu.objects.get(elemen=renja["a"]["sub_kegiatan"][0]).pagu == 1


def test_stale_file_deleted(client, ani, renja, media):
    folder = media / FOLDER
    folder.mkdir(parents=True)
    stale = folder / "lama.csv"
    stale.write_text(HEADER)
    day_ago = time.time() - 25 * 3600
    os.utime(stale, (day_ago, day_ago))
    client.force_login(ani)

    _periksa(client, _csv("OPD-A,OPD-A.1.1,Satu,800"))

    assert not stale.exists()
    assert len(_kept_files(media)) == 1


def test_reader_forbidden(client, kadis, renja):
    client.force_login(kadis)
    before = _stored()

    assert client.get(reverse("anggaran:sipd_periksa")).status_code == 403
    assert _periksa(client, _contoh()).status_code == 403
    assert _simpan(client, "0" * 32).status_code == 403
    assert _stored() == before


def test_link_on_budget_pages(client, admin, ani, kadis, opd_a, renja):
    url = reverse("anggaran:sipd_periksa")
    opd_page = reverse("anggaran:anggaran_opd", kwargs={"pk": opd_a.pk})

    client.force_login(admin)
    assert url in client.get(reverse("anggaran:anggaran_pemda")).content.decode()
    client.force_login(ani)
    assert url in client.get(opd_page).content.decode()
    client.force_login(kadis)
    assert url not in client.get(opd_page).content.decode()


def test_operator_sees_own_opd(client, ani, opd_a):
    client.force_login(ani)

    response = client.get(reverse("anggaran:sipd_periksa"))

    assert "opd" not in response.context["form"].fields
    assert response.context["opd_tetap"] == opd_a


@pytest.mark.parametrize("opd", ["none", "other"])
def test_save_rechecks_opd(client, citra, renja, opd_a, opd):
    # A session entry for every OPD or for another OPD is rejected on save,
    # even though the check step never writes one for an operator.
    client.force_login(citra)
    token = _periksa(client, _csv("OPD-B,OPD-B.1.1,Tiga,800")).context["unggahan"].token
    session = client.session
    session[SESSION_KEY]["opd_id"] = None if opd == "none" else opd_a.pk
    session.save()
    before = _stored()

    response = _simpan(client, token)

    assert response.status_code == 403
    assert _stored() == before


def test_row_limit_on_page(client, ani, settings):
    settings.SAKIP_SIPD_MAX_ROWS = 1000
    client.force_login(ani)

    response = client.get(reverse("anggaran:sipd_periksa"))

    assert "Paling banyak 1.000 baris data." in response.content.decode()


def test_corrupt_xlsx_on_page(client, ani, renja, media):
    workbook = Workbook()
    for number in range(300):
        workbook.active.append([f"X.{number}", "Satu", number])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = bytearray(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + info.compress_size - 4] ^= 0xFF
    client.force_login(ani)

    response = _periksa(client, _file("dpa.xlsx", bytes(data)))

    assert response.status_code == 200
    assert response.context["kesalahan"] == [
        "Berkas dpa.xlsx tidak dapat dibaca sebagai XLSX: berkasnya rusak atau bukan "
        "buku kerja Excel. Buka berkas di Excel lalu simpan ulang sebagai .xlsx, atau "
        "unggah CSV."
    ]
    assert _kept_files(media) == []
