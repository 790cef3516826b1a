"""Checks of the year-bound sheets: Target, Realisasi, Anggaran and Keuangan."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from sakip.anggaran.models import Pagu
from sakip.pengukuran.models import Realisasi
from sakip.perencanaan.models import Elemen, Indikator

from ..cells import RowReader, count_digits
from .context import (
    DEFAULTS,
    JENIS_KEUANGAN,
    KODE_MAX_LENGTH,
    PAGU_VERSI,
    PERIODE,
    REALISASI_FISIK_MAX_PLACES,
    Context,
    Record,
)


def check_target(ctx: Context) -> None:
    """Check the Target rows, keyed by (indikator, dokumen, tahun, periode):
    the year lies in the document's period, and the value fits the
    indicator (a number, a scale value, or the bounds of a rentang)."""
    optional = {
        column: ctx.has("Target", column)
        for column in ("nilai", "batas_bawah", "batas_atas")
    }
    for _position, reader in ctx.rows("Target"):
        indikator_kode = reader.text(
            "indikator", required=True, max_length=KODE_MAX_LENGTH
        )
        dokumen_kode = reader.text("dokumen", required=True, max_length=KODE_MAX_LENGTH)
        tahun = reader.tahun("tahun", required=True)
        periode = reader.choice("periode", PERIODE, required=True)
        indikator = ctx.find(reader, "indikator", "Indikator", indikator_kode)
        dokumen = ctx.find(reader, "dokumen", "Dokumen", dokumen_kode)
        if ctx.years_known(dokumen_kode) and tahun is not None:
            awal = dokumen["tahun_awal"]
            akhir = dokumen["tahun_akhir"] or awal
            if not awal <= tahun <= akhir:
                reader.error(
                    "tahun",
                    _(
                        "Tahun %(tahun)d di luar periode dokumen %(dokumen)s "
                        "(%(awal)d–%(akhir)d)."
                    )
                    % {
                        "tahun": tahun,
                        "dokumen": dokumen_kode,
                        "awal": awal,
                        "akhir": akhir,
                    },
                )
        if indikator is None or None in (dokumen_kode, tahun, periode):
            continue
        if dokumen is not None:
            _check_target_unit(ctx, reader, indikator, dokumen_kode, dokumen)
        key = (indikator_kode, dokumen_kode, tahun, periode)
        if ctx.is_repeat(reader, key, "indikator"):
            continue
        skala = indikator.get("skala")
        fields: dict[str, Any] = {}
        if optional["nilai"]:
            fields["nilai"], fields["nilai_skala"] = ctx.nilai(
                reader, "nilai", skala, required=False
            )
        for column in ("batas_bawah", "batas_atas"):
            if optional[column]:
                fields[column] = reader.angka(column)
        record = ctx.add(reader, key, fields)
        if not record.invalid:
            _check_target_value(ctx, record, indikator)


def _check_target_unit(
    ctx: Context, reader: RowReader, indikator: dict, dokumen_kode: str, dokumen: dict
) -> None:
    """Reject a target set by a document of another OPD than the indikator's.

    A capaian takes its target from the highest document that set one (PK
    over Renja over Renstra), so a PK of another OPD would silently replace
    the indikator's own target. The Pemda's documents belong together, and
    an OPD's documents with those of its bidang.
    """
    elemen = ctx.effective("Elemen", indikator.get("elemen"))
    own = ctx.effective("Dokumen", elemen["dokumen"]) if elemen else None
    if own is None:
        return
    if _unit_owner(ctx, own["unit"]) == _unit_owner(ctx, dokumen["unit"]):
        return
    reader.error(
        "dokumen",
        _(
            "Dokumen %(dokumen)s milik unit %(unit)s, sedangkan indikator ini "
            "milik dokumen %(asal)s unit %(unit_asal)s. Target hanya dapat "
            "ditetapkan oleh dokumen unit yang sama (atau bidangnya); pilih "
            "dokumen unit itu."
        )
        % {
            "dokumen": dokumen_kode,
            "unit": dokumen["unit"],
            "asal": elemen["dokumen"],
            "unit_asal": own["unit"],
        },
    )


def _unit_owner(ctx: Context, unit_kode: str | None) -> str | None:
    """The kode of the Pemda or OPD that ``unit_kode`` belongs to."""
    seen: set[str] = set()
    kode = unit_kode
    while kode is not None and kode not in seen:
        seen.add(kode)
        unit = ctx.effective("Unit", kode)
        if unit is None or unit["jenis"] != "bidang":
            return kode
        kode = unit["induk"]
    return unit_kode


def _check_target_value(ctx: Context, record: Record, indikator: dict) -> None:
    target = {
        **DEFAULTS["Target"],
        **ctx.state.target.get(record.key, {}),
        **record.fields,
    }
    bawah, atas = target["batas_bawah"], target["batas_atas"]
    rentang = indikator.get("polaritas") == Indikator.Polaritas.RENTANG
    if not rentang or indikator.get("skala") is not None:
        for column in ("batas_bawah", "batas_atas"):
            if target[column] is not None:
                record.error(
                    column,
                    _(
                        "Batas bawah dan batas atas hanya untuk indikator "
                        "berpolaritas rentang; kosongkan sel ini."
                    ),
                )
        return
    if target["nilai"] is not None:
        record.error(
            "nilai",
            _(
                "Indikator %(kode)s berpolaritas rentang: kosongkan nilai dan "
                "isi batas_bawah serta batas_atas."
            )
            % {"kode": record.key[0]},
        )
    for column, bound in (("batas_bawah", bawah), ("batas_atas", atas)):
        if bound is None:
            record.error(
                column,
                _(
                    "Target indikator berpolaritas rentang wajib memiliki "
                    "batas_bawah dan batas_atas."
                ),
            )
    if bawah is not None and atas is not None and bawah > atas:
        record.error(
            "batas_bawah",
            _("Batas bawah %(bawah)s lebih besar dari batas atas %(atas)s.")
            % {"bawah": bawah, "atas": atas},
        )


def check_realisasi(ctx: Context) -> None:
    """Check the Realisasi rows, keyed by (indikator, tahun, periode)."""
    has_keterangan = ctx.has("Realisasi", "keterangan")
    for _position, reader in ctx.rows("Realisasi"):
        indikator_kode = reader.text(
            "indikator", required=True, max_length=KODE_MAX_LENGTH
        )
        tahun = reader.tahun("tahun", required=True)
        periode = reader.choice("periode", PERIODE, required=True)
        keterangan = reader.text("keterangan") if has_keterangan else None
        indikator = ctx.find(reader, "indikator", "Indikator", indikator_kode)
        if indikator is None or None in (tahun, periode):
            continue
        key = (indikator_kode, tahun, periode)
        if ctx.is_repeat(reader, key, "indikator"):
            continue
        nilai, nilai_skala = ctx.nilai(
            reader, "nilai", indikator.get("skala"), required=True
        )
        # Admin Bappeda's import counts as verified data, so every row it
        # writes is diterima.
        fields: dict[str, Any] = {
            "nilai": nilai,
            "nilai_skala": nilai_skala,
            "status": Realisasi.Status.DITERIMA,
        }
        if has_keterangan:
            fields["keterangan"] = keterangan or ""
        ctx.add(reader, key, fields)


def check_anggaran(ctx: Context) -> None:
    """Check the Anggaran rows, keyed by (elemen, tahun, versi): whole,
    non-negative rupiah of a program, kegiatan or sub kegiatan."""
    for _position, reader in ctx.rows("Anggaran"):
        elemen_kode = reader.text("elemen", required=True, max_length=KODE_MAX_LENGTH)
        tahun = reader.tahun("tahun", required=True)
        versi = reader.choice("versi", PAGU_VERSI, default=Pagu.Versi.MURNI)
        pagu = reader.rupiah("pagu", required=True)
        elemen = ctx.find(reader, "elemen", "Elemen", elemen_kode)
        if elemen is not None and elemen.get("jenis") not in Elemen.JENIS_BERKODE:
            reader.error(
                "elemen",
                _(
                    "Pagu hanya untuk program, kegiatan atau sub kegiatan; "
                    "%(kode)s berjenis %(jenis)s."
                )
                % {"kode": elemen_kode, "jenis": elemen.get("jenis")},
            )
        if elemen is None or None in (tahun, versi):
            continue
        key = (elemen_kode, tahun, versi)
        if not ctx.is_repeat(reader, key, "elemen"):
            ctx.add(reader, key, {"pagu": pagu})


def check_keuangan(ctx: Context) -> None:
    """Check the Keuangan rows, keyed by (elemen, tahun, bulan), of a
    kegiatan or sub kegiatan."""
    optional = {column: ctx.has("Keuangan", column) for column in DEFAULTS["Keuangan"]}
    for _position, reader in ctx.rows("Keuangan"):
        elemen_kode = reader.text("elemen", required=True, max_length=KODE_MAX_LENGTH)
        tahun = reader.tahun("tahun", required=True)
        bulan = reader.integer("bulan", required=True, minimum=1, maximum=12)
        fields: dict[str, Any] = {}
        for column in ("anggaran_kas", "realisasi_keuangan"):
            if optional[column]:
                fields[column] = reader.rupiah(column)
        if optional["realisasi_fisik"]:
            fields["realisasi_fisik"] = _realisasi_fisik(reader)
        elemen = ctx.find(reader, "elemen", "Elemen", elemen_kode)
        if elemen is not None and elemen.get("jenis") not in JENIS_KEUANGAN:
            reader.error(
                "elemen",
                _(
                    "Data keuangan bulanan hanya untuk kegiatan atau sub "
                    "kegiatan; %(kode)s berjenis %(jenis)s."
                )
                % {"kode": elemen_kode, "jenis": elemen.get("jenis")},
            )
        if elemen is None or None in (tahun, bulan):
            continue
        key = (elemen_kode, tahun, bulan)
        if not ctx.is_repeat(reader, key, "elemen"):
            ctx.add(reader, key, fields)


def _realisasi_fisik(reader: RowReader) -> Decimal | None:
    nilai = reader.angka("realisasi_fisik")
    if nilai is None:
        return None
    if not Decimal(0) <= nilai <= Decimal(100):
        reader.error("realisasi_fisik", _("Realisasi fisik harus 0 sampai 100 persen."))
        return None
    if count_digits(nilai)[1] > REALISASI_FISIK_MAX_PLACES:
        reader.error(
            "realisasi_fisik",
            _("Realisasi fisik paling banyak 2 angka di belakang koma."),
        )
        return None
    return nilai
