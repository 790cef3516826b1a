"""lkjip_data: what the LKjIP of the Pemda and of an OPD reports."""

import json
from decimal import Decimal

import pytest

from sakip.anggaran.models import KeuanganBulanan
from sakip.organisasi.models import Pengaturan
from sakip.pelaporan.lkjip import lkjip_data
from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.selectors import capaian_elemen_list, capaian_indikator_list
from sakip.pengukuran.tests.factories import RealisasiFactory
from sakip.perencanaan.models import Dokumen, Elemen, Indikator
from sakip.perencanaan.tests.factories import (
    ElemenFactory,
    IndikatorFactory,
    TargetFactory,
    TautanElemenFactory,
)
from sakip.perjanjian.models import Level
from sakip.referensi.models import NilaiSkala, Skala
from sakip.tahunan.services import renja_buat_dari_renstra, rkpd_susun
from sakip.tahunan.tests.conftest import add_programs

from .lkjip_fixtures import *  # noqa: F403
from .lkjip_fixtures import fill_dpa, sign_pk


def _only_indikator(data):
    [sasaran] = data["sasaran"]
    [indikator] = sasaran["indikator"]
    return sasaran, indikator


def test_opd_reads_signed_pk(siklus, opd_a):
    data = lkjip_data(unit=opd_a, tahun=2025)

    sasaran, indikator = _only_indikator(data)
    assert indikator["kode"] == "RJ2025-IND-A"
    assert indikator["sumber_target"] == siklus["pk_opd"].dokumen.kode
    assert indikator["target_teks"] == "50,00"
    assert indikator["realisasi_teks"] == "40,00"
    assert indikator["capaian_2dp"] == "80.00"
    assert indikator["kategori"] == "Tinggi"
    assert indikator["rumus"] == "R / T × 100"
    assert data["dokumen"]["pk"]["kode"] == siklus["pk_opd"].dokumen.kode
    assert data["pk"]["baris"][0]["target_teks"] == "50,00"
    assert data["pk"]["pihak_kedua"]["nama"] == "Bupati"
    # The fixture's Renstra and Renja are drafts, which is all the notes say.
    assert [note for note in data["catatan"] if "belum ditetapkan" not in note] == []


def test_opd_capaian_agrees_with_engine(siklus, opd_a):
    data = lkjip_data(unit=opd_a, tahun=2025)

    sasaran, indikator = _only_indikator(data)
    [engine] = capaian_indikator_list(
        indikator=Indikator.objects.filter(kode=indikator["kode"]),
        tahun=2025,
        hanya_terverifikasi=True,
    )
    [elemen] = capaian_elemen_list(
        elemen=Elemen.objects.filter(kode=sasaran["kode"]),
        tahun=2025,
        hanya_terverifikasi=True,
    )
    assert Decimal(indikator["capaian"]) == engine.capaian
    assert Decimal(sasaran["capaian"]) == elemen.capaian
    assert sasaran["kategori"] == elemen.kategori


def test_riwayat_earlier_years(siklus, opd_a):
    _sasaran, indikator = _only_indikator(lkjip_data(unit=opd_a, tahun=2025))

    assert [row["tahun"] for row in indikator["riwayat"]] == [2023, 2024]
    tahun_2023, tahun_2024 = indikator["riwayat"]
    assert tahun_2023["realisasi_teks"] == "belum diisi"
    assert tahun_2023["capaian_2dp"] is None
    assert tahun_2024["target_teks"] == "45,00"
    assert tahun_2024["capaian_2dp"] == "80.00"


def test_progres_from_kondisi_awal(siklus, opd_a):
    _sasaran, indikator = _only_indikator(lkjip_data(unit=opd_a, tahun=2025))

    assert indikator["target_akhir"] == {
        "tahun": 2029,
        "tahun_awal": 2023,
        "teks": "70,00",
        "dokumen": "RENSTRA-A",
        "dijumlahkan": False,
    }
    assert indikator["kondisi_awal"] == "30.0000"
    assert indikator["progres_2dp"] == "25.00"
    assert indikator["progres_keterangan"] is None


def _make_kumulatif(indikator):
    Indikator.objects.filter(pk=indikator.pk).update(agregasi="kumulatif")
    Indikator.objects.filter(akar=indikator).update(agregasi="kumulatif")


