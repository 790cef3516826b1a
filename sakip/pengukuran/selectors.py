"""Capaian of indikator and elemen for a year and period, read from the database.

The rules live in the pure engine (``sakip.pengukuran.capaian``); this module
only gathers what the engine needs in a fixed number of queries, whatever the
number of indikator: one for the indikator, one for their targets of the
year, one for their realisation, one for the scales, one for the settings.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from sakip.core.angka import format_angka, format_nilai
from sakip.organisasi.models import Pengaturan
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Target
from sakip.referensi.models import NilaiSkala

from . import capaian as engine
from .models import Realisasi

logger = logging.getLogger(__name__)

# Periods in the order a chart shows them within a year.
URUTAN_PERIODE = ["TW1", "TW2", "TW3", "TW4", "tahunan"]


@dataclass(frozen=True)
class CapaianIndikator:
    """The capaian of one indikator for one year and period, ready to show."""

    indikator: Indikator
    tahun: int
    periode: str
    target: Decimal | None
    target_teks: str
    sumber_target: str | None
    realisasi: Decimal | None
    realisasi_teks: str
    capaian: Decimal | None
    capaian_2dp: Decimal | None
    kategori: str | None
    warna: str | None
    keterangan: str | None
    rumus: str
    nilai_rumus: Decimal | None = None
    batas_bawah: Decimal | None = None
    batas_atas: Decimal | None = None


@dataclass(frozen=True)
class CapaianElemen:
    """The capaian of a sasaran or program: the roll-up of its indikator."""

    elemen: Elemen
    capaian: Decimal | None
    capaian_2dp: Decimal | None
    kategori: str | None
    warna: str | None
    indikator: list[CapaianIndikator]


@dataclass
class _Context:
    """Settings and scales shared by every capaian of one computation."""

    rumus_negatif: engine.RumusNegatif
    batas_rollup: Decimal | None
    skala: dict[int, dict[str, int]]
    hanya_terverifikasi: bool


def capaian_indikator_list(
    *,
    indikator: QuerySet[Indikator],
    tahun: int,
    periode: str = "tahunan",
    hanya_terverifikasi: bool = False,
    tanpa_draft: bool = False,
    target_dokumen_sendiri: bool = False,
    dokumen_target: Collection[int] | None = None,
) -> list[CapaianIndikator]:
    """Compute the capaian of every indikator of ``indikator`` for one period.

    ``tanpa_draft`` leaves out the drafts, the values still being typed.
    ``target_dokumen_sendiri`` uses only the targets of the document the
    indikator belongs to (the Renja's own target in the Permendagri 86/2017
    evaluation of the Renja), not the PK's that would otherwise win.
    ``dokumen_target``, a set of document ids, keeps to the targets of those
    documents (the published ones on the public portal)."""
    indikator_list = list(indikator.select_related("skala", "elemen__dokumen__unit"))
    context = load_context(hanya_terverifikasi=hanya_terverifikasi)
    targets = targets_by_indikator(indikator, tahun=tahun)
    realisasi = realisasi_by_indikator(
        indikator,
        tahun=tahun,
        hanya_terverifikasi=hanya_terverifikasi,
        tanpa_draft=tanpa_draft,
    )
    return [
        _compute_one(
            item,
            tahun=tahun,
            periode=periode,
            targets=_allowed_targets(
                targets.get(item.pk, []),
                dokumen_id=item.elemen.dokumen_id if target_dokumen_sendiri else None,
                dokumen_target=dokumen_target,
            ),
            realisasi=realisasi.get(item.pk, {}),
            context=context,
        )
        for item in indikator_list
    ]


def _allowed_targets(
    targets: list[Target],
    *,
    dokumen_id: int | None,
    dokumen_target: Collection[int] | None,
) -> list[Target]:
    return [
        t
        for t in targets
        if (dokumen_id is None or t.dokumen_id == dokumen_id)
        and (dokumen_target is None or t.dokumen_id in dokumen_target)
    ]


def capaian_elemen_list(
    *,
    elemen: QuerySet[Elemen],
    tahun: int,
    periode: str = "tahunan",
    hanya_terverifikasi: bool = False,
) -> list[CapaianElemen]:
    """Compute each elemen's roll-up of its own indikator for one period.

    Each indikator's capaian counts up to the Pemda's ``batas_rollup`` in the
    mean; the indikator's own capaian is shown uncapped.
    """
    elemen_list = list(elemen.select_related("dokumen__unit"))
    per_indikator = capaian_indikator_list(
        indikator=Indikator.objects.filter(elemen__in=elemen.values("pk")),
        tahun=tahun,
        periode=periode,
        hanya_terverifikasi=hanya_terverifikasi,
    )
    by_elemen: dict[int, list[CapaianIndikator]] = defaultdict(list)
    for item in per_indikator:
        by_elemen[item.indikator.elemen_id].append(item)

    batas = load_context(hanya_terverifikasi=hanya_terverifikasi).batas_rollup
    result = []
    for item in elemen_list:
        children = by_elemen.get(item.pk, [])
        value = engine.roll_up([c.capaian for c in children], batas=batas)
        kategori = engine.kategori_for(value)
        result.append(
            CapaianElemen(
                elemen=item,
                capaian=value,
                capaian_2dp=None if value is None else engine.round_half_up(value, 2),
                kategori=None if kategori is None else kategori.value,
                warna=None if kategori is None else kategori.warna,
                indikator=children,
            )
        )
    return result


def capaian_series(
    *, indikator: Indikator, hanya_terverifikasi: bool = False
) -> list[CapaianIndikator]:
    """Compute the capaian of every year and period that has a target or a
    realisation, in time order, for the indikator page and its chart."""
    single = Indikator.objects.filter(pk=indikator.pk)
    context = load_context(hanya_terverifikasi=hanya_terverifikasi)
    targets = targets_by_indikator(single, tahun=None).get(indikator.pk, [])
    realisasi = realisasi_by_indikator(
        single, tahun=None, hanya_terverifikasi=hanya_terverifikasi
    ).get(indikator.pk, {})

    periods = {(t.tahun, t.periode) for t in targets}
    periods |= set(realisasi)
    years = sorted({tahun for tahun, _periode in periods})
    series = []
    for tahun in years:
        year_targets = [t for t in targets if t.tahun == tahun]
        year_realisasi = {
            periode: value
            for (year, periode), value in realisasi.items()
            if year == tahun
        }
        for periode in URUTAN_PERIODE:
            if (tahun, periode) not in periods and periode != "tahunan":
                continue
            series.append(
                _compute_one(
                    indikator,
                    tahun=tahun,
                    periode=periode,
                    targets=year_targets,
                    realisasi=year_realisasi,
                    context=context,
                )
            )
    return series


def tahun_tersedia() -> list[int]:
    """Years that have targets, newest first."""
    return list(
        Target.objects.order_by("-tahun").values_list("tahun", flat=True).distinct()
    )


def tahun_realisasi_terakhir() -> int | None:
    """Return the latest year with any realisation, the dashboards' default."""
    return Realisasi.objects.aggregate(tahun=Max("tahun"))["tahun"]


