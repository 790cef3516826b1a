"""Loading an LKE template from its CSV files.

Three files make a template: the LKE itself (one row per criterion, with its
komponen and sub komponen), the answer scale and the predikat bands; their
columns are described in ``docs/evaluasi-akip.md``. Every file is parsed and
checked whole first, and nothing is written unless all of it is valid: each
error names its file, row and column. The rows are numbered as a
spreadsheet shows them, the header being row 1.
"""

from __future__ import annotations

import csv
import io
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .models import Komponen, Kriteria, LkeTemplate, NilaiJawaban, Predikat, SubKomponen

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
LKE_BAWAAN = DATA_DIR / "lke-88-2021.csv"
SKALA_BAWAAN = DATA_DIR / "skala-88-2021.csv"
PREDIKAT_BAWAAN = DATA_DIR / "predikat-88-2021.csv"
KODE_BAWAAN = "PERMENPANRB-88-2021"
NAMA_BAWAAN = "LKE PermenPAN-RB 88/2021 (Perangkat Daerah)"

KOLOM_LKE = (
    "komponen_kode",
    "komponen",
    "komponen_bobot",
    "subkomponen_kode",
    "subkomponen",
    "subkomponen_bobot",
    "kriteria_kode",
    "kriteria",
    "bukti_dukung",
    "jawaban",
)
KOLOM_SKALA = ("jenis_jawaban", "kode", "nilai")
KOLOM_PREDIKAT = ("predikat", "nilai_di_atas")
WAJIB_LKE = tuple(name for name in KOLOM_LKE if name != "bukti_dukung")
TOTAL_BOBOT = Decimal(100)


class LkeError(ValidationError):
    """The files of an LKE template are invalid; ``messages`` lists every
    error found, each with its file, row and column."""


@dataclass
class SubKomponenBaris:
    kode: str
    nama: str
    bobot: Decimal
    baris: int
    kriteria: list[KriteriaBaris] = field(default_factory=list)


@dataclass
class KomponenBaris:
    kode: str
    nama: str
    bobot: Decimal
    baris: int
    sub_komponen: dict[str, SubKomponenBaris] = field(default_factory=dict)


@dataclass
class KriteriaBaris:
    kode: str
    uraian: str
    jenis_jawaban: str
    bukti_dukung: list[str]


@dataclass
class JawabanBaris:
    jenis_jawaban: str
    kode: str
    nilai: Decimal
    keterangan: str


@dataclass
class PredikatBaris:
    kode: str
    di_atas: Decimal
    keterangan: str


@dataclass
class LkeBerkas:
    """The parsed, checked content of a template's three files."""

    komponen: dict[str, KomponenBaris]
    skala: list[JawabanBaris]
    predikat: list[PredikatBaris]


class _Errors:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, berkas: str, baris: int | None, kolom: str | None, pesan: str):
        if baris is None:
            where = _("Berkas %(berkas)s") % {"berkas": berkas}
        elif kolom is None:
            where = _("Berkas %(berkas)s, baris %(baris)s") % {
                "berkas": berkas,
                "baris": baris,
            }
        else:
            where = _("Berkas %(berkas)s, baris %(baris)s, kolom %(kolom)s") % {
                "berkas": berkas,
                "baris": baris,
                "kolom": kolom,
            }
        self.messages.append(f"{where}: {pesan}")


def _read_rows(
    text: str, berkas: str, kolom: tuple[str, ...], errors: _Errors
) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in kolom if name not in header]
    if missing:
        errors.add(
            berkas,
            1,
            None,
            _("kolom %(kolom)s tidak ada di baris judul.")
            % {"kolom": ", ".join(missing)},
        )
        return []
    reader.fieldnames = header
    rows = []
    for number, row in enumerate(reader, start=2):
        values = {key: (value or "").strip() for key, value in row.items() if key}
        if any(values.values()):
            rows.append((number, values))
    return rows


def _decimal(
    value: str, berkas: str, baris: int, kolom: str, errors: _Errors
) -> Decimal | None:
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        errors.add(
            berkas,
            baris,
            kolom,
            _("%(nilai)s bukan angka; tulis angka seperti 7.5.") % {"nilai": value},
        )
        return None
    return number