def test_progres_kumulatif_sums(siklus, rencana, opd_a):
    _make_kumulatif(rencana["indikator_a"])
    RealisasiFactory(indikator=rencana["indikator_a"], tahun=2023, nilai=Decimal("30"))

    _sasaran, indikator = _only_indikator(lkjip_data(unit=opd_a, tahun=2025))

    # Renstra targets 40 + 45 + 50 + 70 = 205; realisasi 30 + 36 + 40 = 106;
    # (106 − 30) / (205 − 30) × 100, not the year's 40 against 70.
    assert indikator["target_akhir"]["teks"] == "205,00"
    assert indikator["target_akhir"]["dijumlahkan"] is True
    assert indikator["realisasi_progres"] == "106.0000"
    assert indikator["realisasi_progres_teks"] == "106,00 (jumlah 2023–2025)"
    assert indikator["progres_2dp"] == "43.43"


def test_progres_kumulatif_missing_year(siklus, rencana, opd_a):
    _make_kumulatif(rencana["indikator_a"])

    _sasaran, indikator = _only_indikator(lkjip_data(unit=opd_a, tahun=2025))

    assert indikator["progres_2dp"] is None
    assert "realisasi tahun 2023 belum diisi" in indikator["progres_keterangan"]


def test_opd_anggaran_per_program(siklus, opd_a):
    data = lkjip_data(unit=opd_a, tahun=2025)

    sasaran, _indikator = _only_indikator(data)
    # Two programs of two sub kegiatan of Rp 1.200.000, 11 × Rp 80.000 spent.
    assert [p["pagu"] for p in sasaran["program"]] == [2_400_000, 2_400_000]
    assert [p["realisasi"] for p in sasaran["program"]] == [1_760_000, 1_760_000]
    assert [p["capaian_2dp"] for p in sasaran["program"]] == ["80.00", "80.00"]
    assert sasaran["anggaran"]["pagu"] == 4_800_000
    assert sasaran["anggaran"]["realisasi"] == 3_520_000
    assert sasaran["anggaran"]["serapan_2dp"] == "73.33"
    assert data["anggaran"]["pagu"] == 4_800_000


def test_efisiensi_difference_and_label(siklus, opd_a):
    sasaran, _indikator = _only_indikator(lkjip_data(unit=opd_a, tahun=2025))

    efisiensi = sasaran["efisiensi"]
    assert efisiensi["capaian_2dp"] == "80.00"
    assert efisiensi["serapan_2dp"] == "73.33"
    assert efisiensi["selisih_2dp"] == "6.67"
    assert efisiensi["efisien"] is True
    assert efisiensi["label"] == "efisien"


def test_efisiensi_below_serapan(siklus, opd_a):
    Realisasi.objects.filter(indikator=siklus["indikator"], tahun=2025).update(
        nilai=Decimal("30")
    )

    sasaran, _indikator = _only_indikator(lkjip_data(unit=opd_a, tahun=2025))

    assert sasaran["efisiensi"]["selisih_2dp"] == "-13.33"
    assert sasaran["efisiensi"]["label"] == "kurang efisien"


def test_pemda_reads_kepala_daerah_pk(siklus, pemda):
    data = lkjip_data(unit=pemda, tahun=2025)

    sasaran, indikator = _only_indikator(data)
    assert indikator["kode"] == "RKPD2025-IKU-1"
    assert indikator["capaian_2dp"] == "90.00"
    assert data["pk"]["level"] == Level.KEPALA_DAERAH
    assert data["pk"]["pihak_kedua"] is None
    # The RKPD programs take the budget of the Renja programs they come from.
    assert [p["opd"] for p in sasaran["program"]] == ["Dinas A", "Dinas A"]
    assert sasaran["anggaran"]["pagu"] == 4_800_000
    assert data["anggaran"]["realisasi"] == 3_520_000


def test_data_is_json_safe(siklus, opd_a):
    data = lkjip_data(unit=opd_a, tahun=2025)

    assert json.loads(json.dumps(data)) == data


def test_bidang_rejected(bidang_a):
    with pytest.raises(ValueError, match="Pemda or an OPD"):
        lkjip_data(unit=bidang_a, tahun=2025)


def test_without_pk_reads_renja(tahunan, dpa, opd_a):
    data = lkjip_data(unit=opd_a, tahun=2025)

    _sasaran, indikator = _only_indikator(data)
    assert indikator["kode"] == "RJ2025-IND-A"
    assert indikator["sumber_target"] == tahunan["renja"].kode
    assert data["pk"] is None
    assert data["dokumen"]["pk"] is None
    assert any("Belum ada Perjanjian Kinerja" in c for c in data["catatan"])


