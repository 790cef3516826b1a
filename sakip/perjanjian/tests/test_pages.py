"""The Perjanjian Kinerja pages."""

import datetime
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.anggaran.models import Pagu
from sakip.perencanaan.models import Elemen
from sakip.perjanjian import services
from sakip.perjanjian.models import Level, PenugasanJabatan, PerjanjianKinerja
from sakip.tahunan.services import renja_buat_dari_renstra
from sakip.tahunan.tests.conftest import add_programs

from .conftest import TANGGAL


def _buat(level, unit, user):
    return services.pk_buat_dari_sumber(
        level=level, unit=unit, tahun=2025, user=user, tanggal=TANGGAL
    )


def test_create_page_redirects(client, ani, tahunan, jabatan, opd_a):
    client.force_login(ani)

    response = client.post(
        reverse("perjanjian:pk_create"),
        {
            "level": Level.KEPALA_OPD,
            "unit": opd_a.pk,
            "tahun": "2025",
            "tanggal": "2025-01-15",
        },
    )

    perjanjian = PerjanjianKinerja.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("perjanjian:pk_detail", args=[perjanjian.pk])


def test_create_page_shows_error(client, ani, tahunan, opd_a):
    client.force_login(ani)

    response = client.post(
        reverse("perjanjian:pk_create"),
        {
            "level": Level.KEPALA_OPD,
            "unit": opd_a.pk,
            "tahun": "2025",
            "tanggal": "2025-01-15",
        },
    )

    assert response.status_code == 200
    assert "belum dicatat" in str(response.context["form"].non_field_errors())
    assert not PerjanjianKinerja.objects.exists()


def test_detail_shows_statement_and_budget(
    client, kadis, admin, tahunan, jabatan, bidang_a
):
    perjanjian = _buat(Level.KEPALA_BIDANG, bidang_a, admin)
    sub_kegiatan = Elemen.objects.filter(
        dokumen=tahunan["renja"], jenis=Elemen.Jenis.SUB_KEGIATAN
    )
    for elemen in sub_kegiatan:
        Pagu.objects.create(elemen=elemen, tahun=2025, pagu=1_250_000)
    client.force_login(kadis)

    response = client.get(reverse("perjanjian:pk_detail", args=[perjanjian.pk]))

    text = response.content.decode()
    assert "PIHAK PERTAMA" in text
    assert "Bela" in text
    assert "Kepala Dinas A" in text
    assert [b.pagu for b in response.context["anggaran_list"]] == [2_500_000] * 2
    assert "2.500.000" in text
    assert response.context["dapat_menandatangani"]


def test_sign_page(client, kadis, admin, tahunan, jabatan, opd_a):
    perjanjian = _buat(Level.KEPALA_OPD, opd_a, admin)
    client.force_login(kadis)
    url = reverse("perjanjian:pk_tandatangani", args=[perjanjian.pk])

    first = client.post(url, {"konfirmasi": "on"})
    second = client.post(url, {"konfirmasi": "on"}, follow=True)

    perjanjian.refresh_from_db()
    assert first.status_code == 302
    assert perjanjian.is_ditandatangani
    assert "sudah ditandatangani" in second.content.decode()


def test_sign_page_denied(client, ani, admin, tahunan, jabatan, opd_a):
    perjanjian = _buat(Level.KEPALA_OPD, opd_a, admin)
    client.force_login(ani)

    response = client.post(
        reverse("perjanjian:pk_tandatangani", args=[perjanjian.pk]),
        {"konfirmasi": "on"},
    )

    perjanjian.refresh_from_db()
    assert response.status_code == 403
    assert not perjanjian.is_ditandatangani


def test_perubahan_page(client, ani, admin, tahunan, jabatan, opd_a):
    perjanjian = _buat(Level.KEPALA_OPD, opd_a, admin)
    services.pk_tandatangani(perjanjian=perjanjian, user=admin)
    client.force_login(ani)

    response = client.post(
        reverse("perjanjian:pk_perubahan", args=[perjanjian.pk]),
        {"alasan": "APBD-P"},
    )

    baru = PerjanjianKinerja.objects.exclude(pk=perjanjian.pk).get()
    assert response.url == reverse("perjanjian:pk_detail", args=[baru.pk])
    assert baru.dokumen.alasan_perubahan == "APBD-P"


def _detail_queries(client, perjanjian) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("perjanjian:pk_detail", args=[perjanjian.pk]))
    assert response.status_code == 200
    return len(context.captured_queries)


