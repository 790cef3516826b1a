"""What the LKjIP of the Pemda or of one OPD reports, assembled from verified data.

``lkjip_data`` returns a JSON-safe dict: Decimals as unrounded strings, money
as int, and no date of the day it was made, so that adopting an LKjIP can
store the dict as it is and render it again years later with the same
numbers. The renderers in ``dokumen`` draw the DOCX and PDF from that dict
alone. docs/pelaporan.md lists the keys and where each value comes from.

The number of queries does not grow with the number of sasaran, indikator or
programs; it grows only with the years of the strategic period, for the
comparison with earlier years.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sakip.core.angka import format_nilai
from sakip.core.templatetags.sakip_format import nilai_target
from sakip.organisasi.models import Pengaturan, Unit
from sakip.pengukuran import capaian as engine
from sakip.pengukuran.progres import ProgresIndikator, progres_indikator_list
from sakip.pengukuran.selectors import (
    CapaianIndikator,
    capaian_indikator_list,
    load_context,
)
from sakip.pengukuran.tindak_lanjut import faktor_penghambat_list
from sakip.perencanaan.models import Dokumen, Elemen, Indikator
from sakip.perencanaan.selectors import dokumen_berlaku_list
from sakip.perjanjian.models import BarisPK, Level, PerjanjianKinerja
from sakip.perjanjian.selectors import anggaran_list

from .lkjip_anggaran import anggaran_sasaran, anggaran_unit, efisiensi_for
from .lkjip_format import dec, dokumen_dict, two_places

VERSI_FORMAT = 1
BELUM_DIISI = "belum diisi"


def lkjip_data(*, unit: Unit, tahun: int) -> dict:
    """Assemble what the LKjIP of ``unit`` (the Pemda or an OPD) for ``tahun``
    reports, as a JSON-safe dict (see the module docstring).

    Sasaran and indikator come from the newest signed PK of the year (the
    Kepala Daerah's for the Pemda, the Kepala OPD's for an OPD); without one,
    from the year's RKPD or Renja, and ``catatan`` states it. A unit of another
    jenis raises ValueError.
    """
    if unit.jenis not in (Unit.Jenis.PEMDA, Unit.Jenis.PERANGKAT_DAERAH):
        raise ValueError(
            f"An LKjIP is made for the Pemda or an OPD, not for {unit.kode} "
            f"({unit.jenis})."
        )
    is_pemda = unit.jenis == Unit.Jenis.PEMDA
    catatan: list[str] = []
    pengaturan = Pengaturan.load()

    strategis = _strategis(unit=unit, tahun=tahun, is_pemda=is_pemda)
    tahunan = _tahunan(unit=unit, tahun=tahun, is_pemda=is_pemda)
    perjanjian = _perjanjian(unit=unit, tahun=tahun, is_pemda=is_pemda)
    _note_documents(
        catatan,
        strategis=strategis,
        tahunan=tahunan,
        perjanjian=perjanjian,
        tahun=tahun,
        is_pemda=is_pemda,
    )

    indikator_qs = _indikator_queryset(
        perjanjian=perjanjian, tahunan=tahunan, is_pemda=is_pemda
    )
    sasaran = _sasaran_list(
        indikator_qs=indikator_qs,
        perjanjian=perjanjian,
        unit=unit,
        tahun=tahun,
        strategis=strategis,
        catatan=catatan,
    )
    anggaran_per_sasaran = anggaran_sasaran(
        sasaran_ids=[item["_pk"] for item in sasaran], tahun=tahun, is_pemda=is_pemda
    )
    for item in sasaran:
        budget = anggaran_per_sasaran.get(item.pop("_pk"))
        item["anggaran"] = budget["anggaran"] if budget else _kosong_anggaran()
        item["program"] = budget["program"] if budget else []
        item["efisiensi"] = efisiensi_for(
            capaian_2dp=item["capaian_2dp"], serapan_2dp=item["anggaran"]["serapan_2dp"]
        )
    total = anggaran_unit(unit=unit, tahun=tahun, is_pemda=is_pemda)
    _note_anggaran(catatan, unit=unit, tahun=tahun, total=total, sasaran=sasaran)

    return {
        "versi_format": VERSI_FORMAT,
        "unit": {"kode": unit.kode, "nama": unit.nama, "jenis": unit.jenis},
        "tahun": tahun,
        "pengaturan": {
            "rumus_negatif": pengaturan.rumus_negatif,
            "batas_rollup": pengaturan.batas_rollup,
            "nama_pemda": pengaturan.nama_pemda or _nama_pemda(unit),
        },
        "dokumen": {
            "strategis": dokumen_dict(strategis),
            "tahunan": dokumen_dict(tahunan),
            "pk": dokumen_dict(perjanjian.dokumen if perjanjian else None),
        },
        "sasaran": sasaran,
        "anggaran": {
            key: total[key] for key in ("pagu", "realisasi", "serapan", "serapan_2dp")
        },
        "pk": _pk_dict(perjanjian),
        "iku": _iku_list(strategis=strategis, indikator_qs=indikator_qs, tahun=tahun),
        "catatan": catatan,
    }


def narasi_for(unit: Unit, tahun: int) -> dict:
    """Return the narrative of the stored LKjIP of ``unit`` and ``tahun`` in the
    ``narasi`` layout of the renderers; the sasaran analysis fields left empty
    are prefilled from the year's corrective actions (``services.narasi_for``).
    """
    # Imported here: services imports this module.
    from .services import narasi_for as stored_narasi

    return stored_narasi(unit, tahun)


def _strategis(*, unit: Unit, tahun: int, is_pemda: bool) -> Dokumen | None:
    jenis = Dokumen.Jenis.RPJMD if is_pemda else Dokumen.Jenis.RENSTRA
    return _dokumen_laporan(jenis=jenis, unit=unit, tahun=tahun)


def _tahunan(*, unit: Unit, tahun: int, is_pemda: bool) -> Dokumen | None:
    jenis = Dokumen.Jenis.RKPD if is_pemda else Dokumen.Jenis.RENJA
    return _dokumen_laporan(jenis=jenis, unit=unit, tahun=tahun)


def _dokumen_laporan(*, jenis: str, unit: Unit, tahun: int) -> Dokumen | None:
    """Return the document of ``jenis`` that the report of ``tahun`` stands on.

    The newest ditetapkan version counts, even when a draft perubahan of it
    exists, because a draft is a proposal. Without any ditetapkan version the
    newest draft is used, and ``_note_documents`` says it is not adopted.
    """
    berlaku = dokumen_berlaku_list(jenis=jenis, tahun=tahun, unit=unit)
    adopted = (
        Dokumen.objects.filter(
            Q(tahun_akhir__gte=tahun) | Q(tahun_akhir__isnull=True, tahun_awal=tahun),
            jenis=jenis,
            unit=unit,
            tahun_awal__lte=tahun,
            status=Dokumen.Status.DITETAPKAN,
        )
        .order_by("-pk")
        .first()
    )
    return adopted or berlaku.order_by("-pk").first()


def _perjanjian(*, unit: Unit, tahun: int, is_pemda: bool) -> PerjanjianKinerja | None:
    """Return the newest signed PK of the unit's head for ``tahun``.

    A PK perubahan is a newer document than the PK it replaces, so the highest
    document pk among the signed versions is the newest. A draft perubahan
    does not count until it is signed.
    """
    level = Level.KEPALA_DAERAH if is_pemda else Level.KEPALA_OPD
    return (
        PerjanjianKinerja.objects.filter(
            level=level,
            unit=unit,
            tahun=tahun,
            status=PerjanjianKinerja.Status.DITANDATANGANI,
        )
        .select_related("dokumen", "sumber")
        .order_by("-dokumen_id")
        .first()
    )


def _note_documents(
    catatan: list[str],
    *,
    strategis: Dokumen | None,
    tahunan: Dokumen | None,
    perjanjian: PerjanjianKinerja | None,
    tahun: int,
    is_pemda: bool,
) -> None:
    jenis_strategis = _("RPJMD") if is_pemda else _("Renstra")
    jenis_tahunan = _("RKPD") if is_pemda else _("Renja")
    level = Level.KEPALA_DAERAH if is_pemda else Level.KEPALA_OPD
    if strategis is None:
        catatan.append(
            _(
                "Belum ada %(jenis)s yang mencakup tahun %(tahun)s, sehingga target "
                "akhir periode, progres dan perbandingan dengan tahun sebelumnya "
                "tidak tersedia."
            )
            % {"jenis": jenis_strategis, "tahun": tahun}
        )
    for dokumen in (strategis, tahunan):
        if dokumen is not None and dokumen.status != Dokumen.Status.DITETAPKAN:
            catatan.append(
                _(
                    "%(kode)s belum ditetapkan; angka laporan ini dapat berubah "
                    "sampai dokumen itu ditetapkan."
                )
                % {"kode": dokumen.kode}
            )
    if perjanjian is not None:
        return
    if tahunan is None:
        catatan.append(
            _(
                "Belum ada Perjanjian Kinerja %(level)s tahun %(tahun)s yang "
                "ditandatangani dan belum ada %(jenis)s tahun %(tahun)s, sehingga "
                "laporan ini belum memiliki sasaran dan indikator."
            )
            % {"level": Level(level).label, "tahun": tahun, "jenis": jenis_tahunan}
        )
        return
    catatan.append(
        _(
            "Belum ada Perjanjian Kinerja %(level)s tahun %(tahun)s yang "
            "ditandatangani; sasaran dan indikator diambil dari %(jenis)s "
            "%(kode)s, dan lampiran PK dikosongkan."
        )
        % {
            "level": Level(level).label,
            "tahun": tahun,
            "jenis": jenis_tahunan,
            "kode": tahunan.kode,
        }
    )


def _indikator_queryset(
    *,
    perjanjian: PerjanjianKinerja | None,
    tahunan: Dokumen | None,
    is_pemda: bool,
) -> QuerySet[Indikator]:
    """Return the indikator the LKjIP reports: the PK's rows, else the
    sasaran indikator of the RKPD, or the sasaran IKU of the Renja (all its
    sasaran indikator when none is marked IKU), the rows a new PK would get."""
    if perjanjian is not None:
        return Indikator.objects.filter(baris_pk__perjanjian=perjanjian)
    if tahunan is None:
        return Indikator.objects.none()
    indikator = Indikator.objects.filter(
        elemen__dokumen=tahunan, elemen__jenis=Elemen.Jenis.SASARAN
    )
    if not is_pemda and indikator.filter(iku=True).exists():
        indikator = indikator.filter(iku=True)
    return indikator


def _sasaran_list(
    *,
    indikator_qs: QuerySet[Indikator],
    perjanjian: PerjanjianKinerja | None,
    unit: Unit,
    tahun: int,
    strategis: Dokumen | None,
    catatan: list[str],
) -> list[dict]:
    """Build the sasaran with their indikator, capaian, history and progress.

    Each sasaran carries its elemen pk as ``_pk`` for the budget step, which
    removes it."""
    hasil = capaian_indikator_list(
        indikator=indikator_qs, tahun=tahun, hanya_terverifikasi=True
    )
    hasil.sort(key=_order_key(perjanjian))
    indikator_list = [item.indikator for item in hasil]
    context = load_context(hanya_terverifikasi=True)
    riwayat = _riwayat(indikator_qs=indikator_qs, tahun=tahun, strategis=strategis)
    progres = progres_indikator_list(
        indikator_qs, tahun=tahun, hanya_terverifikasi=True, strategis=strategis
    )
    tindak_lanjut = _tindak_lanjut(unit=unit, tahun=tahun, indikator=indikator_list)

    by_sasaran: dict[int, dict] = {}
    for item in hasil:
        elemen = item.indikator.elemen
        sasaran = by_sasaran.get(elemen.pk)
        if sasaran is None:
            sasaran = by_sasaran[elemen.pk] = {
                "_pk": elemen.pk,
                "kode": elemen.kode,
                "uraian": elemen.uraian,
                "indikator": [],
                "tindak_lanjut": [],
                "_nilai": [],
            }
        sasaran["indikator"].append(
            _indikator_dict(
                item,
                riwayat=riwayat.get(item.indikator.pk, []),
                progres=progres.get(item.indikator.pk),
            )
        )
        sasaran["tindak_lanjut"].extend(tindak_lanjut.get(item.indikator.pk, []))
        sasaran["_nilai"].append(item.capaian)

    result = []
    for sasaran in by_sasaran.values():
        value = engine.roll_up(sasaran.pop("_nilai"), batas=context.batas_rollup)
        kategori = engine.kategori_for(value)
        sasaran["capaian"] = dec(value)
        sasaran["capaian_2dp"] = two_places(value)
        sasaran["kategori"] = None if kategori is None else kategori.value
        result.append(sasaran)
    _note_indikator(catatan, hasil)
    return result


def _order_key(perjanjian: PerjanjianKinerja | None):
    """Order capaian as the PK lists its rows, else by the plan's tree."""
    if perjanjian is None:

        def by_tree(item: CapaianIndikator) -> tuple:
            indikator = item.indikator
            elemen = indikator.elemen
            return (elemen.urutan, elemen.kode, indikator.urutan, indikator.kode)

        return by_tree

    urutan = {
        indikator_id: position
        for position, indikator_id in enumerate(
            BarisPK.objects.filter(perjanjian=perjanjian).values_list(
                "indikator_id", flat=True
            )
        )
    }

    def by_pk(item: CapaianIndikator) -> tuple:
        return (urutan.get(item.indikator.pk, len(urutan)), item.indikator.kode)

    return by_pk


