"""Import of the DPA sub kegiatan that SIPD exports, as XLSX or CSV.

The columns are those of SIPD's ``data_sub_keg_bl`` (``kode_sub_giat``,
``nama_sub_giat``, ``pagu``, ``kode_skpd``) with the twelve ``bulan_1`` …
``bulan_12`` of ``data_anggaran_kas`` summed per sub kegiatan;
docs/sipd-dpa.md lists what is read. Every row is checked before anything is
written, and one error stops the whole file.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Exists, OuterRef, Sum
from django.utils.translation import gettext as _

from sakip.core.angka import TranslatableValueError, parse_angka
from sakip.perencanaan.models import Elemen

from .models import KeuanganBulanan, Pagu
from .selectors import renja_anggaran_list

KOLOM_WAJIB = ("kode_sub_giat", "nama_sub_giat", "pagu")
KOLOM_BULAN = tuple(f"bulan_{n}" for n in range(1, 13))
KOLOM_PILIHAN = ("kode_skpd", "nama_skpd", *KOLOM_BULAN)
# A column name that looks like a month. Names other than bulan_1 … bulan_12
# (bulan_13, or bulan_0 … bulan_11 counted from zero) are rejected rather than
# ignored, because reading the rest would put every month one month off.
POLA_KOLOM_BULAN = re.compile(r"bulan_?\d+")
# The largest value the BigIntegerField of a pagu or an anggaran kas holds.
RUPIAH_MAKSIMUM = 2**63 - 1


class BerkasSipdError(Exception):
    """The file cannot be imported; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class BarisDpa:
    """One checked row of the file, matched to its sub kegiatan."""

    baris: int
    elemen: Elemen
    pagu: int
    anggaran_kas: dict[int, int] = field(default_factory=dict)


@dataclass
class HasilImpor:
    """What an import wrote, or would write in a dry run."""

    baris: list[BarisDpa]
    dry_run: bool

    @property
    def jumlah_pagu(self) -> int:
        return sum(row.pagu for row in self.baris)


