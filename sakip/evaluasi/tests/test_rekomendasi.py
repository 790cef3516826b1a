import datetime
import io

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sakip.core.tests.pdf import pdf_text
from sakip.evaluasi.bukti_data import usulan_evaluasi
from sakip.evaluasi.dokumen import render_lhe_docx, render_lhe_pdf
from sakip.evaluasi.hasil import hasil_evaluasi
from sakip.evaluasi.models import Komponen, Rekomendasi, TindakLanjut
from sakip.evaluasi.rekomendasi import (
    IsianRekomendasi,
    IsianTindakLanjut,
    rekomendasi_create,
    rekomendasi_kementerian_create,
    rekomendasi_ringkas,
    rekomendasi_tutup,
    tindak_lanjut_create,
    tindak_lanjut_kembalikan,
)
from sakip.evaluasi.services import evaluasi_create, evaluator_assign
from sakip.perencanaan.models import Dokumen
from sakip.perencanaan.tests.factories import DokumenFactory

PDF = b"%PDF-1.4\n%bukti\n"
TAUTAN = "https://e-sakip.contoh.go.id/iku-baru.pdf"


def _rekomendasi(evaluasi, user, **extra):
    isian = IsianRekomendasi(uraian="Perbaiki IKU agar berorientasi hasil.", **extra)
    return rekomendasi_create(user=user, evaluasi=evaluasi, isian=isian)


def _tindak_lanjut(rekomendasi, user, **extra):
    isian = IsianTindakLanjut(
        uraian="IKU ditetapkan ulang.",
        tanggal=datetime.date(2026, 3, 1),
        bukti_tautan=TAUTAN,
        **extra,
    )
    return tindak_lanjut_create(user=user, rekomendasi=rekomendasi, isian=isian)


def test_evaluator_writes_recommendation(evaluasi_a, evi):
    komponen = Komponen.objects.get(template=evaluasi_a.template, kode="AREN01")

    rekomendasi = _rekomendasi(
        evaluasi_a, evi, komponen=komponen, batas_waktu=datetime.date(2026, 6, 30)
    )

    assert rekomendasi.unit == evaluasi_a.unit
    assert rekomendasi.tahun == 2025
    assert rekomendasi.status == Rekomendasi.Status.TERBUKA
    assert rekomendasi.history.get().history_user == evi


def test_recommendation_after_final_allowed(evaluasi_a, evi):
    evaluasi_a.status = "final"
    evaluasi_a.save()

    rekomendasi = _rekomendasi(evaluasi_a, evi)

    assert rekomendasi.pk is not None


def test_recommendation_by_operator_rejected(evaluasi_a, ani):
    with pytest.raises(PermissionDenied):
        _rekomendasi(evaluasi_a, ani)


def test_recommendation_by_own_opd_evaluator_rejected(lke, inspektorat, iwan, evi):
    from sakip.evaluasi.services import evaluasi_create

    evaluasi = evaluasi_create(user=evi, unit=inspektorat, tahun=2025, template=lke)

    with pytest.raises(PermissionDenied, match="dari unit lain"):
        _rekomendasi(evaluasi, iwan)


def test_recommendation_empty_text_rejected(evaluasi_a, evi):
    with pytest.raises(ValidationError, match="wajib diisi"):
        rekomendasi_create(
            user=evi, evaluasi=evaluasi_a, isian=IsianRekomendasi(uraian="  ")
        )


def test_follow_up_needs_evidence(evaluasi_a, evi, ani):
    rekomendasi = _rekomendasi(evaluasi_a, evi)

    with pytest.raises(ValidationError, match="berkas bukti atau tautan"):
        tindak_lanjut_create(
            user=ani,
            rekomendasi=rekomendasi,
            isian=IsianTindakLanjut(uraian="Sudah", tanggal=datetime.date(2026, 1, 5)),
        )
    assert not TindakLanjut.objects.exists()


def test_follow_up_by_other_opd_rejected(evaluasi_a, evi, citra, kadis):
    rekomendasi = _rekomendasi(evaluasi_a, evi)

    for user in (citra, kadis, evi):
        with pytest.raises(PermissionDenied):
            _tindak_lanjut(rekomendasi, user)


