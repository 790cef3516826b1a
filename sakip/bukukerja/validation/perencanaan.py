"""Checks of the Dokumen, Elemen and Indikator sheets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from sakip.perencanaan.models import Dokumen, Elemen, Indikator

from ..cells import RowReader
from ..schema import MENDUKUNG_SEPARATOR
from .context import (
    AGREGASI,
    DEFAULTS,
    DOKUMEN_JENIS,
    DOKUMEN_STATUS,
    ELEMEN_JENIS,
    JENIS_SKALA_PREFIX,
    KODE_MAX_LENGTH,
    POLARITAS,
    RUMUS_NEGATIF,
    Context,
    Record,
)


def check_dokumen(ctx: Context) -> None:
    """Check the Dokumen rows: their unit and their period."""
    optional = {
        column: ctx.has("Dokumen", column)
        for column in ("tahun_akhir", "versi", "status", "nama")
    }
    for _position, reader in ctx.rows("Dokumen"):
        kode = ctx.kode(reader)
        if kode is None:
            continue
        fields: dict[str, Any] = {
            "jenis": reader.choice("jenis", DOKUMEN_JENIS, required=True),
            "unit": reader.text("unit", required=True, max_length=KODE_MAX_LENGTH),
            "tahun_awal": reader.tahun("tahun_awal", required=True),
        }
        if optional["tahun_akhir"]:
            fields["tahun_akhir"] = reader.tahun("tahun_akhir")
        if optional["versi"]:
            fields["versi"] = reader.text("versi", max_length=32) or "murni"
        if optional["status"]:
            fields["status"] = reader.choice(
                "status", DOKUMEN_STATUS, default=Dokumen.Status.DRAFT
            )
        if optional["nama"]:
            fields["nama"] = reader.text("nama", max_length=255) or ""
        record = ctx.add(reader, kode, fields)
        ctx.find(reader, "unit", "Unit", fields["unit"])
        dokumen = ctx.effective("Dokumen", kode)
        awal, akhir = dokumen.get("tahun_awal"), dokumen.get("tahun_akhir")
        if {"tahun_awal", "tahun_akhir"} & record.invalid:
            continue
        if awal is not None and akhir is not None and akhir < awal:
            record.error(
                "tahun_akhir",
                _("Tahun akhir %(akhir)d tidak boleh sebelum tahun awal %(awal)d.")
                % {"akhir": akhir, "awal": awal},
            )


def check_elemen(ctx: Context) -> None:
    """Check the Elemen rows, their induk and mendukung links, and the
    database children of the elemen that the sheet changes.

    An elemen's ``urutan`` is its position among the rows of its document,
    unless the rows of that document are in the database's order.
    """
    optional = {
        column: ctx.has("Elemen", column)
        for column in ("induk", "nomenklatur", "mendukung", "unit_pj")
    }
    position_in: Counter[str] = Counter()
    for _position, reader in ctx.rows("Elemen"):
        kode = ctx.kode(reader)
        if kode is None:
            continue
        dokumen = reader.text("dokumen", required=True, max_length=KODE_MAX_LENGTH)
        position_in[dokumen] += 1
        fields: dict[str, Any] = {
            "dokumen": dokumen,
            "jenis": reader.choice("jenis", ELEMEN_JENIS, required=True),
            "uraian": reader.text("uraian", required=True),
            "urutan": position_in[dokumen],
        }
        if optional["induk"]:
            fields["induk"] = reader.text("induk", max_length=KODE_MAX_LENGTH)
        if optional["nomenklatur"]:
            fields["nomenklatur"] = reader.text("nomenklatur", max_length=32) or ""
        if optional["unit_pj"]:
            fields["unit_pj"] = reader.text("unit_pj", max_length=KODE_MAX_LENGTH)
        if optional["mendukung"]:
            text = reader.text("mendukung") or ""
            fields["mendukung"] = frozenset(
                part.strip() for part in text.split(MENDUKUNG_SEPARATOR) if part.strip()
            )
        ctx.add(reader, kode, fields)
    ctx.keep_stored_order(
        "Elemen", ctx.state.elemen, lambda record: record.fields.get("dokumen")
    )

    children = ctx.state.elemen_children()
    for kode, record in ctx.records["Elemen"].items():
        elemen = ctx.effective("Elemen", kode)
        _check_elemen_references(ctx, record, elemen)
        _check_mendukung(ctx, record, elemen)
        if elemen.get("jenis") is not None:
            _check_database_children(ctx, record, elemen, children.get(kode, ()))


def _check_elemen_references(ctx: Context, record: Record, elemen: dict) -> None:
    """Check the dokumen, unit_pj, nomenklatur and induk of one elemen."""
    reader = record.reader
    jenis = elemen.get("jenis")
    ctx.find(reader, "dokumen", "Dokumen", record.fields.get("dokumen"))
    ctx.find(reader, "unit_pj", "Unit", record.fields.get("unit_pj"))
    if elemen.get("nomenklatur") and jenis not in (None, *Elemen.JENIS_BERKODE):
        record.error(
            "nomenklatur",
            _("Kode nomenklatur hanya untuk program, kegiatan dan sub kegiatan."),
        )

    induk = elemen.get("induk")
    parent = ctx.find(reader, "induk", "Elemen", induk) if induk else None
    if parent is None or jenis is None or "jenis" in record.invalid:
        return
    problem = _parent_problem(parent, induk, elemen.get("dokumen"), jenis)
    if problem:
        record.error("induk", problem)


def _check_mendukung(ctx: Context, record: Record, elemen: dict) -> None:
    """Check that every elemen listed in ``mendukung`` is in another document."""
    for ke in sorted(record.fields.get("mendukung", ())):
        supported = ctx.find(record.reader, "mendukung", "Elemen", ke)
        if supported is None:
            continue
        if ke == record.key or supported.get("dokumen") == elemen.get("dokumen"):
            record.error(
                "mendukung",
                _(
                    "Elemen %(kode)s berada di dokumen yang sama, padahal mendukung "
                    "hanya menunjuk elemen di dokumen lain."
                )
                % {"kode": ke},
            )


def _check_database_children(
    ctx: Context, record: Record, elemen: dict, children: Iterable[str]
) -> None:
    """Check that the children in the database, which the workbook does not
    list, may still hang under the elemen as the workbook changes it."""
    for child in children:
        if child in ctx.records["Elemen"]:
            continue
        row = ctx.state.elemen[child]
        if _parent_problem(elemen, record.key, row["dokumen"], row["jenis"]):
            record.error(
                "jenis" if row["dokumen"] == elemen.get("dokumen") else "dokumen",
                _(
                    "Elemen %(anak)s di basis data berinduk ke elemen ini. Induk "
                    "harus berada di dokumen yang sama dan di tingkat di atasnya."
                )
                % {"anak": child},
            )


def check_indikator(ctx: Context) -> None:
    """Check the Indikator rows. ``kondisi_awal`` is a number, or a value of
    the scale that ``jenis_nilai`` names. ``urutan`` is the row's position
    among the rows of its elemen, unless they are in the database's order."""
    # NOTE: a change of polaritas or jenis_nilai is not checked against the
    # indicator's targets and realisation that are in the database but not in
    # the workbook, so those may no longer fit (a number on a scale indicator).
    optional = {
        column: ctx.has("Indikator", column)
        for column in ("jenis_nilai", "agregasi", "rumus_negatif", "iku")
        + ("kondisi_awal", "definisi", "sumber_data")
    }
    position_in: Counter[str] = Counter()
    for _position, reader in ctx.rows("Indikator"):
        kode = ctx.kode(reader)
        if kode is None:
            continue
        elemen = reader.text("elemen", required=True, max_length=KODE_MAX_LENGTH)
        position_in[elemen] += 1
        fields: dict[str, Any] = {
            "elemen": elemen,
            "uraian": reader.text("uraian", required=True),
            "satuan": reader.text("satuan", required=True, max_length=64),
            "polaritas": reader.choice("polaritas", POLARITAS, required=True),
            "urutan": position_in[elemen],
        }
        if optional["jenis_nilai"]:
            skala = _jenis_nilai(ctx, reader)
            if "jenis_nilai" not in reader.invalid:
                fields["skala"] = skala
        if optional["agregasi"]:
            fields["agregasi"] = reader.choice(
                "agregasi",
                AGREGASI,
                default=Indikator.Agregasi.AKHIR,
            )
        if optional["rumus_negatif"]:
            fields["rumus_negatif"] = (
                reader.choice("rumus_negatif", RUMUS_NEGATIF) or ""
            )
        if optional["iku"]:
            fields["iku"] = bool(reader.ya_tidak("iku"))
        for column in ("definisi", "sumber_data"):
            if optional[column]:
                fields[column] = reader.text(column) or ""
        record = ctx.add(reader, kode, fields)
        ctx.find(reader, "elemen", "Elemen", elemen)
        if optional["kondisi_awal"] and "jenis_nilai" not in reader.invalid:
            skala = {
                **DEFAULTS["Indikator"],
                **ctx.state.indikator.get(kode, {}),
                **record.fields,
            }["skala"]
            nilai, nilai_skala = ctx.nilai(
                reader, "kondisi_awal", skala, required=False
            )
            if "kondisi_awal" not in reader.invalid:
                record.fields["kondisi_awal"] = nilai
                record.fields["kondisi_awal_skala"] = nilai_skala
    ctx.keep_stored_order(
        "Indikator", ctx.state.indikator, lambda record: record.fields.get("elemen")
    )


