"""Changes to yearly plans: make a Renja from a Renstra, set its pagu
indikatif, compile the RKPD.

A copied elemen, indikator and target is a new row of the yearly document.
Each copied elemen keeps a ``berasal_dari`` link to the elemen it came from, so
that the chain from a sub kegiatan up to the RPJMD stays walkable. Rows are
written with ``bulk_create_with_history``, level by level of the tree, so the
number of queries does not grow with the size of the document (up to the
database's batch size).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from sakip.organisasi.models import Unit
from sakip.perencanaan.kode import unique_kodes
from sakip.perencanaan.models import (
    Dokumen,
    Elemen,
    Indikator,
    Target,
    TautanElemen,
)
from sakip.perencanaan.selectors import didukung_map, dokumen_berlaku_list

from .models import PaguIndikatif

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna

# Kinds of elemen that a Renja copies from its Renstra. Sasaran come along so
# that the Renja's programs keep their place in the tree and the Kepala OPD's
# PK can draw on the Renja's sasaran and IKU. Tujuan are left out, so sasaran
# become roots.
JENIS_RENJA = (
    Elemen.Jenis.SASARAN,
    Elemen.Jenis.PROGRAM,
    Elemen.Jenis.KEGIATAN,
    Elemen.Jenis.SUB_KEGIATAN,
)
# Kinds of elemen that an RKPD copies from the RPJMD.
JENIS_RKPD = (Elemen.Jenis.TUJUAN, Elemen.Jenis.SASARAN)

INDIKATOR_FIELDS = [
    "uraian",
    "satuan",
    "definisi",
    "formula",
    "sumber_data",
    "kondisi_awal",
    "kondisi_awal_skala",
    "polaritas",
    "skala_id",
    "agregasi",
    "rumus_negatif",
    "iku",
    "unit_pj_id",
    "urutan",
]
TARGET_FIELDS = ["periode", "nilai", "nilai_skala", "batas_bawah", "batas_atas"]


def renja_buat_dari_renstra(
    *, renstra: Dokumen, tahun: int, user: Pengguna, kode: str | None = None
) -> Dokumen:
    """Create the draft Renja of ``renstra``'s OPD for ``tahun``.

    Copies the Renstra's sasaran, program, kegiatan and sub kegiatan with the
    tree kept, their indikator, and each indikator's Renstra target of
    ``tahun`` as the Renja's target. Raises ``PermissionDenied`` unless
    ``user`` may edit the Renstra, and ``ValidationError`` for a year outside
    the Renstra's period or when the OPD already has a Renja for that year.
    """
    if not Dokumen.objects.editable_by(user).filter(pk=renstra.pk).exists():
        raise PermissionDenied(_("Anda tidak berhak membuat Renja dari Renstra ini."))
    if renstra.jenis != Dokumen.Jenis.RENSTRA:
        raise ValidationError({"renstra": _("Dokumen sumber harus sebuah Renstra.")})
    if renstra.versi_berikutnya.exists():
        raise ValidationError(
            {"renstra": _("Renstra ini sudah diganti versi yang lebih baru.")}
        )
    if not renstra.mencakup_tahun(tahun):
        raise ValidationError(
            {
                "tahun": _(
                    "Tahun %(tahun)s di luar periode Renstra (%(awal)s–%(akhir)s)."
                )
                % {
                    "tahun": tahun,
                    "awal": renstra.tahun_awal,
                    "akhir": renstra.tahun_terakhir,
                }
            }
        )
    ada = dokumen_berlaku_list(
        jenis=Dokumen.Jenis.RENJA, tahun=tahun, unit=renstra.unit
    ).first()
    if ada is not None:
        raise ValidationError(
            {
                "tahun": _(
                    "%(unit)s sudah memiliki Renja tahun %(tahun)s (%(kode)s). "
                    "Ubah Renja itu atau buat perubahannya."
                )
                % {"unit": renstra.unit.nama, "tahun": tahun, "kode": ada.kode}
            }
        )

    with transaction.atomic():
        renja = _create_dokumen(
            jenis=Dokumen.Jenis.RENJA,
            unit=renstra.unit,
            tahun=tahun,
            kode=kode or f"RENJA-{renstra.unit.kode}-{tahun}",
            nama=f"Renja {renstra.unit.nama} {tahun}",
            user=user,
        )
        semua = {e.pk: e for e in Elemen.objects.filter(dokumen=renstra)}
        sumber = [e for e in semua.values() if e.jenis in JENIS_RENJA]
        salinan = _copy_elemen_tree(
            sumber=sumber,
            semua=semua,
            dokumen=renja,
            prefix=f"RJ{tahun}",
            user=user,
        )
        _copy_indikator(
            salinan=salinan,
            sumber_dokumen=renstra,
            dokumen=renja,
            tahun=tahun,
            prefix=f"RJ{tahun}",
            user=user,
        )
    return renja


def rkpd_susun(*, tahun: int, user: Pengguna) -> Dokumen:
    """Compile the draft RKPD of ``tahun`` from the RPJMD and the Renjas.

    The RKPD copies the RPJMD's tujuan and sasaran with their indikator and
    year targets. Each program of a Renja of ``tahun`` is listed as an RKPD
    program under the RKPD sasaran that its Renstra sasaran supports (see
    ``docs/architecture.md``). Admin Bappeda only.
    """
    if not user.is_admin_bappeda:
        raise PermissionDenied(_("Hanya Admin Bappeda yang dapat menyusun RKPD."))
    rpjmd_list = list(dokumen_berlaku_list(jenis=Dokumen.Jenis.RPJMD, tahun=tahun))
    if not rpjmd_list:
        raise ValidationError(
            {
                "tahun": _("Tidak ada RPJMD yang mencakup tahun %(tahun)s.")
                % {"tahun": tahun}
            }
        )
    if len(rpjmd_list) > 1:
        raise ValidationError(
            {
                "tahun": _("Lebih dari satu RPJMD mencakup tahun %(tahun)s: %(kode)s.")
                % {"tahun": tahun, "kode": ", ".join(d.kode for d in rpjmd_list)}
            }
        )
    rpjmd = rpjmd_list[0]
    ada = dokumen_berlaku_list(jenis=Dokumen.Jenis.RKPD, tahun=tahun).first()
    if ada is not None:
        raise ValidationError(
            {
                "tahun": _(
                    "RKPD tahun %(tahun)s sudah ada (%(kode)s). Ubah RKPD itu "
                    "atau buat perubahannya."
                )
                % {"tahun": tahun, "kode": ada.kode}
            }
        )
    pemda = Unit.objects.get(jenis=Unit.Jenis.PEMDA)

    with transaction.atomic():
        rkpd = _create_dokumen(
            jenis=Dokumen.Jenis.RKPD,
            unit=pemda,
            tahun=tahun,
            kode=f"RKPD-{tahun}",
            nama=f"RKPD {pemda.nama} {tahun}",
            user=user,
        )
        semua = {e.pk: e for e in Elemen.objects.filter(dokumen=rpjmd)}
        sumber = [e for e in semua.values() if e.jenis in JENIS_RKPD]
        prefix = f"RKPD{tahun}"
        salinan = _copy_elemen_tree(
            sumber=sumber, semua=semua, dokumen=rkpd, prefix=prefix, user=user
        )
        _copy_indikator(
            salinan=salinan,
            sumber_dokumen=rpjmd,
            dokumen=rkpd,
            tahun=tahun,
            prefix=prefix,
            user=user,
        )
        _copy_renja_program(rkpd=rkpd, tahun=tahun, salinan=salinan, user=user)
    return rkpd


def pagu_indikatif_simpan(
    *, renja: Dokumen, nilai: Mapping[int, tuple[int, int | None]], user: Pengguna
) -> None:
    """Store the pagu indikatif and prakiraan maju of Renja elemen.

    ``nilai`` maps an elemen's pk to its (pagu, prakiraan maju) in rupiah.
    Only rows whose values change are written, each with its history row.
    """
    if not Dokumen.objects.editable_by(user).filter(pk=renja.pk).exists():
        raise PermissionDenied(_("Anda tidak berhak mengubah Renja ini."))
    if renja.is_ditetapkan:
        raise ValidationError(_("Renja yang sudah ditetapkan tidak dapat diubah."))
    elemen_ids = set(
        Elemen.objects.filter(
            dokumen=renja, pk__in=nilai, jenis__in=Elemen.JENIS_BERKODE
        ).values_list("pk", flat=True)
    )
    if elemen_ids != set(nilai):
        raise ValidationError(_("Ada elemen yang bukan bagian dari Renja ini."))

    tahun = renja.tahun_awal
    with transaction.atomic():
        ada = {
            pagu.elemen_id: pagu
            for pagu in PaguIndikatif.objects.select_for_update().filter(
                elemen_id__in=elemen_ids, tahun=tahun
            )
        }
        for elemen_id, (pagu, prakiraan_maju) in nilai.items():
            row = ada.get(elemen_id) or PaguIndikatif(elemen_id=elemen_id, tahun=tahun)
            if row.pk and (row.pagu, row.prakiraan_maju) == (pagu, prakiraan_maju):
                continue
            row.pagu = pagu
            row.prakiraan_maju = prakiraan_maju
            row._history_user = user
            row.save()


def _create_dokumen(
    *, jenis: str, unit: Unit, tahun: int, kode: str, nama: str, user: Pengguna
) -> Dokumen:
    [kode] = unique_kodes(Dokumen, [kode])
    dokumen = Dokumen(
        kode=kode,
        jenis=jenis,
        unit=unit,
        nama=nama,
        tahun_awal=tahun,
        tahun_akhir=None,
        status=Dokumen.Status.DRAFT,
    )
    dokumen._history_user = user
    dokumen.save()
    return dokumen


def _copy_elemen_tree(
    *,
    sumber: list[Elemen],
    semua: Mapping[int, Elemen],
    dokumen: Dokumen,
    prefix: str,
    user: Pengguna,
) -> dict[int, Elemen]:
    """Copy ``sumber`` into ``dokumen`` and return the copies by source pk.

    Each copy's induk is the copy of its nearest copied ancestor in ``semua``
    (the source document's elemen by pk), or none. One insert per level of the
    tree, plus the ``berasal_dari`` links.
    """
    dipilih = {e.pk for e in sumber}
    kodes = unique_kodes(Elemen, (f"{prefix}-{e.kode}" for e in sumber))
    induk_sumber = {}
    for elemen in sumber:
        induk_id = elemen.induk_id
        while induk_id is not None and induk_id not in dipilih:
            parent = semua.get(induk_id)
            induk_id = parent.induk_id if parent is not None else None
        induk_sumber[elemen.pk] = induk_id

    salinan: dict[int, Elemen] = {}
    by_level = sorted(
        zip(sumber, kodes, strict=True),
        key=lambda pair: Elemen.KEDALAMAN[pair[0].jenis],
    )
    for jenis in sorted({e.jenis for e in sumber}, key=Elemen.KEDALAMAN.get):
        level = [(elemen, kode) for elemen, kode in by_level if elemen.jenis == jenis]
        copies = []
        for elemen, kode in level:
            induk = salinan.get(induk_sumber[elemen.pk])
            copies.append(
                Elemen(
                    kode=kode,
                    dokumen=dokumen,
                    jenis=elemen.jenis,
                    induk=induk,
                    uraian=elemen.uraian,
                    nomenklatur=elemen.nomenklatur,
                    unit_pj_id=elemen.unit_pj_id,
                    urutan=elemen.urutan,
                )
            )
        created = bulk_create_with_history(copies, Elemen, default_user=user)
        for (elemen, _kode), copy in zip(level, created, strict=True):
            salinan[elemen.pk] = copy

    _link_berasal_dari(salinan.items(), user=user)
    return salinan


def _link_berasal_dari(pairs: Iterable[tuple[int, Elemen]], *, user: Pengguna) -> None:
    links = [
        TautanElemen(dari=copy, ke_id=source_pk, jenis=TautanElemen.Jenis.BERASAL_DARI)
        for source_pk, copy in pairs
    ]
    bulk_create_with_history(links, TautanElemen, default_user=user)


def _copy_indikator(
    *,
    salinan: Mapping[int, Elemen],
    sumber_dokumen: Dokumen,
    dokumen: Dokumen,
    tahun: int,
    prefix: str,
    user: Pengguna,
) -> None:
    """Copy the indikator of the copied elemen, and their targets of ``tahun``
    set by ``sumber_dokumen``, into ``dokumen``."""
    sumber = list(Indikator.objects.filter(elemen_id__in=salinan).order_by("pk"))
    kodes = unique_kodes(Indikator, (f"{prefix}-{i.kode}" for i in sumber))
    copies = [
        Indikator(
            kode=kode,
            elemen=salinan[indikator.elemen_id],
            akar_id=indikator.akar_id or indikator.pk,
            **{name: getattr(indikator, name) for name in INDIKATOR_FIELDS},
        )
        for indikator, kode in zip(sumber, kodes, strict=True)
    ]
    created = bulk_create_with_history(copies, Indikator, default_user=user)
    baru = {old.pk: new for old, new in zip(sumber, created, strict=True)}

    targets = Target.objects.filter(
        indikator_id__in=baru, dokumen=sumber_dokumen, tahun=tahun
    ).order_by("pk")
    target_copies = [
        Target(
            indikator=baru[target.indikator_id],
            dokumen=dokumen,
            tahun=tahun,
            **{name: getattr(target, name) for name in TARGET_FIELDS},
        )
        for target in targets
    ]
    bulk_create_with_history(target_copies, Target, default_user=user)


def _copy_renja_program(
    *, rkpd: Dokumen, tahun: int, salinan: Mapping[int, Elemen], user: Pengguna
) -> None:
    """List each program of the Renjas of ``tahun`` in the RKPD.

    A Renja program goes under the RKPD copy of the RPJMD sasaran that its
    Renstra sasaran supports: Renja program → berasal dari → Renstra program →
    mendukung of its nearest ancestor that has one (its sasaran, else the
    tujuan above) → RPJMD sasaran. A program
    whose chain is broken becomes a root of the RKPD, so that nothing is lost
    and the consistency check can point at it. When the chain reaches several
    RPJMD sasaran, the program goes under the first one by code.
    """
    renja_ids = dokumen_berlaku_list(jenis=Dokumen.Jenis.RENJA, tahun=tahun).values(
        "pk"
    )
    programs = list(
        Elemen.objects.filter(
            dokumen__in=renja_ids, jenis=Elemen.Jenis.PROGRAM
        ).select_related("dokumen__unit")
    )
    # Renja program pk → Renstra program pk.
    asal = dict(
        TautanElemen.objects.filter(
            dari__in=programs,
            jenis=TautanElemen.Jenis.BERASAL_DARI,
            ke__dokumen__jenis=Dokumen.Jenis.RENSTRA,
        ).values_list("dari_id", "ke_id")
    )
    # Renstra program pk → the RPJMD sasaran it serves, through its sasaran
    # or, where the sasaran has no link of its own, its tujuan.
    didukung = didukung_map(asal.values(), ke_ids=salinan)

    programs.sort(
        key=lambda p: (p.dokumen.unit.urutan, p.dokumen.unit.kode, p.urutan, p.kode)
    )
    kodes = unique_kodes(Elemen, (f"RKPD{tahun}-{p.kode}" for p in programs))
    copies = []
    for program, kode in zip(programs, kodes, strict=True):
        rpjmd_sasaran = didukung.get(asal.get(program.pk), [None])[0]
        induk = salinan.get(rpjmd_sasaran)
        copies.append(
            Elemen(
                kode=kode,
                dokumen=rkpd,
                jenis=Elemen.Jenis.PROGRAM,
                induk=induk,
                uraian=program.uraian,
                nomenklatur=program.nomenklatur,
                unit_pj_id=program.unit_pj_id or program.dokumen.unit_id,
                urutan=program.urutan,
            )
        )
    created = bulk_create_with_history(copies, Elemen, default_user=user)
    _link_berasal_dari(
        ((program.pk, copy) for program, copy in zip(programs, created, strict=True)),
        user=user,
    )
