"""The budget table of the Kepala Daerah's PK: the RKPD programs under its
sasaran, each with the pagu of the Renja program it was copied from."""

import pytest
from django.urls import reverse

from sakip.anggaran.models import Pagu
from sakip.core.tests.pdf import pdf_text
from sakip.perencanaan.models import Dokumen, Elemen, TautanElemen
from sakip.perjanjian import services
from sakip.perjanjian.docx_template import render_pk_docx
from sakip.perjanjian.dokumen import render_pk_pdf
from sakip.perjanjian.models import Level
from sakip.perjanjian.selectors import anggaran_list, baris_list
from sakip.tahunan.services import renja_buat_dari_renstra, rkpd_susun
from sakip.tahunan.tests.conftest import add_programs

from .conftest import TANGGAL
from .test_dokumen import _docx_text

# Pagu murni 2025 of each sub kegiatan, by OPD and program nomenklatur. Each
# program has two sub kegiatan. Dinas B's 1.02.02 has none.
PAGU_SUB = {
    ("Dinas A", "1.02.01"): 1_000_000,
    ("Dinas A", "1.02.02"): 500_000,
    ("Dinas B", "1.02.01"): 300_000,
}


def _build_chain(rencana, admin, *, count):
    """Give Dinas A and B ``count`` programs each with the same nomenklatur,
    make their 2025 Renjas and the RKPD, and return the Renjas by OPD name."""
    renja = {}
    for key in ("a", "b"):
        renstra = rencana[f"renstra_{key}"]
        add_programs(renstra, rencana[f"sasaran_{key}"], count=count)
        renja[renstra.unit.nama] = renja_buat_dari_renstra(
            renstra=renstra, tahun=2025, user=admin
        )
    rkpd_susun(tahun=2025, user=admin)
    return renja


def _sub_kegiatan(renja, nomenklatur):
    return Elemen.objects.filter(
        dokumen=renja,
        jenis=Elemen.Jenis.SUB_KEGIATAN,
        induk__induk__nomenklatur=nomenklatur,
    )


def _pk_daerah(admin, pemda):
    return services.pk_buat_dari_sumber(
        level=Level.KEPALA_DAERAH, unit=pemda, tahun=2025, user=admin, tanggal=TANGGAL
    )


def _anggaran(perjanjian):
    return anggaran_list(perjanjian=perjanjian, baris=baris_list(perjanjian=perjanjian))


@pytest.fixture
def renja(rencana, admin, jabatan):
    """The 2025 Renjas of Dinas A and B, two programs each, with ``PAGU_SUB``
    as their pagu murni, and the RKPD compiled from them.

    Two pagu that must not be counted in a PK murni of 2025 are stored too:
    a perubahan on Dinas A's 1.02.01 and a 2026 pagu on Dinas B's 1.02.02.
    """
    renja = _build_chain(rencana, admin, count=2)
    for (opd, nomenklatur), pagu in PAGU_SUB.items():
        for elemen in _sub_kegiatan(renja[opd], nomenklatur):
            Pagu.objects.create(elemen=elemen, tahun=2025, pagu=pagu)
    for elemen in _sub_kegiatan(renja["Dinas A"], "1.02.01"):
        Pagu.objects.create(
            elemen=elemen, tahun=2025, versi=Pagu.Versi.PERUBAHAN, pagu=7_000_000
        )
    for elemen in _sub_kegiatan(renja["Dinas B"], "1.02.02"):
        Pagu.objects.create(elemen=elemen, tahun=2026, pagu=9_000_000)
    return renja


def test_anggaran_rows_per_opd(renja, admin, pemda):
    rows = _anggaran(_pk_daerah(admin, pemda))

    pagu = {(b.opd, b.elemen.nomenklatur): b.pagu for b in rows}
    assert pagu == {
        ("Dinas A", "1.02.01"): 2_000_000,
        ("Dinas A", "1.02.02"): 1_000_000,
        ("Dinas B", "1.02.01"): 600_000,
        ("Dinas B", "1.02.02"): None,
    }
    assert all(b.elemen.dokumen.jenis == Dokumen.Jenis.RKPD for b in rows)
    assert rows == sorted(rows, key=lambda b: (b.elemen.nomenklatur, b.elemen.kode))


def test_anggaran_uraian_names_opd(renja, admin, pemda):
    rows = _anggaran(_pk_daerah(admin, pemda))

    for b in rows:
        assert b.uraian == f"{b.elemen.uraian} ({b.opd})"


