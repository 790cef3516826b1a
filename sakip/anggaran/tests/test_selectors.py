from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sakip.anggaran import selectors
from sakip.anggaran.models import Pagu

from .factories import keuangan, renja_anggaran

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(opd_a, opd_b):
    a = renja_anggaran(opd_a, program=2, sub=2)
    b = renja_anggaran(opd_b, program=1, sub=1, pagu=500_000)
    first = a["sub_kegiatan"][0]
    Pagu.objects.create(elemen=first, tahun=2025, versi="perubahan", pagu=1_200_000)
    keuangan(first, b1=(100_000, 50_000, Decimal("10")), b3=(200_000, 300_000, None))
    keuangan(a["sub_kegiatan"][2], b3=(400_000, 100_000, Decimal("25.5")))
    keuangan(b["sub_kegiatan"][0], b2=(10_000, 5_000, None))
    return {"a": a, "b": b}


def test_tree_sums(opd_a, budget):
    table = selectors.anggaran_table(opd=opd_a, tahun=2025)

    rows = {row.elemen.pk: row for row in table.baris()}
    a = budget["a"]
    first_program = rows[a["program"][0].pk].jumlah
    assert first_program.pagu_murni == 2_000_000
    assert first_program.pagu_perubahan == 1_200_000
    assert first_program.pagu_berlaku == 2_200_000
    assert first_program.realisasi_keuangan == 350_000
    assert rows[a["kegiatan"][1].pk].jumlah.anggaran_kas == 400_000
    assert rows[a["sasaran"].pk].jumlah.pagu_berlaku == 4_200_000
    assert table.total.pagu_berlaku == 4_200_000
    assert table.total.realisasi_keuangan == 450_000
    assert rows[a["sub_kegiatan"][0].pk].realisasi_fisik == Decimal("10")
    assert [row.elemen.pk for row in table.akar] == [a["sasaran"].pk]


def test_serapan(opd_a, budget):
    table = selectors.anggaran_table(opd=opd_a, tahun=2025)

    assert table.total.serapan == Decimal(450_000) * 100 / Decimal(4_200_000)
    assert selectors.serapan(None, 10) is None
    assert selectors.serapan(5, 0) is None


def test_opd_and_pemda(opd_a, opd_b, budget):
    per_opd = selectors.jumlah_opd_list(tahun=2025)
    pemda = selectors.jumlah_pemda(tahun=2025)

    assert per_opd[opd_a.pk].pagu_berlaku == 4_200_000
    assert per_opd[opd_b.pk].pagu_berlaku == 500_000
    assert pemda.pagu_berlaku == 4_700_000
    assert pemda.pagu_murni == 4_500_000
    assert pemda.realisasi_keuangan == 455_000


def test_other_year_is_not_counted(opd_a, budget):
    assert selectors.jumlah_pemda(tahun=2026).pagu_berlaku is None
    assert selectors.anggaran_table(opd=opd_a, tahun=2026).renja is None


def test_bulanan_cumulative(opd_a, budget):
    months = selectors.bulanan_list(tahun=2025, opd=opd_a)

    assert len(months) == 12
    assert months[0].anggaran_kas == 100_000
    assert months[1].anggaran_kas is None
    assert months[1].anggaran_kas_kumulatif == 100_000
    assert months[2].anggaran_kas_kumulatif == 700_000
    assert months[11].realisasi_kumulatif == 450_000


def test_bulanan_subtree(budget):
    program = budget["a"]["program"][1]

    months = selectors.bulanan_list(tahun=2025, elemen=program)

    assert months[2].anggaran_kas == 400_000
    assert months[0].anggaran_kas is None


def _queries(func) -> int:
    with CaptureQueriesContext(connection) as context:
        func()
    return len(context.captured_queries)


@pytest.mark.parametrize("size", [1, 4])
def test_query_count_fixed(opd_a, size):
    renja_anggaran(opd_a, program=size, sub=size)

    assert _queries(lambda: selectors.anggaran_table(opd=opd_a, tahun=2025)) == 12
    assert _queries(lambda: selectors.bulanan_list(tahun=2025, opd=opd_a)) == 1
    assert _queries(lambda: selectors.jumlah_opd_list(tahun=2025)) == 2


def test_perubahan_counts(opd_a, budget):
    table = selectors.anggaran_table(opd=opd_a, tahun=2025)

    rows = {row.elemen.pk: row for row in table.baris()}
    first_program = rows[budget["a"]["program"][0].pk].jumlah
    assert first_program.banyak_sub_kegiatan == 2
    assert first_program.banyak_perubahan == 1
    assert first_program.perubahan_sebagian
    second_program = rows[budget["a"]["program"][1].pk].jumlah
    assert second_program.banyak_perubahan == 0
    assert not second_program.perubahan_sebagian
    assert table.total.banyak_sub_kegiatan == 4
    assert table.total.banyak_perubahan == 1
    assert selectors.jumlah_pemda(tahun=2025).banyak_sub_kegiatan == 5
