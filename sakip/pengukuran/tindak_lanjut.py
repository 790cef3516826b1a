"""Corrective actions (tindak lanjut kinerja): finding the PK indikator that
need one in a quarter, asking their unit for it, and tracking it to its end.

An indikator needs one when its capaian in the quarter is Rendah or Sangat
Rendah, or the early warning projects its year-end capaian below 76 %. The
request goes to the unit of its PK (the OPD, or the Pemda for the Kepala
Daerah's PK) and moves diminta → direncanakan → selesai.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sakip.notifikasi.services import notifikasi_kirim
from sakip.organisasi.models import Pengguna, Peran, Unit

from . import capaian as engine
from .bukti import check_bukti, nama_asli
from .models import TindakLanjutKinerja
from .monitoring import IndikatorMonitoring, Monitoring, monitoring_build

logger = logging.getLogger(__name__)

Status = TindakLanjutKinerja.Status


@dataclass
class HasilPeriksa:
    """The outcome of one run of the finder: the requests and notifications
    it created."""

    dibuat: int = 0
    sudah_ada: int = 0
    notifikasi_tindak_lanjut: int = 0
    notifikasi_tertinggal: int = 0


def penerima_unit(unit: Unit) -> QuerySet[Pengguna]:
    """Return the users asked to act for ``unit``: the Operator OPD of an
    OPD, or Admin Bappeda for the Pemda."""
    if unit.jenis == Unit.Jenis.PEMDA:
        return Pengguna.objects.filter(peran=Peran.ADMIN_BAPPEDA, is_active=True)
    return Pengguna.objects.filter(
        peran=Peran.OPERATOR_OPD, unit__opd=unit, is_active=True
    )


def unit_of(item: IndikatorMonitoring) -> Unit:
    """Return the unit asked to act on a monitored indikator: its PK's OPD, or
    the Pemda for the Kepala Daerah's PK."""
    unit = item.baris.perjanjian.unit
    return unit.opd or unit


def tindak_lanjut_periksa(*, tahun: int, periode: str) -> HasilPeriksa:
    """Create the missing corrective-action requests of a quarter and notify
    the units; then send each OPD one notification of its lagging items.

    Idempotent: a request exists once per indikator, year and quarter, and
    each notification has a kunci. A month only sends the lagging items.
    Submitted and accepted realisation counts, so that a request is not
    held back until verification ends; a draft, a value still being typed,
    does not.
    """
    monitoring = monitoring_build(
        user=None, tahun=tahun, periode=periode, tanpa_draft=True
    )
    hasil = HasilPeriksa()
    if engine.Periode(periode).is_triwulan:
        for item in monitoring.indikator_tertinggal:
            _request_one(item, tahun=tahun, periode=periode, hasil=hasil)
    _notify_lagging(monitoring, hasil=hasil)
    logger.info(
        "Tindak lanjut %s %s: %s dibuat, %s sudah ada, %s notifikasi",
        tahun,
        periode,
        hasil.dibuat,
        hasil.sudah_ada,
        hasil.notifikasi_tindak_lanjut + hasil.notifikasi_tertinggal,
    )
    return hasil


def _request_one(
    item: IndikatorMonitoring, *, tahun: int, periode: str, hasil: HasilPeriksa
) -> None:
    alasan = (
        TindakLanjutKinerja.Alasan.KATEGORI_RENDAH
        if item.kategori_rendah
        else TindakLanjutKinerja.Alasan.PERINGATAN_DINI
    )
    proyeksi = None if item.proyeksi is None else item.proyeksi.hasil.capaian_2dp
    unit = unit_of(item)
    tindak_lanjut, created = TindakLanjutKinerja.objects.get_or_create(
        indikator=item.indikator,
        tahun=tahun,
        periode=periode,
        defaults={
            "unit": unit,
            "alasan": alasan,
            "capaian": item.capaian.capaian_2dp,
            "capaian_proyeksi": proyeksi,
        },
    )
    if created:
        hasil.dibuat += 1
    else:
        hasil.sudah_ada += 1
    hasil.notifikasi_tindak_lanjut += notifikasi_kirim(
        penerima_unit(unit),
        judul=_("Tindak lanjut diminta: %(indikator)s")
        % {"indikator": item.indikator.uraian[:150]},
        pesan=_(
            "%(alasan)s pada %(periode)s %(tahun)s. Isi faktor penghambat, "
            "tindak lanjut, pelaksana dan tenggatnya."
        )
        % {
            "alasan": tindak_lanjut.get_alasan_display(),
            "periode": tindak_lanjut.get_periode_display(),
            "tahun": tahun,
        },
        tautan=reverse("pengukuran:tindak_lanjut_edit", args=[tindak_lanjut.pk]),
        kunci=f"tindak-lanjut-{tindak_lanjut.pk}",
    )