def _indikator_dict(
    item: CapaianIndikator,
    *,
    riwayat: list[dict],
    progres: ProgresIndikator | None,
) -> dict:
    indikator = item.indikator
    kondisi_awal = None if progres is None else progres.kondisi_awal
    realisasi_ada = item.realisasi_teks != "—"
    hasil = (
        progres.hasil
        if progres is not None
        else engine.compute_progres(
            kondisi_awal=None, target_akhir=None, realisasi=None
        )
    )
    akhir = None if progres is None else progres.target_akhir
    return {
        "kode": indikator.kode,
        "uraian": indikator.uraian,
        "satuan": indikator.satuan,
        "iku": indikator.iku,
        "polaritas": indikator.polaritas,
        "agregasi": indikator.agregasi,
        "definisi": indikator.definisi,
        "formula": indikator.formula,
        "sumber_data": indikator.sumber_data,
        "rumus": item.rumus,
        "kondisi_awal": dec(kondisi_awal),
        "kondisi_awal_teks": _nilai_teks(kondisi_awal),
        "target": dec(item.target),
        "target_teks": item.target_teks,
        "batas_bawah": dec(item.batas_bawah),
        "batas_atas": dec(item.batas_atas),
        "sumber_target": item.sumber_target,
        "realisasi": dec(item.realisasi),
        "realisasi_teks": item.realisasi_teks if realisasi_ada else _(BELUM_DIISI),
        "capaian": dec(item.capaian),
        "capaian_2dp": two_places(item.capaian),
        "nilai_rumus": dec(item.nilai_rumus),
        "kategori": item.kategori,
        "keterangan": item.keterangan,
        "riwayat": riwayat,
        "target_akhir": None
        if akhir is None
        else {
            "tahun": akhir.tahun,
            "tahun_awal": akhir.dokumen.tahun_awal,
            "teks": akhir.teks,
            "dokumen": akhir.dokumen.kode,
            "dijumlahkan": akhir.dijumlahkan,
        },
        "realisasi_progres": None if progres is None else dec(progres.realisasi),
        "realisasi_progres_teks": _realisasi_progres_teks(progres),
        "progres": dec(hasil.nilai),
        "progres_2dp": two_places(hasil.nilai),
        "progres_keterangan": None if hasil.keterangan is None else _(hasil.keterangan),
        "progres_rumus": _(hasil.rumus),
    }


