"""The portal on the demo Pemda, once its RPJMD and BPKAD's Renstra are published."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from sakip.bukukerja.demo import demo_load
from sakip.pengukuran.selectors import capaian_indikator_list
from sakip.perencanaan.models import Dokumen, Indikator

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_load()
    Dokumen.objects.filter(
        jenis__in=[Dokumen.Jenis.RPJMD, Dokumen.Jenis.RENSTRA],
        status=Dokumen.Status.DITETAPKAN,
    ).filter(unit__kode__in=["OPD-5"]).update(dipublikasikan=True)
    Dokumen.objects.filter(
        jenis=Dokumen.Jenis.RPJMD, status=Dokumen.Status.DITETAPKAN
    ).update(dipublikasikan=True)


def test_demo_portal(client, demo):
    home = client.get(reverse("portal:beranda"))
    listing = client.get(reverse("portal:dokumen_list"))
    body = b"".join(
        client.get(
            reverse("portal:data_unduh", args=["capaian", "json"]), {"tahun": 2025}
        ).streaming_content
    )

    assert home.status_code == 200
    assert home.context["capaian_sasaran"]
    published = Dokumen.objects.filter(dipublikasikan=True)
    for dokumen in published:
        assert f'data-kode="{dokumen.kode}"' in listing.content.decode()
    rows = json.loads(body)["data"]
    assert any(row["capaian"] is not None for row in rows)
    for row in rows:
        [engine] = capaian_indikator_list(
            indikator=Indikator.objects.filter(kode=row["indikator_kode"]),
            tahun=row["tahun"],
            periode=row["periode"],
            hanya_terverifikasi=True,
        )
        shown = None if row["capaian"] is None else Decimal(row["capaian"])
        assert shown == engine.capaian_2dp
