"""Saving a sub kegiatan's realisasi keuangan and fisik of a month
(``KeuanganBulanan``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.anggaran.services import (
    IsianBulan,
    check_fisik_urut,
    check_keuangan,
)
from sakip.perencanaan.models import Elemen

from .. import bukti as bukti_rules
from ..periode import periode_keuangan
from .entri import (
    all_empty,
    attach_bukti,
    check_tautan,
    ensure_can_submit,
    ensure_not_locked,
    ensure_versi,
    ensure_window,
    entri_changed,
    reason_of,
    save_entri,
    set_status,
    status_after_edit,
)

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna


@dataclass(frozen=True)
class IsianKeuangan:
    """The values entered for a month of a sub kegiatan: realisasi keuangan in
    whole rupiah, realisasi fisik in percent to date, a note and evidence."""

    realisasi_keuangan: int | None = None
    realisasi_fisik: Decimal | None = None
    keterangan: str = ""
    bukti_tautan: str = ""
    bukti: UploadedFile | None = None


def _ensure_can_enter_elemen(user: Pengguna, elemen: Elemen) -> None:
    if not Elemen.objects.editable_by(user).filter(pk=elemen.pk).exists():
        raise PermissionDenied(
            _(
                "Hanya Admin Bappeda atau Operator OPD pemilik sub kegiatan yang "
                "dapat mengisi realisasinya."
            )
        )


def _check_bulan(
    *,
    elemen: Elemen,
    tahun: int,
    bulan: int,
    isian: IsianKeuangan,
    months: dict[int, KeuanganBulanan],
) -> None:
    """Check the month against the pagu (through ``check_keuangan``) and the
    realisasi fisik of the other months, which may not go down over time."""
    pagu = dict(
        Pagu.objects.filter(elemen=elemen, tahun=tahun).values_list("versi", "pagu")
    )
    # The anggaran kas is the DPA's and is not checked here: a DPA whose cash
    # plan passes its pagu must not stop the realisation being entered.
    isian_bulan = {
        number: IsianBulan(
            realisasi_keuangan=row.realisasi_keuangan,
            realisasi_fisik=row.realisasi_fisik,
        )
        for number, row in months.items()
    }
    isian_bulan[bulan] = IsianBulan(
        realisasi_keuangan=isian.realisasi_keuangan,
        realisasi_fisik=isian.realisasi_fisik,
    )
    try:
        check_keuangan(
            pagu_murni=pagu.get(Pagu.Versi.MURNI),
            pagu_perubahan=pagu.get(Pagu.Versi.PERUBAHAN),
            bulan=isian_bulan,
        )
    except ValidationError as error:
        raise _as_row_errors(error) from None
    try:
        check_fisik_urut(
            bulan=bulan,
            fisik=isian.realisasi_fisik,
            fisik_bulan={n: row.realisasi_fisik for n, row in months.items()},
        )
    except ValidationError as error:
        raise ValidationError({"realisasi_fisik": error.messages}) from None


def _as_row_errors(error: ValidationError) -> ValidationError:
    """Key check_keuangan's errors by the fields of one month's row."""
    errors: dict[str, list[str]] = {}
    for key, messages in error.message_dict.items():
        if key.startswith("realisasi_keuangan_"):
            field = "realisasi_keuangan"
        elif key.startswith("realisasi_fisik_"):
            field = "realisasi_fisik"
        else:
            field = "__all__"
        errors.setdefault(field, []).extend(messages)
    return ValidationError(errors)


def keuangan_realisasi_simpan(
    *,
    user: Pengguna,
    elemen: Elemen,
    tahun: int,
    bulan: int,
    versi: int,
    isian: IsianKeuangan,
    ajukan: bool = False,
) -> KeuanganBulanan | None:
    """Store the realisasi keuangan and fisik of the sub kegiatan ``elemen``
    for ``bulan`` of ``tahun`` as a draft, or submit it with ``ajukan``.

    The anggaran kas of the month is left as the DPA set it. ``versi`` is the
    month's version the user loaded, 0 when it had no row. Returns the row,
    or None when nothing was entered for a month that has no row.
    """
    _ensure_can_enter_elemen(user, elemen)
    elemen = Elemen.objects.select_related("dokumen__unit").get(pk=elemen.pk)
    if elemen.jenis != Elemen.Jenis.SUB_KEGIATAN:
        raise ValidationError(_("Realisasi keuangan dan fisik diisi per sub kegiatan."))
    if not 1 <= bulan <= 12:
        raise ValidationError(
            _("Bulan %(bulan)s tidak ada; bulan harus 1 sampai 12.") % {"bulan": bulan}
        )
    tautan = check_tautan(isian.bukti_tautan)
    jenis = None if isian.bukti is None else bukti_rules.check_bukti(isian.bukti)
    values = {
        "realisasi_keuangan": isian.realisasi_keuangan,
        "realisasi_fisik": isian.realisasi_fisik,
        "keterangan": isian.keterangan.strip(),
        "bukti_tautan": tautan,
    }
    periode = periode_keuangan(bulan)

    try:
        with transaction.atomic():
            # The sub kegiatan's row is the lock: the months of one sub
            # kegiatan are saved one at a time, so that two months saved at
            # once cannot pass the pagu together.
            Elemen.objects.select_for_update().filter(pk=elemen.pk).first()
            months = {
                row.bulan: row
                for row in KeuanganBulanan.objects.filter(elemen=elemen, tahun=tahun)
                .select_for_update(of=("self",))
                .select_related("diisi_oleh", "elemen")
            }
            entri = months.get(bulan)
            ensure_versi(entri, versi)
            ensure_not_locked(entri)
            ensure_window(
                user=user,
                entri=entri,
                opd_id=elemen.dokumen.unit.opd_id,
                tahun=tahun,
                periode=periode,
            )
            if entri is None:
                if all_empty(values) and isian.bukti is None and not ajukan:
                    return None
                entri = KeuanganBulanan(elemen=elemen, tahun=tahun, bulan=bulan)
            if not entri_changed(entri, values, isian.bukti) and not ajukan:
                return entri
            _check_bulan(
                elemen=elemen, tahun=tahun, bulan=bulan, isian=isian, months=months
            )
            for name, value in values.items():
                setattr(entri, name, value)
            if isian.bukti is not None:
                attach_bukti(entri, isian.bukti, jenis)
            if ajukan:
                ensure_can_submit(entri)
            set_status(entri, status_after_edit(entri, ajukan=ajukan))
            entri.diisi_oleh = user
            entri.diisi_pada = timezone.now()
            save_entri(entri, user=user, reason=reason_of(ajukan))
    except IntegrityError:
        entri = (
            KeuanganBulanan.objects.select_related("diisi_oleh", "elemen")
            .filter(elemen=elemen, tahun=tahun, bulan=bulan)
            .first()
        )
        if entri is None:
            raise
        ensure_versi(entri, versi)
        raise
    return entri
