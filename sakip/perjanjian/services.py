"""Changes to Perjanjian Kinerja: create from the source plan, change a
target, sign, and make a perubahan.

Each function checks the permission, makes the change and records it, in
that order and in one transaction. Rows are written with
``bulk_create_with_history``, so creating a PK takes a fixed number of
queries whatever its number of rows.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from sakip.core.tahun import ensure_tahun_terbuka
from sakip.core.templatetags.sakip_format import angka, nilai_target
from sakip.organisasi.models import Peran, Unit
from sakip.perencanaan.editing import check_nilai
from sakip.perencanaan.kode import unique_kodes
from sakip.perencanaan.models import (
    Dokumen,
    Elemen,
    Indikator,
    RiwayatStatusDokumen,
    Target,
)
from sakip.perencanaan.nilai import check_nilai_indikator
from sakip.perencanaan.selectors import dokumen_berlaku_list
from sakip.perencanaan.services import versi_label

from . import dokumen as dokumen_pk
from . import selectors, tautan
from .models import BarisAnggaranPK, BarisPK, Jabatan, Level, PerjanjianKinerja
from .selectors import pejabat_pada, perjanjian_berlaku, target_values

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna

# The kind of unit each level belongs to, and the level of its pihak kedua.
JENIS_UNIT = {
    Level.KEPALA_DAERAH: Unit.Jenis.PEMDA,
    Level.KEPALA_OPD: Unit.Jenis.PERANGKAT_DAERAH,
    Level.KEPALA_BIDANG: Unit.Jenis.BIDANG,
    Level.PPTK: Unit.Jenis.BIDANG,
}
LEVEL_ATASAN = {
    Level.KEPALA_OPD: Level.KEPALA_DAERAH,
    Level.KEPALA_BIDANG: Level.KEPALA_OPD,
    Level.PPTK: Level.KEPALA_BIDANG,
}

AWALAN_PENUGASAN = {"plt": "Plt. ", "plh": "Plh. "}
TARGET_FIELDS = ("nilai", "nilai_skala", "batas_bawah", "batas_atas")


def pk_buat_dari_sumber(
    *,
    level: str,
    unit: Unit,
    tahun: int,
    user: Pengguna,
    tanggal: datetime.date,
) -> PerjanjianKinerja:
    """Create the draft PK of ``level`` for ``unit`` and ``tahun`` from its
    source plan, with one row per source indikator and that indikator's
    target of the year copied as the PK's target.

    The Kepala Daerah's rows come from the RKPD's sasaran. The others come
    from the OPD's Renja: its sasaran IKU for the Kepala OPD, the programs
    whose unit penanggung jawab is the bidang for the Kepala Bidang, and the
    kegiatan and sub kegiatan of that bidang for the PPTK. The signatories are those who
    held the posts on ``tanggal``. Each row is linked to the row of the
    superior's PK that it supports when that PK exists (``tautan``).
    """
    _ensure_can_edit_unit(user, unit)
    if level not in Level.values:
        raise ValidationError(
            {
                "level": _("Level PK %(level)s tidak dikenal; pilih %(pilihan)s.")
                % {"level": level, "pilihan": ", ".join(Level.values)}
            }
        )
    if unit.jenis != JENIS_UNIT[level]:
        raise ValidationError(
            {
                "unit": _("PK %(level)s dibuat untuk unit berjenis %(jenis)s.")
                % {
                    "level": Level(level).label,
                    "jenis": Unit.Jenis(JENIS_UNIT[level]).label,
                }
            }
        )
    ada = perjanjian_berlaku(level=level, unit_id=unit.pk, tahun=tahun)
    if ada is not None:
        values = {
            "unit": unit.nama,
            "level": Level(level).label,
            "tahun": tahun,
            "kode": ada.dokumen.kode,
        }
        if ada.is_ditandatangani:
            message = _(
                "%(unit)s sudah memiliki PK %(level)s tahun %(tahun)s (%(kode)s), "
                "yang sudah ditandatangani. Untuk mengubahnya, buat perubahan PK "
                "di halaman PK itu."
            )
        else:
            message = _(
                "%(unit)s sudah memiliki PK %(level)s tahun %(tahun)s (%(kode)s), "
                "yang masih draft. Ubah targetnya di halaman PK itu."
            )
        raise ValidationError(message % values, code="pk_sudah_ada")
    sumber = _find_sumber(level=level, unit=unit, tahun=tahun)
    pihak = _resolve_pihak(level=level, unit=unit, tanggal=tanggal)
    indikator_list = _source_indikator(level=level, unit=unit, sumber=sumber)

    with transaction.atomic():
        dokumen = _create_dokumen(
            kode=f"PK-{unit.kode}-{level}-{tahun}",
            nama=_("PK %(level)s %(unit)s %(tahun)s")
            % {"level": Level(level).label, "unit": unit.nama, "tahun": tahun},
            unit=unit,
            tahun=tahun,
            user=user,
        )
        perjanjian = PerjanjianKinerja(
            dokumen=dokumen,
            level=level,
            unit=unit,
            tahun=tahun,
            tanggal=tanggal,
            sumber=sumber,
            **pihak,
        )
        perjanjian._history_user = user
        perjanjian.save()

        sumber_target = {
            t.indikator_id: t
            for t in Target.objects.filter(
                indikator__in=indikator_list,
                dokumen=sumber,
                tahun=tahun,
                periode="tahunan",
            )
        }
        targets = [
            _copy_target(sumber_target.get(i.pk), indikator=i, dokumen=dokumen)
            for i in indikator_list
        ]
        created = bulk_create_with_history(targets, Target, default_user=user)
        mendukung = tautan.find_baris_atasan(
            perjanjian=perjanjian, indikator_list=indikator_list
        )
        baris = [
            BarisPK(
                perjanjian=perjanjian,
                indikator=indikator,
                target=target,
                target_sumber=sumber_target.get(indikator.pk),
                mendukung_id=mendukung.get(indikator.pk),
                urutan=nomor,
            )
            for nomor, (indikator, target) in enumerate(
                zip(indikator_list, created, strict=True)
            )
        ]
        bulk_create_with_history(baris, BarisPK, default_user=user)
        RiwayatStatusDokumen.objects.create(
            dokumen=dokumen, ke=Dokumen.Status.DRAFT, oleh=user
        )
    return perjanjian


def can_edit(*, user: Pengguna, perjanjian: PerjanjianKinerja) -> bool:
    """Return whether ``user`` may change the targets of ``perjanjian`` while
    it is a draft: Admin Bappeda, or an Operator OPD of its unit's OPD."""
    return Unit.objects.editable_by(user).filter(pk=perjanjian.unit_id).exists()


