"""The progress from the kondisi awal read from the database, by agregasi."""

from decimal import Decimal

import pytest

from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.progres import progres_indikator_list, progres_series
from sakip.pengukuran.tests.factories import RealisasiFactory
from sakip.perencanaan.models import Indikator
from sakip.perencanaan.tests.factories import (
    DokumenFactory,
    ElemenFactory,
    IndikatorFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal
NOL = D(0)


def _indikator(agregasi, *, targets, realisasi, kondisi_awal=NOL, dokumen=None):
    """An indikator of a Renstra 2025-2029 with yearly targets and accepted
    yearly realisation, both given as {year: value}."""
    dokumen = dokumen or DokumenFactory(tahun_awal=2025, tahun_akhir=2029)
    indikator = IndikatorFactory(
        elemen=ElemenFactory(dokumen=dokumen),
        agregasi=agregasi,
        kondisi_awal=kondisi_awal,
        satuan="laporan",
    )
    for tahun, nilai in targets.items():
        TargetFactory(indikator=indikator, dokumen=dokumen, tahun=tahun, nilai=nilai)
    for tahun, nilai in realisasi.items():
        RealisasiFactory(indikator=indikator, tahun=tahun, nilai=nilai)
    return indikator


def _progres(indikator, tahun, **kwargs):
    single = Indikator.objects.filter(pk=indikator.pk)
    return progres_indikator_list(single, tahun=tahun, **kwargs)[indikator.pk]


FIVE_YEARS = {tahun: D(4) for tahun in range(2025, 2030)}


def test_kumulatif_sums_targets_and_realisasi():
    indikator = _indikator(
        "kumulatif", targets=FIVE_YEARS, realisasi={2025: D(4), 2026: D(4)}
    )

    hasil = _progres(indikator, 2026)

    assert hasil.target_akhir.target.nilai == D(20)
    assert hasil.target_akhir.dijumlahkan
    assert hasil.realisasi == D(8)
    assert hasil.realisasi_tahun == D(4)
    # (8 − 0) / (20 − 0) × 100, not the year's 4 against the last year's 4.
    assert hasil.nilai_2dp == D("40.00")


def test_kumulatif_first_year():
    indikator = _indikator("kumulatif", targets=FIVE_YEARS, realisasi={2025: D(4)})

    assert _progres(indikator, 2025).nilai_2dp == D("20.00")


def test_kumulatif_missing_year():
    indikator = _indikator("kumulatif", targets=FIVE_YEARS, realisasi={2026: D(4)})

    hasil = _progres(indikator, 2026)

    assert hasil.nilai is None
    assert hasil.realisasi is None
    assert "realisasi tahun 2025 belum diisi" in hasil.keterangan


def test_kumulatif_unverified_year_missing():
    indikator = _indikator("kumulatif", targets=FIVE_YEARS, realisasi={2026: D(4)})
    RealisasiFactory(
        indikator=indikator, tahun=2025, nilai=D(4), status=Realisasi.Status.DIAJUKAN
    )

    assert _progres(indikator, 2026).nilai is None
    assert _progres(indikator, 2026, hanya_terverifikasi=False).nilai_2dp == D("40.00")


def test_year_without_realisasi():
    indikator = _indikator("kumulatif", targets=FIVE_YEARS, realisasi={2025: D(4)})

    hasil = _progres(indikator, 2026)

    assert hasil.nilai is None
    assert hasil.keterangan == "belum diisi"


def test_akhir_uses_last_year():
    targets = {2025: D(62), 2029: D(80)}
    indikator = _indikator(
        "akhir", targets=targets, realisasi={2025: D(65)}, kondisi_awal=D(60)
    )

    hasil = _progres(indikator, 2025)

    assert hasil.target_akhir.target.nilai == D(80)
    assert hasil.target_akhir.tahun == 2029
    assert not hasil.target_akhir.dijumlahkan
    assert hasil.realisasi == D(65)
    assert hasil.nilai_2dp == D("25.00")


def test_rata_rata_means():
    targets = {2025: D(70), 2026: D(80), 2027: D(90)}
    indikator = _indikator(
        "rata_rata",
        targets=targets,
        realisasi={2025: D(60), 2026: D(80)},
        kondisi_awal=D(50),
    )

    hasil = _progres(indikator, 2026)

    assert hasil.target_akhir.target.nilai == D(80)
    assert hasil.realisasi == D(70)
    # (70 − 50) / (80 − 50) × 100.
    assert hasil.nilai_2dp == D("66.67")


def test_year_outside_period():
    indikator = _indikator("akhir", targets=FIVE_YEARS, realisasi={2030: D(4)})

    hasil = _progres(indikator, 2030)

    assert hasil.nilai is None
    assert "di luar periode" in hasil.keterangan


def test_kondisi_awal_of_family():
    renstra = DokumenFactory(tahun_awal=2025, tahun_akhir=2029)
    asli = _indikator(
        "akhir",
        targets={2029: D(80)},
        realisasi={},
        kondisi_awal=D(60),
        dokumen=renstra,
    )
    copy = IndikatorFactory(akar=asli, kondisi_awal=None)
    RealisasiFactory(indikator=copy, tahun=2025, nilai=D(70))

    hasil = _progres(copy, 2025)

    assert hasil.kondisi_awal == D(60)
    assert hasil.nilai_2dp == D("50.00")


def test_series_years():
    indikator = _indikator(
        "kumulatif", targets=FIVE_YEARS, realisasi={2025: D(4), 2026: D(6)}
    )

    series = progres_series(
        Indikator.objects.filter(pk=indikator.pk), tahun_list=[2025, 2026]
    )[indikator.pk]

    assert series[2025].nilai_2dp == D("20.00")
    assert series[2026].nilai_2dp == D("50.00")


@pytest.mark.parametrize("jumlah", [1, 6])
def test_queries_flat(jumlah, django_assert_num_queries):
    dokumen = DokumenFactory(tahun_awal=2025, tahun_akhir=2029)
    for _nomor in range(jumlah):
        _indikator(
            "kumulatif",
            targets=FIVE_YEARS,
            realisasi={2025: D(4)},
            dokumen=dokumen,
        )
    indikator = Indikator.objects.filter(elemen__dokumen=dokumen)

    with django_assert_num_queries(QUERIES):
        result = progres_series(indikator, tahun_list=[2025, 2026, 2027])

    assert len(result) == jumlah


# progres_series reads a fixed number of queries whatever the number of
# indikator and years.
QUERIES = 10
