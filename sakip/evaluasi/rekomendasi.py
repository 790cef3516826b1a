"""Changes to recommendations and their follow-up (tindak lanjut).

An evaluator (a user of the Evaluator role who does not work in the unit)
or Admin Bappeda writes a recommendation. This is allowed at any stage of
the evaluation and also after it is final, because the LHE that carries
the recommendations is written once the score is final. The unit's Operator OPD
(Admin Bappeda for the Pemda) enters the follow-up, which puts the
recommendation under review; the evaluator then closes it, or returns the
follow-up with a reason, which opens it again. A closed recommendation
takes no more follow-up.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sakip.organisasi.models import Peran, Unit
from sakip.pengukuran import bukti as bukti_rules
from sakip.pengukuran.services.entri import check_tautan

from .bukti_data import RekomendasiRingkas
from .models import Evaluasi, Komponen, Rekomendasi, TindakLanjut

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna

Status = Rekomendasi.Status


@dataclass
class IsianRekomendasi:
    uraian: str
    komponen: Komponen | None = None
    batas_waktu: datetime.date | None = None


@dataclass
class IsianTindakLanjut:
    uraian: str
    tanggal: datetime.date
    bukti: UploadedFile | None = None
    bukti_tautan: str = ""


def boleh_menilai(user: Pengguna, unit: Unit) -> bool:
    """Whether ``user`` may write and close recommendations to ``unit``:
    Admin Bappeda, or an evaluator who does not work in that unit's OPD."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_admin_bappeda:
        return True
    if user.peran != Peran.EVALUATOR:
        return False
    return unit.opd_id is None or user.opd_id != unit.opd_id


def boleh_tindak_lanjut(user: Pengguna, unit: Unit) -> bool:
    """Whether ``user`` may enter follow-up for ``unit``: Admin Bappeda, or an
    Operator OPD of that OPD."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_admin_bappeda:
        return True
    return (
        user.is_operator_opd and unit.opd_id is not None and user.opd_id == unit.opd_id
    )


def rekomendasi_create(
    *, user: Pengguna, evaluasi: Evaluasi, isian: IsianRekomendasi
) -> Rekomendasi:
    """Write a recommendation of the Inspektorat's ``evaluasi`` to its unit."""
    _ensure_menilai(user, evaluasi.unit)
    if isian.komponen is not None and isian.komponen.template_id != (
        evaluasi.template_id
    ):
        pesan = _("Komponen %(kode)s bukan bagian dari LKE evaluasi ini.") % {
            "kode": isian.komponen.kode
        }
        raise ValidationError({"komponen": pesan})
    rekomendasi = Rekomendasi(
        evaluasi=evaluasi,
        unit=evaluasi.unit,
        tahun=evaluasi.tahun,
        sumber=Rekomendasi.Sumber.INSPEKTORAT,
        komponen=isian.komponen,
    )
    return _save_rekomendasi(user, rekomendasi, isian)


def rekomendasi_kementerian_create(
    *, user: Pengguna, pemda: Unit, tahun: int, isian: IsianRekomendasi
) -> Rekomendasi:
    """Record a recommendation of the ministry's evaluation of the Pemda of
    ``tahun``, so that its follow-up is tracked like the Inspektorat's."""
    if pemda.jenis != Unit.Jenis.PEMDA:
        raise ValidationError(
            _("Rekomendasi Kementerian PANRB ditujukan kepada Pemda, bukan %(unit)s.")
            % {"unit": pemda}
        )
    _ensure_menilai(user, pemda)
    rekomendasi = Rekomendasi(
        evaluasi=Evaluasi.objects.filter(unit=pemda, tahun=tahun).first(),
        unit=pemda,
        tahun=tahun,
        sumber=Rekomendasi.Sumber.KEMENPANRB,
        komponen=isian.komponen,
    )
    return _save_rekomendasi(user, rekomendasi, isian)


