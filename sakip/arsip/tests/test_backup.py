"""Backup and restore of the whole installation, on the suite's database."""

import datetime
import io
import json
import os
import stat
import zipfile
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.arsip.backup import (
    BackupError,
    backed_up_models,
    backup_create,
    backup_restore,
    storage_files,
)
from sakip.arsip.models import TahunDitutup
from sakip.bukukerja.models import ImporBukuKerja
from sakip.evaluasi.models import (
    Evaluasi,
    Jawaban,
    Komponen,
    Kriteria,
    LkeTemplate,
    SubKomponen,
)
from sakip.notifikasi.models import Notifikasi
from sakip.pelaksanaan.models import RencanaAksi
from sakip.pelaporan.models import LaporanKinerja
from sakip.pengukuran.models import JadwalInput, Realisasi, TindakLanjutKinerja
from sakip.perencanaan.models import Dokumen, Elemen
from sakip.perjanjian.models import Jabatan, PerjanjianKinerja
from sakip.referensi.models import NilaiSkala, Nomenklatur, NomenklaturVersi, Skala
from sakip.tahunan.models import PaguIndikatif

# Apps whose tables the fixture below fills; every app of the project
# with models must be here, so that a new app's tables are backed up too.
FILLED_APPS = {
    "organisasi",
    "notifikasi",
    "referensi",
    "perencanaan",
    "tahunan",
    "anggaran",
    "perjanjian",
    "pelaksanaan",
    "pengukuran",
    "pelaporan",
    "evaluasi",
    "arsip",
    "bukukerja",
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def data_lengkap(rencana, cast, opd_a, pemda, media):
    """Rows in every app, evidence files, and a generated document."""
    admin = cast["admin"]
    skala = Skala.objects.create(nama="opini-bpk", uraian="Opini BPK")
    NilaiSkala.objects.create(skala=skala, nilai="WTP", peringkat=4)
    versi = NomenklaturVersi.objects.create(nama="Kepmendagri", berlaku_mulai=2024)
    Nomenklatur.objects.create(
        versi=versi, kode="1.01", tingkat="bidang_urusan", nama="Pendidikan"
    )

    renja = Dokumen.objects.create(
        kode="RENJA-A-2025", jenis="RENJA", unit=opd_a, tahun_awal=2025
    )
    program = Elemen.objects.create(
        kode="PRG-A", dokumen=renja, jenis="program", uraian="Program A"
    )
    PaguIndikatif.objects.create(elemen=program, tahun=2025, pagu=1_500_000_000)
    Pagu.objects.create(elemen=program, tahun=2025, pagu=1_250_000_000)
    keuangan = KeuanganBulanan(
        elemen=program, tahun=2025, bulan=3, realisasi_keuangan=12_345_678
    )
    keuangan.bukti.save("sp2d.pdf", ContentFile(b"%PDF-1.4 sp2d"), save=False)
    keuangan.save()

    jabatan = Jabatan.objects.create(
        unit=opd_a, nama="Kepala Dinas A", level="kepala_opd"
    )
    jabatan.penugasan.create(nama="Budi", nip="198001012005011001", mulai="2025-01-01")
    dokumen_pk = Dokumen.objects.create(
        kode="PK-A-2025", jenis="PK", unit=opd_a, tahun_awal=2025
    )
    pk = PerjanjianKinerja.objects.create(
        dokumen=dokumen_pk,
        level="kepala_opd",
        unit=opd_a,
        tahun=2025,
        tanggal=datetime.date(2025, 1, 31),
        sumber=renja,
        pihak_pertama_jabatan=jabatan,
        pihak_pertama_nama_jabatan="Kepala Dinas A",
        pihak_pertama_nama="Budi",
    )
    pk.berkas.save("pk.pdf", ContentFile(b"%PDF-1.4 pk ditandatangani"))
    dokumen_renaksi = Dokumen.objects.create(
        kode="RENAKSI-A-2025", jenis="RENAKSI", unit=opd_a, tahun_awal=2025
    )
    RencanaAksi.objects.create(perjanjian=pk, dokumen=dokumen_renaksi)

    realisasi = Realisasi.objects.get(indikator=rencana["indikator_a"])
    realisasi.nilai = Decimal("41.1234")
    realisasi.bukti.save("foto.png", ContentFile(b"\x89PNG bukti"), save=False)
    realisasi._history_user = admin
    realisasi.save()
    JadwalInput.objects.create(
        tahun=2025,
        periode="TW1",
        mulai=timezone.now(),
        selesai=timezone.now() + datetime.timedelta(days=10),
    )
    TindakLanjutKinerja.objects.create(
        indikator=rencana["indikator_a"],
        unit=opd_a,
        tahun=2025,
        alasan="kategori_rendah",
        tindakan="Percepat pelatihan",
    )
    LaporanKinerja.objects.create(unit=opd_a, tahun=2025, ikhtisar="Ikhtisar ✓")

    template = LkeTemplate.objects.create(kode="LKE-88", nama="LKE 88/2021")
    komponen = Komponen.objects.create(
        template=template, kode="1", nama="Perencanaan", bobot=Decimal("30")
    )
    sub = SubKomponen.objects.create(
        komponen=komponen, kode="1.a", nama="Pemenuhan", bobot=Decimal("6")
    )
    kriteria = Kriteria.objects.create(
        sub_komponen=sub, kode="1.a.1", uraian="Ada Renstra", jenis_jawaban="Y/T"
    )
    evaluasi = Evaluasi.objects.create(unit=opd_a, tahun=2025, template=template)
    jawaban = Jawaban(
        evaluasi=evaluasi, kriteria=kriteria, tahap="mandiri", kode="Y", nilai=1
    )
    jawaban.bukti.save("renstra.pdf", ContentFile(b"%PDF-1.4 renstra"), save=False)
    jawaban.save()

    Notifikasi.objects.create(penerima=admin, judul="Jadwal input dibuka")
    ImporBukuKerja.objects.create(nama_berkas="uji.xlsx", berkas="bukukerja/uji.xlsx")
    TahunDitutup.objects.create(tahun=2023, ditutup_oleh=admin)
    default_storage.save("pelaporan/lkjip/2025/opd-a.pdf", ContentFile(b"%PDF lkjip"))
    default_storage.save("bukukerja/uji.xlsx", ContentFile(b"PK\x03\x04 xlsx"))


def snapshot_tables() -> dict[str, list[tuple]]:
    """Every row of every backed-up table, read with plain SQL."""
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for model in backed_up_models():
            table = model._meta.db_table
            pk = model._meta.pk.column
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote(pk)}")  # noqa: S608
            rows[table] = cursor.fetchall()
    return rows


