"""The evaluation table of a Renja and of the RKPD: columns, footer, bad input,
XLSX, scoping and query counts."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from sakip.anggaran.models import KeuanganBulanan
from sakip.anggaran.services import IsianBulan, keuangan_simpan
from sakip.organisasi.models import Unit
from sakip.pelaporan.evaluasi_renja import evaluasi_renja, evaluasi_rkpd
from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.tests.factories import RealisasiFactory
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Target
from sakip.perencanaan.tests.factories import DokumenFactory, TargetFactory

# The 2025 Renja of Dinas A and the RKPD, made by the tahunan services.
from sakip.perjanjian.tests.conftest import tahunan  # noqa: F401
from sakip.tahunan.tests.conftest import add_programs

pytestmark = pytest.mark.django_db


def _sub_kegiatan(renja):
    return list(
        Elemen.objects.filter(dokumen=renja, jenis=Elemen.Jenis.SUB_KEGIATAN).order_by(
            "pk"
        )
    )


def _fill_sub(sub, *, pagu=1_200_000, spent=100_000):
    """A pagu and verified spending of ``spent`` in each of January-June."""
    keuangan_simpan(
        elemen=sub,
        tahun=2025,
        pagu_murni=pagu,
        pagu_perubahan=None,
        bulan={b: IsianBulan(realisasi_keuangan=spent) for b in range(1, 7)},
    )
    KeuanganBulanan.objects.filter(elemen=sub).update(
        status=KeuanganBulanan.Status.DITERIMA
    )


@pytest.fixture
def renja(tahunan):  # noqa: F811
    return tahunan["renja"]


@pytest.fixture
def sub_row(renja):
    """The first sub kegiatan's indikator, kumulatif, with TW1 and TW2
    realised (3 and 4) against a Renja target of 10 for 2025."""
    sub = _sub_kegiatan(renja)[0]
    indikator = sub.indikator.get()
    Indikator.objects.filter(pk=indikator.pk).update(agregasi="kumulatif")
    RealisasiFactory(indikator=indikator, periode="TW1", nilai=Decimal("3"))
    RealisasiFactory(indikator=indikator, periode="TW2", nilai=Decimal("4"))
    # Entered but not verified: must not count.
    RealisasiFactory(
        indikator=indikator,
        periode="TW3",
        nilai=Decimal("50"),
        status=Realisasi.Status.DIAJUKAN,
    )
    _fill_sub(sub)
    return sub, indikator


def _row(tabel, indikator):
    return next(row for row in tabel.baris if row.indikator == indikator)


def test_renja_rows_follow_tree(opd_a, renja):
    tabel = evaluasi_renja(opd=opd_a, tahun=2025)

    tingkat = [row.tingkat for row in tabel.baris]
    assert tingkat[0] == "sasaran"
    assert tingkat.count("program") == 2
    assert tingkat.count("kegiatan") == 2
    assert tingkat.count("sub_kegiatan") == 4
    assert tabel.baris[1].nomor == "1.1"
    assert tabel.dokumen == renja


def test_renja_quarters_and_year(opd_a, sub_row):
    sub, indikator = sub_row

    row = _row(evaluasi_renja(opd=opd_a, tahun=2025), indikator)

    assert [q.k.nilai for q in row.triwulan] == [Decimal("3"), Decimal("4"), None, None]
    assert row.triwulan[2].k.teks == "belum diisi"
    assert [q.rp for q in row.triwulan] == [300_000, 300_000, None, None]
    assert row.realisasi_tahun.k.nilai == Decimal("7")
    assert row.realisasi_tahun.rp == 600_000
    assert row.target_tahun.k.nilai == Decimal("10")
    assert row.target_tahun.rp == 1_200_000
    assert row.serapan_tahun_2dp == Decimal("50.00")


def test_renja_period_columns(opd_a, sub_row, rencana):
    sub, indikator = sub_row

    row = _row(evaluasi_renja(opd=opd_a, tahun=2025), indikator)

    # The Renstra sets 10 for 2025 and 20 for 2026; kumulatif sums them.
    assert row.target_akhir.k.nilai == Decimal("30")
    assert row.realisasi_lalu.k.nilai is None
    assert row.realisasi_sd.k.nilai == Decimal("7")
    assert row.tingkat_capaian_k_2dp == Decimal("23.33")
    assert row.kategori.value == "Sangat Rendah"


def test_renja_first_year_column_7(opd_a, sub_row):
    sub, indikator = sub_row

    row = _row(evaluasi_renja(opd=opd_a, tahun=2025), indikator)

    # 2025 is the first year of the Renstra 2025-2029: nothing to fill in.
    assert row.realisasi_lalu.k.teks == "— (tahun pertama periode)"


def test_renja_column_15_rp_reason(opd_a, sub_row):
    sub, indikator = sub_row

    row = _row(evaluasi_renja(opd=opd_a, tahun=2025), indikator)

    assert row.tingkat_capaian_rp is None
    assert any(
        "Tingkat capaian Rp: — (pagu indikatif periode" in text
        for text in row.keterangan
    )


def test_renja_column_6_matches_progres(opd_a, sub_row):
    from sakip.pengukuran.progres import progres_indikator_list

    sub, indikator = sub_row

    row = _row(evaluasi_renja(opd=opd_a, tahun=2025), indikator)
    progres = progres_indikator_list(
        Indikator.objects.filter(pk=indikator.pk), tahun=2025
    )[indikator.pk]

    assert progres.target_akhir.target.nilai == row.target_akhir.k.nilai


def test_renja_capaian_tahun_from_engine(opd_a, sub_row):
    sub, indikator = sub_row

    row = _row(evaluasi_renja(opd=opd_a, tahun=2025), indikator)

    assert row.capaian_tahun.capaian_2dp == Decimal("70.00")
    assert any("70,00 %" in text for text in row.keterangan)


def test_renja_negatif_polarity(opd_a, renja):
    indikator = _sub_kegiatan(renja)[1].indikator.get()
    Indikator.objects.filter(pk=indikator.pk).update(polaritas="negatif")
    RealisasiFactory(indikator=indikator, periode="tahunan", nilai=Decimal("12"))

    row = _row(evaluasi_renja(opd=opd_a, tahun=2025), indikator)

    # Final target 21 (the second program's last year, akhir);
    # (2 × 21 − 12) / 21 × 100.
    assert row.target_akhir.k.nilai == Decimal("21")
    assert row.tingkat_capaian_k_2dp == Decimal("142.86")


def test_renja_footer(opd_a, sub_row):
    tabel = evaluasi_renja(opd=opd_a, tahun=2025)

    # The sasaran's IKU (40 of 50: 80 %) and the sub kegiatan's 70 %.
    assert tabel.rata_rata_capaian_tahun_2dp == Decimal("75.00")
    assert tabel.predikat_tahun.value == "Sedang"
    assert tabel.serapan_tahun_2dp == Decimal("50.00")
    assert tabel.faktor_pendorong == []


def test_renja_without_realisation(opd_a, renja):
    Realisasi.objects.all().delete()

    tabel = evaluasi_renja(opd=opd_a, tahun=2025)

    rows = tabel.baris_indikator
    assert all(row.realisasi_tahun.k.teks == "belum diisi" for row in rows)
    assert tabel.rata_rata_capaian_tahun is None
    assert tabel.predikat_tahun is None
    assert any("Belum ada realisasi terverifikasi" in c for c in tabel.catatan)
    assert any("pagu DPA" in c for c in tabel.catatan)


def test_renja_target_zero(opd_a, renja):
    indikator = _sub_kegiatan(renja)[2].indikator.get()
    indikator.target.filter(tahun=2025).update(nilai=Decimal("0"))
    RealisasiFactory(indikator=indikator, nilai=Decimal("5"))

    tabel = evaluasi_renja(opd=opd_a, tahun=2025)

    row = _row(tabel, indikator)
    assert row.capaian_tahun.capaian is None
    assert any("target nol" in text for text in row.keterangan)
    assert any("bertarget nol" in c for c in tabel.catatan)


def test_renja_ordinal(opd_a, renja, rencana):
    from sakip.referensi.models import NilaiSkala, Skala

    skala = Skala.objects.create(nama="opini-uji")
    for peringkat, nilai in enumerate(("TMP", "TW", "WDP", "WTP"), start=1):
        NilaiSkala.objects.create(skala=skala, nilai=nilai, peringkat=peringkat)
    indikator = _sub_kegiatan(renja)[3].indikator.get()
    family = [indikator.pk, indikator.akar_id]
    Indikator.objects.filter(pk__in=family).update(skala=skala)
    Target.objects.filter(indikator__in=family).update(nilai=None, nilai_skala="WTP")
    RealisasiFactory(indikator=indikator, nilai=None, nilai_skala="WDP")

    row = _row(evaluasi_renja(opd=opd_a, tahun=2025), indikator)

    assert row.realisasi_tahun.k.nilai == "WDP"
    assert row.target_akhir.k.nilai == "WTP"
    assert row.tingkat_capaian_k_2dp == Decimal("75.00")
    assert any("ordinal" in text for text in row.keterangan)


def test_renja_missing(opd_b):
    tabel = evaluasi_renja(opd=opd_b, tahun=2025)

    assert tabel.baris == []
    assert any("Belum ada Renja" in c for c in tabel.catatan)


def test_rkpd_programs_from_renja(pemda, sub_row, tahunan):  # noqa: F811
    tabel = evaluasi_rkpd(pemda=pemda, tahun=2025)

    programs = [row for row in tabel.baris if row.tingkat == "program"]
    assert len(programs) == 2
    assert all(row.unit_pj == "Bidang Satu" for row in programs)
    # Only the first sub kegiatan of the first program has a DPA.
    assert programs[0].target_tahun.rp == 1_200_000
    assert programs[0].realisasi_tahun.rp == 600_000
    assert tabel.baris[0].tingkat == "sasaran"


def test_evaluasi_xlsx_headers_and_numbers(client, admin, opd_a, sub_row):
    sub, indikator = sub_row
    client.force_login(admin)

    response = client.get(
        reverse("pelaporan:evaluasi_renja_xlsx", args=[opd_a.pk]), {"tahun": 2025}
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [sheet.cell(row=5, column=c).value for c in range(1, 28)]
    assert header[0] == "No"
    assert header[5].startswith("Target Renstra PD pada Tahun 2029")
    assert header[17] == "Realisasi Kinerja pada Triwulan IV"
    assert header[25] == "Unit PD Penanggung Jawab"
    assert header[26] == "Keterangan"
    sub_header = [sheet.cell(row=6, column=c).value for c in range(6, 26)]
    assert sub_header == ["K", "Rp"] * 10
    numbers = [sheet.cell(row=7, column=c).value for c in range(1, 28)]
    assert [n for n in numbers if n is not None] == list(range(1, 18))

    rows = {sheet.cell(row=r, column=5).value: r for r in range(8, sheet.max_row + 1)}
    r = rows[f"{indikator.uraian} (%)"]
    values = [sheet.cell(row=r, column=c).value for c in range(6, 26)]
    assert Decimal(str(values[4])) == Decimal("10")  # column 8 K
    assert values[5] == 1_200_000  # column 8 Rp
    assert Decimal(str(values[6])) == Decimal("3")  # TW I K
    assert values[7] == 300_000
    assert values[10] == "belum diisi"  # TW III K: the unverified 50 is left out
    assert Decimal(str(values[14])) == Decimal("7")  # column 13 K
    assert values[15] == 600_000
    assert Decimal(str(values[18])) == Decimal("23.33")  # column 15 K
    labels = [sheet.cell(row=r, column=1).value for r in range(8, sheet.max_row + 1)]
    assert "Rata-rata capaian kinerja (%)" in labels
    assert "Predikat kinerja" in labels
    assert "Faktor penghambat pencapaian kinerja" in labels


def test_evaluasi_page(client, ani, opd_a, sub_row):
    client.force_login(ani)

    response = client.get(
        reverse("pelaporan:evaluasi_renja", args=[opd_a.pk]), {"tahun": 2025}
    )

    assert response.status_code == 200
    html = response.text
    assert 'id="tabel-evaluasi"' in html
    assert "23,33 %" in html
    assert 'data-kategori="Sangat Rendah"' in html
    assert "Predikat kinerja" in html


def test_evaluasi_other_opd_hidden(client, citra, opd_a, renja):
    client.force_login(citra)

    page = client.get(reverse("pelaporan:evaluasi_renja", args=[opd_a.pk]))
    download = client.get(reverse("pelaporan:evaluasi_renja_xlsx", args=[opd_a.pk]))

    assert page.status_code == 404
    assert download.status_code == 404


def _grow(rencana, programs):
    add_programs(rencana["renstra_a"], rencana["sasaran_a"], count=programs)


@pytest.mark.parametrize("programs", [1, 4])
def test_evaluasi_queries_flat(
    django_assert_max_num_queries, rencana, admin, opd_a, programs
):
    from sakip.tahunan.services import renja_buat_dari_renstra, rkpd_susun

    _grow(rencana, programs)
    renja = renja_buat_dari_renstra(
        renstra=rencana["renstra_a"], tahun=2025, user=admin
    )
    for sub in _sub_kegiatan(renja):
        _fill_sub(sub)
        RealisasiFactory(indikator=sub.indikator.get(), periode="TW1")
    rkpd_susun(tahun=2025, user=admin)
    pemda = Unit.objects.get(jenis="pemda")

    with django_assert_max_num_queries(30):
        evaluasi_renja(opd=opd_a, tahun=2025)
    with django_assert_max_num_queries(32):
        evaluasi_rkpd(pemda=pemda, tahun=2025)


def test_renja_capaian_against_renja_target(client, admin, opd_a, renja, sub_row):
    sub, indikator = sub_row
    pk = DokumenFactory(
        kode="PK-A-2025",
        jenis=Dokumen.Jenis.PK,
        unit=opd_a,
        tahun_awal=2025,
        tahun_akhir=2025,
    )
    TargetFactory(indikator=indikator, dokumen=pk, nilai=Decimal("8"))
    Dokumen.objects.filter(pk=pk.pk).update(status=Dokumen.Status.DITETAPKAN)
    client.force_login(admin)

    row = _row(evaluasi_renja(opd=opd_a, tahun=2025), indikator)
    response = client.get(
        reverse("pelaporan:evaluasi_renja_xlsx", args=[opd_a.pk]), {"tahun": 2025}
    )

    # 7 against the Renja's 10, not against the PK's 8 (87,50 %).
    assert row.target_tahun.k.angka == Decimal("10")
    assert row.capaian_tahun.capaian_2dp == Decimal("70.00")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {sheet.cell(row=r, column=5).value: r for r in range(8, sheet.max_row + 1)}
    keterangan = sheet.cell(row=rows[f"{indikator.uraian} (%)"], column=27).value
    assert "70,00 %" in keterangan
    assert "terhadap target 10" in keterangan
    assert renja.kode in keterangan
    assert "87,50" not in keterangan
