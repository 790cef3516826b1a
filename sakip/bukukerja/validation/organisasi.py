"""Checks of the Pengaturan, Unit and Skala sheets."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sakip.organisasi.models import Pengaturan, Unit

from .context import (
    KODE_MAX_LENGTH,
    PERINGKAT_MAX,
    SKALA_NAMA,
    UNIT_JENIS,
    Context,
    Record,
)


def check_pengaturan(ctx: Context) -> None:
    """Check the Pengaturan rows: one row per setting, keyed by ``kunci``."""
    kinds = {
        "nama_pemda": None,
        "rumus_negatif": Pengaturan.RumusNegatif.values,
        "batas_rollup": Pengaturan.BatasRollup.values,
    }
    for _position, reader in ctx.rows("Pengaturan"):
        kunci = reader.choice("kunci", kinds, required=True)
        if kunci is None:
            continue
        if ctx.is_repeat(reader, kunci, "kunci"):
            continue
        choices = kinds[kunci]
        if choices is None:
            nilai = reader.text("nilai", required=True, max_length=255)
        else:
            nilai = reader.choice("nilai", choices, required=True)
        ctx.add(reader, kunci, {kunci: nilai} if nilai is not None else {})


def check_unit(ctx: Context) -> None:
    """Check the Unit rows and the unit tree they make with the database.

    A unit's ``urutan`` is its position in the sheet, so that the units keep
    the workbook's order and an export writes them in that order again;
    units listed in the database's order keep their stored ``urutan``.
    """
    has_induk = ctx.has("Unit", "induk")
    has_singkatan = ctx.has("Unit", "singkatan")
    for position, reader in ctx.rows("Unit"):
        kode = ctx.kode(reader)
        if kode is None:
            continue
        fields: dict[str, Any] = {
            "urutan": position,
            "nama": reader.text("nama", required=True, max_length=255),
            "jenis": reader.choice("jenis", UNIT_JENIS, required=True),
        }
        if has_induk:
            fields["induk"] = reader.text("induk", max_length=KODE_MAX_LENGTH)
        if has_singkatan:
            fields["singkatan"] = reader.text("singkatan", max_length=64) or ""
        ctx.add(reader, kode, fields)
    ctx.keep_stored_order("Unit", ctx.state.unit, lambda record: None)
    _check_unit_tree(ctx)


def _check_unit_tree(ctx: Context) -> None:
    """Check the rules of Unit.clean, the single pemda, and cycles."""
    records = ctx.records["Unit"]
    db_pemda = next(
        (k for k, row in ctx.state.unit.items() if row["jenis"] == Unit.Jenis.PEMDA),
        None,
    )
    pemda = db_pemda
    for kode, record in records.items():
        if {"jenis", "induk"} & record.invalid:
            continue
        unit = ctx.effective("Unit", kode)
        induk = unit.get("induk")
        if (
            induk is not None
            and ctx.find(record.reader, "induk", "Unit", induk) is None
        ):
            continue
        if unit.get("jenis") != Unit.Jenis.PEMDA:
            if induk is None:
                record.error("induk", _("Unit selain pemda wajib memiliki induk."))
            if kode == db_pemda:
                record.error(
                    "jenis",
                    _("Jenis unit pemda %(kode)s tidak dapat diubah lewat impor.")
                    % {"kode": kode},
                )
            continue
        if induk is not None:
            record.error("induk", _("Unit pemda tidak boleh memiliki induk."))
        if pemda is not None and pemda != kode:
            record.error(
                "jenis",
                _(
                    "Sudah ada unit pemda %(kode)s. Hanya boleh ada satu unit "
                    "berjenis pemda."
                )
                % {"kode": pemda},
            )
        else:
            pemda = kode
    _check_unit_cycles(ctx)


def _check_unit_cycles(ctx: Context) -> None:
    records = ctx.records["Unit"]
    parents = {kode: row["induk"] for kode, row in ctx.state.unit.items()}
    for kode in records:
        parents[kode] = ctx.effective("Unit", kode).get("induk")
    reaches_root: set[str] = set()
    for kode, record in records.items():
        path: list[str] = []
        current: str | None = kode
        while current is not None and current not in reaches_root:
            if current in path:
                break
            path.append(current)
            current = parents.get(current)
        if current is None or current in reaches_root:
            reaches_root.update(path)
        elif current == kode:
            record.error(
                "induk",
                _("Induk unit membentuk lingkaran: %(jalur)s.")
                % {"jalur": " → ".join([*path, kode])},
            )


def check_skala(ctx: Context) -> None:
    """Check the Skala rows, one per value of a scale, keyed by (nama, nilai).

    Values of a scale that the sheet does not list stay in the database with
    their ranks, so a rank must be free among those too.
    """
    records = ctx.records["Skala"]
    for _position, reader in ctx.rows("Skala"):
        nama = reader.text("nama", required=True, max_length=64)
        if nama is not None and not SKALA_NAMA.fullmatch(nama):
            reader.error(
                "nama",
                _(
                    'Nama skala "%(nama)s" hanya boleh berisi huruf, angka, tanda '
                    "hubung dan garis bawah, misalnya opini_bpk."
                )
                % {"nama": nama},
            )
        nilai = reader.text("nilai", required=True, max_length=32)
        peringkat = reader.integer(
            "peringkat", required=True, minimum=1, maximum=PERINGKAT_MAX
        )
        if nama is None or nilai is None or {"nama", "nilai"} & reader.invalid:
            continue
        key = (nama, nilai)
        if ctx.is_repeat(reader, key, "nilai"):
            continue
        values = ctx.scale_values.setdefault(nama, {})
        written = values.get(nilai.casefold())
        if written is not None and written != nilai:
            reader.error(
                "nilai",
                _(
                    'Skala %(skala)s sudah memiliki nilai "%(ada)s". Tulis dengan '
                    "huruf besar dan kecil yang sama."
                )
                % {"skala": nama, "ada": written},
            )
            continue
        values[nilai.casefold()] = nilai
        ctx.add(reader, key, {"peringkat": peringkat})
    _check_ranks(ctx, records)


def _check_ranks(ctx: Context, records: dict[Any, Record]) -> None:
    owner: dict[tuple[str, int], str] = {}
    for (nama, nilai), row in ctx.state.nilai_skala.items():
        if (nama, nilai) not in records:
            owner[(nama, row["peringkat"])] = nilai
    for (nama, nilai), record in records.items():
        peringkat = record.fields.get("peringkat")
        if peringkat is None:
            continue
        other = owner.get((nama, peringkat))
        if other is not None and other != nilai:
            record.error(
                "peringkat",
                _(
                    "Peringkat %(peringkat)d pada skala %(skala)s sudah dipakai "
                    "nilai %(nilai)s."
                )
                % {"peringkat": peringkat, "skala": nama, "nilai": other},
            )
        else:
            owner[(nama, peringkat)] = nilai
