"""The LKjIP workflow: writing its narrative, adopting (and so freezing) it,
publishing it, correcting it with a dated revision, and building the LKjIP
of the Pemda and every OPD in the background.

A draft renders from the live tables (``lkjip.lkjip_data``) at every request.
An adopted LKjIP renders only from what adoption stored (``isi_beku`` and
``narasi_beku``), so it reads the same years later whatever changes after.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import tempfile
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sakip.organisasi.models import Unit
from sakip.perencanaan.models import Periode

from .models import (
    BAGIAN_ANALISIS,
    BAGIAN_LAPORAN,
    NARASI_MAX,
    AnalisisSasaran,
    LaporanKinerja,
    PaketLaporanKinerja,
    RevisiLaporanKinerja,
    pesan_narasi_terlalu_panjang,
)

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna

logger = logging.getLogger(__name__)

Status = LaporanKinerja.Status

DOCX_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
CONTENT_TYPES = {"docx": DOCX_CONTENT_TYPE, "pdf": "application/pdf"}
PESAN_PENULIS = gettext_lazy(
    "Hanya Admin Bappeda atau Operator OPD unit ini yang dapat menulis LKjIP."
)


class KonflikVersi(ValidationError):
    """A save of a narrative field that someone else saved after the user
    opened it. ``terkini`` is the field's text as it is now."""

    def __init__(self, message: str, *, terkini: str):
        super().__init__(message, code="versi_berubah")
        self.terkini = terkini


# Reading


def laporan_get(*, unit: Unit, tahun: int) -> LaporanKinerja | None:
    """Return the LKjIP of ``unit`` for ``tahun``, or None while nobody has
    written or adopted it yet."""
    return (
        LaporanKinerja.objects.select_related("unit", "ditetapkan_oleh")
        .filter(unit=unit, tahun=tahun)
        .first()
    )


def live_data(*, unit: Unit, tahun: int) -> dict:
    """Return ``lkjip_data`` of ``unit`` and ``tahun`` from the live tables."""
    from .lkjip import lkjip_data

    return lkjip_data(unit=unit, tahun=tahun)


def narasi_for(unit: Unit, tahun: int, *, data: dict | None = None) -> dict:
    """Return the narrative of the LKjIP of ``unit`` for ``tahun`` in the
    renderers' ``narasi`` form, as stored now.

    An empty penyebab or solusi of a sasaran is prefilled from the year's
    corrective actions (``prefill_analisis``). ``data`` is the report's
    ``lkjip_data``, computed when not given. An adopted LKjIP renders from
    its frozen narrative instead (``laporan_isi``).
    """
    laporan = laporan_get(unit=unit, tahun=tahun)
    if data is None:
        data = live_data(unit=unit, tahun=tahun)
    usulan = prefill_analisis(data)
    stored: dict[str, AnalisisSasaran] = {}
    narasi: dict[str, Any] = {bagian: "" for bagian in BAGIAN_LAPORAN}
    if laporan is not None:
        narasi = {bagian: getattr(laporan, bagian) for bagian in BAGIAN_LAPORAN}
        stored = {row.sasaran_kode: row for row in laporan.analisis.all()}

    analisis: dict[str, dict[str, str]] = {}
    for kode in _sasaran_kode_list(data) | stored.keys():
        row = stored.get(kode)
        fields = {
            bagian: "" if row is None else getattr(row, bagian)
            for bagian in BAGIAN_ANALISIS
        }
        for bagian, teks in usulan.get(kode, {}).items():
            if not fields[bagian].strip():
                fields[bagian] = teks
        analisis[kode] = fields
    narasi["analisis"] = analisis
    return narasi


def laporan_isi(*, unit: Unit, tahun: int) -> tuple[dict, dict, LaporanKinerja | None]:
    """Return the data and narrative to render, and the LKjIP row if any: the
    frozen ones of an adopted LKjIP, else the live ones."""
    laporan = laporan_get(unit=unit, tahun=tahun)
    if laporan is not None and laporan.is_ditetapkan:
        return laporan.isi_beku, laporan.narasi_beku, laporan
    data = live_data(unit=unit, tahun=tahun)
    return data, narasi_for(unit, tahun, data=data), laporan


