"""What the verifikator and the operator read: a stale version worded for a
verifikator, an unreadable version, and no old return reason on an entry
that was submitted again."""

import pytest
from django.urls import reverse

from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.services import (
    IsianKinerja,
    KonflikVersi,
    isian_ajukan,
    realisasi_simpan,
)
from sakip.pengukuran.verifikasi import entri_kembalikan, entri_terima

HTMX = {"HTTP_HX_REQUEST": "true"}
TAUTAN = "https://data.contoh.go.id/bukti"
ALASAN = "Bukti belum memuat tanda tangan"
Status = Realisasi.Status


def _simpan(user, indikator, *, nilai="40", versi=0, ajukan=True):
    return realisasi_simpan(
        user=user,
        indikator=indikator,
        tahun=2025,
        periode="TW1",
        versi=versi,
        isian=IsianKinerja(nilai=nilai, bukti_tautan=TAUTAN),
        ajukan=ajukan,
    )


@pytest.fixture
def diajukan(ani, indikator_iku, jadwal_terbuka):
    return _simpan(ani, indikator_iku)


@pytest.fixture
def dikembalikan(vera, diajukan):
    return entri_kembalikan(
        user=vera, entri=diajukan, versi=diajukan.versi, alasan=ALASAN
    )


def _verifikasi_page(opd):
    return reverse("pengukuran:verifikasi_opd", args=[opd.pk, 2025, "TW1"])


def _isian_page(opd):
    return reverse("pengukuran:isian_opd", args=[opd.pk, 2025, "TW1"])


def test_stale_versi_worded_for_verifikator(vera, ani, diajukan):
    _simpan(ani, diajukan.indikator, nilai="45", versi=diajukan.versi)

    with pytest.raises(KonflikVersi) as error:
        entri_terima(user=vera, entri=diajukan, versi=diajukan.versi)

    assert error.value.messages == [
        f"{diajukan.indikator.kode} Triwulan I 2025 telah diubah oleh ani sejak "
        "Anda membukanya, dan isinya sekarang 45,00 (status diajukan). Periksa "
        "nilai terkini, lalu verifikasi lagi."
    ]


def test_stale_versi_names_other_verifikator(vera, vino, diajukan):
    entri_kembalikan(user=vino, entri=diajukan, versi=diajukan.versi, alasan="x")

    with pytest.raises(KonflikVersi) as error:
        entri_terima(user=vera, entri=diajukan, versi=diajukan.versi)

    message = error.value.messages[0]
    assert "telah diubah oleh vino sejak Anda membukanya" in message
    assert "(status dikembalikan)" in message


def test_stale_versi_on_page_asks_to_verify_again(client, vera, ani, diajukan):
    _simpan(ani, diajukan.indikator, nilai="45", versi=diajukan.versi)
    client.force_login(vera)

    response = client.post(
        reverse("pengukuran:verifikasi_kinerja", args=[diajukan.pk]),
        {"aksi": "terima", "versi": str(diajukan.versi)},
        **HTMX,
    )

    content = response.content.decode()
    assert "lalu verifikasi lagi" in content
    assert "Isian Anda tidak disimpan" not in content
    assert Realisasi.objects.get(pk=diajukan.pk).status == Status.DIAJUKAN


@pytest.mark.parametrize("versi", ["abc", "-1", ""])
def test_unreadable_versi_verification_message(client, vera, diajukan, versi):
    client.force_login(vera)

    response = client.post(
        reverse("pengukuran:verifikasi_kinerja", args=[diajukan.pk]),
        {"aksi": "terima", "versi": versi},
        **HTMX,
    )

    content = response.content.decode()
    assert "Versi isian yang dikirim tidak terbaca. Muat ulang halaman" in content
    assert "Masukkan keseluruhan angka" not in content
    assert Realisasi.objects.get(pk=diajukan.pk).status == Status.DIAJUKAN


def test_unreadable_versi_input_row_message(client, ani, diajukan):
    client.force_login(ani)

    response = client.post(
        reverse(
            "pengukuran:isian_kinerja_baris",
            args=[diajukan.indikator.pk, 2025, "TW1"],
        ),
        {"nilai": "50", "versi": "abc"},
        **HTMX,
    )

    content = response.content.decode()
    assert "Versi isian yang dikirim tidak terbaca" in content
    assert "Masukkan keseluruhan angka" not in content
    assert Realisasi.objects.get(pk=diajukan.pk).nilai == 40


def test_unreadable_selection_reported(client, vera, opd_a, diajukan):
    client.force_login(vera)

    response = client.post(
        reverse("pengukuran:verifikasi_terima_pilihan", args=[opd_a.pk, 2025, "TW1"]),
        {"pilih": [f"{diajukan.pk}:abc"]},
        follow=True,
    )

    content = response.content.decode()
    assert "1 pilihan tidak terbaca dan dilewati" in content
    assert "Pilih dahulu isian" not in content
    assert Realisasi.objects.get(pk=diajukan.pk).status == Status.DIAJUKAN


def test_returned_entry_shows_reason(client, ani, vera, opd_a, dikembalikan):
    client.force_login(ani)
    isian = client.get(_isian_page(opd_a)).content.decode()
    client.force_login(vera)
    verifikasi = client.get(_verifikasi_page(opd_a)).content.decode()

    assert ALASAN in isian
    assert ALASAN in verifikasi


def test_resubmitted_entry_hides_old_reason(client, ani, vera, opd_a, dikembalikan):
    client.force_login(ani)
    _simpan(ani, dikembalikan.indikator, nilai="42", versi=dikembalikan.versi)

    isian = client.get(_isian_page(opd_a)).content.decode()
    client.force_login(vera)
    verifikasi = client.get(_verifikasi_page(opd_a)).content.decode()

    entri = Realisasi.objects.get(pk=dikembalikan.pk)
    assert entri.status == Status.DIAJUKAN
    assert entri.alasan_dikembalikan == ""
    assert ALASAN not in isian
    assert ALASAN not in verifikasi


def test_submit_all_clears_old_reason(client, ani, opd_a, dikembalikan):
    _simpan(
        ani, dikembalikan.indikator, nilai="42", versi=dikembalikan.versi, ajukan=False
    )
    client.force_login(ani)

    response = client.post(
        reverse("pengukuran:isian_ajukan", args=[opd_a.pk, 2025, "TW1"]), follow=True
    )

    entri = Realisasi.objects.get(pk=dikembalikan.pk)
    assert "1 isian diajukan kepada verifikator." in response.content.decode()
    assert entri.status == Status.DIAJUKAN
    assert entri.alasan_dikembalikan == ""
    assert ALASAN not in response.content.decode()


def test_corrected_draft_keeps_reason(ani, dikembalikan):
    entri = _simpan(
        ani, dikembalikan.indikator, nilai="42", versi=dikembalikan.versi, ajukan=False
    )

    assert entri.status == Status.DIKEMBALIKAN
    assert entri.alasan_dikembalikan == ALASAN


def test_history_keeps_old_reason(ani, opd_a, dikembalikan):
    _simpan(
        ani, dikembalikan.indikator, nilai="42", versi=dikembalikan.versi, ajukan=False
    )
    isian_ajukan(user=ani, unit=opd_a, tahun=2025, periode="TW1")

    reasons = list(
        Realisasi.objects.get(pk=dikembalikan.pk)
        .history.order_by("history_date", "history_id")
        .values_list("alasan_dikembalikan", flat=True)
    )
    assert reasons == ["", ALASAN, ALASAN, ""]
