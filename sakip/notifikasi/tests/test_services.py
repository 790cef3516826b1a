import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sakip.notifikasi.models import Notifikasi
from sakip.notifikasi.services import (
    notifikasi_kirim,
    notifikasi_tandai_dibaca,
    notifikasi_tandai_semua_dibaca,
)
from sakip.notifikasi.tests.factories import NotifikasiFactory
from sakip.organisasi.models import Pengguna
from sakip.organisasi.tests.factories import PenggunaFactory

pytestmark = pytest.mark.django_db


def test_kirim_one_per_distinct_recipient(ani, budi):
    jumlah = notifikasi_kirim(
        [ani, budi, ani], judul="Jadwal input dibuka", pesan="Isi realisasi."
    )

    assert jumlah == 2
    assert Notifikasi.objects.filter(penerima=ani).count() == 1
    assert Notifikasi.objects.filter(penerima=budi).count() == 1


def test_kirim_accepts_queryset(ani, budi, citra):
    jumlah = notifikasi_kirim(
        Pengguna.objects.filter(unit__opd__kode="OPD-A"), judul="Dinas A", pesan=""
    )

    assert jumlah == 2
    assert not Notifikasi.objects.filter(penerima=citra).exists()


def test_kirim_stores_fields(ani):
    notifikasi_kirim(
        [ani],
        judul="Entri dikembalikan",
        pesan="Alasan: bukti kurang.",
        tautan="/pengukuran/dasbor/?opd=1",
        kunci="kembali-17",
    )

    notifikasi = Notifikasi.objects.get(penerima=ani)
    assert notifikasi.judul == "Entri dikembalikan"
    assert notifikasi.pesan == "Alasan: bukti kurang."
    assert notifikasi.tautan == "/pengukuran/dasbor/?opd=1"
    assert notifikasi.kunci == "kembali-17"
    assert notifikasi.dibaca_pada is None
    assert notifikasi.dibuat_pada is not None


def test_kirim_skips_inactive(ani, budi):
    budi.is_active = False
    budi.save()

    jumlah = notifikasi_kirim([ani, budi], judul="Jadwal", pesan="")

    assert jumlah == 1
    assert not Notifikasi.objects.filter(penerima=budi).exists()


def test_kirim_nobody_writes_nothing(budi, django_assert_num_queries):
    budi.is_active = False

    with django_assert_num_queries(0):
        jumlah = notifikasi_kirim([budi], judul="Jadwal", pesan="")

    assert jumlah == 0


def test_kirim_one_insert_for_many(pemda, django_assert_num_queries):
    users = [PenggunaFactory(email="") for _ in range(30)]

    # A savepoint around the insert, the insert, and the savepoint's release.
    with django_assert_num_queries(3):
        jumlah = notifikasi_kirim(users, judul="Jadwal", pesan="")

    assert jumlah == 30


def test_kirim_kunci_idempotent(ani, budi):
    first = notifikasi_kirim([ani], judul="Pengingat", pesan="", kunci="tutup-B03")

    second = notifikasi_kirim(
        [ani, budi], judul="Pengingat", pesan="", kunci="tutup-B03"
    )

    assert first == 1
    assert second == 1
    assert Notifikasi.objects.filter(penerima=ani).count() == 1
    assert Notifikasi.objects.filter(penerima=budi).count() == 1


def test_kirim_without_kunci_repeats(ani):
    notifikasi_kirim([ani], judul="Jadwal", pesan="")

    notifikasi_kirim([ani], judul="Jadwal", pesan="")

    assert Notifikasi.objects.filter(penerima=ani).count() == 2


def test_kunci_unique_in_database(ani):
    NotifikasiFactory(penerima=ani, kunci="tutup-B03")

    with pytest.raises(IntegrityError), transaction.atomic():
        Notifikasi.objects.create(penerima=ani, judul="Lagi", kunci="tutup-B03")


@pytest.mark.parametrize(
    "tautan",
    [
        "https://contoh.com/",
        "http://contoh.com",
        "//contoh.com/masuk/",
        "/\\contoh.com",
        "\\\\contoh.com",
        "/\t/contoh.com",
        "/pengukuran/\n",
        "javascript:alert(1)",
        "pengukuran/dasbor/",
        " /pengukuran/",
    ],
)
def test_kirim_rejects_offsite_tautan(ani, tautan):
    with pytest.raises(ValidationError, match="ditolak"):
        notifikasi_kirim([ani], judul="Jadwal", pesan="", tautan=tautan)

    assert not Notifikasi.objects.exists()


def test_kirim_rejects_empty_judul(ani):
    with pytest.raises(ValidationError, match="wajib"):
        notifikasi_kirim([ani], judul="  ", pesan="")


def test_kirim_rejects_long_judul(ani):
    with pytest.raises(ValidationError, match="200"):
        notifikasi_kirim([ani], judul="x" * 201, pesan="")


def test_tandai_dibaca_once(ani):
    notifikasi = NotifikasiFactory(penerima=ani)

    notifikasi_tandai_dibaca(notifikasi=notifikasi)
    first = Notifikasi.objects.get(pk=notifikasi.pk).dibaca_pada
    notifikasi_tandai_dibaca(notifikasi=Notifikasi.objects.get(pk=notifikasi.pk))

    assert first is not None
    assert Notifikasi.objects.get(pk=notifikasi.pk).dibaca_pada == first


def test_tandai_semua_dibaca_own_only(ani, budi):
    NotifikasiFactory.create_batch(2, penerima=ani)
    lain = NotifikasiFactory(penerima=budi)

    jumlah = notifikasi_tandai_semua_dibaca(pengguna=ani)

    assert jumlah == 2
    assert not Notifikasi.objects.filter(penerima=ani, dibaca_pada=None).exists()
    lain.refresh_from_db()
    assert lain.dibaca_pada is None
