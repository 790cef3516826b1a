"""Changes to rencana aksi: create one from its PK, set the quarterly targets
of a row and the monthly plan of a sub kegiatan, add, change and remove
actions, and adopt it (ditetapkan).

Each function checks the permission, validates, makes the change and records
it in the history, in that order and in one transaction. A change to an
existing row takes the ``versi`` its form was loaded with (see
``selectors.versi_triwulan``) and is rejected when the row has changed since,
so that of two people saving the same row the first save is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from sakip.core.tahun import ensure_tahun_terbuka
from sakip.organisasi.models import Unit
from sakip.perencanaan.editing import check_nilai
from sakip.perencanaan.kode import unique_kodes
from sakip.perencanaan.models import Dokumen, RiwayatStatusDokumen, Target
from sakip.perencanaan.nilai import check_nilai_indikator
from sakip.perencanaan.services import EDITABLE_STATUSES
from sakip.perjanjian.models import BarisPK, PerjanjianKinerja

from . import selectors, targets
from .models import PERIODE_AKSI, Aksi, RencanaAksi, TargetFisikBulanan
from .targets import TRIWULAN, NilaiTarget

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna

URAIAN_MAX = 4000


def rencana_aksi_buat(*, perjanjian: PerjanjianKinerja, user: Pengguna) -> RencanaAksi:
    """Create the draft rencana aksi of ``perjanjian``, prefilled.

    Each row gets quarterly targets from the PK's yearly target
    (``targets.prefill_triwulan``) and, in a PPTK's PK, each sub kegiatan a
    monthly target fisik from its anggaran kas (``targets.prefill_fisik``).
    A PK perubahan's rencana aksi becomes the next version of the rencana
    aksi of the PK it replaces, so only the newest one is checked and shown.
    """
    if not user.has_perm("pelaksanaan.buat_rencana_aksi", perjanjian):
        raise PermissionDenied(
            _(
                "Hanya Admin Bappeda atau Operator OPD unit ini yang dapat "
                "membuat rencana aksi PK ini."
            )
        )
    with transaction.atomic():
        perjanjian = (
            PerjanjianKinerja.objects.select_for_update()
            .select_related("dokumen", "unit")
            .get(pk=perjanjian.pk)
        )
        _ensure_can_create(perjanjian)
        dokumen = _create_dokumen(perjanjian, user=user)
        rencana_aksi = RencanaAksi(perjanjian=perjanjian, dokumen=dokumen)
        rencana_aksi._history_user = user
        rencana_aksi.save()

        baris = list(
            BarisPK.objects.filter(perjanjian=perjanjian).select_related(
                "indikator__elemen", "indikator__skala", "target"
            )
        )
        bulk_create_with_history(
            _prefill_targets(baris, dokumen=dokumen), Target, default_user=user
        )
        bulk_create_with_history(
            _prefill_fisik(rencana_aksi, baris),
            TargetFisikBulanan,
            default_user=user,
        )
        RiwayatStatusDokumen.objects.create(
            dokumen=dokumen, ke=Dokumen.Status.DRAFT, oleh=user
        )
    return rencana_aksi


def can_create(*, perjanjian: PerjanjianKinerja, user: Pengguna) -> bool:
    """Return whether ``user`` may make the rencana aksi of ``perjanjian`` now (for
    the pages): it has none yet and is the newest version of its PK."""
    return (
        user.has_perm("pelaksanaan.buat_rencana_aksi", perjanjian)
        and not RencanaAksi.objects.filter(perjanjian=perjanjian).exists()
        and not Dokumen.objects.filter(versi_sebelumnya=perjanjian.dokumen_id).exists()
    )


def can_edit(*, rencana_aksi: RencanaAksi, user: Pengguna) -> bool:
    """Return whether ``user`` may change the content of ``rencana_aksi`` now (for
    the pages): draft or dikembalikan, the newest version, and their unit."""
    dokumen = rencana_aksi.dokumen
    return (
        dokumen.status in EDITABLE_STATUSES
        and not _is_replaced(dokumen)
        and user.has_perm("pelaksanaan.ubah_rencana_aksi", rencana_aksi)
    )


def can_adopt(*, rencana_aksi: RencanaAksi, user: Pengguna) -> bool:
    """Return whether ``user`` may adopt ``rencana_aksi`` now (for the pages)."""
    dokumen = rencana_aksi.dokumen
    return (
        dokumen.status in EDITABLE_STATUSES
        and rencana_aksi.perjanjian.is_ditandatangani
        and not _is_replaced(dokumen)
        and user.has_perm("pelaksanaan.tetapkan_rencana_aksi", rencana_aksi)
    )


def _is_replaced(dokumen: Dokumen) -> bool:
    return Dokumen.objects.filter(versi_sebelumnya=dokumen).exists()


def _ensure_can_create(perjanjian: PerjanjianKinerja) -> None:
    if _is_replaced(perjanjian.dokumen):
        raise ValidationError(
            _(
                "PK %(kode)s sudah memiliki versi perubahan. Buat rencana aksi "
                "dari versi PK yang terbaru."
            )
            % {"kode": perjanjian.dokumen.kode},
            code="pk_bukan_terbaru",
        )
    if RencanaAksi.objects.filter(perjanjian=perjanjian).exists():
        raise ValidationError(
            _("PK %(kode)s sudah memiliki rencana aksi.")
            % {"kode": perjanjian.dokumen.kode},
            code="sudah_ada",
        )


def _create_dokumen(perjanjian: PerjanjianKinerja, *, user: Pengguna) -> Dokumen:
    pk_dokumen = perjanjian.dokumen
    sebelumnya = (
        RencanaAksi.objects.filter(
            perjanjian__dokumen=pk_dokumen.versi_sebelumnya_id,
            dokumen__versi_berikutnya__isnull=True,
        )
        .values_list("dokumen_id", flat=True)
        .first()
    )
    [kode] = unique_kodes(Dokumen, [f"RA-{pk_dokumen.kode.removeprefix('PK-')}"])
    dokumen = Dokumen(
        kode=kode,
        jenis=Dokumen.Jenis.RENAKSI,
        unit=perjanjian.unit,
        nama=_("Rencana aksi %(pk)s") % {"pk": pk_dokumen.nama or pk_dokumen.kode},
        tahun_awal=perjanjian.tahun,
        tahun_akhir=None,
        versi=pk_dokumen.versi,
        versi_sebelumnya_id=sebelumnya,
        status=Dokumen.Status.DRAFT,
    )
    dokumen._history_user = user
    dokumen.save()
    return dokumen


def _prefill_targets(baris: list[BarisPK], *, dokumen: Dokumen) -> list[Target]:
    rows = []
    for item in baris:
        indikator = item.indikator
        quarters = targets.prefill_triwulan(
            NilaiTarget.of(item.target),
            jenis=selectors.jenis_nilai(indikator),
            agregasi=indikator.agregasi,
        )
        for periode, nilai in quarters.items():
            if nilai.is_empty:
                continue
            rows.append(
                Target(
                    indikator=indikator,
                    dokumen=dokumen,
                    tahun=dokumen.tahun_awal,
                    periode=periode,
                    nilai=nilai.nilai,
                    nilai_skala=nilai.nilai_skala,
                    batas_bawah=nilai.batas_bawah,
                    batas_atas=nilai.batas_atas,
                )
            )
    return rows


def _prefill_fisik(
    rencana_aksi: RencanaAksi, baris: list[BarisPK]
) -> list[TargetFisikBulanan]:
    elemen = selectors.sub_kegiatan_list(
        perjanjian=rencana_aksi.perjanjian, baris=baris
    )
    kas = selectors.anggaran_kas_of(
        elemen_ids=[e.pk for e in elemen], tahun=rencana_aksi.tahun
    )
    rows = []
    for item in elemen:
        for bulan, nilai in targets.prefill_fisik(kas.get(item.pk, {})).items():
            if nilai is not None:
                rows.append(
                    TargetFisikBulanan(
                        rencana_aksi=rencana_aksi, elemen=item, bulan=bulan, nilai=nilai
                    )
                )
    return rows


def _ensure_can_edit(rencana_aksi: RencanaAksi, user: Pengguna) -> RencanaAksi:
    """Lock the rencana aksi's document and raise unless ``user`` may change
    its content now. The status is read again under the lock, so a rencana
    aksi adopted while a form was open is not changed by that form."""
    if not user.has_perm("pelaksanaan.ubah_rencana_aksi", rencana_aksi):
        raise PermissionDenied(
            _(
                "Hanya Admin Bappeda atau Operator OPD unit ini yang dapat "
                "mengubah rencana aksi ini."
            )
        )
    dokumen = Dokumen.objects.select_for_update().get(pk=rencana_aksi.dokumen_id)
    if dokumen.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _(
                "Rencana aksi %(kode)s sudah %(status)s, sehingga isinya tidak "
                "dapat diubah."
            )
            % {"kode": dokumen.kode, "status": dokumen.get_status_display().lower()},
            code="rencana_aksi_terkunci",
        )
    if _is_replaced(dokumen):
        raise ValidationError(
            _(
                "Rencana aksi %(kode)s sudah digantikan oleh rencana aksi PK "
                "perubahan; ubah yang terbaru."
            )
            % {"kode": dokumen.kode},
            code="rencana_aksi_lama",
        )
    rencana_aksi.dokumen = dokumen
    return rencana_aksi


def _ensure_version(current: str, versi: str) -> None:
    if current != versi:
        raise ValidationError(
            _(
                "Data ini telah diubah oleh orang lain sejak formulir dibuka, "
                "sehingga perubahan Anda tidak disimpan. Muat ulang untuk melihat "
                "isinya sekarang, lalu ulangi perubahan Anda."
            ),
            code="versi_berubah",
        )


def _ensure_baris(rencana_aksi: RencanaAksi, baris: BarisPK) -> None:
    if baris.perjanjian_id != rencana_aksi.perjanjian_id:
        raise ValidationError(
            _("Baris ini bukan bagian dari PK rencana aksi ini."), code="baris_lain"
        )


def target_triwulan_simpan(
    *,
    rencana_aksi: RencanaAksi,
    baris: BarisPK,
    versi: str,
    values: Mapping[str, NilaiTarget],
    user: Pengguna,
) -> None:
    """Set the quarterly targets of ``baris``: ``values`` maps TW1-TW4 to a
    value, and an empty value removes that quarter's target.

    A value that is not of the indikator's kind (a number for a scale
    indikator, a band with one bound, a value outside its scale), too long
    for the column, or of the wrong sign (``nilai.check_nilai_indikator``,
    as for its realisation) is rejected, keyed by quarter. Quarters that do not
    reach the yearly target are saved, and the page shows why.
    """
    unknown = sorted(set(values) - set(TRIWULAN))
    if unknown:
        raise ValidationError(
            _("Periode %(periode)s bukan triwulan; isi TW1 sampai TW4.")
            % {"periode": ", ".join(unknown)},
            code="periode_bukan_triwulan",
        )
    with transaction.atomic():
        rencana_aksi = _ensure_can_edit(rencana_aksi, user)
        _ensure_baris(rencana_aksi, baris)
        indikator = baris.indikator
        existing = {
            t.periode: t
            for t in Target.objects.filter(
                indikator=indikator,
                dokumen=rencana_aksi.dokumen,
                tahun=rencana_aksi.tahun,
                periode__in=TRIWULAN,
            )
        }
        _ensure_version(selectors.versi_triwulan(existing.values()), versi)
        _validate_triwulan(indikator, values)

        for periode, nilai in values.items():
            target = existing.get(periode)
            if nilai.is_empty:
                if target is not None:
                    target._history_user = user
                    target.delete()
                continue
            if target is None:
                target = Target(
                    indikator=indikator,
                    dokumen=rencana_aksi.dokumen,
                    tahun=rencana_aksi.tahun,
                    periode=periode,
                )
            elif NilaiTarget.of(target) == nilai:
                continue
            target.nilai = nilai.nilai
            target.nilai_skala = nilai.nilai_skala
            target.batas_bawah = nilai.batas_bawah
            target.batas_atas = nilai.batas_atas
            target._history_user = user
            target.save()


def _validate_triwulan(indikator, values: Mapping[str, NilaiTarget]) -> None:
    skala_values: list[str] = []
    if indikator.skala_id is not None:
        skala_values = list(indikator.skala.nilai.values_list("nilai", flat=True))
    errors = {
        periode: pesan.render(_)
        for periode, pesan in targets.validate_triwulan(
            values, jenis=selectors.jenis_nilai(indikator), skala_values=skala_values
        ).items()
    }
    for periode, nilai in values.items():
        if periode in errors:
            continue
        try:
            for number in (nilai.nilai, nilai.batas_bawah, nilai.batas_atas):
                check_nilai(number, periode)
        except ValidationError as error:
            errors[periode] = " ".join(error.messages)
            continue
        for number in (nilai.nilai, nilai.batas_bawah, nilai.batas_atas):
            pesan = check_nilai_indikator(
                number, satuan=indikator.satuan, uraian=indikator.uraian, jenis="target"
            )
            if pesan is not None:
                errors[periode] = pesan.render(_)
                break
    if errors:
        raise ValidationError(
            {
                periode: f"{selectors.LABEL_TRIWULAN[periode]}: {message}"
                for periode, message in errors.items()
            }
        )


def target_fisik_simpan(
    *,
    rencana_aksi: RencanaAksi,
    elemen_id: int,
    versi: str,
    values: Mapping[int, Decimal | None],
    user: Pengguna,
) -> None:
    """Set the monthly target fisik of one sub kegiatan: ``values`` maps a
    month (1-12) to a percentage, and ``None`` removes that month's target.

    The whole plan is checked as it will be after the change (months not in
    ``values`` keep their value): each month 0 to 100 with at most two
    decimals and never below an earlier month. Any error rejects the save.
    """
    unknown = sorted(set(values) - set(targets.BULAN))
    if unknown:
        raise ValidationError(
            _("Bulan %(bulan)s tidak ada; isi bulan 1 sampai 12.")
            % {"bulan": ", ".join(str(b) for b in unknown)},
            code="bulan_tidak_ada",
        )
    with transaction.atomic():
        rencana_aksi = _ensure_can_edit(rencana_aksi, user)
        baris = BarisPK.objects.filter(
            perjanjian=rencana_aksi.perjanjian_id
        ).select_related("indikator__elemen")
        allowed = selectors.sub_kegiatan_list(
            perjanjian=rencana_aksi.perjanjian, baris=baris
        )
        if elemen_id not in {e.pk for e in allowed}:
            raise ValidationError(
                _("Sub kegiatan ini tidak termasuk dalam PK rencana aksi ini."),
                code="sub_kegiatan_lain",
            )
        existing = {
            row.bulan: row
            for row in TargetFisikBulanan.objects.filter(
                rencana_aksi=rencana_aksi, elemen_id=elemen_id
            )
        }
        _ensure_version(selectors.versi_fisik(existing.values()), versi)
        plan = {bulan: row.nilai for bulan, row in existing.items()}
        plan.update(values)
        errors = targets.validate_fisik(plan, nama_bulan=selectors.nama_bulan())
        if errors:
            raise ValidationError(
                {f"bulan_{bulan}": pesan.render(_) for bulan, pesan in errors.items()}
            )

        for bulan, nilai in sorted(values.items()):
            row = existing.get(bulan)
            if nilai is None:
                if row is not None:
                    row._history_user = user
                    row.delete()
                continue
            if row is None:
                row = TargetFisikBulanan(
                    rencana_aksi=rencana_aksi, elemen_id=elemen_id, bulan=bulan
                )
            elif row.nilai == nilai:
                continue
            row.nilai = nilai
            row._history_user = user
            row.save()


def _validate_aksi(
    rencana_aksi: RencanaAksi, *, periode: str, uraian: str, unit_pj: Unit | None
) -> str:
    """Return ``uraian`` stripped, or raise ValidationError keyed by field."""
    errors = {}
    if periode not in dict(PERIODE_AKSI):
        errors["periode"] = _(
            "Periode %(periode)s tidak dikenal; pilih triwulan (TW1-TW4) atau "
            "bulan (B01-B12)."
        ) % {"periode": periode}
    uraian = (uraian or "").strip()
    if not uraian:
        errors["uraian"] = _("Uraian aksi wajib diisi.")
    elif len(uraian) > URAIAN_MAX:
        errors["uraian"] = _(
            "Uraian aksi paling banyak %(max)s karakter; yang diisi %(panjang)s."
        ) % {"max": URAIAN_MAX, "panjang": len(uraian)}
    if unit_pj is None:
        errors["unit_pj"] = _("Pilih unit penanggung jawab aksi ini.")
    else:
        opd_id = rencana_aksi.perjanjian.unit.opd_id
        if opd_id is not None and unit_pj.opd_id != opd_id:
            errors["unit_pj"] = _(
                "%(unit)s bukan unit di %(opd)s; pilih unit dari perangkat "
                "daerah pemilik PK ini."
            ) % {"unit": unit_pj.nama, "opd": rencana_aksi.perjanjian.unit.opd.nama}
    if errors:
        raise ValidationError(errors)
    return uraian


def aksi_tambah(
    *,
    rencana_aksi: RencanaAksi,
    baris: BarisPK,
    periode: str,
    uraian: str,
    unit_pj: Unit | None,
    user: Pengguna,
) -> Aksi:
    """Add an action to ``baris`` for ``periode`` (TW1-TW4 or B01-B12), done by
    ``unit_pj``, a unit of the PK's OPD (any unit for the Kepala Daerah's)."""
    with transaction.atomic():
        rencana_aksi = _ensure_can_edit(rencana_aksi, user)
        _ensure_baris(rencana_aksi, baris)
        uraian = _validate_aksi(
            rencana_aksi, periode=periode, uraian=uraian, unit_pj=unit_pj
        )
        aksi = Aksi(
            rencana_aksi=rencana_aksi,
            baris=baris,
            periode=periode,
            uraian=uraian,
            unit_pj=unit_pj,
        )
        aksi._history_user = user
        aksi.save()
    return aksi


def aksi_ubah(
    *,
    aksi: Aksi,
    versi: str,
    periode: str,
    uraian: str,
    unit_pj: Unit | None,
    user: Pengguna,
) -> Aksi:
    """Change the period, uraian and unit of ``aksi``."""
    with transaction.atomic():
        rencana_aksi = _ensure_can_edit(aksi.rencana_aksi, user)
        current = Aksi.objects.get(pk=aksi.pk)
        _ensure_version(selectors.versi_aksi(current), versi)
        uraian = _validate_aksi(
            rencana_aksi, periode=periode, uraian=uraian, unit_pj=unit_pj
        )
        current.periode = periode
        current.uraian = uraian
        current.unit_pj = unit_pj
        current._history_user = user
        current.save()
    return current


def aksi_hapus(*, aksi: Aksi, versi: str, user: Pengguna) -> None:
    """Remove ``aksi``; its history stays."""
    with transaction.atomic():
        _ensure_can_edit(aksi.rencana_aksi, user)
        current = Aksi.objects.filter(pk=aksi.pk).first()
        if current is None:
            return
        _ensure_version(selectors.versi_aksi(current), versi)
        current._history_user = user
        current.delete()


def rencana_aksi_tetapkan(
    *, rencana_aksi: RencanaAksi, user: Pengguna, peringatan_dikonfirmasi: int = 0
) -> None:
    """Adopt ``rencana_aksi``: its document becomes ditetapkan and read-only,
    and from then on its quarterly targets count in the capaian.

    Only once its PK is signed. When rows or sub kegiatan have warnings,
    ``peringatan_dikonfirmasi`` must be the number of them that the user was
    shown and accepted. Otherwise it raises a ValidationError with code
    ``perlu_konfirmasi`` that states the current number, and nothing changes.
    """
    ensure_tahun_terbuka(rencana_aksi.tahun)
    if not user.has_perm("pelaksanaan.tetapkan_rencana_aksi", rencana_aksi):
        raise PermissionDenied(
            _(
                "Hanya Kepala OPD dari unit ini atau Admin Bappeda yang dapat "
                "menetapkan rencana aksi ini."
            )
        )
    perjanjian = rencana_aksi.perjanjian
    if not perjanjian.is_ditandatangani:
        raise ValidationError(
            _(
                "PK %(kode)s belum ditandatangani. Tandatangani PK lebih dulu, "
                "karena rencana aksi menjabarkan target PK yang sudah disepakati."
            )
            % {"kode": perjanjian.dokumen.kode},
            code="pk_belum_ditandatangani",
        )
    now = timezone.now()
    with transaction.atomic():
        dokumen = Dokumen.objects.select_for_update().get(pk=rencana_aksi.dokumen_id)
        if dokumen.status not in EDITABLE_STATUSES:
            raise ValidationError(
                _(
                    "Rencana aksi %(kode)s sudah %(status)s. Muat ulang halaman "
                    "untuk melihat statusnya sekarang."
                )
                % {
                    "kode": dokumen.kode,
                    "status": dokumen.get_status_display().lower(),
                },
                code="sudah_ditetapkan",
            )
        if _is_replaced(dokumen):
            raise ValidationError(
                _(
                    "Rencana aksi %(kode)s sudah digantikan oleh rencana aksi PK "
                    "perubahan; tetapkan yang terbaru."
                )
                % {"kode": dokumen.kode},
                code="rencana_aksi_lama",
            )
        jumlah = selectors.isi_rencana_aksi(rencana_aksi).jumlah_peringatan
        if jumlah and peringatan_dikonfirmasi != jumlah:
            raise ValidationError(
                _(
                    "%(jumlah)s baris atau sub kegiatan masih memiliki peringatan. "
                    "Periksa peringatannya, lalu konfirmasi bahwa rencana aksi "
                    "tetap ditetapkan seperti ini."
                ),
                code="perlu_konfirmasi",
                params={"jumlah": jumlah},
            )

        old_status = dokumen.status
        # The conditional UPDATE is the check against a double submit; the
        # history rows are written by hand because update() skips save().
        updated = Dokumen.objects.filter(
            pk=dokumen.pk, status__in=EDITABLE_STATUSES
        ).update(status=Dokumen.Status.DITETAPKAN)
        if not updated:
            raise ValidationError(
                _("Rencana aksi %(kode)s sudah ditetapkan.") % {"kode": dokumen.kode},
                code="sudah_ditetapkan",
            )
        dokumen.refresh_from_db()
        Dokumen.history.bulk_history_create(
            [dokumen],
            update=True,
            default_user=user,
            default_change_reason=_("Rencana aksi ditetapkan"),
            default_date=now,
        )
        rencana_aksi.dokumen = dokumen
        rencana_aksi.ditetapkan_pada = now
        rencana_aksi.ditetapkan_oleh = user
        rencana_aksi._history_user = user
        rencana_aksi.save()
        alasan = _("Rencana aksi ditetapkan")
        if jumlah:
            alasan = _(
                "Rencana aksi ditetapkan dengan %(jumlah)s baris atau sub kegiatan "
                "berperingatan yang dikonfirmasi"
            ) % {"jumlah": jumlah}
        RiwayatStatusDokumen.objects.create(
            dokumen=dokumen,
            dari=old_status,
            ke=Dokumen.Status.DITETAPKAN,
            oleh=user,
            pada=now,
            alasan=alasan,
        )
