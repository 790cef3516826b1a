"""Progress of indikator from their kondisi awal toward the period's final
target, read from the database.

Every page and report that shows the progress (R − B) / (T_akhir − B) reads it
here, so that the LKjIP, the Renstra recapitulation, the evaluation table and
the indikator page agree. The three values depend on the indikator's agregasi
over the years of the RPJMD or Renstra period:

- ``kumulatif``: T_akhir is the sum of the strategic document's yearly targets,
  R the sum of the yearly realisation from the first year of the period up to
  the year. A year without realisation leaves R undefined, because a partial
  sum would understate it.
- ``akhir`` (nilai akhir): T_akhir is the target of the period's last year
  (of the latest year that has one, when the document leaves the last years
  empty), R the year's realisation.
- ``rata_rata``: T_akhir is the mean of the yearly targets, R the mean of the
  yearly realisation up to the year, over the years that have one.

A band or scale target is always the last year's, and a scale indikator is
always read as ``akhir``. The evaluation table's column 6 is this final
target. R of any kind needs the year's own realisation.
B is the indikator's kondisi awal, else that of the strategic document's
indikator of its family, else that of the family's first indikator.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sakip.core.angka import format_angka, format_nilai
from sakip.perencanaan.models import Dokumen, Indikator, Periode, Target

from . import capaian as engine
from .selectors import (
    choose_target_document,
    engine_target,
    family_filter,
    load_context,
    realisasi_by_indikator,
    targets_by_indikator,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TargetAkhir:
    """The final target of an indikator's period: the value compared with, the
    RPJMD or Renstra that set it and the latest year it set a target for."""

    target: engine.Target
    dokumen: Dokumen
    tahun: int
    agregasi: engine.Agregasi

    @property
    def teks(self) -> str:
        return teks_target(self.target)

    @property
    def dijumlahkan(self) -> bool:
        """Whether the value is the sum of the yearly targets."""
        return self.agregasi is engine.Agregasi.KUMULATIF and not (
            self.target.is_skala or self.target.is_rentang
        )


@dataclass(frozen=True)
class ProgresIndikator:
    """The progress of one indikator up to one year, with the values it was
    computed from. ``realisasi`` is the realisation to date by the
    indikator's agregasi, ``realisasi_tahun`` the year's own."""

    indikator: Indikator
    tahun: int
    target_akhir: TargetAkhir | None
    kondisi_awal: Decimal | str | None
    realisasi: Decimal | str | None
    realisasi_tahun: Decimal | str | None
    hasil: engine.HasilProgres

    @property
    def nilai(self) -> Decimal | None:
        return self.hasil.nilai

    @property
    def nilai_2dp(self) -> Decimal | None:
        return self.hasil.nilai_2dp

    @property
    def keterangan(self) -> str | None:
        """The reason the progress is undefined, translated."""
        return None if self.hasil.keterangan is None else _(self.hasil.keterangan)

    @property
    def rumus(self) -> str:
        return _(self.hasil.rumus)

    @property
    def kondisi_awal_teks(self) -> str:
        return teks_nilai(self.kondisi_awal)

    @property
    def realisasi_teks(self) -> str:
        return teks_nilai(self.realisasi)


def progres_indikator_list(
    indikator: QuerySet[Indikator],
    *,
    tahun: int,
    hanya_terverifikasi: bool = True,
    strategis: Dokumen | None = None,
) -> dict[int, ProgresIndikator]:
    """Compute the progress of every indikator of ``indikator`` up to ``tahun``,
    keyed by indikator pk. See ``progres_series``."""
    series = progres_series(
        indikator,
        tahun_list=[tahun],
        hanya_terverifikasi=hanya_terverifikasi,
        strategis=strategis,
    )
    return {pk: by_tahun[tahun] for pk, by_tahun in series.items()}


def progres_series(
    indikator: QuerySet[Indikator],
    *,
    tahun_list: Iterable[int],
    hanya_terverifikasi: bool = True,
    strategis: Dokumen | None = None,
) -> dict[int, dict[int, ProgresIndikator]]:
    """Compute the progress of every indikator up to each year of
    ``tahun_list``, keyed by indikator pk, then by year.

    The final target comes from ``strategis`` when it sets yearly targets for
    the indikator's family, else from the family's newest RPJMD or Renstra.
    Official reports pass ``hanya_terverifikasi=True`` (accepted realisation
    only). Ten queries, whatever the number of indikator and years.
    """
    tahun_list = list(tahun_list)
    indikator_list = list(indikator.select_related("skala"))
    skala = load_context(hanya_terverifikasi=hanya_terverifikasi).skala
    kondisi_awal_keluarga = _kondisi_awal_keluarga(indikator)
    targets = targets_by_indikator(indikator, tahun=None)
    realisasi = realisasi_by_indikator(
        indikator, tahun=None, hanya_terverifikasi=hanya_terverifikasi
    )
    result: dict[int, dict[int, ProgresIndikator]] = {}
    for item in indikator_list:
        family_targets = targets.get(item.pk, [])
        akhir, strategic_row = target_akhir_periode(
            family_targets, agregasi=_agregasi(item), strategis=strategis
        )
        kondisi_awal = _kondisi_awal(
            [
                item.pk,
                None if strategic_row is None else strategic_row.indikator_id,
                item.akar_id,
            ],
            kondisi_awal_keluarga,
        )
        item_skala = skala.get(item.skala_id) if item.skala_id else None
        result[item.pk] = {
            tahun: _progres_one(
                item,
                tahun=tahun,
                target_akhir=akhir,
                kondisi_awal=kondisi_awal,
                realisasi=realisasi.get(item.pk, {}),
                skala=item_skala,
            )
            for tahun in tahun_list
        }
    return result


def target_akhir_periode(
    targets: Iterable[Target],
    *,
    agregasi: engine.Agregasi,
    strategis: Dokumen | None = None,
) -> tuple[TargetAkhir | None, Target | None]:
    """Return the final target of the period from an indikator family's target
    rows, and the strategic document's latest yearly row (None without one).

    The document is ``strategis`` when it sets a yearly target among the rows,
    else the newest RPJMD or Renstra version by the engine's rule. The rule of
    each agregasi is in the module docstring.
    """
    yearly = [
        t
        for t in targets
        if t.dokumen.jenis in Dokumen.JENIS_LIMA_TAHUNAN
        and t.periode == Periode.TAHUNAN
        and t.has_value()
    ]
    dokumen = None
    if strategis is not None and any(t.dokumen_id == strategis.pk for t in yearly):
        dokumen = strategis
    if dokumen is None:
        dokumen = choose_target_document(yearly, periode=Periode.TAHUNAN)
    if dokumen is None:
        return None, None
    rows = sorted((t for t in yearly if t.dokumen_id == dokumen.pk), key=_by_tahun)
    last = rows[-1]
    target = engine_target(last)
    if agregasi is not engine.Agregasi.AKHIR and last.nilai is not None:
        numbers = [t.nilai for t in rows if t.nilai is not None]
        target = engine.Target(nilai=engine.aggregate(numbers, agregasi=agregasi))
    return (
        TargetAkhir(
            target=target,
            dokumen=dokumen,
            tahun=last.tahun,
            agregasi=agregasi,
        ),
        last,
    )


def realisasi_sampai(
    realisasi: Mapping[tuple[int, str], Decimal | str],
    *,
    agregasi: engine.Agregasi,
    tahun_awal: int,
    tahun: int,
) -> tuple[Decimal | str | None, str | None]:
    """Aggregate the yearly realisation of the period's years from
    ``tahun_awal`` up to ``tahun`` by ``agregasi``; return it with the reason
    when it is undefined (None when it is defined or simply not entered).

    ``realisasi`` maps (year, period) to a value, as
    ``realisasi_by_indikator(tahun=None)`` returns it. Scale values take
    ``akhir`` only, and a value that cannot be aggregated raises ValueError.
    """
    yearly = {
        year: engine.realisasi_tahunan(_year_values(realisasi, year), agregasi=agregasi)
        for year in range(tahun_awal, tahun + 1)
    }
    if yearly[tahun] is None:
        return None, None
    if agregasi is engine.Agregasi.AKHIR:
        return yearly[tahun], None
    if agregasi is engine.Agregasi.KUMULATIF:
        missing = [year for year, value in yearly.items() if value is None]
        if missing:
            return None, _(
                "realisasi tahun %(tahun)s belum diisi, sehingga realisasi "
                "kumulatif sejak awal periode tidak dapat dijumlahkan"
            ) % {"tahun": ", ".join(str(year) for year in missing)}
    return engine.aggregate(yearly.values(), agregasi=agregasi), None


def teks_target(target: engine.Target | None) -> str:
    """Show a target as a table cell does: a number, a scale value or a band."""
    if target is None:
        return "—"
    if target.is_skala:
        return target.nilai_skala or "—"
    if target.is_rentang:
        return f"{format_angka(target.batas_bawah)}–{format_angka(target.batas_atas)}"
    return teks_nilai(target.nilai)


def teks_nilai(value: Decimal | str | None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    return format_nilai(value)


def _progres_one(
    indikator: Indikator,
    *,
    tahun: int,
    target_akhir: TargetAkhir | None,
    kondisi_awal: Decimal | str | None,
    realisasi: Mapping[tuple[int, str], Decimal | str],
    skala: dict[str, int] | None,
) -> ProgresIndikator:
    agregasi = _agregasi(indikator)
    this_year = None
    value = None
    try:
        this_year = engine.realisasi_tahunan(
            _year_values(realisasi, tahun), agregasi=agregasi
        )
        if target_akhir is None:
            hasil = engine.compute_progres(
                kondisi_awal=kondisi_awal,
                target_akhir=None,
                realisasi=this_year,
                skala=skala,
            )
            return _result(indikator, tahun, None, kondisi_awal, None, this_year, hasil)
        dokumen = target_akhir.dokumen
        if not dokumen.mencakup_tahun(tahun):
            hasil = engine.HasilProgres(
                nilai=None,
                rumus=engine.RUMUS_PROGRES,
                keterangan=_("tahun %(tahun)s di luar periode %(kode)s")
                % {"tahun": tahun, "kode": dokumen.kode},
            )
            return _result(
                indikator, tahun, target_akhir, kondisi_awal, None, this_year, hasil
            )
        value, alasan = realisasi_sampai(
            realisasi, agregasi=agregasi, tahun_awal=dokumen.tahun_awal, tahun=tahun
        )
        if alasan is not None:
            hasil = engine.HasilProgres(
                nilai=None, rumus=engine.RUMUS_PROGRES, keterangan=alasan
            )
        else:
            hasil = engine.compute_progres(
                kondisi_awal=kondisi_awal,
                target_akhir=target_akhir.target,
                realisasi=value,
                skala=skala,
            )
    except (TypeError, ValueError) as error:
        # Data that does not fit the indikator (a scale value with a number
        # target) gives no progress and the reason, instead of failing a
        # whole report.
        logger.warning(
            "Progres of indikator %s %s not computed: %s", indikator.kode, tahun, error
        )
        hasil = engine.HasilProgres(
            nilai=None,
            rumus=engine.RUMUS_PROGRES,
            keterangan=_("data tidak cocok dengan indikator: %(pesan)s")
            % {"pesan": error},
        )
    return _result(
        indikator, tahun, target_akhir, kondisi_awal, value, this_year, hasil
    )


def _result(
    indikator: Indikator,
    tahun: int,
    target_akhir: TargetAkhir | None,
    kondisi_awal: Decimal | str | None,
    realisasi: Decimal | str | None,
    realisasi_tahun: Decimal | str | None,
    hasil: engine.HasilProgres,
) -> ProgresIndikator:
    return ProgresIndikator(
        indikator=indikator,
        tahun=tahun,
        target_akhir=target_akhir,
        kondisi_awal=kondisi_awal,
        realisasi=realisasi,
        realisasi_tahun=realisasi_tahun,
        hasil=hasil,
    )


def _agregasi(indikator: Indikator) -> engine.Agregasi:
    if indikator.skala_id is not None:
        return engine.Agregasi.AKHIR
    return engine.Agregasi(indikator.agregasi)


def _kondisi_awal_keluarga(
    indikator: QuerySet[Indikator],
) -> dict[int, Decimal | str | None]:
    """Return the kondisi awal of every indikator of ``indikator``'s families
    (same ``akar``), a scale value before a number. One query, with the
    families as a subquery."""
    keluarga = Indikator.objects.filter(family_filter(indikator))
    return {
        pk: skala or nilai
        for pk, nilai, skala in keluarga.values_list(
            "pk", "kondisi_awal", "kondisi_awal_skala"
        )
    }


def _kondisi_awal(
    candidates: list[int | None], kondisi_awal: dict[int, Decimal | str | None]
) -> Decimal | str | None:
    """Return the first kondisi awal set among ``candidates``: the indikator,
    the strategic document's indikator of its family and the family's first
    indikator. A Renja's copy made before the Renstra's kondisi awal was
    filled in has none."""
    for pk in candidates:
        value = kondisi_awal.get(pk) if pk is not None else None
        if value is not None and value != "":
            return value
    return None


def _year_values(
    realisasi: Mapping[tuple[int, str], Decimal | str], tahun: int
) -> dict[str, Decimal | str]:
    return {
        periode: value for (year, periode), value in realisasi.items() if year == tahun
    }


def _by_tahun(target: Target) -> int:
    return target.tahun