def _realisasi_progres_teks(progres: ProgresIndikator | None) -> str:
    """Show the realisation the progress was computed from: for a kumulatif
    indikator the sum since the start of the period, else the year's."""
    if progres is None or progres.realisasi is None:
        return "—"
    teks = progres.realisasi_teks
    akhir = progres.target_akhir
    if akhir is not None and akhir.dijumlahkan:
        return _("%(nilai)s (jumlah %(awal)s–%(tahun)s)") % {
            "nilai": teks,
            "awal": akhir.dokumen.tahun_awal,
            "tahun": progres.tahun,
        }
    return teks


def _riwayat(
    *, indikator_qs: QuerySet[Indikator], tahun: int, strategis: Dokumen | None
) -> dict[int, list[dict]]:
    """Return, per indikator pk, the capaian of its family in each earlier
    year of the strategic period that has a target or a realisation.

    One capaian computation (five queries) per earlier year."""
    if strategis is None:
        return {}
    result: dict[int, list[dict]] = {}
    for year in range(strategis.tahun_awal, tahun):
        for item in capaian_indikator_list(
            indikator=indikator_qs, tahun=year, hanya_terverifikasi=True
        ):
            has_target = item.sumber_target is not None
            has_realisasi = item.realisasi_teks != "—"
            if not (has_target or has_realisasi):
                continue
            result.setdefault(item.indikator.pk, []).append(
                {
                    "tahun": year,
                    "target_teks": item.target_teks,
                    "realisasi_teks": item.realisasi_teks
                    if has_realisasi
                    else _(BELUM_DIISI),
                    "capaian": dec(item.capaian),
                    "capaian_2dp": two_places(item.capaian),
                    "kategori": item.kategori,
                    "keterangan": item.keterangan,
                }
            )
    return result


