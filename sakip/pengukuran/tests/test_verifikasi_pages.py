"""The verification page, the verifikator's buttons and the history page."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.services import IsianKinerja, realisasi_simpan
from sakip.perjanjian.models import Level

HTMX = {"HTTP_HX_REQUEST": "true"}
TAUTAN = "https://data.contoh.go.id/bukti"
Status = Realisasi.Status


def _count_rows(response, status) -> int:
    """Count the table rows of entries with ``status``."""
    pattern = (
        rf'<tr id="verifikasi-kinerja-\d+" data-entri="\d+" data-status="{status}"'
    )
    return len(re.findall(pattern, response.content.decode()))


def _page(opd, periode="TW1"):
    return reverse("pengukuran:verifikasi_opd", args=[opd.pk, 2025, periode])


@pytest.fixture
def diajukan(ani, pk_opd, jadwal_terbuka):
    """Three indikator of Dinas A's PKs entered by ani and submitted."""
    rows = [b.indikator for pk in pk_opd.values() for b in pk.baris.order_by("pk")]
    return [
        realisasi_simpan(
            user=ani,
            indikator=indikator,
            tahun=2025,
            periode="TW1",
            versi=0,
            isian=IsianKinerja(
                nilai=str(40 + number), keterangan="hasil survei", bukti_tautan=TAUTAN
            ),
            ajukan=True,
        )
        for number, indikator in enumerate(rows[:3])
    ]


def test_page_lists_submitted_with_buttons(client, vera, opd_a, diajukan):
    client.force_login(vera)

    response = client.get(_page(opd_a))

    content = response.content.decode()
    assert response.status_code == 200
    assert _count_rows(response, "diajukan") == 3
    assert "hasil survei" in content
    assert TAUTAN in content
    assert "Terima semua yang dipilih" in content
    assert content.count('name="aksi" value="terima"') == 3


def test_page_hides_drafts(client, vera, ani, opd_a, pk_opd, jadwal_terbuka):
    indikator = pk_opd[Level.KEPALA_OPD].baris.get().indikator
    realisasi_simpan(
        user=ani,
        indikator=indikator,
        tahun=2025,
        periode="TW1",
        versi=0,
        isian=IsianKinerja(nilai="40"),
    )
    client.force_login(vera)

    response = client.get(_page(opd_a))

    assert "Belum ada isian yang diajukan" in response.content.decode()


def test_operator_reads_without_buttons(client, ani, opd_a, diajukan):
    client.force_login(ani)

    response = client.get(_page(opd_a))

    content = response.content.decode()
    assert response.status_code == 200
    assert _count_rows(response, "diajukan") == 3
    assert 'name="aksi"' not in content
    assert "hanya verifikator unit ini" in content


def test_accept_through_htmx(client, vera, opd_a, diajukan):
    entri = diajukan[0]
    client.force_login(vera)

    response = client.post(
        reverse("pengukuran:verifikasi_kinerja", args=[entri.pk]),
        {"aksi": "terima", "versi": str(entri.versi)},
        **HTMX,
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="diterima"' in content
    assert 'value="buka_kunci"' in content
    assert Realisasi.objects.get(pk=entri.pk).status == Status.DITERIMA


def test_return_without_reason_shows_message(client, vera, diajukan):
    entri = diajukan[0]
    client.force_login(vera)

    response = client.post(
        reverse("pengukuran:verifikasi_kinerja", args=[entri.pk]),
        {"aksi": "kembalikan", "versi": str(entri.versi), "alasan": ""},
        **HTMX,
    )

    assert "Tulis alasan" in response.content.decode()
    assert Realisasi.objects.get(pk=entri.pk).status == Status.DIAJUKAN


def test_return_without_htmx_redirects(client, vera, opd_a, diajukan):
    entri = diajukan[0]
    client.force_login(vera)

    response = client.post(
        reverse("pengukuran:verifikasi_kinerja", args=[entri.pk]),
        {"aksi": "kembalikan", "versi": str(entri.versi), "alasan": "Bukti salah"},
    )

    assert response.status_code == 302
    assert response.url == _page(opd_a)
    assert Realisasi.objects.get(pk=entri.pk).alasan_dikembalikan == "Bukti salah"


def test_operator_post_forbidden(client, budi, diajukan):
    entri = diajukan[0]
    client.force_login(budi)

    response = client.post(
        reverse("pengukuran:verifikasi_kinerja", args=[entri.pk]),
        {"aksi": "terima", "versi": str(entri.versi)},
    )

    assert response.status_code == 403


def test_accept_selected(client, vera, opd_a, diajukan):
    client.force_login(vera)
    chosen = diajukan[:2]

    response = client.post(
        reverse("pengukuran:verifikasi_terima_pilihan", args=[opd_a.pk, 2025, "TW1"]),
        {"pilih": [f"{e.pk}:{e.versi}" for e in chosen]},
        follow=True,
    )

    statuses = [Realisasi.objects.get(pk=e.pk).status for e in diajukan]
    assert "2 isian diterima." in response.content.decode()
    assert statuses == [Status.DITERIMA, Status.DITERIMA, Status.DIAJUKAN]


def test_accept_selected_stale_version_reported(client, vera, opd_a, diajukan):
    client.force_login(vera)
    entri = diajukan[0]

    response = client.post(
        reverse("pengukuran:verifikasi_terima_pilihan", args=[opd_a.pk, 2025, "TW1"]),
        {"pilih": [f"{entri.pk}:{entri.versi - 1}"]},
        follow=True,
    )

    assert "telah diubah oleh" in response.content.decode()
    assert Realisasi.objects.get(pk=entri.pk).status == Status.DIAJUKAN


def test_accept_selected_denied_to_kadis(client, kadis, opd_a, diajukan):
    client.force_login(kadis)

    response = client.post(
        reverse("pengukuran:verifikasi_terima_pilihan", args=[opd_a.pk, 2025, "TW1"]),
        {"pilih": [f"{diajukan[0].pk}:{diajukan[0].versi}"]},
    )

    assert response.status_code == 403


def test_page_queries_do_not_grow(client, vera, opd_a, diajukan, ani, pk_opd):
    client.force_login(vera)
    with CaptureQueriesContext(connection) as small:
        client.get(_page(opd_a))
    rows = [b.indikator for pk in pk_opd.values() for b in pk.baris.order_by("pk")]
    for indikator in rows[3:]:
        realisasi_simpan(
            user=ani,
            indikator=indikator,
            tahun=2025,
            periode="TW1",
            versi=0,
            isian=IsianKinerja(nilai="1", bukti_tautan=TAUTAN),
            ajukan=True,
        )

    with CaptureQueriesContext(connection) as large:
        response = client.get(_page(opd_a))

    assert _count_rows(response, "diajukan") == 9
    assert len(large.captured_queries) == len(small.captured_queries)


def test_history_page_lists_states(client, vera, evi, diajukan):
    entri = diajukan[0]
    client.force_login(vera)
    client.post(
        reverse("pengukuran:verifikasi_kinerja", args=[entri.pk]),
        {"aksi": "kembalikan", "versi": str(entri.versi), "alasan": "Cek ulang"},
    )
    client.force_login(evi)

    response = client.get(reverse("pengukuran:riwayat_kinerja", args=[entri.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<tr data-status=") == 2
    assert 'data-status="diajukan"' in content
    assert 'data-status="dikembalikan"' in content
    assert "Cek ulang" in content
    assert ">ani<" in content
    assert ">vera<" in content
    assert Decimal("40") == Realisasi.objects.get(pk=entri.pk).nilai
