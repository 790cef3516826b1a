import datetime

from sakip.core.tests.permission_cases import PUBLIC, Case
from sakip.pelaporan.lkjip import lkjip_data
from sakip.pelaporan.models import LaporanKinerja, RevisiLaporanKinerja
from sakip.perencanaan.models import Dokumen

from .helpers import make_signed_pk


def _published(objects: dict) -> dict:
    """A published RPJMD, a published signed PK and a published LKjIP with a
    revision, of a later period than the ``rencana`` plan, so that the other
    apps' pages of 2025 do not change."""
    if "rpjmd_publik" not in objects:
        rpjmd = Dokumen.objects.create(
            kode="RPJMD-PUBLIK",
            jenis=Dokumen.Jenis.RPJMD,
            unit=objects["rpjmd"].unit,
            nama="RPJMD publik 2030-2034",
            tahun_awal=2030,
            tahun_akhir=2034,
            status=Dokumen.Status.DITETAPKAN,
            dipublikasikan=True,
        )
        objects["rpjmd_publik"] = rpjmd
        objects["pk_publik"] = make_signed_pk(
            unit=rpjmd.unit, sumber=rpjmd, kode="PK-PUBLIK", tahun=2030
        )
        data = lkjip_data(unit=rpjmd.unit, tahun=2030)
        laporan = LaporanKinerja.objects.create(
            unit=rpjmd.unit,
            tahun=2030,
            status=LaporanKinerja.Status.DITETAPKAN,
            dipublikasikan=True,
            isi_beku=data,
            narasi_beku={},
        )
        RevisiLaporanKinerja.objects.create(
            laporan=laporan,
            nomor=1,
            tanggal=datetime.date(2031, 5, 2),
            alasan="Koreksi",
            isi_beku=data,
            narasi_beku={},
        )
    return objects


def url_cases(objects: dict) -> dict[str, Case]:
    _published(objects)
    pemda = {"pemda": {}}
    return {
        "portal:beranda": Case(PUBLIC, pemda),
        "portal:dokumen_list": Case(PUBLIC, pemda),
        "portal:dokumen_detail": Case(
            PUBLIC, {"pemda": {"kode": objects["rpjmd_publik"].kode}}
        ),
        "portal:pk_detail": Case(PUBLIC, {"pemda": {"kode": "PK-PUBLIK"}}),
        "portal:pk_pdf": Case(PUBLIC, {"pemda": {"kode": "PK-PUBLIK"}}),
        "portal:lkjip_pdf": Case(PUBLIC, {"pemda": {"unit": "PEMDA", "tahun": 2030}}),
        "portal:lkjip_revisi_pdf": Case(
            PUBLIC, {"pemda": {"unit": "PEMDA", "tahun": 2030, "nomor": 1}}
        ),
        "portal:data_index": Case(PUBLIC, pemda),
        "portal:data_unduh": Case(
            PUBLIC,
            {
                "pemda": {"nama": "indikator", "format": "csv"},
                "a": {"nama": "capaian", "format": "json"},
                "b": {"nama": "anggaran", "format": "csv"},
            },
        ),
    }