def test_follow_up_file_stored_under_random_name(evaluasi_a, evi, ani):
    rekomendasi = _rekomendasi(evaluasi_a, evi)

    tindak_lanjut = _tindak_lanjut(
        rekomendasi, ani, bukti=SimpleUploadedFile("../sk iku.pdf", PDF)
    )

    assert tindak_lanjut.bukti_nama == "sk iku.pdf"
    assert tindak_lanjut.bukti.name.startswith("bukti/tindak-lanjut/2025/")
    assert "iku" not in tindak_lanjut.bukti.name


def test_close_accepts_follow_up(evaluasi_a, evi, ani):
    rekomendasi = _rekomendasi(evaluasi_a, evi)
    tindak_lanjut = _tindak_lanjut(rekomendasi, ani)
    rekomendasi.refresh_from_db()
    assert rekomendasi.status == Rekomendasi.Status.DIPROSES

    rekomendasi = rekomendasi_tutup(user=evi, rekomendasi=rekomendasi, catatan="OK")

    tindak_lanjut.refresh_from_db()
    assert rekomendasi.status == Rekomendasi.Status.SELESAI
    assert rekomendasi.ditutup_oleh == evi
    assert tindak_lanjut.status == TindakLanjut.Status.DITERIMA
    assert tindak_lanjut.diperiksa_oleh == evi
    with pytest.raises(ValidationError, match="sudah selesai"):
        _tindak_lanjut(rekomendasi, ani)


def test_close_without_follow_up_rejected(evaluasi_a, evi):
    rekomendasi = _rekomendasi(evaluasi_a, evi)

    with pytest.raises(ValidationError, match="tindak lanjut yang sedang diperiksa"):
        rekomendasi_tutup(user=evi, rekomendasi=rekomendasi)


def test_close_by_operator_rejected(evaluasi_a, evi, ani):
    rekomendasi = _rekomendasi(evaluasi_a, evi)
    _tindak_lanjut(rekomendasi, ani)

    with pytest.raises(PermissionDenied):
        rekomendasi_tutup(user=ani, rekomendasi=rekomendasi)


def test_return_reopens_recommendation(evaluasi_a, evi, ani):
    rekomendasi = _rekomendasi(evaluasi_a, evi)
    tindak_lanjut = _tindak_lanjut(rekomendasi, ani)

    tindak_lanjut_kembalikan(
        user=evi, tindak_lanjut=tindak_lanjut, alasan="Lampirkan SK penetapan IKU."
    )

    rekomendasi.refresh_from_db()
    tindak_lanjut.refresh_from_db()
    assert tindak_lanjut.status == TindakLanjut.Status.DIKEMBALIKAN
    assert tindak_lanjut.alasan_dikembalikan == "Lampirkan SK penetapan IKU."
    assert rekomendasi.status == Rekomendasi.Status.TERBUKA
    with pytest.raises(ValidationError, match="sudah dikembalikan"):
        tindak_lanjut_kembalikan(user=evi, tindak_lanjut=tindak_lanjut, alasan="x")


def test_return_needs_reason(evaluasi_a, evi, ani):
    tindak_lanjut = _tindak_lanjut(_rekomendasi(evaluasi_a, evi), ani)

    with pytest.raises(ValidationError, match="alasan"):
        tindak_lanjut_kembalikan(user=evi, tindak_lanjut=tindak_lanjut, alasan=" ")


def test_ministry_recommendation_for_pemda(pemda, admin, evi):
    rekomendasi = rekomendasi_kementerian_create(
        user=evi,
        pemda=pemda,
        tahun=2025,
        isian=IsianRekomendasi(uraian="Kembangkan aplikasi kinerja terintegrasi."),
    )

    tindak_lanjut = _tindak_lanjut(rekomendasi, admin)

    assert rekomendasi.sumber == Rekomendasi.Sumber.KEMENPANRB
    assert tindak_lanjut.dibuat_oleh == admin


def test_list_marks_overdue(client, evaluasi_a, evi, ani, citra):
    _rekomendasi(evaluasi_a, evi, batas_waktu=datetime.date(2025, 1, 31))
    _rekomendasi(evaluasi_a, evi, batas_waktu=datetime.date(2099, 1, 31))
    client.force_login(ani)

    response = client.get(reverse("evaluasi:rekomendasi_list"))

    text = response.content.decode()
    assert text.count("data-rekomendasi=") == 2
    assert text.count("data-terlambat") == 1
    assert "1 rekomendasi melewati batas waktunya" in text
    client.force_login(citra)
    assert (
        "data-rekomendasi="
        not in client.get(reverse("evaluasi:rekomendasi_list")).content.decode()
    )


