"""Changes to planning documents: the workflow and new versions.

Each workflow function checks the permission, makes the change and records it
in ``RiwayatStatusDokumen``, in that order and in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from sakip.core.tahun import ensure_tahun_terbuka

from .kode import unique_kodes
from .models import (
    Dokumen,
    Elemen,
    Indikator,
    RiwayatPublikasiDokumen,
    RiwayatStatusDokumen,
    Target,
    TautanElemen,
)

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna

Status = Dokumen.Status
EDITABLE_STATUSES = (Status.DRAFT, Status.DIKEMBALIKAN)


def dokumen_is_editable(dokumen: Dokumen) -> bool:
    """Whether the content of ``dokumen`` may change: only while it is draft
    or dikembalikan, never while diajukan or once ditetapkan."""
    return dokumen.status in EDITABLE_STATUSES


def ensure_dokumen_editable(dokumen: Dokumen) -> None:
    """Raise ValidationError unless the content of ``dokumen`` may change.

    Every page and service that changes elemen, indikator, targets or links of
    a document calls this first.
    """
    ensure_dokumen_tahun_terbuka(dokumen)
    if dokumen.status == Status.DITETAPKAN:
        raise ValidationError(
            _(
                "Dokumen %(kode)s sudah ditetapkan, sehingga isinya tidak dapat "
                "diubah. Buat perubahan (versi baru) untuk mengubahnya."
            ),
            code="dokumen_ditetapkan",
            params={"kode": dokumen.kode},
        )
    if dokumen.status == Status.DIAJUKAN:
        raise ValidationError(
            _(
                "Dokumen %(kode)s sedang diajukan, sehingga isinya tidak dapat "
                "diubah sampai dikembalikan oleh verifikator."
            ),
            code="dokumen_diajukan",
            params={"kode": dokumen.kode},
        )


def ensure_dokumen_tahun_terbuka(dokumen: Dokumen) -> None:
    """Raise ValidationError when ``dokumen`` is a yearly document (RKPD,
    Renja, PK, rencana aksi) of a closed year. An RPJMD or Renstra spans a
    period and stays open while one of its years is closed."""
    if dokumen.jenis not in Dokumen.JENIS_LIMA_TAHUNAN:
        ensure_tahun_terbuka(dokumen.tahun_awal)


def dokumen_allowed_actions(*, dokumen: Dokumen, user: Pengguna) -> dict[str, bool]:
    """Which workflow actions ``user`` may take on ``dokumen`` now, by name:
    ``ajukan``, ``kembalikan``, ``tetapkan`` and ``buat_perubahan``."""
    status = dokumen.status
    if dokumen.jenis in (Dokumen.Jenis.PK, Dokumen.Jenis.RENAKSI):
        # A PK is signed, and a rencana aksi adopted, on its own pages.
        return dict.fromkeys(
            ("ajukan", "kembalikan", "tetapkan", "buat_perubahan"), False
        )
    return {
        "ajukan": status in EDITABLE_STATUSES
        and user.has_perm("perencanaan.ajukan_dokumen", dokumen),
        "kembalikan": status == Status.DIAJUKAN
        and user.has_perm("perencanaan.kembalikan_dokumen", dokumen),
        "tetapkan": status == Status.DIAJUKAN
        and user.has_perm("perencanaan.tetapkan_dokumen", dokumen),
        "buat_perubahan": status == Status.DITETAPKAN
        and not Dokumen.objects.filter(versi_sebelumnya=dokumen).exists()
        and user.has_perm("perencanaan.buat_perubahan_dokumen", dokumen),
    }


def _ensure_perm(user: Pengguna, perm: str, dokumen: Dokumen, message: str) -> None:
    if not user.has_perm(perm, dokumen):
        raise PermissionDenied(message)


def _ensure_not_pk(dokumen: Dokumen) -> None:
    """Reject the planning workflow on a PK or a rencana aksi, whose
    documents are adopted on their own pages (signing a PK, adopting a
    rencana aksi after its PK is signed): adopting one here would make its
    targets count without those checks."""
    if dokumen.jenis == Dokumen.Jenis.PK:
        raise ValidationError(
            _(
                "Dokumen %(kode)s adalah Perjanjian Kinerja: statusnya berubah "
                "hanya dengan ditandatangani di halaman Perjanjian Kinerja."
            ),
            code="dokumen_pk",
            params={"kode": dokumen.kode},
        )
    if dokumen.jenis == Dokumen.Jenis.RENAKSI:
        raise ValidationError(
            _(
                "Dokumen %(kode)s adalah rencana aksi: statusnya berubah hanya "
                "dengan ditetapkan di halaman Rencana Aksi."
            ),
            code="dokumen_renaksi",
            params={"kode": dokumen.kode},
        )


def _change_status(
    *,
    dokumen: Dokumen,
    user: Pengguna,
    dari: Iterable[str],
    ke: str,
    alasan: str = "",
) -> RiwayatStatusDokumen:
    """Move ``dokumen`` from one of ``dari`` to ``ke`` and record it.

    The conditional UPDATE is the check: of two requests made at once only
    one finds the old status, so the second raises ValidationError instead of
    recording the same step twice. The history row is written by hand,
    because ``update()`` skips ``save()``.
    """
    _ensure_not_pk(dokumen)
    ensure_dokumen_tahun_terbuka(dokumen)
    dari = tuple(dari)
    changes: dict = {"status": ke}
    if ke == Status.DIKEMBALIKAN:
        changes["alasan_dikembalikan"] = alasan
    elif ke == Status.DIAJUKAN:
        changes["alasan_dikembalikan"] = ""

    with transaction.atomic():
        current = Dokumen.objects.filter(pk=dokumen.pk).values_list("status", flat=True)
        old_status = current.first()
        updated = Dokumen.objects.filter(pk=dokumen.pk, status__in=dari).update(
            **changes
        )
        if not updated:
            raise ValidationError(
                _(
                    "Dokumen %(kode)s berstatus %(status)s, sehingga tidak dapat "
                    "diubah menjadi %(ke)s. Muat ulang halaman untuk melihat "
                    "statusnya sekarang."
                ),
                code="status_tidak_sesuai",
                params={
                    "kode": dokumen.kode,
                    "status": Status(old_status).label if old_status else "-",
                    "ke": Status(ke).label,
                },
            )

        dokumen.refresh_from_db()
        now = timezone.now()
        Dokumen.history.bulk_history_create(
            [dokumen],
            update=True,
            default_user=user,
            default_change_reason=alasan or Status(ke).label,
            default_date=now,
        )
        return RiwayatStatusDokumen.objects.create(
            dokumen=dokumen, dari=old_status, ke=ke, oleh=user, pada=now, alasan=alasan
        )


def dokumen_ajukan(*, dokumen: Dokumen, user: Pengguna) -> RiwayatStatusDokumen:
    """Submit a draft or returned document for verification."""
    _ensure_perm(
        user,
        "perencanaan.ajukan_dokumen",
        dokumen,
        _(
            "Hanya Admin Bappeda atau Operator OPD pemilik dokumen yang dapat "
            "mengajukannya."
        ),
    )
    return _change_status(
        dokumen=dokumen, user=user, dari=EDITABLE_STATUSES, ke=Status.DIAJUKAN
    )


def dokumen_kembalikan(
    *, dokumen: Dokumen, user: Pengguna, alasan: str
) -> RiwayatStatusDokumen:
    """Return a submitted document to its OPD with the reason to fix it."""
    _ensure_perm(
        user,
        "perencanaan.kembalikan_dokumen",
        dokumen,
        _("Hanya Verifikator atau Admin Bappeda yang dapat mengembalikan dokumen."),
    )
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError(
            {"alasan": _("Alasan pengembalian wajib diisi.")}, code="required"
        )
    return _change_status(
        dokumen=dokumen,
        user=user,
        dari=[Status.DIAJUKAN],
        ke=Status.DIKEMBALIKAN,
        alasan=alasan,
    )


def dokumen_tetapkan(*, dokumen: Dokumen, user: Pengguna) -> RiwayatStatusDokumen:
    """Adopt a submitted document; from then on it is read-only."""
    _ensure_perm(
        user,
        "perencanaan.tetapkan_dokumen",
        dokumen,
        _("Hanya Admin Bappeda yang dapat menetapkan dokumen."),
    )
    return _change_status(
        dokumen=dokumen, user=user, dari=[Status.DIAJUKAN], ke=Status.DITETAPKAN
    )


def dokumen_publikasikan(
    *, dokumen: Dokumen, user: Pengguna
) -> RiwayatPublikasiDokumen:
    """Publish an adopted RPJMD, Renstra or signed PK on the public portal."""
    return _change_publikasi(dokumen=dokumen, user=user, dipublikasikan=True)


def dokumen_tarik_publikasi(
    *, dokumen: Dokumen, user: Pengguna
) -> RiwayatPublikasiDokumen:
    """Withdraw a document from the public portal. It stays ditetapkan."""
    return _change_publikasi(dokumen=dokumen, user=user, dipublikasikan=False)


def _change_publikasi(
    *, dokumen: Dokumen, user: Pengguna, dipublikasikan: bool
) -> RiwayatPublikasiDokumen:
    """Set or clear the publication flag of ``dokumen`` and record who and when.

    As in ``_change_status``, the conditional UPDATE is the check, so two
    clicks at once record one change and the second gets a message.
    """
    _ensure_perm(
        user,
        "perencanaan.publikasikan_dokumen",
        dokumen,
        _("Hanya Admin Bappeda yang dapat mempublikasikan dokumen."),
    )
    if dokumen.jenis not in Dokumen.JENIS_PUBLIKASI:
        raise ValidationError(
            _(
                "Dokumen %(kode)s berjenis %(jenis)s. Yang dapat dipublikasikan "
                "hanya RPJMD, Renstra dan Perjanjian Kinerja."
            ),
            code="jenis_tidak_dipublikasikan",
            params={"kode": dokumen.kode, "jenis": dokumen.get_jenis_display()},
        )

    with transaction.atomic():
        rows = Dokumen.objects.filter(pk=dokumen.pk).exclude(
            dipublikasikan=dipublikasikan
        )
        if dipublikasikan:
            rows = rows.filter(status=Status.DITETAPKAN)
        if not rows.update(dipublikasikan=dipublikasikan):
            dokumen.refresh_from_db()
            raise _publikasi_error(dokumen, dipublikasikan=dipublikasikan)

        dokumen.refresh_from_db()
        now = timezone.now()
        alasan = _("Dipublikasikan") if dipublikasikan else _("Publikasi ditarik")
        Dokumen.history.bulk_history_create(
            [dokumen],
            update=True,
            default_user=user,
            default_change_reason=alasan,
            default_date=now,
        )
        return RiwayatPublikasiDokumen.objects.create(
            dokumen=dokumen, dipublikasikan=dipublikasikan, oleh=user, pada=now
        )


def _publikasi_error(dokumen: Dokumen, *, dipublikasikan: bool) -> ValidationError:
    """Build the error of a publication change that found nothing to change."""
    if dipublikasikan and dokumen.status != Status.DITETAPKAN:
        if dokumen.jenis == Dokumen.Jenis.PK:
            message = _(
                "Perjanjian Kinerja %(kode)s belum ditandatangani, sehingga belum "
                "dapat dipublikasikan. Tandatangani PK terlebih dahulu."
            )
        else:
            message = _(
                "Dokumen %(kode)s masih berstatus %(status)s, sehingga belum "
                "dapat dipublikasikan. Hanya dokumen yang sudah ditetapkan yang "
                "dapat dipublikasikan."
            )
        return ValidationError(
            message,
            code="belum_ditetapkan",
            params={"kode": dokumen.kode, "status": dokumen.get_status_display()},
        )
    if dipublikasikan:
        message = _("Dokumen %(kode)s sudah dipublikasikan.")
    else:
        message = _("Dokumen %(kode)s tidak sedang dipublikasikan.")
    return ValidationError(
        message, code="publikasi_tidak_berubah", params={"kode": dokumen.kode}
    )


def versi_label(nomor: int) -> str:
    """The ``versi`` of the ``nomor``-th perubahan: "perubahan", "perubahan 2" …"""
    return "perubahan" if nomor == 1 else f"perubahan {nomor}"


def _kode_for_version(kode: str, nomor: int) -> str:
    """The base code of a copy in perubahan ``nomor``: ``SAS-1`` becomes
    ``SAS-1-P1``, and ``SAS-1-P1`` becomes ``SAS-1-P2`` in the next one."""
    previous = f"-P{nomor - 1}"
    if nomor > 1 and kode.endswith(previous):
        kode = kode[: -len(previous)]
    return f"{kode}-P{nomor}"


def _copy(obj: models.Model, **changes) -> models.Model:
    """An unsaved copy of ``obj`` with every concrete field but the primary key."""
    values = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if not field.primary_key
    }
    values.update(changes)
    return type(obj)(**values)


def _version_number(dokumen: Dokumen) -> int:
    """How many versions precede ``dokumen`` in its lineage (0 for murni)."""
    number, current = 0, dokumen
    while current.versi_sebelumnya_id is not None:
        number += 1
        current = current.versi_sebelumnya
    return number


def dokumen_buat_perubahan(
    *,
    dokumen: Dokumen,
    user: Pengguna,
    alasan: str,
    kode: str | None = None,
    versi: str | None = None,
) -> Dokumen:
    """Create the next version of an adopted document, as a draft copy.

    Every elemen (with its tree), indikator, the targets that ``dokumen`` set
    and the links out of its elemen are copied; each copy points at its
    original through ``asal``. Links into ``dokumen`` from other documents stay
    on the old version (see "Versions" in docs/architecture.md).
    """
    _ensure_perm(
        user,
        "perencanaan.buat_perubahan_dokumen",
        dokumen,
        _(
            "Hanya Admin Bappeda atau Operator OPD pemilik dokumen yang dapat "
            "membuat perubahan."
        ),
    )
    _ensure_not_pk(dokumen)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError(
            {"alasan": _("Alasan perubahan wajib diisi.")}, code="required"
        )
    if dokumen.status != Status.DITETAPKAN:
        raise ValidationError(
            _(
                "Perubahan hanya dapat dibuat dari dokumen yang sudah ditetapkan. "
                "Dokumen %(kode)s masih dapat diubah langsung."
            ),
            code="belum_ditetapkan",
            params={"kode": dokumen.kode},
        )
    _ensure_newest(dokumen)

    nomor = _version_number(dokumen) + 1
    try:
        with transaction.atomic():
            baru = _create_version(
                dokumen=dokumen,
                user=user,
                alasan=alasan,
                kode=kode
                or unique_kodes(Dokumen, [_kode_for_version(dokumen.kode, nomor)])[0],
                versi=versi or versi_label(nomor),
            )
            _copy_content(lama=dokumen, baru=baru, user=user, nomor=nomor)
    except IntegrityError as error:
        # The unique constraint on versi_sebelumnya: a second request made at
        # the same time found no next version yet, but lost the race.
        if Dokumen.objects.filter(versi_sebelumnya=dokumen).exists():
            _ensure_newest(dokumen)
        raise ValidationError(
            _("Perubahan gagal dibuat: %(error)s"), params={"error": error}
        ) from error
    return baru


def _ensure_newest(dokumen: Dokumen) -> None:
    newer = Dokumen.objects.filter(versi_sebelumnya=dokumen).first()
    if newer is not None:
        raise ValidationError(
            _(
                "Dokumen %(kode)s sudah memiliki versi berikutnya (%(baru)s). "
                "Buat perubahan dari versi terbaru."
            ),
            code="bukan_versi_terbaru",
            params={"kode": dokumen.kode, "baru": newer.kode},
        )


def _create_version(
    *, dokumen: Dokumen, user: Pengguna, alasan: str, kode: str, versi: str
) -> Dokumen:
    baru = _copy(
        dokumen,
        kode=kode,
        versi=versi,
        versi_sebelumnya_id=dokumen.pk,
        alasan_perubahan=alasan,
        status=Status.DRAFT,
        alasan_dikembalikan="",
        dipublikasikan=False,
    )
    baru._history_user = user
    baru._change_reason = alasan
    baru.full_clean()
    baru.save()
    RiwayatStatusDokumen.objects.create(
        dokumen=baru, dari="", ke=Status.DRAFT, oleh=user, alasan=alasan
    )
    return baru


def _copy_content(*, lama: Dokumen, baru: Dokumen, user: Pengguna, nomor: int):
    """Copy the rows of ``lama`` into ``baru`` with bulk inserts: one per level
    of the tree for elemen, and one each for indikator, targets and links,
    each with its history rows."""
    history = {"default_user": user, "default_change_reason": baru.alasan_perubahan}

    old_elemen = list(Elemen.objects.filter(dokumen=lama).order_by("pk"))
    new_kodes = unique_kodes(
        Elemen, [_kode_for_version(item.kode, nomor) for item in old_elemen]
    )
    copies = {
        item.pk: _copy(item, kode=kode, dokumen_id=baru.pk, asal_id=item.pk)
        for item, kode in zip(old_elemen, new_kodes, strict=True)
    }
    for level in _levels(old_elemen):
        for item in level:
            if item.induk_id in copies:
                copies[item.pk].induk_id = copies[item.induk_id].pk
            else:
                copies[item.pk].induk_id = None
        bulk_create_with_history([copies[item.pk] for item in level], Elemen, **history)

    old_indikator = list(Indikator.objects.filter(elemen__dokumen=lama).order_by("pk"))
    new_kodes = unique_kodes(
        Indikator, [_kode_for_version(item.kode, nomor) for item in old_indikator]
    )
    indikator_copies = {
        item.pk: _copy(
            item,
            kode=kode,
            elemen_id=copies[item.elemen_id].pk,
            asal_id=item.pk,
            akar_id=item.akar_id or item.pk,
        )
        for item, kode in zip(old_indikator, new_kodes, strict=True)
    }
    bulk_create_with_history(list(indikator_copies.values()), Indikator, **history)

    targets = [
        _copy(
            target,
            dokumen_id=baru.pk,
            indikator_id=(
                indikator_copies[target.indikator_id].pk
                if target.indikator_id in indikator_copies
                else target.indikator_id
            ),
        )
        for target in Target.objects.filter(dokumen=lama).order_by("pk")
    ]
    bulk_create_with_history(targets, Target, **history)

    links = [
        _copy(
            link,
            dari_id=copies[link.dari_id].pk,
            ke_id=copies[link.ke_id].pk if link.ke_id in copies else link.ke_id,
        )
        for link in TautanElemen.objects.filter(dari__dokumen=lama).order_by("pk")
    ]
    bulk_create_with_history(links, TautanElemen, **history)


def _levels(elemen: list[Elemen]) -> list[list[Elemen]]:
    """Group the elemen of one document by depth in their tree, roots first,
    so that each level's parents already have ids when it is inserted."""
    by_pk = {item.pk: item for item in elemen}
    depth: dict[int, int] = {}
    for item in elemen:
        path: list[Elemen] = []
        node = item
        while node is not None and node.pk not in depth and node not in path:
            path.append(node)
            node = by_pk.get(node.induk_id)
        # A root (or an elemen whose induk is outside the document) is level 0.
        level = depth[node.pk] if node is not None and node.pk in depth else -1
        for child in reversed(path):
            level += 1
            depth[child.pk] = level

    levels: dict[int, list[Elemen]] = {}
    for item in elemen:
        levels.setdefault(depth[item.pk], []).append(item)
    return [levels[key] for key in sorted(levels)]
