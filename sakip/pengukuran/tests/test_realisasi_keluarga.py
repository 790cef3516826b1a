"""An indikator and its copies in the yearly documents share realisation."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from sakip.pengukuran.selectors import capaian_indikator_list
from sakip.pengukuran.tests.factories import RealisasiFactory
from sakip.perencanaan.models import Dokumen, Indikator
from sakip.perencanaan.tests.factories import (
    DokumenFactory,
    IndikatorFactory,
    TargetFactory,
)
from sakip.tahunan.services import renja_buat_dari_renstra

pytestmark = pytest.mark.django_db


def _realisasi(indikator, tahun=2025, periode="tahunan"):
    [hasil] = capaian_indikator_list(
        indikator=Indikator.objects.filter(pk=indikator.pk),
        tahun=tahun,
        periode=periode,
    )
    return hasil.realisasi


@pytest.fixture
def renja_copy(rencana, admin):
    renja = renja_buat_dari_renstra(
        renstra=rencana["renstra_a"], tahun=2025, user=admin
    )
    return Indikator.objects.get(elemen__dokumen=renja)


def test_copy_has_akar(rencana, renja_copy):
    assert renja_copy.akar == rencana["indikator_a"]


def test_copy_reads_source_realisasi(renja_copy):
    # The rencana fixture entered 40 on the Renstra's indikator.
    assert _realisasi(renja_copy) == Decimal("40")


def test_source_reads_copy_realisasi(rencana, renja_copy):
    RealisasiFactory(indikator=renja_copy, periode="TW1", nilai=Decimal("12"))

    assert _realisasi(rencana["indikator_a"], periode="TW1") == Decimal("12")


def test_own_realisasi_wins(rencana, renja_copy):
    RealisasiFactory(indikator=renja_copy, nilai=Decimal("44"))

    assert _realisasi(renja_copy) == Decimal("44")
    assert _realisasi(rencana["indikator_a"]) == Decimal("40")


def test_unrelated_indikator_not_shared(rencana, renja_copy):
    # Dinas B's indikator is no relative of Dinas A's.
    RealisasiFactory(indikator=renja_copy, periode="TW2", nilai=Decimal("7"))

    assert _realisasi(rencana["indikator_b"], periode="TW2") is None


def test_family_queries_fixed(rencana, admin, django_assert_max_num_queries):
    renstra = rencana["renstra_a"]
    sasaran = rencana["sasaran_a"]
    for number in range(20):
        extra = IndikatorFactory(kode=f"X-{number}", elemen=sasaran)
        TargetFactory(indikator=extra, dokumen=renstra, nilai=Decimal("10"))
        RealisasiFactory(indikator=extra, nilai=Decimal("5"))
    renja_buat_dari_renstra(renstra=renstra, tahun=2025, user=admin)
    semua = Indikator.objects.all()

    with django_assert_max_num_queries(9):
        hasil = capaian_indikator_list(indikator=semua, tahun=2025)

    copies = [h for h in hasil if h.indikator.akar_id is not None]
    assert len(copies) == 21
    assert all(h.realisasi is not None for h in copies)


def test_migration_sets_akar(rencana, renja_copy):
    Indikator.objects.update(akar=None)
    migration = importlib.import_module(
        "sakip.perencanaan.migrations.0003_indikator_akar"
    )

    migration.set_akar(apps, None)

    renja_copy.refresh_from_db()
    assert renja_copy.akar == rencana["indikator_a"]
    assert Indikator.objects.filter(akar__isnull=False).count() == 1


def test_source_uses_signed_pk_target(rencana, renja_copy, opd_a):
    pk = DokumenFactory(kode="PK-A", jenis=Dokumen.Jenis.PK, unit=opd_a)
    TargetFactory(indikator=renja_copy, dokumen=pk, nilai=Decimal("80"))
    Dokumen.objects.filter(pk=pk.pk).update(status=Dokumen.Status.DITETAPKAN)

    [hasil] = capaian_indikator_list(
        indikator=Indikator.objects.filter(pk=rencana["indikator_a"].pk), tahun=2025
    )

    assert hasil.sumber_target == "PK-A"
    assert hasil.target == Decimal("80")
    assert hasil.capaian_2dp == Decimal("50.00")


def test_source_ignores_draft_pk_target(rencana, renja_copy, opd_a):
    pk = DokumenFactory(kode="PK-A", jenis=Dokumen.Jenis.PK, unit=opd_a)
    TargetFactory(indikator=renja_copy, dokumen=pk, nilai=Decimal("80"))

    [hasil] = capaian_indikator_list(
        indikator=Indikator.objects.filter(pk=rencana["indikator_a"].pk), tahun=2025
    )

    assert hasil.target == Decimal("50")
