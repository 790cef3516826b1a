"""Making the Renja of a year from the OPD's Renstra."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Target, TautanElemen
from sakip.perencanaan.tests.factories import DokumenFactory
from sakip.tahunan.services import renja_buat_dari_renstra

from .conftest import add_programs

JENIS_DISALIN = ["sasaran", "program", "kegiatan", "sub_kegiatan"]


def test_renja_document(renstra_a, ani, opd_a):
    renja = renja_buat_dari_renstra(renstra=renstra_a, tahun=2026, user=ani)

    assert renja.jenis == Dokumen.Jenis.RENJA
    assert renja.unit == opd_a
    assert renja.tahun_awal == 2026
    assert renja.tahun_akhir is None
    assert renja.status == Dokumen.Status.DRAFT
    assert renja.nama == "Renja Dinas A 2026"
    assert renja.kode == "RENJA-OPD-A-2026"


def test_renja_copies_tree(renstra_a, ani):
    renja = renja_buat_dari_renstra(renstra=renstra_a, tahun=2026, user=ani)

    copied = Elemen.objects.filter(dokumen=renja)
    source = Elemen.objects.filter(dokumen=renstra_a, jenis__in=JENIS_DISALIN)
    assert copied.count() == source.count() == 1 + 2 * 4
    by_jenis = {jenis: copied.filter(jenis=jenis).count() for jenis in JENIS_DISALIN}
    assert by_jenis == {"sasaran": 1, "program": 2, "kegiatan": 2, "sub_kegiatan": 4}
    assert copied.get(jenis="sasaran").induk is None
    for elemen in copied.exclude(jenis="sasaran"):
        asal = elemen.tautan_keluar.get().ke
        assert elemen.induk.dokumen_id == renja.pk
        # The copy's parent is the copy of the source's parent.
        assert elemen.induk.tautan_keluar.get().ke == asal.induk
        assert elemen.nomenklatur == asal.nomenklatur
        assert elemen.uraian == asal.uraian
        assert elemen.unit_pj_id == asal.unit_pj_id


def test_renja_links_berasal_dari(renstra_a, ani):
    renja = renja_buat_dari_renstra(renstra=renstra_a, tahun=2026, user=ani)

    links = TautanElemen.objects.filter(dari__dokumen=renja)
    assert links.count() == 9
    assert set(links.values_list("jenis", flat=True)) == {"berasal_dari"}
    assert set(links.values_list("ke__dokumen", flat=True)) == {renstra_a.pk}
    assert set(links.values_list("ke", flat=True)) == set(
        Elemen.objects.filter(dokumen=renstra_a, jenis__in=JENIS_DISALIN).values_list(
            "pk", flat=True
        )
    )


def test_renja_copies_year_targets(renstra_a, ani, rencana):
    renja = renja_buat_dari_renstra(renstra=renstra_a, tahun=2026, user=ani)

    indikator = Indikator.objects.filter(elemen__dokumen=renja)
    assert indikator.count() == 9
    targets = Target.objects.filter(dokumen=renja)
    assert targets.count() == 8
    assert set(targets.values_list("tahun", flat=True)) == {2026}
    program_values = sorted(
        targets.filter(indikator__elemen__jenis="program").values_list(
            "nilai", flat=True
        )
    )
    assert program_values == [Decimal("20"), Decimal("21")]
    # The sasaran's indikator has only a 2025 target in the Renstra.
    sasaran_indikator = indikator.get(elemen__jenis="sasaran")
    assert sasaran_indikator.uraian == rencana["indikator_a"].uraian
    assert not sasaran_indikator.target.exists()


def test_renja_codes_unique(renstra_a, ani):
    program = Elemen.objects.get(dokumen=renstra_a, jenis="program", urutan=0)
    Elemen.objects.create(
        kode=f"RJ2026-{program.kode}",
        dokumen=DokumenFactory(),
        jenis="program",
        uraian="Kode yang sudah dipakai",
    )

    renja = renja_buat_dari_renstra(renstra=renstra_a, tahun=2026, user=ani)

    codes = list(Elemen.objects.filter(dokumen=renja).values_list("kode", flat=True))
    assert len(codes) == len(set(codes))
    assert all(code.startswith("RJ2026-") for code in codes)
    assert any(code.endswith("-2") for code in codes)
    indikator_codes = Indikator.objects.filter(elemen__dokumen=renja).values_list(
        "kode", flat=True
    )
    assert all(code.startswith("RJ2026-") for code in indikator_codes)


def test_renja_history_rows(renstra_a, ani):
    renja = renja_buat_dari_renstra(renstra=renstra_a, tahun=2026, user=ani)

    assert renja.history.get().history_user == ani
    history = Elemen.history.filter(dokumen_id=renja.pk)
    assert history.count() == 9
    assert set(history.values_list("history_user", flat=True)) == {ani.pk}
    assert Indikator.history.filter(kode__startswith="RJ2026-").count() == 9
    assert Target.history.filter(dokumen_id=renja.pk).count() == 8
    assert (
        TautanElemen.history.filter(
            dari_id__in=Elemen.objects.filter(dokumen=renja).values("pk")
        ).count()
        == 9
    )


def _count_queries(renstra, user, tahun):
    with CaptureQueriesContext(connection) as queries:
        renja_buat_dari_renstra(renstra=renstra, tahun=tahun, user=user)
    return len(queries)


def test_renja_query_count_flat(rencana, ani, citra):
    small = rencana["renstra_b"]
    add_programs(small, rencana["sasaran_b"], count=1)
    large = rencana["renstra_a"]
    # Six programs stay within one insert batch of SQLite (999 parameters);
    # more rows only add batches.
    add_programs(large, rencana["sasaran_a"], count=6)

    assert _count_queries(small, citra, 2026) == _count_queries(large, ani, 2026)


@pytest.mark.parametrize(
    "username", ["citra", "kadis", "vino", "vera", "evi", "bupati"]
)
def test_renja_denied(renstra_a, cast, username):
    with pytest.raises(PermissionDenied):
        renja_buat_dari_renstra(renstra=renstra_a, tahun=2026, user=cast[username])

    assert not Dokumen.objects.filter(jenis=Dokumen.Jenis.RENJA).exists()


def test_renja_by_admin_and_colleague(renstra_a, admin, budi):
    renja_buat_dari_renstra(renstra=renstra_a, tahun=2026, user=admin)
    renja = renja_buat_dari_renstra(renstra=renstra_a, tahun=2027, user=budi)

    assert renja.tahun_awal == 2027


@pytest.mark.parametrize("tahun", [2024, 2030])
def test_renja_year_outside_period(renstra_a, ani, tahun):
    with pytest.raises(ValidationError) as raised:
        renja_buat_dari_renstra(renstra=renstra_a, tahun=tahun, user=ani)

    assert "di luar periode Renstra" in raised.value.message_dict["tahun"][0]
    assert not Dokumen.objects.filter(jenis=Dokumen.Jenis.RENJA).exists()


def test_renja_second_refused(renstra_a, ani):
    renja_buat_dari_renstra(renstra=renstra_a, tahun=2026, user=ani)

    with pytest.raises(ValidationError) as raised:
        renja_buat_dari_renstra(renstra=renstra_a, tahun=2026, user=ani)

    assert "sudah memiliki Renja tahun 2026" in raised.value.message_dict["tahun"][0]
    assert Dokumen.objects.filter(jenis=Dokumen.Jenis.RENJA).count() == 1


def test_renja_perubahan_still_counts(renstra_a, ani):
    first = renja_buat_dari_renstra(renstra=renstra_a, tahun=2026, user=ani)
    Dokumen.objects.create(
        kode="RENJA-P",
        jenis=Dokumen.Jenis.RENJA,
        unit=first.unit,
        tahun_awal=2026,
        versi="perubahan",
        versi_sebelumnya=first,
    )

    # The perubahan is the Renja in force, so a new one is still refused.
    with pytest.raises(ValidationError):
        renja_buat_dari_renstra(renstra=renstra_a, tahun=2026, user=ani)
