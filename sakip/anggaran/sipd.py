"""Import of the DPA sub kegiatan that SIPD exports, as XLSX or CSV.

The columns are those of SIPD's ``data_sub_keg_bl`` (``kode_sub_giat``,
``nama_sub_giat``, ``pagu``, ``kode_skpd``) with the twelve ``bulan_1`` …
``bulan_12`` of ``data_anggaran_kas`` summed per sub kegiatan;
docs/sipd-dpa.md lists what is read. Every row is checked before anything is
written, and one error stops the whole file. The work is bounded: only the
header's columns and at most ``max_rows()`` data rows are read, and the check
stops after MAX_KESALAHAN errors.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Sum
from django.utils.translation import gettext as _

from sakip.core.angka import TranslatableValueError, parse_rupiah
from sakip.organisasi.models import Unit
from sakip.perencanaan.models import Elemen

from .models import KeuanganBulanan, Pagu
from .selectors import renja_anggaran_list

logger = logging.getLogger(__name__)

KOLOM_WAJIB = ("kode_sub_giat", "nama_sub_giat", "pagu")
KOLOM_BULAN = tuple(f"bulan_{n}" for n in range(1, 13))
KOLOM_PILIHAN = ("kode_skpd", "nama_skpd", *KOLOM_BULAN)
# A column name that looks like a month. Names other than bulan_1 … bulan_12
# (bulan_13, or bulan_0 … bulan_11 counted from zero) are rejected rather than
# ignored, because reading the rest would put every month one month off.
POLA_KOLOM_BULAN = re.compile(r"bulan_?\d+")
# Month names are rejected as column names for the same reason: the months
# are read from bulan_1 … bulan_12 only, and a "Januari" column would be
# silently ignored.
NAMA_BULAN = (
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
)
# Spaces and hyphens in a column name count as underscores, so "Bulan 1" and
# "Kode Sub Giat" are read as bulan_1 and kode_sub_giat.
PEMISAH_NAMA_KOLOM = re.compile(r"[\s\-]+")

# The widest header read. SIPD's sub kegiatan table has a few dozen columns.
# The limit keeps a header with a stray cell far to the right, up to Excel's
# 16,384th column, from making every row that wide.
MAX_KOLOM = 256
# The default for settings.SAKIP_SIPD_MAX_ROWS, the most data rows a file may
# have: five times the estimated 10,000 sub kegiatan of a province's DPA.
SIPD_MAX_ROWS = 50_000
# The check stops after this many errors, because a file with more needs
# fixing at its source rather than row by row.
MAX_KESALAHAN = 200
# The last row of an Excel sheet. openpyxl yields an empty row for every row
# number a sheet skips, so a sheet that names a later row is read no further.
XLSX_MAX_ROW = 1_048_576


class BerkasSipdError(Exception):
    """The file cannot be imported; ``errors`` lists the problems found.

    When the check stopped after MAX_KESALAHAN errors, ``baris_terakhir`` is
    the last row checked and ``sisa_baris`` the number of rows below it that
    were not checked.
    """

    def __init__(
        self,
        errors: list[str],
        *,
        baris_terakhir: int | None = None,
        sisa_baris: int = 0,
    ) -> None:
        self.errors = errors
        self.baris_terakhir = baris_terakhir
        self.sisa_baris = sisa_baris
        super().__init__("\n".join(errors))

    def stop_message(self) -> str:
        """Return the sentence saying where the check stopped, or ""."""
        if not self.sisa_baris:
            return ""
        return _(
            "Pemeriksaan berhenti setelah %(jumlah)s kesalahan, di baris "
            "%(baris)s; %(sisa)s baris sesudahnya belum diperiksa."
        ) % {
            "jumlah": len(self.errors),
            "baris": self.baris_terakhir,
            "sisa": _grouped(self.sisa_baris),
        }


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


def max_rows() -> int:
    """Return the most data rows a file may have (SAKIP_SIPD_MAX_ROWS)."""
    return getattr(settings, "SAKIP_SIPD_MAX_ROWS", SIPD_MAX_ROWS)


def read_table(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    """Return the header (lower case) and the non-empty rows with their row
    numbers as the spreadsheet shows them.

    Only the header's columns are read, and a file with a header wider than
    MAX_KOLOM or with more than ``max_rows()`` data rows is rejected, so that
    the work is bounded whatever size the file declares.
    """
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
        try:
            return _read_sheet(workbook.worksheets[0], path)
        finally:
            workbook.close()
    except BerkasSipdError:
        raise
    except Exception as error:  # openpyxl and zipfile raise many kinds for a bad file
        logger.info("SIPD DPA file %s unreadable as XLSX: %r", path.name, error)
        raise BerkasSipdError(
            [
                _(
                    "Berkas %(nama)s tidak dapat dibaca sebagai XLSX: berkasnya rusak "
                    "atau bukan buku kerja Excel. Buka berkas di Excel lalu simpan "
                    "ulang sebagai .xlsx, atau unggah CSV."
                )
                % {"nama": path.name}
            ]
        ) from None


def _read_sheet(sheet, path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    # The dimension a sheet declares may be A1:XFD1048576 whatever it holds;
    # forgetting it makes openpyxl read only the cells that are there.
    sheet.reset_dimensions()
    first = next(sheet.iter_rows(max_row=1, values_only=True), ())
    header = _header([_column_name(cell) for cell in first])
    rows = _Rows(len(header))
    values = sheet.iter_rows(min_row=2, max_col=max(len(header), 1), values_only=True)
    for number, cells in enumerate(values, start=2):
        if number > XLSX_MAX_ROW:
            break
        rows.add(number, header, cells)
    return header, rows.result


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
    try:
        header = _header([_column_name(cell) for cell in next(reader, [])])
        rows = _Rows(len(header))
        for number, cells in enumerate(reader, start=2):
            rows.add(number, header, cells)
    except csv.Error as error:
        logger.info("SIPD DPA file %s unreadable as CSV: %s", path.name, error)
        raise BerkasSipdError(
            [
                _(
                    "Berkas %(nama)s tidak dapat dibaca sebagai CSV di baris "
                    "%(baris)s: tanda kutip tidak tertutup atau isi sel terlalu "
                    "panjang. Simpan ulang dari Excel sebagai “CSV UTF-8”, atau "
                    "unggah XLSX."
                )
                % {"nama": path.name, "baris": reader.line_num}
            ]
        ) from None
    return header, rows.result


def _header(names: list[str]) -> list[str]:
    """Return the column names without the empty ones at the end; raise
    BerkasSipdError when more than MAX_KOLOM remain."""
    while names and not names[-1]:
        names.pop()
    if len(names) > MAX_KOLOM:
        raise BerkasSipdError(
            [
                _(
                    "Baris 1 berisi %(jumlah)s kolom; paling banyak %(maks)s kolom "
                    "dibaca. Hapus kolom yang tidak dipakai, termasuk sel terisi di "
                    "ujung kanan baris pertama."
                )
                % {"jumlah": _grouped(len(names)), "maks": MAX_KOLOM}
            ]
        )
    return names


class _Rows:
    """The non-empty rows read so far, at most ``max_rows()`` of them."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.limit = max_rows()
        self.result: list[tuple[int, dict]] = []

    def add(self, number: int, header: list[str], cells) -> None:
        cells = cells[: self.width]
        # count() runs in C: a sheet may yield a million empty rows.
        if cells.count(None) == len(cells):
            return
        if not any(_filled(cell) for cell in cells):
            return
        if len(self.result) >= self.limit:
            raise BerkasSipdError(
                [
                    _(
                        "Berkas berisi lebih dari %(maks)s baris data; pembacaan "
                        "berhenti di baris %(baris)s. Bagi berkas per OPD, atau "
                        "hapus baris yang bukan sub kegiatan."
                    )
                    % {"maks": _grouped(self.limit), "baris": _grouped(number)}
                ]
            )
        self.result.append((number, dict(zip(header, cells, strict=False))))