def pk_ubah_target(
    *,
    baris: BarisPK,
    user: Pengguna,
    alasan: str,
    nilai: Decimal | None = None,
    nilai_skala: str = "",
    batas_bawah: Decimal | None = None,
    batas_atas: Decimal | None = None,
    versi: str | None = None,
) -> BarisPK:
    """Set the PK target of ``baris``: a number, a value of the indikator's
    scale, or the two bounds of a rentang, as the indikator takes. A target
    other than the source document's needs ``alasan``. Only a draft PK
    changes.

    With ``versi`` (``selectors.target_version`` when the form was opened),
    the change is rejected when someone else saved the row since then."""
    perjanjian = baris.perjanjian
    _ensure_can_edit_unit(user, perjanjian.unit)
    _ensure_draft(perjanjian)
    baru = Target(
        nilai=nilai,
        nilai_skala=(nilai_skala or "").strip(),
        batas_bawah=batas_bawah,
        batas_atas=batas_atas,
    )
    _validate_target(baris.indikator, baru)
    alasan = (alasan or "").strip()
    berbeda = target_values(baru) != target_values(baris.target_sumber)
    if berbeda and not alasan:
        raise ValidationError(
            {
                "alasan": _(
                    "Target PK berbeda dengan target dokumen sumber (%(sumber)s), "
                    "sehingga alasannya wajib diisi."
                )
                % {"sumber": nilai_target(baris.target_sumber)}
            }
        )

    with transaction.atomic():
        baris = (
            BarisPK.objects.select_for_update()
            .select_related("target")
            .get(pk=baris.pk)
        )
        if versi is not None and versi != selectors.target_version(baris):
            raise ValidationError(
                _(
                    "Target ini telah diubah oleh orang lain sejak formulir dibuka, "
                    "sehingga perubahan Anda tidak disimpan. Muat ulang halaman "
                    "untuk melihat targetnya sekarang, lalu ulangi perubahan Anda."
                ),
                code="versi_berubah",
            )
        target = baris.target
        for field in TARGET_FIELDS:
            setattr(target, field, getattr(baru, field))
        target._history_user = user
        target.save()
        baris.alasan_perubahan_target = alasan if berbeda else ""
        baris._history_user = user
        baris.save()
    return baris