def snapshot_files() -> dict[str, bytes]:
    contents = {}
    for name in storage_files(default_storage):
        with default_storage.open(name, "rb") as berkas:
            contents[name] = berkas.read()
    return contents


def empty_installation(settings, tmp_path, name: str) -> None:
    """Make this database and storage a fresh installation: every table
    emptied and the content types and permissions of migrate made again."""
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / name


@pytest.mark.django_db(transaction=True)
def test_backup_restore_gives_same_rows_and_files(data_lengkap, settings, tmp_path):
    tables_before = snapshot_tables()
    files_before = snapshot_files()
    arsip = tmp_path / "cadangan.zip"
    filled = {
        model._meta.app_label
        for model in backed_up_models()
        if tables_before[model._meta.db_table]
    }
    project_apps = {
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("sakip.") and list(config.get_models())
    }

    call_command("backup", str(arsip), stdout=open(tmp_path / "out.txt", "w"))  # noqa: SIM115
    empty_installation(settings, tmp_path, "media-baru")
    assert snapshot_files() == {}
    call_command("restore", str(arsip), stdout=open(tmp_path / "in.txt", "w"))  # noqa: SIM115

    assert project_apps <= FILLED_APPS
    assert filled >= FILLED_APPS
    tables_after = snapshot_tables()
    assert set(tables_after) == set(tables_before)
    for table, rows in tables_before.items():
        assert tables_after[table] == rows, table
    assert snapshot_files() == files_before
    assert len(files_before) == 6
    progress = (tmp_path / "out.txt").read_text()
    assert "perencanaan.historicaltarget" in progress