def render_dokumen(data: dict, narasi: dict, *, format: str) -> bytes:
    """Render an LKjIP as ``docx`` or ``pdf`` bytes.

    An adopted LKjIP or revision is rendered once: the file is kept in the
    storage under the hash of its frozen data and narrative, and every later
    request (the portal's anonymous readers too) gets those same bytes.
    """
    if format not in CONTENT_TYPES:
        raise ValueError(f"Unknown LKjIP format {format!r}: expected docx or pdf")
    if data.get("status") != Status.DITETAPKAN:
        return _render(data, narasi, format=format)

    frozen = json.dumps([data, narasi, format], sort_keys=True, ensure_ascii=False)
    name = f"lkjip-beku/{hashlib.sha256(frozen.encode()).hexdigest()}.{format}"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    content = _render(data, narasi, format=format)
    try:
        default_storage.save(name, ContentFile(content))
    except OSError:
        # The document is still sent; the next request renders it again.
        logger.exception("Storing the rendered LKjIP %s failed", name)
    return content


def _render(data: dict, narasi: dict, *, format: str) -> bytes:
    from .dokumen import render_lkjip_docx, render_lkjip_pdf

    if format == "docx":
        return render_lkjip_docx(data, narasi)
    return render_lkjip_pdf(data, narasi)


def nama_berkas(data: dict, *, format: str) -> str:
    """Return the download name of a rendered LKjIP: ``lkjip-2025-OPD-5.pdf``,
    with the revision number of a revision."""
    nama = f"lkjip-{data['tahun']}-{data['unit']['kode']}"
    revisi = data.get("revisi")
    if revisi:
        nama += f"-revisi-{revisi['nomor']}"
    return f"{nama}.{format}"


def _sasaran_kode_list(data: dict) -> set[str]:
    return {sasaran["kode"] for sasaran in data.get("sasaran", [])}


def prefill_analisis(data: dict) -> dict[str, dict]:
    """Return, per sasaran kode, the penyebab and solusi written from the
    year's corrective actions that ``data`` lists under each sasaran
    (``tindak_lanjut``, read by ``lkjip_data`` from ``faktor_penghambat_list``):
    one line per action, "TW 2, <indikator>: <text>"."""
    usulan: dict[str, dict] = {}
    for sasaran in data.get("sasaran", []):
        uraian = {item["kode"]: item["uraian"] for item in sasaran.get("indikator", [])}
        penyebab, solusi = [], []
        for action in sasaran.get("tindak_lanjut", []):
            periode = _label_periode(action.get("periode", ""))
            kode = action.get("indikator", "")
            awalan = f"{periode}, {uraian.get(kode, kode)}"
            if (action.get("faktor_penghambat") or "").strip():
                penyebab.append(f"{awalan}: {action['faktor_penghambat'].strip()}")
            if (action.get("tindakan") or "").strip():
                solusi.append(f"{awalan}: {action['tindakan'].strip()}")
        fields = {}
        if penyebab:
            fields["penyebab"] = "\n".join(penyebab)
        if solusi:
            fields["solusi"] = "\n".join(solusi)
        if fields:
            usulan[sasaran["kode"]] = fields
    return usulan


def _label_periode(periode: str) -> str:
    try:
        return str(Periode(periode).label)
    except ValueError:
        return periode


# Writing the narrative


def can_write(user: Pengguna, unit: Unit) -> bool:
    return user.has_perm("pelaporan.tulis_lkjip", unit)


def can_adopt(user: Pengguna, unit: Unit) -> bool:
    return user.has_perm("pelaporan.tetapkan_lkjip", unit)


def ensure_bagian(bagian: str, *, sasaran_kode: str | None) -> None:
    """Raise ValueError for a field name that is not a narrative field."""
    allowed = BAGIAN_LAPORAN if sasaran_kode is None else BAGIAN_ANALISIS
    if bagian not in allowed:
        raise ValueError(f"Unknown narrative field {bagian!r}")


def versi_isian(
    laporan: LaporanKinerja | None, bagian: str, *, sasaran_kode: str | None
) -> int:
    """Return the version of one narrative field, 0 while it was never saved."""
    if laporan is None or laporan.pk is None:
        return 0
    if sasaran_kode is None:
        return int(laporan.versi_isian.get(bagian, 0))
    row = laporan.analisis.filter(sasaran_kode=sasaran_kode).first()
    return 0 if row is None else int(row.versi_isian.get(bagian, 0))


