"""Loading the national nomenklatur from a CSV file into a new version."""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Nomenklatur, NomenklaturVersi

logger = logging.getLogger(__name__)

SHIPPED_NOMENKLATUR = Path(__file__).parent / "data" / "nomenklatur-2020.csv"
SHIPPED_BERLAKU_MULAI = 2021
SHIPPED_NAMA = "Kepmendagri 050-3708/2020"

REQUIRED_COLUMNS = ("kode", "tingkat", "nama")


class NomenklaturError(ValueError):
    """The file cannot be loaded; the message says which row and why."""


def nomenklatur_load(
    *, path: Path, berlaku_mulai: int, nama: str, sumber: str = ""
) -> NomenklaturVersi:
    """Load the CSV at ``path`` as the version that applies from ``berlaku_mulai``.

    The file has the columns kode, tingkat, nama and optionally kinerja,
    indikator and satuan. Loading a year that already has a version replaces
    that version's codes; other versions stay as they are, so old plans keep
    their codes. Nothing is written when any row is invalid.
    """
    rows = _read_rows(path)
    with transaction.atomic():
        versi, _created = NomenklaturVersi.objects.update_or_create(
            berlaku_mulai=berlaku_mulai, defaults={"nama": nama, "sumber": sumber}
        )
        versi.kode.all().delete()
        Nomenklatur.objects.bulk_create(
            [Nomenklatur(versi=versi, **row) for row in rows], batch_size=2000
        )
    logger.info(
        "Loaded %d nomenklatur codes from %s as version %s", len(rows), path, versi
    )
    return versi


def _read_rows(path: Path) -> list[dict[str, str]]:
    tingkat_valid = set(Nomenklatur.Tingkat.values)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = {(name or "").strip().lower() for name in reader.fieldnames or []}
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        if missing:
            raise NomenklaturError(
                _("Kolom wajib tidak ada: %(kolom)s.") % {"kolom": ", ".join(missing)}
            )
        rows: list[dict[str, str]] = []
        seen: set[str] = set()
        for number, raw in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
            kode, tingkat = row["kode"], row["tingkat"]
            if not kode:
                raise NomenklaturError(
                    _("Baris %(baris)d: kode kosong.") % {"baris": number}
                )
            if tingkat not in tingkat_valid:
                raise NomenklaturError(
                    _("Baris %(baris)d: tingkat %(tingkat)r tidak dikenal.")
                    % {"baris": number, "tingkat": tingkat}
                )
            if kode in seen:
                raise NomenklaturError(
                    _("Baris %(baris)d: kode %(kode)s ganda.")
                    % {"baris": number, "kode": kode}
                )
            seen.add(kode)
            rows.append(
                {
                    "kode": kode,
                    "tingkat": tingkat,
                    "nama": row["nama"],
                    "kinerja": row.get("kinerja", ""),
                    "indikator": row.get("indikator", ""),
                    "satuan": row.get("satuan", ""),
                }
            )
    return rows


def nomenklatur_for_year(tahun: int) -> NomenklaturVersi | None:
    """The version that applies to ``tahun``, or the oldest one for a year
    before every version (so that codes of old plans stay readable)."""
    versi = NomenklaturVersi.objects.berlaku_pada(tahun)
    if versi is None:
        versi = NomenklaturVersi.objects.order_by("berlaku_mulai").first()
    return versi
