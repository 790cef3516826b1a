import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sakip.core import checks_registry
from sakip.perencanaan.checks import (
    PERINGATAN,
    Temuan,
    check_plans,
    default_check_year,
    group_by_jenis,
    normalize_uraian,
    reads_as_activity,
)
from sakip.perencanaan.models import Dokumen
from sakip.perencanaan.tests.factories import (
    DokumenFactory,
    ElemenFactory,
    IndikatorFactory,
    TargetFactory,
)
from sakip.perencanaan.tests.workbooks import (
    clean_plan,
    indikator,
    load_nomenklatur,
    targets,
    write_workbook,
)


def import_plan(tmp_path, sheets):
    """Load the test nomenklatur and import ``sheets`` as a workbook."""
    load_nomenklatur(tmp_path)
    call_command("import_workbook", str(write_workbook(tmp_path / "uji.xlsx", sheets)))


pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def planning_only(monkeypatch):
    """Check the plans alone: the checks that later apps register are tested
    in those apps."""
    monkeypatch.setattr(checks_registry, "_checks", {})


def found(temuan):
    return sorted((item.jenis, item.kode) for item in temuan)


def plant(sheets):
    """Add one broken link of every kind to the clean plan."""
    sheets["Dokumen"].append(
        {
            "kode": "RPJMD-LAMA",
            "jenis": "RPJMD",
            "unit": "PEMDA",
            "tahun_awal": 2020,
            "tahun_akhir": 2024,
        }
    )
    sheets["Elemen"] += [
        {
            "kode": "LAMA-SAS",
            "dokumen": "RPJMD-LAMA",
            "jenis": "sasaran",
            "uraian": "X",
        },
        # A sasaran whose tujuan supports nothing.
        {"kode": "RS-TUJ-2", "dokumen": "RENSTRA-A", "jenis": "tujuan", "uraian": "Y"},
        {
            "kode": "RS-SAS-2",
            "dokumen": "RENSTRA-A",
            "jenis": "sasaran",
            "induk": "RS-TUJ-2",
            "uraian": "Z",
        },
        # A tujuan that supports a sasaran of the previous RPJMD.
        {
            "kode": "RS-TUJ-3",
            "dokumen": "RENSTRA-A",
            "jenis": "tujuan",
            "uraian": "W",
            "mendukung": "LAMA-SAS",
        },
        # A Renja program and sub kegiatan with no Renstra source.
        {
            "kode": "RJ-PRG-2",
            "dokumen": "RENJA-A",
            "jenis": "program",
            "uraian": "Penunjang",
            "nomenklatur": "1.02.01",
        },
        {
            "kode": "RJ-SUB-2",
            "dokumen": "RENJA-A",
            "jenis": "sub_kegiatan",
            "uraian": "Pembangunan",
            "nomenklatur": "1.02.02.2.01.0001",
        },
        # Codes unknown, of another level, and missing.
        {
            "kode": "RS-KEG-9",
            "dokumen": "RENSTRA-A",
            "jenis": "kegiatan",
            "induk": "RS-PRG",
            "uraian": "Tak dikenal",
            "nomenklatur": "9.99.99.2.01",
        },
        {
            "kode": "RS-KEG-8",
            "dokumen": "RENSTRA-A",
            "jenis": "kegiatan",
            "induk": "RS-PRG",
            "uraian": "Salah tingkat",
            "nomenklatur": "1.02.02",
        },
        {
            "kode": "RS-SUB-7",
            "dokumen": "RENSTRA-A",
            "jenis": "sub_kegiatan",
            "induk": "RS-KEG",
            "uraian": "Tanpa kode",
        },
    ]
    sheets["Indikator"] += [
        # No target for 2027.
        indikator("RS-IND-3", "RS-SAS-2", "Indeks layanan"),
        # An IKU without definisi.
        indikator("IKU-2", "SAS", "Usia harapan sehat", iku="ya"),
        # The sasaran's indicator repeated word for word by its program.
        indikator("RS-IND-4", "RS-PRG", "indeks  KEPUASAN layanan-kesehatan."),
        # A sasaran indicator that counts documents.
        indikator("RS-IND-5", "RS-SAS", "Jumlah dokumen perencanaan yang disusun"),
    ]
    sheets["Target"] += [
        *targets("RS-IND-3", "RENSTRA-A", years=[2025, 2026, 2028, 2029]),
        *targets("IKU-2", "RPJMD"),
        *targets("RS-IND-4", "RENSTRA-A"),
        *targets("RS-IND-5", "RENSTRA-A"),
    ]
    # The Renja's target differs from the Renstra's 60.
    for row in sheets["Target"]:
        if row["indikator"] == "RJ-IND-2":
            row["nilai"] = 70
    return sheets


def test_clean_plan(tmp_path):
    import_plan(tmp_path, clean_plan())

    assert check_plans(tahun=2026) == []


