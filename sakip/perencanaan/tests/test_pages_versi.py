"""The status card, the workflow actions and the version comparison page."""

import pytest
from django.urls import reverse

from sakip.perencanaan.models import Dokumen
from sakip.perencanaan.tests.test_versi import _add_programs, _adopt

Status = Dokumen.Status


def _detail(client, dokumen):
    return client.get(reverse("perencanaan:dokumen_detail", args=[dokumen.pk]))


def _post(client, name, dokumen, **data):
    return client.post(reverse(f"perencanaan:{name}", args=[dokumen.pk]), data)


@pytest.mark.parametrize(
    ("username", "shown"), [("ani", True), ("admin", True), ("vera", False)]
)
def test_ajukan_button_shown_to_editors(client, cast, rencana, username, shown):
    client.force_login(cast[username])

    response = _detail(client, rencana["renstra_a"])

    action = reverse("perencanaan:dokumen_ajukan", args=[rencana["renstra_a"].pk])
    assert (action.encode() in response.content) is shown


@pytest.mark.parametrize(
    ("username", "kembalikan", "tetapkan"),
    [("vera", True, False), ("admin", True, True), ("ani", False, False)],
)
def test_review_buttons(client, cast, rencana, username, kembalikan, tetapkan):
    dokumen = rencana["renstra_a"]
    Dokumen.objects.filter(pk=dokumen.pk).update(status=Status.DIAJUKAN)
    client.force_login(cast[username])

    content = _detail(client, dokumen).content.decode()

    assert (
        reverse("perencanaan:dokumen_kembalikan", args=[dokumen.pk]) in content
    ) is (kembalikan)
    assert (reverse("perencanaan:dokumen_tetapkan", args=[dokumen.pk]) in content) is (
        tetapkan
    )


def test_ajukan_post_redirects_with_message(client, ani, rencana):
    dokumen = rencana["renstra_a"]
    client.force_login(ani)

    response = _post(client, "dokumen_ajukan", dokumen)

    assert response.status_code == 302
    assert response.url == reverse("perencanaan:dokumen_detail", args=[dokumen.pk])
    dokumen.refresh_from_db()
    assert dokumen.status == Status.DIAJUKAN
    page = client.get(response.url).content.decode()
    assert "Dokumen diajukan untuk diverifikasi." in page
    assert "Riwayat status" in page


def test_kembalikan_without_reason_shows_error(client, vera, rencana):
    dokumen = rencana["renstra_a"]
    Dokumen.objects.filter(pk=dokumen.pk).update(status=Status.DIAJUKAN)
    client.force_login(vera)

    response = _post(client, "dokumen_kembalikan", dokumen, alasan="")

    page = client.get(response.url).content.decode()
    assert "Alasan pengembalian wajib diisi." in page
    dokumen.refresh_from_db()
    assert dokumen.status == Status.DIAJUKAN


def test_returned_reason_shown_to_operator(client, ani, vera, rencana):
    dokumen = rencana["renstra_a"]
    Dokumen.objects.filter(pk=dokumen.pk).update(status=Status.DIAJUKAN)
    client.force_login(vera)
    _post(client, "dokumen_kembalikan", dokumen, alasan="Target 2026 belum diisi")
    client.force_login(ani)

    page = _detail(client, dokumen).content.decode()

    assert "alert-danger" in page
    assert "Target 2026 belum diisi" in page


def test_action_denied_returns_403(client, citra, rencana):
    client.force_login(citra)

    response = _post(client, "dokumen_ajukan", rencana["rpjmd"])

    assert response.status_code == 403


def test_action_on_invisible_returns_404(client, citra, rencana):
    client.force_login(citra)

    response = _post(client, "dokumen_ajukan", rencana["renstra_a"])

    assert response.status_code == 404


def test_wrong_transition_shows_message(client, admin, rencana):
    dokumen = rencana["renstra_a"]
    client.force_login(admin)

    response = _post(client, "dokumen_tetapkan", dokumen)

    page = client.get(response.url).content.decode()
    assert "tidak dapat diubah menjadi Ditetapkan" in page


def test_buat_perubahan_redirects_to_new(client, ani, rencana):
    lama = _adopt(rencana["renstra_a"])
    client.force_login(ani)

    response = _post(client, "dokumen_buat_perubahan", lama, alasan="Revisi")

    baru = Dokumen.objects.get(versi_sebelumnya=lama)
    assert response.url == reverse("perencanaan:dokumen_detail", args=[baru.pk])
    page = client.get(response.url).content.decode()
    assert "Versi perubahan dibuat sebagai draft." in page
    assert reverse("perencanaan:dokumen_compare", args=[baru.pk]) in page


def test_compare_page_highlights(client, ani, rencana):
    lama = rencana["renstra_a"]
    _add_programs(lama, rencana["sasaran_a"], 1)
    _adopt(lama)
    client.force_login(ani)
    _post(client, "dokumen_buat_perubahan", lama, alasan="Revisi")
    baru = Dokumen.objects.get(versi_sebelumnya=lama)
    baru.elemen.filter(kode="SAS-A-PRG-0-P1").update(uraian="Program diganti")
    url = reverse("perencanaan:dokumen_compare", args=[baru.pk])

    response = client.get(url, {"a": lama.pk, "b": baru.pk})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="diubah" data-kode="SAS-A-PRG-0-P1"' in page
    assert "<mark>Program diganti</mark>" in page


def test_compare_rejects_other_lineage(client, admin, rencana):
    client.force_login(admin)
    url = reverse("perencanaan:dokumen_compare", args=[rencana["renstra_a"].pk])

    response = client.get(
        url, {"a": rencana["renstra_b"].pk, "b": rencana["renstra_a"].pk}
    )

    assert response.status_code == 200
    assert response.context["baris_list"] is None
    assert response.context["form"].errors["a"]
