"""Django admin on the targets of a signed PK: a change that the models
reject shows a form error instead of a server error."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sakip.organisasi.tests.factories import PenggunaFactory
from sakip.perencanaan.models import Target
from sakip.perjanjian import services
from sakip.perjanjian.models import Level

from .conftest import TANGGAL


@pytest.fixture
def superuser(pemda):
    return PenggunaFactory(username="super", is_staff=True, is_superuser=True)


@pytest.fixture
def signed_target(tahunan, jabatan, admin, opd_a):
    """The one target of Dinas A's signed Kepala OPD PK (50)."""
    perjanjian = services.pk_buat_dari_sumber(
        level=Level.KEPALA_OPD, unit=opd_a, tahun=2025, user=admin, tanggal=TANGGAL
    )
    services.pk_tandatangani(perjanjian=perjanjian, user=admin)
    return perjanjian.baris.get().target


def _form_data(target, **changes):
    data = {
        "indikator": target.indikator_id,
        "dokumen": target.dokumen_id,
        "tahun": target.tahun,
        "periode": target.periode,
        "nilai": target.nilai,
        "nilai_skala": target.nilai_skala,
        "batas_bawah": "",
        "batas_atas": "",
    }
    return {**data, **changes}


def _change(client, target, **changes):
    url = reverse("admin:perencanaan_target_change", args=[target.pk])
    return client.post(url, _form_data(target, **changes))


def test_signed_target_change_is_form_error(client, superuser, signed_target):
    client.force_login(superuser)

    response = _change(client, signed_target, nilai="1")

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "sudah ditetapkan" in str(errors)
    assert Target.objects.get(pk=signed_target.pk).nilai == Decimal("50")


def test_signed_target_cannot_move_out(client, superuser, tahunan, signed_target):
    client.force_login(superuser)

    response = _change(client, signed_target, dokumen=tahunan["rkpd"].pk)

    assert response.status_code == 200
    assert Target.objects.get(pk=signed_target.pk).dokumen_id == (
        signed_target.dokumen_id
    )


def test_draft_target_change_saved(client, superuser, tahunan, jabatan, admin, opd_a):
    perjanjian = services.pk_buat_dari_sumber(
        level=Level.KEPALA_OPD, unit=opd_a, tahun=2025, user=admin, tanggal=TANGGAL
    )
    target = perjanjian.baris.get().target
    client.force_login(superuser)

    response = _change(client, target, nilai="55")

    assert response.status_code == 302
    assert Target.objects.get(pk=target.pk).nilai == Decimal("55")
