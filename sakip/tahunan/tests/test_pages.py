"""The pages of the yearly plans."""

from django.urls import reverse

from sakip.perencanaan.models import Dokumen
from sakip.tahunan.services import renja_buat_dari_renstra


def test_create_page_redirects(client, ani, renstra_a):
    client.force_login(ani)

    response = client.post(
        reverse("tahunan:renja_create"), {"renstra": renstra_a.pk, "tahun": "2026"}
    )

    renja = Dokumen.objects.get(jenis=Dokumen.Jenis.RENJA)
    assert response.status_code == 302
    assert response.url == reverse("perencanaan:dokumen_detail", args=[renja.pk])


def test_create_page_offers_own_renstra(client, ani, rencana):
    client.force_login(ani)

    response = client.get(reverse("tahunan:renja_create"))

    choices = list(response.context["form"].fields["renstra"].queryset)
    assert choices == [rencana["renstra_a"]]


def test_create_page_other_opd_renstra(client, citra, renstra_a):
    client.force_login(citra)

    response = client.post(
        reverse("tahunan:renja_create"), {"renstra": renstra_a.pk, "tahun": "2026"}
    )

    assert response.status_code == 200
    assert "renstra" in response.context["form"].errors
    assert not Dokumen.objects.filter(jenis=Dokumen.Jenis.RENJA).exists()


def test_create_page_year_error(client, ani, renstra_a):
    client.force_login(ani)

    response = client.post(
        reverse("tahunan:renja_create"), {"renstra": renstra_a.pk, "tahun": "2031"}
    )

    errors = response.context["form"].errors["tahun"]
    assert "di luar periode Renstra" in errors[0]
    assert "di luar periode Renstra" in response.content.decode()


def test_create_page_read_only_role(client, kadis, rencana):
    client.force_login(kadis)

    response = client.get(reverse("tahunan:renja_create"))

    assert response.status_code == 403


def test_list_page_scoped(client, ani, citra, renstra_a, rencana):
    renja_buat_dari_renstra(renstra=renstra_a, tahun=2026, user=ani)
    renja_buat_dari_renstra(renstra=rencana["renstra_b"], tahun=2026, user=citra)
    client.force_login(ani)

    response = client.get(reverse("tahunan:renja_list"))

    kodes = [d.kode for d in response.context["renja_list"]]
    assert kodes == ["RENJA-OPD-A-2026"]
