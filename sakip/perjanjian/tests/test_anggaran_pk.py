"""The budget table of the PKs made from a Renja: which DPA version it reads,
its order, and its freezing when the PK is signed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sakip.anggaran.models import Pagu
from sakip.core.tests.pdf import pdf_text
from sakip.perencanaan.models import Dokumen, Elemen, Indikator
from sakip.perjanjian import services
from sakip.perjanjian.docx_template import render_pk_docx
from sakip.perjanjian.models import BarisAnggaranPK, Level
from sakip.perjanjian.selectors import anggaran_list, baris_list
from sakip.tahunan.services import renja_buat_dari_renstra
from sakip.tahunan.tests.conftest import add_programs

from .conftest import TANGGAL
from .test_dokumen import _docx_text


def _buat(level, unit, user):
    return services.pk_buat_dari_sumber(
        level=level, unit=unit, tahun=2025, user=user, tanggal=TANGGAL
    )


def _anggaran(perjanjian):
    return anggaran_list(perjanjian=perjanjian, baris=baris_list(perjanjian=perjanjian))


def _sub_kegiatan(renja):
    return Elemen.objects.filter(
        dokumen=renja, jenis=Elemen.Jenis.SUB_KEGIATAN
    ).order_by("nomenklatur")


@pytest.fixture
def pagu_murni(tahunan):
    """A pagu murni 2025 of Rp 1.250.000 on each of the Renja's four sub
    kegiatan, so each program has Rp 2.500.000."""
    for elemen in _sub_kegiatan(tahunan["renja"]):
        Pagu.objects.create(elemen=elemen, tahun=2025, pagu=1_250_000)


def _perubahan(perjanjian, admin):
    services.pk_tandatangani(perjanjian=perjanjian, user=admin)
    return services.pk_buat_perubahan(
        perjanjian=perjanjian, alasan="Mutasi pejabat", user=admin
    )


def test_perubahan_falls_back_to_murni(pagu_murni, jabatan, admin, bidang_a):
    perubahan = _perubahan(_buat(Level.KEPALA_BIDANG, bidang_a, admin), admin)

    assert [b.pagu for b in _anggaran(perubahan)] == [2_500_000, 2_500_000]


def test_perubahan_pagu_per_sub_kegiatan(tahunan, pagu_murni, jabatan, admin, bidang_a):
    first = _sub_kegiatan(tahunan["renja"]).first()
    Pagu.objects.create(
        elemen=first, tahun=2025, versi=Pagu.Versi.PERUBAHAN, pagu=3_000_000
    )
    murni = _buat(Level.PPTK, bidang_a, admin)
    murni_rows = {b.nomenklatur: b.pagu for b in _anggaran(murni)}
    perubahan = _perubahan(murni, admin)

    rows = {b.nomenklatur: b.pagu for b in _anggaran(perubahan)}

    assert murni_rows["1.02.01.2.01"] == 2_500_000
    assert rows["1.02.01.2.01"] == 3_000_000 + 1_250_000
    assert rows[first.nomenklatur] == 3_000_000
    assert rows["1.02.02.2.01"] == 2_500_000


@pytest.mark.parametrize("count", [1, 4])
def test_perubahan_queries_fixed(
    rencana, jabatan, admin, bidang_a, count, django_assert_max_num_queries
):
    add_programs(rencana["renstra_a"], rencana["sasaran_a"], count=count)
    renja = renja_buat_dari_renstra(
        renstra=rencana["renstra_a"], tahun=2025, user=admin
    )
    Elemen.objects.filter(dokumen=renja, jenis__in=Elemen.JENIS_BERKODE).update(
        unit_pj=bidang_a
    )
    for elemen in _sub_kegiatan(renja):
        Pagu.objects.create(elemen=elemen, tahun=2025, pagu=100_000)
    perubahan = _perubahan(_buat(Level.PPTK, bidang_a, admin), admin)
    baris = baris_list(perjanjian=perubahan)

    with django_assert_max_num_queries(4):
        rows = anggaran_list(perjanjian=perubahan, baris=baris)

    assert len(rows) == 3 * count
    assert {b.pagu for b in rows} == {100_000, 200_000}


def test_pptk_rows_in_tree_order(tahunan, jabatan, admin, bidang_a):
    perjanjian = _buat(Level.PPTK, bidang_a, admin)

    rows = [b.indikator.elemen for b in baris_list(perjanjian=perjanjian)]
    anggaran = [b.nomenklatur for b in _anggaran(perjanjian)]

    # Each kegiatan is followed by its own sub kegiatan, in their urutan.
    expected = [
        "1.02.01.2.01",
        "1.02.01.2.01.0001",
        "1.02.01.2.01.0002",
        "1.02.02.2.01",
        "1.02.02.2.01.0001",
        "1.02.02.2.01.0002",
    ]
    assert [e.nomenklatur for e in rows] == expected
    assert anggaran == expected
    assert [b.urutan for b in perjanjian.baris.all()] == list(range(6))


def test_tree_order_follows_urutan_not_kode(tahunan, jabatan, admin, bidang_a):
    renja = tahunan["renja"]
    # Put the second program first: its kegiatan and sub kegiatan follow it.
    Elemen.objects.filter(
        dokumen=renja, jenis=Elemen.Jenis.PROGRAM, nomenklatur="1.02.02"
    ).update(urutan=0)
    Elemen.objects.filter(
        dokumen=renja, jenis=Elemen.Jenis.PROGRAM, nomenklatur="1.02.01"
    ).update(urutan=1)

    perjanjian = _buat(Level.PPTK, bidang_a, admin)

    rows = [b.indikator.elemen.nomenklatur for b in perjanjian.baris.all()]
    assert rows[:3] == ["1.02.02.2.01", "1.02.02.2.01.0001", "1.02.02.2.01.0002"]
    assert [b.nomenklatur for b in _anggaran(perjanjian)] == rows


def test_perubahan_renumbers_rows(tahunan, jabatan, admin, bidang_a):
    murni = _buat(Level.PPTK, bidang_a, admin)
    # The order an older version stored: every kegiatan before the sub kegiatan.
    for nomor, baris in enumerate(
        sorted(murni.baris.all(), key=lambda b: (b.indikator.elemen.urutan, b.pk))
    ):
        baris.urutan = nomor
        baris.save()

    perubahan = _perubahan(murni, admin)

    rows = [b.indikator.elemen.nomenklatur for b in perubahan.baris.all()]
    assert rows[:3] == ["1.02.01.2.01", "1.02.01.2.01.0001", "1.02.01.2.01.0002"]


def test_signing_freezes_budget(tahunan, pagu_murni, jabatan, admin, bidang_a):
    perjanjian = _buat(Level.KEPALA_BIDANG, bidang_a, admin)

    services.pk_tandatangani(perjanjian=perjanjian, user=admin)

    frozen = list(BarisAnggaranPK.objects.filter(perjanjian=perjanjian))
    assert [(b.nomenklatur, b.pagu, b.urutan) for b in frozen] == [
        ("1.02.01", 2_500_000, 0),
        ("1.02.02", 2_500_000, 1),
    ]
    assert all(b.elemen.dokumen == tahunan["renja"] for b in frozen)


@pytest.fixture
def signed_then_dpa_changed(tahunan, pagu_murni, jabatan, admin, bidang_a):
    """The Kepala Bidang's PK signed with Rp 2.500.000 per program, after
    which a DPA import raised every pagu murni and added a perubahan."""
    perjanjian = _buat(Level.KEPALA_BIDANG, bidang_a, admin)
    services.pk_tandatangani(perjanjian=perjanjian, user=admin)
    perjanjian.refresh_from_db()
    for elemen in _sub_kegiatan(tahunan["renja"]):
        Pagu.objects.filter(elemen=elemen).update(pagu=4_000_000)
        Pagu.objects.create(
            elemen=elemen, tahun=2025, versi=Pagu.Versi.PERUBAHAN, pagu=7_000_000
        )
    return perjanjian


def test_signed_page_reads_frozen_budget(client, admin, signed_then_dpa_changed):
    client.force_login(admin)
    url = reverse("perjanjian:pk_detail", args=[signed_then_dpa_changed.pk])

    response = client.get(url)

    text = response.content.decode()
    assert [b.pagu for b in response.context["anggaran_list"]] == [2_500_000] * 2
    assert "2.500.000" in text
    assert "8.000.000" not in text


def test_signed_docx_and_pdf_agree(signed_then_dpa_changed, tmp_path):
    perjanjian = signed_then_dpa_changed

    docx_text = _docx_text(render_pk_docx(perjanjian))
    with perjanjian.berkas.open("rb") as berkas:
        signed_text = pdf_text(berkas.read(), tmp_path, layout=False)

    assert docx_text.count("2.500.000") == 2
    assert "8.000.000" not in docx_text
    assert signed_text.count("2.500.000") == 2


def test_perubahan_of_signed_reads_live(signed_then_dpa_changed, admin):
    perubahan = services.pk_buat_perubahan(
        perjanjian=signed_then_dpa_changed, alasan="APBD-P", user=admin
    )

    assert [b.pagu for b in _anggaran(perubahan)] == [14_000_000, 14_000_000]
    assert not BarisAnggaranPK.objects.filter(perjanjian=perubahan).exists()


def test_unfrozen_signed_reads_live(tahunan, pagu_murni, jabatan, admin, bidang_a):
    # A PK signed before budget tables were frozen has no frozen rows.
    perjanjian = _buat(Level.KEPALA_BIDANG, bidang_a, admin)
    services.pk_tandatangani(perjanjian=perjanjian, user=admin)
    BarisAnggaranPK.objects.filter(perjanjian=perjanjian).delete()
    perjanjian.refresh_from_db()

    assert [b.pagu for b in _anggaran(perjanjian)] == [2_500_000, 2_500_000]


def test_ditetapkan_renja_fixes_uraian(tahunan, pagu_murni, jabatan, admin, bidang_a):
    # The rows show the Renja's own indikator; a ditetapkan Renja rejects any
    # change to it, so a signed PK's uraian and satuan cannot change.
    renja = tahunan["renja"]
    Dokumen.objects.filter(pk=renja.pk).update(status=Dokumen.Status.DITETAPKAN)
    perjanjian = _buat(Level.KEPALA_BIDANG, bidang_a, admin)
    services.pk_tandatangani(perjanjian=perjanjian, user=admin)
    indikator = Indikator.objects.get(pk=perjanjian.baris.first().indikator_id)

    indikator.uraian = "Uraian baru"
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        indikator.save()
    elemen = indikator.elemen
    elemen.uraian = "Program baru"
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        elemen.save()