def test_draft_pk_does_not_count(tahunan, jabatan, admin, opd_a, pemda):
    sign_pk(Level.KEPALA_DAERAH, pemda, admin)
    from sakip.perjanjian import services as pk_services

    pk_services.pk_buat_dari_sumber(
        level=Level.KEPALA_OPD,
        unit=opd_a,
        tahun=2025,
        user=admin,
        tanggal=TANGGAL_PK,  # noqa: F405
    )

    data = lkjip_data(unit=opd_a, tahun=2025)

    assert data["pk"] is None
    assert any("ditandatangani" in c for c in data["catatan"])


def test_without_renja_or_pk(rencana, opd_a):
    data = lkjip_data(unit=opd_a, tahun=2025)

    assert data["sasaran"] == []
    assert data["iku"] == []
    assert any("belum memiliki sasaran" in c for c in data["catatan"])
    assert any("Belum ada pagu DPA" in c for c in data["catatan"])


def test_realisasi_missing(siklus, opd_a):
    Realisasi.objects.filter(indikator=siklus["indikator"], tahun=2025).update(
        status=Realisasi.Status.DIAJUKAN
    )

    data = lkjip_data(unit=opd_a, tahun=2025)

    sasaran, indikator = _only_indikator(data)
    assert indikator["realisasi"] is None
    assert indikator["realisasi_teks"] == "belum diisi"
    assert indikator["capaian"] is None
    assert indikator["keterangan"] == "belum diisi"
    assert indikator["progres"] is None
    assert sasaran["capaian"] is None
    assert sasaran["efisiensi"]["efisien"] is None
    assert any("RJ2025-IND-A" in c and "belum diisi" in c for c in data["catatan"])


def test_target_zero(tahunan, dpa, opd_a):
    indikator = Indikator.objects.get(kode="RJ2025-IND-A")
    indikator.target.filter(tahun=2025).update(nilai=Decimal("0"))

    data = lkjip_data(unit=opd_a, tahun=2025)

    _sasaran, row = _only_indikator(data)
    assert row["target"] == "0.0000"
    assert row["capaian"] is None
    assert row["keterangan"] == "target nol"
    assert any("RJ2025-IND-A" in c and "target nol" in c for c in data["catatan"])


def test_ordinal_indikator(tahunan, dpa, opd_a):
    skala = Skala.objects.create(nama="uji-opini")
    for nilai, peringkat in (("TMP", 1), ("TW", 2), ("WDP", 3), ("WTP", 4)):
        NilaiSkala.objects.create(skala=skala, nilai=nilai, peringkat=peringkat)
    sasaran = Elemen.objects.get(kode="RJ2025-SAS-A")
    opini = IndikatorFactory(
        kode="OPINI", elemen=sasaran, skala=skala, iku=True, kondisi_awal_skala="TW"
    )
    TargetFactory(indikator=opini, nilai=None, nilai_skala="WTP")
    RealisasiFactory(indikator=opini, nilai=None, nilai_skala="WDP")

    data = lkjip_data(unit=opd_a, tahun=2025)

    [row] = [r for r in data["sasaran"][0]["indikator"] if r["kode"] == "OPINI"]
    assert row["target_teks"] == "WTP"
    assert row["realisasi_teks"] == "WDP"
    assert row["capaian_2dp"] == "75.00"
    assert row["kondisi_awal"] == "TW"


def test_opd_without_budget(tahunan, opd_a):
    data = lkjip_data(unit=opd_a, tahun=2025)

    sasaran, _indikator = _only_indikator(data)
    assert data["anggaran"]["pagu"] is None
    assert sasaran["anggaran"]["serapan_2dp"] is None
    assert sasaran["efisiensi"]["efisien"] is None
    assert sasaran["efisiensi"]["keterangan"]
    assert any("Belum ada pagu DPA" in c for c in data["catatan"])


def test_unverified_spending_left_out(siklus, opd_a):
    KeuanganBulanan.objects.filter(bulan=11).update(
        status=KeuanganBulanan.Status.DIAJUKAN
    )

    data = lkjip_data(unit=opd_a, tahun=2025)

    assert data["anggaran"]["realisasi"] == 4 * 10 * 80_000
    assert any("4 isian realisasi keuangan" in c for c in data["catatan"])


