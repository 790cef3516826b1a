"""Writing the narrative of an LKjIP in place, with the year's numbers beside
it, and what happens when two people edit the same field."""

import pytest
from django.urls import reverse

from sakip.pelaporan import services
from sakip.pelaporan.models import AnalisisSasaran, LaporanKinerja
from sakip.pengukuran.models import TindakLanjutKinerja
from sakip.perencanaan.models import Indikator

from .lkjip_fixtures import *  # noqa: F403

HTMX = {"HTTP_HX_REQUEST": "true"}


def narasi_url(unit, bagian="ikhtisar"):
    return reverse("pelaporan:laporan_narasi_edit", args=[2025, unit.pk, bagian])


def analisis_url(unit, sasaran, bagian="penyebab"):
    return reverse(
        "pelaporan:laporan_analisis_edit", args=[2025, unit.pk, sasaran, bagian]
    )


@pytest.fixture
def sasaran_kode(siklus, opd_a):
    return services.live_data(unit=opd_a, tahun=2025)["sasaran"][0]["kode"]


def test_detail_shows_numbers_and_fields(client, siklus, opd_a, ani, sasaran_kode):
    client.force_login(ani)

    response = client.get(reverse("pelaporan:laporan_detail", args=[2025, opd_a.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-sasaran="{sasaran_kode}"' in html
    assert "80,00 %" in html
    assert 'data-kategori="Tinggi"' in html
    assert "(belum diisi)" in html
    assert analisis_url(opd_a, sasaran_kode) in html
    assert narasi_url(opd_a, "penutup") in html


def test_detail_lists_catatan(client, rencana, opd_a, ani):
    client.force_login(ani)

    response = client.get(reverse("pelaporan:laporan_detail", args=[2025, opd_a.pk]))

    html = response.content.decode()
    assert 'id="catatan-laporan"' in html
    assert "belum memiliki sasaran dan indikator" in html


def test_simpan_ikhtisar_htmx(client, siklus, opd_a, ani):
    client.force_login(ani)

    response = client.post(
        narasi_url(opd_a), {"isi": "Capaian tahun ini baik.", "versi": 0}, **HTMX
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="isian-ikhtisar"' in html
    assert "Capaian tahun ini baik." in html
    assert "data-fokus" in html
    laporan = LaporanKinerja.objects.get(unit=opd_a, tahun=2025)
    assert laporan.ikhtisar == "Capaian tahun ini baik."
    assert laporan.versi_isian == {"ikhtisar": 1}
    assert laporan.history.first().history_user == ani


def test_simpan_too_long(client, siklus, opd_a, ani):
    client.force_login(ani)
    isi = "Capaian tahun ini baik. " * 1000

    response = client.post(narasi_url(opd_a), {"isi": isi, "versi": 0}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "paling banyak 20.000 karakter" in html
    assert "Capaian tahun ini baik. Capaian" in html
    assert not LaporanKinerja.objects.filter(unit=opd_a, tahun=2025).exists()


def test_simpan_too_long_service(siklus, opd_a, ani):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="paling banyak"):
        services.narasi_simpan(
            user=ani,
            unit=opd_a,
            tahun=2025,
            bagian="penutup",
            isi="a" * 20_001,
            versi=0,
        )


def test_simpan_at_limit(siklus, opd_a, ani):
    services.narasi_simpan(
        user=ani, unit=opd_a, tahun=2025, bagian="penutup", isi="a" * 20_000, versi=0
    )

    assert len(LaporanKinerja.objects.get(unit=opd_a, tahun=2025).penutup) == 20_000


def test_simpan_analisis(client, siklus, opd_a, ani, sasaran_kode):
    client.force_login(ani)

    response = client.post(
        analisis_url(opd_a, sasaran_kode, "solusi"),
        {"isi": "Pelatihan petugas.", "versi": 0},
    )

    assert response.status_code == 302
    row = AnalisisSasaran.objects.get(sasaran_kode=sasaran_kode)
    assert row.solusi == "Pelatihan petugas."
    narasi = services.narasi_for(opd_a, 2025)
    assert narasi["analisis"][sasaran_kode]["solusi"] == "Pelatihan petugas."


def test_konflik_keeps_both_texts(client, siklus, opd_a, ani, budi):
    client.force_login(budi)
    client.post(narasi_url(opd_a), {"isi": "Versi Budi.", "versi": 0}, **HTMX)
    client.force_login(ani)

    response = client.post(narasi_url(opd_a), {"isi": "Versi Ani.", "versi": 0}, **HTMX)

    html = response.content.decode()
    assert "telah diubah oleh orang lain" in html
    assert "Versi Ani." in html
    assert "Versi Budi." in html
    assert 'name="versi" value="1"' in html
    laporan = LaporanKinerja.objects.get(unit=opd_a, tahun=2025)
    assert laporan.ikhtisar == "Versi Budi."

    client.post(narasi_url(opd_a), {"isi": "Versi gabungan.", "versi": 1}, **HTMX)
    laporan.refresh_from_db()
    assert laporan.ikhtisar == "Versi gabungan."
    assert laporan.versi_isian == {"ikhtisar": 2}


def test_konflik_only_same_field(siklus, opd_a, ani, budi):
    services.narasi_simpan(
        user=budi, unit=opd_a, tahun=2025, bagian="pendahuluan", isi="B", versi=0
    )

    services.narasi_simpan(
        user=ani, unit=opd_a, tahun=2025, bagian="penutup", isi="A", versi=0
    )

    laporan = LaporanKinerja.objects.get(unit=opd_a, tahun=2025)
    assert (laporan.pendahuluan, laporan.penutup) == ("B", "A")


@pytest.mark.parametrize("username", ["citra", "kadis", "vera", "bupati"])
def test_edit_rejects_non_writer(client, cast, siklus, opd_a, username):
    client.force_login(cast[username])

    response = client.post(narasi_url(opd_a), {"isi": "Tidak boleh.", "versi": 0})

    assert response.status_code in (403, 404)
    assert not LaporanKinerja.objects.exists()


def test_pemda_written_by_admin_only(client, siklus, pemda, ani, admin):
    client.force_login(ani)
    assert client.get(narasi_url(pemda)).status_code == 403

    client.force_login(admin)
    client.post(narasi_url(pemda), {"isi": "Ikhtisar Pemda.", "versi": 0})

    assert LaporanKinerja.objects.get(unit=pemda).ikhtisar == "Ikhtisar Pemda."


def test_edit_unknown_field_404(client, siklus, opd_a, ani, sasaran_kode):
    client.force_login(ani)

    assert client.get(narasi_url(opd_a, "penyebab")).status_code == 404
    assert client.get(analisis_url(opd_a, sasaran_kode, "ikhtisar")).status_code == 404
    assert client.get(analisis_url(opd_a, "SAS-B")).status_code == 404


def test_batal_returns_block(client, siklus, opd_a, ani):
    client.force_login(ani)
    url = reverse("pelaporan:laporan_narasi_isi", args=[2025, opd_a.pk, "ikhtisar"])

    response = client.get(url, **HTMX)

    html = response.content.decode()
    assert 'id="isian-ikhtisar"' in html
    assert "(belum diisi)" in html


@pytest.fixture
def tindak_lanjut(siklus, opd_a, sasaran_kode):
    data = services.live_data(unit=opd_a, tahun=2025)
    indikator = Indikator.objects.get(kode=data["sasaran"][0]["indikator"][0]["kode"])
    return TindakLanjutKinerja.objects.create(
        indikator=indikator,
        unit=opd_a,
        tahun=2025,
        periode="TW2",
        alasan=TindakLanjutKinerja.Alasan.KATEGORI_RENDAH,
        faktor_penghambat="Server aplikasi layanan sering mati.",
        tindakan="Pindah ke pusat data provinsi.",
        status=TindakLanjutKinerja.Status.DIRENCANAKAN,
    )


def test_prefill_from_tindak_lanjut(client, tindak_lanjut, opd_a, ani, sasaran_kode):
    narasi = services.narasi_for(opd_a, 2025)
    client.force_login(ani)
    response = client.get(analisis_url(opd_a, sasaran_kode), **HTMX)

    analisis = narasi["analisis"][sasaran_kode]
    assert "Triwulan II" in analisis["penyebab"]
    assert "Server aplikasi layanan sering mati." in analisis["penyebab"]
    assert "Pindah ke pusat data provinsi." in analisis["solusi"]
    html = response.content.decode()
    assert "Server aplikasi layanan sering mati." in html
    assert "faktor penghambat dan tindak lanjut" in html


def test_prefill_yields_to_typed(tindak_lanjut, opd_a, ani, sasaran_kode):
    services.narasi_simpan(
        user=ani,
        unit=opd_a,
        tahun=2025,
        bagian="penyebab",
        isi="Ditulis sendiri.",
        versi=0,
        sasaran_kode=sasaran_kode,
    )

    analisis = services.narasi_for(opd_a, 2025)["analisis"][sasaran_kode]

    assert analisis["penyebab"] == "Ditulis sendiri."
    assert "Pindah ke pusat data provinsi." in analisis["solusi"]


def test_list_shows_units(client, siklus, opd_a, opd_b, ani, kadis):
    tulis_bab_wajib(unit=opd_a, user=ani)  # noqa: F405
    services.laporan_tetapkan(user=kadis, unit=opd_a, tahun=2025)
    client.force_login(ani)

    response = client.get(reverse("pelaporan:laporan_list"), {"tahun": 2025})

    html = response.content.decode()
    assert reverse("pelaporan:laporan_detail", args=[2025, opd_a.pk]) in html
    assert reverse("pelaporan:laporan_detail", args=[2025, opd_b.pk]) not in html
    assert "Ditetapkan" in html