def _tindak_lanjut(
    *, unit: Unit, tahun: int, indikator: Iterable[Indikator]
) -> dict[int, list[dict]]:
    """Return, per indikator pk, the faktor penghambat stated in the year's
    corrective actions, the starting point of the analysis of each sasaran.

    The actions are stored on the PK's indikator, which is the one reported."""
    wanted = {item.pk for item in indikator}
    result: dict[int, list[dict]] = {}
    for action in faktor_penghambat_list(unit, tahun):
        if action.indikator_id not in wanted:
            continue
        result.setdefault(action.indikator_id, []).append(
            {
                "indikator": action.indikator.kode,
                "periode": action.periode,
                "faktor_penghambat": action.faktor_penghambat,
                "tindakan": action.tindakan,
                "status": action.status,
            }
        )
    return result


def _note_indikator(catatan: list[str], hasil: list[CapaianIndikator]) -> None:
    if not hasil:
        return
    belum_diisi = [item.indikator.kode for item in hasil if item.realisasi_teks == "—"]
    if belum_diisi:
        catatan.append(
            _(
                "Realisasi %(jumlah)s indikator belum diisi atau belum "
                "diverifikasi, sehingga capaiannya tidak dihitung: %(kode)s."
            )
            % {"jumlah": len(belum_diisi), "kode": ", ".join(belum_diisi)}
        )
    for item in hasil:
        if item.realisasi_teks == "—" or item.capaian is not None:
            continue
        catatan.append(
            _("Capaian indikator %(kode)s tidak dapat dihitung: %(alasan)s.")
            % {"kode": item.indikator.kode, "alasan": item.keterangan}
        )