def load_context(*, hanya_terverifikasi: bool) -> _Context:
    """Read the Pemda's settings and every scale once for a computation."""
    pengaturan = Pengaturan.load()
    skala: dict[int, dict[str, int]] = defaultdict(dict)
    for skala_id, nilai, peringkat in NilaiSkala.objects.values_list(
        "skala_id", "nilai", "peringkat"
    ):
        skala[skala_id][nilai] = peringkat
    return _Context(
        rumus_negatif=engine.RumusNegatif(pengaturan.rumus_negatif),
        batas_rollup=engine.parse_batas_rollup(pengaturan.batas_rollup),
        skala=dict(skala),
        hanya_terverifikasi=hanya_terverifikasi,
    )


def family_filter(indikator: QuerySet[Indikator], prefix: str = "") -> Q:
    """Return the filter of the indikator in ``indikator``'s families (same
    ``akar``); ``prefix`` is the path to the indikator, e.g. "indikator__".

    The family key is ``akar`` or, for a family's first indikator, its own id.
    The keys stay a subquery, so no list of ids is sent. The filter tests
    ``akar`` and ``id`` against the keys instead of comparing ``COALESCE(akar,
    id)``, because PostgreSQL, before it has statistics for a freshly filled
    table, nested the COALESCE comparison once per row and a demo's page took
    minutes; the plain columns get a hashed subquery.
    """
    keys = indikator.annotate(kunci=Coalesce("akar_id", "id")).values("kunci")
    return Q(**{f"{prefix}akar_id__in": keys}) | Q(
        **{f"{prefix}akar_id__isnull": True, f"{prefix}id__in": keys}
    )


def _keluarga(indikator: QuerySet[Indikator]) -> QuerySet[Indikator]:
    """Return the indikator of ``indikator``'s families (same ``akar``), each
    with its family key as ``kunci``."""
    return Indikator.objects.annotate(kunci=Coalesce("akar_id", "id")).filter(
        family_filter(indikator)
    )


def _family_keys(indikator: QuerySet[Indikator]) -> list[tuple[int, int]]:
    return list(
        indikator.annotate(kunci=Coalesce("akar_id", "id")).values_list("pk", "kunci")
    )