def narasi_simpan(
    *,
    user: Pengguna,
    unit: Unit,
    tahun: int,
    bagian: str,
    isi: str,
    versi: int,
    sasaran_kode: str | None = None,
) -> LaporanKinerja:
    """Store one narrative field of the LKjIP of ``unit`` for ``tahun``: a
    field of the report (ikhtisar, pendahuluan, penutup), or with
    ``sasaran_kode`` one of that sasaran's analysis.

    ``versi`` is the field's version when the user opened it; the save is
    rejected with KonflikVersi when someone saved the field since. Only a
    draft LKjIP changes. The LKjIP row is created by its first save.
    """
    if not can_write(user, unit):
        raise PermissionDenied(PESAN_PENULIS)
    ensure_bagian(bagian, sasaran_kode=sasaran_kode)
    isi = isi.replace("\r\n", "\n").strip()
    if len(isi) > NARASI_MAX:
        raise ValidationError({"isi": pesan_narasi_terlalu_panjang(len(isi))})

    try:
        with transaction.atomic():
            laporan = _lock_or_create(unit=unit, tahun=tahun, user=user)
            _ensure_draft(laporan)
            if sasaran_kode is None:
                target = laporan
            else:
                target, _created = (
                    AnalisisSasaran.objects.select_for_update().get_or_create(
                        laporan=laporan, sasaran_kode=sasaran_kode
                    )
                )
            current = int(target.versi_isian.get(bagian, 0))
            if current != versi:
                raise _konflik(getattr(target, bagian))
            setattr(target, bagian, isi)
            target.versi_isian = {**target.versi_isian, bagian: current + 1}
            target._history_user = user
            target.save()
    except IntegrityError:
        # Two first saves at once: the other one's insert won the unique
        # constraint, so this save reports it as a change by someone else.
        laporan = laporan_get(unit=unit, tahun=tahun)
        raise _konflik(_current_text(laporan, bagian, sasaran_kode)) from None
    return laporan


def _konflik(terkini: str) -> KonflikVersi:
    return KonflikVersi(
        _(
            "Bagian ini telah diubah oleh orang lain sejak Anda membukanya, "
            "sehingga isian Anda belum disimpan. Isi terkini ditampilkan di bawah "
            "formulir; gabungkan dengan isian Anda, lalu simpan lagi."
        ),
        terkini=terkini,
    )


def _current_text(
    laporan: LaporanKinerja | None, bagian: str, sasaran_kode: str | None
) -> str:
    if laporan is None:
        return ""
    if sasaran_kode is None:
        return getattr(laporan, bagian)
    row = laporan.analisis.filter(sasaran_kode=sasaran_kode).first()
    return "" if row is None else getattr(row, bagian)


def _lock_or_create(*, unit: Unit, tahun: int, user: Pengguna) -> LaporanKinerja:
    laporan = (
        LaporanKinerja.objects.select_for_update()
        .filter(unit=unit, tahun=tahun)
        .first()
    )
    if laporan is None:
        laporan = LaporanKinerja(unit=unit, tahun=tahun)
        laporan._history_user = user
        laporan.save()
    return laporan


def _ensure_draft(laporan: LaporanKinerja) -> None:
    if laporan.is_ditetapkan:
        raise ValidationError(
            _(
                "LKjIP %(unit)s %(tahun)s sudah ditetapkan, sehingga tidak dapat "
                "diubah. Buat revisi untuk mengoreksinya."
            )
            % {"unit": laporan.unit.nama, "tahun": laporan.tahun},
            code="ditetapkan",
        )


# Adopting, publishing, revising

# The chapters an LKjIP may not be adopted without, named as in the outline
# of PermenPAN-RB 53/2014.
BAGIAN_WAJIB = {
    "ikhtisar": gettext_lazy("Ikhtisar Eksekutif"),
    "pendahuluan": gettext_lazy("Bab I Pendahuluan"),
    "penutup": gettext_lazy("Bab IV Penutup"),
}


def bagian_wajib_kosong(narasi: dict) -> list[str]:
    """Return the names of the chapters of ``narasi`` (``narasi_for``) that
    must be written before adoption and are empty."""
    return [
        str(nama)
        for bagian, nama in BAGIAN_WAJIB.items()
        if not narasi.get(bagian, "").strip()
    ]


