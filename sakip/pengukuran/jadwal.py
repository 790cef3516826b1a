"""The input windows (jadwal input): when an OPD may enter realisation.

Admin Bappeda sets one window per period: a month for the realisation of the
budget (keuangan and fisik), a quarter for that of the indikator. Outside it
an Operator OPD may not save or submit realisation of that period, unless
Admin Bappeda reopened the window for the OPD (``BukaUlangJadwal``). Admin
Bappeda is not bound by the windows. A period without a window is closed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sakip.notifikasi.services import notifikasi_kirim
from sakip.organisasi.models import Pengguna, Peran, Unit
from sakip.perencanaan.models import Periode

from .models import PERIODE_JADWAL, BukaUlangJadwal, JadwalInput

if TYPE_CHECKING:
    from collections.abc import Iterable

PERIODE_JADWAL_VALUES = {value for value, _label in PERIODE_JADWAL}


@dataclass(frozen=True)
class StatusJadwal:
    """The state of a period's window for one unit, with the message that
    the input page and a rejected save show."""

    tahun: int
    periode: str
    jadwal: JadwalInput | None
    buka_ulang: BukaUlangJadwal | None
    terbuka: bool
    pesan: str


def label_periode(periode: str, tahun: int) -> str:
    """Return "Triwulan II 2025" or "Juli 2025"."""
    return f"{Periode(periode).label} {tahun}"


def _waktu(value: datetime.datetime) -> dict[str, str]:
    local = timezone.localtime(value)
    return {"tanggal": date_format(local, "j F Y"), "jam": date_format(local, "H.i")}


def status_jadwal(
    *, unit_id: int | None, tahun: int, periode: str, now: datetime.datetime
) -> StatusJadwal:
    """Return the state of the window of ``tahun`` and ``periode`` for the OPD
    ``unit_id`` at ``now``; two queries at most."""
    jadwal = JadwalInput.objects.filter(tahun=tahun, periode=periode).first()
    nama = label_periode(periode, tahun)
    if jadwal is None:
        pesan = _(
            "Jadwal input %(periode)s belum ditetapkan. Minta Admin Bappeda "
            "menetapkannya."
        ) % {"periode": nama}
        return StatusJadwal(tahun, periode, None, None, False, pesan)
    if now < jadwal.mulai:
        pesan = _(
            "Jadwal input %(periode)s baru dibuka pada %(tanggal)s pukul %(jam)s."
        ) % {"periode": nama, **_waktu(jadwal.mulai)}
        return StatusJadwal(tahun, periode, jadwal, None, False, pesan)
    if now <= jadwal.selesai:
        pesan = _(
            "Jadwal input %(periode)s terbuka sampai %(tanggal)s pukul %(jam)s."
        ) % {"periode": nama, **_waktu(jadwal.selesai)}
        return StatusJadwal(tahun, periode, jadwal, None, True, pesan)

    buka_ulang = None
    if unit_id is not None:
        buka_ulang = (
            BukaUlangJadwal.objects.filter(jadwal=jadwal, unit_id=unit_id)
            .select_related("unit")
            .order_by("-sampai")
            .first()
        )
    if buka_ulang is not None and now <= buka_ulang.sampai:
        pesan = _(
            "Jadwal input %(periode)s dibuka ulang untuk %(unit)s sampai "
            "%(tanggal)s pukul %(jam)s."
        ) % {"periode": nama, "unit": buka_ulang.unit.nama, **_waktu(buka_ulang.sampai)}
        return StatusJadwal(tahun, periode, jadwal, buka_ulang, True, pesan)

    ditutup = jadwal.selesai
    if buka_ulang is not None:
        ditutup = max(ditutup, buka_ulang.sampai)
    pesan = _(
        "Jadwal input %(periode)s ditutup pada %(tanggal)s pukul %(jam)s. Minta "
        "Admin Bappeda membuka ulang untuk unit Anda."
    ) % {"periode": nama, **_waktu(ditutup)}
    return StatusJadwal(tahun, periode, jadwal, buka_ulang, False, pesan)


def jadwal_terbuka(
    unit: Unit | int | None, tahun: int, periode: str, now: datetime.datetime
) -> bool:
    """Return whether the window of ``tahun`` and ``periode`` is open for the
    OPD ``unit`` at ``now``. The user is not considered, because Admin
    Bappeda may enter data whatever this returns."""
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    return status_jadwal(unit_id=unit_id, tahun=tahun, periode=periode, now=now).terbuka


def ensure_jadwal_terbuka(
    *,
    user: Pengguna,
    unit_id: int | None,
    tahun: int,
    periode: str,
    now: datetime.datetime,
) -> None:
    """Raise ValidationError with the window's message unless ``user`` may
    enter data for the period now: Admin Bappeda always may."""
    if user.is_admin_bappeda:
        return
    status = status_jadwal(unit_id=unit_id, tahun=tahun, periode=periode, now=now)
    if not status.terbuka:
        raise ValidationError(status.pesan, code="jadwal_ditutup")


def _ensure_admin(user: Pengguna) -> None:
    if not user.is_admin_bappeda:
        raise PermissionDenied(
            _("Hanya Admin Bappeda yang dapat mengatur jadwal input.")
        )


def jadwal_simpan(
    *,
    user: Pengguna,
    tahun: int,
    periode: str,
    mulai: datetime.datetime,
    selesai: datetime.datetime,
    jadwal: JadwalInput | None = None,
) -> JadwalInput:
    """Create the window of ``tahun`` and ``periode``, or change ``jadwal``."""
    _ensure_admin(user)
    if periode not in PERIODE_JADWAL_VALUES:
        raise ValidationError(
            {"periode": _("Jadwal input dibuat per bulan atau per triwulan.")}
        )
    if timezone.is_naive(mulai) or timezone.is_naive(selesai):
        raise ValueError("mulai and selesai must be timezone-aware datetimes")
    if selesai <= mulai:
        raise ValidationError(
            {"selesai": _("Waktu ditutup harus setelah waktu dibuka.")}
        )
    obj = jadwal or JadwalInput()
    obj.tahun, obj.periode, obj.mulai, obj.selesai = tahun, periode, mulai, selesai
    obj.ditetapkan_oleh = user
    obj._history_user = user
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:
        raise ValidationError(
            {
                "periode": _(
                    "%(periode)s sudah memiliki jadwal input; ubah jadwal itu."
                )
                % {"periode": label_periode(periode, tahun)}
            }
        ) from error
    return obj


def buka_ulang_buat(
    *,
    user: Pengguna,
    jadwal: JadwalInput,
    unit: Unit,
    sampai: datetime.datetime,
    alasan: str,
    now: datetime.datetime | None = None,
) -> BukaUlangJadwal:
    """Reopen ``jadwal`` for the OPD ``unit`` until ``sampai`` and tell the
    OPD's operators."""
    _ensure_admin(user)

    now = now or timezone.now()
    errors = {}
    if unit.jenis != Unit.Jenis.PERANGKAT_DAERAH:
        errors["unit"] = _("Jadwal dibuka ulang untuk satu perangkat daerah.")
    if sampai <= now:
        errors["sampai"] = _("Waktu dibuka sampai harus setelah sekarang.")
    if not alasan.strip():
        errors["alasan"] = _("Tulis alasan jadwal dibuka ulang.")
    if errors:
        raise ValidationError(errors)

    buka_ulang = BukaUlangJadwal(
        jadwal=jadwal, unit=unit, sampai=sampai, alasan=alasan.strip(), oleh=user
    )
    buka_ulang._history_user = user
    with transaction.atomic():
        buka_ulang.save()
        notifikasi_kirim(
            operator_list(unit.pk),
            judul=_("Jadwal input %(periode)s dibuka ulang")
            % {"periode": label_periode(jadwal.periode, jadwal.tahun)},
            pesan=_(
                "Admin Bappeda membuka ulang jadwal input untuk %(unit)s sampai "
                "%(tanggal)s pukul %(jam)s. Alasan: %(alasan)s"
            )
            % {"unit": unit.nama, "alasan": buka_ulang.alasan, **_waktu(sampai)},
            tautan=reverse(
                "pengukuran:isian_opd", args=[unit.pk, jadwal.tahun, jadwal.periode]
            ),
        )
    return buka_ulang