def _note_anggaran(
    catatan: list[str], *, unit: Unit, tahun: int, total: dict, sasaran: list[dict]
) -> None:
    if total["pagu"] is None:
        catatan.append(
            _(
                "Belum ada pagu DPA tahun %(tahun)s untuk %(unit)s, sehingga "
                "realisasi anggaran dan efisiensi tidak dihitung."
            )
            % {"tahun": tahun, "unit": unit.nama}
        )
    if total["belum_diverifikasi"]:
        catatan.append(
            _(
                "%(jumlah)s isian realisasi keuangan bulanan tahun %(tahun)s belum "
                "diverifikasi dan tidak dihitung."
            )
            % {"jumlah": total["belum_diverifikasi"], "tahun": tahun}
        )
    tanpa_pagu = [s["kode"] for s in sasaran if s["anggaran"]["pagu"] is None]
    if total["pagu"] is not None and tanpa_pagu:
        catatan.append(
            _("Sasaran tanpa pagu program: %(kode)s.") % {"kode": ", ".join(tanpa_pagu)}
        )


def _kosong_anggaran() -> dict:
    return {"pagu": None, "realisasi": None, "serapan": None, "serapan_2dp": None}


def _pk_dict(perjanjian: PerjanjianKinerja | None) -> dict | None:
    if perjanjian is None:
        return None
    baris = list(
        BarisPK.objects.filter(perjanjian=perjanjian).select_related(
            "indikator__elemen", "target"
        )
    )
    pihak_kedua = None
    if perjanjian.pihak_kedua_nama:
        pihak_kedua = {
            "nama": perjanjian.pihak_kedua_nama,
            "jabatan": perjanjian.pihak_kedua_nama_jabatan,
            "nip": perjanjian.pihak_kedua_nip,
        }
    return {
        "kode": perjanjian.dokumen.kode,
        "level": perjanjian.level,
        "versi": perjanjian.dokumen.versi,
        "tanggal": perjanjian.tanggal.isoformat(),
        "pihak_pertama": {
            "nama": perjanjian.pihak_pertama_nama,
            "jabatan": perjanjian.pihak_pertama_nama_jabatan,
            "nip": perjanjian.pihak_pertama_nip,
        },
        "pihak_kedua": pihak_kedua,
        "baris": [
            {
                "sasaran": row.indikator.elemen.uraian,
                "indikator": row.indikator.uraian,
                "indikator_kode": row.indikator.kode,
                "satuan": row.indikator.satuan,
                "target_teks": nilai_target(row.target),
            }
            for row in baris
        ],
        "anggaran": [
            {"nomenklatur": row.nomenklatur, "uraian": row.uraian, "pagu": row.pagu}
            for row in anggaran_list(perjanjian=perjanjian, baris=baris)
        ],
    }


