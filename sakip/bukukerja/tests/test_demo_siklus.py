"""The demo carries 2025 through budget and PK for BPKAD and Bapperida."""

import hashlib
import io

import docx
import openpyxl
import pytest
from django.utils import timezone

from sakip.anggaran.models import KeuanganBulanan
from sakip.anggaran.selectors import anggaran_table, jumlah_opd_list
from sakip.bukukerja.demo import DEMO_WORKBOOK, demo_load
from sakip.bukukerja.exporter import export_workbook
from sakip.bukukerja.importer import import_workbook
from sakip.core.tests.pdf import pdf_text
from sakip.organisasi.models import Pengguna, Unit
from sakip.pelaksanaan.models import RencanaAksi
from sakip.pengukuran.jadwal import jadwal_terbuka
from sakip.perencanaan.models import Dokumen, Elemen
from sakip.perjanjian.docx_template import render_pk_docx
from sakip.perjanjian.models import Level, PerjanjianKinerja

pytestmark = pytest.mark.django_db

OPD = ("OPD-5", "OPD-7")


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_load()


def _workbook_program_pagu() -> dict[str, int]:
    """The 2025 pagu of each program as the workbook's Anggaran sheet has it."""
    book = openpyxl.load_workbook(DEMO_WORKBOOK, read_only=True)
    rows = book["Anggaran"].iter_rows(min_row=2, values_only=True)
    return {kode: pagu for kode, _tahun, _versi, pagu in rows if kode.startswith("PRG")}


def test_demo_pk_four_levels(demo):
    pks = list(PerjanjianKinerja.objects.select_related("unit", "dokumen"))
    levels = {(pk.unit.opd.kode if pk.unit.opd else None, pk.level) for pk in pks}

    assert (None, Level.KEPALA_DAERAH) in levels
    for opd in OPD:
        assert {level for kode, level in levels if kode == opd} == set(Level.values) - {
            Level.KEPALA_DAERAH
        }
    # Bidang-level PKs of BPKAD are left as drafts for the user to sign.
    signed = [pk for pk in pks if pk.dokumen.status == Dokumen.Status.DITETAPKAN]
    assert len(signed) == 7
    assert all(pk.dokumen.status == "draft" for pk in pks if pk not in signed)
    for pk in signed:
        assert hashlib.sha256(pk.berkas.read()).hexdigest() == pk.berkas_sha256
    for pk in pks:
        assert pk.pihak_pertama_nama
        assert pk.level == Level.KEPALA_DAERAH or pk.pihak_kedua_nama
        rows = list(pk.baris.all())
        assert rows
        if pk.level != Level.KEPALA_DAERAH:
            assert all(row.mendukung_id for row in rows), pk.dokumen.kode


def test_demo_dpa_matches_workbook(demo):
    workbook = _workbook_program_pagu()
    for kode in OPD:
        opd = Unit.objects.get(kode=kode)
        table = anggaran_table(opd=opd, tahun=2025)
        programs = [
            row for row in table.baris() if row.elemen.jenis == Elemen.Jenis.PROGRAM
        ]
        # The Renja program PRG-7xx is the Renstra's, prefixed RJ2025-.
        by_kode = {
            row.elemen.kode.removeprefix("RJ2025-"): row.jumlah.pagu_murni
            for row in programs
        }
        assert by_kode == {k: v for k, v in workbook.items() if k in by_kode}
        assert table.total.pagu_murni == sum(by_kode.values())
        assert table.total.realisasi_keuangan < table.total.pagu_murni
    assert len(workbook) == 7
    totals = jumlah_opd_list(tahun=2025)
    assert sum(j.pagu_murni or 0 for j in totals.values()) == sum(workbook.values())


def test_demo_months(demo):
    sub_count = Elemen.objects.filter(
        dokumen__jenis=Dokumen.Jenis.RENJA, jenis=Elemen.Jenis.SUB_KEGIATAN
    ).count()
    rows = KeuanganBulanan.objects.filter(tahun=2025).order_by("elemen", "bulan")

    assert rows.count() == 12 * sub_count
    fisik: dict[int, list] = {}
    for row in rows:
        if row.bulan == 12:
            # December is left for the demo operator to fill.
            assert row.realisasi_keuangan is None
            assert row.status == "draft"
            continue
        assert row.realisasi_keuangan <= row.anggaran_kas
        assert row.status == "diterima"
        fisik.setdefault(row.elemen_id, []).append(row.realisasi_fisik)
    for values in fisik.values():
        assert values == sorted(values)
        assert values[-1] <= 100


