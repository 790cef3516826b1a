import datetime
from decimal import Decimal

from sakip.core.tests.permission_cases import (
    CREATE,
    EDIT,
    POST_ONLY,
    PUBLIC,
    READ,
    Case,
)
from sakip.perencanaan.models import Dokumen, Target
from sakip.perjanjian.models import BarisPK, Jabatan, Level, PerjanjianKinerja


def make_perjanjian(unit, level, sumber) -> PerjanjianKinerja:
    """A draft PK of ``unit`` with no rows, written directly, for page tests."""
    jabatan = Jabatan.objects.create(unit=unit, level=level, nama=f"Kepala {unit}")
    dokumen = Dokumen.objects.create(
        kode=f"PK-{unit.kode}-{level}",
        jenis=Dokumen.Jenis.PK,
        unit=unit,
        nama=f"PK {unit.nama}",
        tahun_awal=2025,
    )
    return PerjanjianKinerja.objects.create(
        dokumen=dokumen,
        level=level,
        unit=unit,
        tahun=2025,
        tanggal=datetime.date(2025, 1, 15),
        sumber=sumber,
        pihak_pertama_jabatan=jabatan,
        pihak_pertama_nama_jabatan=jabatan.nama,
        pihak_pertama_nama="Pejabat",
    )


def _scopes(objects: dict) -> dict[str, dict]:
    if "pk_pemda" not in objects:
        objects["pk_pemda"] = make_perjanjian(
            objects["rpjmd"].unit, Level.KEPALA_DAERAH, objects["rpjmd"]
        )
        for key in ("a", "b"):
            objects[f"pk_{key}"] = make_perjanjian(
                objects[f"opd_{key}"], Level.KEPALA_OPD, objects[f"renstra_{key}"]
            )
    return {scope: {"pk": objects[f"pk_{scope}"].pk} for scope in ("pemda", "a", "b")}


def _baris_scopes(objects: dict) -> dict[str, dict]:
    """One row in each scope's PK, on an indikator of the ``rencana`` plan."""
    _scopes(objects)
    if "baris_pemda" not in objects:
        for scope, indikator in (
            ("pemda", objects["iku"]),
            ("a", objects["indikator_a"]),
            ("b", objects["indikator_b"]),
        ):
            perjanjian = objects[f"pk_{scope}"]
            target = Target.objects.create(
                indikator=indikator,
                dokumen=perjanjian.dokumen,
                tahun=2025,
                nilai=Decimal("50"),
            )
            objects[f"baris_{scope}"] = BarisPK.objects.create(
                perjanjian=perjanjian, indikator=indikator, target=target
            )
    scopes = ("pemda", "a", "b")
    return {scope: {"pk": objects[f"baris_{scope}"].pk} for scope in scopes}


def _signed(objects: dict) -> dict[str, dict]:
    if "pk_ditandatangani" not in objects:
        perjanjian = make_perjanjian(
            objects["opd_a"], Level.KEPALA_BIDANG, objects["renstra_a"]
        )
        perjanjian.status = PerjanjianKinerja.Status.DITANDATANGANI
        perjanjian.berkas_sha256 = "0" * 64
        perjanjian.save()
        objects["pk_ditandatangani"] = perjanjian
    return {"a": {"kode": objects["pk_ditandatangani"].kode_verifikasi}}


def url_cases(objects: dict) -> dict[str, Case]:
    return {
        "perjanjian:pk_list": Case(READ, {"pemda": {}}),
        "perjanjian:pk_create": Case(CREATE, {"pemda": {}}),
        "perjanjian:pk_detail": Case(READ, _scopes(objects)),
        "perjanjian:pk_tandatangani": Case(POST_ONLY, _scopes(objects)),
        "perjanjian:pk_perubahan": Case(POST_ONLY, _scopes(objects)),
        "perjanjian:pk_pdf": Case(READ, _scopes(objects)),
        "perjanjian:pk_docx": Case(READ, _scopes(objects)),
        "perjanjian:baris_row": Case(READ, _baris_scopes(objects)),
        "perjanjian:baris_target_edit": Case(EDIT, _baris_scopes(objects)),
        "perjanjian:pk_verifikasi": Case(PUBLIC, _signed(objects)),
    }
