import datetime

from sakip.core.tests.permission_cases import ADMIN, EDIT, POST_ONLY, READ, Case
from sakip.pelaporan.lkjip import lkjip_data
from sakip.pelaporan.models import (
    LaporanKinerja,
    PaketLaporanKinerja,
    RevisiLaporanKinerja,
)

TAHUN = 2025
TAHUN_BEKU = 2024
SCOPES = ("pemda", "a", "b")


def _units(objects: dict) -> dict:
    return {
        "pemda": objects["rpjmd"].unit,
        "a": objects["opd_a"],
        "b": objects["opd_b"],
    }


def _laporan_scopes(objects: dict) -> dict[str, dict]:
    units = _units(objects)
    return {scope: {"tahun": TAHUN, "unit": units[scope].pk} for scope in SCOPES}


def _bagian_scopes(objects: dict) -> dict[str, dict]:
    scopes = _laporan_scopes(objects)
    return {scope: {**kwargs, "bagian": "ikhtisar"} for scope, kwargs in scopes.items()}


def _analisis_scopes(objects: dict) -> dict[str, dict]:
    """The penyebab of each scope's sasaran in the ``rencana`` plan."""
    scopes = _laporan_scopes(objects)
    sasaran = {
        "pemda": objects["sasaran"],
        "a": objects["sasaran_a"],
        "b": objects["sasaran_b"],
    }
    return {
        scope: {**kwargs, "sasaran": sasaran[scope].kode, "bagian": "penyebab"}
        for scope, kwargs in scopes.items()
    }


def _revisi_scopes(objects: dict) -> dict[str, dict]:
    """An adopted LKjIP of each scope with one revision, written directly,
    for 2024 so that the 2025 ones stay drafts."""
    if "laporan_revisi" not in objects:
        for unit in _units(objects).values():
            data = lkjip_data(unit=unit, tahun=TAHUN_BEKU)
            laporan = LaporanKinerja.objects.create(
                unit=unit,
                tahun=TAHUN_BEKU,
                status=LaporanKinerja.Status.DITETAPKAN,
                isi_beku=data,
                narasi_beku={},
            )
            RevisiLaporanKinerja.objects.create(
                laporan=laporan,
                nomor=1,
                tanggal=datetime.date(2025, 6, 1),
                alasan="Koreksi realisasi",
                isi_beku=data,
                narasi_beku={},
            )
        objects["laporan_revisi"] = True
    units = _units(objects)
    return {
        scope: {"tahun": TAHUN_BEKU, "unit": units[scope].pk, "nomor": 1}
        for scope in SCOPES
    }


def _paket(objects: dict) -> dict[str, dict]:
    if "paket" not in objects:
        objects["paket"] = PaketLaporanKinerja.objects.create(tahun=TAHUN)
    return {"pemda": {"pk": objects["paket"].pk}}


def url_cases(objects: dict) -> dict[str, Case]:
    laporan = _laporan_scopes(objects)
    return {
        "pelaporan:laporan_list": Case(READ, {"pemda": {}}),
        "pelaporan:laporan_detail": Case(READ, laporan),
        "pelaporan:laporan_narasi_edit": Case(EDIT, _bagian_scopes(objects)),
        "pelaporan:laporan_narasi_isi": Case(READ, _bagian_scopes(objects)),
        "pelaporan:laporan_analisis_edit": Case(EDIT, _analisis_scopes(objects)),
        "pelaporan:laporan_analisis_isi": Case(READ, _analisis_scopes(objects)),
        "pelaporan:laporan_docx": Case(READ, laporan),
        "pelaporan:laporan_pdf": Case(READ, laporan),
        "pelaporan:laporan_tetapkan": Case(POST_ONLY, laporan),
        "pelaporan:laporan_publikasi": Case(POST_ONLY, laporan),
        "pelaporan:laporan_revisi_create": Case(POST_ONLY, laporan),
        "pelaporan:laporan_revisi_docx": Case(READ, _revisi_scopes(objects)),
        "pelaporan:laporan_revisi_pdf": Case(READ, _revisi_scopes(objects)),
        "pelaporan:laporan_paket_create": Case(ADMIN, {"pemda": {}}),
        "pelaporan:laporan_paket_detail": Case(ADMIN, _paket(objects)),
        "pelaporan:laporan_paket_progres": Case(ADMIN, _paket(objects)),
        "pelaporan:laporan_paket_unduh": Case(ADMIN, _paket(objects)),
    }