def test_demo_pk_documents(demo, tmp_path):
    pk = PerjanjianKinerja.objects.get(level=Level.KEPALA_OPD, unit__kode="OPD-7")
    pagu = _workbook_program_pagu()

    text = pdf_text(pk.berkas.read(), tmp_path)
    assert "Yusuf Hidayat" in text
    assert "22,45 Nilai" in text
    assert "788.722.100" in text  # PRG-703, in the program budget table

    document = docx.Document(io.BytesIO(render_pk_docx(pk)))
    cells = {
        cell.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
    }
    assert "22,45 Nilai" in cells
    assert f"{pagu['PRG-702']:,}".replace(",", ".") in cells


def test_demo_round_trip_changes_nothing(demo, tmp_path):
    # The demo's documents are ditetapkan, so any renumbering of urutan
    # would be rejected as a change.
    path = tmp_path / "demo.xlsx"
    export_workbook(path)

    result = import_workbook(path, dry_run=True)

    assert result.errors == []
    changed = {
        sheet: counts
        for sheet, counts in result.summary.items()
        if any(counts.get(action) for action in ("dibuat", "diubah"))
    }
    assert changed == {}


def test_demo_rencana_aksi_and_windows(demo):
    signed_bapperida = PerjanjianKinerja.objects.filter(
        unit__opd__kode="OPD-7", dokumen__status="ditetapkan"
    )
    adopted = RencanaAksi.objects.filter(dokumen__status="ditetapkan")

    assert signed_bapperida.count() == 5
    assert set(adopted.values_list("perjanjian__unit__opd__kode", flat=True)) == {
        "OPD-7",
        None,
    }
    assert adopted.count() == 6
    operator = Pengguna.objects.get(username="operator")
    for periode in ("B12", "TW4"):
        assert jadwal_terbuka(
            unit=operator.unit, tahun=2025, periode=periode, now=timezone.now()
        )
    assert not jadwal_terbuka(
        unit=operator.unit, tahun=2025, periode="TW3", now=timezone.now()
    )


def test_demo_publishes_plans_pks_and_lkjip(demo, client):
    from django.urls import reverse

    from sakip.pelaporan.models import LaporanKinerja
    from sakip.pengukuran.selectors import capaian_indikator_list
    from sakip.perencanaan.models import Indikator

    published = set(
        Dokumen.objects.filter(dipublikasikan=True).values_list("jenis", "unit__kode")
    )
    # The demo's Evaluasi AKIP starts BPKAD's LKjIP as a draft.
    adopted = [item for item in LaporanKinerja.objects.all() if item.is_ditetapkan]
    drafts = LaporanKinerja.objects.exclude(pk__in=[item.pk for item in adopted])
    [laporan] = adopted
    listing = client.get(reverse("portal:dokumen_list")).content.decode()

    assert (Dokumen.Jenis.RPJMD, "PEMDA") in published or any(
        jenis == Dokumen.Jenis.RPJMD for jenis, _unit in published
    )
    assert {(Dokumen.Jenis.RENSTRA, kode) for kode in OPD} <= published
    assert {(Dokumen.Jenis.PK, kode) for kode in OPD} <= published
    for dokumen in Dokumen.objects.filter(dipublikasikan=True):
        assert f'data-kode="{dokumen.kode}"' in listing
    # Bapperida's LKjIP is adopted and public, BPKAD's and the Pemda's are not.
    assert laporan.unit.kode == "OPD-7"
    assert [item.unit.kode for item in drafts] == ["OPD-5"]
    assert not any(item.dipublikasikan for item in drafts)
    assert laporan.is_ditetapkan
    assert laporan.dipublikasikan
    assert "Teks contoh data demo." in laporan.narasi_beku["ikhtisar"]
    rows = [i for s in laporan.isi_beku["sasaran"] for i in s["indikator"]]
    assert rows
    for row in rows:
        [engine] = capaian_indikator_list(
            indikator=Indikator.objects.filter(kode=row["kode"]),
            tahun=2025,
            hanya_terverifikasi=True,
        )
        shown = None if row["capaian_2dp"] is None else str(engine.capaian_2dp)
        assert row["capaian_2dp"] == shown
