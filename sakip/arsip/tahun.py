"""The guard of closed years: no save or delete of a yearly row of a closed
year is accepted, whoever writes it.

The guard listens to ``pre_save`` and ``pre_delete`` of the models that
carry a year (targets, realisation, budget, yearly documents and their
content, PK, rencana aksi, corrective actions), so every service that calls
``save()`` or ``delete()`` is covered in this one place. Raw saves (a
restore, ``loaddata``) pass. Writes that skip ``save()`` (a conditional
UPDATE of a status, bulk inserts) call ``sakip.core.tahun.ensure_tahun_terbuka``
themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_delete, pre_save
from django.utils.translation import gettext as _

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.pelaksanaan.models import Aksi, RencanaAksi, TargetFisikBulanan
from sakip.pengukuran.models import Realisasi, TindakLanjutKinerja
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Target, TautanElemen
from sakip.perjanjian.models import BarisAnggaranPK, BarisPK, PerjanjianKinerja
from sakip.tahunan.models import PaguIndikatif

from .models import TahunDitutup

YearsOf = Callable[[models.Model], set[int | None]]


def tahun_ditutup(tahun: Iterable[int]) -> list[int]:
    """Return the closed years among ``tahun``, in order."""
    return sorted(
        TahunDitutup.objects.filter(tahun__in=set(tahun)).values_list(
            "tahun", flat=True
        )
    )


def ensure_tahun_tidak_ditutup(tahun: Iterable[int | None]) -> None:
    """Raise ValidationError when one of ``tahun`` is closed."""
    years = {year for year in tahun if year is not None}
    if not years:
        return
    closed = tahun_ditutup(years)
    if closed:
        raise ValidationError(
            _(
                "Tahun %(tahun)s sudah ditutup dan diarsipkan, sehingga "
                "perencanaan, target, realisasi dan anggaran tahun itu tidak "
                "dapat diubah. Minta Admin Bappeda membuka kembali tahun itu "
                "bila perubahan memang diperlukan."
            ),
            code="tahun_ditutup",
            params={"tahun": ", ".join(str(year) for year in closed)},
        )


def _yearly_dokumen_tahun(dokumen_id: int | None) -> set[int | None]:
    """The year of a yearly document (RKPD, Renja, PK, rencana aksi); nothing
    for an RPJMD or Renstra, which span a period that outlives one year."""
    if dokumen_id is None:
        return set()
    row = (
        Dokumen.objects.filter(pk=dokumen_id)
        .exclude(jenis__in=Dokumen.JENIS_LIMA_TAHUNAN)
        .values_list("tahun_awal", flat=True)
        .first()
    )
    return {row}


def _dokumen_years(obj: Dokumen) -> set[int | None]:
    if obj.jenis in Dokumen.JENIS_LIMA_TAHUNAN:
        return set()
    return {obj.tahun_awal}


def _elemen_years(obj: Elemen) -> set[int | None]:
    return _yearly_dokumen_tahun(obj.dokumen_id)


def _indikator_years(obj: Indikator) -> set[int | None]:
    dokumen_id = (
        Elemen.objects.filter(pk=obj.elemen_id)
        .values_list("dokumen_id", flat=True)
        .first()
    )
    return _yearly_dokumen_tahun(dokumen_id)


def _tautan_years(obj: TautanElemen) -> set[int | None]:
    return _yearly_dokumen_tahun(_dokumen_of_elemen(obj.dari_id))


def _dokumen_of_elemen(elemen_id: int | None) -> int | None:
    return (
        Elemen.objects.filter(pk=elemen_id).values_list("dokumen_id", flat=True).first()
    )


def _own_year(obj: models.Model) -> set[int | None]:
    return {obj.tahun}


def _perjanjian_years(obj: models.Model) -> set[int | None]:
    return set(
        PerjanjianKinerja.objects.filter(pk=obj.perjanjian_id).values_list(
            "tahun", flat=True
        )
    )


def _rencana_aksi_years(obj: RencanaAksi) -> set[int | None]:
    return _yearly_dokumen_tahun(obj.dokumen_id)


def _aksi_years(obj: models.Model) -> set[int | None]:
    return set(
        RencanaAksi.objects.filter(pk=obj.rencana_aksi_id).values_list(
            "dokumen__tahun_awal", flat=True
        )
    )


# The guarded models and how each finds the years a row belongs to.
GUARDED: dict[type[models.Model], YearsOf] = {
    Dokumen: _dokumen_years,
    Elemen: _elemen_years,
    Indikator: _indikator_years,
    TautanElemen: _tautan_years,
    Target: _own_year,
    Realisasi: _own_year,
    Pagu: _own_year,
    KeuanganBulanan: _own_year,
    PaguIndikatif: _own_year,
    TindakLanjutKinerja: _own_year,
    PerjanjianKinerja: _own_year,
    BarisPK: _perjanjian_years,
    BarisAnggaranPK: _perjanjian_years,
    RencanaAksi: _rencana_aksi_years,
    TargetFisikBulanan: _aksi_years,
    Aksi: _aksi_years,
}


def _years_of(obj: models.Model) -> set[int | None]:
    """The years of ``obj`` as it will be saved and, for a stored row, as it
    is stored, so that a row can neither leave nor enter a closed year."""
    years_of = GUARDED[type(obj)]
    years = years_of(obj)
    if obj.pk is not None:
        stored = type(obj)._base_manager.filter(pk=obj.pk).first()
        if stored is not None:
            years |= years_of(stored)
    return years


def _guard_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or not TahunDitutup.objects.exists():
        return
    ensure_tahun_tidak_ditutup(_years_of(instance))


def _guard_delete(sender, instance, **kwargs) -> None:
    if not TahunDitutup.objects.exists():
        return
    ensure_tahun_tidak_ditutup(GUARDED[type(instance)](instance))


def connect_guards() -> None:
    for model in GUARDED:
        pre_save.connect(_guard_save, sender=model, dispatch_uid=f"arsip-{model}")
        pre_delete.connect(_guard_delete, sender=model, dispatch_uid=f"arsip-{model}")
