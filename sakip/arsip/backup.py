"""Backup and restore of a whole installation: every table and every file.

A backup is one ZIP archive:

- ``manifest.json``: the format and its version, when and from which
  database it was made, the applied migrations, and for every other member
  its size and SHA-256;
- ``data/<app_label>.<model>.jsonl``: the rows of one table (history tables
  and many-to-many tables included), one JSON object per line, written from
  a server-side cursor so that no table is held in memory;
- ``files/<name>``: each file of Django's default storage under its storage
  name (evidence uploads, signed PK, stored LKjIP documents).

Restore verifies every checksum before it writes anything, then loads the
rows in one transaction with their primary keys, and the files through the
storage API. It runs only on an empty installation: migrated, with no row
but the content types and permissions that ``migrate`` creates, and no file.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import logging
import os
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.db import connection, models, router, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

logger = logging.getLogger(__name__)

FORMAT = "sakip-cadangan"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_DIR = "data/"
FILES_DIR = "files/"
# Rows read from the database per round trip, and inserted per INSERT.
CHUNK_SIZE = 2000
COPY_BUFFER = 1024 * 1024
# Created by ``migrate`` itself on every installation, so their presence does
# not make an installation non-empty; restore replaces them with the backup's.
MIGRATE_CREATED = (ContentType, Permission)

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot proceed. The message gives the reason
    and the next step."""


@dataclass(frozen=True)
class Summary:
    tables: int
    rows: int
    files: int


class _Serializer(jsonl.Serializer):
    """Django's JSON Lines serializer, keeping the microseconds of times.

    ``DjangoJSONEncoder`` cuts a datetime to milliseconds, so a history row
    restored from the stock serializer would differ from the original.
    """

    rows = 0

    def end_object(self, obj):
        super().end_object(obj)
        self.rows += 1

    def _value_from_field(self, obj, field):
        value = super()._value_from_field(obj, field)
        if isinstance(value, datetime.datetime | datetime.time):
            return value.isoformat()
        return value


class _HashingWriter(io.RawIOBase):
    """A binary stream that forwards writes and counts and hashes them."""

    def __init__(self, target):
        self.target = target
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.target.write(data)
        self.sha256.update(data)
        self.size += len(data)
        return len(data)


def backed_up_models() -> list[type[models.Model]]:
    """Return every table of the installation that Django manages, in a fixed
    order: each app's models, history and many-to-many tables included."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and not model._meta.swapped
        and router.allow_migrate_model(connection.alias, model)
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def applied_migrations() -> list[list[str]]:
    """Return the migrations applied to the database as sorted [app, name]
    pairs."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


def storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Walk ``storage`` and yield the name of every file, folders first. A
    local storage whose folder does not exist yet contains no file."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        if folder:
            raise
        return
    for name in sorted(folders):
        yield from storage_files(storage, f"{folder}{name}/")
    for name in sorted(files):
        yield f"{folder}{name}"


def _table_member(model: type[models.Model]) -> str:
    return f"{DATA_DIR}{model._meta.label_lower}.jsonl"


def _local_field_names(model: type[models.Model]) -> list[str]:
    """Return the model's own columns except the primary key, which the
    serializer writes separately. Many-to-many fields are left out, because
    their through tables are backed up as tables of their own."""
    return [
        field.name
        for field in model._meta.local_concrete_fields
        if not field.primary_key
    ]


