"""The command ``sakip kirim_pengingat_jadwal``: reminders of the windows."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from sakip.notifikasi.models import Notifikasi
from sakip.pengukuran.jadwal import pengingat_jadwal_kirim
from sakip.pengukuran.models import BukaUlangJadwal

from .conftest import buka_jadwal

JAM = datetime.timedelta(hours=1)
HARI = datetime.timedelta(days=1)


def _run() -> str:
    out = StringIO()
    call_command("kirim_pengingat_jadwal", stdout=out)
    return out.getvalue()


def _judul(username):
    return sorted(
        Notifikasi.objects.filter(penerima__username=username).values_list(
            "judul", flat=True
        )
    )


@pytest.mark.django_db
def test_open_window_announced_once(ani, budi, citra, kadis):
    now = timezone.now()
    buka_jadwal(2025, "B06", mulai=now - JAM, selesai=now + 5 * HARI)

    first = _run()
    second = _run()

    assert "Jadwal dibuka: 3 notifikasi" in first
    assert "Jadwal dibuka: 0 notifikasi" in second
    assert _judul("ani") == ["Jadwal input Juni 2025 dibuka"]
    assert _judul("citra") == ["Jadwal input Juni 2025 dibuka"]
    assert _judul("kadis") == []


@pytest.mark.django_db
def test_link_goes_to_own_opd_page(ani, citra, opd_a, opd_b):
    now = timezone.now()
    buka_jadwal(2025, "TW2", mulai=now - JAM, selesai=now + 5 * HARI)

    pengingat_jadwal_kirim(now=now)

    assert Notifikasi.objects.get(penerima=ani).tautan == (
        f"/pengukuran/isian/{opd_a.pk}/2025/TW2/"
    )
    assert Notifikasi.objects.get(penerima=citra).tautan == (
        f"/pengukuran/isian/{opd_b.pk}/2025/TW2/"
    )


@pytest.mark.django_db
def test_closing_within_a_day_reminded(ani):
    now = timezone.now()
    jadwal = buka_jadwal(2025, "B06", mulai=now - 5 * HARI, selesai=now + 5 * HARI)
    pengingat_jadwal_kirim(now=now)

    later = jadwal.selesai - 20 * JAM
    hasil = pengingat_jadwal_kirim(now=later)
    again = pengingat_jadwal_kirim(now=later + JAM)

    assert hasil.akan_ditutup == 1
    assert again.akan_ditutup == 0
    assert "Jadwal input Juni 2025 segera ditutup" in _judul("ani")


@pytest.mark.django_db
def test_not_open_window_silent(ani):
    now = timezone.now()
    buka_jadwal(2025, "B06", mulai=now + JAM, selesai=now + 5 * HARI)
    buka_jadwal(2025, "B05", mulai=now - 5 * HARI, selesai=now - JAM)

    hasil = pengingat_jadwal_kirim(now=now)

    assert (hasil.dibuka, hasil.akan_ditutup) == (0, 0)
    assert Notifikasi.objects.count() == 0


@pytest.mark.django_db
def test_moved_window_announced_again(ani):
    now = timezone.now()
    jadwal = buka_jadwal(2025, "B06", mulai=now - JAM, selesai=now + 5 * HARI)
    pengingat_jadwal_kirim(now=now)
    jadwal.mulai = now - 2 * JAM
    jadwal.save()

    hasil = pengingat_jadwal_kirim(now=now)

    assert hasil.dibuka == 1


@pytest.mark.django_db
def test_reopening_closing_reminds_its_opd(ani, citra, admin, opd_a):
    now = timezone.now()
    jadwal = buka_jadwal(2025, "B05", mulai=now - 9 * HARI, selesai=now - HARI)
    BukaUlangJadwal.objects.create(
        jadwal=jadwal, unit=opd_a, sampai=now + 3 * JAM, alasan="x", oleh=admin
    )

    hasil = pengingat_jadwal_kirim(now=now)

    assert hasil.buka_ulang_akan_ditutup == 1
    assert _judul("ani") == ["Jadwal input Mei 2025 segera ditutup"]
    assert _judul("citra") == []
