"""Capaian read from the database: which target, which realisation, roll-up."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sakip.organisasi.models import Pengaturan
from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.selectors import (
    capaian_elemen_list,
    capaian_indikator_list,
    capaian_series,
)
from sakip.pengukuran.tests.factories import RealisasiFactory
from sakip.perencanaan.models import Dokumen, Elemen, Indikator
from sakip.perencanaan.services import dokumen_buat_perubahan
from sakip.perencanaan.tests.factories import (
    DokumenFactory,
    ElemenFactory,
    IndikatorFactory,
    TargetFactory,
)
from sakip.referensi.models import NilaiSkala, Skala


def _one(indikator, **kwargs):
    [hasil] = capaian_indikator_list(
        indikator=Indikator.objects.filter(pk=indikator.pk), **kwargs
    )
    return hasil


@pytest.fixture
def indikator(opd_a):
    renstra = DokumenFactory(kode="RS", unit=opd_a)
    return IndikatorFactory(kode="X", elemen=ElemenFactory(dokumen=renstra))


def test_target_from_pk_over_renja_and_renstra(indikator, opd_a):
    renja = DokumenFactory(kode="RJ", jenis=Dokumen.Jenis.RENJA, unit=opd_a)
    pk = DokumenFactory(kode="PK", jenis=Dokumen.Jenis.PK, unit=opd_a)
    TargetFactory(indikator=indikator, nilai=Decimal("50"))
    TargetFactory(indikator=indikator, dokumen=pk, nilai=Decimal("80"))
    TargetFactory(indikator=indikator, dokumen=renja, nilai=Decimal("60"))
    RealisasiFactory(indikator=indikator, nilai=Decimal("40"))
    Dokumen.objects.filter(pk=pk.pk).update(status=Dokumen.Status.DITETAPKAN)

    hasil = _one(indikator, tahun=2025)

    assert hasil.sumber_target == "PK"
    assert hasil.target == Decimal("80")
    assert hasil.capaian_2dp == Decimal("50.00")
    assert hasil.kategori == "Sangat Rendah"


def test_realisasi_tahunan_derived_from_quarters(indikator):
    indikator.agregasi = Indikator.Agregasi.KUMULATIF
    indikator.save()
    TargetFactory(indikator=indikator, nilai=Decimal("100"))
    for periode, nilai in (("TW1", "10"), ("TW2", "20"), ("TW3", "30")):
        RealisasiFactory(indikator=indikator, periode=periode, nilai=Decimal(nilai))

    hasil = _one(indikator, tahun=2025)

    assert hasil.realisasi == Decimal("60")
    assert hasil.capaian_2dp == Decimal("60.00")


def test_explicit_tahunan_realisasi_stands(indikator):
    indikator.agregasi = Indikator.Agregasi.KUMULATIF
    indikator.save()
    TargetFactory(indikator=indikator, nilai=Decimal("100"))
    RealisasiFactory(indikator=indikator, periode="TW1", nilai=Decimal("10"))
    RealisasiFactory(indikator=indikator, periode="tahunan", nilai=Decimal("95"))

    assert _one(indikator, tahun=2025).realisasi == Decimal("95")


def test_quarter_compares_to_date_values(indikator):
    indikator.agregasi = Indikator.Agregasi.KUMULATIF
    indikator.save()
    for periode, nilai in (("TW1", "10"), ("TW2", "15")):
        TargetFactory(indikator=indikator, periode=periode, nilai=Decimal(nilai))
    RealisasiFactory(indikator=indikator, periode="TW1", nilai=Decimal("10"))
    RealisasiFactory(indikator=indikator, periode="TW2", nilai=Decimal("10"))

    hasil = _one(indikator, tahun=2025, periode="TW2")

    # Realisation to date 20 against the target to date 25.
    assert hasil.target == Decimal("25")
    assert hasil.realisasi == Decimal("20")
    assert hasil.capaian_2dp == Decimal("80.00")


def test_unreported_quarter_is_belum_diisi(indikator):
    TargetFactory(indikator=indikator, periode="TW2", nilai=Decimal("50"))
    RealisasiFactory(indikator=indikator, periode="TW1", nilai=Decimal("40"))

    hasil = _one(indikator, tahun=2025, periode="TW2")

    assert hasil.capaian is None
    assert hasil.keterangan == "belum diisi"


def test_missing_realisasi_is_not_zero(indikator):
    TargetFactory(indikator=indikator, nilai=Decimal("80"))

    hasil = _one(indikator, tahun=2025)

    assert hasil.capaian is None
    assert hasil.realisasi_teks == "—"
    assert hasil.keterangan == "belum diisi"


def test_unverified_realisasi_left_out_on_request(indikator):
    TargetFactory(indikator=indikator, nilai=Decimal("80"))
    RealisasiFactory(
        indikator=indikator, nilai=Decimal("80"), status=Realisasi.Status.DIAJUKAN
    )

    assert _one(indikator, tahun=2025).capaian_2dp == Decimal("100.00")
    assert _one(indikator, tahun=2025, hanya_terverifikasi=True).capaian is None


def test_pemda_negatif_formula_and_override(indikator):
    indikator.polaritas = Indikator.Polaritas.NEGATIF
    indikator.save()
    TargetFactory(indikator=indikator, nilai=Decimal("10"))
    RealisasiFactory(indikator=indikator, nilai=Decimal("8"))
    assert _one(indikator, tahun=2025).capaian_2dp == Decimal("120.00")

    pengaturan = Pengaturan.load()
    pengaturan.rumus_negatif = Pengaturan.RumusNegatif.RASIO
    pengaturan.save()
    assert _one(indikator, tahun=2025).capaian_2dp == Decimal("125.00")

    indikator.rumus_negatif = Indikator.RumusNegatif.SELISIH
    indikator.save()
    assert _one(indikator, tahun=2025).capaian_2dp == Decimal("120.00")


def test_scale_indicator_uses_ranks(indikator):
    skala = Skala.objects.create(nama="opini_bpk")
    for peringkat, nilai in enumerate(["TMP", "TW", "WDP", "WTP"], start=1):
        NilaiSkala.objects.create(skala=skala, nilai=nilai, peringkat=peringkat)
    indikator.skala = skala
    indikator.save()
    TargetFactory(indikator=indikator, nilai=None, nilai_skala="WTP")
    RealisasiFactory(indikator=indikator, nilai=None, nilai_skala="WDP")

    hasil = _one(indikator, tahun=2025)

    assert hasil.target_teks == "WTP"
    assert hasil.realisasi_teks == "WDP"
    assert hasil.capaian_2dp == Decimal("75.00")


def test_roll_up_capped_by_pemda_setting(opd_a):
    renstra = DokumenFactory(kode="RS", unit=opd_a)
    sasaran = ElemenFactory(dokumen=renstra, jenis=Elemen.Jenis.SASARAN)
    for kode, target, realisasi in (("A", "50", "75"), ("B", "100", "80")):
        item = IndikatorFactory(kode=kode, elemen=sasaran)
        TargetFactory(indikator=item, nilai=Decimal(target))
        RealisasiFactory(indikator=item, nilai=Decimal(realisasi))
    elemen = Elemen.objects.filter(pk=sasaran.pk)

    [tanpa_batas] = capaian_elemen_list(elemen=elemen, tahun=2025)
    pengaturan = Pengaturan.load()
    pengaturan.batas_rollup = Pengaturan.BatasRollup.SERATUS
    pengaturan.save()
    [dibatasi] = capaian_elemen_list(elemen=elemen, tahun=2025)

    assert tanpa_batas.capaian_2dp == Decimal("115.00")  # (150 + 80) / 2
    assert dibatasi.capaian_2dp == Decimal("90.00")  # (100 + 80) / 2
    assert dibatasi.indikator[0].capaian_2dp == Decimal("150.00")


def test_series_lists_years_and_quarters(indikator):
    for tahun in (2025, 2026):
        TargetFactory(indikator=indikator, tahun=tahun, nilai=Decimal("80"))
    TargetFactory(indikator=indikator, periode="TW1", nilai=Decimal("20"))
    RealisasiFactory(indikator=indikator, nilai=Decimal("80"))

    series = capaian_series(indikator=indikator)

    assert [(s.tahun, s.periode) for s in series] == [
        (2025, "TW1"),
        (2025, "tahunan"),
        (2026, "tahunan"),
    ]
    assert series[1].capaian_2dp == Decimal("100.00")
    assert series[2].keterangan == "belum diisi"


def _make_indicators(dokumen, count):
    sasaran = ElemenFactory(dokumen=dokumen)
    for _number in range(count):
        item = IndikatorFactory(elemen=sasaran)
        TargetFactory(indikator=item, dokumen=dokumen, nilai=Decimal("10"))
        RealisasiFactory(indikator=item, nilai=Decimal("9"))


def test_query_count_flat_in_indicator_count(opd_a, opd_b):
    small = DokumenFactory(kode="SMALL", unit=opd_a)
    large = DokumenFactory(kode="LARGE", unit=opd_b)
    _make_indicators(small, 2)
    _make_indicators(large, 30)
    Pengaturan.load()

    counts = []
    for dokumen in (small, large):
        with CaptureQueriesContext(connection) as queries:
            capaian_indikator_list(
                indikator=Indikator.objects.filter(elemen__dokumen=dokumen),
                tahun=2025,
            )
        counts.append(len(queries))

    assert counts[0] == counts[1]


def _perubahan(dokumen, admin):
    dokumen.status = Dokumen.Status.DITETAPKAN
    dokumen.save()
    return dokumen_buat_perubahan(dokumen=dokumen, user=admin, alasan="uji")


def test_new_version_reads_earlier_realisasi(rencana, admin):
    renstra = rencana["renstra_a"]

    first = _perubahan(renstra, admin)
    second = _perubahan(first, admin)
    copy = Indikator.objects.get(elemen__dokumen=second)

    hasil = _one(copy, tahun=2025)

    assert copy.asal.asal == rencana["indikator_a"]
    assert hasil.realisasi == Decimal("40")
    assert hasil.capaian_2dp == Decimal("80.00")


def test_own_realisasi_of_new_version_wins(rencana, admin):
    copy_dokumen = _perubahan(rencana["renstra_a"], admin)
    copy = Indikator.objects.get(elemen__dokumen=copy_dokumen)
    RealisasiFactory(indikator=copy, nilai=Decimal("45"))

    assert _one(copy, tahun=2025).realisasi == Decimal("45")
    assert _one(rencana["indikator_a"], tahun=2025).realisasi == Decimal("40")


def test_values_shown_with_own_decimals(indikator):
    TargetFactory(indikator=indikator, nilai=Decimal("0.6480"))
    RealisasiFactory(indikator=indikator, nilai=Decimal("0.65"))

    hasil = _one(indikator, tahun=2025)

    assert hasil.target_teks == "0,648"
    assert hasil.realisasi_teks == "0,65"


def test_empty_higher_target_does_not_hide_lower(indikator, opd_a):
    pk = DokumenFactory(kode="PK", jenis=Dokumen.Jenis.PK, unit=opd_a)
    TargetFactory(indikator=indikator, nilai=Decimal("50"))
    TargetFactory(indikator=indikator, dokumen=pk, nilai=None)
    RealisasiFactory(indikator=indikator, nilai=Decimal("40"))

    hasil = _one(indikator, tahun=2025)

    assert hasil.sumber_target == "RS"
    assert hasil.capaian_2dp == Decimal("80.00")


def test_mismatched_data_gives_reason_not_error(indikator):
    TargetFactory(indikator=indikator, nilai=Decimal("80"))
    RealisasiFactory(indikator=indikator, nilai=Decimal("70"))
    Indikator.objects.filter(pk=indikator.pk).update(
        polaritas=Indikator.Polaritas.RENTANG
    )

    hasil = _one(indikator, tahun=2025)

    assert hasil.capaian is None
    assert hasil.keterangan.startswith("data tidak cocok dengan indikator")


def test_unsigned_pk_target_does_not_count(indikator, opd_a):
    pk = DokumenFactory(kode="PK", jenis=Dokumen.Jenis.PK, unit=opd_a)
    TargetFactory(indikator=indikator, nilai=Decimal("50"))
    TargetFactory(indikator=indikator, dokumen=pk, nilai=Decimal("80"))
    RealisasiFactory(indikator=indikator, nilai=Decimal("40"))

    hasil = _one(indikator, tahun=2025)

    assert hasil.sumber_target == "RS"
    assert hasil.capaian_2dp == Decimal("80.00")
