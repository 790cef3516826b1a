"""Importing a valid workbook: what it writes, and that it updates in place."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sakip.anggaran.models import KeuanganBulanan, Pagu
from sakip.bukukerja.importer import import_workbook
from sakip.bukukerja.tests.workbooks import (
    base_sheets,
    canonical_dump,
    clear_pemda_data,
    set_cell,
    table_counts,
    write_workbook,
)
from sakip.organisasi.models import Pengaturan, Unit
from sakip.pengukuran.models import Realisasi
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Target, TautanElemen
from sakip.referensi.models import NilaiSkala

pytestmark = pytest.mark.django_db


def _import(path, **kwargs):
    result = import_workbook(path, **kwargs)
    assert result.errors == []
    return result


def test_import_base_writes_every_sheet(base_workbook):
    result = _import(base_workbook)

    assert result.written
    assert result.summary["Unit"] == {"dibuat": 3, "diubah": 0, "tetap": 0}
    assert result.summary["Target"]["dibuat"] == 6
    assert Unit.objects.count() == 3
    assert Dokumen.objects.count() == 3
    assert Elemen.objects.count() == 7
    assert Indikator.objects.count() == 4
    assert Target.objects.count() == 6
    assert Realisasi.objects.count() == 4
    assert Pagu.objects.count() == 2
    assert KeuanganBulanan.objects.count() == 1
    assert NilaiSkala.objects.filter(skala__nama="opini_bpk").count() == 4


def test_import_base_reads_values(base_workbook):
    _import(base_workbook)

    pengaturan = Pengaturan.load()
    assert (pengaturan.nama_pemda, pengaturan.rumus_negatif) == (
        "Kabupaten Uji",
        "rasio",
    )
    assert pengaturan.batas_rollup == "120"
    target = Target.objects.get(indikator__kode="IND-1", periode="tahunan")
    assert target.nilai == Decimal("12.5")
    assert Target.objects.get(indikator__kode="IKU-1", tahun=2026).nilai == Decimal(
        "1234.5"
    )
    rentang = Target.objects.get(indikator__kode="IND-INF")
    assert (rentang.nilai, rentang.batas_bawah, rentang.batas_atas) == (
        None,
        Decimal(2),
        Decimal(4),
    )
    assert Realisasi.objects.get(indikator__kode="IND-1").nilai == Decimal("97.5")
    opini = Realisasi.objects.get(indikator__kode="IND-OPINI")
    assert (opini.nilai, opini.nilai_skala) == (None, "WTP")
    assert Pagu.objects.get(elemen__kode="KEG-1").pagu == 600_000_000
    assert KeuanganBulanan.objects.get().realisasi_fisik == Decimal("10.5")


def test_import_base_reads_indikator(base_workbook):
    _import(base_workbook)

    iku = Indikator.objects.get(kode="IKU-1")
    assert iku.iku is True
    assert iku.kondisi_awal == Decimal("70.5")
    assert iku.agregasi == "akhir"
    opini = Indikator.objects.get(kode="IND-OPINI")
    assert opini.jenis_nilai == "skala:opini_bpk"
    assert (opini.kondisi_awal, opini.kondisi_awal_skala) == (None, "WDP")
    assert Indikator.objects.get(kode="IND-1").rumus_negatif == "rasio"
    assert Indikator.objects.get(kode="IND-INF").agregasi == "rata_rata"


def test_import_sets_opd_and_links(base_workbook):
    _import(base_workbook)

    units = {unit.kode: unit for unit in Unit.objects.all()}
    assert units["PEMDA"].opd_id is None
    assert units["OPD-1"].opd_id == units["OPD-1"].pk
    assert units["BID-1"].opd_id == units["OPD-1"].pk
    assert Elemen.objects.get(kode="KEG-1").induk.kode == "PRG-1"
    assert Elemen.objects.get(kode="PRG-1").unit_pj.kode == "BID-1"
    link = TautanElemen.objects.get()
    assert (link.dari.kode, link.ke.kode, link.jenis) == ("SAS-1", "SAS", "mendukung")


def test_import_realisasi_is_diterima(base_workbook, admin):
    _import(base_workbook, user=admin)

    realisasi = Realisasi.objects.get(indikator__kode="IKU-1")
    assert realisasi.status == Realisasi.Status.DITERIMA
    assert realisasi.diverifikasi_oleh == admin
    assert realisasi.keterangan == "BPS 2026"


def test_import_orders_rows_by_position(base_workbook):
    _import(base_workbook)

    assert list(Unit.objects.values_list("kode", flat=True)) == [
        "PEMDA",
        "OPD-1",
        "BID-1",
    ]
    rpjmd = Elemen.objects.filter(dokumen__kode="RPJMD").order_by("urutan")
    assert list(rpjmd.values_list("kode", "urutan")) == [
        ("VISI", 1),
        ("MISI", 2),
        ("TUJ", 3),
        ("SAS", 4),
    ]


def test_import_writes_history_with_user(base_workbook, admin):
    _import(base_workbook, user=admin, reason="uji")

    history = Target.history.all()
    assert history.count() == 6
    assert {row.history_type for row in history} == {"+"}
    assert {row.history_user_id for row in history} == {admin.pk}
    assert {row.history_change_reason for row in history} == {"uji"}
    assert Unit.history.filter(kode="OPD-1").get().opd_id is not None


def test_import_twice_changes_nothing(base_workbook):
    _import(base_workbook)
    counts = table_counts()
    dump = canonical_dump()

    result = _import(base_workbook)

    assert table_counts() == counts
    assert canonical_dump() == dump
    assert all(counts["diubah"] == 0 for counts in result.summary.values())
    assert all(counts["dibuat"] == 0 for counts in result.summary.values())


def test_import_updates_in_place(base_workbook, tmp_path):
    _import(base_workbook)
    sheets = base_sheets()
    set_cell(sheets, "Unit", 3, "nama", "Dinas Satu Baru")
    set_cell(sheets, "Target", 3, "nilai", "13")
    set_cell(sheets, "Realisasi", 2, "nilai", 75)
    set_cell(sheets, "Anggaran", 2, "pagu", 2_000_000)
    changed = write_workbook(tmp_path / "changed.xlsx", sheets)
    units = Unit.objects.count()

    result = _import(changed)

    assert Unit.objects.count() == units
    assert result.summary["Unit"] == {"dibuat": 0, "diubah": 1, "tetap": 2}
    assert result.summary["Target"] == {"dibuat": 0, "diubah": 1, "tetap": 5}
    assert Unit.objects.get(kode="OPD-1").nama == "Dinas Satu Baru"
    assert Unit.history.filter(kode="OPD-1").count() == 2
    assert Unit.history.filter(kode="PEMDA").count() == 1
    target = Target.objects.get(indikator__kode="IND-1", periode="tahunan")
    assert target.nilai == Decimal(13)
    assert target.history.latest().history_type == "~"
    assert Realisasi.objects.get(indikator__kode="IKU-1").nilai == Decimal(75)
    assert Pagu.objects.get(elemen__kode="PRG-1").pagu == 2_000_000


def test_import_missing_column_keeps_field(base_workbook, tmp_path):
    _import(base_workbook)
    sheets = {"Unit": [row[:3] for row in base_sheets()["Unit"]]}
    path = write_workbook(tmp_path / "unit.xlsx", sheets)

    result = _import(path)

    assert result.summary == {"Unit": {"dibuat": 0, "diubah": 0, "tetap": 3}}
    assert Unit.objects.get(kode="OPD-1").singkatan == "D1"
    assert Unit.objects.get(kode="BID-1").induk.kode == "OPD-1"


def test_import_empty_cell_clears_field(base_workbook, tmp_path):
    _import(base_workbook)
    sheets = {"Unit": base_sheets()["Unit"]}
    set_cell(sheets, "Unit", 3, "singkatan", None)
    path = write_workbook(tmp_path / "unit.xlsx", sheets)

    _import(path)

    assert Unit.objects.get(kode="OPD-1").singkatan == ""


def test_import_headers_match_loosely(tmp_path):
    sheets = {
        "unit ": [
            [" KODE", "Nama", "jenis ", "Induk", "catatan"],
            ["PEMDA", "Kabupaten Uji", "Pemda", None, "x"],
        ]
    }
    path = write_workbook(tmp_path / "loose.xlsx", sheets)

    result = _import(path)

    assert Unit.objects.get(kode="PEMDA").jenis == "pemda"
    assert result.unknown_columns == {"Unit": ["catatan"]}


def test_import_reports_ignored_sheet(base_workbook, tmp_path):
    sheets = base_sheets()
    sheets["Catatan"] = [["apa saja"], ["isi"]]
    path = write_workbook(tmp_path / "extra.xlsx", sheets)

    result = _import(path)

    assert result.ignored_sheets == ["Catatan"]


def test_import_removes_dropped_mendukung(base_workbook, tmp_path, admin):
    _import(base_workbook)
    sheets = base_sheets()
    set_cell(sheets, "Elemen", 6, "mendukung", None)
    path = write_workbook(tmp_path / "tanpa-tautan.xlsx", sheets)

    result = _import(path, user=admin)

    assert result.summary["Elemen"]["diubah"] == 1
    assert TautanElemen.objects.count() == 0
    deleted = TautanElemen.history.get(history_type="-")
    assert deleted.history_user == admin
    assert Elemen.history.filter(kode="SAS-1").count() == 1


def test_import_adds_mendukung(base_workbook, tmp_path):
    _import(base_workbook)
    sheets = base_sheets()
    set_cell(sheets, "Elemen", 6, "mendukung", "SAS; TUJ")
    path = write_workbook(tmp_path / "dua-tautan.xlsx", sheets)

    _import(path)

    ke = TautanElemen.objects.filter(dari__kode="SAS-1").values_list(
        "ke__kode", flat=True
    )
    assert sorted(ke) == ["SAS", "TUJ"]


def test_import_swaps_scale_ranks(base_workbook, tmp_path):
    _import(base_workbook)
    sheets = {"Skala": base_sheets()["Skala"]}
    set_cell(sheets, "Skala", 4, "peringkat", 4)
    set_cell(sheets, "Skala", 5, "peringkat", 3)
    path = write_workbook(tmp_path / "skala.xlsx", sheets)

    _import(path)

    ranks = dict(NilaiSkala.objects.values_list("nilai", "peringkat"))
    assert ranks == {"TMP": 1, "TW": 2, "WDP": 4, "WTP": 3}


def test_import_moves_bidang_to_other_opd(base_workbook, tmp_path):
    _import(base_workbook)
    sheets = {"Unit": base_sheets()["Unit"]}
    sheets["Unit"].append(["OPD-2", "Dinas Dua", "perangkat_daerah", "PEMDA", None])
    set_cell(sheets, "Unit", 4, "induk", "OPD-2")
    path = write_workbook(tmp_path / "pindah.xlsx", sheets)

    _import(path)

    bidang = Unit.objects.get(kode="BID-1")
    assert bidang.opd.kode == "OPD-2"
    assert bidang.history.latest().opd_id == bidang.opd_id


def test_import_dry_run_writes_nothing(base_workbook):
    counts = table_counts()

    result = _import(base_workbook, dry_run=True)

    assert not result.written
    assert result.summary["Unit"] == {"dibuat": 3, "diubah": 0, "tetap": 0}
    assert table_counts() == counts


def _targets_workbook(path, count):
    sheets = base_sheets()
    for tahun in range(2025, 2030):
        for bulan in range(1, 13):
            if len(sheets["Target"]) > count + 6:
                break
            sheets["Target"].append(
                ["IKU-1", "RPJMD", tahun, f"B{bulan:02d}", bulan, None, None]
            )
    return write_workbook(path, sheets)


def test_import_queries_do_not_grow_with_rows(tmp_path):
    few = _targets_workbook(tmp_path / "sedikit.xlsx", 5)
    many = _targets_workbook(tmp_path / "banyak.xlsx", 50)

    with CaptureQueriesContext(connection) as first:
        _import(few)
    clear_pemda_data()
    with CaptureQueriesContext(connection) as second:
        _import(many)

    assert Target.objects.count() == 56
    assert len(second) == len(first)


@pytest.mark.django_db(transaction=True)
def test_import_reports_progress_outside_transaction(base_workbook):
    calls = []

    _import(
        base_workbook,
        progress=lambda percent, stage: calls.append(
            (percent, stage, connection.in_atomic_block)
        ),
    )

    assert calls[-1][:2] == (100, "Selesai")
    assert [percent for percent, _stage, _atomic in calls] == sorted(
        percent for percent, _stage, _atomic in calls
    )
    assert not any(atomic for _percent, _stage, atomic in calls)
    assert "Menyimpan ke basis data" in {stage for _percent, stage, _atomic in calls}