def _validate_target(indikator: Indikator, target: Target) -> None:
    """Raise ValidationError, on the form field concerned, unless ``target``
    fits ``indikator``: a value of its scale, two ordered bounds for a
    rentang, else one number, of the sign and unit its realisation may have."""
    for field in ("nilai", "batas_bawah", "batas_atas"):
        check_nilai(getattr(target, field), field)
        pesan = check_nilai_indikator(
            getattr(target, field),
            satuan=indikator.satuan,
            uraian=indikator.uraian,
            jenis="target",
        )
        if pesan is not None:
            raise ValidationError({field: pesan.render(_)}, code=pesan.kode)
    angka_diisi = [
        field
        for field in ("nilai", "batas_bawah", "batas_atas")
        if getattr(target, field) is not None
    ]
    if indikator.skala_id is not None:
        pilihan = list(indikator.skala.nilai.values_list("nilai", flat=True))
        if angka_diisi or target.nilai_skala not in pilihan:
            raise ValidationError(
                {
                    "nilai_skala": _(
                        "Pilih salah satu nilai skala %(skala)s: %(pilihan)s."
                    )
                    % {"skala": indikator.skala.nama, "pilihan": ", ".join(pilihan)}
                }
            )
        return
    if target.nilai_skala:
        raise ValidationError(
            {"nilai": _("Nilai skala hanya untuk indikator berskala.")}
        )
    if indikator.polaritas == Indikator.Polaritas.RENTANG:
        if target.nilai is not None:
            raise ValidationError(
                {
                    "batas_bawah": _(
                        "Target indikator rentang diisi batas bawah dan batas "
                        "atas, bukan satu nilai."
                    )
                }
            )
        for field in ("batas_bawah", "batas_atas"):
            if getattr(target, field) is None:
                raise ValidationError(
                    {field: _("Isi batas bawah dan batas atas target rentang.")}
                )
        if target.batas_bawah > target.batas_atas:
            raise ValidationError(
                {
                    "batas_atas": _(
                        "Batas atas (%(atas)s) lebih kecil daripada batas bawah "
                        "(%(bawah)s)."
                    )
                    % {
                        "atas": angka(target.batas_atas),
                        "bawah": angka(target.batas_bawah),
                    }
                }
            )
        return
    if target.batas_bawah is not None or target.batas_atas is not None:
        raise ValidationError(
            {"nilai": _("Batas bawah dan atas hanya untuk indikator rentang.")}
        )
    if target.nilai is None:
        raise ValidationError({"nilai": _("Target PK wajib diisi.")})


