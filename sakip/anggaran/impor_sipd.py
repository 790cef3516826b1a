"""The SIPD DPA import page's state between "Periksa" and "Simpan", and its
preview.

A checked file is kept in Django's default storage under a random name. The
session of the user who uploaded it stores that name with the year, version
and OPD of the check. "Simpan" therefore stores the same bytes with the same
parameters that the preview showed, and no form field can change them in
between. A session keeps one checked file at a time. The name the user gave
the file is kept for messages only and never becomes part of a storage path.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import get_valid_filename

from .models import Pagu
from .sipd import HasilImpor

logger = logging.getLogger(__name__)

FOLDER = "anggaran/impor-sipd"
SESSION_KEY = "anggaran_impor_sipd"
# The token of the last file this session saved. A second click on "Simpan"
# then gets "already stored" instead of "not found".
SESSION_KEY_SAVED = "anggaran_impor_sipd_disimpan"
# A checked file not saved within this time is deleted by the next check.
STALE_AFTER = timedelta(hours=24)


@dataclass
class UnggahanSipd:
    """A checked SIPD file waiting for "Simpan": where it is stored, the name
    the user gave it, and the year, version and OPD it was checked for (no
    OPD: the ``kode_skpd`` column decides)."""

    token: str
    storage_name: str
    nama_berkas: str
    tahun: int
    versi: str
    opd_id: int | None
    pengguna_id: int


@dataclass
class BarisPratinjau:
    """One row of the preview: a sub kegiatan of the file with the pagu it
    brings, the pagu of that version stored now, and its anggaran kas summed
    over the months the file fills."""

    baris: int
    kode: str
    uraian: str
    opd: str
    pagu: int
    pagu_sekarang: int | None
    anggaran_kas: int | None


@dataclass
class Pratinjau:
    """The preview of a checked file: its rows and their totals."""

    baris: list[BarisPratinjau]
    jumlah_pagu: int
    jumlah_anggaran_kas: int | None


def store_upload(
    request: HttpRequest,
    *,
    berkas: UploadedFile,
    tahun: int,
    versi: str,
    opd_id: int | None,
) -> UnggahanSipd:
    """Save ``berkas`` under a random name and remember it in the session, in
    place of any file checked before in the same session."""
    delete_stale_uploads()
    discard_upload(request)
    token = secrets.token_hex(16)
    suffix = Path(berkas.name or "").suffix.lower()
    storage_name = default_storage.save(f"{FOLDER}/{token}{suffix}", berkas)
    upload = UnggahanSipd(
        token=token,
        storage_name=storage_name,
        nama_berkas=(berkas.name or "")[:255],
        tahun=tahun,
        versi=versi,
        opd_id=opd_id,
        pengguna_id=request.user.pk,
    )
    request.session[SESSION_KEY] = asdict(upload)
    return upload


def load_upload(request: HttpRequest, token: str) -> UnggahanSipd | None:
    """Return the session's checked file if ``token`` names it and the file is
    still stored, else None."""
    data = request.session.get(SESSION_KEY)
    if not data or not secrets.compare_digest(str(data["token"]), token):
        return None
    upload = UnggahanSipd(**data)
    if upload.pengguna_id != request.user.pk:
        return None
    if not default_storage.exists(upload.storage_name):
        return None
    return upload


def discard_upload(request: HttpRequest, *, saved: bool = False) -> None:
    """Delete the session's checked file. With ``saved``, remember its token
    as stored."""
    data = request.session.pop(SESSION_KEY, None)
    if not data:
        return
    default_storage.delete(data["storage_name"])
    if saved:
        request.session[SESSION_KEY_SAVED] = data["token"]


def was_saved(request: HttpRequest, token: str) -> bool:
    saved = request.session.get(SESSION_KEY_SAVED)
    return bool(saved) and secrets.compare_digest(str(saved), token)


@contextmanager
def open_local(upload: UnggahanSipd) -> Iterator[Path]:
    """Copy the stored file into a new temporary folder and yield its path.

    The SIPD reader takes a path and shows its file name in messages, so the
    copy carries the name the user gave the file, made safe. The folder is
    deleted on exit.
    """
    with tempfile.TemporaryDirectory(prefix="sakip-sipd-") as folder:
        path = Path(folder) / _local_name(upload)
        source = default_storage.open(upload.storage_name, "rb")
        with source, path.open("wb") as target:
            shutil.copyfileobj(source, target)
        yield path


def _local_name(upload: UnggahanSipd) -> str:
    suffix = Path(upload.storage_name).suffix
    try:
        name = get_valid_filename(Path(upload.nama_berkas).name)
    except SuspiciousFileOperation:
        name = ""
    if not name.lower().endswith(suffix):
        name = f"dpa-sipd{suffix}"
    return name


def delete_stale_uploads() -> None:
    """Delete the checked files of every session older than STALE_AFTER."""
    cutoff = timezone.now() - STALE_AFTER
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    for name in files:
        path = f"{FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) >= cutoff:
                continue
            default_storage.delete(path)
        except FileNotFoundError:
            # Another request deleted it between the listing and now.
            continue
        logger.info("Deleted SIPD DPA file %s, checked but not saved in time", path)


def build_pratinjau(hasil: HasilImpor, *, tahun: int, versi: str) -> Pratinjau:
    """Build the preview of a checked file, with one query for the stored
    pagu."""
    stored = dict(
        Pagu.objects.filter(
            elemen__in=[row.elemen for row in hasil.baris], tahun=tahun, versi=versi
        ).values_list("elemen_id", "pagu")
    )
    rows = []
    for row in hasil.baris:
        opd = row.elemen.dokumen.unit.opd
        rows.append(
            BarisPratinjau(
                baris=row.baris,
                kode=row.elemen.nomenklatur,
                uraian=row.elemen.uraian,
                opd=opd.nama if opd else "",
                pagu=row.pagu,
                pagu_sekarang=stored.get(row.elemen.pk),
                anggaran_kas=(
                    sum(row.anggaran_kas.values()) if row.anggaran_kas else None
                ),
            )
        )
    kas = [row.anggaran_kas for row in rows if row.anggaran_kas is not None]
    return Pratinjau(
        baris=rows,
        jumlah_pagu=hasil.jumlah_pagu,
        jumlah_anggaran_kas=sum(kas) if kas else None,
    )
