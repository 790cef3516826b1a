"""The open data of the portal: the published figures as CSV and JSON rows.

Each dataset is a generator of dicts whose keys are its columns, so that a
response can stream them. Rows are identified by ``kode`` fields, which are
unique in the installation and stay the same across imports, never by
database ids. Values are machine-readable: decimals as plain strings with a
dot (``"72.5"``), money as whole rupiah, an empty value as null (JSON) or an
empty cell (CSV). docs/data-terbuka.md describes every column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from sakip.anggaran.selectors import pagu_sums
from sakip.organisasi.models import Unit
from sakip.pengukuran.selectors import (
    capaian_indikator_list,
    realisasi_by_indikator,
)
from sakip.perencanaan.models import (
    TAHUN_VALIDATORS,
    Dokumen,
    Elemen,
    Indikator,
    Target,
)
from sakip.perjanjian.models import BarisPK

from . import selectors

# The engine's selectors read a fixed number of queries per call. The
# published indikator are read in chunks of this size, so that a province's
# 30,000 indikator take a few dozen calls and no call loads them all at once.
UKURAN_POTONGAN = 2000
# The periods of the capaian dataset: the year and its quarters.
PERIODE_CAPAIAN = ("tahunan", "TW1", "TW2", "TW3", "TW4")
TAHUN_MIN = TAHUN_VALIDATORS[0].limit_value
TAHUN_MAX = TAHUN_VALIDATORS[1].limit_value
POLA_TAHUN = re.compile(r"^[0-9]{4}$")
# A unit's kode is at most 64 characters; control characters never occur.
POLA_KODE = re.compile(r"^[^\x00-\x1f\x7f]{1,64}$")


class FilterTidakSah(ValueError):
    """An invalid filter parameter of a download. The message names the
    parameter and the expected value, in Indonesian."""


@dataclass(frozen=True)
class Filter:
    """The ``?tahun=`` and ``?unit=`` filters of a download, both optional."""

    tahun: int | None = None
    unit: Unit | None = None

    def as_dict(self) -> dict:
        return {
            "tahun": self.tahun,
            "unit": None if self.unit is None else self.unit.kode,
        }


def parse_filter(params) -> Filter:
    """Read ``tahun`` and ``unit`` from the query string.

    Raise FilterTidakSah unless ``tahun`` is a year from 2000 to 2100 and
    ``unit`` the code of a unit."""
    tahun = None
    teks_tahun = params.get("tahun", "").strip()
    if teks_tahun:
        if not POLA_TAHUN.match(teks_tahun) or not (
            TAHUN_MIN <= int(teks_tahun) <= TAHUN_MAX
        ):
            raise FilterTidakSah(
                _(
                    "Parameter tahun tidak sah: isi dengan tahun empat angka dari "
                    "%(min)s sampai %(max)s, misalnya ?tahun=2025."
                )
                % {"min": TAHUN_MIN, "max": TAHUN_MAX}
            )
        tahun = int(teks_tahun)

    unit = None
    kode = params.get("unit", "").strip()
    if kode:
        if POLA_KODE.match(kode):
            unit = Unit.objects.filter(kode=kode).first()
        if unit is None:
            # The value is not echoed: it is whatever the client sent.
            raise FilterTidakSah(
                _(
                    "Parameter unit tidak sah: tidak ada unit dengan kode itu. "
                    "Isi dengan kode unit seperti pada kolom unit_kode."
                )
            )
    return Filter(tahun=tahun, unit=unit)


def teks_angka(value: Decimal | int | None) -> str | None:
    """Write a decimal as a plain string with a dot and no trailing zeros
    (``80.0000`` becomes ``"80"``), or None."""
    if value is None:
        return None
    if isinstance(value, int):
        return str(value)
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _dokumen(kriteria: Filter) -> QuerySet[Dokumen]:
    """Return the public documents that the filter selects: those covering the year
    and those of the unit (of an OPD, the OPD and its bidang)."""
    rows = selectors.dokumen_publik()
    if kriteria.tahun is not None:
        rows = rows.filter(
            Q(tahun_akhir__gte=kriteria.tahun)
            | Q(tahun_akhir__isnull=True, tahun_awal=kriteria.tahun),
            tahun_awal__lte=kriteria.tahun,
        )
    if kriteria.unit is not None:
        rows = rows.filter(Q(unit=kriteria.unit) | Q(unit__opd=kriteria.unit))
    return rows


INDIKATOR_FIELDS = (
    "kode",
    "uraian",
    "satuan",
    "definisi",
    "formula",
    "sumber_data",
    "kondisi_awal",
    "kondisi_awal_skala",
    "polaritas",
    "agregasi",
    "iku",
    "skala__nama",
    "elemen__kode",
    "elemen__jenis",
    "elemen__uraian",
)


def _indikator_row(values: dict, *, dokumen: dict) -> dict:
    return {
        "kode": values["kode"],
        "uraian": values["uraian"],
        "satuan": values["satuan"],
        "definisi": values["definisi"],
        "formula": values["formula"],
        "sumber_data": values["sumber_data"],
        "kondisi_awal": teks_angka(values["kondisi_awal"])
        or values["kondisi_awal_skala"]
        or None,
        "polaritas": values["polaritas"],
        "agregasi": values["agregasi"],
        "skala": values["skala__nama"] or None,
        "iku": values["iku"],
        "elemen_kode": values["elemen__kode"],
        "elemen_jenis": values["elemen__jenis"],
        "elemen_uraian": values["elemen__uraian"],
        **dokumen,
    }


def rows_indikator(kriteria: Filter) -> Iterator[dict]:
    """Yield the indikator of the public RPJMD and Renstra, then the indikator of
    the rows of the public PKs (which belong to the Renja or RKPD the PK was
    made from), each with the public document it is published in."""
    dokumen = _dokumen(kriteria)
    planning = (
        Indikator.objects.filter(
            elemen__dokumen__in=dokumen.exclude(jenis=Dokumen.Jenis.PK)
        )
        .order_by("elemen__dokumen__kode", "elemen__urutan", "urutan", "kode")
        .values(
            *INDIKATOR_FIELDS,
            "elemen__dokumen__kode",
            "elemen__dokumen__jenis",
            "elemen__dokumen__unit__kode",
        )
    )
    for values in planning.iterator():
        yield _indikator_row(
            values,
            dokumen={
                "dokumen_kode": values["elemen__dokumen__kode"],
                "dokumen_jenis": values["elemen__dokumen__jenis"],
                "unit_kode": values["elemen__dokumen__unit__kode"],
            },
        )

    baris = (
        BarisPK.objects.filter(
            perjanjian__dokumen__in=dokumen.filter(jenis=Dokumen.Jenis.PK)
        )
        .order_by("perjanjian__dokumen__kode", "urutan", "pk")
        .values(
            *(f"indikator__{name}" for name in INDIKATOR_FIELDS),
            "perjanjian__dokumen__kode",
            "perjanjian__unit__kode",
        )
    )
    for values in baris.iterator():
        own = {name: values[f"indikator__{name}"] for name in INDIKATOR_FIELDS}
        yield _indikator_row(
            own,
            dokumen={
                "dokumen_kode": values["perjanjian__dokumen__kode"],
                "dokumen_jenis": Dokumen.Jenis.PK.value,
                "unit_kode": values["perjanjian__unit__kode"],
            },
        )


def rows_target(kriteria: Filter) -> Iterator[dict]:
    """Yield every target that a public document set, by indikator, year and period."""
    rows = (
        Target.objects.filter(dokumen__in=_dokumen(kriteria))
        .order_by("dokumen__kode", "indikator__kode", "tahun", "periode")
        .values(
            "indikator__kode",
            "dokumen__kode",
            "tahun",
            "periode",
            "nilai",
            "nilai_skala",
            "batas_bawah",
            "batas_atas",
        )
    )
    if kriteria.tahun is not None:
        rows = rows.filter(tahun=kriteria.tahun)
    for values in rows.iterator():
        yield {
            "indikator_kode": values["indikator__kode"],
            "dokumen_kode": values["dokumen__kode"],
            "tahun": values["tahun"],
            "periode": values["periode"],
            "nilai": teks_angka(values["nilai"]),
            "nilai_skala": values["nilai_skala"] or None,
            "batas_bawah": teks_angka(values["batas_bawah"]),
            "batas_atas": teks_angka(values["batas_atas"]),
        }


@dataclass(frozen=True)
class IndikatorPublik:
    """A published indikator: its id (never sent out), its code, the public
    document it is published in and the years that document covers."""

    pk: int
    kode: str
    dokumen_kode: str
    tahun: range


def indikator_publik(kriteria: Filter) -> list[IndikatorPublik]:
    """List the published indikator in the order of the indikator dataset;
    two queries."""
    dokumen = _dokumen(kriteria)
    result = []
    planning = (
        Indikator.objects.filter(
            elemen__dokumen__in=dokumen.exclude(jenis=Dokumen.Jenis.PK)
        )
        .order_by("elemen__dokumen__kode", "elemen__urutan", "urutan", "kode")
        .values_list(
            "pk",
            "kode",
            "elemen__dokumen__kode",
            "elemen__dokumen__tahun_awal",
            "elemen__dokumen__tahun_akhir",
        )
    )
    baris = (
        BarisPK.objects.filter(
            perjanjian__dokumen__in=dokumen.filter(jenis=Dokumen.Jenis.PK)
        )
        .order_by("perjanjian__dokumen__kode", "urutan", "pk")
        .values_list(
            "indikator_id",
            "indikator__kode",
            "perjanjian__dokumen__kode",
            "perjanjian__tahun",
            "perjanjian__tahun",
        )
    )
    for rows in (planning, baris):
        for pk, kode, dokumen_kode, awal, akhir in rows.iterator():
            tahun = range(awal, (akhir or awal) + 1)
            if kriteria.tahun is not None:
                tahun = range(kriteria.tahun, kriteria.tahun + 1)
            result.append(IndikatorPublik(pk, kode, dokumen_kode, tahun))
    return result


def _chunks(items: list, size: int = UKURAN_POTONGAN) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def rows_realisasi(kriteria: Filter) -> Iterator[dict]:
    """Yield the accepted realisation of each published indikator, by year and
    period, as the capaian reads it: the indikator's own value, else that of
    its earlier versions or its copies (a Renja's copy of a Renstra
    indikator measures the same thing)."""
    for chunk in _chunks(indikator_publik(kriteria)):
        ids = Indikator.objects.filter(pk__in=[item.pk for item in chunk])
        values = realisasi_by_indikator(ids, tahun=None, hanya_terverifikasi=True)
        for item in chunk:
            own = values.get(item.pk, {})
            for (tahun, periode), value in sorted(own.items()):
                if tahun not in item.tahun:
                    continue
                skala = isinstance(value, str)
                yield {
                    "indikator_kode": item.kode,
                    "dokumen_kode": item.dokumen_kode,
                    "tahun": tahun,
                    "periode": periode,
                    "nilai": None if skala else teks_angka(value),
                    "nilai_skala": value if skala else None,
                }


def rows_capaian(kriteria: Filter) -> Iterator[dict]:
    """Yield the capaian of each published indikator for each year its document
    covers and each period of ``PERIODE_CAPAIAN`` that has a target or a
    realisation, computed by the engine from accepted realisation.

    Only the targets of published documents count, so that no target of an
    unpublished PK or Renja is made public: where such a document would set
    the target, the highest-ranked published document's target is used, and
    ``target_dokumen_kode`` always names it.

    The queries grow with the years and with the chunks of
    ``UKURAN_POTONGAN`` indikator, never with the rows.
    """
    published = indikator_publik(kriteria)
    public_ids = set(selectors.dokumen_publik().values_list("pk", flat=True))
    years = sorted({tahun for item in published for tahun in item.tahun})
    for tahun in years:
        of_year = [item for item in published if tahun in item.tahun]
        for chunk in _chunks(of_year):
            ids = Indikator.objects.filter(pk__in=[item.pk for item in chunk])
            per_periode = {
                periode: {
                    hasil.indikator.pk: hasil
                    for hasil in capaian_indikator_list(
                        indikator=ids,
                        tahun=tahun,
                        periode=periode,
                        hanya_terverifikasi=True,
                        dokumen_target=public_ids,
                    )
                }
                for periode in PERIODE_CAPAIAN
            }
            for item in chunk:
                for periode in PERIODE_CAPAIAN:
                    hasil = per_periode[periode].get(item.pk)
                    if hasil is None or not _has_figures(hasil):
                        continue
                    yield _capaian_row(item, hasil)


def _has_figures(hasil) -> bool:
    return hasil.sumber_target is not None or hasil.realisasi_teks != "—"


def _capaian_row(item: IndikatorPublik, hasil) -> dict:
    skala = hasil.indikator.skala_id is not None
    target = teks_angka(hasil.target)
    realisasi = teks_angka(hasil.realisasi)
    if skala:
        target = None if hasil.target_teks == "—" else hasil.target_teks
        realisasi = None if hasil.realisasi_teks == "—" else hasil.realisasi_teks
    return {
        "indikator_kode": item.kode,
        "dokumen_kode": item.dokumen_kode,
        "tahun": hasil.tahun,
        "periode": hasil.periode,
        "target": target,
        "target_batas_bawah": teks_angka(hasil.batas_bawah),
        "target_batas_atas": teks_angka(hasil.batas_atas),
        "target_dokumen_kode": hasil.sumber_target,
        "realisasi": realisasi,
        "capaian": teks_angka(hasil.capaian_2dp),
        "kategori": hasil.kategori,
        "nilai_rumus": teks_angka(hasil.nilai_rumus),
        "keterangan": hasil.keterangan,
    }


def rows_anggaran(kriteria: Filter) -> Iterator[dict]:
    """Yield the pagu and the accepted realisasi keuangan of each program of
    the adopted Renjas, per year and OPD, in four queries."""
    pagu = selectors.pagu_rows(tahun=kriteria.tahun)
    keuangan = selectors.keuangan_rows(tahun=kriteria.tahun)
    if kriteria.unit is not None:
        opd = kriteria.unit.opd or kriteria.unit
        pagu = pagu.filter(elemen__dokumen__unit__opd=opd)
        keuangan = keuangan.filter(elemen__dokumen__unit__opd=opd)

    program = selectors.JALUR_PROGRAM
    sums = {
        (row[program], row["tahun"]): row
        for row in pagu.values(program, "tahun").annotate(**_pagu_sums())
    }
    realisasi = {
        (row[program], row["tahun"]): row["realisasi"]
        for row in keuangan.values(program, "tahun").annotate(
            realisasi=Sum("realisasi_keuangan")
        )
    }

    keys = sorted({*sums, *realisasi}, key=lambda key: (key[1], key[0] or 0))
    elemen = _program_info({key[0] for key in keys if key[0] is not None})
    rows = []
    for pk, tahun in keys:
        info = elemen.get(pk)
        if info is None:
            continue
        row = sums.get((pk, tahun), {})
        nilai = realisasi.get((pk, tahun))
        berlaku = row.get("pagu_berlaku")
        serapan = selectors.Serapan(berlaku, nilai).persen_2dp
        rows.append(
            {
                "tahun": tahun,
                "unit_kode": info["dokumen__unit__opd__kode"],
                "program_kode": info["kode"],
                "nomenklatur": info["nomenklatur"],
                "uraian": info["uraian"],
                "pagu_murni": row.get("pagu_murni"),
                "pagu_perubahan": row.get("pagu_perubahan"),
                "pagu": berlaku,
                "realisasi": nilai,
                "serapan": teks_angka(serapan),
            }
        )

    rows.sort(key=lambda row: (row["tahun"], row["unit_kode"], row["program_kode"]))
    yield from rows


def _pagu_sums() -> dict:
    sums = pagu_sums()
    return {
        name: sums[name] for name in ("pagu_murni", "pagu_perubahan", "pagu_berlaku")
    }


def _program_info(ids: Iterable[int]) -> dict[int, dict]:
    rows = Elemen.objects.filter(pk__in=list(ids)).values(
        "pk", "kode", "nomenklatur", "uraian", "dokumen__unit__opd__kode"
    )
    return {row["pk"]: row for row in rows}