def test_planted(tmp_path):
    import_plan(tmp_path, plant(clean_plan()))

    temuan = check_plans(tahun=2026)

    assert found(temuan) == [
        ("iku_tanpa_definisi", "IKU-2"),
        ("indikator_berulang", "RS-IND-4"),
        ("indikator_keluaran", "RS-IND-5"),
        ("nomenklatur_kosong", "RS-SUB-7"),
        ("nomenklatur_tidak_dikenal", "RS-KEG-9"),
        ("nomenklatur_tingkat_salah", "RS-KEG-8"),
        ("renja_tanpa_sumber", "RJ-PRG-2"),
        ("renja_tanpa_sumber", "RJ-SUB-2"),
        ("sasaran_tanpa_dukungan", "RS-SAS-2"),
        ("target_renja_berbeda", "RJ-IND-2"),
        ("target_tidak_lengkap", "RS-IND-3"),
        ("tautan_beda_periode", "RS-TUJ-3"),
    ]


def test_planted_values(tmp_path):
    import_plan(tmp_path, plant(clean_plan()))

    by_jenis = {item.jenis: item for item in check_plans(tahun=2026)}

    assert by_jenis["target_renja_berbeda"].nilai == ("70", "60")
    assert by_jenis["target_renja_berbeda"].tingkat == "peringatan"
    assert by_jenis["target_tidak_lengkap"].nilai == ("2027",)
    assert "2027" in by_jenis["target_tidak_lengkap"].pesan
    assert by_jenis["indikator_berulang"].nilai == ("RS-IND-4", "RS-IND-1")


def test_other_year_ignores_renja(tmp_path):
    import_plan(tmp_path, plant(clean_plan()))

    kodes = {item.kode for item in check_plans(tahun=2027)}

    assert "RJ-PRG-2" not in kodes
    assert "RS-SAS-2" in kodes


def fake_check(tahun, user):
    return [Temuan(kode=f"X-{tahun}", jenis="contoh", tingkat=PERINGATAN, pesan="")]


def test_registered_check(rencana):
    checks_registry.register_check("contoh", fake_check, jenis={"contoh": "Contoh"})

    temuan = check_plans(tahun=2025)

    assert ("contoh", "X-2025") in found(temuan)
    assert group_by_jenis(temuan)[-1][:2] == ("contoh", "Contoh")
    checks_registry.unregister_check("contoh")
    assert ("contoh", "X-2025") not in found(check_plans(tahun=2025))


def test_superseded_link(rencana):
    DokumenFactory(
        kode="RPJMD-P",
        jenis=Dokumen.Jenis.RPJMD,
        unit=rencana["rpjmd"].unit,
        versi="perubahan",
        versi_sebelumnya=rencana["rpjmd"],
    )

    temuan = check_plans(tahun=2025)

    assert ("tautan_versi_lama", "SAS-A") in found(temuan)
    assert not any(item.dokumen == "RPJMD" for item in temuan)


def test_visible_to(rencana, citra):
    temuan = check_plans(tahun=2025, user=citra)

    assert {item.dokumen for item in temuan} == {"RPJMD", "RENSTRA-B"}
    assert {item.dokumen for item in check_plans(tahun=2025)} >= {"RENSTRA-A"}


def build_plan(unit, size):
    renstra = DokumenFactory(unit=unit)
    tujuan = ElemenFactory(dokumen=renstra, jenis="tujuan")
    for _ in range(size):
        sasaran = ElemenFactory(dokumen=renstra, induk=tujuan)
        program = ElemenFactory(
            dokumen=renstra, induk=sasaran, jenis="program", nomenklatur="9.9"
        )
        for elemen in (sasaran, program):
            item = IndikatorFactory(elemen=elemen, iku=True, uraian="Jumlah rapat")
            TargetFactory(indikator=item, tahun=2025)


def count_queries():
    with CaptureQueriesContext(connection) as queries:
        check_plans(tahun=2025)
    return len(queries)


def test_queries_flat(rencana, opd_a, opd_b, tmp_path):
    load_nomenklatur(tmp_path)
    build_plan(opd_a, 2)
    small = count_queries()
    build_plan(opd_b, 20)

    assert count_queries() == small


@pytest.mark.parametrize(
    ("uraian", "expected"),
    [
        ("Jumlah dokumen perencanaan", True),
        ("Laporan kinerja tepat waktu", True),
        ("Terlaksananya rapat koordinasi", True),
        ("Persentase kegiatan sosialisasi", True),
        ("Opini BPK atas Laporan Keuangan", False),
        ("Indeks Pembangunan Manusia", False),
        ("Persentase peserta pelatihan yang bekerja", False),
    ],
)
def test_reads_as_activity(uraian, expected):
    assert reads_as_activity(uraian) is expected


def test_normalize_uraian():
    assert normalize_uraian("  Indeks, KEPUASAN  (IKM). ") == "indeks kepuasan ikm"


@pytest.mark.parametrize(
    ("years", "expected"),
    [([2025, 2026, 2029], 2026), ([2028, 2029], 2028), ([], 2026)],
)
def test_default_check_year(years, expected):
    assert default_check_year(years, 2026) == expected