@pytest.mark.django_db(transaction=True)
def test_restore_then_new_rows_get_new_ids(data_lengkap, settings, tmp_path):
    arsip = tmp_path / "cadangan.zip"
    backup_create(arsip)
    largest = Skala.objects.order_by("-pk").first().pk
    empty_installation(settings, tmp_path, "media-baru")

    backup_restore(arsip)
    skala = Skala.objects.create(nama="baru")

    assert skala.pk > largest


@pytest.mark.django_db(transaction=True)
def test_restore_rejects_non_empty_installation(data_lengkap, tmp_path):
    arsip = tmp_path / "cadangan.zip"
    backup_create(arsip)

    with pytest.raises(CommandError, match="tidak kosong"):
        call_command("restore", str(arsip))


@pytest.mark.django_db(transaction=True)
def test_restore_rejects_non_empty_storage(data_lengkap, settings, tmp_path):
    arsip = tmp_path / "cadangan.zip"
    backup_create(arsip)
    empty_installation(settings, tmp_path, "media-baru")
    default_storage.save("sisa.txt", ContentFile(b"sisa"))

    with pytest.raises(BackupError, match="Penyimpanan berkas"):
        backup_restore(arsip)

    assert not Skala.objects.exists()


def _rewrite(source, target, *, replace: dict[str, bytes]) -> None:
    """Copy the archive ``source`` to ``target`` with some members replaced."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = replace.get(info.filename, old.read(info.filename))
            new.writestr(info.filename, data)


@pytest.mark.django_db(transaction=True)
def test_restore_rejects_changed_member(data_lengkap, settings, tmp_path):
    arsip = tmp_path / "cadangan.zip"
    backup_create(arsip)
    rusak = tmp_path / "rusak.zip"
    member = "data/referensi.skala.jsonl"
    with zipfile.ZipFile(arsip) as archive:
        changed = archive.read(member).replace(b"opini-bpk", b"opini-xxx")
    _rewrite(arsip, rusak, replace={member: changed})
    empty_installation(settings, tmp_path, "media-baru")

    with pytest.raises(BackupError, match="Checksum data/referensi.skala.jsonl"):
        backup_restore(rusak)

    assert not Skala.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_restore_rejects_truncated_archive(data_lengkap, settings, tmp_path):
    arsip = tmp_path / "cadangan.zip"
    backup_create(arsip)
    rusak = tmp_path / "rusak.zip"
    rusak.write_bytes(arsip.read_bytes()[:-2000])
    empty_installation(settings, tmp_path, "media-baru")

    with pytest.raises(BackupError, match="bukan arsip cadangan SAKIP"):
        backup_restore(rusak)


@pytest.mark.django_db(transaction=True)
def test_restore_rejects_foreign_archive(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    asing = tmp_path / "asing.zip"
    with zipfile.ZipFile(asing, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "lain"}))

    with pytest.raises(BackupError, match="bukan arsip cadangan SAKIP"):
        backup_restore(asing)


@pytest.mark.django_db(transaction=True)
def test_restore_rejects_other_migration_state(data_lengkap, settings, tmp_path):
    arsip = tmp_path / "cadangan.zip"
    backup_create(arsip)
    lain = tmp_path / "lain.zip"
    with zipfile.ZipFile(arsip) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    manifest["migrasi"].append(["perencanaan", "9999_masa_depan"])
    _rewrite(arsip, lain, replace={"manifest.json": json.dumps(manifest).encode()})
    empty_installation(settings, tmp_path, "media-baru")

    with pytest.raises(BackupError, match="perencanaan.9999_masa_depan"):
        backup_restore(lain)

    assert not Skala.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_backup_refuses_existing_file(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    arsip = tmp_path / "ada.zip"
    arsip.write_bytes(b"lama")

    with pytest.raises(CommandError, match="sudah ada"):
        call_command("backup", str(arsip))

    assert arsip.read_bytes() == b"lama"


@pytest.mark.django_db(transaction=True)
def test_backup_readable_by_owner_only(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    arsip = tmp_path / "cadangan.zip"
    old_umask = os.umask(0o022)
    try:
        call_command("backup", str(arsip), stdout=io.StringIO())
    finally:
        os.umask(old_umask)

    assert stat.S_IMODE(arsip.stat().st_mode) == 0o600