def _jenis_nilai(ctx: Context, reader: RowReader) -> str | None:
    """Return the scale that ``jenis_nilai`` names, or None for ``angka``."""
    text = reader.text("jenis_nilai")
    if text is None or text.casefold() == "angka":
        return None
    if not text.casefold().startswith(JENIS_SKALA_PREFIX):
        reader.error(
            "jenis_nilai",
            _(
                'Jenis nilai "%(nilai)s" tidak dikenal. Tulis angka atau '
                "skala:<nama>, misalnya skala:opini_bpk."
            )
            % {"nilai": text},
        )
        return None
    nama = text[len(JENIS_SKALA_PREFIX) :].strip()
    if nama not in ctx.scale_values and "Skala" not in ctx.skipped:
        reader.error(
            "jenis_nilai",
            _(
                'Skala "%(nama)s" tidak ditemukan, baik di sheet Skala maupun '
                "di basis data."
            )
            % {"nama": nama},
        )
        return None
    return nama


def _parent_problem(parent: dict, induk: str, dokumen: str | None, jenis: str) -> str:
    """Why ``parent`` cannot be the induk of an elemen of ``jenis`` in
    ``dokumen``; empty when it can (the rules of Elemen.clean)."""
    if parent.get("dokumen") != dokumen:
        return _(
            "Induk %(induk)s berada di dokumen %(dokumen_induk)s; induk harus berada "
            "di dokumen yang sama (%(dokumen)s)."
        ) % {"induk": induk, "dokumen_induk": parent.get("dokumen"), "dokumen": dokumen}
    parent_jenis = parent.get("jenis")
    if parent_jenis and Elemen.KEDALAMAN[parent_jenis] >= Elemen.KEDALAMAN[jenis]:
        return _(
            "Induk %(induk)s berjenis %(jenis_induk)s, tidak berada di tingkat di "
            "atas %(jenis)s. Urutan tingkat: %(urutan)s."
        ) % {
            "induk": induk,
            "jenis_induk": parent_jenis,
            "jenis": jenis,
            "urutan": ", ".join(Elemen.Jenis.values),
        }
    return ""
