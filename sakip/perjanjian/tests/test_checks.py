import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sakip.perencanaan.checks import GALAT, PERINGATAN, check_plans
from sakip.perencanaan.models import Dokumen, Target
from sakip.perencanaan.tests.factories import DokumenFactory, TargetFactory
from sakip.perjanjian import services
from sakip.perjanjian.models import BarisPK, Level, PenugasanJabatan
from sakip.tahunan.services import renja_buat_dari_renstra

from .conftest import TANGGAL, add_jabatan

pytestmark = pytest.mark.django_db


def _buat(level, unit, user):
    return services.pk_buat_dari_sumber(
        level=level, unit=unit, tahun=2025, user=user, tanggal=TANGGAL
    )


@pytest.fixture
def semua_pk(tahunan, jabatan, admin, pemda, opd_a, bidang_a):
    return {
        level: _buat(level, unit, admin)
        for level, unit in (
            (Level.KEPALA_DAERAH, pemda),
            (Level.KEPALA_OPD, opd_a),
            (Level.KEPALA_BIDANG, bidang_a),
            (Level.PPTK, bidang_a),
        )
    }


def add_renaksi(perjanjian_list, periode="TW2"):
    """Give every row of the PKs a rencana aksi target of ``periode``."""
    for perjanjian in perjanjian_list:
        renaksi = DokumenFactory(
            jenis=Dokumen.Jenis.RENAKSI, unit=perjanjian.unit, tahun_akhir=None
        )
        for baris in perjanjian.baris.all():
            TargetFactory(indikator=baris.indikator, dokumen=renaksi, periode=periode)


def pk_temuan(**kwargs):
    return [t for t in check_plans(tahun=2025, **kwargs) if t.jenis.startswith("pk_")]


def found(temuan, jenis):
    return sorted((t.tingkat, t.kode, t.unit) for t in temuan if t.jenis == jenis)


def test_consistent(semua_pk):
    add_renaksi(semua_pk.values())

    assert pk_temuan() == []


def test_tanpa_renaksi(semua_pk, opd_b):
    kadis_pk = semua_pk[Level.KEPALA_OPD]
    add_renaksi([semua_pk[Level.KEPALA_DAERAH]])
    # A yearly target is no rencana aksi; another unit's rencana aksi is not
    # this unit's.
    add_renaksi([kadis_pk], periode="tahunan")
    renaksi_b = DokumenFactory(jenis=Dokumen.Jenis.RENAKSI, unit=opd_b)
    TargetFactory(indikator=kadis_pk.baris.get().indikator, dokumen=renaksi_b)

    temuan = found(pk_temuan(), "pk_tanpa_renaksi")

    rows = BarisPK.objects.exclude(perjanjian=semua_pk[Level.KEPALA_DAERAH])
    assert len(temuan) == rows.count() > 0
    assert {tingkat for tingkat, _kode, _unit in temuan} == {PERINGATAN}
    assert (PERINGATAN, "RJ2025-IND-A", "Dinas A") in temuan
    assert not any(unit == "Kabupaten Contoh" for _t, _k, unit in temuan)


def test_target_berbeda(semua_pk, ani, bidang_a):
    add_renaksi(semua_pk.values())
    baris = semua_pk[Level.KEPALA_OPD].baris.get()
    services.pk_ubah_target(
        baris=baris, nilai=Decimal("55"), alasan="Kapasitas naik", user=ani
    )
    lain = semua_pk[Level.KEPALA_BIDANG].baris.first()
    Target.objects.filter(pk=lain.target_id).update(nilai=Decimal("12.5"))

    temuan = {t.kode: t for t in pk_temuan() if t.jenis == "pk_target_berbeda"}

    assert set(temuan) == {baris.indikator.kode, lain.indikator.kode}
    dengan_alasan = temuan[baris.indikator.kode]
    assert dengan_alasan.tingkat == PERINGATAN
    assert dengan_alasan.nilai == ("55", "50")
    assert "Kapasitas naik" in dengan_alasan.pesan
    tanpa_alasan = temuan[lain.indikator.kode]
    assert tanpa_alasan.tingkat == GALAT
    assert tanpa_alasan.nilai == ("12.5", "10")
    assert tanpa_alasan.unit == bidang_a.nama