def analisis_kosong(data: dict, narasi: dict) -> list[str]:
    """Return, for each sasaran of ``data`` with empty analysis sections in
    ``narasi``, a line naming the sasaran and those sections. Adoption is
    allowed with them empty; the adoption form lists them as a warning."""
    labels = {
        bagian: str(AnalisisSasaran._meta.get_field(bagian).verbose_name)
        for bagian in BAGIAN_ANALISIS
    }
    analisis = narasi.get("analisis", {})
    lines = []
    for sasaran in data.get("sasaran", []):
        fields = analisis.get(sasaran["kode"], {})
        kosong = [
            labels[bagian]
            for bagian in BAGIAN_ANALISIS
            if not fields.get(bagian, "").strip()
        ]
        if kosong:
            lines.append(
                _("%(sasaran)s: %(bagian)s")
                % {
                    "sasaran": sasaran.get("uraian") or sasaran["kode"],
                    "bagian": ", ".join(kosong),
                }
            )
    return lines


def laporan_tetapkan(*, user: Pengguna, unit: Unit, tahun: int) -> LaporanKinerja:
    """Adopt the LKjIP of ``unit`` for ``tahun``: store its data and narrative
    of this moment, dated today, and render only those from now on.

    The data is computed before the row is locked, because it reads many
    tables; a second click finds the LKjIP adopted and is rejected.
    """
    if not can_adopt(user, unit):
        raise PermissionDenied(_pesan_penetap(unit))
    data = live_data(unit=unit, tahun=tahun)
    narasi = narasi_for(unit, tahun, data=data)
    kosong = bagian_wajib_kosong(narasi)
    if kosong:
        raise ValidationError(
            _(
                "LKjIP belum dapat ditetapkan karena bagian berikut masih kosong: "
                "%(bagian)s. Isi bagian itu lebih dulu."
            )
            % {"bagian": ", ".join(kosong)},
            code="bagian_kosong",
        )
    now = timezone.now()
    data = {**data, "status": Status.DITETAPKAN, "tanggal": _iso(now)}

    with transaction.atomic():
        laporan = _lock_or_create(unit=unit, tahun=tahun, user=user)
        if laporan.is_ditetapkan:
            raise ValidationError(
                _("LKjIP %(unit)s %(tahun)s sudah ditetapkan.")
                % {"unit": unit.nama, "tahun": tahun},
                code="ditetapkan",
            )
        laporan.status = Status.DITETAPKAN
        laporan.isi_beku = data
        laporan.narasi_beku = narasi
        laporan.ditetapkan_pada = now
        laporan.ditetapkan_oleh = user
        laporan._history_user = user
        laporan._change_reason = _("Ditetapkan")
        laporan.save()
    logger.info("LKjIP %s %s adopted by %s", unit.kode, tahun, user)
    return laporan


def laporan_publikasikan(
    *, user: Pengguna, laporan: LaporanKinerja, dipublikasikan: bool
) -> LaporanKinerja:
    """Show or hide an adopted LKjIP on the public portal."""
    if not user.has_perm("pelaporan.publikasikan_lkjip", laporan.unit):
        raise PermissionDenied(_pesan_penetap(laporan.unit))
    with transaction.atomic():
        current = LaporanKinerja.objects.select_for_update().get(pk=laporan.pk)
        if dipublikasikan and not current.is_ditetapkan:
            raise ValidationError(
                _("Hanya LKjIP yang sudah ditetapkan yang dapat dipublikasikan."),
                code="belum_ditetapkan",
            )
        current.dipublikasikan = dipublikasikan
        current._history_user = user
        current._change_reason = (
            _("Dipublikasikan") if dipublikasikan else _("Publikasi dihentikan")
        )
        current.save()
    return current


def revisi_buat(
    *,
    user: Pengguna,
    laporan: LaporanKinerja,
    alasan: str,
    tanggal: datetime.date | None = None,
) -> RevisiLaporanKinerja:
    """Make a dated revision of an adopted LKjIP from the live data of now,
    with the adopted narrative; the original stays as it was adopted.
    ``alasan`` is required; ``tanggal`` defaults to today and may be neither
    before the adoption or the newest revision nor after today."""
    unit = laporan.unit
    if not user.has_perm("pelaporan.revisi_lkjip", unit):
        raise PermissionDenied(_pesan_penetap(unit))
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": _("Alasan revisi wajib diisi.")})
    if not laporan.is_ditetapkan:
        raise ValidationError(
            _("LKjIP yang belum ditetapkan diperbaiki langsung, tanpa revisi."),
            code="belum_ditetapkan",
        )
    tanggal = tanggal or timezone.localdate()
    data = live_data(unit=unit, tahun=laporan.tahun)
    # The narrative stays the one adopted: a revision corrects the numbers.
    narasi = laporan.narasi_beku

    with transaction.atomic():
        LaporanKinerja.objects.select_for_update().get(pk=laporan.pk)
        _check_tanggal_revisi(laporan, tanggal)
        nomor = (laporan.revisi.aggregate(nomor=Max("nomor"))["nomor"] or 0) + 1
        data = {
            **data,
            "status": Status.DITETAPKAN,
            "tanggal": tanggal.isoformat(),
            "revisi": {
                "nomor": nomor,
                "tanggal": tanggal.isoformat(),
                "alasan": alasan,
            },
        }
        revisi = RevisiLaporanKinerja(
            laporan=laporan,
            nomor=nomor,
            tanggal=tanggal,
            alasan=alasan,
            isi_beku=data,
            narasi_beku=narasi,
            dibuat_oleh=user,
        )
        revisi._history_user = user
        revisi.save()
    logger.info(
        "LKjIP %s %s revision %s made by %s", unit.kode, laporan.tahun, nomor, user
    )
    return revisi


