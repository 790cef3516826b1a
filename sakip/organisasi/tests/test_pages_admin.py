import pytest
from django.contrib import admin
from django.urls import reverse

from sakip.organisasi.models import Pengaturan
from sakip.organisasi.tests.factories import PenggunaFactory

OUR_APPS = {"organisasi", "referensi", "perencanaan", "anggaran", "pengukuran"}
MODELS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in OUR_APPS
)


@pytest.fixture
def superuser(pemda):
    return PenggunaFactory(username="super", is_staff=True, is_superuser=True)


def test_our_models_registered():
    registered = {name for _app, name in MODELS}

    assert {
        "unit",
        "pengguna",
        "pengaturan",
        "nomenklaturversi",
        "nomenklatur",
        "skala",
        "nilaiskala",
        "dokumen",
        "elemen",
        "tautanelemen",
        "indikator",
        "target",
        "realisasi",
        "pagu",
        "keuanganbulanan",
    } <= registered


@pytest.mark.parametrize(("app_label", "model_name"), MODELS)
def test_admin_changelist_opens(client, superuser, rencana, app_label, model_name):
    client.force_login(superuser)

    response = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize(("app_label", "model_name"), MODELS)
def test_admin_add_page_opens(client, superuser, app_label, model_name):
    client.force_login(superuser)

    response = client.get(reverse(f"admin:{app_label}_{model_name}_add"))

    assert response.status_code == 200


@pytest.mark.parametrize(("app_label", "model_name"), MODELS)
def test_admin_search_works(client, superuser, rencana, app_label, model_name):
    client.force_login(superuser)

    response = client.get(
        reverse(f"admin:{app_label}_{model_name}_changelist"), {"q": "A"}
    )

    assert response.status_code == 200


def test_admin_change_page_shows_history(client, superuser, rencana):
    client.force_login(superuser)
    indikator = rencana["iku"]

    response = client.get(
        reverse("admin:perencanaan_indikator_history", args=[indikator.pk])
    )

    assert response.status_code == 200
    assert "Indeks A" in response.text


def test_pengaturan_cannot_be_added_twice(client, superuser):
    Pengaturan.load().save()
    client.force_login(superuser)

    response = client.get(reverse("admin:organisasi_pengaturan_add"))

    assert response.status_code == 403