def targets_by_indikator(
    indikator: QuerySet[Indikator], *, tahun: int | None
) -> dict[int, list[Target]]:
    """Targets of each indikator's family, so that the target of a PK row
    (set on the Renja's copy) also counts for the Renstra's indikator: the
    rule of which document's target counts does the choosing."""
    # Each row carries its family key instead of its indikator, and the few
    # documents are read once and shared by their rows: a province's targets
    # are hundreds of thousands of rows over a few hundred documents.
    rows = (
        Target.objects.filter(family_filter(indikator, prefix="indikator__"))
        .annotate(kunci=Coalesce("indikator__akar_id", "indikator_id"))
        .prefetch_related("dokumen")
    )
    if tahun is not None:
        rows = rows.filter(tahun=tahun)
    by_kunci: dict[int, list[Target]] = defaultdict(list)
    for row in rows:
        by_kunci[row.kunci].append(row)
    return {pk: by_kunci[kunci] for pk, kunci in _family_keys(indikator)}


def realisasi_by_indikator(
    indikator: QuerySet[Indikator],
    *,
    tahun: int | None,
    hanya_terverifikasi: bool,
    tanpa_draft: bool = False,
) -> dict[int, dict]:
    """Realisation of each indikator, keyed by period (by year and period
    when ``tahun`` is None).

    An indikator shares its realisation with its family (same ``akar``):
    its versions (a perubahan changes the plan, not what was achieved) and
    its copies in the yearly documents (a Renja's indikator and its
    Renstra's measure the same thing). For each period the indikator's own
    value counts first, then its earlier versions' (nearest first), then the
    rest of the family's by id. Three queries, whatever the number.
    """
    keluarga = _keluarga(indikator)
    members: dict[int, list[int]] = defaultdict(list)
    asal: dict[int, int | None] = {}
    for pk, kunci, asal_id in keluarga.values_list("pk", "kunci", "asal_id"):
        members[kunci].append(pk)
        asal[pk] = asal_id
    rows = Realisasi.objects.filter(family_filter(indikator, prefix="indikator__"))
    if tanpa_draft:
        rows = rows.exclude(status=Realisasi.Status.DRAFT)
    by_id = _realisasi_rows(rows, tahun=tahun, hanya_terverifikasi=hanya_terverifikasi)

    for pk, kunci in _family_keys(indikator):
        family = members.get(kunci, [])
        if len(family) < 2:
            continue
        earlier = _earlier_versions(pk, asal)
        order = earlier + sorted(set(family) - {pk} - set(earlier))
        values = by_id.setdefault(pk, {})
        for member_id in order:
            for key, value in by_id.get(member_id, {}).items():
                values.setdefault(key, value)
    return by_id


def _realisasi_rows(
    rows: QuerySet[Realisasi], *, tahun: int | None, hanya_terverifikasi: bool
) -> dict[int, dict]:
    if tahun is not None:
        rows = rows.filter(tahun=tahun)
    if hanya_terverifikasi:
        rows = rows.terverifikasi()
    by_indikator: dict[int, dict] = defaultdict(dict)
    for indikator_id, year, periode, nilai, nilai_skala in rows.values_list(
        "indikator_id", "tahun", "periode", "nilai", "nilai_skala"
    ):
        value = nilai_skala or nilai
        if tahun is None:
            by_indikator[indikator_id][(year, periode)] = value
        else:
            by_indikator[indikator_id][periode] = value
    return by_indikator


# A document rarely has more than a few perubahan; the walk stops here so a
# corrupt cycle of ``asal`` links cannot loop forever.
MAX_VERSI = 50


def _earlier_versions(pk: int, asal: dict[int, int | None]) -> list[int]:
    """Return the earlier versions of ``pk`` within its family, nearest first."""
    chain: list[int] = []
    asal_id = asal.get(pk)
    while asal_id is not None and asal_id in asal and asal_id != pk:
        if asal_id in chain or len(chain) >= MAX_VERSI:
            break
        chain.append(asal_id)
        asal_id = asal[asal_id]
    return chain


def choose_target_document(
    targets: Iterable[Target], *, periode: str
) -> Dokumen | None:
    """Pick the document whose targets a capaian uses.

    The highest of PK (or rencana aksi), then Renja or RKPD, then Renstra or
    RPJMD, among the documents that set a target for the period (for a
    triwulan or month, for any period of that kind up to it). A target row
    without a value does not count, nor does a PK or rencana aksi before it
    is signed (ditetapkan): until then its targets are a proposal. Between
    two of the same rank the newer document (a perubahan) wins.
    """
    wanted = _periods_for(periode)
    candidates = {
        t.dokumen_id: t.dokumen
        for t in targets
        if t.periode in wanted and t.has_value() and _counts(t.dokumen)
    }
    if not candidates:
        return None
    return max(
        candidates.values(),
        key=lambda dok: (Dokumen.PRIORITAS_TARGET.get(dok.jenis, 0), dok.pk),
    )


