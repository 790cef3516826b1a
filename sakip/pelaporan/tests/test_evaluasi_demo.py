"""The demo's Renja evaluation agrees with the realisation entered in it."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.db.models import Sum

from sakip.anggaran.models import KeuanganBulanan
from sakip.bukukerja.demo import demo_load
from sakip.organisasi.models import Unit
from sakip.pelaporan.evaluasi_renja import evaluasi_renja
from sakip.pelaporan.xlsx import evaluasi_xlsx
from sakip.pengukuran.selectors import capaian_indikator_list
from sakip.perencanaan.models import Elemen, Indikator

pytestmark = pytest.mark.django_db


def test_demo_renja_matches_entries(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_load()
    opd = Unit.objects.get(kode="OPD-5")

    tabel = evaluasi_renja(opd=opd, tahun=2025)

    engine_rows = {
        item.indikator.pk: item
        for item in capaian_indikator_list(
            indikator=Indikator.objects.filter(elemen__dokumen=tabel.dokumen),
            tahun=2025,
            hanya_terverifikasi=True,
        )
    }
    for row in tabel.baris_indikator:
        assert row.capaian_tahun.capaian == engine_rows[row.indikator.pk].capaian
    for row in tabel.baris:
        if row.tingkat != Elemen.Jenis.SUB_KEGIATAN or not row.pertama:
            continue
        elemen = Elemen.objects.get(dokumen=tabel.dokumen, nomenklatur=row.kode)
        spent = KeuanganBulanan.objects.filter(
            elemen=elemen, tahun=2025, status=KeuanganBulanan.Status.DITERIMA
        ).aggregate(total=Sum("realisasi_keuangan"))["total"]
        assert row.realisasi_tahun.rp == spent
        assert sum(q.rp or 0 for q in row.triwulan) == (spent or 0)

    sheet = openpyxl.load_workbook(io.BytesIO(evaluasi_xlsx(tabel))).active
    first = tabel.baris[0]
    assert sheet.cell(row=8, column=4).value == first.uraian
    assert sheet.cell(row=8, column=21).value == first.realisasi_tahun.rp
    expected = first.tingkat_capaian_k_2dp
    cell = sheet.cell(row=8, column=24).value
    assert (cell is None and expected is None) or Decimal(str(cell)) == expected
