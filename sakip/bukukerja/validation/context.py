"""The shared part of validation: the rows found so far, the database state,
and the helpers that every sheet's checks use."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from sakip.anggaran.models import Pagu
from sakip.organisasi.models import Unit
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Periode

from ..cells import RowReader
from ..reader import Workbook, WorkbookError
from ..schema import SHEETS
from ..state import DatabaseState

CREATE = "dibuat"
UPDATE = "diubah"
SAME = "tetap"

KODE_MAX_LENGTH = 64
SKALA_NAMA = re.compile(r"[-a-zA-Z0-9_]+")
JENIS_SKALA_PREFIX = "skala:"
PERINGKAT_MAX = 1000
JENIS_KEUANGAN = (Elemen.Jenis.KEGIATAN, Elemen.Jenis.SUB_KEGIATAN)
REALISASI_FISIK_MAX_PLACES = 2

# Choices as tuples, because TextChoices.values builds a new list per call.
PERIODE = tuple(Periode.values)
UNIT_JENIS = tuple(Unit.Jenis.values)
DOKUMEN_JENIS = tuple(Dokumen.Jenis.values)
DOKUMEN_STATUS = tuple(Dokumen.Status.values)
ELEMEN_JENIS = tuple(Elemen.Jenis.values)
POLARITAS = tuple(Indikator.Polaritas.values)
AGREGASI = tuple(Indikator.Agregasi.values)
RUMUS_NEGATIF = tuple(Indikator.RumusNegatif.values)
PAGU_VERSI = tuple(Pagu.Versi.values)

# The values a new row gets for the columns its sheet lacks.
DEFAULTS: dict[str, dict[str, Any]] = {
    "Pengaturan": {},
    "Unit": {"induk": None, "singkatan": ""},
    "Skala": {},
    "Dokumen": {
        "tahun_akhir": None,
        "versi": "murni",
        "status": Dokumen.Status.DRAFT,
        "nama": "",
    },
    "Elemen": {
        "induk": None,
        "nomenklatur": "",
        "unit_pj": None,
        "mendukung": frozenset(),
    },
    "Indikator": {
        "skala": None,
        "agregasi": Indikator.Agregasi.AKHIR,
        "rumus_negatif": "",
        "iku": False,
        "kondisi_awal": None,
        "kondisi_awal_skala": "",
        "definisi": "",
        "sumber_data": "",
    },
    "Target": {
        "nilai": None,
        "nilai_skala": "",
        "batas_bawah": None,
        "batas_atas": None,
    },
    "Realisasi": {"nilai": None, "nilai_skala": "", "keterangan": ""},
    "Anggaran": {},
    "Keuangan": {
        "anggaran_kas": None,
        "realisasi_keuangan": None,
        "realisasi_fisik": None,
    },
}


@dataclass(slots=True)
class Record:
    """One valid-looking workbook row: its key, the fields its columns set,
    and, once classified, what the import does with it."""

    sheet: str
    key: Any
    reader: RowReader
    fields: dict[str, Any]
    action: str = ""
    # The database id of the row it updates, and the fields that differ.
    id: int | None = None
    changed: list[str] = field(default_factory=list)
    # For a new row: the fields with the defaults filled in.
    values: dict[str, Any] = field(default_factory=dict)
    # For an existing row: the database's fields before the import.
    current: dict[str, Any] | None = None

    @property
    def row(self) -> int:
        return self.reader.number

    @property
    def invalid(self) -> set[str]:
        return self.reader.invalid

    def error(self, column: str, message: str) -> None:
        self.reader.error(column, message)


@dataclass
class ImportPlan:
    """The outcome of checking a workbook: every error, or else every row
    with what importing it would do."""

    errors: list[WorkbookError]
    records: dict[str, dict[Any, Record]]
    sheets: list[str]
    skala_baru: list[str]
    unknown_columns: dict[str, list[str]]
    ignored_sheets: list[str]

    @property
    def valid(self) -> bool:
        return not self.errors

    def summary(self) -> dict[str, dict[str, int]]:
        """Rows created, changed and unchanged per sheet of the workbook."""
        counts: dict[str, dict[str, int]] = {}
        for sheet in self.sheets:
            actions = Counter(record.action for record in self.records[sheet].values())
            counts[sheet] = {
                action: actions[action] for action in (CREATE, UPDATE, SAME)
            }
        return counts

    def changes(self, sheet: str, action: str) -> list[Record]:
        return [r for r in self.records[sheet].values() if r.action == action]


class Context:
    """The workbook, the database state and the rows checked so far; every
    sheet's checks read and extend it."""

    def __init__(self, workbook: Workbook, state: DatabaseState) -> None:
        self.workbook = workbook
        self.state = state
        self.errors: list[WorkbookError] = list(workbook.errors)
        self.skipped = {error.sheet for error in workbook.errors}
        self.records: dict[str, dict[Any, Record]] = {name: {} for name in SHEETS}
        self._cache: dict[str, dict[Any, dict | None]] = {name: {} for name in SHEETS}
        self.db: dict[str, dict] = {
            "Unit": state.unit,
            "Dokumen": state.dokumen,
            "Elemen": state.elemen,
            "Indikator": state.indikator,
            "Target": state.target,
            "Realisasi": state.realisasi,
            "Anggaran": state.pagu,
            "Keuangan": state.keuangan,
            "Skala": state.nilai_skala,
        }
        # Values of each scale, case-folded -> as written, from the database
        # and the Skala sheet.
        self.scale_values: dict[str, dict[str, str]] = {}
        for nama, nilai in state.nilai_skala:
            self.scale_values.setdefault(nama, {})[nilai.casefold()] = nilai
        for nama in state.skala:
            self.scale_values.setdefault(nama, {})

    def rows(self, name: str) -> Iterable[tuple[int, RowReader]]:
        sheet = self.workbook.sheet(name)
        if sheet is None or name in self.skipped:
            return
        for position, row in enumerate(sheet.rows(), start=1):
            yield position, RowReader(name, row, self.errors)

    def has(self, sheet: str, column: str) -> bool:
        found = self.workbook.sheet(sheet)
        return found is not None and found.has(column)

    def add(self, reader: RowReader, key: Any, fields: dict[str, Any]) -> Record:
        """Register the row under ``key``, without the fields that failed."""
        kept = {
            name: value for name, value in fields.items() if name not in reader.invalid
        }
        record = Record(sheet=reader.sheet, key=key, reader=reader, fields=kept)
        self.records[reader.sheet][key] = record
        return record

    def keep_stored_order(
        self,
        sheet: str,
        stored: Mapping[Any, Mapping[str, Any]],
        group_of: Callable[[Record], Any],
    ) -> None:
        """Keep the database's ``urutan`` for each group of rows (the elemen
        of a document, the indikator of an elemen, the units) that the sheet
        lists in the database's order.

        The sheet gives a row its position as ``urutan``, while the pages
        number siblings on their own scale. Without this an exported workbook
        imported back would renumber every row, and a document that is
        ditetapkan would reject the import.
        """
        groups: dict[Any, list[Record]] = defaultdict(list)
        for record in self.records[sheet].values():
            if "urutan" in record.fields:
                groups[group_of(record)].append(record)
        for records in groups.values():
            if any(record.key not in stored for record in records):
                continue
            urutan = [stored[record.key]["urutan"] for record in records]
            if all(a <= b for a, b in zip(urutan, urutan[1:], strict=False)):
                for record, value in zip(records, urutan, strict=True):
                    record.fields["urutan"] = value

    def kode(self, reader: RowReader) -> str | None:
        """Return the row's kode, or None when it is missing, too long or a
        repeat."""
        kode = reader.text("kode", required=True, max_length=KODE_MAX_LENGTH)
        if kode is None:
            return None
        first = self.records[reader.sheet].get(kode)
        if first is not None:
            reader.error(
                "kode",
                _("Kode %(kode)s sudah dipakai di baris %(baris)d sheet ini.")
                % {"kode": kode, "baris": first.row},
            )
            return None
        return kode

    def is_repeat(self, reader: RowReader, key: tuple, column: str) -> bool:
        first = self.records[reader.sheet].get(key)
        if first is None:
            return False
        reader.error(
            column,
            _("Baris ini mengulang baris %(baris)d: %(kunci)s sudah ada.")
            % {"baris": first.row, "kunci": " / ".join(str(part) for part in key)},
        )
        return True

    def effective(self, sheet: str, key: Any) -> dict | None:
        """The row as it will be after the import, or None if it is neither
        in the workbook nor in the database."""
        cache = self._cache[sheet]
        if key in cache:
            return cache[key]
        record = self.records[sheet].get(key)
        current = self.db[sheet].get(key)
        if record is None:
            result = current
        else:
            base = current if current is not None else DEFAULTS[sheet]
            result = {**base, **record.fields}
        cache[key] = result
        return result

    def find(
        self, reader: RowReader, column: str, sheet: str, kode: str | None
    ) -> dict | None:
        """Return the row that ``kode`` in ``column`` points at, and record an
        error when there is none."""
        if kode is None or column in reader.invalid:
            return None
        found = self.effective(sheet, kode)
        if found is None and sheet not in self.skipped:
            reader.error(
                column,
                _(
                    '%(jenis)s dengan kode "%(kode)s" tidak ditemukan, baik di sheet '
                    "%(sheet)s maupun di basis data."
                )
                % {"jenis": sheet, "kode": kode, "sheet": sheet},
            )
        return found

    def nilai(
        self, reader: RowReader, column: str, skala: str | None, *, required: bool
    ) -> tuple[Decimal | None, str]:
        """Read a number, or for a scale indicator one of its scale's values."""
        if skala is None:
            return reader.angka(column, required=required), ""
        text = reader.text(column, required=required, max_length=32)
        if text is None:
            return None, ""
        values = self.scale_values.get(skala, {})
        nilai = values.get(text.casefold())
        if nilai is None:
            reader.error(
                column,
                _(
                    'Nilai "%(nilai)s" tidak ada pada skala %(skala)s. Nilai yang '
                    "sah: %(pilihan)s."
                )
                % {
                    "nilai": text,
                    "skala": skala,
                    "pilihan": ", ".join(values.values()) or "-",
                },
            )
            return None, ""
        return None, nilai

    def years_known(self, dokumen_kode: str | None) -> bool:
        """Return whether the document exists and has a valid period."""
        if self.effective("Dokumen", dokumen_kode) is None:
            return False
        record = self.records["Dokumen"].get(dokumen_kode)
        return record is None or not {"tahun_awal", "tahun_akhir"} & record.invalid

    def changes(self, sheet: str, action: str) -> list[Record]:
        return [r for r in self.records[sheet].values() if r.action == action]