def test_rollup_cap(siklus, opd_a):
    Pengaturan.objects.update_or_create(pk=1, defaults={"batas_rollup": "100"})
    Realisasi.objects.filter(indikator=siklus["indikator"], tahun=2025).update(
        nilai=Decimal("60")
    )

    sasaran, indikator = _only_indikator(lkjip_data(unit=opd_a, tahun=2025))

    assert indikator["capaian_2dp"] == "120.00"
    assert sasaran["capaian_2dp"] == "100.00"


def _build_opd(rencana, admin, jabatan, pemda, opd_a, *, sasaran_count):
    """Give Dinas A's Renstra ``sasaran_count`` more sasaran with two IKU and
    two programs each, then make the Renja, RKPD, DPA and signed PKs."""
    renstra = rencana["renstra_a"]
    rencana["indikator_a"].iku = True
    rencana["indikator_a"].save()
    add_programs(renstra, rencana["sasaran_a"], count=2)
    for _number in range(sasaran_count):
        sasaran = ElemenFactory(dokumen=renstra)
        TautanElemenFactory(dari=sasaran, ke=rencana["sasaran"])
        for _iku in range(2):
            indikator = IndikatorFactory(elemen=sasaran, iku=True)
            TargetFactory(indikator=indikator, dokumen=renstra, nilai=Decimal("50"))
            RealisasiFactory(indikator=indikator, nilai=Decimal("45"))
        add_programs(renstra, sasaran, count=2)
    renja = renja_buat_dari_renstra(renstra=renstra, tahun=2025, user=admin)
    rkpd_susun(tahun=2025, user=admin)
    fill_dpa(renja)
    sign_pk(Level.KEPALA_DAERAH, pemda, admin)
    sign_pk(Level.KEPALA_OPD, opd_a, admin)
    Dokumen.objects.filter(pk=renstra.pk).update(tahun_awal=2023)


@pytest.mark.parametrize("sasaran_count", [1, 4])
def test_queries_do_not_grow(
    rencana, admin, jabatan, pemda, opd_a, sasaran_count, django_assert_max_num_queries
):
    _build_opd(rencana, admin, jabatan, pemda, opd_a, sasaran_count=sasaran_count)

    with django_assert_max_num_queries(QUERIES_OPD) as captured:
        data = lkjip_data(unit=opd_a, tahun=2025)

    assert len(data["sasaran"]) == sasaran_count + 1
    assert sum(len(s["program"]) for s in data["sasaran"]) == 2 * (sasaran_count + 1)
    assert len(captured.captured_queries) == QUERIES_OPD


@pytest.mark.parametrize("sasaran_count", [1, 4])
def test_queries_do_not_grow_pemda(
    rencana, admin, jabatan, pemda, opd_a, sasaran_count, django_assert_max_num_queries
):
    _build_opd(rencana, admin, jabatan, pemda, opd_a, sasaran_count=sasaran_count)

    with django_assert_max_num_queries(QUERIES_PEMDA) as captured:
        data = lkjip_data(unit=pemda, tahun=2025)

    assert sum(len(s["program"]) for s in data["sasaran"]) == 2 * (sasaran_count + 1)
    assert len(captured.captured_queries) == QUERIES_PEMDA


# Queries of lkjip_data with a Renstra or RPJMD period that starts two years
# before the reported year, whatever the number of sasaran, indikator and
# programs: five per earlier year for the history, the rest fixed (eleven of
# them for the progress from the kondisi awal).
QUERIES_OPD = 73
QUERIES_PEMDA = 58


def test_draft_perubahan_rpjmd_ignored(siklus, pemda, admin):
    from sakip.perencanaan.services import dokumen_buat_perubahan

    Dokumen.objects.filter(jenis=Dokumen.Jenis.RPJMD).update(
        status=Dokumen.Status.DITETAPKAN
    )
    adopted = Dokumen.objects.get(jenis=Dokumen.Jenis.RPJMD)
    dokumen_buat_perubahan(dokumen=adopted, user=admin, alasan="Perubahan RPJMD")

    data = lkjip_data(unit=pemda, tahun=2025)

    assert data["dokumen"]["strategis"]["kode"] == adopted.kode
    assert not any(adopted.kode in note for note in data["catatan"])