def _iku_list(
    *, strategis: Dokumen | None, indikator_qs: QuerySet[Indikator], tahun: int
) -> list[dict]:
    """List the IKU of the strategic document with their target of the year
    (the PK's where one is signed); failing any, the reported indikator
    marked IKU."""
    iku = Indikator.objects.none()
    if strategis is not None:
        iku = Indikator.objects.filter(elemen__dokumen=strategis, iku=True)
    if not iku.exists():
        iku = indikator_qs.filter(iku=True)
    hasil = capaian_indikator_list(indikator=iku, tahun=tahun, hanya_terverifikasi=True)
    hasil.sort(
        key=lambda item: (
            item.indikator.elemen.urutan,
            item.indikator.elemen.kode,
            item.indikator.urutan,
            item.indikator.kode,
        )
    )
    return [
        {
            "kode": item.indikator.kode,
            "sasaran": item.indikator.elemen.uraian,
            "uraian": item.indikator.uraian,
            "satuan": item.indikator.satuan,
            "definisi": item.indikator.definisi,
            "formula": item.indikator.formula,
            "sumber_data": item.indikator.sumber_data,
            "target_teks": item.target_teks,
        }
        for item in hasil
    ]


def _nilai_teks(value: Decimal | str | None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    return format_nilai(value)


def _nama_pemda(unit: Unit) -> str:
    while unit.induk_id is not None:
        unit = unit.induk
    return unit.nama
