"""Changing a PK row's target before signing, on the PK page (HTMX inline or
a page of its own), and the target differences of a perubahan."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sakip.perencanaan.models import Indikator, Target
from sakip.perjanjian import services
from sakip.perjanjian.models import BarisPK, Level
from sakip.perjanjian.selectors import perbedaan_target, target_version
from sakip.referensi.models import NilaiSkala, Skala

from .conftest import TANGGAL

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def perjanjian(tahunan, jabatan, admin, opd_a):
    """Dinas A's draft Kepala OPD PK: one row, target 50 copied from the Renja."""
    return services.pk_buat_dari_sumber(
        level=Level.KEPALA_OPD, unit=opd_a, tahun=2025, user=admin, tanggal=TANGGAL
    )


@pytest.fixture
def baris(perjanjian):
    return perjanjian.baris.select_related("target", "indikator").get()


def _url(baris):
    return reverse("perjanjian:baris_target_edit", args=[baris.pk])


def _post(client, baris, data, **extra):
    return client.post(_url(baris), {"versi": target_version(baris), **data}, **extra)


def _error(html: str, field: str) -> str:
    found = re.search(rf'id="id_{field}_error">([^<]*)<', html)
    return found[1].strip() if found else ""


def test_detail_offers_edit_on_draft(client, ani, kadis, baris):
    url = reverse("perjanjian:pk_detail", args=[baris.perjanjian_id])

    client.force_login(ani)
    editor = client.get(url).content.decode()
    client.force_login(kadis)
    signer = client.get(url).content.decode()

    assert _url(baris) in editor
    assert "core/edit-inline.js" in editor
    assert _url(baris) not in signer