def _check_tanggal_revisi(laporan: LaporanKinerja, tanggal: datetime.date) -> None:
    """Reject a revision date before the adoption, before the newest revision,
    or after today."""
    today = timezone.localdate()
    if tanggal > today:
        raise ValidationError(
            {
                "tanggal": _(
                    "Tanggal revisi %(tanggal)s sesudah hari ini; isi tanggal "
                    "hari ini atau sebelumnya."
                )
                % {"tanggal": date_format(tanggal)}
            }
        )
    ditetapkan = laporan.ditetapkan_pada and timezone.localdate(laporan.ditetapkan_pada)
    if ditetapkan and tanggal < ditetapkan:
        raise ValidationError(
            {
                "tanggal": _(
                    "Tanggal revisi %(tanggal)s sebelum LKjIP ini ditetapkan "
                    "(%(ditetapkan)s); isi tanggal penetapan atau sesudahnya."
                )
                % {
                    "tanggal": date_format(tanggal),
                    "ditetapkan": date_format(ditetapkan),
                }
            }
        )
    terakhir = laporan.revisi.order_by("-nomor").first()
    if terakhir is not None and tanggal < terakhir.tanggal:
        raise ValidationError(
            {
                "tanggal": _(
                    "Tanggal revisi %(tanggal)s sebelum revisi %(nomor)s "
                    "(%(sebelumnya)s); isi tanggal revisi terakhir atau sesudahnya."
                )
                % {
                    "tanggal": date_format(tanggal),
                    "nomor": terakhir.nomor,
                    "sebelumnya": date_format(terakhir.tanggal),
                }
            }
        )


def _pesan_penetap(unit: Unit) -> str:
    if unit.jenis == Unit.Jenis.PEMDA:
        return _("Hanya Admin Bappeda yang dapat menetapkan LKjIP Pemda.")
    return _(
        "Hanya Kepala OPD unit ini atau Admin Bappeda yang dapat menetapkan LKjIP."
    )


def _iso(moment: datetime.datetime) -> str:
    return timezone.localdate(moment).isoformat()


@dataclass
class PerbedaanCapaian:
    """One indikator's capaian in the adopted LKjIP and in a revision."""

    kode: str
    uraian: str
    target_lama: str | None
    target_baru: str | None
    realisasi_lama: str | None
    realisasi_baru: str | None
    capaian_lama: str | None
    capaian_baru: str | None

    @property
    def berubah(self) -> bool:
        return (self.target_lama, self.realisasi_lama, self.capaian_lama) != (
            self.target_baru,
            self.realisasi_baru,
            self.capaian_baru,
        )


def perbedaan_capaian(lama: dict, baru: dict) -> list[PerbedaanCapaian]:
    """Compare the capaian of every indikator of two frozen LKjIPs, matched by
    kode, in the order of ``baru`` then those only in ``lama``."""
    before = _indikator_by_kode(lama)
    after = _indikator_by_kode(baru)
    rows = []
    for kode in [*after, *(kode for kode in before if kode not in after)]:
        old = before.get(kode, {})
        new = after.get(kode, {})
        rows.append(
            PerbedaanCapaian(
                kode=kode,
                uraian=new.get("uraian") or old.get("uraian", ""),
                target_lama=old.get("target_teks"),
                target_baru=new.get("target_teks"),
                realisasi_lama=old.get("realisasi_teks"),
                realisasi_baru=new.get("realisasi_teks"),
                capaian_lama=old.get("capaian_2dp"),
                capaian_baru=new.get("capaian_2dp"),
            )
        )
    return rows


