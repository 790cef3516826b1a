"""Corrective actions: the finder and its notifications, planning and closing,
the pages, the rencana aksi panel and the command."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sakip.anggaran.models import KeuanganBulanan
from sakip.notifikasi.models import Notifikasi
from sakip.pelaksanaan.services import rencana_aksi_buat
from sakip.pengukuran.models import Realisasi, TindakLanjutKinerja
from sakip.pengukuran.monitoring import monitoring_build
from sakip.pengukuran.tests.conftest import PDF_BYTES, upload
from sakip.pengukuran.tindak_lanjut import (
    faktor_penghambat_list,
    tindak_lanjut_periksa,
    tindak_lanjut_rencanakan,
    tindak_lanjut_selesaikan,
)
from sakip.perjanjian.models import Level

from .test_monitoring_page import monitoring_data  # noqa: F401

Status = TindakLanjutKinerja.Status
TODAY = timezone.localdate()


@pytest.fixture
def diminta(monitoring_data):  # noqa: F811
    tindak_lanjut_periksa(tahun=2025, periode="TW2")
    return TindakLanjutKinerja.objects.get(indikator=monitoring_data["iku"])


def rencanakan(tindak_lanjut, user, **changes):
    values = {
        "faktor_penghambat": "Pengadaan terlambat",
        "tindakan": "Percepat lelang",
        "pelaksana": "Bidang Satu",
        "tenggat": TODAY + datetime.timedelta(days=30),
        **changes,
    }
    return tindak_lanjut_rencanakan(user=user, tindak_lanjut=tindak_lanjut, **values)


def test_finder_creates_request(monitoring_data, opd_a):  # noqa: F811
    hasil = tindak_lanjut_periksa(tahun=2025, periode="TW2")

    created = TindakLanjutKinerja.objects.get()
    assert hasil.dibuat == 1
    assert created.indikator == monitoring_data["iku"]
    assert created.unit == opd_a
    assert created.alasan == TindakLanjutKinerja.Alasan.KATEGORI_RENDAH
    assert str(created.capaian) == "40.00"
    assert created.status == Status.DIMINTA


def test_finder_ignores_drafts(monitoring_data):  # noqa: F811
    Realisasi.objects.filter(indikator=monitoring_data["iku"]).update(
        status=Realisasi.Status.DRAFT
    )

    hasil = tindak_lanjut_periksa(tahun=2025, periode="TW2")

    assert hasil.dibuat == 0
    assert not TindakLanjutKinerja.objects.exists()


def test_finder_ignores_draft_months(monitoring_data):  # noqa: F811
    KeuanganBulanan.objects.filter(elemen=monitoring_data["tepat"]).update(
        status=KeuanganBulanan.Status.DRAFT
    )

    semua = monitoring_build(user=None, tahun=2025, periode="B06")
    tanpa_draft = monitoring_build(
        user=None, tahun=2025, periode="B06", tanpa_draft=True
    )

    def tepat(result):
        return next(
            item
            for item in result.sub_kegiatan
            if item.elemen.pk == monitoring_data["tepat"].pk
        )

    assert tepat(semua).tertinggal_keuangan is False
    assert tepat(tanpa_draft).tertinggal_keuangan is True


def test_finder_idempotent(monitoring_data):  # noqa: F811
    tindak_lanjut_periksa(tahun=2025, periode="TW2")
    notifications = Notifikasi.objects.count()

    again = tindak_lanjut_periksa(tahun=2025, periode="TW2")

    assert again.dibuat == 0
    assert again.sudah_ada == 1
    assert TindakLanjutKinerja.objects.count() == 1
    assert Notifikasi.objects.count() == notifications


def test_finder_notifies_operators(monitoring_data, ani, budi, citra):  # noqa: F811
    tindak_lanjut_periksa(tahun=2025, periode="TW2")

    penerima = set(Notifikasi.objects.values_list("penerima__username", flat=True))
    judul = list(
        Notifikasi.objects.filter(penerima=ani).values_list("judul", flat=True)
    )
    assert penerima == {"ani", "budi"}
    assert any(j.startswith("Tindak lanjut diminta") for j in judul)
    assert any("butir tertinggal" in j for j in judul)


def test_month_only_notifies(monitoring_data, ani):  # noqa: F811
    hasil = tindak_lanjut_periksa(tahun=2025, periode="B06")

    assert TindakLanjutKinerja.objects.count() == 0
    assert hasil.notifikasi_tertinggal > 0


def test_plan_requires_faktor_penghambat(diminta, ani):
    with pytest.raises(ValidationError) as error:
        rencanakan(diminta, ani, faktor_penghambat="  ")

    assert "faktor_penghambat" in error.value.message_dict
    diminta.refresh_from_db()
    assert diminta.status == Status.DIMINTA


def test_plan_rejects_past_tenggat(diminta, ani):
    with pytest.raises(ValidationError) as error:
        rencanakan(diminta, ani, tenggat=TODAY - datetime.timedelta(days=1))

    assert "sudah lewat" in error.value.message_dict["tenggat"][0]


def test_past_tenggat_in_long_form(diminta, ani):
    with pytest.raises(ValidationError) as error:
        rencanakan(diminta, ani, tenggat=datetime.date(2020, 1, 1))

    assert error.value.message_dict["tenggat"] == [
        "Tenggat 1 Januari 2020 sudah lewat. Pilih hari ini atau tanggal sesudahnya."
    ]


def test_plan_other_opd_denied(diminta, citra):
    with pytest.raises(PermissionDenied):
        rencanakan(diminta, citra)


def test_plan_and_close(diminta, ani):
    rencanakan(diminta, ani)

    closed = tindak_lanjut_selesaikan(
        user=ani,
        tindak_lanjut=diminta,
        hasil="Lelang selesai",
        selesai_pada=TODAY,
        bukti=upload("laporan.pdf", PDF_BYTES),
    )

    assert closed.status == Status.SELESAI
    assert closed.bukti_nama == "laporan.pdf"
    assert closed.history.count() == 3


def test_close_requires_evidence(diminta, ani):
    rencanakan(diminta, ani)

    with pytest.raises(ValidationError) as error:
        tindak_lanjut_selesaikan(
            user=ani, tindak_lanjut=diminta, hasil="Selesai", selesai_pada=TODAY
        )

    assert "bukti" in error.value.message_dict


def test_close_rejects_fake_pdf(diminta, ani):
    rencanakan(diminta, ani)

    with pytest.raises(ValidationError) as error:
        tindak_lanjut_selesaikan(
            user=ani,
            tindak_lanjut=diminta,
            hasil="Selesai",
            selesai_pada=TODAY,
            bukti=upload("laporan.pdf", b"MZ not a pdf"),
        )

    assert "bukti" in error.value.message_dict


def test_close_before_plan_rejected(diminta, ani):
    with pytest.raises(ValidationError):
        tindak_lanjut_selesaikan(
            user=ani,
            tindak_lanjut=diminta,
            hasil="Selesai",
            selesai_pada=TODAY,
            bukti_tautan="https://contoh.go.id/bukti",
        )


def test_closed_cannot_be_replanned(diminta, ani):
    rencanakan(diminta, ani)
    tindak_lanjut_selesaikan(
        user=ani,
        tindak_lanjut=diminta,
        hasil="Selesai",
        selesai_pada=TODAY,
        bukti_tautan="https://contoh.go.id/bukti",
    )

    with pytest.raises(ValidationError):
        rencanakan(diminta, ani, tindakan="Lagi")


def test_page_keeps_input_on_error(client, diminta, ani):
    client.force_login(ani)
    path = reverse("pengukuran:tindak_lanjut_edit", args=[diminta.pk])

    response = client.post(
        path,
        {
            "faktor_penghambat": "",
            "tindakan": "Percepat lelang tahap dua",
            "pelaksana": "Bidang Satu",
            "tenggat": (TODAY + datetime.timedelta(days=5)).isoformat(),
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Faktor penghambat wajib diisi" in html
    assert "Percepat lelang tahap dua" in html


def test_page_plan_saved(client, diminta, ani):
    client.force_login(ani)
    path = reverse("pengukuran:tindak_lanjut_edit", args=[diminta.pk])

    response = client.post(
        path,
        {
            "faktor_penghambat": "Cuaca",
            "tindakan": "Tambah tenaga",
            "pelaksana": "PPTK",
            "tenggat": (TODAY + datetime.timedelta(days=5)).isoformat(),
        },
    )

    diminta.refresh_from_db()
    assert response.status_code == 302
    assert diminta.status == Status.DIRENCANAKAN
    assert diminta.faktor_penghambat == "Cuaca"


def test_page_other_opd(client, diminta, citra):
    client.force_login(citra)
    path = reverse("pengukuran:tindak_lanjut_edit", args=[diminta.pk])

    assert client.get(path).status_code == 404
    assert client.post(path, {"faktor_penghambat": "x"}).status_code == 404


def test_page_kepala_read_only(client, diminta, kadis):
    client.force_login(kadis)
    path = reverse("pengukuran:tindak_lanjut_edit", args=[diminta.pk])

    assert client.get(path).status_code == 200
    assert client.post(path, {"faktor_penghambat": "x"}).status_code == 403


def test_faktor_penghambat_list(diminta, ani, opd_a):
    rencanakan(diminta, ani)

    rows = faktor_penghambat_list(opd_a, 2025)

    assert [row.faktor_penghambat for row in rows] == ["Pengadaan terlambat"]
    assert faktor_penghambat_list(opd_a, 2024) == []


def test_panel_on_rencana_aksi(client, diminta, ani, admin, pk_opd):
    rencanakan(diminta, ani)
    rencana_aksi = rencana_aksi_buat(perjanjian=pk_opd[Level.KEPALA_OPD], user=admin)
    client.force_login(ani)

    response = client.get(
        reverse("pelaksanaan:rencana_aksi_detail", args=[rencana_aksi.pk])
    )

    html = response.content.decode()
    assert 'id="panel-tindak-lanjut"' in html
    assert "Percepat lelang" in html


def test_command_idempotent(monitoring_data):  # noqa: F811
    first, second = StringIO(), StringIO()

    call_command(
        "periksa_monitoring", "--tahun", "2025", "--periode", "tw2", stdout=first
    )
    call_command(
        "periksa_monitoring", "--tahun", "2025", "--periode", "TW2", stdout=second
    )

    assert "Tindak lanjut dibuat: 1" in first.getvalue()
    assert "Tindak lanjut dibuat: 0; sudah ada: 1" in second.getvalue()
    assert "notifikasi tindak lanjut: 0" in second.getvalue()


def test_command_rejects_tahunan(db):
    with pytest.raises(Exception, match="triwulan"):
        call_command("periksa_monitoring", "--tahun", "2025", "--periode", "tahunan")


@pytest.mark.parametrize(
    ("tahun", "kutipan"),
    [
        ("99999999999999999999999", "9999999999…"),
        ("abc", "abc"),
        ("1999", "1999"),
        ("２０２５", "２０２５"),
    ],
)
def test_list_rejects_invalid_tahun(client, admin, diminta, tahun, kutipan):
    client.force_login(admin)

    response = client.get(reverse("pengukuran:tindak_lanjut_list"), {"tahun": tahun})

    content = response.content.decode()
    assert response.status_code == 200
    assert (
        f"&quot;{kutipan}&quot; bukan tahun yang sah. Isi tahun 2000 sampai 2100. "
        f"Ditampilkan tahun {TODAY.year}."
    ) in content
    assert f"Tindak lanjut kinerja {TODAY.year}</h1>" in content
    assert f'name="tahun" value="{TODAY.year}"' in content


def test_list_valid_tahun(client, admin, diminta):
    client.force_login(admin)

    response = client.get(reverse("pengukuran:tindak_lanjut_list"), {"tahun": "2025"})

    content = response.content.decode()
    assert "Tindak lanjut kinerja 2025</h1>" in content
    assert "bukan tahun yang sah" not in content
    assert diminta.indikator.uraian in content