def operator_list(opd_id: int) -> Iterable[Pengguna]:
    """Return the active Operator OPD of the OPD ``opd_id``, its bidang
    included."""
    return Pengguna.objects.filter(
        is_active=True, peran=Peran.OPERATOR_OPD, unit__opd_id=opd_id
    )


# The default windows: every period is entered from the first to the tenth
# day of the month after it, the tenth until 23.59 local time.
HARI_TUTUP_BAWAAN = 10


def jadwal_bawaan(
    tahun: int, periode: str
) -> tuple[datetime.datetime, datetime.datetime]:
    """Return the default ``(mulai, selesai)`` of a period: the first day of
    the month after it at 00.00 to the tenth at 23.59, local time."""
    kind = Periode(periode)
    bulan_akhir = (
        int(periode[2:]) * 3 if kind.name.startswith("TW") else int(periode[1:])
    )
    tahun_buka, bulan_buka = tahun, bulan_akhir + 1
    if bulan_akhir == 12:
        tahun_buka, bulan_buka = tahun + 1, 1
    zona = timezone.get_current_timezone()
    mulai = datetime.datetime(tahun_buka, bulan_buka, 1, tzinfo=zona)
    selesai = datetime.datetime(
        tahun_buka, bulan_buka, HARI_TUTUP_BAWAAN, 23, 59, tzinfo=zona
    )
    return mulai, selesai


