"""Read a staff list CSV of officials and their posts into ``Jabatan`` and
``PenugasanJabatan``. The columns are described in ``docs/perjanjian.md``."""

from __future__ import annotations

import csv
import datetime
import io
import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sakip.organisasi.models import Unit

from .models import Jabatan, Level, PenugasanJabatan

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna

logger = logging.getLogger(__name__)

KOLOM = [
    "kode_unit",
    "level",
    "nama_jabatan",
    "eselon",
    "nama",
    "nip",
    "pangkat",
    "jenis",
    "mulai",
    "selesai",
]
KOLOM_WAJIB = ["kode_unit", "level", "nama_jabatan", "nama", "jenis", "mulai"]


class ImporPejabatError(Exception):
    """The file was rejected; ``errors`` lists each problem as a sentence
    naming its row and column."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def import_pejabat(text: str, *, user: Pengguna | None = None) -> int:
    """Create the posts and assignments listed in the CSV ``text``; return the
    number of assignments created.

    All or nothing: any invalid row raises ``ImporPejabatError`` and nothing
    is stored. A post is found by unit and level, and created (or renamed)
    from the row. An assignment already stored (same post, name and start
    date) is left as it is, so importing a file twice adds nothing.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [name for name in KOLOM_WAJIB if name not in header]
    if missing:
        raise ImporPejabatError(
            [_("Kolom wajib tidak ada: %(kolom)s.") % {"kolom": ", ".join(missing)}]
        )
    units = {u.kode: u for u in Unit.objects.all()}
    errors: list[str] = []
    created = 0
    try:
        with transaction.atomic():
            # Row 1 is the header, so data rows start at 2 as in a spreadsheet.
            for nomor, raw in enumerate(reader, start=2):
                row = {key.strip(): (value or "").strip() for key, value in raw.items()}
                try:
                    created += _import_row(row, units=units, user=user)
                except ValidationError as error:
                    errors.extend(_describe(nomor, error))
            if errors:
                raise ImporPejabatError(errors)
    except ImporPejabatError:
        logger.warning("Impor pejabat ditolak: %d kesalahan", len(errors))
        raise
    return created


def _import_row(row: dict[str, str], *, units: dict[str, Unit], user) -> int:
    for name in KOLOM_WAJIB:
        if not row.get(name):
            raise ValidationError({name: _("wajib diisi.")})
    unit = units.get(row["kode_unit"])
    if unit is None:
        raise ValidationError(
            {
                "kode_unit": _("unit %(kode)s tidak ditemukan.")
                % {"kode": row["kode_unit"]}
            }
        )
    if row["level"] not in Level.values:
        raise ValidationError(
            {
                "level": _("%(nilai)s bukan level yang dikenal (%(pilihan)s).")
                % {"nilai": row["level"], "pilihan": ", ".join(Level.values)}
            }
        )
    jenis = row["jenis"].lower()
    if jenis not in PenugasanJabatan.Jenis.values:
        raise ValidationError(
            {
                "jenis": _("%(nilai)s bukan jenis penugasan (%(pilihan)s).")
                % {
                    "nilai": row["jenis"],
                    "pilihan": ", ".join(PenugasanJabatan.Jenis.values),
                }
            }
        )
    mulai = _parse_date(row, "mulai")
    selesai = _parse_date(row, "selesai") if row.get("selesai") else None

    jabatan = Jabatan.objects.filter(unit=unit, level=row["level"]).first()
    if jabatan is None:
        jabatan = Jabatan(unit=unit, level=row["level"])
    if jabatan.pk is None or (jabatan.nama, jabatan.eselon) != (
        row["nama_jabatan"],
        row.get("eselon", ""),
    ):
        jabatan.nama = row["nama_jabatan"]
        jabatan.eselon = row.get("eselon", "")
        jabatan.full_clean()
        jabatan._history_user = user
        jabatan.save()

    if PenugasanJabatan.objects.filter(
        jabatan=jabatan, nama=row["nama"], mulai=mulai
    ).exists():
        return 0
    penugasan = PenugasanJabatan(
        jabatan=jabatan,
        nama=row["nama"],
        nip=row.get("nip", ""),
        pangkat=row.get("pangkat", ""),
        jenis=jenis,
        mulai=mulai,
        selesai=selesai,
    )
    penugasan.full_clean()
    penugasan._history_user = user
    penugasan.save()
    return 1


def _parse_date(row: dict[str, str], name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(row[name])
    except ValueError:
        raise ValidationError(
            {name: _("%(nilai)s bukan tanggal TTTT-BB-HH.") % {"nilai": row[name]}}
        ) from None


def _describe(nomor: int, error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return [
            _("Baris %(nomor)s: %(pesan)s") % {"nomor": nomor, "pesan": message}
            for message in error.messages
        ]
    return [
        _("Baris %(nomor)s, kolom %(kolom)s: %(pesan)s")
        % {"nomor": nomor, "kolom": field, "pesan": message}
        for field, messages in error.message_dict.items()
        for message in messages
    ]
