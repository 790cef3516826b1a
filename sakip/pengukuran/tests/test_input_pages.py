"""The input page: its rows, saving a row through HTMX, and submitting."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sakip.anggaran.models import KeuanganBulanan
from sakip.anggaran.services import IsianBulan, keuangan_simpan
from sakip.pengukuran.models import JadwalInput, Realisasi
from sakip.pengukuran.tests.factories import RealisasiFactory
from sakip.pengukuran.verifikasi import entri_kembalikan
from sakip.perencanaan.models import Elemen
from sakip.perencanaan.tests.factories import (
    ElemenFactory,
    IndikatorFactory,
    TargetFactory,
)
from sakip.perjanjian.models import BarisPK, Level
from sakip.tahunan.tests.conftest import add_programs

from .conftest import PDF_BYTES, PNG_BYTES, upload

HTMX = {"HTTP_HX_REQUEST": "true"}
TAUTAN = "https://data.contoh.go.id/bukti"


def _page(opd, periode="TW1"):
    return reverse("pengukuran:isian_opd", args=[opd.pk, 2025, periode])


def _row_url(indikator, periode="TW1"):
    return reverse("pengukuran:isian_kinerja_baris", args=[indikator.pk, 2025, periode])


def _keuangan_url(elemen, bulan=1):
    return reverse("pengukuran:isian_keuangan_baris", args=[elemen.pk, 2025, bulan])


@pytest.fixture
def ani_client(client, ani, jadwal_terbuka):
    client.force_login(ani)
    return client


def test_quarter_page_lists_pk_rows(ani_client, opd_a, pk_opd):
    response = ani_client.get(_page(opd_a))

    content = response.content.decode()
    kode = {b.indikator.kode for pk in pk_opd.values() for b in pk.baris.all()}
    assert response.status_code == 200
    assert content.count("data-baris ") == len(kode) == 9
    assert all(f'data-indikator="{k}"' in content for k in kode)
    assert "Jadwal input Triwulan I 2025 terbuka sampai" in content


def test_month_page_lists_dpa_rows(ani_client, opd_a, dpa):
    response = ani_client.get(_page(opd_a, "B01"))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("data-baris ") == 4
    assert "Rp 1.200.000" in content
    assert "Rp 100.000" in content


def test_month_page_skips_sub_kegiatan_without_pagu(ani_client, opd_a, dpa):
    ElemenFactory(
        dokumen=dpa[0].dokumen, jenis=Elemen.Jenis.SUB_KEGIATAN, induk=dpa[0].induk
    )

    response = ani_client.get(_page(opd_a, "B01"))

    assert response.content.decode().count("data-baris ") == 4


def test_closed_window_disables_rows(client, ani, opd_a, pk_opd):
    client.force_login(ani)

    response = client.get(_page(opd_a))

    content = response.content.decode()
    assert "belum ditetapkan" in content
    assert "hx-post" not in content
    assert 'name="nilai"' in content
    assert " disabled" in content


def test_unknown_period_not_found(ani_client, opd_a):
    response = ani_client.get(_page(opd_a, "B13"))

    assert response.status_code == 404


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _add_pk_rows(perjanjian, count):
    """Add ``count`` rows to ``perjanjian``, each with a new indikator of a
    program of its source Renja and a draft realisation."""
    program = Elemen.objects.filter(
        dokumen=perjanjian.sumber, jenis=Elemen.Jenis.PROGRAM
    ).first()
    for _number in range(count):
        indikator = IndikatorFactory(elemen=program)
        target = TargetFactory(
            indikator=indikator, dokumen=perjanjian.dokumen, nilai=Decimal("10")
        )
        BarisPK.objects.create(
            perjanjian=perjanjian, indikator=indikator, target=target
        )
        RealisasiFactory(
            indikator=indikator, periode="TW1", status=Realisasi.Status.DRAFT
        )


def test_quarter_page_queries_do_not_grow(
    ani_client, opd_a, pk_opd, django_assert_max_num_queries
):
    small = _count_queries(ani_client, _page(opd_a))
    _add_pk_rows(pk_opd[Level.KEPALA_BIDANG], 12)

    with django_assert_max_num_queries(small):
        response = ani_client.get(_page(opd_a))

    assert response.content.decode().count("data-baris ") == 21


def test_month_page_queries_do_not_grow(ani_client, opd_a, dpa):
    small = _count_queries(ani_client, _page(opd_a, "B01"))
    renja = dpa[0].dokumen
    add_programs(renja, Elemen.objects.get(dokumen=renja, jenis="sasaran"), count=4)
    new_subs = Elemen.objects.filter(dokumen=renja, jenis="sub_kegiatan").exclude(
        pk__in=[sub.pk for sub in dpa]
    )
    for sub in new_subs:
        keuangan_simpan(
            elemen=sub,
            tahun=2025,
            pagu_murni=500_000,
            pagu_perubahan=None,
            bulan={1: IsianBulan(anggaran_kas=1000, realisasi_keuangan=10)},
        )

    large = _count_queries(ani_client, _page(opd_a, "B01"))

    assert Elemen.objects.filter(dokumen=renja, jenis="sub_kegiatan").count() == 12
    assert large == small
    assert small <= 12


def test_row_post_saves_and_returns_version(ani_client, indikator_iku):
    response = ani_client.post(
        _row_url(indikator_iku),
        {"nilai": "41,5", "keterangan": "", "bukti_tautan": "", "versi": "0"},
        **HTMX,
    )

    content = response.content.decode()
    entri = Realisasi.objects.get(indikator=indikator_iku, periode="TW1")
    assert response.status_code == 200
    assert entri.nilai == Decimal("41.5")
    assert "Tersimpan" in content
    assert (
        f'id="versi-kinerja-{indikator_iku.pk}" value="1" hx-swap-oob="true"' in content
    )


def test_row_post_error_shown_inline(ani_client, indikator_iku):
    response = ani_client.post(
        _row_url(indikator_iku), {"nilai": "144.000", "versi": "0"}, **HTMX
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-galat="nilai"' in content
    assert "bermakna ganda" in content
    assert "hx-swap-oob" not in content
    assert not Realisasi.objects.filter(indikator=indikator_iku).exists()


def test_row_post_conflict_offers_reload(ani_client, budi, indikator_iku):
    ani_client.post(_row_url(indikator_iku), {"nilai": "40", "versi": "0"}, **HTMX)

    response = ani_client.post(
        _row_url(indikator_iku), {"nilai": "50", "versi": "0"}, **HTMX
    )

    content = response.content.decode()
    assert "isinya sekarang 40,00" in content
    assert "Muat ulang baris" in content
    assert f'hx-get="{_row_url(indikator_iku)}"' in content
    assert Realisasi.objects.get(indikator=indikator_iku).nilai == Decimal("40")


def test_row_reload_returns_row(ani_client, indikator_iku):
    ani_client.post(_row_url(indikator_iku), {"nilai": "40", "versi": "0"}, **HTMX)

    response = ani_client.get(_row_url(indikator_iku), **HTMX)

    content = response.content.decode()
    assert content.lstrip().startswith("<tr")
    assert f'id="baris-kinerja-{indikator_iku.pk}"' in content
    assert 'value="40"' in content


def test_row_get_without_htmx_redirects(ani_client, opd_a, indikator_iku):
    response = ani_client.get(_row_url(indikator_iku))

    assert response.status_code == 302
    assert response.url == _page(opd_a)


def test_row_post_other_opd_not_found(client, citra, indikator_iku, jadwal_terbuka):
    client.force_login(citra)

    response = client.post(_row_url(indikator_iku), {"nilai": "40", "versi": "0"})

    assert response.status_code == 404


def test_row_post_kadis_forbidden(client, kadis, indikator_iku, jadwal_terbuka):
    client.force_login(kadis)

    response = client.post(_row_url(indikator_iku), {"nilai": "40", "versi": "0"})

    assert response.status_code == 403


def test_row_upload_mismatch_rejected(ani_client, indikator_iku):
    response = ani_client.post(
        _row_url(indikator_iku),
        {"nilai": "40", "versi": "0", "bukti": upload("laporan.pdf", PNG_BYTES)},
        **HTMX,
    )

    content = response.content.decode()
    assert 'data-galat="bukti"' in content
    assert "bukan PDF: isinya gambar PNG" in content
    assert not Realisasi.objects.filter(indikator=indikator_iku).exists()


def test_row_upload_stored_and_linked(ani_client, indikator_iku):
    response = ani_client.post(
        _row_url(indikator_iku),
        {"nilai": "40", "versi": "0", "bukti": upload("laporan.pdf", PDF_BYTES)},
        **HTMX,
    )

    entri = Realisasi.objects.get(indikator=indikator_iku)
    content = response.content.decode()
    assert entri.bukti_nama == "laporan.pdf"
    assert reverse("pengukuran:bukti_kinerja", args=[entri.pk]) in content


def test_row_post_too_large_body_rejected(ani_client, settings, indikator_iku):
    settings.SAKIP_BUKTI_MAX_BYTES = 100

    response = ani_client.post(
        _row_url(indikator_iku),
        {
            "nilai": "40",
            "versi": "0",
            "bukti": upload("besar.pdf", b"%PDF-" + b"0" * 70_000),
        },
        **HTMX,
    )

    assert "melebihi batas" in response.content.decode()
    assert not Realisasi.objects.filter(indikator=indikator_iku).exists()


def test_keuangan_row_post(ani_client, sub_kegiatan):
    versi = KeuanganBulanan.objects.get(elemen=sub_kegiatan, bulan=1).versi

    response = ani_client.post(
        _keuangan_url(sub_kegiatan),
        {
            "realisasi_keuangan": "95.000",
            "realisasi_fisik": "8,5",
            "keterangan": "SP2D 12",
            "bukti_tautan": "",
            "versi": str(versi),
        },
        **HTMX,
    )

    row = KeuanganBulanan.objects.get(elemen=sub_kegiatan, bulan=1)
    assert "Tersimpan" in response.content.decode()
    assert row.realisasi_keuangan == 95_000
    assert row.realisasi_fisik == Decimal("8.5")
    assert row.keterangan == "SP2D 12"


def test_keuangan_row_fisik_over_100_inline(ani_client, sub_kegiatan):
    versi = KeuanganBulanan.objects.get(elemen=sub_kegiatan, bulan=1).versi

    response = ani_client.post(
        _keuangan_url(sub_kegiatan),
        {"realisasi_fisik": "120", "versi": str(versi)},
        **HTMX,
    )

    content = response.content.decode()
    assert 'data-galat="realisasi_fisik"' in content
    assert "antara 0 dan 100" in content


def test_submit_page(ani_client, opd_a, indikator_iku):
    ani_client.post(
        _row_url(indikator_iku), {"nilai": "40", "bukti_tautan": TAUTAN, "versi": "0"}
    )

    response = ani_client.post(
        reverse("pengukuran:isian_ajukan", args=[opd_a.pk, 2025, "TW1"]), follow=True
    )

    assert "1 isian diajukan kepada verifikator." in response.content.decode()
    assert Realisasi.objects.get(indikator=indikator_iku).status == "diajukan"


def test_returned_reason_shown_to_operator(ani_client, vera, opd_a, indikator_iku):
    ani_client.post(
        _row_url(indikator_iku), {"nilai": "40", "bukti_tautan": TAUTAN, "versi": "0"}
    )
    ani_client.post(reverse("pengukuran:isian_ajukan", args=[opd_a.pk, 2025, "TW1"]))
    entri = Realisasi.objects.get(indikator=indikator_iku)
    entri_kembalikan(
        user=vera, entri=entri, versi=entri.versi, alasan="Lampirkan BA pengukuran"
    )

    response = ani_client.get(_page(opd_a))

    content = response.content.decode()
    assert "Dikembalikan: Lampirkan BA pengukuran" in content


def test_returned_row_editable_after_close(ani_client, vera, opd_a, indikator_iku):
    ani_client.post(
        _row_url(indikator_iku), {"nilai": "40", "bukti_tautan": TAUTAN, "versi": "0"}
    )
    ani_client.post(reverse("pengukuran:isian_ajukan", args=[opd_a.pk, 2025, "TW1"]))
    entri = Realisasi.objects.get(indikator=indikator_iku)
    entri_kembalikan(user=vera, entri=entri, versi=entri.versi, alasan="Salah")
    JadwalInput.objects.filter(periode="TW1").update(
        selesai=timezone.now() - datetime.timedelta(minutes=1)
    )

    response = ani_client.get(_page(opd_a))

    content = response.content.decode()
    assert content.count("hx-post=") == 1
    assert _row_url(indikator_iku) in content


@pytest.mark.parametrize(
    ("username", "halaman"),
    [
        ("admin", "pengukuran:isian_pilih"),
        ("ani", "pengukuran:isian_pilih"),
        ("vera", "pengukuran:isian_pilih"),
        ("vino", "pengukuran:isian_pilih"),
        ("kadis", "pengukuran:monitoring"),
        ("evi", "pengukuran:monitoring"),
        ("bupati", "pengukuran:monitoring"),
    ],
)
def test_index_redirects_by_role(client, cast, username, halaman):
    client.force_login(cast[username])

    response = client.get("/pengukuran/")

    assert response.status_code == 302
    assert response.url == reverse(halaman)


def test_index_requires_login(client):
    response = client.get("/pengukuran/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