def _filled(cell) -> bool:
    if isinstance(cell, str):
        return bool(cell.strip())
    return cell is not None


def _column_name(cell) -> str:
    if cell is None:
        return ""
    return PEMISAH_NAMA_KOLOM.sub("_", str(cell).strip().lower())


def _rupiah(value, *, baris: int, kolom: str, errors: list[str]) -> int | None:
    """Read whole rupiah from a cell; append an error and return None if not."""
    try:
        return parse_rupiah(value)
    except TranslatableValueError as error:
        errors.append(
            _("Baris %(baris)s, kolom %(kolom)s: ") % {"baris": baris, "kolom": kolom}
            + _(error.template) % error.params
        )
        return None


def _check_header(header: list[str]) -> None:
    """Raise BerkasSipdError when a required column is missing or a column
    looks like a month but is not bulan_1 … bulan_12."""
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
    errors = [
        _(
            "Baris 1, kolom %(kolom)s: bulan harus bulan_1 sampai bulan_12. "
            "Ubah nama kolom ini atau hapus kolomnya."
        )
        % {"kolom": name}
        for name in header
        if (POLA_KOLOM_BULAN.fullmatch(name) and name not in KOLOM_BULAN)
        or name in NAMA_BULAN
    ]
    if errors:
        raise BerkasSipdError(errors)


