"""The progress from the kondisi awal on the indikator page's capaian panel."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sakip.perencanaan.models import Indikator
from sakip.perencanaan.tests.factories import TargetFactory

pytestmark = pytest.mark.django_db


def _page(client, indikator):
    return client.get(reverse("perencanaan:indikator_detail", args=[indikator.pk]))


def test_panel_progres_value(client, admin, rencana):
    iku = rencana["iku"]
    Indikator.objects.filter(pk=iku.pk).update(kondisi_awal=Decimal("60"))
    TargetFactory(
        indikator=iku, dokumen=rencana["rpjmd"], tahun=2029, nilai=Decimal("100")
    )
    client.force_login(admin)

    html = _page(client, iku).text

    # (72 − 60) / (100 − 60) × 100.
    assert "30,00 %" in html
    assert 'data-kolom="progres"' in html
    assert "100,00 (2029, RPJMD)" in html


def test_panel_progres_reason(client, admin, rencana):
    client.force_login(admin)

    html = _page(client, rencana["iku"]).text

    # The RPJMD sets only 2025's target (80), the latest year it sets.
    assert "kondisi awal belum diisi" in html
    assert "80,00 (2025, RPJMD)" in html
    assert 'id="progres-dasar"' in html


def test_panel_progres_no_target(client, admin, rencana):
    rencana["iku"].target.all().delete()
    client.force_login(admin)

    html = _page(client, rencana["iku"]).text

    assert "target akhir periode belum ditetapkan" in html