def tindak_lanjut_create(
    *, user: Pengguna, rekomendasi: Rekomendasi, isian: IsianTindakLanjut
) -> TindakLanjut:
    """Enter the unit's follow-up of ``rekomendasi``, which the evaluator
    then checks. Evidence (a file, a link or both) is required."""
    if not boleh_tindak_lanjut(user, rekomendasi.unit):
        raise PermissionDenied(
            _("Tindak lanjut rekomendasi untuk %(unit)s diisi oleh operator unit itu.")
            % {"unit": rekomendasi.unit}
        )
    uraian = isian.uraian.strip()
    if not uraian:
        raise ValidationError({"uraian": _("Uraian tindak lanjut wajib diisi.")})
    tautan = check_tautan(isian.bukti_tautan)
    if isian.bukti is None and not tautan:
        raise ValidationError(
            {
                "bukti": _(
                    "Lampirkan berkas bukti atau tautan ke bukti tindak lanjut ini."
                )
            }
        )
    jenis = None if isian.bukti is None else bukti_rules.check_bukti(isian.bukti)
    if isian.tanggal > timezone.localdate():
        raise ValidationError(
            {"tanggal": _("Tanggal tindak lanjut tidak boleh setelah hari ini.")}
        )

    with transaction.atomic():
        rekomendasi = Rekomendasi.objects.select_for_update().get(pk=rekomendasi.pk)
        if rekomendasi.status == Status.SELESAI:
            raise ValidationError(
                _(
                    "Rekomendasi ini sudah selesai, sehingga tidak menerima tindak "
                    "lanjut lagi."
                )
            )
        tindak_lanjut = TindakLanjut(
            rekomendasi=rekomendasi,
            uraian=uraian,
            tanggal=isian.tanggal,
            bukti_tautan=tautan,
            dibuat_oleh=user,
        )
        if isian.bukti is not None:
            tindak_lanjut.bukti_nama = bukti_rules.nama_asli(isian.bukti)
            tindak_lanjut.bukti.save(f"bukti{jenis.suffix}", isian.bukti, save=False)
        tindak_lanjut._history_user = user
        tindak_lanjut.save()
        rekomendasi.status = Status.DIPROSES
        rekomendasi._history_user = user
        rekomendasi.save(update_fields=["status"])
    return tindak_lanjut


def rekomendasi_tutup(
    *, user: Pengguna, rekomendasi: Rekomendasi, catatan: str = ""
) -> Rekomendasi:
    """Close ``rekomendasi``, accepting the follow-up under review."""
    _ensure_menilai(user, rekomendasi.unit)
    with transaction.atomic():
        rekomendasi = Rekomendasi.objects.select_for_update().get(pk=rekomendasi.pk)
        if rekomendasi.status != Status.DIPROSES:
            raise ValidationError(
                _(
                    "Rekomendasi hanya dapat ditutup bila ada tindak lanjut yang "
                    "sedang diperiksa; statusnya sekarang %(status)s."
                )
                % {"status": rekomendasi.get_status_display().lower()},
                code="status",
            )
        now = timezone.now()
        for tindak_lanjut in rekomendasi.tindak_lanjut.filter(
            status=TindakLanjut.Status.DIAJUKAN
        ):
            tindak_lanjut.status = TindakLanjut.Status.DITERIMA
            tindak_lanjut.diperiksa_oleh = user
            tindak_lanjut.diperiksa_pada = now
            tindak_lanjut._history_user = user
            tindak_lanjut.save()
        rekomendasi.status = Status.SELESAI
        rekomendasi.ditutup_oleh = user
        rekomendasi.ditutup_pada = now
        rekomendasi.catatan_penutupan = catatan.strip()
        rekomendasi._history_user = user
        rekomendasi.save()
    return rekomendasi