def _notify_lagging(monitoring: Monitoring, *, hasil: HasilPeriksa) -> None:
    per_opd: dict[int, tuple[Unit, int]] = {}
    for item in monitoring.indikator_tertinggal:
        unit = unit_of(item)
        per_opd[unit.pk] = (unit, per_opd.get(unit.pk, (unit, 0))[1] + 1)
    for row in monitoring.sub_kegiatan_tertinggal:
        per_opd[row.opd.pk] = (row.opd, per_opd.get(row.opd.pk, (row.opd, 0))[1] + 1)

    url = reverse("pengukuran:monitoring")
    for unit, jumlah in per_opd.values():
        query = f"?tahun={monitoring.tahun}&periode={monitoring.periode}"
        if unit.jenis != Unit.Jenis.PEMDA:
            query += f"&opd={unit.pk}"
        hasil.notifikasi_tertinggal += notifikasi_kirim(
            penerima_unit(unit),
            judul=_("%(jumlah)s butir tertinggal: %(unit)s")
            % {"jumlah": jumlah, "unit": unit.nama[:150]},
            pesan=_(
                "Pada %(periode)s %(tahun)s ada %(jumlah)s indikator atau sub "
                "kegiatan yang tertinggal dari rencana aksi."
            )
            % {
                "periode": monitoring.periode,
                "tahun": monitoring.tahun,
                "jumlah": jumlah,
            },
            tautan=url + query,
            kunci=f"tertinggal-{monitoring.tahun}-{monitoring.periode}-{unit.pk}",
        )


def can_edit(*, user: Pengguna, tindak_lanjut: TindakLanjutKinerja) -> bool:
    """Admin Bappeda for every unit, an Operator OPD for their own OPD."""
    return user.has_perm("pengukuran.isi_realisasi", tindak_lanjut.unit)


def tindak_lanjut_rencanakan(
    *,
    user: Pengguna,
    tindak_lanjut: TindakLanjutKinerja,
    faktor_penghambat: str,
    tindakan: str,
    pelaksana: str,
    tenggat: datetime.date | None,
) -> TindakLanjutKinerja:
    """Record the cause, the action, who does it and by when; the request
    becomes direncanakan. Raises PermissionDenied for another unit's request
    and ValidationError for a missing field, a past tenggat or a closed one."""
    if not can_edit(user=user, tindak_lanjut=tindak_lanjut):
        raise PermissionDenied(_("Tindak lanjut ini milik unit lain."))

    errors: dict[str, str] = {}
    if not faktor_penghambat.strip():
        errors["faktor_penghambat"] = _(
            "Faktor penghambat wajib diisi: tuliskan apa yang menghambat capaian."
        )
    if not tindakan.strip():
        errors["tindakan"] = _("Tindak lanjut wajib diisi.")
    if not pelaksana.strip():
        errors["pelaksana"] = _("Pelaksana wajib diisi.")
    today = timezone.localdate()
    if tenggat is None:
        errors["tenggat"] = _("Tenggat wajib diisi.")
    elif tenggat < today:
        errors["tenggat"] = _(
            "Tenggat %(tenggat)s sudah lewat. Pilih hari ini atau tanggal sesudahnya."
        ) % {"tenggat": date_format(tenggat, "j F Y")}
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        current = _lock(tindak_lanjut)
        if current.status == Status.SELESAI:
            raise ValidationError(
                _("Tindak lanjut ini sudah selesai, sehingga tidak dapat diubah.")
            )
        current.faktor_penghambat = faktor_penghambat.strip()
        current.tindakan = tindakan.strip()
        current.pelaksana = pelaksana.strip()
        current.tenggat = tenggat
        current.status = Status.DIRENCANAKAN
        current.diubah_oleh = user
        current.save()
    return current


