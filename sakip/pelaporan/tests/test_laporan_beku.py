"""Adopting an LKjIP freezes what it reported, and a revision reports the
data of its own day beside it."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from docx import Document

from sakip.core.tests.pdf import pdf_text
from sakip.pelaporan import services
from sakip.pelaporan.models import LaporanKinerja
from sakip.pengukuran.models import Realisasi
from sakip.perencanaan.models import Indikator, Target

from .lkjip_fixtures import *  # noqa: F403

FORMULA_BARU = "Jumlah layanan tuntas dibagi jumlah permohonan"


def docx_text(content: bytes) -> str:
    """Return the text of a DOCX's paragraphs and table cells, one per line."""
    document = Document(io.BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def tahun_ini(text: str) -> str:
    """Return the PDF's lines of this year's row of the comparison table,
    which carry the indikator's target, realisasi and capaian."""
    return "\n".join(line for line in text.splitlines() if "(tahun ini)" in line)


def first_indikator(data: dict) -> dict:
    return data["sasaran"][0]["indikator"][0]


def change_everything(kode: str) -> None:
    """Change, straight in the tables, the realisasi, the targets and the
    formula of the indikator ``kode``: its capaian becomes 45 / 60 = 75 %."""
    indikator = Indikator.objects.get(kode=kode)
    akar = indikator.akar_id or indikator.pk
    family = Indikator.objects.filter(Q(pk=akar) | Q(akar_id=akar))
    changed = Realisasi.objects.filter(
        indikator__in=family, tahun=2025, periode="tahunan"
    ).update(nilai=Decimal("45"))
    assert changed
    assert Target.objects.filter(indikator__in=family, tahun=2025).update(
        nilai=Decimal("60")
    )
    Indikator.objects.filter(pk__in=family).update(formula=FORMULA_BARU)


@pytest.fixture
def adopted(siklus, opd_a, ani, kadis):
    """Dinas A's 2025 LKjIP with a penyebab written, adopted by its Kepala."""
    kode = services.live_data(unit=opd_a, tahun=2025)["sasaran"][0]["kode"]
    services.narasi_simpan(
        user=ani,
        unit=opd_a,
        tahun=2025,
        bagian="penyebab",
        isi="Layanan daring belum menjangkau kecamatan.",
        versi=0,
        sasaran_kode=kode,
    )
    tulis_bab_wajib(unit=opd_a, user=ani)  # noqa: F405
    return services.laporan_tetapkan(user=kadis, unit=opd_a, tahun=2025)


def test_tetapkan_stores_data(adopted):
    data = adopted.isi_beku
    row = first_indikator(data)

    assert adopted.status == LaporanKinerja.Status.DITETAPKAN
    assert row["capaian_2dp"] == "80.00"
    assert row["kategori"] == "Tinggi"
    assert data["tanggal"] == timezone.localdate(adopted.ditetapkan_pada).isoformat()
    kode = data["sasaran"][0]["kode"]
    penyebab = adopted.narasi_beku["analisis"][kode]["penyebab"]
    assert penyebab == "Layanan daring belum menjangkau kecamatan."


def test_tetapkan_twice_rejected(adopted, opd_a, kadis):
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        services.laporan_tetapkan(user=kadis, unit=opd_a, tahun=2025)


def test_tetapkan_needs_kepala(siklus, opd_a, opd_b, ani, citra, kadis, admin, pemda):
    for user, unit in ((ani, opd_a), (kadis, opd_b), (kadis, pemda), (citra, opd_a)):
        with pytest.raises(PermissionDenied):
            services.laporan_tetapkan(user=user, unit=unit, tahun=2025)

    tulis_bab_wajib(unit=pemda, user=admin)  # noqa: F405
    laporan = services.laporan_tetapkan(user=admin, unit=pemda, tahun=2025)

    assert laporan.is_ditetapkan


def test_narasi_closed_after_tetapkan(adopted, opd_a, ani):
    with pytest.raises(ValidationError, match="Buat revisi"):
        services.narasi_simpan(
            user=ani, unit=opd_a, tahun=2025, bagian="ikhtisar", isi="Baru", versi=0
        )


def test_beku_page_keeps_numbers(client, adopted, opd_a, ani):
    kode = first_indikator(adopted.isi_beku)["kode"]
    change_everything(kode)
    live = first_indikator(services.live_data(unit=opd_a, tahun=2025))
    assert live["capaian_2dp"] == "75.00"
    assert live["formula"] == FORMULA_BARU
    client.force_login(ani)

    response = client.get(reverse("pelaporan:laporan_detail", args=[2025, opd_a.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "80,00 %" in html
    assert "75,00 %" not in html
    assert "Layanan daring belum menjangkau kecamatan." in html


def test_beku_documents_keep_numbers(client, adopted, opd_a, ani, tmp_path):
    kode = first_indikator(adopted.isi_beku)["kode"]
    change_everything(kode)
    client.force_login(ani)

    docx = client.get(reverse("pelaporan:laporan_docx", args=[2025, opd_a.pk]))
    pdf = client.get(reverse("pelaporan:laporan_pdf", args=[2025, opd_a.pk]))

    assert docx.status_code == 200
    assert docx["Content-Disposition"] == (
        'attachment; filename="lkjip-2025-OPD-A.docx"'
    )
    text = docx_text(docx.content)
    assert "80,00 %" in text
    assert "75,00 %" not in text
    assert FORMULA_BARU not in text
    assert "Layanan daring belum menjangkau kecamatan." in text
    tanggal = date_format(timezone.localdate(adopted.ditetapkan_pada), "j F Y")
    assert f"Ditetapkan {tanggal}" in text
    assert "DRAF" not in text
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content, tmp_path)
    assert "80,00 %" in tahun_ini(text)
    assert "75,00 %" not in text
    assert FORMULA_BARU not in " ".join(text.split())


def test_revisi_shows_new_numbers(client, adopted, opd_a, kadis, tmp_path):
    kode = first_indikator(adopted.isi_beku)["kode"]
    change_everything(kode)
    _adopted_on(adopted, datetime.date(2026, 4, 1))

    revisi = services.revisi_buat(
        user=kadis,
        laporan=adopted,
        alasan="Koreksi realisasi hasil verifikasi ulang",
        tanggal=datetime.date(2026, 5, 4),
    )

    row = first_indikator(revisi.isi_beku)
    assert revisi.nomor == 1
    assert row["capaian_2dp"] == "75.00"
    assert row["formula"] == FORMULA_BARU
    assert revisi.isi_beku["revisi"]["tanggal"] == "2026-05-04"
    assert revisi.isi_beku["tanggal"] == "2026-05-04"
    adopted.refresh_from_db()
    assert first_indikator(adopted.isi_beku)["capaian_2dp"] == "80.00"

    client.force_login(kadis)
    url = reverse("pelaporan:laporan_revisi_pdf", args=[2025, opd_a.pk, 1])
    response = client.get(url)
    assert response["Content-Disposition"] == (
        'attachment; filename="lkjip-2025-OPD-A-revisi-1.pdf"'
    )
    revisi_text = pdf_text(response.content, tmp_path)
    assert "Revisi ke-1, 4 Mei 2026" in revisi_text
    rows = tahun_ini(revisi_text)
    assert "75,00 %" in rows
    assert "80,00 %" not in rows
    original = client.get(reverse("pelaporan:laporan_pdf", args=[2025, opd_a.pk]))
    rows = tahun_ini(pdf_text(original.content, tmp_path))
    assert "80,00 %" in rows
    assert "75,00 %" not in rows


def test_revisi_page_shows_differences(client, adopted, opd_a, kadis):
    kode = first_indikator(adopted.isi_beku)["kode"]
    change_everything(kode)
    services.revisi_buat(user=kadis, laporan=adopted, alasan="Koreksi realisasi")
    client.force_login(kadis)

    response = client.get(reverse("pelaporan:laporan_detail", args=[2025, opd_a.pk]))

    html = response.content.decode()
    start = html.index('data-revisi="1"')
    table = html[start : html.index("</table>", start)]
    assert f'data-indikator="{kode}"' in table
    assert "80,00 %" in table
    assert "75,00 %" in table
    assert "Koreksi realisasi" in html


def test_revisi_needs_alasan(adopted, kadis):
    with pytest.raises(ValidationError, match="Alasan revisi wajib"):
        services.revisi_buat(user=kadis, laporan=adopted, alasan="  ")


def _adopted_on(laporan, tanggal):
    """Date the adoption of ``laporan`` to ``tanggal``, at noon in Jakarta."""
    moment = timezone.make_aware(datetime.datetime.combine(tanggal, datetime.time(12)))
    LaporanKinerja.objects.filter(pk=laporan.pk).update(ditetapkan_pada=moment)
    laporan.refresh_from_db()


def test_revisi_date_before_adoption(adopted, kadis):
    _adopted_on(adopted, datetime.date(2026, 4, 1))

    with pytest.raises(ValidationError, match="sebelum LKjIP ini ditetapkan"):
        services.revisi_buat(
            user=kadis,
            laporan=adopted,
            alasan="Koreksi",
            tanggal=datetime.date(2026, 3, 31),
        )
    assert not adopted.revisi.exists()


def test_revisi_date_before_previous(adopted, kadis):
    _adopted_on(adopted, datetime.date(2026, 4, 1))
    services.revisi_buat(
        user=kadis, laporan=adopted, alasan="Satu", tanggal=datetime.date(2026, 6, 1)
    )

    with pytest.raises(ValidationError, match="sebelum revisi 1"):
        services.revisi_buat(
            user=kadis,
            laporan=adopted,
            alasan="Dua",
            tanggal=datetime.date(2026, 5, 1),
        )
    same_day = services.revisi_buat(
        user=kadis, laporan=adopted, alasan="Dua", tanggal=datetime.date(2026, 6, 1)
    )
    assert same_day.nomor == 2


def test_revisi_date_in_future(adopted, kadis):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError, match="sesudah hari ini"):
        services.revisi_buat(
            user=kadis, laporan=adopted, alasan="Koreksi", tanggal=tomorrow
        )


def test_revisi_date_form_error(client, adopted, opd_a, kadis):
    _adopted_on(adopted, datetime.date(2026, 4, 1))
    client.force_login(kadis)
    url = reverse("pelaporan:laporan_revisi_create", args=[2025, opd_a.pk])

    response = client.post(
        url, {"alasan": "Koreksi", "tanggal": "2020-01-01"}, follow=True
    )

    html = response.content.decode()
    assert "sebelum LKjIP ini ditetapkan" in html
    assert "1 April 2026" in html
    assert not adopted.revisi.exists()


def test_revisi_of_draft_rejected(siklus, opd_a, ani, kadis):
    services.narasi_simpan(
        user=ani, unit=opd_a, tahun=2025, bagian="ikhtisar", isi="Ikhtisar", versi=0
    )
    laporan = LaporanKinerja.objects.get(unit=opd_a, tahun=2025)

    with pytest.raises(ValidationError, match="belum ditetapkan"):
        services.revisi_buat(user=kadis, laporan=laporan, alasan="Koreksi")


def test_revisi_numbers_follow(adopted, kadis):
    first = services.revisi_buat(user=kadis, laporan=adopted, alasan="Satu")
    second = services.revisi_buat(user=kadis, laporan=adopted, alasan="Dua")

    assert (first.nomor, second.nomor) == (1, 2)


def test_tetapkan_view_needs_konfirmasi(client, siklus, opd_a, ani, kadis):
    tulis_bab_wajib(unit=opd_a, user=ani)  # noqa: F405
    client.force_login(kadis)
    url = reverse("pelaporan:laporan_tetapkan", args=[2025, opd_a.pk])

    client.post(url, {})
    assert not LaporanKinerja.objects.filter(unit=opd_a, status="ditetapkan").exists()

    response = client.post(url, {"konfirmasi": "on"}, follow=True)

    assert "LKjIP ditetapkan." in response.content.decode()
    assert LaporanKinerja.objects.get(unit=opd_a, tahun=2025).is_ditetapkan


def test_publikasi_only_ditetapkan(client, siklus, opd_a, ani, kadis):
    services.narasi_simpan(
        user=ani, unit=opd_a, tahun=2025, bagian="ikhtisar", isi="Ikhtisar", versi=0
    )
    laporan = LaporanKinerja.objects.get(unit=opd_a, tahun=2025)
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        services.laporan_publikasikan(user=kadis, laporan=laporan, dipublikasikan=True)

    tulis_bab_wajib(unit=opd_a, user=ani)  # noqa: F405
    services.laporan_tetapkan(user=kadis, unit=opd_a, tahun=2025)
    client.force_login(kadis)
    url = reverse("pelaporan:laporan_publikasi", args=[2025, opd_a.pk])
    client.post(url, {"dipublikasikan": "1"})
    laporan.refresh_from_db()
    assert laporan.dipublikasikan

    client.post(url, {"dipublikasikan": "0"})
    laporan.refresh_from_db()
    assert not laporan.dipublikasikan


def test_publikasi_rejects_operator(client, adopted, opd_a, ani):
    client.force_login(ani)

    response = client.post(
        reverse("pelaporan:laporan_publikasi", args=[2025, opd_a.pk]),
        {"dipublikasikan": "1"},
    )

    assert response.status_code == 403
    adopted.refresh_from_db()
    assert not adopted.dipublikasikan


def test_adopted_pdf_rendered_once(adopted):
    from django.core.files.storage import default_storage

    data, narasi = adopted.isi_beku, adopted.narasi_beku
    first = services.render_dokumen(data, narasi, format="pdf")
    [name] = default_storage.listdir("lkjip-beku")[1]
    with default_storage.open(f"lkjip-beku/{name}", "wb") as stored:
        stored.write(b"%PDF-stored")

    second = services.render_dokumen(data, narasi, format="pdf")

    assert first.startswith(b"%PDF")
    assert second == b"%PDF-stored"


def test_draft_pdf_not_stored(siklus, opd_a):
    from django.core.files.storage import default_storage

    data = services.live_data(unit=opd_a, tahun=2025)
    services.render_dokumen(data, {}, format="pdf")

    assert not default_storage.exists("lkjip-beku")


def test_tetapkan_rejects_empty_chapters(client, siklus, opd_a, ani, kadis):
    services.narasi_simpan(
        user=ani, unit=opd_a, tahun=2025, bagian="pendahuluan", isi="Bab I", versi=0
    )
    client.force_login(kadis)
    url = reverse("pelaporan:laporan_tetapkan", args=[2025, opd_a.pk])

    with pytest.raises(ValidationError, match="Ikhtisar Eksekutif, Bab IV Penutup"):
        services.laporan_tetapkan(user=kadis, unit=opd_a, tahun=2025)
    response = client.post(url, {"konfirmasi": "on"}, follow=True)

    html = response.content.decode()
    assert "masih kosong: Ikhtisar Eksekutif, Bab IV Penutup" in html
    assert "Bab I Pendahuluan" not in html.split('id="bagian-kosong"')[1][:400]
    assert 'id="analisis-kosong"' in html
    assert not LaporanKinerja.objects.filter(unit=opd_a, status="ditetapkan").exists()
