"""Writing the DPA: the pagu and the twelve months of one sub kegiatan, and a
whole SIPD import, each in one transaction and checked before anything is
written."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sakip.perencanaan.models import Elemen, Periode

from .models import KeuanganBulanan, Pagu


@dataclass
class IsianBulan:
    """What was entered for one month; None where the field was left empty."""

    anggaran_kas: int | None = None
    realisasi_keuangan: int | None = None
    realisasi_fisik: Decimal | None = None

    @property
    def kosong(self) -> bool:
        return (
            self.anggaran_kas is None
            and self.realisasi_keuangan is None
            and self.realisasi_fisik is None
        )


def nama_bulan(bulan: int) -> str:
    return str(Periode(f"B{bulan:02d}").label)


def _rupiah(value: int) -> str:
    return "Rp " + number_format(value, 0, force_grouping=True)


def check_keuangan(
    *, pagu_murni: int | None, pagu_perubahan: int | None, bulan: dict[int, IsianBulan]
) -> None:
    """Raise ValidationError, keyed by the form's field names, when a month is
    outside 1–12, a value is negative, a fisik is above 100 % or the realisasi
    to date passes the pagu (the perubahan where there is one)."""
    errors: dict[str, list[str]] = {}
    for number, isian in bulan.items():
        if not 1 <= number <= 12:
            errors.setdefault("__all__", []).append(
                _("Bulan %(bulan)s tidak ada; bulan harus 1 sampai 12.")
                % {"bulan": number}
            )
            continue
        for name in ("anggaran_kas", "realisasi_keuangan"):
            value = getattr(isian, name)
            if value is not None and value < 0:
                errors[f"{name}_{number}"] = [_("Jumlah rupiah tidak boleh negatif.")]
        fisik = isian.realisasi_fisik
        if fisik is not None and not Decimal(0) <= fisik <= Decimal(100):
            errors[f"realisasi_fisik_{number}"] = [
                _("Realisasi fisik harus antara 0 dan 100 %.")
            ]
    pagu = pagu_perubahan if pagu_perubahan is not None else pagu_murni
    total = 0
    for number in sorted(n for n in bulan if 1 <= n <= 12):
        total += bulan[number].realisasi_keuangan or 0
        if pagu is not None and total > pagu:
            errors[f"realisasi_keuangan_{number}"] = [
                _(
                    "Realisasi keuangan sampai bulan %(bulan)s berjumlah %(total)s, "
                    "melebihi pagu %(pagu)s."
                )
                % {
                    "bulan": nama_bulan(number),
                    "total": _rupiah(total),
                    "pagu": _rupiah(pagu),
                }
            ]
            break
    if pagu is None and total:
        errors.setdefault("pagu_murni", []).append(
            _("Isi pagu sebelum realisasi keuangan.")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def keuangan_simpan(
    *,
    elemen: Elemen,
    tahun: int,
    pagu_murni: int | None,
    pagu_perubahan: int | None,
    bulan: dict[int, IsianBulan],
) -> None:
    """Store the pagu and the months of the sub kegiatan ``elemen`` for ``tahun``.

    An empty pagu or an empty month removes the stored one; months not in
    ``bulan`` stay as they are.
    """
    if elemen.jenis != Elemen.Jenis.SUB_KEGIATAN:
        raise ValidationError(_("Anggaran diisi per sub kegiatan."))
    check_keuangan(pagu_murni=pagu_murni, pagu_perubahan=pagu_perubahan, bulan=bulan)
    for versi, nilai in (
        (Pagu.Versi.MURNI, pagu_murni),
        (Pagu.Versi.PERUBAHAN, pagu_perubahan),
    ):
        if nilai is None:
            Pagu.objects.filter(elemen=elemen, tahun=tahun, versi=versi).delete()
        else:
            Pagu.objects.update_or_create(
                elemen=elemen, tahun=tahun, versi=versi, defaults={"pagu": nilai}
            )
    for number, isian in bulan.items():
        if isian.kosong:
            KeuanganBulanan.objects.filter(
                elemen=elemen, tahun=tahun, bulan=number
            ).delete()
            continue
        KeuanganBulanan.objects.update_or_create(
            elemen=elemen,
            tahun=tahun,
            bulan=number,
            defaults={
                "anggaran_kas": isian.anggaran_kas,
                "realisasi_keuangan": isian.realisasi_keuangan,
                "realisasi_fisik": isian.realisasi_fisik,
            },
        )