def parse_skala(text: str, berkas: str, errors: _Errors) -> list[JawabanBaris]:
    result = []
    seen: set[tuple[str, str]] = set()
    for baris, row in _read_rows(text, berkas, KOLOM_SKALA, errors):
        for kolom in KOLOM_SKALA:
            if not row[kolom]:
                errors.add(berkas, baris, kolom, _("wajib diisi."))
        if not all(row[kolom] for kolom in KOLOM_SKALA):
            continue
        nilai = _decimal(row["nilai"], berkas, baris, "nilai", errors)
        if nilai is None:
            continue
        if not Decimal(0) <= nilai <= Decimal(1):
            errors.add(
                berkas,
                baris,
                "nilai",
                _("nilai jawaban %(nilai)s harus antara 0 dan 1.") % {"nilai": nilai},
            )
            continue
        key = (row["jenis_jawaban"], row["kode"])
        if key in seen:
            errors.add(
                berkas,
                baris,
                "kode",
                _("jawaban %(kode)s sudah ada pada jenis %(jenis)s.")
                % {"kode": key[1], "jenis": key[0]},
            )
            continue
        seen.add(key)
        result.append(JawabanBaris(key[0], key[1], nilai, row.get("keterangan", "")))
    tertinggi: dict[str, Decimal] = {}
    for item in result:
        tertinggi[item.jenis_jawaban] = max(
            tertinggi.get(item.jenis_jawaban, Decimal(0)), item.nilai
        )
    for jenis, nilai in tertinggi.items():
        if nilai != 1:
            # Without a top answer of 1 a perfect LKE could not reach 100.
            errors.add(
                berkas,
                None,
                None,
                _("jenis jawaban %(jenis)s tidak memiliki jawaban bernilai 1.")
                % {"jenis": jenis},
            )
    return result


def parse_predikat(text: str, berkas: str, errors: _Errors) -> list[PredikatBaris]:
    result = []
    for baris, row in _read_rows(text, berkas, KOLOM_PREDIKAT, errors):
        if not row["predikat"]:
            errors.add(berkas, baris, "predikat", _("wajib diisi."))
            continue
        di_atas = _decimal(row["nilai_di_atas"], berkas, baris, "nilai_di_atas", errors)
        if di_atas is None:
            continue
        if not Decimal(0) <= di_atas < TOTAL_BOBOT:
            errors.add(
                berkas,
                baris,
                "nilai_di_atas",
                _("batas %(nilai)s harus dari 0 sampai kurang dari 100.")
                % {"nilai": di_atas},
            )
            continue
        if any(item.kode == row["predikat"] for item in result):
            errors.add(
                berkas,
                baris,
                "predikat",
                _("predikat %(kode)s sudah ada.") % {"kode": row["predikat"]},
            )
            continue
        if any(item.di_atas == di_atas for item in result):
            errors.add(
                berkas,
                baris,
                "nilai_di_atas",
                _("batas %(nilai)s sudah dipakai predikat lain.") % {"nilai": di_atas},
            )
            continue
        result.append(
            PredikatBaris(row["predikat"], di_atas, row.get("keterangan", ""))
        )
    if result and min(item.di_atas for item in result) != 0:
        errors.add(
            berkas,
            None,
            None,
            _(
                "predikat terendah harus berbatas 0, agar setiap nilai mendapat "
                "predikat."
            ),
        )
    if not result and not errors.messages:
        errors.add(berkas, None, None, _("tidak ada predikat."))
    return result


def _check_same(
    errors: _Errors,
    berkas: str,
    baris: int,
    row: dict[str, str],
    first: KomponenBaris | SubKomponenBaris,
    prefix: str,
    bobot: Decimal | None,
) -> None:
    """Report a row that gives a komponen or sub komponen another name or
    bobot than its first row did."""
    if row[prefix] != first.nama:
        errors.add(
            berkas,
            baris,
            prefix,
            _("nama %(nama)s berbeda dari baris %(baris)s (%(awal)s).")
            % {"nama": row[prefix], "baris": first.baris, "awal": first.nama},
        )
    if bobot is not None and bobot != first.bobot:
        errors.add(
            berkas,
            baris,
            f"{prefix}_bobot",
            _("bobot %(bobot)s berbeda dari baris %(baris)s (%(awal)s).")
            % {"bobot": bobot, "baris": first.baris, "awal": first.bobot},
        )


