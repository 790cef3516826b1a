"""The input windows: when an OPD may enter realisation, and reopening."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sakip.notifikasi.models import Notifikasi
from sakip.pengukuran import jadwal
from sakip.pengukuran.models import BukaUlangJadwal, JadwalInput, Realisasi
from sakip.pengukuran.services import IsianKinerja, realisasi_simpan

from .conftest import buka_jadwal

WIB = datetime.timezone(datetime.timedelta(hours=7))
MULAI_TW2 = datetime.datetime(2025, 7, 1, 0, 0, tzinfo=WIB)
SELESAI_TW2 = datetime.datetime(2025, 7, 10, 23, 59, tzinfo=WIB)
PESAN_DITUTUP = (
    "Jadwal input Triwulan II 2025 ditutup pada 10 Juli 2025 pukul 23.59. "
    "Minta Admin Bappeda membuka ulang untuk unit Anda."
)


@pytest.fixture
def tw2(db):
    return JadwalInput.objects.create(
        tahun=2025, periode="TW2", mulai=MULAI_TW2, selesai=SELESAI_TW2
    )


def _status(unit, now, periode="TW2"):
    return jadwal.status_jadwal(
        unit_id=None if unit is None else unit.pk, tahun=2025, periode=periode, now=now
    )


def test_status_without_jadwal_closed(opd_a):
    status = _status(opd_a, timezone.now())

    assert status.terbuka is False
    assert status.pesan == (
        "Jadwal input Triwulan II 2025 belum ditetapkan. Minta Admin Bappeda "
        "menetapkannya."
    )


def test_status_before_mulai(tw2, opd_a):
    status = _status(opd_a, MULAI_TW2 - datetime.timedelta(minutes=1))

    assert status.terbuka is False
    assert status.pesan == (
        "Jadwal input Triwulan II 2025 baru dibuka pada 1 Juli 2025 pukul 00.00."
    )


def test_status_open_until_selesai(tw2, opd_a):
    at_start = _status(opd_a, MULAI_TW2)
    at_end = _status(opd_a, SELESAI_TW2)

    assert at_start.terbuka is True
    assert at_end.terbuka is True
    assert at_end.pesan == (
        "Jadwal input Triwulan II 2025 terbuka sampai 10 Juli 2025 pukul 23.59."
    )


def test_status_after_selesai_message(tw2, opd_a):
    status = _status(opd_a, SELESAI_TW2 + datetime.timedelta(seconds=1))

    assert status.terbuka is False
    assert status.pesan == PESAN_DITUTUP


def test_jadwal_terbuka_takes_unit_or_id(tw2, opd_a):
    inside = MULAI_TW2 + datetime.timedelta(days=2)

    assert jadwal.jadwal_terbuka(opd_a, 2025, "TW2", inside) is True
    assert jadwal.jadwal_terbuka(opd_a.pk, 2025, "TW2", inside) is True
    assert jadwal.jadwal_terbuka(opd_a, 2025, "TW3", inside) is False


def test_buka_ulang_opens_for_one_unit(tw2, admin, opd_a, opd_b):
    now = timezone.now()
    jadwal.buka_ulang_buat(
        user=admin,
        jadwal=tw2,
        unit=opd_a,
        sampai=now + datetime.timedelta(days=2),
        alasan="SP2D terlambat",
    )

    status_a = _status(opd_a, now)
    status_b = _status(opd_b, now)

    assert status_a.terbuka is True
    assert "dibuka ulang untuk Dinas A" in status_a.pesan
    assert status_b.terbuka is False
    assert status_b.pesan == PESAN_DITUTUP


def test_buka_ulang_expired_names_later_close(tw2, admin, opd_a):
    sampai = SELESAI_TW2 + datetime.timedelta(days=5)
    BukaUlangJadwal.objects.create(
        jadwal=tw2, unit=opd_a, sampai=sampai, alasan="x", oleh=admin
    )

    status = _status(opd_a, sampai + datetime.timedelta(minutes=1))

    assert status.terbuka is False
    assert "ditutup pada 15 Juli 2025 pukul 23.59" in status.pesan


def test_buka_ulang_notifies_operators(tw2, admin, ani, budi, citra, opd_a):
    jadwal.buka_ulang_buat(
        user=admin,
        jadwal=tw2,
        unit=opd_a,
        sampai=timezone.now() + datetime.timedelta(days=1),
        alasan="Koreksi SP2D",
    )

    penerima = set(Notifikasi.objects.values_list("penerima__username", flat=True))

    assert penerima == {"ani", "budi"}


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("unit", {"unit": "bidang"}),
        ("sampai", {"sampai": "past"}),
        ("alasan", {"alasan": "  "}),
    ],
)
def test_buka_ulang_rejects_bad_input(tw2, admin, opd_a, bidang_a, field, kwargs):
    values = {
        "unit": opd_a,
        "sampai": timezone.now() + datetime.timedelta(days=1),
        "alasan": "alasan",
    }
    if kwargs.get("unit") == "bidang":
        values["unit"] = bidang_a
    if kwargs.get("sampai") == "past":
        values["sampai"] = timezone.now() - datetime.timedelta(minutes=1)
    if "alasan" in kwargs:
        values["alasan"] = kwargs["alasan"]

    with pytest.raises(ValidationError) as error:
        jadwal.buka_ulang_buat(user=admin, jadwal=tw2, **values)

    assert list(error.value.message_dict) == [field]
    assert BukaUlangJadwal.objects.count() == 0


def test_buka_ulang_admin_only(tw2, vera, opd_a):
    with pytest.raises(PermissionDenied):
        jadwal.buka_ulang_buat(
            user=vera,
            jadwal=tw2,
            unit=opd_a,
            sampai=timezone.now() + datetime.timedelta(days=1),
            alasan="x",
        )


def test_jadwal_simpan_rejects_end_before_start(admin):
    with pytest.raises(ValidationError) as error:
        jadwal.jadwal_simpan(
            user=admin, tahun=2025, periode="B01", mulai=MULAI_TW2, selesai=MULAI_TW2
        )

    assert "selesai" in error.value.message_dict


def test_jadwal_simpan_rejects_second_window(tw2, admin):
    with pytest.raises(ValidationError) as error:
        jadwal.jadwal_simpan(
            user=admin,
            tahun=2025,
            periode="TW2",
            mulai=MULAI_TW2,
            selesai=SELESAI_TW2,
        )

    assert error.value.message_dict["periode"] == [
        "Triwulan II 2025 sudah memiliki jadwal input; ubah jadwal itu."
    ]


def test_jadwal_simpan_rejects_tahunan(admin):
    with pytest.raises(ValidationError):
        jadwal.jadwal_simpan(
            user=admin,
            tahun=2025,
            periode="tahunan",
            mulai=MULAI_TW2,
            selesai=SELESAI_TW2,
        )


def test_jadwal_simpan_admin_only(ani):
    with pytest.raises(PermissionDenied):
        jadwal.jadwal_simpan(
            user=ani, tahun=2025, periode="B01", mulai=MULAI_TW2, selesai=SELESAI_TW2
        )


def test_jadwal_bawaan_tw2_closes_10_july():
    mulai, selesai = jadwal.jadwal_bawaan(2025, "TW2")

    assert mulai == MULAI_TW2
    assert selesai == SELESAI_TW2


def test_jadwal_bawaan_december_opens_next_year():
    mulai, _selesai = jadwal.jadwal_bawaan(2025, "B12")

    assert timezone.localtime(mulai).date() == datetime.date(2026, 1, 1)


def test_jadwal_isi_bawaan_fills_missing_once(tw2, admin):
    first = jadwal.jadwal_isi_bawaan(user=admin, tahun=2025)
    second = jadwal.jadwal_isi_bawaan(user=admin, tahun=2025)

    assert first == 15
    assert second == 0
    assert JadwalInput.objects.filter(tahun=2025).count() == 16
    assert JadwalInput.objects.get(periode="TW2").selesai == SELESAI_TW2


def test_save_after_close_rejected(tw2, ani, indikator_iku):
    tw2.selesai = timezone.now() - datetime.timedelta(minutes=1)
    tw2.save()

    with pytest.raises(ValidationError) as error:
        realisasi_simpan(
            user=ani,
            indikator=indikator_iku,
            tahun=2025,
            periode="TW2",
            versi=0,
            isian=IsianKinerja(nilai="40"),
        )

    assert error.value.code == "jadwal_ditutup"
    assert error.value.messages[0].startswith("Jadwal input Triwulan II 2025 ditutup")
    assert not Realisasi.objects.filter(indikator=indikator_iku).exists()


def test_save_inside_reopening_allowed(tw2, admin, ani, opd_a, indikator_iku):
    jadwal.buka_ulang_buat(
        user=admin,
        jadwal=tw2,
        unit=opd_a,
        sampai=timezone.now() + datetime.timedelta(hours=2),
        alasan="Data BPS baru terbit",
    )

    entri = realisasi_simpan(
        user=ani,
        indikator=indikator_iku,
        tahun=2025,
        periode="TW2",
        versi=0,
        isian=IsianKinerja(nilai="40"),
    )

    assert entri.nilai == Decimal("40")


def test_admin_not_bound_by_window(admin, indikator_iku):
    entri = realisasi_simpan(
        user=admin,
        indikator=indikator_iku,
        tahun=2025,
        periode="TW3",
        versi=0,
        isian=IsianKinerja(nilai="41"),
    )

    assert entri.nilai == Decimal("41")


def test_open_window_other_period_does_not_help(ani, indikator_iku):
    buka_jadwal(2025, "TW1")

    with pytest.raises(ValidationError) as error:
        realisasi_simpan(
            user=ani,
            indikator=indikator_iku,
            tahun=2025,
            periode="TW2",
            versi=0,
            isian=IsianKinerja(nilai="40"),
        )

    assert "belum ditetapkan" in error.value.messages[0]
