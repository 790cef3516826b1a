"""Creating an empty RPJMD or Renstra: the service and the page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sakip.perencanaan import editing
from sakip.perencanaan.models import Dokumen, RiwayatStatusDokumen
from sakip.perencanaan.tests.factories import DokumenFactory

CREATE_URL = reverse("perencanaan:dokumen_create")
DENIED = ["kadis", "vera", "vino", "evi", "bupati"]


def _create(user, unit, *, jenis=Dokumen.Jenis.RENSTRA, awal=2030, akhir=2034):
    return editing.dokumen_create(
        user=user,
        jenis=jenis,
        unit=unit,
        tahun_awal=awal,
        tahun_akhir=akhir,
        nama=" Renstra baru ",
    )


def test_create_renstra_by_operator(ani, opd_a):
    dokumen = _create(ani, opd_a)

    assert dokumen.kode == "RENSTRA-OPD-A-2030-2034"
    assert dokumen.jenis == Dokumen.Jenis.RENSTRA
    assert dokumen.status == Dokumen.Status.DRAFT
    assert dokumen.nama == "Renstra baru"
    assert (dokumen.tahun_awal, dokumen.tahun_akhir) == (2030, 2034)
    assert dokumen.history.get().history_user == ani
    riwayat = RiwayatStatusDokumen.objects.get(dokumen=dokumen)
    assert (riwayat.dari, riwayat.ke, riwayat.oleh) == ("", "draft", ani)


def test_create_operator_of_bidang(budi, opd_a):
    dokumen = _create(budi, opd_a)

    assert dokumen.unit == opd_a


def test_create_rpjmd_by_admin(admin, pemda):
    dokumen = _create(admin, pemda, jenis=Dokumen.Jenis.RPJMD)

    assert dokumen.kode == "RPJMD-PEMDA-2030-2034"
    assert dokumen.jenis == Dokumen.Jenis.RPJMD


def test_create_renstra_by_admin_any_opd(admin, opd_b):
    assert _create(admin, opd_b).unit == opd_b


def test_create_kode_taken_numbered(admin, opd_a):
    DokumenFactory(kode="RENSTRA-OPD-A-2030-2034", unit=opd_a, tahun_awal=2000)

    dokumen = _create(admin, opd_a)

    assert dokumen.kode == "RENSTRA-OPD-A-2030-2034-2"


def test_create_rpjmd_by_operator_denied(ani, pemda, opd_a):
    with pytest.raises(PermissionDenied):
        _create(ani, opd_a, jenis=Dokumen.Jenis.RPJMD)
    assert not Dokumen.objects.exists()


def test_create_other_opd_denied(ani, opd_b):
    with pytest.raises(PermissionDenied):
        _create(ani, opd_b)
    assert not Dokumen.objects.exists()


@pytest.mark.parametrize("username", DENIED)
def test_create_role_denied(cast, opd_a, username):
    with pytest.raises(PermissionDenied):
        _create(cast[username], opd_a)


def test_create_years_out_of_order(ani, opd_a):
    with pytest.raises(ValidationError) as error:
        _create(ani, opd_a, awal=2030, akhir=2029)

    assert (
        "tidak boleh sebelum tahun awal" in error.value.message_dict["tahun_akhir"][0]
    )
    assert not Dokumen.objects.exists()


def test_create_wrong_unit_kind(admin, pemda, opd_a):
    with pytest.raises(ValidationError) as rpjmd_error:
        _create(admin, opd_a, jenis=Dokumen.Jenis.RPJMD)
    with pytest.raises(ValidationError) as renstra_error:
        _create(admin, pemda)

    assert "unit" in rpjmd_error.value.message_dict
    assert "unit" in renstra_error.value.message_dict


@pytest.mark.parametrize(("awal", "akhir"), [(2025, 2029), (2029, 2033), (2021, 2025)])
def test_create_overlapping_renstra(ani, rencana, awal, akhir):
    with pytest.raises(ValidationError) as error:
        _create(ani, rencana["renstra_a"].unit, awal=awal, akhir=akhir)

    message = error.value.message_dict["tahun_awal"][0]
    assert "RENSTRA-A" in message
    assert "beririsan" in message


def test_create_adjacent_renstra_allowed(ani, rencana):
    dokumen = _create(ani, rencana["renstra_a"].unit, awal=2030, akhir=2034)

    assert dokumen.tahun_awal == 2030


def test_create_superseded_renstra_ignored(ani, opd_a):
    lama = DokumenFactory(kode="LAMA", unit=opd_a, status="ditetapkan")
    DokumenFactory(
        kode="BARU",
        unit=opd_a,
        versi_sebelumnya=lama,
        tahun_awal=2030,
        tahun_akhir=2034,
    )

    dokumen = _create(ani, opd_a, awal=2025, akhir=2029)

    assert dokumen.kode == "RENSTRA-OPD-A-2025-2029"


# The page.


def test_page_form_for_operator(client, ani, opd_a, opd_b):
    client.force_login(ani)

    response = client.get(CREATE_URL)

    form = response.context["form"]
    assert [value for value, _label in form.fields["jenis"].choices] == ["RENSTRA"]
    assert list(form.fields["unit"].queryset) == [opd_a]
    assert form["tahun_akhir"].value() == form["tahun_awal"].value() + 4


def test_page_form_for_admin(client, admin, pemda, opd_a, opd_b):
    client.force_login(admin)

    form = client.get(CREATE_URL).context["form"]

    assert [value for value, _label in form.fields["jenis"].choices] == [
        "RPJMD",
        "RENSTRA",
    ]
    assert set(form.fields["unit"].queryset) == {pemda, opd_a, opd_b}


def test_page_creates_and_redirects(client, ani, opd_a):
    client.force_login(ani)
    data = {"jenis": "RENSTRA", "unit": opd_a.pk, "tahun_awal": 2030, "nama": "R"}

    response = client.post(CREATE_URL, data)

    dokumen = Dokumen.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("perencanaan:dokumen_detail", args=[dokumen.pk])
    assert dokumen.tahun_akhir == 2034


def test_page_other_opd_rejected(client, ani, opd_a, opd_b):
    client.force_login(ani)
    data = {"jenis": "RENSTRA", "unit": opd_b.pk, "tahun_awal": 2030}

    response = client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Dokumen.objects.exists()


def test_page_overlap_message_beside_field(client, ani, rencana):
    client.force_login(ani)
    data = {"jenis": "RENSTRA", "unit": rencana["renstra_a"].unit_id}
    data |= {"tahun_awal": 2027, "tahun_akhir": 2031}

    response = client.post(CREATE_URL, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_tahun_awal_error"' in html
    assert "beririsan" in html
    assert Dokumen.objects.filter(jenis="RENSTRA", unit__kode="OPD-A").count() == 1


@pytest.mark.parametrize("username", DENIED)
def test_page_denied(client, cast, username):
    client.force_login(cast[username])

    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, {}).status_code == 403


@pytest.mark.parametrize(("username", "shown"), [("ani", True), ("vera", False)])
def test_list_button(client, cast, username, shown):
    client.force_login(cast[username])

    html = client.get(reverse("perencanaan:dokumen_list")).content.decode()

    assert (CREATE_URL in html) is shown