def test_form_fragment(client, ani, baris):
    client.force_login(ani)

    response = client.get(_url(baris), **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<tbody id="baris-{baris.pk}">' in html
    assert 'name="nilai" value="50,00"' in html
    assert "<html" not in html


def test_form_page_without_htmx(client, ani, baris):
    client.force_login(ani)

    response = client.get(_url(baris))

    html = response.content.decode()
    assert "<html" in html
    assert 'name="nilai"' in html


def test_save_with_reason(client, ani, baris):
    client.force_login(ani)

    response = _post(client, baris, {"nilai": "55", "alasan": "Kapasitas naik"}, **HTMX)

    baris.refresh_from_db()
    html = response.content.decode()
    assert response.status_code == 200
    assert Target.objects.get(pk=baris.target_id).nilai == Decimal("55")
    assert baris.alasan_perubahan_target == "Kapasitas naik"
    assert f'<tbody id="baris-{baris.pk}">' in html
    assert "55,00" in html
    assert "Kapasitas naik" in html
    assert 'id="perbedaan-target" hx-swap-oob="true"' in html


def test_save_without_htmx_redirects(client, ani, baris):
    client.force_login(ani)

    response = _post(client, baris, {"nilai": "55", "alasan": "Kapasitas naik"})

    detail = reverse("perjanjian:pk_detail", args=[baris.perjanjian_id])
    assert response.status_code == 302
    assert response.url == f"{detail}#baris-{baris.pk}"


def test_different_target_needs_reason(client, ani, baris):
    client.force_login(ani)

    response = _post(client, baris, {"nilai": "55", "alasan": ""}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "alasannya wajib diisi" in _error(html, "alasan")
    assert "50,00" in _error(html, "alasan")
    assert Target.objects.get(pk=baris.target_id).nilai == Decimal("50")


def test_back_to_source_clears_reason(client, ani, baris):
    services.pk_ubah_target(baris=baris, nilai=Decimal("55"), alasan="Naik", user=ani)
    baris.refresh_from_db()
    client.force_login(ani)

    _post(client, baris, {"nilai": "50", "alasan": "Naik"}, **HTMX)

    baris.refresh_from_db()
    assert baris.alasan_perubahan_target == ""


def test_empty_target_rejected(client, ani, baris):
    client.force_login(ani)

    response = _post(client, baris, {"nilai": "", "alasan": "Hapus"}, **HTMX)

    assert _error(response.content.decode(), "nilai")
    assert Target.objects.get(pk=baris.target_id).nilai == Decimal("50")


def test_stale_form_rejected(client, ani, baris):
    client.force_login(ani)
    stale = target_version(baris)
    services.pk_ubah_target(baris=baris, nilai=Decimal("60"), alasan="Lain", user=ani)

    response = client.post(
        _url(baris), {"versi": stale, "nilai": "55", "alasan": "Saya"}, **HTMX
    )

    assert "diubah oleh orang lain" in response.content.decode()
    assert Target.objects.get(pk=baris.target_id).nilai == Decimal("60")


def test_signed_form_closed(client, ani, admin, baris):
    services.pk_tandatangani(perjanjian=baris.perjanjian, user=admin)
    client.force_login(ani)

    form = client.get(_url(baris), **HTMX).content.decode()
    response = _post(client, baris, {"nilai": "55", "alasan": "Naik"}, **HTMX)

    assert "sudah ditandatangani" in form
    assert "Simpan" not in form
    assert "sudah ditandatangani" in response.content.decode()
    assert Target.objects.get(pk=baris.target_id).nilai == Decimal("50")


@pytest.mark.parametrize(("username", "status"), [("kadis", 403), ("citra", 404)])
def test_edit_denied(client, cast, baris, username, status):
    client.force_login(cast[username])

    get = client.get(_url(baris))
    post = _post(client, baris, {"nilai": "55", "alasan": "x"})

    assert get.status_code == status
    assert post.status_code == status
    assert Target.objects.get(pk=baris.target_id).nilai == Decimal("50")


def test_row_returns_display(client, kadis, baris):
    client.force_login(kadis)

    response = client.get(reverse("perjanjian:baris_row", args=[baris.pk]), **HTMX)

    html = response.content.decode()
    assert f'<tbody id="baris-{baris.pk}">' in html
    assert "50,00" in html
    assert _url(baris) not in html


@pytest.fixture
def opini(baris):
    """The row's indikator made an opini BPK scale, WTP in the Renja and PK."""
    skala = Skala.objects.create(nama="opini-bpk")
    for peringkat, nilai in enumerate(["TMP", "TW", "WDP", "WTP"], start=1):
        NilaiSkala.objects.create(skala=skala, nilai=nilai, peringkat=peringkat)
    Indikator.objects.filter(pk=baris.indikator_id).update(skala=skala)
    Target.objects.filter(pk__in=[baris.target_id, baris.target_sumber_id]).update(
        nilai=None, nilai_skala="WTP"
    )
    return BarisPK.objects.get(pk=baris.pk)


def test_scale_target(client, ani, opini):
    client.force_login(ani)

    form = client.get(_url(opini), **HTMX).content.decode()
    response = _post(
        client, opini, {"nilai_skala": "WDP", "alasan": "Temuan BPK"}, **HTMX
    )
    unknown = _post(client, opini, {"nilai_skala": "AA", "alasan": "x"}, **HTMX)

    assert '<select name="nilai_skala"' in form
    assert "WDP" in response.content.decode()
    assert Target.objects.get(pk=opini.target_id).nilai_skala == "WDP"
    assert _error(unknown.content.decode(), "nilai_skala")


def test_scale_value_needs_reason(opini, ani):
    with pytest.raises(ValidationError, match="alasannya wajib"):
        services.pk_ubah_target(baris=opini, nilai_skala="WDP", alasan="", user=ani)
    with pytest.raises(ValidationError, match="nilai skala"):
        services.pk_ubah_target(baris=opini, nilai=Decimal("3"), alasan="x", user=ani)


def test_differences_compare_scale_values(opini, admin, ani):
    services.pk_tandatangani(perjanjian=opini.perjanjian, user=admin)
    baru = services.pk_buat_perubahan(
        perjanjian=opini.perjanjian, alasan="Temuan BPK", user=ani
    )
    row = baru.baris.get()

    services.pk_ubah_target(baris=row, nilai_skala="WDP", alasan="Temuan", user=ani)

    [beda] = perbedaan_target(perjanjian=baru)
    assert (beda.sebelum.nilai_skala, beda.sesudah.nilai_skala) == ("WTP", "WDP")
    assert beda.alasan == "Temuan"


@pytest.fixture
def rentang(baris):
    """The row's indikator made a rentang, 3–5 in the Renja and PK."""
    Indikator.objects.filter(pk=baris.indikator_id).update(
        polaritas=Indikator.Polaritas.RENTANG
    )
    Target.objects.filter(pk__in=[baris.target_id, baris.target_sumber_id]).update(
        nilai=None, batas_bawah=Decimal("3"), batas_atas=Decimal("5")
    )
    return BarisPK.objects.get(pk=baris.pk)


def test_band_target(client, ani, rentang):
    client.force_login(ani)

    response = _post(
        client,
        rentang,
        {"batas_bawah": "2,5", "batas_atas": "4,5", "alasan": "Inflasi turun"},
        **HTMX,
    )
    reversed_band = _post(
        client, rentang, {"batas_bawah": "6", "batas_atas": "4", "alasan": "x"}, **HTMX
    )

    target = Target.objects.get(pk=rentang.target_id)
    assert response.status_code == 200
    assert (target.batas_bawah, target.batas_atas) == (Decimal("2.5"), Decimal("4.5"))
    assert "lebih kecil" in _error(reversed_band.content.decode(), "batas_atas")


def test_differences_compare_bounds(rentang, admin, ani):
    services.pk_tandatangani(perjanjian=rentang.perjanjian, user=admin)
    baru = services.pk_buat_perubahan(
        perjanjian=rentang.perjanjian, alasan="APBD-P", user=ani
    )
    row = baru.baris.get()

    services.pk_ubah_target(
        baris=row,
        batas_bawah=Decimal("3"),
        batas_atas=Decimal("6"),
        alasan="Target dilonggarkan",
        user=ani,
    )

    [beda] = perbedaan_target(perjanjian=baru)
    assert (beda.sebelum.batas_atas, beda.sesudah.batas_atas) == (
        Decimal("5"),
        Decimal("6"),
    )


def test_perubahan_page_shows_differences(client, admin, ani, baris):
    services.pk_tandatangani(perjanjian=baris.perjanjian, user=admin)
    baru = services.pk_buat_perubahan(
        perjanjian=baris.perjanjian, alasan="APBD-P", user=ani
    )
    row = baru.baris.select_related("target").get()
    client.force_login(ani)

    response = _post(client, row, {"nilai": "70", "alasan": "Pagu naik"}, **HTMX)
    page = client.get(reverse("perjanjian:pk_detail", args=[baru.pk]))

    html = response.content.decode()
    assert "Perbedaan target dengan versi sebelumnya" in html
    assert "70,00" in html
    assert "Perbedaan target dengan versi sebelumnya" in page.content.decode()
    assert len(page.context["perbedaan_list"]) == 1


def test_negative_percent_target_rejected(client, ani, baris):
    baris.indikator.satuan = "%"
    baris.indikator.uraian = "Persentase jalan mantap"
    baris.indikator.save()
    client.force_login(ani)

    response = _post(client, baris, {"nilai": "-5", "alasan": "Turun"}, **HTMX)

    html = response.content.decode()
    baris.target.refresh_from_db()
    assert "tidak boleh negatif" in _error(html, "nilai")
    assert baris.target.nilai == Decimal("50")


def test_negative_growth_target_accepted(ani, baris):
    baris.indikator.satuan = "%"
    baris.indikator.uraian = "Laju pertumbuhan ekonomi"
    baris.indikator.save()

    services.pk_ubah_target(
        baris=baris, nilai=Decimal("-1.5"), alasan="Resesi", user=ani
    )

    baris.target.refresh_from_db()
    assert baris.target.nilai == Decimal("-1.5")
