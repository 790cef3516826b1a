import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from sakip.anggaran.models import KeuanganBulanan
from sakip.core.tests.permission_cases import ADMIN, EDIT, POST_ONLY, READ, Case
from sakip.pengukuran.models import JadwalInput, Realisasi, TindakLanjutKinerja
from sakip.perencanaan.models import Dokumen, Elemen

# One small PDF that every evidence case points at, written once: the
# permission test runs in the project's media folder, which should not fill
# up with a copy per run.
BUKTI_UJI = "bukti/uji/izin.pdf"


def _bukti_file() -> str:
    if not default_storage.exists(BUKTI_UJI):
        default_storage.save(BUKTI_UJI, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return BUKTI_UJI


def _sub_kegiatan(objects: dict, key: str) -> Elemen:
    """A sub kegiatan of a 2025 Renja of OPD ``key`` with one month entered."""
    name = f"sub_kegiatan_isian_{key}"
    if name not in objects:
        renja = Dokumen.objects.create(
            kode=f"RENJA-ISIAN-{key.upper()}-2025",
            jenis=Dokumen.Jenis.RENJA,
            unit=objects[f"opd_{key}"],
            tahun_awal=2025,
        )
        elemen = Elemen.objects.create(
            kode=f"SUBKEG-ISIAN-{key.upper()}",
            dokumen=renja,
            jenis=Elemen.Jenis.SUB_KEGIATAN,
            uraian="Sub kegiatan",
        )
        objects[name] = elemen
        objects[f"keuangan_{key}"] = KeuanganBulanan.objects.create(
            elemen=elemen,
            tahun=2025,
            bulan=1,
            realisasi_keuangan=1000,
            bukti=_bukti_file(),
            bukti_nama="izin.pdf",
        )
    return objects[name]


def _keuangan(objects: dict) -> dict[str, dict]:
    return {
        key: {"pk": (_sub_kegiatan(objects, key), objects[f"keuangan_{key}"])[1].pk}
        for key in ("a", "b")
    }


def _realisasi(objects: dict) -> dict[str, dict]:
    """The realisation of the ``rencana`` fixture, each with an evidence file."""
    scopes = {}
    for scope, indikator in (
        ("pemda", objects["iku"]),
        ("a", objects["indikator_a"]),
        ("b", objects["indikator_b"]),
    ):
        realisasi = Realisasi.objects.get(indikator=indikator, tahun=2025)
        if not realisasi.bukti:
            realisasi.bukti = _bukti_file()
            realisasi.save()
        scopes[scope] = {"pk": realisasi.pk}
    return scopes


def _jadwal(objects: dict) -> dict[str, dict]:
    if "jadwal" not in objects:
        objects["jadwal"] = JadwalInput.objects.create(
            tahun=2025,
            periode="TW1",
            mulai=datetime.datetime(2025, 4, 1, tzinfo=datetime.UTC),
            selesai=datetime.datetime(2025, 4, 10, tzinfo=datetime.UTC),
        )
    return {"pemda": {"pk": objects["jadwal"].pk}}


def _unit_periode(objects: dict, periode: str) -> dict[str, dict]:
    return {
        "pemda": {"pk": objects["rpjmd"].unit_id, "tahun": 2025, "periode": periode},
        "a": {"pk": objects["opd_a"].pk, "tahun": 2025, "periode": periode},
        "b": {"pk": objects["opd_b"].pk, "tahun": 2025, "periode": periode},
    }


def _indikator_periode(objects: dict) -> dict[str, dict]:
    return {
        scope: {"pk": objects[name].pk, "tahun": 2025, "periode": "TW1"}
        for scope, name in (
            ("pemda", "iku"),
            ("a", "indikator_a"),
            ("b", "indikator_b"),
        )
    }


def _tindak_lanjut(objects: dict) -> dict[str, dict]:
    """A corrective action on the indikator of each OPD of ``rencana``."""
    scopes = {}
    for key in ("a", "b"):
        tindak_lanjut, _created = TindakLanjutKinerja.objects.get_or_create(
            indikator=objects[f"indikator_{key}"],
            tahun=2025,
            periode="TW1",
            defaults={
                "unit": objects[f"opd_{key}"],
                "alasan": TindakLanjutKinerja.Alasan.KATEGORI_RENDAH,
            },
        )
        scopes[key] = {"pk": tindak_lanjut.pk}
    return scopes


def url_cases(objects: dict) -> dict[str, Case]:
    return {
        # Redirects to the input choice page or to the monitoring, by role.
        "pengukuran:index": Case(READ, {"pemda": {}}),
        "pengukuran:dasbor_pemda": Case(READ, {"pemda": {}}),
        "pengukuran:dasbor_opd": Case(
            READ,
            {"a": {"pk": objects["opd_a"].pk}, "b": {"pk": objects["opd_b"].pk}},
        ),
        "pengukuran:isian_pilih": Case(READ, {"pemda": {}}),
        # The input page of a unit: Admin Bappeda, and the Operator OPD of
        # that OPD; the Pemda's own page is Admin Bappeda's only.
        "pengukuran:isian_opd": Case(EDIT, _unit_periode(objects, "B01")),
        "pengukuran:isian_ajukan": Case(POST_ONLY, _unit_periode(objects, "B01")),
        # A GET of a row without HTMX goes on to the input page.
        "pengukuran:isian_kinerja_baris": Case(EDIT, _indikator_periode(objects)),
        "pengukuran:isian_keuangan_baris": Case(
            EDIT,
            {
                key: {"pk": _sub_kegiatan(objects, key).pk, "tahun": 2025, "bulan": 1}
                for key in ("a", "b")
            },
        ),
        # Everyone who may see the unit reads its verification page; only a
        # verifikator or Admin Bappeda gets the buttons, and the actions are
        # POST only.
        "pengukuran:verifikasi_opd": Case(READ, _unit_periode(objects, "TW1")),
        "pengukuran:verifikasi_terima_pilihan": Case(
            POST_ONLY, _unit_periode(objects, "TW1")
        ),
        "pengukuran:verifikasi_kinerja": Case(POST_ONLY, _realisasi(objects)),
        "pengukuran:verifikasi_keuangan": Case(POST_ONLY, _keuangan(objects)),
        "pengukuran:riwayat_kinerja": Case(READ, _realisasi(objects)),
        "pengukuran:riwayat_keuangan": Case(READ, _keuangan(objects)),
        "pengukuran:bukti_kinerja": Case(READ, _realisasi(objects)),
        "pengukuran:bukti_keuangan": Case(READ, _keuangan(objects)),
        "pengukuran:jadwal_list": Case(ADMIN, {"pemda": {}}),
        "pengukuran:jadwal_bawaan": Case(POST_ONLY, {"pemda": {}}),
        "pengukuran:jadwal_edit": Case(ADMIN, _jadwal(objects)),
        "pengukuran:jadwal_buka_ulang": Case(ADMIN, _jadwal(objects)),
        "pengukuran:monitoring": Case(READ, {"pemda": {}}),
        "pengukuran:monitoring_grafik_indikator": Case(
            READ,
            {
                key: {"pk": objects[f"indikator_{key}"].pk, "tahun": 2025}
                for key in ("a", "b")
            },
        ),
        "pengukuran:monitoring_grafik_sub_kegiatan": Case(
            READ,
            {
                key: {"pk": _sub_kegiatan(objects, key).pk, "tahun": 2025}
                for key in ("a", "b")
            },
        ),
        "pengukuran:tindak_lanjut_list": Case(READ, {"pemda": {}}),
        # Everyone who may see the unit reads the page; only its Operator OPD
        # and Admin Bappeda get the forms, and a POST of another unit's is 403.
        "pengukuran:tindak_lanjut_edit": Case(READ, _tindak_lanjut(objects)),
        "pengukuran:tindak_lanjut_selesai": Case(POST_ONLY, _tindak_lanjut(objects)),
    }