def test_anggaran_sums_every_source(renja, admin, pemda):
    perjanjian = _pk_daerah(admin, pemda)
    [program_a] = [
        b.elemen
        for b in _anggaran(perjanjian)
        if (b.opd, b.elemen.nomenklatur) == ("Dinas A", "1.02.02")
    ]
    for opd in ("Dinas B", "Dinas A"):
        renja_program = Elemen.objects.get(
            dokumen=renja[opd], jenis=Elemen.Jenis.PROGRAM, nomenklatur="1.02.01"
        )
        TautanElemen.objects.create(
            dari=program_a, ke=renja_program, jenis=TautanElemen.Jenis.BERASAL_DARI
        )

    [row] = [b for b in _anggaran(perjanjian) if b.elemen == program_a]

    assert row.pagu == 1_000_000 + 600_000 + 2_000_000
    assert row.opd == "Dinas A, Dinas B"


def test_anggaran_perubahan_reads_pagu_berlaku(renja, admin, pemda):
    murni = _pk_daerah(admin, pemda)
    services.pk_tandatangani(perjanjian=murni, user=admin)
    perubahan = services.pk_buat_perubahan(
        perjanjian=murni, alasan="APBD-P 2025", user=admin
    )

    rows = _anggaran(perubahan)

    # Only Dinas A's 1.02.01 has a pagu perubahan; the others keep the murni.
    pagu = {(b.opd, b.elemen.nomenklatur): b.pagu for b in rows}
    assert pagu[("Dinas A", "1.02.01")] == 14_000_000
    assert pagu[("Dinas A", "1.02.02")] == 1_000_000
    assert pagu[("Dinas B", "1.02.01")] == 600_000
    assert pagu[("Dinas B", "1.02.02")] is None


def test_anggaran_perubahan_per_sub_kegiatan(renja, admin, pemda):
    [sub_kegiatan, _other] = _sub_kegiatan(renja["Dinas B"], "1.02.01")
    Pagu.objects.create(
        elemen=sub_kegiatan, tahun=2025, versi=Pagu.Versi.PERUBAHAN, pagu=50_000
    )
    murni = _pk_daerah(admin, pemda)
    pagu_murni = {(b.opd, b.elemen.nomenklatur): b.pagu for b in _anggaran(murni)}
    services.pk_tandatangani(perjanjian=murni, user=admin)
    perubahan = services.pk_buat_perubahan(
        perjanjian=murni, alasan="APBD-P 2025", user=admin
    )

    pagu = {(b.opd, b.elemen.nomenklatur): b.pagu for b in _anggaran(perubahan)}

    # One sub kegiatan of 300.000 became 50.000; the other keeps its murni.
    assert pagu[("Dinas B", "1.02.01")] == 50_000 + 300_000
    assert pagu_murni[("Dinas B", "1.02.01")] == 600_000


@pytest.mark.parametrize("count", [1, 6])
def test_anggaran_queries_fixed(
    rencana, admin, pemda, jabatan, count, django_assert_max_num_queries
):
    renja = _build_chain(rencana, admin, count=count)
    for elemen in Elemen.objects.filter(
        dokumen__in=renja.values(), jenis=Elemen.Jenis.SUB_KEGIATAN
    ):
        Pagu.objects.create(elemen=elemen, tahun=2025, pagu=100_000)
    perjanjian = _pk_daerah(admin, pemda)
    baris = baris_list(perjanjian=perjanjian)

    with django_assert_max_num_queries(3):
        rows = anggaran_list(perjanjian=perjanjian, baris=baris)

    assert len(rows) == 2 * count
    assert {b.pagu for b in rows} == {200_000}


def test_anggaran_pdf_contents(renja, admin, pemda, tmp_path):
    perjanjian = _pk_daerah(admin, pemda)
    program = Elemen.objects.get(
        dokumen__jenis=Dokumen.Jenis.RKPD,
        nomenklatur="1.02.01",
        unit_pj__nama="Dinas B",
    )

    text = " ".join(pdf_text(render_pk_pdf(perjanjian), tmp_path, layout=False).split())

    assert "Anggaran (Rp)" in text
    assert f"1.02.01 {program.uraian} (Dinas B) 600.000" in text
    assert "2.000.000" in text
    assert "1.000.000" in text
    assert "14.000.000" not in text


def test_anggaran_docx_contents(renja, admin, pemda):
    text = _docx_text(render_pk_docx(_pk_daerah(admin, pemda)))

    assert "Anggaran (Rp)" in text
    assert "2.000.000" in text
    assert "600.000" in text


def test_anggaran_detail_page(client, renja, admin, pemda):
    perjanjian = _pk_daerah(admin, pemda)
    client.force_login(admin)

    response = client.get(reverse("perjanjian:pk_detail", args=[perjanjian.pk]))

    text = response.content.decode()
    assert response.status_code == 200
    assert "(Dinas A)" in text
    assert "(Dinas B)" in text
    assert "600.000" in text