def tindak_lanjut_kembalikan(
    *, user: Pengguna, tindak_lanjut: TindakLanjut, alasan: str
) -> TindakLanjut:
    """Return a follow-up under review with ``alasan``; its recommendation is
    open again for a new follow-up."""
    rekomendasi = tindak_lanjut.rekomendasi
    _ensure_menilai(user, rekomendasi.unit)
    alasan = alasan.strip()
    if not alasan:
        raise ValidationError(
            {"alasan": _("Tulis alasan pengembalian agar unit dapat memperbaikinya.")}
        )
    with transaction.atomic():
        rekomendasi = Rekomendasi.objects.select_for_update().get(pk=rekomendasi.pk)
        tindak_lanjut = TindakLanjut.objects.get(pk=tindak_lanjut.pk)
        if tindak_lanjut.status != TindakLanjut.Status.DIAJUKAN:
            raise ValidationError(
                _(
                    "Tindak lanjut ini sudah %(status)s, sehingga tidak dapat "
                    "dikembalikan."
                )
                % {"status": tindak_lanjut.get_status_display().lower()},
                code="status",
            )
        tindak_lanjut.status = TindakLanjut.Status.DIKEMBALIKAN
        tindak_lanjut.alasan_dikembalikan = alasan
        tindak_lanjut.diperiksa_oleh = user
        tindak_lanjut.diperiksa_pada = timezone.now()
        tindak_lanjut._history_user = user
        tindak_lanjut.save()
        if not rekomendasi.tindak_lanjut.filter(
            status=TindakLanjut.Status.DIAJUKAN
        ).exists():
            rekomendasi.status = Status.TERBUKA
            rekomendasi._history_user = user
            rekomendasi.save(update_fields=["status"])
    return tindak_lanjut


def _save_rekomendasi(
    user: Pengguna, rekomendasi: Rekomendasi, isian: IsianRekomendasi
) -> Rekomendasi:
    rekomendasi.uraian = isian.uraian.strip()
    rekomendasi.batas_waktu = isian.batas_waktu
    rekomendasi.dibuat_oleh = user
    if not rekomendasi.uraian:
        raise ValidationError({"uraian": _("Uraian rekomendasi wajib diisi.")})
    if isian.batas_waktu is not None and isian.batas_waktu.year < rekomendasi.tahun:
        raise ValidationError(
            {
                "batas_waktu": _(
                    "Batas waktu tidak boleh sebelum tahun yang dievaluasi (%(tahun)s)."
                )
                % {"tahun": rekomendasi.tahun}
            }
        )
    rekomendasi.full_clean(exclude=["dibuat_oleh", "evaluasi", "komponen"])
    rekomendasi._history_user = user
    rekomendasi.save()
    return rekomendasi


def _ensure_menilai(user: Pengguna, unit: Unit) -> None:
    if not boleh_menilai(user, unit):
        raise PermissionDenied(
            _(
                "Rekomendasi untuk %(unit)s ditulis dan ditutup oleh evaluator "
                "Inspektorat dari unit lain atau Admin Bappeda."
            )
            % {"unit": unit}
        )


def rekomendasi_ringkas(unit: Unit, tahun: int) -> list[RekomendasiRingkas]:
    """List the recommendations to ``unit`` of the evaluations of ``tahun``
    (the Inspektorat's and, for the Pemda, the ministry's), in one query.
    ``EvaluasiConfig.ready()`` registers it as the reader of
    ``bukti_data``, so ``tahun`` is the evaluated year: the follow-up check
    passes year n - 1 and the LHE its own evaluation's year."""
    rows = (
        Rekomendasi.objects.filter(unit=unit, tahun=tahun)
        .order_by("pk")
        .values_list("pk", "uraian", "status", "sumber")
    )
    return [
        RekomendasiRingkas(
            uraian=uraian,
            selesai=status == Rekomendasi.Status.SELESAI,
            url=reverse("evaluasi:rekomendasi_detail", args=[pk]),
            sumber=sumber,
        )
        for pk, uraian, status, sumber in rows
    ]