def jadwal_isi_bawaan(*, user: Pengguna, tahun: int) -> int:
    """Create the default window of every period of ``tahun`` that has none;
    return how many were created."""
    _ensure_admin(user)
    ada = set(JadwalInput.objects.filter(tahun=tahun).values_list("periode", flat=True))
    dibuat = 0
    for periode in sorted(PERIODE_JADWAL_VALUES - ada):
        mulai, selesai = jadwal_bawaan(tahun, periode)
        jadwal_simpan(
            user=user, tahun=tahun, periode=periode, mulai=mulai, selesai=selesai
        )
        dibuat += 1
    return dibuat


def jadwal_tahun_list(*, tahun: int) -> list[tuple[str, str, JadwalInput | None]]:
    """Return every period of ``tahun`` in calendar order with its window
    (None where there is none) and the window's reopenings; two queries."""
    jadwal = {
        item.periode: item
        for item in JadwalInput.objects.filter(tahun=tahun)
        .select_related("ditetapkan_oleh")
        .prefetch_related("buka_ulang__unit")
    }
    return [(value, label, jadwal.get(value)) for value, label in PERIODE_JADWAL]


# How long before a window closes its operators are reminded.
PENGINGAT_SEBELUM_TUTUP = datetime.timedelta(days=1)


@dataclass
class HasilPengingat:
    """How many notifications each kind of reminder created in one run."""

    dibuka: int = 0
    akan_ditutup: int = 0
    buka_ulang_akan_ditutup: int = 0


def pengingat_jadwal_kirim(*, now: datetime.datetime) -> HasilPengingat:
    """Notify the Operator OPD of every OPD that a window is open, and again
    when it closes within a day. The operators of a reopened OPD are also
    notified when the reopening ends within a day.

    Each notification carries a key (``kunci``) made of the window and the
    time it is about, so a second run sends nothing twice, while a window
    moved to another time is announced again.
    """
    hasil = HasilPengingat()
    operators = _operators_by_opd()
    terbuka = JadwalInput.objects.filter(mulai__lte=now, selesai__gte=now)
    for jadwal in terbuka.order_by("tahun", "periode"):
        nama = label_periode(jadwal.periode, jadwal.tahun)
        waktu = _waktu(jadwal.selesai)
        for opd_id, users in operators.items():
            tautan = reverse(
                "pengukuran:isian_opd", args=[opd_id, jadwal.tahun, jadwal.periode]
            )
            hasil.dibuka += notifikasi_kirim(
                users,
                judul=_("Jadwal input %(periode)s dibuka") % {"periode": nama},
                pesan=_(
                    "Realisasi %(periode)s dapat diisi dan diajukan sampai "
                    "%(tanggal)s pukul %(jam)s."
                )
                % {"periode": nama, **waktu},
                tautan=tautan,
                kunci=f"jadwal-dibuka:{jadwal.pk}:{jadwal.mulai.isoformat()}",
            )
            if jadwal.selesai - now > PENGINGAT_SEBELUM_TUTUP:
                continue
            hasil.akan_ditutup += notifikasi_kirim(
                users,
                judul=_("Jadwal input %(periode)s segera ditutup") % {"periode": nama},
                pesan=_(
                    "Jadwal input %(periode)s ditutup pada %(tanggal)s pukul "
                    "%(jam)s. Ajukan isian yang masih draft sebelum itu."
                )
                % {"periode": nama, **waktu},
                tautan=tautan,
                kunci=f"jadwal-ditutup:{jadwal.pk}:{jadwal.selesai.isoformat()}",
            )

    buka_ulang = BukaUlangJadwal.objects.filter(
        sampai__gte=now, sampai__lte=now + PENGINGAT_SEBELUM_TUTUP
    ).select_related("jadwal", "unit")
    for item in buka_ulang:
        jadwal = item.jadwal
        nama = label_periode(jadwal.periode, jadwal.tahun)
        hasil.buka_ulang_akan_ditutup += notifikasi_kirim(
            operators.get(item.unit_id, []),
            judul=_("Jadwal input %(periode)s segera ditutup") % {"periode": nama},
            pesan=_(
                "Pembukaan ulang jadwal input %(periode)s untuk %(unit)s berakhir "
                "pada %(tanggal)s pukul %(jam)s."
            )
            % {"periode": nama, "unit": item.unit.nama, **_waktu(item.sampai)},
            tautan=reverse(
                "pengukuran:isian_opd",
                args=[item.unit_id, jadwal.tahun, jadwal.periode],
            ),
            kunci=f"buka-ulang-ditutup:{item.pk}:{item.sampai.isoformat()}",
        )
    return hasil


def _operators_by_opd() -> dict[int, list[Pengguna]]:
    """Return every active Operator OPD, grouped by the OPD they work in;
    one query."""
    result: dict[int, list[Pengguna]] = {}
    users = Pengguna.objects.filter(
        is_active=True, peran=Peran.OPERATOR_OPD, unit__opd__isnull=False
    ).select_related("unit")
    for user in users.order_by("pk"):
        result.setdefault(user.unit.opd_id, []).append(user)
    return result