def check_file(
    path: Path,
    *,
    tahun: int,
    versi: str = Pagu.Versi.MURNI,
    opd_kode: str | None = None,
) -> list[BarisDpa]:
    """Read and check the whole file; raise BerkasSipdError with every error,
    or with the first MAX_KESALAHAN of them."""
    header, rows = read_table(path)
    _check_header(header)
    if not rows:
        raise BerkasSipdError([_("Berkas tidak berisi satu baris pun.")])
    opd_nama = dict(Unit.objects.perangkat_daerah().values_list("kode", "nama"))
    _ensure_renja(tahun=tahun, opd_kode=opd_kode, opd_nama=opd_nama)

    kolom_bulan = [
        (bulan, kolom)
        for bulan, kolom in enumerate(KOLOM_BULAN, start=1)
        if kolom in header
    ]
    pencocok = _Pencocok(tahun=tahun, opd_kode=opd_kode, opd_nama=opd_nama)
    errors: list[str] = []
    checked: list[BarisDpa] = []
    for index, (number, row) in enumerate(rows):
        if len(errors) >= MAX_KESALAHAN:
            raise BerkasSipdError(
                errors,
                baris_terakhir=rows[index - 1][0],
                sisa_baris=len(rows) - index,
            )
        checked_row = _check_row(number, row, kolom_bulan, pencocok, errors)
        if checked_row is not None:
            checked.append(checked_row)
    errors.extend(_check_realisasi(checked, tahun=tahun, versi=versi))
    errors.extend(_check_anggaran_kas(checked, tahun=tahun, versi=versi))
    if errors:
        raise BerkasSipdError(errors)
    return checked


def _ensure_renja(*, tahun: int, opd_kode: str | None, opd_nama: dict) -> None:
    """Raise BerkasSipdError when the year (for ``opd_kode``, that OPD) has
    no Renja, which would make every row an error of its own."""
    renja = renja_anggaran_list(tahun=tahun)
    if opd_kode:
        renja = renja.filter(unit__opd__kode=opd_kode)
    if renja.exists():
        return
    if opd_kode:
        message = _(
            "%(opd)s belum memiliki Renja tahun %(tahun)s. Pagu DPA dicatat pada "
            "sub kegiatan Renja: buat Renja itu lebih dahulu, atau periksa tahun "
            "anggaran yang dipilih."
        ) % {"opd": opd_nama.get(opd_kode, opd_kode), "tahun": tahun}
    else:
        message = _(
            "Belum ada Renja tahun %(tahun)s. Pagu DPA dicatat pada sub kegiatan "
            "Renja: buat Renja tahun itu lebih dahulu, atau periksa tahun anggaran "
            "yang dipilih."
        ) % {"tahun": tahun}
    raise BerkasSipdError([message])


def _check_row(
    number: int,
    row: dict,
    kolom_bulan: list[tuple[int, str]],
    pencocok: _Pencocok,
    errors: list[str],
) -> BarisDpa | None:
    """Check one row; append its errors and return it when it has none that
    stop it from being stored."""
    pagu = _rupiah(row.get("pagu"), baris=number, kolom="pagu", errors=errors)
    if pagu is None and not _filled(row.get("pagu")):
        errors.append(
            _("Baris %(baris)s, kolom pagu: pagu kosong.") % {"baris": number}
        )
    kas = {}
    for bulan, kolom in kolom_bulan:
        value = _rupiah(row.get(kolom), baris=number, kolom=kolom, errors=errors)
        if value is not None:
            kas[bulan] = value
    elemen = pencocok.match(row, baris=number, errors=errors)
    if elemen is None or pagu is None:
        return None
    return BarisDpa(baris=number, elemen=elemen, pagu=pagu, anggaran_kas=kas)