def _indikator_by_kode(data: dict) -> dict[str, dict]:
    return {
        indikator["kode"]: indikator
        for sasaran in data.get("sasaran", [])
        for indikator in sasaran.get("indikator", [])
    }


# Building the LKjIP of every OPD


def paket_buat(*, user: Pengguna, tahun: int, format: str) -> PaketLaporanKinerja:
    """Create a job that renders the LKjIP of the Pemda and every OPD for
    ``tahun`` into one ZIP, and queue it once the row is committed."""
    from .tasks import run_paket_laporan

    if not user.has_perm("pelaporan.buat_paket_lkjip"):
        raise PermissionDenied(
            _("Hanya Admin Bappeda yang dapat membuat LKjIP semua OPD.")
        )
    if format not in CONTENT_TYPES:
        raise ValidationError({"format": _("Pilih format DOCX atau PDF.")})
    paket = PaketLaporanKinerja.objects.create(
        tahun=tahun, format=format, dibuat_oleh=user, tahap=_("Menunggu giliran")
    )
    logger.info("LKjIP job %s queued for %s (%s) by %s", paket.pk, tahun, format, user)
    # A worker that picked the task before the commit would not find the row.
    transaction.on_commit(lambda: run_paket_laporan.enqueue(paket.pk))
    return paket


def paket_units() -> list[Unit]:
    """Return the Pemda, then every OPD in their order."""
    pemda = list(Unit.objects.filter(jenis=Unit.Jenis.PEMDA))
    return pemda + list(Unit.objects.perangkat_daerah().order_by("urutan", "kode"))


def paket_run(*, paket_id: int) -> None:
    """Run the job ``paket_id``: render each unit's LKjIP (the frozen one
    where adopted) into a ZIP, store it, and write the progress as it goes.

    Each progress write is its own autocommitted UPDATE, so the page that
    polls the job reads it at once. A failure is stored on the job, with the
    unit and the error, logged and raised again for the task's own record.
    """
    # NOTE: a job whose worker dies while it runs stays "berjalan"; nothing
    # marks it as failed later.
    paket = PaketLaporanKinerja.objects.get(pk=paket_id)
    jobs = PaketLaporanKinerja.objects.filter(pk=paket_id)
    if paket.status != PaketLaporanKinerja.Status.MENUNGGU:
        logger.warning("LKjIP job %s is %s, not run again", paket_id, paket.status)
        return
    jobs.update(status=PaketLaporanKinerja.Status.BERJALAN, progres=0)
    logger.info("LKjIP job %s started", paket_id)
    units = paket_units()
    unit = None
    try:
        with tempfile.TemporaryFile() as handle:
            with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
                for nomor, unit in enumerate(units):
                    jobs.update(
                        progres=nomor * 100 // len(units),
                        tahap=_("Membuat LKjIP %(unit)s (%(nomor)s dari %(jumlah)s)")
                        % {"unit": unit.nama, "nomor": nomor + 1, "jumlah": len(units)},
                    )
                    data, narasi, _laporan = laporan_isi(unit=unit, tahun=paket.tahun)
                    content = render_dokumen(data, narasi, format=paket.format)
                    archive.writestr(nama_berkas(data, format=paket.format), content)
            unit = None
            handle.seek(0)
            paket.berkas.save(paket.nama_berkas, File(handle), save=False)
    except Exception as error:
        logger.exception(
            "LKjIP job %s failed at unit %s", paket_id, getattr(unit, "kode", "-")
        )
        jobs.update(
            status=PaketLaporanKinerja.Status.GAGAL,
            tahap=_("Gagal"),
            pesan_galat=_pesan_galat(unit, error),
            selesai_pada=timezone.now(),
        )
        raise

    jobs.update(
        status=PaketLaporanKinerja.Status.BERHASIL,
        progres=100,
        tahap=_("Selesai"),
        berkas=paket.berkas.name,
        jumlah_laporan=len(units),
        selesai_pada=timezone.now(),
    )
    logger.info("LKjIP job %s finished: %d documents", paket_id, len(units))


def _pesan_galat(unit: Unit | None, error: Exception) -> str:
    detail = f"{type(error).__name__}: {error}"
    if unit is None:
        return _("Penyimpanan berkas ZIP gagal: %(galat)s") % {"galat": detail}
    return _("Pembuatan LKjIP %(unit)s gagal: %(galat)s") % {
        "unit": unit.nama,
        "galat": detail,
    }
