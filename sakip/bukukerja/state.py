"""The rows of the database that an import compares a workbook with.

Each table is read with one query into plain dicts keyed as the workbook keys
its rows (by kode, or by the columns that identify a target, a realisasi …),
with foreign keys turned into the kode they point at. Validation then checks
references and finds changes in memory, with no query per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.organisasi.models import Pengaturan, Unit
from sakip.pengukuran.models import Realisasi
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Target, TautanElemen
from sakip.referensi.models import NilaiSkala, Skala

# Rows read in one go from the database cursor.
CHUNK_SIZE = 5000

Fields = dict[str, Any]

PENGATURAN_FIELDS = ("nama_pemda", "rumus_negatif", "batas_rollup")
UNIT_FIELDS = ("nama", "jenis", "induk", "singkatan", "urutan")
DOKUMEN_FIELDS = (
    "jenis",
    "unit",
    "tahun_awal",
    "tahun_akhir",
    "versi",
    "status",
    "nama",
)
ELEMEN_FIELDS = (
    "dokumen",
    "jenis",
    "induk",
    "uraian",
    "nomenklatur",
    "unit_pj",
    "urutan",
)
INDIKATOR_FIELDS = (
    "elemen",
    "uraian",
    "satuan",
    "polaritas",
    "skala",
    "agregasi",
    "rumus_negatif",
    "iku",
    "kondisi_awal",
    "kondisi_awal_skala",
    "definisi",
    "sumber_data",
    "urutan",
)
TARGET_FIELDS = ("nilai", "nilai_skala", "batas_bawah", "batas_atas")
REALISASI_FIELDS = ("nilai", "nilai_skala", "keterangan", "status")
PAGU_FIELDS = ("pagu",)
KEUANGAN_FIELDS = ("anggaran_kas", "realisasi_keuangan", "realisasi_fisik")


@dataclass
class DatabaseState:
    """The rows of the database now, keyed the way the workbook keys them.

    Each entry is a dict of the model's fields plus ``id``. A foreign key
    contains the kode (or for a scale, the nama) of the row it points at.
    """

    pengaturan: Fields | None = None
    unit: dict[str, Fields] = field(default_factory=dict)
    dokumen: dict[str, Fields] = field(default_factory=dict)
    elemen: dict[str, Fields] = field(default_factory=dict)
    # Kode of each elemen -> kode of the elemen it supports (mendukung).
    mendukung: dict[str, set[str]] = field(default_factory=dict)
    skala: dict[str, int] = field(default_factory=dict)
    # (skala nama, nilai) -> {"id", "peringkat"}
    nilai_skala: dict[tuple[str, str], Fields] = field(default_factory=dict)
    indikator: dict[str, Fields] = field(default_factory=dict)
    # (indikator, dokumen, tahun, periode) -> fields
    target: dict[tuple, Fields] = field(default_factory=dict)
    # (indikator, tahun, periode) -> fields
    realisasi: dict[tuple, Fields] = field(default_factory=dict)
    # (elemen, tahun, versi) -> fields
    pagu: dict[tuple, Fields] = field(default_factory=dict)
    # (elemen, tahun, bulan) -> fields
    keuangan: dict[tuple, Fields] = field(default_factory=dict)

    def elemen_children(self) -> dict[str, list[str]]:
        """Kode of each elemen -> kode of its children in the database."""
        children: dict[str, list[str]] = defaultdict(list)
        for kode, row in self.elemen.items():
            if row["induk"] is not None:
                children[row["induk"]].append(kode)
        return children


def load_state(*, tahun: Iterable[int] | None = None) -> DatabaseState:
    """Read the database into a DatabaseState.

    Units, documents, elemen, scales and indicators are read whole, because
    any row may refer to them. Targets, realisation and budget rows are read
    only for the years in ``tahun`` (all years when it is None), because a
    workbook row can only match a row of its own year.
    """
    years = None if tahun is None else sorted(set(tahun))
    state = DatabaseState()
    pengaturan = Pengaturan.objects.filter(pk=1).values("id", *PENGATURAN_FIELDS)
    state.pengaturan = pengaturan.first()

    unit_kode = dict(Unit.objects.values_list("id", "kode"))
    for row in Unit.objects.values("id", "kode", "opd_id", *_db(UNIT_FIELDS)):
        row["induk"] = unit_kode.get(row.pop("induk_id"))
        state.unit[row.pop("kode")] = row

    dokumen_kode = dict(Dokumen.objects.values_list("id", "kode"))
    for row in Dokumen.objects.values("id", "kode", *_db(DOKUMEN_FIELDS)):
        row["unit"] = unit_kode[row.pop("unit_id")]
        state.dokumen[row.pop("kode")] = row

    elemen_kode = dict(Elemen.objects.values_list("id", "kode"))
    rows = Elemen.objects.values("id", "kode", *_db(ELEMEN_FIELDS))
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        row["dokumen"] = dokumen_kode[row.pop("dokumen_id")]
        row["induk"] = elemen_kode.get(row.pop("induk_id"))
        row["unit_pj"] = unit_kode.get(row.pop("unit_pj_id"))
        state.elemen[row.pop("kode")] = row
    links = TautanElemen.objects.filter(jenis=TautanElemen.Jenis.MENDUKUNG)
    for dari_id, ke_id in links.values_list("dari_id", "ke_id").iterator(
        chunk_size=CHUNK_SIZE
    ):
        state.mendukung.setdefault(elemen_kode[dari_id], set()).add(elemen_kode[ke_id])

    skala_nama = dict(Skala.objects.values_list("id", "nama"))
    state.skala = {nama: pk for pk, nama in skala_nama.items()}
    for row in NilaiSkala.objects.values("id", "skala_id", "nilai", "peringkat"):
        key = (skala_nama[row["skala_id"]], row["nilai"])
        state.nilai_skala[key] = {"id": row["id"], "peringkat": row["peringkat"]}

    indikator_kode = dict(Indikator.objects.values_list("id", "kode"))
    rows = Indikator.objects.values("id", "kode", *_db(INDIKATOR_FIELDS))
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        row["elemen"] = elemen_kode[row.pop("elemen_id")]
        row["skala"] = skala_nama.get(row.pop("skala_id"))
        state.indikator[row.pop("kode")] = row

    targets = _in_years(Target.objects, years).values(
        "id", "indikator_id", "dokumen_id", "tahun", "periode", *TARGET_FIELDS
    )
    for row in targets.iterator(chunk_size=CHUNK_SIZE):
        key = (
            indikator_kode[row.pop("indikator_id")],
            dokumen_kode[row.pop("dokumen_id")],
            row.pop("tahun"),
            row.pop("periode"),
        )
        state.target[key] = row

    realisasi = _in_years(Realisasi.objects, years).values(
        "id", "indikator_id", "tahun", "periode", *REALISASI_FIELDS
    )
    for row in realisasi.iterator(chunk_size=CHUNK_SIZE):
        key = (
            indikator_kode[row.pop("indikator_id")],
            row.pop("tahun"),
            row.pop("periode"),
        )
        state.realisasi[key] = row

    pagu = _in_years(Pagu.objects, years).values(
        "id", "elemen_id", "tahun", "versi", *PAGU_FIELDS
    )
    for row in pagu.iterator(chunk_size=CHUNK_SIZE):
        key = (elemen_kode[row.pop("elemen_id")], row.pop("tahun"), row.pop("versi"))
        state.pagu[key] = row

    keuangan = _in_years(KeuanganBulanan.objects, years).values(
        "id", "elemen_id", "tahun", "bulan", *KEUANGAN_FIELDS
    )
    for row in keuangan.iterator(chunk_size=CHUNK_SIZE):
        key = (elemen_kode[row.pop("elemen_id")], row.pop("tahun"), row.pop("bulan"))
        state.keuangan[key] = row
    return state


# Fields that are foreign keys, read by their column name.
_FOREIGN_KEYS = {"induk", "unit", "dokumen", "unit_pj", "elemen", "skala", "indikator"}


def _db(fields: Iterable[str]) -> list[str]:
    """Field names as ``values()`` takes them: ``<name>_id`` for foreign keys."""
    return [f"{name}_id" if name in _FOREIGN_KEYS else name for name in fields]


def _in_years(manager: Any, years: list[int] | None) -> Any:
    if years is None:
        return manager.all()
    return manager.filter(tahun__in=years)