def test_detail_queries_flat(client, admin, rencana, tahunan, jabatan, bidang_a):
    small = _buat(Level.PPTK, bidang_a, admin)
    add_programs(rencana["renstra_a"], rencana["sasaran_a"], count=4)
    renja = renja_buat_dari_renstra(
        renstra=rencana["renstra_a"], tahun=2026, user=admin
    )
    Elemen.objects.filter(dokumen=renja, jenis__in=Elemen.JENIS_BERKODE).update(
        unit_pj=bidang_a
    )
    large = services.pk_buat_dari_sumber(
        level=Level.PPTK,
        unit=bidang_a,
        tahun=2026,
        user=admin,
        tanggal=TANGGAL.replace(year=2026),
    )
    client.force_login(admin)

    assert large.baris.count() == 3 * small.baris.count()
    assert _detail_queries(client, large) == _detail_queries(client, small)


def test_list_scoped(client, citra, tahunan, jabatan, admin, opd_a):
    _buat(Level.KEPALA_OPD, opd_a, admin)
    client.force_login(citra)

    response = client.get(reverse("perjanjian:pk_list"))

    assert list(response.context["perjanjian_list"]) == []


def test_perubahan_page_requires_reason(client, ani, admin, tahunan, jabatan, opd_a):
    perjanjian = _buat(Level.KEPALA_OPD, opd_a, admin)
    services.pk_tandatangani(perjanjian=perjanjian, user=admin)
    client.force_login(ani)

    response = client.post(
        reverse("perjanjian:pk_perubahan", args=[perjanjian.pk]),
        {"alasan": ""},
        follow=True,
    )

    # Django's own "required" message, in the active translation.
    required = str(forms.Field.default_error_messages["required"])
    assert [str(m) for m in response.context["messages"]] == [
        f"Alasan perubahan: {required}"
    ]
    assert PerjanjianKinerja.objects.count() == 1


def test_sign_page_requires_confirmation(client, kadis, admin, tahunan, jabatan, opd_a):
    perjanjian = _buat(Level.KEPALA_OPD, opd_a, admin)
    client.force_login(kadis)
    url = reverse("perjanjian:pk_tandatangani", args=[perjanjian.pk])

    response = client.post(url, follow=True)

    perjanjian.refresh_from_db()
    assert not perjanjian.is_ditandatangani
    assert [str(m) for m in response.context["messages"]] == [
        "Centang konfirmasi pemeriksaan sebelum menandatangani."
    ]


def test_sign_form_needs_checkbox(client, kadis, admin, tahunan, jabatan, opd_a):
    perjanjian = _buat(Level.KEPALA_OPD, opd_a, admin)
    client.force_login(kadis)

    text = client.get(
        reverse("perjanjian:pk_detail", args=[perjanjian.pk])
    ).content.decode()

    # Without JavaScript, the browser refuses to submit an unticked box.
    assert re.search(r'<input type="checkbox"[^>]*name="konfirmasi"[^>]*required', text)
    assert "tidak dapat diubah lagi" in text


def test_missing_official_message_date(tahunan, jabatan, admin, opd_a):
    penugasan = PenugasanJabatan.objects.get(jabatan=jabatan["kadis"])
    penugasan.selesai = datetime.date(2025, 6, 30)
    penugasan.save()

    with pytest.raises(ValidationError) as error:
        services.pk_buat_dari_sumber(
            level=Level.KEPALA_OPD,
            unit=opd_a,
            tahun=2025,
            user=admin,
            tanggal=datetime.date(2025, 8, 10),
        )

    assert "pada 10 Agustus 2025" in str(error.value)


def test_duplicate_draft_message(tahunan, jabatan, admin, opd_a):
    ada = _buat(Level.KEPALA_OPD, opd_a, admin)

    with pytest.raises(ValidationError) as error:
        _buat(Level.KEPALA_OPD, opd_a, admin)

    assert ada.dokumen.kode in str(error.value)
    assert "masih draft. Ubah targetnya di halaman PK itu." in str(error.value)


def test_duplicate_signed_message(tahunan, jabatan, admin, opd_a):
    ada = _buat(Level.KEPALA_OPD, opd_a, admin)
    services.pk_tandatangani(perjanjian=ada, user=admin)

    with pytest.raises(ValidationError) as error:
        _buat(Level.KEPALA_OPD, opd_a, admin)

    assert "buat perubahan PK di halaman PK itu" in str(error.value)