def _counts(dokumen: Dokumen) -> bool:
    if dokumen.jenis in (Dokumen.Jenis.PK, Dokumen.Jenis.RENAKSI):
        return dokumen.status == Dokumen.Status.DITETAPKAN
    return True


def _periods_for(periode: str) -> set[str]:
    kind = engine.Periode(periode)
    if kind is engine.Periode.TAHUNAN:
        return {"tahunan"}
    if kind.is_triwulan:
        return {p.value for p in engine.triwulan_sampai(kind)} | {
            p.value for p in engine.bulan_sampai(kind)
        }
    return {p.value for p in engine.bulan_sampai(kind)}


def engine_target(row: Target) -> engine.Target:
    """Return the engine's form of a target row: a scale value, a band or a
    number."""
    if row.nilai_skala:
        return engine.Target(nilai_skala=row.nilai_skala)
    if row.batas_bawah is not None or row.batas_atas is not None:
        return engine.Target(batas_bawah=row.batas_bawah, batas_atas=row.batas_atas)
    return engine.Target(nilai=row.nilai)


def _own_period_missing(realisasi: dict, periode: str) -> bool:
    """Whether the period itself has no realisation, so its capaian waits.

    Without this rule ``akhir`` would carry last quarter's value into a
    quarter that has no report yet, and ``kumulatif`` would compare a sum
    that lacks the quarter with the target to date.
    """
    kind = engine.Periode(periode)
    if kind is engine.Periode.TAHUNAN:
        return False
    if kind.is_triwulan:
        months = engine.bulan_sampai(kind)[-3:]
        return realisasi.get(periode) is None and all(
            realisasi.get(m.value) is None for m in months
        )
    return realisasi.get(periode) is None


def _compute_one(
    indikator: Indikator,
    *,
    tahun: int,
    periode: str,
    targets: list[Target],
    realisasi: dict,
    context: _Context,
) -> CapaianIndikator:
    dokumen = choose_target_document(targets, periode=periode)
    target_rows = {
        t.periode: engine_target(t)
        for t in targets
        if dokumen is not None and t.dokumen_id == dokumen.pk and t.has_value()
    }
    agregasi = engine.Agregasi(indikator.agregasi)
    rumus_negatif = engine.RumusNegatif(
        indikator.rumus_negatif or context.rumus_negatif
    )
    skala = context.skala.get(indikator.skala_id) if indikator.skala_id else None
    realisasi_used = {} if _own_period_missing(realisasi, periode) else realisasi

    try:
        hasil = engine.compute_capaian_to_date(
            polaritas=engine.Polaritas(indikator.polaritas),
            targets=target_rows,
            realisasi=realisasi_used,
            periode=engine.Periode(periode),
            agregasi=agregasi,
            rumus_negatif=rumus_negatif,
            skala=skala,
        )
    except ValueError as error:
        # Data that does not fit the indikator (a number target after the
        # polaritas became rentang, a value missing from its scale) must not
        # break a whole dashboard: this capaian is undefined, with the reason.
        logger.warning(
            "Capaian of indikator %s %s %s not computed: %s",
            indikator.kode,
            tahun,
            periode,
            error,
        )
        hasil = engine.HasilCapaian(
            nilai=None,
            nilai_rumus=None,
            rumus="—",
            keterangan=_("data tidak cocok dengan indikator: %(pesan)s")
            % {"pesan": error},
        )
    kategori = hasil.kategori
    return CapaianIndikator(
        indikator=indikator,
        tahun=tahun,
        periode=periode,
        target=None if hasil.target is None else hasil.target.nilai,
        target_teks=_format_target(hasil.target),
        sumber_target=None if dokumen is None else dokumen.kode,
        realisasi=hasil.realisasi if isinstance(hasil.realisasi, Decimal) else None,
        realisasi_teks=_format_value(hasil.realisasi),
        capaian=hasil.nilai,
        capaian_2dp=hasil.capaian_2dp,
        kategori=None if kategori is None else kategori.value,
        warna=None if kategori is None else kategori.warna,
        keterangan=None if hasil.keterangan is None else _(hasil.keterangan),
        rumus=_(hasil.rumus),
        nilai_rumus=hasil.nilai_rumus,
        batas_bawah=None if hasil.target is None else hasil.target.batas_bawah,
        batas_atas=None if hasil.target is None else hasil.target.batas_atas,
    )


def _format_value(value: Decimal | str | None) -> str:
    """Show a target or realisation with its own decimals (two at least, four
    at most), so that 0,648 is not shown as 0,65 beside a capaian computed
    from 0,648."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return format_nilai(value)


def _format_target(target: engine.Target | None) -> str:
    if target is None:
        return "—"
    if target.is_skala:
        return target.nilai_skala or "—"
    if target.is_rentang:
        return f"{format_angka(target.batas_bawah)}–{format_angka(target.batas_atas)}"
    return _format_value(target.nilai)