class _Pencocok:
    """Matches a row to a sub kegiatan of the year's Renjas by its code, and
    remembers the rows already matched so that a sub kegiatan appears once."""

    def __init__(self, *, tahun: int, opd_kode: str | None, opd_nama: dict) -> None:
        self.tahun = tahun
        self.opd_kode = opd_kode
        self.opd_nama = opd_nama
        self.candidates = _candidates(tahun=tahun, opd_kode=opd_kode)
        self.seen: dict[int, int] = {}

    def match(self, row: dict, *, baris: int, errors: list[str]) -> Elemen | None:
        kode = str(row.get("kode_sub_giat") or "").strip()
        skpd = "" if self.opd_kode else str(row.get("kode_skpd") or "").strip()
        prefix = _("Baris %(baris)s, kolom kode_sub_giat: ") % {"baris": baris}
        if not kode:
            errors.append(prefix + _("kode sub kegiatan kosong."))
            return None
        if skpd and skpd not in self.opd_nama:
            errors.append(
                _(
                    "Baris %(baris)s, kolom kode_skpd: %(skpd)s bukan kode OPD di "
                    "SAKIP. Isi dengan kode unit OPD, atau kosongkan."
                )
                % {"baris": baris, "skpd": skpd}
            )
            return None
        found = self.candidates.get(kode, [])
        if skpd:
            found = [item for item in found if item.dokumen.unit.opd.kode == skpd]
        if not found:
            errors.append(prefix + self._not_found(kode, skpd or self.opd_kode))
            return None
        if len(found) > 1:
            errors.append(
                prefix
                + _(
                    "sub kegiatan %(kode)s ada di Renja beberapa OPD (%(opd)s); isi "
                    "kolom kode_skpd dengan kode OPD-nya, atau periksa berkas untuk "
                    "satu OPD saja."
                )
                % {
                    "kode": kode,
                    "opd": ", ".join(
                        self._opd(item.dokumen.unit.opd.kode, with_kode=True)
                        for item in found
                    ),
                }
            )
            return None
        elemen = found[0]
        if elemen.pk in self.seen:
            errors.append(
                prefix
                + _("sub kegiatan %(kode)s sudah ada di baris %(pertama)s.")
                % {"kode": kode, "pertama": self.seen[elemen.pk]}
            )
            return None
        self.seen[elemen.pk] = baris
        return elemen

    def _not_found(self, kode: str, opd_kode: str | None) -> str:
        if not opd_kode:
            return _(
                "sub kegiatan %(kode)s tidak ada di Renja tahun %(tahun)s. Periksa "
                "kode nomenklatur sub kegiatan di Renja."
            ) % {"kode": kode, "tahun": self.tahun}
        return _(
            "sub kegiatan %(kode)s tidak ada di Renja tahun %(tahun)s %(opd)s. "
            "Periksa kode nomenklatur sub kegiatan di Renja."
        ) % {"kode": kode, "tahun": self.tahun, "opd": self._opd(opd_kode)}

    def _opd(self, kode: str, *, with_kode: bool = False) -> str:
        nama = self.opd_nama.get(kode)
        if nama is None:
            return kode
        return f"{nama} ({kode})" if with_kode else nama


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


def _check_anggaran_kas(rows: list[BarisDpa], *, tahun: int, versi: str) -> list[str]:
    """Return an error for each row whose anggaran kas for the year passes the
    pagu that counts after the import; two queries.

    The year's anggaran kas is the file's months with the stored months that
    the file leaves as they are. The pagu that counts is the stored pagu
    perubahan where a murni is imported beside one, else the file's pagu.
    """
    if not rows:
        return []

    elemen = [row.elemen for row in rows]
    stored: dict[int, dict[int, int]] = {}
    for elemen_id, bulan, kas in KeuanganBulanan.objects.filter(
        tahun=tahun, elemen__in=elemen, anggaran_kas__isnull=False
    ).values_list("elemen_id", "bulan", "anggaran_kas"):
        stored.setdefault(elemen_id, {})[bulan] = kas
    perubahan: dict[int, int] = {}
    if versi == Pagu.Versi.MURNI:
        perubahan = dict(
            Pagu.objects.filter(
                tahun=tahun, elemen__in=elemen, versi=Pagu.Versi.PERUBAHAN
            ).values_list("elemen_id", "pagu")
        )

    errors = []
    for row in rows:
        total = sum({**stored.get(row.elemen.pk, {}), **row.anggaran_kas}.values())
        pagu = perubahan.get(row.elemen.pk, row.pagu)
        if total > pagu:
            errors.append(
                _(
                    "Baris %(baris)s, kolom pagu: anggaran kas setahun, dari berkas "
                    "dan yang sudah tersimpan, berjumlah Rp %(kas)s, melebihi pagu "
                    "yang berlaku (Rp %(pagu)s)."
                )
                % {"baris": row.baris, "kas": _grouped(total), "pagu": _grouped(pagu)}
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