def backup_create(
    path: Path, *, storage: Storage | None = None, progress: Progress | None = None
) -> Summary:
    """Write the archive of the whole installation to ``path``.

    The rows are read in one transaction (REPEATABLE READ on PostgreSQL, a
    deferred read transaction on SQLite), so that the tables agree with each
    other even while users keep working.
    """
    storage = storage or default_storage
    report = progress or (lambda message: None)
    _ensure_migrated()
    try:
        return _write_archive(path, storage, report)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _ensure_migrated() -> None:
    """Reject a database with migrations not applied yet: its tables do not
    match the models, so the archive could not be restored."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        pending = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan[:5])
        raise BackupError(
            f"Basis data belum dimigrasi penuh (belum diterapkan: {pending}). "
            "Jalankan 'sakip migrate' lalu ulangi pencadangan."
        )


def _write_archive(path: Path, storage: Storage, report: Progress) -> Summary:
    members: dict[str, dict] = {}
    total_rows = 0
    tables = backed_up_models()

    # The archive holds password hashes, two-factor secrets and sessions, so
    # it is created readable by its owner only, whatever the umask.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    with (
        os.fdopen(descriptor, "wb") as output,
        zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        with _read_snapshot():
            migrations = applied_migrations()
            for number, model in enumerate(tables, start=1):
                rows, entry = _write_table(archive, model)
                members[_table_member(model)] = entry
                total_rows += rows
                report(
                    f"[{number}/{len(tables)}] {model._meta.label_lower}: {rows} baris"
                )

        files = list(storage_files(storage))
        for number, name in enumerate(files, start=1):
            members[f"{FILES_DIR}{name}"] = _write_file(archive, storage, name)
            report(f"[{number}/{len(files)}] berkas {name}")

        manifest = {
            "format": FORMAT,
            "versi": FORMAT_VERSION,
            "dibuat_pada": timezone.now().isoformat(),
            "basis_data": connection.vendor,
            "migrasi": migrations,
            "tabel": {
                model._meta.label_lower: _table_member(model) for model in tables
            },
            "berkas": files,
            "anggota": members,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))

    logger.info(
        "Backup written to %s: %d tables, %d rows, %d files",
        path,
        len(tables),
        total_rows,
        len(files),
    )
    return Summary(tables=len(tables), rows=total_rows, files=len(files))


@contextmanager
def _read_snapshot() -> Iterator[None]:
    """Read every table from one snapshot of the database, without blocking
    the users who write meanwhile."""
    if connection.vendor != "sqlite":
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
                    )
            yield
        return
    if connection.in_atomic_block:
        yield
        return
    # atomic() would BEGIN IMMEDIATE (the SQLite settings ask for it) and hold
    # the write lock for the whole backup. A deferred transaction in WAL mode
    # reads one snapshot and lets writers go on.
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("COMMIT")


def _write_table(archive: zipfile.ZipFile, model: type[models.Model]):
    queryset = model._base_manager.using(connection.alias).order_by("pk")
    with archive.open(_table_member(model), "w", force_zip64=True) as member:
        writer = _HashingWriter(member)
        text = io.TextIOWrapper(writer, encoding="utf-8", newline="\n")
        serializer = _Serializer()
        serializer.serialize(
            queryset.iterator(chunk_size=CHUNK_SIZE),
            stream=text,
            fields=_local_field_names(model),
        )
        text.flush()
        text.detach()
    entry = {"ukuran": writer.size, "sha256": writer.sha256.hexdigest()}
    return serializer.rows, entry


def _write_file(archive: zipfile.ZipFile, storage: Storage, name: str) -> dict:
    with (
        storage.open(name, "rb") as source,
        archive.open(f"{FILES_DIR}{name}", "w", force_zip64=True) as member,
    ):
        writer = _HashingWriter(member)
        while chunk := source.read(COPY_BUFFER):
            writer.write(chunk)
    return {"ukuran": writer.size, "sha256": writer.sha256.hexdigest()}


def backup_restore(
    path: Path, *, storage: Storage | None = None, progress: Progress | None = None
) -> Summary:
    """Restore the archive at ``path`` into this empty installation.

    Raise BackupError, having written nothing, when the archive is damaged,
    is not a SAKIP backup, was made with another migration state, or when the
    installation already contains data or files.
    """
    storage = storage or default_storage
    report = progress or (lambda message: None)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise BackupError(
            f"Berkas {path} bukan arsip cadangan SAKIP yang dapat dibaca: {error}."
        ) from error

    with archive:
        manifest = _read_manifest(archive, path)
        report("Memeriksa checksum setiap isi arsip …")
        _verify_members(archive, manifest, path)
        if not applied_migrations():
            report("Basis data masih kosong; menjalankan migrate …")
            call_command("migrate", interactive=False, verbosity=0)
        _ensure_same_migrations(manifest)
        _ensure_empty(storage)

        tables = manifest["tabel"]
        total_rows = 0
        with transaction.atomic():
            for model in MIGRATE_CREATED[::-1]:
                model._base_manager.all().delete()
            for number, (label, member) in enumerate(sorted(tables.items()), 1):
                rows = _load_table(archive, label, member)
                total_rows += rows
                report(f"[{number}/{len(tables)}] {label}: {rows} baris")
            _reset_sequences()
        ContentType.objects.clear_cache()

        files = manifest["berkas"]
        for number, name in enumerate(files, start=1):
            _restore_file(archive, storage, name)
            report(f"[{number}/{len(files)}] berkas {name}")

    logger.info(
        "Backup %s restored: %d tables, %d rows, %d files",
        path,
        len(tables),
        total_rows,
        len(files),
    )
    return Summary(tables=len(tables), rows=total_rows, files=len(files))


def _read_manifest(archive: zipfile.ZipFile, path: Path) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError as error:
        raise BackupError(
            f"Berkas {path} tidak memiliki {MANIFEST}, sehingga bukan arsip "
            "cadangan SAKIP."
        ) from error
    except (ValueError, zipfile.BadZipFile) as error:
        raise BackupError(f"{MANIFEST} di {path} rusak: {error}.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"Berkas {path} bukan arsip cadangan SAKIP (format "
            f"{manifest.get('format') if isinstance(manifest, dict) else '?'!r})."
        )
    if manifest.get("versi") != FORMAT_VERSION:
        raise BackupError(
            f"Arsip {path} berformat versi {manifest.get('versi')}, sedangkan "
            f"versi SAKIP ini membaca versi {FORMAT_VERSION}."
        )
    return manifest


def _verify_members(archive: zipfile.ZipFile, manifest: dict, path: Path) -> None:
    """Check that the archive contains exactly the manifest's members, each with
    its recorded size and SHA-256."""
    expected = manifest.get("anggota", {})
    present = {name for name in archive.namelist() if name != MANIFEST}
    missing = sorted(set(expected) - present)
    extra = sorted(present - set(expected))
    if missing or extra:
        raise BackupError(
            f"Isi arsip {path} tidak sesuai manifest: hilang {missing[:5]}, "
            f"tidak terdaftar {extra[:5]}. Arsip rusak atau telah diubah."
        )
    for name, entry in sorted(expected.items()):
        digest = hashlib.sha256()
        size = 0
        try:
            with archive.open(name) as member:
                while chunk := member.read(COPY_BUFFER):
                    digest.update(chunk)
                    size += len(chunk)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise BackupError(
                f"{name} di arsip {path} rusak: {error}. Gunakan cadangan lain."
            ) from error
        if digest.hexdigest() != entry["sha256"] or size != entry["ukuran"]:
            raise BackupError(
                f"Checksum {name} di arsip {path} tidak cocok dengan manifest: "
                "arsip rusak atau telah diubah. Gunakan cadangan lain."
            )


def _ensure_same_migrations(manifest: dict) -> None:
    ours = {tuple(item) for item in applied_migrations()}
    theirs = {tuple(item) for item in manifest.get("migrasi", [])}
    if ours == theirs:
        return
    only_archive = sorted(f"{app}.{name}" for app, name in theirs - ours)
    only_here = sorted(f"{app}.{name}" for app, name in ours - theirs)
    raise BackupError(
        "Skema basis data ini tidak sama dengan skema saat cadangan dibuat. "
        f"Migrasi hanya di arsip: {only_archive[:10] or '-'}; hanya di basis "
        f"data ini: {only_here[:10] or '-'}. Pulihkan dengan versi SAKIP yang "
        "sama dengan yang membuat cadangan, pada basis data yang baru dimigrasi."
    )


def _ensure_empty(storage: Storage) -> None:
    """Reject an installation that contains rows beyond what migrate creates,
    or any file, naming the first tables found."""
    filled = [
        model._meta.label_lower
        for model in backed_up_models()
        if model not in MIGRATE_CREATED and model._base_manager.exists()
    ]
    if filled:
        raise BackupError(
            "Instalasi ini tidak kosong: tabel "
            f"{', '.join(filled[:5])}{' …' if len(filled) > 5 else ''} sudah "
            "berisi data. Pemulihan hanya dilakukan pada instalasi baru yang "
            "kosong, agar tidak ada data yang tertimpa."
        )
    first_file = next(storage_files(storage), None)
    if first_file is not None:
        raise BackupError(
            f"Penyimpanan berkas instalasi ini tidak kosong (misalnya {first_file}). "
            "Pemulihan hanya dilakukan pada penyimpanan yang kosong."
        )


def _load_table(archive: zipfile.ZipFile, label: str, member: str) -> int:
    try:
        model = apps.get_model(label)
    except LookupError as error:
        raise BackupError(
            f"Tabel {label} di arsip tidak dikenal oleh versi SAKIP ini."
        ) from error
    rows = 0
    batch: list[models.Model] = []
    with archive.open(member) as stream:
        for item in serializers.deserialize("jsonl", stream):
            batch.append(item.object)
            if len(batch) >= CHUNK_SIZE:
                rows += _insert_raw(model, batch)
                batch = []
    if batch:
        rows += _insert_raw(model, batch)
    return rows


def _insert_raw(model: type[models.Model], objs: list[models.Model]) -> int:
    """Insert ``objs`` as they are, in multi-row INSERTs.

    ``bulk_create`` would fill ``auto_now`` fields with the present time, so
    this takes the raw path of ``Model.save_base(raw=True)`` (the one
    ``loaddata`` uses), without its UPDATE attempt before each INSERT.
    """
    fields = model._meta.local_concrete_fields
    size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
    for start in range(0, len(objs), size):
        model._base_manager._insert(
            objs[start : start + size], fields=fields, using=connection.alias, raw=True
        )
    return len(objs)


def _reset_sequences() -> None:
    """Move each table's id sequence past the restored ids (PostgreSQL); on
    SQLite the next id follows the largest one by itself."""
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _restore_file(archive: zipfile.ZipFile, storage: Storage, name: str) -> None:
    with archive.open(f"{FILES_DIR}{name}") as member:
        stored = storage.save(name, File(member, name=name))
    if stored != name:
        raise BackupError(
            f"Penyimpanan menyimpan berkas {name} sebagai {stored}; pemulihan "
            "berkas dihentikan."
        )