def test_tidak_ada(tahunan, jabatan, admin, opd_a, bidang_a, pemda):
    _buat(Level.KEPALA_OPD, opd_a, admin)

    temuan = [t for t in pk_temuan() if t.jenis == "pk_tidak_ada"]

    assert sorted((t.unit, t.nilai) for t in temuan) == [
        (bidang_a.nama, ("kepala_bidang",)),
        (bidang_a.nama, ("pptk",)),
        (pemda.nama, ("kepala_daerah",)),
    ]
    assert {t.tingkat for t in temuan} == {GALAT}
    assert {t.dokumen for t in temuan} == {
        tahunan["rkpd"].kode,
        tahunan["renja"].kode,
    }
    assert not found(temuan, "pk_tanpa_pejabat")


def test_tidak_ada_without_renja(rencana, jabatan):
    assert pk_temuan() == []


def test_tanpa_jabatan(tahunan, pemda, opd_a, bidang_a):
    add_jabatan(opd_a, Level.KEPALA_OPD, "Kepala Dinas A", "Andi")

    temuan = found(pk_temuan(), "pk_tanpa_pejabat")

    assert temuan == sorted(
        [
            (GALAT, bidang_a.kode, bidang_a.nama),
            (GALAT, bidang_a.kode, bidang_a.nama),
            (GALAT, pemda.kode, pemda.nama),
        ]
    )


def test_tanpa_pejabat_on_date(semua_pk, jabatan):
    add_renaksi(semua_pk.values())
    PenugasanJabatan.objects.filter(jabatan=jabatan["kadis"]).update(
        selesai=datetime.date(2024, 12, 31)
    )

    temuan = [t for t in pk_temuan() if t.jenis == "pk_tanpa_pejabat"]

    # The Kepala Dinas signs his own PK and the Kepala Bidang's.
    assert sorted(t.dokumen for t in temuan) == sorted(
        semua_pk[level].dokumen.kode
        for level in (Level.KEPALA_OPD, Level.KEPALA_BIDANG)
    )
    assert temuan[0].nilai == ("Kepala Dinas A", TANGGAL.isoformat())
    assert [t.jenis for t in pk_temuan()] == ["pk_tanpa_pejabat"] * 2


def test_visible_to(semua_pk, citra, ani):
    units = {t.unit for t in pk_temuan(user=citra)}
    assert units == {"Kabupaten Contoh"}
    assert {"Dinas A", "Bidang Satu"} <= {t.unit for t in pk_temuan(user=ani)}


def test_command_json(semua_pk):
    out = StringIO()
    call_command("check_plans", "--tahun", "2025", "--format", "json", stdout=out)

    rows = json.loads(out.getvalue())
    assert ("pk_tanpa_renaksi", "RJ2025-IND-A") in {
        (r["jenis"], r["kode"]) for r in rows
    }


def count_queries():
    with CaptureQueriesContext(connection) as queries:
        check_plans(tahun=2025)
    return len(queries)


def test_queries_flat(semua_pk, rencana, admin, opd_b, pemda):
    add_renaksi([semua_pk[Level.KEPALA_OPD]])
    small = count_queries()
    rencana["indikator_b"].iku = True
    rencana["indikator_b"].save()
    renja_buat_dari_renstra(renstra=rencana["renstra_b"], tahun=2025, user=admin)
    add_jabatan(opd_b, Level.KEPALA_OPD, "Kepala Dinas B", "Budi")
    add_renaksi([_buat(Level.KEPALA_OPD, opd_b, admin)])
    PenugasanJabatan.objects.update(selesai=datetime.date(2024, 6, 30))

    assert count_queries() == small
    assert len(pk_temuan()) > 10