def parse_lke(
    text: str, berkas: str, jenis_jawaban: set[str], errors: _Errors
) -> dict[str, KomponenBaris]:
    komponen: dict[str, KomponenBaris] = {}
    sub_of: dict[str, str] = {}
    kriteria_baris: dict[str, int] = {}
    for baris, row in _read_rows(text, berkas, KOLOM_LKE, errors):
        empty = [kolom for kolom in WAJIB_LKE if not row[kolom]]
        for kolom in empty:
            errors.add(berkas, baris, kolom, _("wajib diisi."))
        if empty:
            continue
        bobot_k = _decimal(
            row["komponen_bobot"], berkas, baris, "komponen_bobot", errors
        )
        bobot_s = _decimal(
            row["subkomponen_bobot"], berkas, baris, "subkomponen_bobot", errors
        )

        item = komponen.get(row["komponen_kode"])
        if item is None:
            if bobot_k is None:
                continue
            item = KomponenBaris(row["komponen_kode"], row["komponen"], bobot_k, baris)
            komponen[item.kode] = item
        else:
            _check_same(errors, berkas, baris, row, item, "komponen", bobot_k)

        sub_kode = row["subkomponen_kode"]
        if sub_of.setdefault(sub_kode, item.kode) != item.kode:
            errors.add(
                berkas,
                baris,
                "subkomponen_kode",
                _("sub komponen %(kode)s sudah dipakai komponen %(komponen)s.")
                % {"kode": sub_kode, "komponen": sub_of[sub_kode]},
            )
            continue
        sub = item.sub_komponen.get(sub_kode)
        if sub is None:
            if bobot_s is None:
                continue
            sub = SubKomponenBaris(sub_kode, row["subkomponen"], bobot_s, baris)
            item.sub_komponen[sub_kode] = sub
        else:
            _check_same(errors, berkas, baris, row, sub, "subkomponen", bobot_s)

        kode = row["kriteria_kode"]
        if kode in kriteria_baris:
            errors.add(
                berkas,
                baris,
                "kriteria_kode",
                _("kode kriteria %(kode)s sudah dipakai di baris %(baris)s.")
                % {"kode": kode, "baris": kriteria_baris[kode]},
            )
            continue
        kriteria_baris[kode] = baris
        if row["jawaban"] not in jenis_jawaban:
            errors.add(
                berkas,
                baris,
                "jawaban",
                _(
                    "jenis jawaban %(jenis)s tidak ada di skala jawaban; yang ada: "
                    "%(ada)s."
                )
                % {
                    "jenis": row["jawaban"],
                    "ada": ", ".join(sorted(jenis_jawaban)) or "—",
                },
            )
        bukti = [part.strip() for part in row["bukti_dukung"].split(";")]
        sub.kriteria.append(
            KriteriaBaris(
                kode, row["kriteria"], row["jawaban"], [b for b in bukti if b]
            )
        )
    _check_bobot(komponen, berkas, errors)
    return komponen


def _check_bobot(
    komponen: dict[str, KomponenBaris], berkas: str, errors: _Errors
) -> None:
    for item in komponen.values():
        jumlah = sum((sub.bobot for sub in item.sub_komponen.values()), Decimal(0))
        if item.sub_komponen and jumlah != item.bobot:
            errors.add(
                berkas,
                item.baris,
                "subkomponen_bobot",
                _(
                    "bobot sub komponen %(komponen)s berjumlah %(jumlah)s, padahal "
                    "bobot komponennya %(bobot)s."
                )
                % {"komponen": item.kode, "jumlah": jumlah, "bobot": item.bobot},
            )
    jumlah = sum((item.bobot for item in komponen.values()), Decimal(0))
    if komponen and jumlah != TOTAL_BOBOT:
        errors.add(
            berkas,
            None,
            "komponen_bobot",
            _("bobot komponen berjumlah %(jumlah)s, seharusnya 100.")
            % {"jumlah": jumlah},
        )
    if not komponen and not errors.messages:
        errors.add(berkas, None, None, _("tidak ada kriteria."))