def read_table(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    """Return the header (lower case) and the non-empty rows with their row
    numbers as the spreadsheet shows them."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if path.suffix.lower() == ".csv":
        return _read_csv(path)
    raise BerkasSipdError(
        [_("Berkas %(nama)s bukan XLSX atau CSV.") % {"nama": path.name}]
    )


def _read_xlsx(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a bad file
        raise BerkasSipdError(
            [
                _("Berkas %(nama)s tidak dapat dibaca sebagai XLSX: %(error)s")
                % {"nama": path.name, "error": error}
            ]
        ) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_column_name(cell) for cell in next(rows, ())]
    result = []
    for number, values in enumerate(rows, start=2):
        row = dict(zip(header, values, strict=False))
        if any(value not in (None, "") for value in row.values()):
            result.append((number, row))
    workbook.close()
    return header, result


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BerkasSipdError(
            [
                _(
                    "Berkas %(nama)s tidak dapat dibaca sebagai CSV UTF-8. Di Excel, "
                    "simpan dengan jenis “CSV UTF-8”, atau unggah XLSX."
                )
                % {"nama": path.name}
            ]
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [_column_name(cell) for cell in next(reader, [])]
    result = []
    for number, values in enumerate(reader, start=2):
        row = dict(zip(header, values, strict=False))
        if any(value.strip() for value in values):
            result.append((number, row))
    return header, result


def _column_name(cell) -> str:
    return "" if cell is None else str(cell).strip().lower()


def _rupiah(value, *, baris: int, kolom: str, errors: list[str]) -> int | None:
    """Read whole rupiah from a cell; append an error and return None if not."""
    prefix = _("Baris %(baris)s, kolom %(kolom)s: ") % {"baris": baris, "kolom": kolom}
    if isinstance(value, str):
        value = value.strip().removeprefix("Rp").removeprefix("rp").strip()
    try:
        number = parse_angka(value)
    except TranslatableValueError as error:
        errors.append(prefix + _(error.template) % error.params)
        return None
    if number is None:
        return None
    if number != number.to_integral_value():
        errors.append(
            prefix
            + _("%(nilai)s bukan rupiah bulat; pagu dicatat tanpa sen.")
            % {"nilai": value}
        )
        return None
    if number < 0:
        errors.append(prefix + _("jumlah rupiah tidak boleh negatif."))
        return None
    if number > RUPIAH_MAKSIMUM:
        errors.append(
            prefix
            + _("%(nilai)s terlalu besar untuk jumlah rupiah.") % {"nilai": value}
        )
        return None
    return int(number)


def check_file(
    path: Path,
    *,
    tahun: int,
    versi: str = Pagu.Versi.MURNI,
    opd_kode: str | None = None,
) -> list[BarisDpa]:
    """Read and check the whole file; raise BerkasSipdError with every error."""
    header, rows = read_table(path)
    missing = [name for name in KOLOM_WAJIB if name not in header]
    if missing:
        raise BerkasSipdError(
            [
                _(
                    "Berkas ini bukan ekspor DPA sub kegiatan SIPD: kolom %(kolom)s "
                    "tidak ada. Kolom yang ada: %(ada)s."
                )
                % {
                    "kolom": ", ".join(missing),
                    "ada": ", ".join(name for name in header if name) or "-",
                }
            ]
        )
    unknown_months = [
        name
        for name in header
        if POLA_KOLOM_BULAN.fullmatch(name) and name not in KOLOM_BULAN
    ]
    if unknown_months:
        raise BerkasSipdError(
            [
                _(
                    "Baris 1, kolom %(kolom)s: bulan harus bulan_1 sampai bulan_12. "
                    "Ubah nama kolom ini atau hapus kolomnya."
                )
                % {"kolom": name}
                for name in unknown_months
            ]
        )
    if not rows:
        raise BerkasSipdError([_("Berkas tidak berisi satu baris pun.")])

    candidates = _candidates(tahun=tahun, opd_kode=opd_kode)
    errors: list[str] = []
    checked: list[BarisDpa] = []
    seen: dict[int, int] = {}
    for number, row in rows:
        kode = str(row.get("kode_sub_giat") or "").strip()
        skpd = str(row.get("kode_skpd") or "").strip()
        pagu = _rupiah(row.get("pagu"), baris=number, kolom="pagu", errors=errors)
        if row.get("pagu") in (None, ""):
            errors.append(
                _("Baris %(baris)s, kolom pagu: pagu kosong.") % {"baris": number}
            )
        kas = {}
        for bulan, kolom in enumerate(KOLOM_BULAN, start=1):
            if kolom in header:
                value = _rupiah(
                    row.get(kolom), baris=number, kolom=kolom, errors=errors
                )
                if value is not None:
                    kas[bulan] = value
        elemen = _match(
            kode, skpd, candidates, baris=number, opd_kode=opd_kode, errors=errors
        )
        if elemen is None:
            continue
        if elemen.pk in seen:
            errors.append(
                _(
                    "Baris %(baris)s, kolom kode_sub_giat: sub kegiatan %(kode)s "
                    "sudah ada di baris %(pertama)s."
                )
                % {"baris": number, "kode": kode, "pertama": seen[elemen.pk]}
            )
            continue
        seen[elemen.pk] = number
        if pagu is not None:
            checked.append(
                BarisDpa(baris=number, elemen=elemen, pagu=pagu, anggaran_kas=kas)
            )
    errors.extend(_check_realisasi(checked, tahun=tahun, versi=versi))
    if errors:
        raise BerkasSipdError(errors)
    return checked


def _candidates(*, tahun: int, opd_kode: str | None) -> dict[str, list[Elemen]]:
    """The sub kegiatan of the year's Renjas, by nomenklatur code."""
    elemen = Elemen.objects.filter(
        dokumen__in=renja_anggaran_list(tahun=tahun),
        jenis=Elemen.Jenis.SUB_KEGIATAN,
    ).exclude(nomenklatur="")
    if opd_kode:
        elemen = elemen.filter(dokumen__unit__opd__kode=opd_kode)
    result: dict[str, list[Elemen]] = {}
    for item in elemen.select_related("dokumen__unit__opd"):
        result.setdefault(item.nomenklatur, []).append(item)
    return result


def _match(kode, skpd, candidates, *, baris, opd_kode, errors) -> Elemen | None:
    prefix = _("Baris %(baris)s, kolom kode_sub_giat: ") % {"baris": baris}
    if not kode:
        errors.append(prefix + _("kode sub kegiatan kosong."))
        return None
    found = candidates.get(kode, [])
    if skpd and not opd_kode:
        found = [item for item in found if item.dokumen.unit.opd.kode == skpd]
    if not found:
        errors.append(
            prefix
            + _(
                "sub kegiatan %(kode)s tidak ada di Renja tahun ini%(opd)s. "
                "Periksa kode nomenklatur sub kegiatan di Renja."
            )
            % {
                "kode": kode,
                "opd": f" ({opd_kode or skpd})" if opd_kode or skpd else "",
            }
        )
        return None
    if len(found) > 1:
        errors.append(
            prefix
            + _(
                "sub kegiatan %(kode)s ada di Renja beberapa OPD (%(opd)s); isi kolom "
                "kode_skpd dengan kode OPD atau pilih OPD dengan --opd."
            )
            % {"kode": kode, "opd": ", ".join(i.dokumen.unit.opd.kode for i in found)}
        )
        return None
    return found[0]


def _check_realisasi(rows: list[BarisDpa], *, tahun: int, versi: str) -> list[str]:
    """A pagu may not fall below the realisasi already recorded; one query.

    A pagu murni is not checked where a perubahan exists, as the perubahan is
    then the ceiling.
    """
    pagu = {row.elemen.pk: row for row in rows}
    if not pagu:
        return []
    realised = KeuanganBulanan.objects.filter(tahun=tahun, elemen__in=pagu)
    if versi == Pagu.Versi.MURNI:
        perubahan = Pagu.objects.filter(
            elemen=OuterRef("elemen"), tahun=tahun, versi=Pagu.Versi.PERUBAHAN
        )
        realised = realised.exclude(Exists(perubahan))
    realised = (
        realised.order_by().values("elemen").annotate(total=Sum("realisasi_keuangan"))
    )
    errors = []
    for item in realised:
        row = pagu[item["elemen"]]
        if item["total"] and item["total"] > row.pagu:
            errors.append(
                _(
                    "Baris %(baris)s, kolom pagu: realisasi keuangan yang tercatat "
                    "(Rp %(realisasi)s) melebihi pagu baru (Rp %(pagu)s)."
                )
                % {
                    "baris": row.baris,
                    "realisasi": _grouped(item["total"]),
                    "pagu": _grouped(row.pagu),
                }
            )
    return errors


def _grouped(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def import_sipd_dpa(
    path: Path,
    *,
    tahun: int,
    versi: str = Pagu.Versi.MURNI,
    opd_kode: str | None = None,
    dry_run: bool = False,
) -> HasilImpor:
    """Check the file and, unless ``dry_run``, store its pagu and anggaran kas."""
    rows = check_file(path, tahun=tahun, versi=versi, opd_kode=opd_kode)
    if not dry_run:
        with transaction.atomic():
            for row in rows:
                Pagu.objects.update_or_create(
                    elemen=row.elemen,
                    tahun=tahun,
                    versi=versi,
                    defaults={"pagu": row.pagu},
                )
                for bulan, nilai in row.anggaran_kas.items():
                    KeuanganBulanan.objects.update_or_create(
                        elemen=row.elemen,
                        tahun=tahun,
                        bulan=bulan,
                        defaults={"anggaran_kas": nilai},
                    )
    return HasilImpor(baris=rows, dry_run=dry_run)