def tindak_lanjut_selesaikan(
    *,
    user: Pengguna,
    tindak_lanjut: TindakLanjutKinerja,
    hasil: str,
    selesai_pada: datetime.date | None,
    bukti: UploadedFile | None = None,
    bukti_tautan: str = "",
) -> TindakLanjutKinerja:
    """Close a planned corrective action with its result and evidence (a file
    or a link). Raises PermissionDenied for another unit's request and
    ValidationError when it is not planned yet, lacks evidence or a result,
    or its date is in the future."""
    if not can_edit(user=user, tindak_lanjut=tindak_lanjut):
        raise PermissionDenied(_("Tindak lanjut ini milik unit lain."))

    errors: dict[str, str] = {}
    if not hasil.strip():
        errors["hasil"] = _("Hasil tindak lanjut wajib diisi.")
    if bukti is None and not bukti_tautan.strip() and not tindak_lanjut.bukti:
        errors["bukti"] = _(
            "Bukti wajib ada untuk menyelesaikan: unggah berkas atau isi tautan."
        )
    if selesai_pada is None:
        errors["selesai_pada"] = _("Tanggal selesai wajib diisi.")
    elif selesai_pada > timezone.localdate():
        errors["selesai_pada"] = _("Tanggal selesai tidak boleh di masa depan.")
    if bukti is not None and "bukti" not in errors:
        try:
            check_bukti(bukti)
        except ValidationError as error:
            errors.update({k: " ".join(v) for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        current = _lock(tindak_lanjut)
        if current.status != Status.DIRENCANAKAN:
            raise ValidationError(
                _(
                    "Hanya tindak lanjut berstatus direncanakan yang dapat "
                    "diselesaikan; isi dulu faktor penghambat dan rencananya."
                )
            )
        current.hasil = hasil.strip()
        current.selesai_pada = selesai_pada
        current.bukti_tautan = bukti_tautan.strip()
        if bukti is not None:
            current.bukti_nama = nama_asli(bukti)
            current.bukti.save(bukti.name or "bukti", bukti, save=False)
        current.status = Status.SELESAI
        current.diubah_oleh = user
        current.save()
    return current


def _lock(tindak_lanjut: TindakLanjutKinerja) -> TindakLanjutKinerja:
    return TindakLanjutKinerja.objects.select_for_update().get(pk=tindak_lanjut.pk)


def tindak_lanjut_list(
    *, user: Pengguna, tahun: int | None = None, unit: Unit | None = None
) -> QuerySet[TindakLanjutKinerja]:
    """Return the corrective actions that ``user`` may see, of ``tahun`` and
    of ``unit`` (an OPD or the Pemda) when given."""
    rows = TindakLanjutKinerja.objects.visible_to(user).select_related(
        "indikator__elemen", "unit"
    )
    if tahun is not None:
        rows = rows.filter(tahun=tahun)
    if unit is not None:
        rows = rows.filter(unit=unit)
    return rows


def faktor_penghambat_list(unit: Unit, tahun: int) -> list[TindakLanjutKinerja]:
    """Return the corrective actions of ``unit`` for ``tahun`` that state a
    faktor penghambat, by quarter: the starting point of the LKjIP's
    analysis of what held capaian back and what was done. One query."""
    return list(
        TindakLanjutKinerja.objects.filter(unit=unit, tahun=tahun)
        .exclude(faktor_penghambat="")
        .select_related("indikator__elemen")
        .order_by("periode", "indikator__kode", "pk")
    )


def tindak_lanjut_rencana_aksi(rencana_aksi) -> list[TindakLanjutKinerja]:
    """Return the corrective actions of the year on the rows of a rencana
    aksi's PK, by quarter, for its page: an action asked in one quarter is
    carried out in the next. One query."""
    return list(
        TindakLanjutKinerja.objects.filter(
            tahun=rencana_aksi.tahun,
            indikator__in=rencana_aksi.perjanjian.baris.values("indikator_id"),
        )
        .select_related("indikator")
        .order_by("periode", "indikator__kode", "pk")
    )
