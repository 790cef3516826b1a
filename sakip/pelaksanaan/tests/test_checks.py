"""The consistency check "pk_tanpa_renaksi" once rencana aksi exist."""

from sakip.perencanaan.checks import check_plans
from sakip.perencanaan.models import Target
from sakip.perjanjian.models import Level

from .conftest import buat_ra


def tanpa_renaksi():
    return sorted(
        (t.unit, t.kode)
        for t in check_plans(tahun=2025)
        if t.jenis == "pk_tanpa_renaksi"
    )


def test_rencana_aksi_clears_finding(semua_pk, admin):
    before = tanpa_renaksi()

    for perjanjian in semua_pk.values():
        buat_ra(perjanjian, admin)

    assert len(before) == 10
    assert tanpa_renaksi() == []


def test_row_without_quarters_still_reported(semua_pk, admin):
    perjanjian = semua_pk[Level.KEPALA_OPD]
    rencana_aksi = buat_ra(perjanjian, admin)
    baris = perjanjian.baris.select_related("indikator").get()

    Target.objects.filter(dokumen=rencana_aksi.dokumen).delete()

    assert ("Dinas A", baris.indikator.kode) in tanpa_renaksi()


def test_rencana_aksi_of_one_pk_only(semua_pk, admin):
    buat_ra(semua_pk[Level.KEPALA_OPD], admin)

    remaining = tanpa_renaksi()

    assert len(remaining) == 9
    kode_opd = semua_pk[Level.KEPALA_OPD].baris.get().indikator.kode
    assert ("Dinas A", kode_opd) not in remaining