def test_list_leaves_out_closed(client, evaluasi_a, evi, ani):
    rekomendasi = _rekomendasi(evaluasi_a, evi)
    _tindak_lanjut(rekomendasi, ani)
    rekomendasi_tutup(user=evi, rekomendasi=rekomendasi)
    client.force_login(evi)

    open_list = client.get(reverse("evaluasi:rekomendasi_list"))
    closed = client.get(reverse("evaluasi:rekomendasi_list"), {"status": "selesai"})

    assert "data-rekomendasi=" not in open_list.content.decode()
    assert "data-rekomendasi=" in closed.content.decode()


def test_pages_walk_recommendation(client, evaluasi_a, evi, ani):
    client.force_login(evi)
    client.post(
        reverse("evaluasi:rekomendasi_create", args=[evaluasi_a.pk]),
        {"uraian": "Susun cascading sampai eselon IV.", "batas_waktu": "2026-06-30"},
    )
    rekomendasi = Rekomendasi.objects.get()
    detail = reverse("evaluasi:rekomendasi_detail", args=[rekomendasi.pk])

    client.force_login(ani)
    response = client.post(
        reverse("evaluasi:tindak_lanjut_create", args=[rekomendasi.pk]),
        {
            "uraian": "Cascading disusun.",
            "tanggal": "2026-02-01",
            "bukti": SimpleUploadedFile("pohon.pdf", PDF),
        },
    )
    assert response.url == detail
    tindak_lanjut = TindakLanjut.objects.get()
    bukti = client.get(reverse("evaluasi:tindak_lanjut_bukti", args=[tindak_lanjut.pk]))
    assert bukti["Content-Type"] == "application/pdf"
    assert b"".join(bukti.streaming_content) == PDF

    client.force_login(evi)
    page = client.get(detail).content.decode()
    assert 'id="form-tutup"' in page
    client.post(reverse("evaluasi:rekomendasi_tutup", args=[rekomendasi.pk]))
    rekomendasi.refresh_from_db()
    assert rekomendasi.status == Rekomendasi.Status.SELESAI


def test_follow_up_form_shows_missing_evidence(client, evaluasi_a, evi, ani):
    rekomendasi = _rekomendasi(evaluasi_a, evi)
    client.force_login(ani)

    response = client.post(
        reverse("evaluasi:tindak_lanjut_create", args=[rekomendasi.pk]),
        {"uraian": "Sudah", "tanggal": "2026-02-01"},
    )

    assert response.status_code == 200
    assert "Lampirkan berkas bukti atau tautan" in response.content.decode()
    assert not TindakLanjut.objects.exists()


def test_panel_on_renja_page(client, evaluasi_a, evi, ani, opd_a, opd_b, rencana):
    rekomendasi = _rekomendasi(evaluasi_a, evi)
    renja_a = DokumenFactory(kode="RENJA-A", jenis=Dokumen.Jenis.RENJA, unit=opd_a)
    renja_b = DokumenFactory(kode="RENJA-B", jenis=Dokumen.Jenis.RENJA, unit=opd_b)
    client.force_login(ani)

    page_a = client.get(reverse("perencanaan:dokumen_detail", args=[renja_a.pk]))
    renstra = client.get(
        reverse("perencanaan:dokumen_detail", args=[rencana["renstra_a"].pk])
    )
    client.force_login(evi)
    page_b = client.get(reverse("perencanaan:dokumen_detail", args=[renja_b.pk]))

    detail = reverse("evaluasi:rekomendasi_detail", args=[rekomendasi.pk])
    assert 'id="panel-rekomendasi"' in page_a.content.decode()
    assert detail in page_a.content.decode()
    assert detail in renstra.content.decode()
    assert 'id="panel-rekomendasi"' not in page_b.content.decode()


