"""Loading the national nomenklatur and choosing the version of a year."""

import pytest
from django.core.management import CommandError, call_command

from sakip.referensi.models import Nomenklatur, NomenklaturVersi
from sakip.referensi.services import (
    SHIPPED_NOMENKLATUR,
    NomenklaturError,
    nomenklatur_for_year,
    nomenklatur_load,
)

NEWER = (
    "kode,tingkat,nama,kinerja,indikator,satuan\n"
    "1,urusan,URUSAN WAJIB PELAYANAN DASAR,,,\n"
    "1.02.02.2.01.0001,sub_kegiatan,Pembangunan Rumah Sakit (nama baru),"
    "Rumah sakit terbangun,Jumlah rumah sakit,Unit\n"
    "1.02.02.2.01.0099,sub_kegiatan,Sub kegiatan baru,,,\n"
)


@pytest.fixture
def shipped(db):
    return nomenklatur_load(path=SHIPPED_NOMENKLATUR, berlaku_mulai=2021, nama="2020")


def test_shipped_list_counts(shipped):
    assert shipped.kode.filter(tingkat="urusan").count() == 9
    assert shipped.kode.filter(tingkat="bidang_urusan").count() == 47
    assert shipped.kode.filter(tingkat="program").count() == 206
    assert shipped.kode.filter(tingkat="kegiatan").count() == 1000
    assert shipped.kode.filter(tingkat="sub_kegiatan").count() == 4828


def test_newer_list_is_new_version(shipped, tmp_path):
    path = tmp_path / "baru.csv"
    path.write_text(NEWER, encoding="utf-8")

    baru = nomenklatur_load(path=path, berlaku_mulai=2024, nama="900.1.15.5-1317/2023")

    assert NomenklaturVersi.objects.count() == 2
    assert nomenklatur_for_year(2023) == shipped
    assert nomenklatur_for_year(2024) == baru
    assert nomenklatur_for_year(2030) == baru
    renamed = baru.kode.get(kode="1.02.02.2.01.0001")
    assert renamed.nama == "Pembangunan Rumah Sakit (nama baru)"
    assert renamed.satuan == "Unit"
    # The old plans keep reading the old name.
    assert shipped.kode.get(kode="1.02.02.2.01.0001").nama != renamed.nama


def test_year_before_every_version_reads_oldest(shipped):
    assert nomenklatur_for_year(2015) == shipped


def test_reload_same_year_replaces_codes(shipped, tmp_path):
    path = tmp_path / "baru.csv"
    path.write_text(NEWER, encoding="utf-8")

    nomenklatur_load(path=path, berlaku_mulai=2021, nama="ganti")

    assert NomenklaturVersi.objects.count() == 1
    assert Nomenklatur.objects.count() == 3


@pytest.mark.parametrize(
    ("content", "pesan"),
    [
        ("kode,nama\n1,URUSAN\n", "Kolom wajib tidak ada: tingkat"),
        ("kode,tingkat,nama\n1,negara,URUSAN\n", "tingkat 'negara' tidak dikenal"),
        ("kode,tingkat,nama\n1,urusan,A\n1,urusan,B\n", "kode 1 ganda"),
        ("kode,tingkat,nama\n,urusan,A\n", "kode kosong"),
    ],
)
def test_invalid_file_rejected_whole(shipped, tmp_path, content, pesan):
    path = tmp_path / "salah.csv"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(NomenklaturError, match=pesan):
        nomenklatur_load(path=path, berlaku_mulai=2021, nama="salah")

    assert shipped.kode.count() == 6090


def test_command_loads_version(db, tmp_path, capsys):
    path = tmp_path / "baru.csv"
    path.write_text(NEWER, encoding="utf-8")

    call_command("load_nomenklatur", str(path), "--berlaku-mulai", "2024")

    assert NomenklaturVersi.objects.get().berlaku_mulai == 2024


def test_command_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("load_nomenklatur", str(tmp_path / "tidak-ada.csv"))
