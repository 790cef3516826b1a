"""What the import does with each checked row, and the two rules that depend
on it. A document that is ditetapkan is frozen, and a document's new period
must still contain its targets."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sakip.arsip.tahun import tahun_ditutup
from sakip.perencanaan.models import Dokumen, Target

from .context import (
    CREATE,
    DEFAULTS,
    SAME,
    UPDATE,
    Context,
    Record,
)


def classify_all(ctx: Context) -> None:
    """Mark every row as created, changed or unchanged.

    A row is unchanged when each field its columns set equals the database
    value. Decimals compare by value, so 9.20 in the workbook equals the
    9.2000 stored.
    """
    pengaturan = ctx.state.pengaturan
    _classify(
        ctx,
        "Pengaturan",
        {kunci: pengaturan for kunci in ctx.records["Pengaturan"]}
        if pengaturan
        else {},
    )
    for sheet in ("Unit", "Skala", "Dokumen"):
        _classify(ctx, sheet, ctx.db[sheet])
    elemen = {
        kode: {**row, "mendukung": frozenset(ctx.state.mendukung.get(kode, ()))}
        for kode, row in ctx.state.elemen.items()
        if kode in ctx.records["Elemen"]
    }
    _classify(ctx, "Elemen", elemen)
    for sheet in ("Indikator", "Target", "Realisasi", "Anggaran", "Keuangan"):
        _classify(ctx, sheet, ctx.db[sheet])


def _classify(ctx: Context, sheet: str, current_rows: dict) -> None:
    for key, record in ctx.records[sheet].items():
        current = current_rows.get(key)
        if current is None:
            record.action = CREATE
            record.values = {**DEFAULTS[sheet], **record.fields}
            continue
        record.id = current["id"]
        record.current = current
        record.changed = [
            name for name, value in record.fields.items() if current.get(name) != value
        ]
        record.action = UPDATE if record.changed else SAME


def check_frozen_documents(ctx: Context) -> None:
    """Reject changes to the content of a document that is ditetapkan in
    the database: such a document changes only by a new version."""
    frozen = {
        kode
        for kode, row in ctx.state.dokumen.items()
        if row["status"] == Dokumen.Status.DITETAPKAN
    }
    if not frozen:
        return
    for sheet in ("Dokumen", "Elemen", "Indikator", "Target"):
        for record in ctx.records[sheet].values():
            if record.action == SAME:
                continue
            for kode in sorted(_documents_of(ctx, sheet, record) & frozen):
                record.error(
                    record.changed[0] if record.changed else "kode",
                    _(
                        "Dokumen %(dokumen)s sudah ditetapkan, sehingga isinya "
                        "tidak dapat diubah lewat impor. Buat versi perubahan "
                        "dokumen itu."
                    )
                    % {"dokumen": kode},
                )


def _documents_of(ctx: Context, sheet: str, record: Record) -> set[str]:
    """Return the documents whose content the row belongs to, before and
    after the import."""
    if sheet == "Dokumen":
        return {record.key}
    if sheet == "Target":
        return {record.key[1]}
    if sheet == "Elemen":
        rows = [
            ctx.state.elemen.get(record.key),
            ctx.effective("Elemen", record.key),
        ]
        return {row["dokumen"] for row in rows if row}
    documents = set()
    for row in (
        ctx.state.indikator.get(record.key),
        ctx.effective("Indikator", record.key),
    ):
        elemen = ctx.effective("Elemen", row["elemen"]) if row else None
        if elemen:
            documents.add(elemen["dokumen"])
    return documents


def check_document_years(ctx: Context) -> None:
    """Reject a new period of a document that still has targets outside it."""
    moved = {
        ctx.state.dokumen[record.key]["id"]: record
        for record in ctx.changes("Dokumen", UPDATE)
        if {"tahun_awal", "tahun_akhir"} & set(record.changed)
    }
    if not moved:
        return
    years = Target.objects.filter(dokumen_id__in=moved).values_list(
        "dokumen_id", "tahun"
    )
    for dokumen_id, tahun in sorted(set(years)):
        record = moved[dokumen_id]
        dokumen = ctx.effective("Dokumen", record.key)
        awal = dokumen["tahun_awal"]
        akhir = dokumen["tahun_akhir"] or awal
        if not awal <= tahun <= akhir:
            record.error(
                "tahun_awal" if tahun < awal else "tahun_akhir",
                _(
                    "Dokumen ini masih memiliki target tahun %(tahun)d di luar "
                    "periode barunya (%(awal)d–%(akhir)d)."
                )
                % {"tahun": tahun, "awal": awal, "akhir": akhir},
            )


# Where the year sits in the key of each sheet's rows.
YEAR_IN_KEY = {"Target": 2, "Realisasi": 1, "Anggaran": 1, "Keuangan": 1}


def check_closed_years(ctx: Context) -> None:
    """Reject a new or changed target, realisation or budget row of a year
    that Admin Bappeda has closed; the import writes in bulk, past the
    model-level guard of closed years."""
    records = [
        (record, record.key[position])
        for sheet, position in YEAR_IN_KEY.items()
        for record in ctx.records[sheet].values()
        if record.action != SAME
    ]
    content = [
        (record, tahun)
        for sheet in ("Dokumen", "Elemen", "Indikator")
        for record in ctx.records[sheet].values()
        if record.action != SAME
        for tahun in _yearly_document_years(ctx, sheet, record)
    ]
    closed = set(tahun_ditutup({tahun for _record, tahun in records + content}))
    for record, tahun in records:
        if tahun in closed:
            record.error(
                "tahun",
                _(
                    "Tahun %(tahun)s sudah ditutup dan diarsipkan, sehingga "
                    "baris tahun itu tidak dapat diubah lewat impor."
                )
                % {"tahun": tahun},
            )
    for record, tahun in content:
        if tahun in closed:
            record.error(
                record.changed[0] if record.changed else "kode",
                _(
                    "Tahun %(tahun)s sudah ditutup dan diarsipkan, sehingga "
                    "dokumen tahunan tahun itu tidak dapat diubah lewat impor."
                )
                % {"tahun": tahun},
            )


def _yearly_document_years(ctx: Context, sheet: str, record: Record) -> set[int]:
    """Return the years of the yearly documents (RKPD, Renja, PK …) that the
    row belongs to, before and after the import. A five-year document is left
    out: closing one year freezes its targets of that year, not its text."""
    years = set()
    for kode in _documents_of(ctx, sheet, record):
        for row in (ctx.state.dokumen.get(kode), ctx.effective("Dokumen", kode)):
            if not row or row.get("jenis") in Dokumen.JENIS_LIMA_TAHUNAN:
                continue
            if row.get("tahun_awal") is not None:
                years.add(row["tahun_awal"])
    return years