def parse_berkas(lke: Path, skala: Path, predikat: Path) -> LkeBerkas:
    """Parse and check a template's three files; raise LkeError with every
    error found."""
    errors = _Errors()
    texts = {}
    for path in (lke, skala, predikat):
        try:
            texts[path] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            errors.add(path.name, None, None, _("tidak dapat dibaca: %s") % error)
    if errors.messages:
        raise LkeError(errors.messages)

    nilai = parse_skala(texts[skala], skala.name, errors)
    bands = parse_predikat(texts[predikat], predikat.name, errors)
    jenis = {item.jenis_jawaban for item in nilai}
    komponen = parse_lke(texts[lke], lke.name, jenis, errors)
    if errors.messages:
        raise LkeError(errors.messages)
    return LkeBerkas(komponen=komponen, skala=nilai, predikat=bands)


def lke_load(
    *,
    lke: Path,
    kode: str,
    nama: str,
    skala: Path = SKALA_BAWAAN,
    predikat: Path = PREDIKAT_BAWAAN,
) -> LkeTemplate:
    """Check the files and store them as a new template ``kode``; raise
    LkeError, writing nothing, when a file is invalid or ``kode`` exists."""
    berkas = parse_berkas(Path(lke), Path(skala), Path(predikat))
    if LkeTemplate.objects.filter(kode=kode).exists():
        raise LkeError(
            _(
                "Templat LKE %(kode)s sudah ada. Pilih kode lain untuk berkas baru; "
                "templat yang sudah dimuat tidak ditimpa."
            )
            % {"kode": kode}
        )

    with transaction.atomic():
        template = LkeTemplate.objects.create(
            kode=kode, nama=nama, berkas_sumber=Path(lke).name
        )
        _store(template, berkas)
    logger.info(
        "Loaded LKE template %s from %s: %d komponen",
        kode,
        lke,
        len(berkas.komponen),
    )
    return template


def _store(template: LkeTemplate, berkas: LkeBerkas) -> None:
    urutan_jenis: dict[str, int] = defaultdict(int)
    for item in berkas.skala:
        urutan_jenis[item.jenis_jawaban] += 1
        NilaiJawaban.objects.create(
            template=template,
            jenis_jawaban=item.jenis_jawaban,
            kode=item.kode,
            nilai=item.nilai,
            keterangan=item.keterangan,
            urutan=urutan_jenis[item.jenis_jawaban],
        )
    for item in berkas.predikat:
        Predikat.objects.create(
            template=template,
            kode=item.kode,
            di_atas=item.di_atas,
            keterangan=item.keterangan,
        )
    for k_urutan, item in enumerate(berkas.komponen.values(), start=1):
        komponen = Komponen.objects.create(
            template=template,
            kode=item.kode,
            nama=item.nama,
            bobot=item.bobot,
            urutan=k_urutan,
        )
        for s_urutan, sub in enumerate(item.sub_komponen.values(), start=1):
            sub_komponen = SubKomponen.objects.create(
                komponen=komponen,
                kode=sub.kode,
                nama=sub.nama,
                bobot=sub.bobot,
                urutan=s_urutan,
            )
            bulk_create_with_history(
                [
                    Kriteria(
                        sub_komponen=sub_komponen,
                        kode=kriteria.kode,
                        uraian=kriteria.uraian,
                        jenis_jawaban=kriteria.jenis_jawaban,
                        bukti_dukung=kriteria.bukti_dukung,
                        urutan=urutan,
                    )
                    for urutan, kriteria in enumerate(sub.kriteria, start=1)
                ],
                Kriteria,
            )


def lke_bawaan_load() -> LkeTemplate:
    """Load the shipped LKE of PermenPAN-RB 88/2021 as template
    ``PERMENPANRB-88-2021``, or return that template when it is loaded."""
    existing = LkeTemplate.objects.filter(kode=KODE_BAWAAN).first()
    if existing is not None:
        return existing
    return lke_load(lke=LKE_BAWAAN, kode=KODE_BAWAAN, nama=NAMA_BAWAAN)