def can_sign(user: Pengguna, perjanjian: PerjanjianKinerja) -> bool:
    """Return whether ``user`` may sign: Admin Bappeda, or a Kepala OPD of the OPD
    that the PK's unit belongs to (the Kepala Daerah's PK: Admin only)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_admin_bappeda:
        return True
    unit_opd_id = perjanjian.unit.opd_id
    return (
        user.peran == Peran.KEPALA_OPD
        and unit_opd_id is not None
        and user.opd_id == unit_opd_id
    )


def pk_tandatangani(
    *, perjanjian: PerjanjianKinerja, user: Pengguna, base_url: str = ""
) -> None:
    """Mark ``perjanjian`` as signed now; from then on it is read-only.

    The PDF is generated once, here, with the QR code of the verification
    page (absolute when ``base_url``, the site's scheme and host, is given),
    and stored with its SHA-256 so that a copy can be checked against it.

    The budget table is frozen first (``BarisAnggaranPK``), so the PDF, the
    page and the DOCX show the pagu of the signing day whatever the DPA
    imports after it. The document becomes ditetapkan, so the model-level
    check of ``Target`` rejects any later change. The conditional UPDATE is
    the check against a double submit: the second request finds no draft and
    is rejected.
    """
    ensure_tahun_terbuka(perjanjian.tahun)
    if not can_sign(user, perjanjian):
        raise PermissionDenied(
            _(
                "Hanya Kepala OPD dari unit pihak pertama atau Admin Bappeda yang "
                "dapat menandatangani PK ini."
            )
        )
    now = timezone.now()
    with transaction.atomic():
        updated = PerjanjianKinerja.objects.filter(
            pk=perjanjian.pk, status=PerjanjianKinerja.Status.DRAFT
        ).update(
            status=PerjanjianKinerja.Status.DITANDATANGANI,
            ditandatangani_pada=now,
            ditandatangani_oleh=user,
        )
        if not updated:
            raise ValidationError(
                _(
                    "PK %(kode)s sudah ditandatangani. Muat ulang halaman untuk "
                    "melihat statusnya sekarang."
                )
                % {"kode": perjanjian.dokumen.kode},
                code="sudah_ditandatangani",
            )
        dokumen = perjanjian.dokumen
        old_status = dokumen.status
        Dokumen.objects.filter(pk=dokumen.pk).update(status=Dokumen.Status.DITETAPKAN)
        perjanjian.refresh_from_db()
        dokumen.refresh_from_db()
        _freeze_anggaran(perjanjian, user=user)
        _store_berkas(perjanjian, base_url=base_url)
        PerjanjianKinerja.history.bulk_history_create(
            [perjanjian], update=True, default_user=user, default_date=now
        )
        Dokumen.history.bulk_history_create(
            [dokumen],
            update=True,
            default_user=user,
            default_change_reason=_("Ditandatangani"),
            default_date=now,
        )
        RiwayatStatusDokumen.objects.create(
            dokumen=dokumen,
            dari=old_status,
            ke=Dokumen.Status.DITETAPKAN,
            oleh=user,
            pada=now,
            alasan=_("PK ditandatangani"),
        )


def pk_buat_perubahan(
    *,
    perjanjian: PerjanjianKinerja,
    alasan: str,
    user: Pengguna,
    tanggal: datetime.date | None = None,
) -> PerjanjianKinerja:
    """Make a new draft version of a signed PK with the same rows and
    targets; the signed one stays readable. ``alasan`` is required (APBD-P, a
    change of official, of program …). With ``tanggal`` the new version is
    dated then and names the officials of that date, otherwise it keeps the
    signatories and date of ``perjanjian``."""
    _ensure_can_edit_unit(user, perjanjian.unit)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": _("Alasan perubahan wajib diisi.")})
    if not perjanjian.is_ditandatangani:
        raise ValidationError(
            _("PK yang belum ditandatangani diubah langsung, tanpa perubahan.")
        )
    lama = perjanjian.dokumen
    if Dokumen.objects.filter(versi_sebelumnya=lama).exists():
        raise ValidationError(_("PK ini sudah memiliki versi perubahan."))
    nomor = _version_number(lama) + 1
    changes = {}
    if tanggal is not None:
        changes = _resolve_pihak(
            level=perjanjian.level, unit=perjanjian.unit, tanggal=tanggal
        )
        changes["tanggal"] = tanggal

    with transaction.atomic():
        dokumen = _create_dokumen(
            kode=f"{lama.kode}-P{nomor}",
            nama=f"{lama.nama} ({versi_label(nomor)})",
            unit=perjanjian.unit,
            tahun=perjanjian.tahun,
            user=user,
            versi=versi_label(nomor),
            versi_sebelumnya=lama,
            alasan_perubahan=alasan,
        )
        values = {
            field.attname: getattr(perjanjian, field.attname)
            for field in PerjanjianKinerja._meta.concrete_fields
            if field.name
            not in {
                "id",
                "dokumen",
                "status",
                "ditandatangani_pada",
                "ditandatangani_oleh",
                "berkas",
                "berkas_sha256",
                "kode_verifikasi",
            }
        }
        values.update(changes)
        baru = PerjanjianKinerja(dokumen=dokumen, **values)
        baru._history_user = user
        baru.save()

        baris_lama = _in_tree_order(
            BarisPK.objects.filter(perjanjian=perjanjian).select_related(
                "target", "indikator"
            ),
            sumber=perjanjian.sumber,
        )
        targets = [
            _copy_target(b.target, indikator=b.indikator, dokumen=dokumen)
            for b in baris_lama
        ]
        created = bulk_create_with_history(targets, Target, default_user=user)
        salinan = [
            BarisPK(
                perjanjian=baru,
                indikator_id=b.indikator_id,
                target=target,
                target_sumber_id=b.target_sumber_id,
                mendukung_id=b.mendukung_id,
                alasan_perubahan_target=b.alasan_perubahan_target,
                asal=b,
                urutan=nomor,
            )
            for nomor, (b, target) in enumerate(zip(baris_lama, created, strict=True))
        ]
        bulk_create_with_history(salinan, BarisPK, default_user=user)
        RiwayatStatusDokumen.objects.create(
            dokumen=dokumen, ke=Dokumen.Status.DRAFT, oleh=user, alasan=alasan
        )
    return baru


def _freeze_anggaran(perjanjian: PerjanjianKinerja, *, user: Pengguna) -> None:
    baris = selectors.baris_list(perjanjian=perjanjian)
    rows = selectors.compute_anggaran_list(perjanjian=perjanjian, baris=baris)
    frozen = [
        BarisAnggaranPK(
            perjanjian=perjanjian,
            elemen=row.elemen,
            nomenklatur=row.nomenklatur,
            uraian=row.uraian,
            pagu=row.pagu,
            urutan=nomor,
        )
        for nomor, row in enumerate(rows)
    ]
    bulk_create_with_history(frozen, BarisAnggaranPK, default_user=user)


def _store_berkas(perjanjian: PerjanjianKinerja, *, base_url: str) -> None:
    pdf = dokumen_pk.render_pk_pdf(perjanjian, base_url=base_url, with_qr=True)
    # The storage may rename the file when the name is taken, so the name it
    # returns is the one stored. An UPDATE, not save(), because the caller
    # writes the one history record of the signing.
    perjanjian.berkas.save(
        f"{perjanjian.kode_verifikasi}.pdf", ContentFile(pdf), save=False
    )
    perjanjian.berkas_sha256 = dokumen_pk.sha256_of([pdf])
    PerjanjianKinerja.objects.filter(pk=perjanjian.pk).update(
        berkas=perjanjian.berkas.name, berkas_sha256=perjanjian.berkas_sha256
    )


def _ensure_can_edit_unit(user: Pengguna, unit: Unit) -> None:
    if not Unit.objects.editable_by(user).filter(pk=unit.pk).exists():
        raise PermissionDenied(
            _("Hanya Admin Bappeda atau Operator OPD unit ini yang dapat mengubah PK.")
        )


def _ensure_draft(perjanjian: PerjanjianKinerja) -> None:
    current = (
        PerjanjianKinerja.objects.filter(pk=perjanjian.pk)
        .values_list("status", flat=True)
        .first()
    )
    if current != PerjanjianKinerja.Status.DRAFT:
        raise ValidationError(
            _(
                "PK %(kode)s sudah ditandatangani, sehingga tidak dapat diubah. "
                "Buat perubahan PK untuk mengubahnya."
            )
            % {"kode": perjanjian.dokumen.kode},
            code="pk_ditandatangani",
        )


def _find_sumber(*, level: str, unit: Unit, tahun: int) -> Dokumen:
    if level == Level.KEPALA_DAERAH:
        jenis, owner = Dokumen.Jenis.RKPD, unit
    else:
        jenis, owner = Dokumen.Jenis.RENJA, Unit.objects.get(pk=unit.opd_id)
    sumber = dokumen_berlaku_list(jenis=jenis, tahun=tahun, unit=owner).first()
    if sumber is None:
        raise ValidationError(
            _("%(unit)s belum memiliki %(jenis)s tahun %(tahun)s.")
            % {"unit": owner.nama, "jenis": Dokumen.Jenis(jenis).label, "tahun": tahun}
        )
    return sumber


def _source_indikator(*, level: str, unit: Unit, sumber: Dokumen) -> list[Indikator]:
    indikator = Indikator.objects.filter(elemen__dokumen=sumber)
    if level in (Level.KEPALA_DAERAH, Level.KEPALA_OPD):
        indikator = indikator.filter(elemen__jenis=Elemen.Jenis.SASARAN)
    if level == Level.KEPALA_OPD:
        indikator = indikator.filter(iku=True)
    elif level == Level.KEPALA_BIDANG:
        indikator = indikator.filter(
            elemen__jenis=Elemen.Jenis.PROGRAM, elemen__unit_pj=unit
        )
    elif level == Level.PPTK:
        indikator = indikator.filter(
            elemen__jenis__in=[Elemen.Jenis.KEGIATAN, Elemen.Jenis.SUB_KEGIATAN],
            elemen__unit_pj=unit,
        )
    result = _in_tree_order(indikator.select_related("elemen"), sumber=sumber)
    if not result:
        raise ValidationError(
            _("%(sumber)s tidak memiliki indikator untuk PK %(level)s %(unit)s.")
            % {"sumber": sumber.kode, "level": Level(level).label, "unit": unit.nama}
        )
    return result


def _in_tree_order(rows, *, sumber: Dokumen) -> list:
    """Sort Indikator or BarisPK ``rows`` in the order of ``sumber``'s tree:
    each kegiatan followed by its own sub kegiatan, and a program before its
    kegiatan. Indikator of one elemen follow their ``urutan`` and ``kode``."""
    keys = selectors.tree_keys(
        Elemen.objects.filter(dokumen=sumber).only("pk", "induk_id", "urutan", "kode")
    )

    def key(row) -> tuple:
        indikator = row if isinstance(row, Indikator) else row.indikator
        return (keys.get(indikator.elemen_id, ()), indikator.urutan, indikator.kode)

    return sorted(rows, key=key)


def _resolve_pihak(*, level: str, unit: Unit, tanggal: datetime.date) -> dict:
    """Return the two signatories' posts, names and NIP on ``tanggal``."""
    values = {}
    pertama = _holder(level=level, unit=unit, tanggal=tanggal)
    values.update(_pihak_fields("pihak_pertama", *pertama))
    atasan_level = LEVEL_ATASAN.get(level)
    if atasan_level is not None:
        if atasan_level == Level.KEPALA_DAERAH:
            atasan_unit = Unit.objects.get(jenis=Unit.Jenis.PEMDA)
        elif atasan_level == Level.KEPALA_OPD:
            atasan_unit = unit.opd
        else:
            atasan_unit = unit
        kedua = _holder(level=atasan_level, unit=atasan_unit, tanggal=tanggal)
        values.update(_pihak_fields("pihak_kedua", *kedua))
    return values


def _holder(*, level: str, unit: Unit, tanggal: datetime.date):
    jabatan = Jabatan.objects.filter(unit=unit, level=level).first()
    if jabatan is None:
        raise ValidationError(
            _("Jabatan %(level)s di %(unit)s belum dicatat.")
            % {"level": Level(level).label, "unit": unit.nama}
        )
    penugasan = pejabat_pada(jabatan=jabatan, tanggal=tanggal)
    if penugasan is None:
        raise ValidationError(
            _("Tidak ada pejabat yang memegang jabatan %(jabatan)s pada %(tanggal)s.")
            % {"jabatan": jabatan.nama, "tanggal": date_format(tanggal, "j F Y")}
        )
    return jabatan, penugasan


def _pihak_fields(prefix: str, jabatan: Jabatan, penugasan) -> dict:
    # An acting holder signs as "Plt. Kepala Dinas …" or "Plh. …".
    awalan = AWALAN_PENUGASAN.get(penugasan.jenis, "")
    nama_jabatan = f"{awalan}{jabatan.nama}"
    return {
        f"{prefix}_jabatan_id": jabatan.pk,
        f"{prefix}_nama_jabatan": nama_jabatan,
        f"{prefix}_nama": penugasan.nama,
        f"{prefix}_nip": penugasan.nip,
    }


def _create_dokumen(
    *, kode: str, nama: str, unit: Unit, tahun: int, user: Pengguna, **extra
) -> Dokumen:
    [kode] = unique_kodes(Dokumen, [kode])
    dokumen = Dokumen(
        kode=kode,
        jenis=Dokumen.Jenis.PK,
        unit=unit,
        nama=nama,
        tahun_awal=tahun,
        tahun_akhir=None,
        status=Dokumen.Status.DRAFT,
        **extra,
    )
    dokumen._history_user = user
    dokumen.save()
    return dokumen


def _copy_target(
    target: Target | None, *, indikator: Indikator, dokumen: Dokumen
) -> Target:
    fields = ("nilai", "nilai_skala", "batas_bawah", "batas_atas")
    values = {name: getattr(target, name) for name in fields} if target else {}
    return Target(
        indikator=indikator,
        dokumen=dokumen,
        tahun=dokumen.tahun_awal,
        periode="tahunan",
        **values,
    )


def _version_number(dokumen: Dokumen) -> int:
    number, current = 0, dokumen
    while current.versi_sebelumnya_id is not None:
        number += 1
        current = current.versi_sebelumnya
    return number
