"""Conversions that keep the LKjIP data JSON-safe: Decimals as strings,
documents as small dicts."""

from __future__ import annotations

from decimal import Decimal

from sakip.core.angka import round_half_up
from sakip.perencanaan.models import Dokumen


def dec(value: Decimal | str | None) -> str | None:
    """Return a Decimal as a plain string without exponent ("100", "97.5"),
    unrounded; a scale value (str) as it is; None stays None."""
    if value is None or isinstance(value, str):
        return value
    return format(value, "f")


def two_places(value: Decimal | None) -> str | None:
    """Return ``value`` rounded half up to two places as a string ("97.50"),
    the form of ``sakip capaian --format json``."""
    if value is None:
        return None
    return f"{round_half_up(value, 2):.2f}"


def dokumen_dict(dokumen: Dokumen | None) -> dict | None:
    if dokumen is None:
        return None
    return {
        "kode": dokumen.kode,
        "jenis": dokumen.jenis,
        "nama": dokumen.nama,
        "versi": dokumen.versi,
        "status": dokumen.status,
        "tahun_awal": dokumen.tahun_awal,
        "tahun_akhir": dokumen.tahun_akhir,
    }
