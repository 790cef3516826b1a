"""The facts the product's data holds for the LKE's criteria, the answers
they propose, and accepting or overriding a proposal."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sakip.anggaran.models import Pagu
from sakip.evaluasi import bukti_data
from sakip.evaluasi.bukti_data import (
    RekomendasiRingkas,
    add_one_month,
    load_pemetaan,
    register_rekomendasi_reader,
    usulan_context,
    usulan_evaluasi,
)
from sakip.evaluasi.models import Jawaban, Kriteria
from sakip.evaluasi.rekomendasi import rekomendasi_ringkas
from sakip.evaluasi.services import usulan_putuskan
from sakip.organisasi.models import Unit
from sakip.organisasi.tests.factories import UnitFactory
from sakip.pelaksanaan.models import RencanaAksi
from sakip.pelaporan.models import LaporanKinerja
from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.tests.factories import RealisasiFactory
from sakip.perencanaan.models import Dokumen, Elemen
from sakip.perencanaan.tests.factories import (
    DokumenFactory,
    ElemenFactory,
    IndikatorFactory,
)
from sakip.perjanjian.models import Jabatan, Level, PerjanjianKinerja


@pytest.fixture(autouse=True)
def no_rekomendasi_reader():
    # Each test starts without a reader, and the app's own reader comes back
    # after it for the tests of other files.
    register_rekomendasi_reader(None)
    yield
    register_rekomendasi_reader(rekomendasi_ringkas)


def _kriteria(lke, kode):
    return Kriteria.objects.get(sub_komponen__komponen__template=lke, kode=kode)


def _tetapkan(dokumen):
    Dokumen.objects.filter(pk=dokumen.pk).update(status=Dokumen.Status.DITETAPKAN)
    dokumen.refresh_from_db()
    return dokumen


def _renja(unit, tahun=2025):
    return DokumenFactory(
        kode=f"RENJA-{unit.kode}-{tahun}",
        jenis=Dokumen.Jenis.RENJA,
        unit=unit,
        tahun_awal=tahun,
        tahun_akhir=None,
    )


def _pk(unit, level, sumber, tanggal, *, signed=True, kode=""):
    jabatan, _ = Jabatan.objects.get_or_create(
        unit=unit, level=level, defaults={"nama": f"Kepala {unit.nama}"}
    )
    dokumen = Dokumen.objects.create(
        kode=kode or f"PK-{unit.kode}-{level}",
        jenis=Dokumen.Jenis.PK,
        unit=unit,
        tahun_awal=2025,
    )
    return PerjanjianKinerja.objects.create(
        dokumen=dokumen,
        level=level,
        unit=unit,
        tahun=2025,
        tanggal=tanggal,
        sumber=sumber,
        pihak_pertama_jabatan=jabatan,
        pihak_pertama_nama_jabatan=jabatan.nama,
        pihak_pertama_nama="Pejabat",
        status=(
            PerjanjianKinerja.Status.DITANDATANGANI
            if signed
            else PerjanjianKinerja.Status.DRAFT
        ),
    )


def _pagu(unit, renja, tanggal):
    """A pagu murni of 2025 first recorded on ``tanggal``."""
    elemen = ElemenFactory(
        dokumen=renja, jenis=Elemen.Jenis.SUB_KEGIATAN, uraian="Sub kegiatan"
    )
    pagu = Pagu.objects.create(elemen=elemen, tahun=2025, pagu=1_000_000)
    moment = timezone.make_aware(datetime.datetime.combine(tanggal, datetime.time(9)))
    Pagu.history.filter(id=pagu.pk).update(history_date=moment)
    return pagu


def test_no_data_proposes_no(evaluasi_a):
    usulan = usulan_evaluasi(evaluasi_a)

    renstra = usulan["AREN001.1"]
    assert renstra.kode == "T"
    assert renstra.fakta[0].terpenuhi is False
    assert "Belum ada Renstra" in renstra.fakta[0].teks
    assert usulan["AREN002.10"].kode == "D"
    assert usulan["CLAP001.1"].kode == "T"


def test_unmapped_criterion_has_no_proposal(evaluasi_a):
    usulan = usulan_evaluasi(evaluasi_a)

    assert "AREN003.6" not in usulan
    assert set(usulan) == set(load_pemetaan())


def test_adopted_renstra_proposes_yes(evaluasi_a, opd_a):
    renstra = _tetapkan(DokumenFactory(kode="RENSTRA-A", unit=opd_a))

    usulan = usulan_evaluasi(evaluasi_a)["AREN001.1"]

    assert usulan.kode == "Y"
    assert usulan.fakta[0].terpenuhi is True
    assert usulan.fakta[0].url == reverse(
        "perencanaan:dokumen_detail", args=[renstra.pk]
    )


def test_draft_renstra_proposes_no(evaluasi_a, opd_a):
    DokumenFactory(kode="RENSTRA-A", unit=opd_a)

    usulan = usulan_evaluasi(evaluasi_a)["AREN001.1"]

    assert usulan.kode == "T"
    assert "belum ditetapkan" in usulan.fakta[0].teks


def test_other_opd_plans_do_not_count(evaluasi_a, opd_b):
    _tetapkan(DokumenFactory(kode="RENSTRA-B", unit=opd_b))

    assert usulan_evaluasi(evaluasi_a)["AREN001.1"].kode == "T"


def test_pk_on_time_share(evaluasi_a, opd_a, bidang_a):
    renja = _renja(opd_a)
    _pagu(opd_a, renja, datetime.date(2025, 1, 5))
    _tetapkan(renja)
    kepala = _pk(opd_a, Level.KEPALA_OPD, renja, datetime.date(2025, 2, 5))
    terlambat = _pk(bidang_a, Level.KEPALA_BIDANG, renja, datetime.date(2025, 2, 6))
    _pk(bidang_a, Level.PPTK, renja, datetime.date(2025, 1, 20), signed=False)

    usulan = usulan_evaluasi(evaluasi_a)["AREN002.10"]

    # One of three on time: 0.333 reaches C (0.33) on the shipped scale.
    assert usulan.skor == Decimal(1) / Decimal(3)
    assert usulan.kode == "C"
    teks = [fakta.teks for fakta in usulan.fakta]
    assert "5 Februari 2025" in teks[0]
    by_url = {fakta.url: fakta for fakta in usulan.fakta}
    assert by_url[reverse("perjanjian:pk_detail", args=[kepala.pk])].terpenuhi
    late = by_url[reverse("perjanjian:pk_detail", args=[terlambat.pk])]
    assert late.terpenuhi is False
    assert "terlambat" in late.teks


def test_pk_on_time_all_levels(evaluasi_a, opd_a, bidang_a):
    renja = _renja(opd_a)
    _pagu(opd_a, renja, datetime.date(2025, 1, 31))
    _tetapkan(renja)
    _pk(opd_a, Level.KEPALA_OPD, renja, datetime.date(2025, 2, 28))
    _pk(bidang_a, Level.KEPALA_BIDANG, renja, datetime.date(2025, 2, 1))

    usulan = usulan_evaluasi(evaluasi_a)["AREN002.10"]

    assert usulan.skor == Decimal(1)
    assert usulan.kode == "A"


def test_pk_without_dpa_checks_signature(evaluasi_a, opd_a):
    renja = _tetapkan(_renja(opd_a))
    _pk(opd_a, Level.KEPALA_OPD, renja, datetime.date(2025, 6, 1))

    usulan = usulan_evaluasi(evaluasi_a)["AREN002.10"]

    assert usulan.kode == "A"
    assert "tidak diketahui" in usulan.fakta[0].teks


def test_one_month_after():
    assert add_one_month(datetime.date(2025, 1, 31)) == datetime.date(2025, 2, 28)
    assert add_one_month(datetime.date(2024, 12, 15)) == datetime.date(2025, 1, 15)


def test_short_term_plans(evaluasi_a, opd_a):
    renja = _renja(opd_a)
    IndikatorFactory(elemen=ElemenFactory(dokumen=renja), iku=True)
    _tetapkan(renja)

    before = usulan_evaluasi(evaluasi_a)["AREN001.2"]
    pk = _pk(opd_a, Level.KEPALA_OPD, renja, datetime.date(2025, 1, 15))
    after = usulan_evaluasi(evaluasi_a)["AREN001.2"]

    assert before.kode == "T"
    assert after.kode == "Y"
    assert after.fakta[2].url == reverse("perjanjian:pk_detail", args=[pk.pk])


def test_renaksi_adopted(evaluasi_a, opd_a):
    renja = _tetapkan(_renja(opd_a))
    pk = _pk(opd_a, Level.KEPALA_OPD, renja, datetime.date(2025, 1, 15))
    dokumen = Dokumen.objects.create(
        kode="RENAKSI-A", jenis=Dokumen.Jenis.RENAKSI, unit=opd_a, tahun_awal=2025
    )
    rencana = RencanaAksi.objects.create(perjanjian=pk, dokumen=dokumen)

    draft = usulan_evaluasi(evaluasi_a)["AREN001.3"]
    _tetapkan(dokumen)
    adopted = usulan_evaluasi(evaluasi_a)["AREN001.3"]

    assert draft.kode == "T"
    assert adopted.kode == "Y"
    url = reverse("pelaksanaan:rencana_aksi_detail", args=[rencana.pk])
    assert adopted.fakta[0].url == url


def test_iku_needs_definition_and_formula(evaluasi_a, opd_a):
    renstra = DokumenFactory(kode="RENSTRA-A", unit=opd_a)
    sasaran = ElemenFactory(dokumen=renstra)
    IndikatorFactory(elemen=sasaran, iku=True, definisi="Jumlah x", formula="a / b")
    kurang = IndikatorFactory(elemen=sasaran, iku=True, definisi="Jumlah y")
    _tetapkan(renstra)

    usulan = usulan_evaluasi(evaluasi_a)["BKUR001.2"]

    assert usulan.kode == "T"
    assert "1 dari 2 IKU" in usulan.fakta[0].teks
    assert usulan.fakta[1].url == reverse(
        "perencanaan:indikator_detail", args=[kurang.pk]
    )


def _realisasi(opd, statuses):
    renja = _renja(opd, tahun=2024)
    indikator = IndikatorFactory(elemen=ElemenFactory(dokumen=renja))
    for periode, status in statuses.items():
        RealisasiFactory(
            indikator=indikator, tahun=2024, periode=periode, status=status
        )


def test_quarters_verified(evaluasi_a, opd_a):
    diterima = Realisasi.Status.DITERIMA
    _realisasi(
        opd_a,
        {"TW1": diterima, "TW2": diterima, "TW3": diterima, "TW4": "diajukan"},
    )

    usulan = usulan_evaluasi(evaluasi_a)

    assert usulan["AREN003.4"].skor == Decimal("0.75")
    assert usulan["AREN003.4"].kode == "B"
    assert usulan["BKUR002.4"].kode == "T"
    assert usulan["BKUR002.6"].kode == "Y"
    tw4 = usulan["BKUR002.4"].fakta[3]
    assert tw4.terpenuhi is False
    assert "0 dari 1" in tw4.teks
    assert tw4.url == reverse("pengukuran:verifikasi_opd", args=[opd_a.pk, 2024, "TW4"])


def test_all_quarters_verified(evaluasi_a, opd_a):
    _realisasi(opd_a, dict.fromkeys(("TW1", "TW2", "TW3", "TW4"), "diterima"))

    usulan = usulan_evaluasi(evaluasi_a)

    assert usulan["BKUR002.4"].kode == "Y"
    assert usulan["AREN003.4"].kode == "A"


def _lkjip(unit, *, ditetapkan=None, dipublikasikan=False):
    laporan = LaporanKinerja.objects.create(unit=unit, tahun=2024)
    if ditetapkan is not None:
        LaporanKinerja.objects.filter(pk=laporan.pk).update(
            status=LaporanKinerja.Status.DITETAPKAN,
            ditetapkan_pada=timezone.make_aware(
                datetime.datetime.combine(ditetapkan, datetime.time(10))
            ),
            dipublikasikan=dipublikasikan,
        )
    return laporan


def test_lkjip_adopted_published_on_time(evaluasi_a, opd_a):
    _lkjip(opd_a, ditetapkan=datetime.date(2025, 3, 10), dipublikasikan=True)

    usulan = usulan_evaluasi(evaluasi_a)

    for kode in ("CLAP001.1", "CLAP001.3", "CLAP001.5", "CLAP001.6"):
        assert usulan[kode].kode == "Y", kode
    assert usulan["CLAP001.1"].fakta[0].url == reverse(
        "pelaporan:laporan_detail", args=[2024, opd_a.pk]
    )


def test_lkjip_late_and_unpublished(evaluasi_a, opd_a):
    _lkjip(opd_a, ditetapkan=datetime.date(2025, 4, 15))

    usulan = usulan_evaluasi(evaluasi_a)

    assert usulan["CLAP001.3"].kode == "Y"
    assert usulan["CLAP001.5"].kode == "T"
    assert usulan["CLAP001.6"].kode == "T"


def test_lkjip_draft(evaluasi_a, opd_a):
    _lkjip(opd_a)

    usulan = usulan_evaluasi(evaluasi_a)

    assert usulan["CLAP001.1"].kode == "Y"
    assert usulan["CLAP001.3"].kode == "T"


def test_recommendations_without_reader(evaluasi_a):
    usulan = usulan_evaluasi(evaluasi_a)["DVAL003.1"]

    assert usulan.kode == ""
    assert usulan.skor is None
    assert "belum tersedia" in usulan.fakta[0].teks


def test_recommendations_through_reader(evaluasi_a, opd_a):
    calls = []

    def reader(unit, tahun):
        calls.append((unit, tahun))
        return [
            RekomendasiRingkas("Perbaiki IKU", True),
            RekomendasiRingkas("Susun SOP", True),
            RekomendasiRingkas("Reviu LKjIP", False, "/tindak-lanjut/3/"),
        ]

    register_rekomendasi_reader(reader)

    usulan = usulan_evaluasi(evaluasi_a)["DVAL003.1"]

    assert calls == [(opd_a, 2024)]
    assert usulan.kode == "B"
    assert "2 dari 3" in usulan.fakta[0].teks
    assert usulan.fakta[1].url == "/tindak-lanjut/3/"


def test_pemda_reads_its_own_plans(lke, pemda, admin, opd_a):
    from sakip.evaluasi.services import evaluasi_create

    evaluasi = evaluasi_create(user=admin, unit=pemda, tahun=2025, template=lke)
    _tetapkan(DokumenFactory(kode="RENSTRA-A", unit=opd_a))
    before = usulan_evaluasi(evaluasi)["AREN001.1"]
    _tetapkan(DokumenFactory(kode="RPJMD", jenis=Dokumen.Jenis.RPJMD, unit=pemda))
    after = usulan_evaluasi(evaluasi)["AREN001.1"]

    assert before.kode == "T"
    assert after.kode == "Y"


def _count_queries(evaluasi):
    with CaptureQueriesContext(connection) as context:
        usulan_evaluasi(evaluasi)
    return len(context.captured_queries)


def test_queries_do_not_grow(evaluasi_a, opd_a, bidang_a):
    # With no plan at all the IKU query is skipped, so start from one.
    DokumenFactory(kode="RENSTRA-A", unit=opd_a)
    small = _count_queries(evaluasi_a)

    renja = _renja(opd_a)
    _pagu(opd_a, renja, datetime.date(2025, 1, 5))
    _tetapkan(renja)
    for nomor in range(4):
        bidang = UnitFactory(kode=f"BID-{nomor}", jenis=Unit.Jenis.BIDANG, induk=opd_a)
        _pk(bidang, Level.KEPALA_BIDANG, renja, datetime.date(2025, 1, 20))
    _pk(opd_a, Level.KEPALA_OPD, renja, datetime.date(2025, 1, 20))
    _realisasi(opd_a, dict.fromkeys(("TW1", "TW2", "TW3", "TW4"), "diterima"))
    _lkjip(opd_a, ditetapkan=datetime.date(2025, 3, 1))
    large = _count_queries(evaluasi_a)

    assert small == large
    # One for the criteria, one for the scale, one per part of the data.
    assert large <= 10


def test_one_criterion_reads_only_its_data(evaluasi_a, lke):
    kriteria = _kriteria(lke, "AREN001.1")

    with CaptureQueriesContext(connection) as context:
        bukti_data.usulan_kriteria(evaluasi_a, kriteria)

    assert len(context.captured_queries) == 2


def test_mapping_file_must_name_known_check(tmp_path):
    (tmp_path / "usulan-x.csv").write_text(
        "kriteria_kode,pemeriksa,keterangan\nX.1,tidak_ada,\n", encoding="utf-8"
    )

    with pytest.raises(ValueError, match="tidak_ada"):
        load_pemetaan(tmp_path)


def test_mapping_files_extend(tmp_path):
    (tmp_path / "usulan-a.csv").write_text(
        "kriteria_kode,pemeriksa,keterangan\nA.1.1,renstra_ditetapkan,Renstra\n",
        encoding="utf-8",
    )
    (tmp_path / "usulan-b.csv").write_text(
        "kriteria_kode,pemeriksa,keterangan\nC.1.3,lkjip_ditetapkan,LKjIP\n",
        encoding="utf-8",
    )

    pemetaan = load_pemetaan(tmp_path)

    assert pemetaan["A.1.1"].pemeriksa == "renstra_ditetapkan"
    assert pemetaan["C.1.3"].pemeriksa == "lkjip_ditetapkan"


def test_accept_proposal(evaluasi_a, lke, ani):
    kriteria = _kriteria(lke, "AREN001.1")

    jawaban = usulan_putuskan(
        user=ani, evaluasi=evaluasi_a, kriteria=kriteria, versi=0, kode="T"
    )

    assert jawaban.kode == "T"
    assert jawaban.nilai == Decimal(0)
    assert jawaban.usulan == "T"
    assert jawaban.alasan_beda_usulan == ""
    assert jawaban.tahap == "mandiri"


def test_override_needs_reason(evaluasi_a, lke, ani):
    kriteria = _kriteria(lke, "AREN001.1")

    with pytest.raises(ValidationError) as error:
        usulan_putuskan(
            user=ani, evaluasi=evaluasi_a, kriteria=kriteria, versi=0, kode="Y"
        )

    assert "alasan" in error.value.message_dict
    assert not Jawaban.objects.filter(evaluasi=evaluasi_a).exists()


def test_override_with_reason_kept(evaluasi_a, lke, ani):
    kriteria = _kriteria(lke, "AREN001.1")
    first = usulan_putuskan(
        user=ani, evaluasi=evaluasi_a, kriteria=kriteria, versi=0, kode="T"
    )
    Jawaban.objects.filter(pk=first.pk).update(catatan="Catatan lama")

    jawaban = usulan_putuskan(
        user=ani,
        evaluasi=evaluasi_a,
        kriteria=kriteria,
        versi=first.versi,
        kode="Y",
        alasan="Renstra ditetapkan dengan Perbup, belum diunggah",
    )

    jawaban.refresh_from_db()
    assert jawaban.kode == "Y"
    assert jawaban.usulan == "T"
    assert (
        jawaban.alasan_beda_usulan == "Renstra ditetapkan dengan Perbup, belum diunggah"
    )
    assert jawaban.catatan == "Catatan lama"
    assert jawaban.history.first().alasan_beda_usulan.startswith("Renstra")


def test_decision_without_proposal_rejected(evaluasi_a, lke, ani):
    kriteria = _kriteria(lke, "AREN003.6")

    with pytest.raises(ValidationError):
        usulan_putuskan(
            user=ani, evaluasi=evaluasi_a, kriteria=kriteria, versi=0, kode="A"
        )


def test_context_and_partial(evaluasi_a, lke, opd_a):
    renstra = _tetapkan(DokumenFactory(kode="RENSTRA-A", unit=opd_a, nama="Renstra A"))
    kriteria = _kriteria(lke, "AREN001.1")

    context = usulan_context(evaluasi_a, kriteria)
    html = render_to_string("evaluasi/partials/usulan_kriteria.html", context)

    assert context["usulan"].kode == "Y"
    assert context["bisa_diputuskan"] is True
    assert [kode for kode, _nilai, _ket in context["pilihan"]] == ["Y", "T"]
    assert reverse("perencanaan:dokumen_detail", args=[renstra.pk]) in html
    assert "Renstra A" in html
    assert (
        reverse("evaluasi:usulan_putuskan", args=[evaluasi_a.pk, kriteria.pk]) in html
    )
    assert "Terima usulan Y" in html


def test_partial_for_unmapped_criterion(evaluasi_a, lke):
    kriteria = _kriteria(lke, "AREN003.6")

    context = usulan_context(evaluasi_a, kriteria, semua=usulan_evaluasi(evaluasi_a))
    html = render_to_string("evaluasi/partials/usulan_kriteria.html", context)

    assert context["usulan"] is None
    assert "tidak diperiksa dari data" in html
    assert "<form" not in html


def test_view_accepts_proposal(client, evaluasi_a, lke, ani):
    kriteria = _kriteria(lke, "AREN001.1")
    client.force_login(ani)
    url = reverse("evaluasi:usulan_putuskan", args=[evaluasi_a.pk, kriteria.pk])

    response = client.post(url, {"kode": "T", "versi": "0"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "jawaban saat ini" in response.content.decode()
    jawaban = Jawaban.objects.get(evaluasi=evaluasi_a, kriteria=kriteria)
    assert jawaban.usulan == "T"


def test_view_shows_missing_reason(client, evaluasi_a, lke, ani):
    kriteria = _kriteria(lke, "AREN001.1")
    client.force_login(ani)
    url = reverse("evaluasi:usulan_putuskan", args=[evaluasi_a.pk, kriteria.pk])

    response = client.post(url, {"kode": "Y", "versi": "0"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "tuliskan alasannya" in response.content.decode()
    assert not Jawaban.objects.filter(evaluasi=evaluasi_a).exists()


def test_view_other_opd_not_found(client, evaluasi_a, lke, citra):
    kriteria = _kriteria(lke, "AREN001.1")
    client.force_login(citra)
    url = reverse("evaluasi:usulan_putuskan", args=[evaluasi_a.pk, kriteria.pk])

    response = client.post(url, {"kode": "T", "versi": "0"})

    assert response.status_code == 404
