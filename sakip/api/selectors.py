"""The rows the API reads, each through ``visible_to`` of its model, so that a
client sees exactly what its user sees on the pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from sakip.organisasi.models import Unit
from sakip.pengukuran.models import Realisasi
from sakip.perencanaan.models import Dokumen, Indikator, Target
from sakip.perencanaan.selectors import indikator_target_list

if TYPE_CHECKING:
    from sakip.organisasi.models import Pengguna


def find_indikator(*, user: Pengguna, kode: str) -> Indikator | None:
    return (
        Indikator.objects.visible_to(user)
        .select_related("skala", "elemen__dokumen__unit")
        .filter(kode=kode)
        .first()
    )


def find_unit(*, user: Pengguna, kode: str) -> Unit | None:
    return Unit.objects.visible_to(user).filter(kode=kode).first()


def find_dokumen(*, user: Pengguna, kode: str) -> Dokumen | None:
    return Dokumen.objects.visible_to(user).filter(kode=kode).first()


def unit_q(unit: Unit, *, prefix: str = "") -> Q:
    """Return the filter on indikator (reached through ``prefix``) of ``unit``,
    by the rule of ``sakip capaian --unit``.

    For an OPD that is the documents of the OPD and its bidang. For the Pemda
    or a bidang it is the unit's documents and the indikator it is
    responsible for.
    """
    if unit.jenis == Unit.Jenis.PERANGKAT_DAERAH:
        return Q(**{f"{prefix}elemen__dokumen__unit__opd": unit})
    return Q(**{f"{prefix}elemen__dokumen__unit": unit}) | Q(
        **{f"{prefix}unit_pj": unit}
    )


def indikator_list(
    *,
    user: Pengguna,
    tahun: int | None = None,
    unit: Unit | None = None,
    dokumen: Dokumen | None = None,
    jenis_elemen: str | None = None,
    iku: bool | None = None,
) -> QuerySet[Indikator]:
    """Return the indikator ``user`` may see, filtered. With ``tahun``, keep
    those with a target that year, which are the ones ``sakip capaian``
    reports."""
    rows = Indikator.objects.visible_to(user)
    if tahun is not None:
        rows = rows.filter(
            Exists(Target.objects.filter(indikator=OuterRef("pk"), tahun=tahun))
        )
    if unit is not None:
        rows = rows.filter(unit_q(unit))
    if dokumen is not None:
        rows = rows.filter(elemen__dokumen=dokumen)
    if jenis_elemen:
        rows = rows.filter(elemen__jenis=jenis_elemen)
    if iku is not None:
        rows = rows.filter(iku=iku)
    return rows


def target_by_dokumen(*, indikator: Indikator, tahun: int | None = None) -> list:
    """Group the targets of ``indikator`` by the document that set them,
    from the RPJMD and Renstra down to the PK; two queries."""
    groups: dict[int, dict] = {}
    for target in indikator_target_list(indikator=indikator):
        if tahun is not None and target.tahun != tahun:
            continue
        group = groups.setdefault(
            target.dokumen_id, {"dokumen": target.dokumen, "target": []}
        )
        group["target"].append(target)
    return sorted(
        groups.values(),
        key=lambda group: (
            Dokumen.PRIORITAS_TARGET.get(group["dokumen"].jenis, 0),
            group["dokumen"].tahun_awal,
            group["dokumen"].kode,
        ),
    )


def realisasi_list(
    *,
    user: Pengguna,
    tahun: int | None = None,
    periode: str | None = None,
    unit: Unit | None = None,
    indikator: str | None = None,
    status: str | None = None,
) -> QuerySet[Realisasi]:
    """Return the realisation ``user`` may see, filtered by ``indikator`` (a
    kode) and the other arguments."""
    rows = Realisasi.objects.visible_to(user)
    if tahun is not None:
        rows = rows.filter(tahun=tahun)
    if periode:
        rows = rows.filter(periode=periode)
    if unit is not None:
        rows = rows.filter(unit_q(unit, prefix="indikator__"))
    if indikator:
        rows = rows.filter(indikator__kode=indikator)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related(
        "indikator__elemen__dokumen__unit", "diisi_oleh", "diverifikasi_oleh"
    )


def find_realisasi(*, user: Pengguna, pk: int) -> Realisasi | None:
    return realisasi_list(user=user).filter(pk=pk).first()
