"""Saving an indikator's realisation of a quarter (``Realisasi``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sakip.core.angka import TranslatableValueError, parse_angka
from sakip.perencanaan.editing import check_nilai
from sakip.perencanaan.models import Indikator
from sakip.perencanaan.nilai import check_nilai_indikator

from .. import bukti as bukti_rules
from ..isian import indikator_isian_check
from ..models import Realisasi
from ..periode import PERIODE_TRIWULAN
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
class IsianKinerja:
    """The values entered for an indikator's realisation: the value as typed (a
    number, or a value of the indikator's scale), a note and the evidence."""

    nilai: str = ""
    keterangan: str = ""
    bukti_tautan: str = ""
    bukti: UploadedFile | None = None


def parse_nilai_kinerja(
    indikator: Indikator, text: str, skala_values: set[str]
) -> tuple[Decimal | None, str]:
    """Return ``(nilai, nilai_skala)`` of ``text`` for ``indikator``; raise
    ValidationError on the field ``nilai`` when the indikator does not allow
    it. An empty text is no value."""
    text = text.strip()
    if not text:
        return None, ""
    if indikator.skala_id is not None:
        if text not in skala_values:
            raise ValidationError(
                {
                    "nilai": _(
                        "%(nilai)s tidak ada dalam skala indikator ini; pilih "
                        "salah satu dari: %(pilihan)s."
                    )
                    % {"nilai": text, "pilihan": ", ".join(sorted(skala_values))}
                }
            )
        return None, text
    try:
        nilai = parse_angka(text)
    except TranslatableValueError as error:
        raise ValidationError({"nilai": _(error.template) % error.params}) from None
    check_nilai(nilai)
    pesan = check_nilai_indikator(
        nilai, satuan=indikator.satuan, uraian=indikator.uraian, teks=text
    )
    if pesan is not None:
        raise ValidationError(
            {"nilai": ValidationError(pesan.render(_), code=pesan.kode)}
        )
    return nilai, ""


def _load_indikator(indikator: Indikator) -> Indikator:
    return Indikator.objects.select_related("elemen__dokumen__unit", "skala").get(
        pk=indikator.pk
    )


def _ensure_can_enter_indikator(user: Pengguna, indikator: Indikator) -> None:
    if not Indikator.objects.editable_by(user).filter(pk=indikator.pk).exists():
        raise PermissionDenied(
            _(
                "Hanya Admin Bappeda atau Operator OPD pemilik indikator yang dapat "
                "mengisi realisasinya."
            )
        )


def _ensure_on_isian_page(indikator: Indikator, tahun: int) -> None:
    """Reject an indikator that the quarter's page of its unit does not list
    for ``tahun``: no verifikator would see its realisation, and it would
    override the value entered on the PK row of the same indikator family."""
    pengganti = indikator_isian_check(indikator=indikator, tahun=tahun)
    if pengganti is None:
        return
    params = {"kode": indikator.kode, "tahun": tahun}
    if pengganti:
        message = _(
            "Indikator %(kode)s tidak ada di baris Perjanjian Kinerja %(tahun)s "
            "pada halaman isian, sehingga realisasinya tidak dapat diisi. Isi "
            "realisasinya pada %(pengganti)s, indikator baris PK yang mengukur "
            "hal yang sama."
        ) % {**params, "pengganti": ", ".join(pengganti)}
    else:
        message = (
            _(
                "Indikator %(kode)s tidak ada di baris Perjanjian Kinerja %(tahun)s "
                "pada halaman isian, sehingga realisasinya tidak dapat diisi. "
                "Realisasi diisi hanya untuk indikator Perjanjian Kinerja unitnya "
                "pada tahun itu."
            )
            % params
        )
    raise ValidationError({"indikator": message}, code="bukan_baris_pk")


def realisasi_simpan(
    *,
    user: Pengguna,
    indikator: Indikator,
    tahun: int,
    periode: str,
    versi: int,
    isian: IsianKinerja,
    ajukan: bool = False,
) -> Realisasi | None:
    """Store the realisation of ``indikator`` for ``tahun`` and the quarter
    ``periode`` as a draft, or submit it with ``ajukan``.

    ``versi`` is the entry's version the user loaded, 0 when it did not
    exist. Returns the entry, or None when nothing was entered for an entry
    that does not exist. One short transaction.
    """
    _ensure_can_enter_indikator(user, indikator)
    indikator = _load_indikator(indikator)
    if periode not in PERIODE_TRIWULAN:
        raise ValidationError(
            {"periode": _("Realisasi indikator diisi per triwulan (TW1–TW4).")}
        )
    _ensure_on_isian_page(indikator, tahun)
    skala_values: set[str] = set()
    if indikator.skala_id is not None:
        skala_values = set(indikator.skala.nilai.values_list("nilai", flat=True))
    nilai, nilai_skala = parse_nilai_kinerja(indikator, isian.nilai, skala_values)
    tautan = check_tautan(isian.bukti_tautan)
    jenis = None if isian.bukti is None else bukti_rules.check_bukti(isian.bukti)
    values = {
        "nilai": nilai,
        "nilai_skala": nilai_skala,
        "keterangan": isian.keterangan.strip(),
        "bukti_tautan": tautan,
    }
    opd_id = indikator.elemen.dokumen.unit.opd_id

    try:
        with transaction.atomic():
            entri = (
                Realisasi.objects.select_for_update(of=("self",))
                .select_related("diisi_oleh", "indikator")
                .filter(indikator=indikator, tahun=tahun, periode=periode)
                .first()
            )
            ensure_versi(entri, versi)
            ensure_not_locked(entri)
            ensure_window(
                user=user, entri=entri, opd_id=opd_id, tahun=tahun, periode=periode
            )
            if entri is None:
                if all_empty(values) and isian.bukti is None and not ajukan:
                    return None
                entri = Realisasi(indikator=indikator, tahun=tahun, periode=periode)
            if not entri_changed(entri, values, isian.bukti) and not ajukan:
                return entri
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
        # Two first saves of the same entry at once: the other one's insert
        # won the unique constraint, so this save reports it as a change.
        entri = (
            Realisasi.objects.select_related("diisi_oleh", "indikator")
            .filter(indikator=indikator, tahun=tahun, periode=periode)
            .first()
        )
        if entri is None:
            raise
        ensure_versi(entri, versi)
        raise
    return entri