def test_ministry_page_records_recommendation(client, lke, pemda, evi):
    client.force_login(evi)

    response = client.post(
        reverse("evaluasi:rekomendasi_kementerian_create"),
        {"tahun": 2025, "uraian": "Integrasikan aplikasi kinerja dan anggaran."},
    )

    rekomendasi = Rekomendasi.objects.get()
    assert response.url == reverse("evaluasi:rekomendasi_detail", args=[rekomendasi.pk])
    assert rekomendasi.unit == pemda
    assert rekomendasi.sumber == Rekomendasi.Sumber.KEMENPANRB
    assert rekomendasi.evaluasi is None


@pytest.fixture
def evaluasi_lalu(lke, opd_a, evi):
    """The 2024 evaluation of Dinas A, the year before ``evaluasi_a``."""
    evaluasi = evaluasi_create(user=evi, unit=opd_a, tahun=2024, template=lke)
    evaluator_assign(user=evi, evaluasi=evaluasi, evaluator=evi)
    return evaluasi


def test_reader_lists_unit_and_year(evaluasi_a, evaluasi_lalu, evi, ani):
    lalu = _rekomendasi(evaluasi_lalu, evi, batas_waktu=None)
    _tindak_lanjut(lalu, ani)
    rekomendasi_tutup(user=evi, rekomendasi=lalu, catatan="OK")
    _rekomendasi(evaluasi_a, evi)

    rows = rekomendasi_ringkas(evaluasi_a.unit, 2024)

    assert len(rows) == 1
    assert rows[0].uraian == lalu.uraian
    assert rows[0].selesai is True
    assert rows[0].url == reverse("evaluasi:rekomendasi_detail", args=[lalu.pk])


def test_reader_one_query(django_assert_num_queries, evaluasi_a, evi):
    for _nomor in range(3):
        _rekomendasi(evaluasi_a, evi)

    with django_assert_num_queries(1):
        rows = rekomendasi_ringkas(evaluasi_a.unit, 2025)

    assert len(rows) == 3


def test_proposal_follows_closed_recommendation(evaluasi_a, evaluasi_lalu, evi, ani):
    """The follow-up criterion reads the recommendations of year n - 1, through
    the reader the app registers, and proposes the full answer once they are
    closed."""
    rekomendasi = _rekomendasi(evaluasi_lalu, evi)
    # A recommendation of the evaluation itself (year n) does not count.
    _rekomendasi(evaluasi_a, evi)
    terbuka = usulan_evaluasi(evaluasi_a)["DVAL003.1"]

    _tindak_lanjut(rekomendasi, ani)
    rekomendasi_tutup(user=evi, rekomendasi=rekomendasi, catatan="OK")
    selesai = usulan_evaluasi(evaluasi_a)["DVAL003.1"]

    assert terbuka.skor == 0
    assert "0 dari 1" in terbuka.fakta[0].teks
    assert terbuka.fakta[1].url == reverse(
        "evaluasi:rekomendasi_detail", args=[rekomendasi.pk]
    )
    assert selesai.skor == 1
    assert "1 dari 1" in selesai.fakta[0].teks
    assert selesai.kode != terbuka.kode


def _docx_text(content):
    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


@pytest.fixture
def rekomendasi_lhe(evaluasi_a, evaluasi_lalu, evi):
    """A recommendation of ``evaluasi_a`` and one of the year before."""
    ini = rekomendasi_create(
        user=evi,
        evaluasi=evaluasi_a,
        isian=IsianRekomendasi(uraian="Tetapkan cascading kinerja."),
    )
    lalu = rekomendasi_create(
        user=evi,
        evaluasi=evaluasi_lalu,
        isian=IsianRekomendasi(uraian="Susun SOP tahun lalu."),
    )
    return ini, lalu


def test_lhe_docx_lists_recommendation(evaluasi_a, rekomendasi_lhe):
    ini, lalu = rekomendasi_lhe

    text = _docx_text(render_lhe_docx(hasil_evaluasi(evaluasi_a)))

    assert "1 | Tetapkan cascading kinerja. | belum ditindaklanjuti" in text
    assert lalu.uraian not in text
    assert "Belum ada rekomendasi yang tercatat." not in text


def test_lhe_pdf_lists_recommendation(evaluasi_a, rekomendasi_lhe, tmp_path):
    ini, lalu = rekomendasi_lhe

    text = " ".join(
        pdf_text(render_lhe_pdf(hasil_evaluasi(evaluasi_a)), tmp_path).split()
    )

    assert ini.uraian in text
    assert lalu.uraian not in text
