"""Link the rows of a new PK to the rows of the superior's PK that they
support, through the links between the plans.

- Kepala OPD: the Renja sasaran *berasal dari* a Renstra sasaran, which
  *mendukung* an RPJMD sasaran, from which an RKPD sasaran *berasal dari*;
  the row of the Kepala Daerah's PK on that RKPD sasaran is the superior row.
- Kepala Bidang: a Renja program's nearest sasaran ancestor in the Renja,
  as a row of the Kepala OPD's PK.
- PPTK: a kegiatan's or sub kegiatan's nearest program ancestor, as a row of
  the Kepala Bidang's PK of the same unit.

Where a chain reaches several superior rows, the first by the superior PK's
order wins; where it breaks, the row has no superior row. A fixed number of
queries, whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from sakip.organisasi.models import Unit
from sakip.perencanaan.models import Elemen, Indikator, TautanElemen
from sakip.perencanaan.selectors import didukung_map

from .models import BarisPK, Level, PerjanjianKinerja
from .selectors import perjanjian_berlaku

BERASAL_DARI = TautanElemen.Jenis.BERASAL_DARI


def find_perjanjian_atasan(perjanjian: PerjanjianKinerja) -> PerjanjianKinerja | None:
    """Return the superior's PK in force for the same year, if it exists."""
    unit = perjanjian.unit
    if perjanjian.level == Level.KEPALA_DAERAH:
        return None
    if perjanjian.level == Level.KEPALA_OPD:
        pemda = Unit.objects.filter(jenis=Unit.Jenis.PEMDA).first()
        level, unit_id = Level.KEPALA_DAERAH, pemda.pk if pemda else None
    elif perjanjian.level == Level.KEPALA_BIDANG:
        level, unit_id = Level.KEPALA_OPD, unit.opd_id
    else:
        level, unit_id = Level.KEPALA_BIDANG, unit.pk
    if unit_id is None:
        return None
    return perjanjian_berlaku(level=level, unit_id=unit_id, tahun=perjanjian.tahun)


def find_baris_atasan(
    *, perjanjian: PerjanjianKinerja, indikator_list: Sequence[Indikator]
) -> dict[int, int]:
    """Map each indikator's pk to the pk of the superior PK's row that its
    elemen supports; indikator without one are left out."""
    atasan = find_perjanjian_atasan(perjanjian)
    if atasan is None:
        return {}
    baris_atasan: dict[int, int] = {}
    for baris in BarisPK.objects.filter(perjanjian=atasan).select_related("indikator"):
        baris_atasan.setdefault(baris.indikator.elemen_id, baris.pk)

    elemen_ids = {indikator.elemen_id for indikator in indikator_list}
    if perjanjian.level == Level.KEPALA_OPD:
        atasan_elemen = _through_rpjmd(elemen_ids, set(baris_atasan))
    else:
        jenis = (
            Elemen.Jenis.SASARAN
            if perjanjian.level == Level.KEPALA_BIDANG
            else Elemen.Jenis.PROGRAM
        )
        atasan_elemen = _nearest_ancestor(elemen_ids, perjanjian.sumber_id, jenis)

    result = {}
    for indikator in indikator_list:
        for elemen_id in atasan_elemen.get(indikator.elemen_id, []):
            if elemen_id in baris_atasan:
                result[indikator.pk] = baris_atasan[elemen_id]
                break
    return result


def _nearest_ancestor(
    elemen_ids: set[int], dokumen_id: int, jenis: str
) -> dict[int, list[int]]:
    semua = {
        e.pk: e
        for e in Elemen.objects.filter(dokumen_id=dokumen_id).only("induk_id", "jenis")
    }
    result = {}
    for elemen_id in elemen_ids:
        node = semua.get(elemen_id)
        node = semua.get(node.induk_id) if node else None
        while node is not None and node.jenis != jenis:
            node = semua.get(node.induk_id)
        if node is not None:
            result[elemen_id] = [node.pk]
    return result


def _through_rpjmd(
    renja_sasaran: set[int], rkpd_sasaran: set[int]
) -> dict[int, list[int]]:
    """Renja sasaran → Renstra sasaran → RPJMD sasaran ← RKPD sasaran; a
    Renstra sasaran without a link of its own follows its tujuan's."""
    renstra = dict(
        TautanElemen.objects.filter(
            dari_id__in=renja_sasaran, jenis=BERASAL_DARI
        ).values_list("dari_id", "ke_id")
    )
    rpjmd = didukung_map(renstra.values())
    rkpd_by_rpjmd: dict[int, list[int]] = {}
    for dari_id, ke_id in TautanElemen.objects.filter(
        dari_id__in=rkpd_sasaran, jenis=BERASAL_DARI
    ).values_list("dari_id", "ke_id"):
        rkpd_by_rpjmd.setdefault(ke_id, []).append(dari_id)

    result = {}
    for sasaran_id, renstra_id in renstra.items():
        result[sasaran_id] = [
            rkpd_id
            for rpjmd_id in rpjmd.get(renstra_id, [])
            for rkpd_id in rkpd_by_rpjmd.get(rpjmd_id, [])
        ]
    return result
