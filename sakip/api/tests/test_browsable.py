"""DRF's browsable API: each endpoint renders as HTML for a logged-in user."""

import pytest
from django.urls import reverse

from sakip.pengukuran.models import Realisasi


@pytest.mark.parametrize("username", ["admin", "ani", "kadis"])
def test_endpoints_render_as_html(client, cast, rencana, username):
    client.force_login(cast[username])
    entri = Realisasi.objects.get(indikator=rencana["indikator_a"])
    urls = [
        reverse("api:indikator_list"),
        reverse("api:indikator_target", kwargs={"kode": "IND-A"}),
        reverse("api:capaian_list") + "?tahun=2025",
        reverse("api:realisasi_list"),
        reverse("api:realisasi_detail", kwargs={"pk": entri.pk}),
    ]

    for url in urls:
        response = client.get(url, HTTP_ACCEPT="text/html")

        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url
