import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from sakip.core import extensions
from sakip.organisasi.models import Pengaturan
from sakip.pengukuran.tests.factories import RealisasiFactory
from sakip.perencanaan.models import Dokumen, Indikator
from sakip.perencanaan.tests.factories import (
    DokumenFactory,
    IndikatorFactory,
    TargetFactory,
)
from sakip.referensi.models import NilaiSkala, Skala

CAPAIAN_PANEL = "pengukuran/partials/panel_capaian_indikator.html"


def detail_url(indikator):
    return reverse("perencanaan:indikator_detail", args=[indikator.pk])


def json_block(html, element_id):
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', html
    )
    assert match, f"no JSON block {element_id}"
    return json.loads(match.group(1))


@pytest.fixture
def indikator_lengkap(rencana, opd_a):
    return IndikatorFactory(
        kode="IND-LENGKAP",
        elemen=rencana["sasaran_a"],
        uraian="Angka kemiskinan",
        satuan="persen",
        definisi="Penduduk di bawah garis kemiskinan",
        formula="miskin / penduduk × 100",
        sumber_data="BPS",
        kondisi_awal=Decimal("1234.5"),
        polaritas=Indikator.Polaritas.NEGATIF,
        agregasi=Indikator.Agregasi.RATA_RATA,
        iku=True,
        unit_pj=opd_a,
    )


def test_indikator_shows_attributes(client, ani, indikator_lengkap):
    client.force_login(ani)

    response = client.get(detail_url(indikator_lengkap))

    html = response.text
    for text in (
        "Angka kemiskinan",
        "persen",
        "Penduduk di bawah garis kemiskinan",
        "miskin / penduduk × 100",
        "BPS",
        "1.234,50",
        "Negatif (makin rendah makin baik)",
        "Angka",
        "Rata-rata",
        "Mengikuti pengaturan pemda",
        "Dinas A",
    ):
        assert text in html, text
    assert "IKU</span>" in html


def test_indikator_shows_pemda_setting(client, ani, indikator_lengkap):
    Pengaturan.objects.update_or_create(pk=1, defaults={"rumus_negatif": "rasio"})
    client.force_login(ani)

    response = client.get(detail_url(indikator_lengkap))

    assert "Mengikuti pengaturan pemda" in response.text
    assert "(Rasio: T / R × 100)" in response.text


def test_indikator_shows_own_rumus_negatif(client, ani, indikator_lengkap):
    indikator_lengkap.rumus_negatif = "rasio"
    indikator_lengkap.save()
    client.force_login(ani)

    response = client.get(detail_url(indikator_lengkap))

    assert "Rasio: T / R × 100" in response.text
    assert "Mengikuti pengaturan pemda" not in response.text


def test_indikator_shows_scale(client, ani, rencana):
    skala = Skala.objects.create(nama="opini-bpk", uraian="Opini BPK")
    for peringkat, nilai in enumerate(["TMP", "TW", "WDP", "WTP"], start=1):
        NilaiSkala.objects.create(skala=skala, nilai=nilai, peringkat=peringkat)
    indikator = IndikatorFactory(elemen=rencana["sasaran_a"], skala=skala)
    TargetFactory(indikator=indikator, nilai=None, nilai_skala="WTP")
    client.force_login(ani)

    response = client.get(detail_url(indikator))

    assert "Skala Opini BPK" in response.text
    assert "TMP &lt; TW &lt; WDP &lt; WTP" in response.text
    assert ">WTP</td>" in response.text


def test_indikator_targets_by_year_and_period(client, ani, rencana):
    indikator = rencana["indikator_a"]
    renja = DokumenFactory(
        kode="RENJA-A-2025",
        jenis=Dokumen.Jenis.RENJA,
        unit=rencana["renstra_a"].unit,
        tahun_akhir=None,
    )
    TargetFactory(indikator=indikator, tahun=2026, nilai=Decimal("60"))
    TargetFactory(
        indikator=indikator, dokumen=renja, periode="TW1", nilai=Decimal("10")
    )
    TargetFactory(indikator=indikator, dokumen=renja, nilai=Decimal("55"))
    client.force_login(ani)

    response = client.get(detail_url(indikator))

    rows = [
        (t.tahun, t.periode, t.dokumen.kode) for t in response.context["target_list"]
    ]
    assert rows == [
        (2025, "tahunan", "RENSTRA-A"),
        (2025, "tahunan", "RENJA-A-2025"),
        (2025, "TW1", "RENJA-A-2025"),
        (2026, "tahunan", "RENSTRA-A"),
    ]
    assert "Triwulan I" in response.text
    assert "RENJA-A-2025" in response.text


def test_indikator_band_target(client, ani, rencana):
    indikator = IndikatorFactory(
        elemen=rencana["sasaran_a"], polaritas=Indikator.Polaritas.RENTANG
    )
    TargetFactory(
        indikator=indikator,
        nilai=None,
        batas_bawah=Decimal("3"),
        batas_atas=Decimal("5"),
    )
    client.force_login(ani)

    response = client.get(detail_url(indikator))

    assert "3,00–5,00" in response.text


def test_indikator_capaian_panel(client, admin, rencana):
    client.force_login(admin)

    response = client.get(detail_url(rencana["iku"]))

    html = response.text
    assert 'id="panel-capaian"' in html
    assert "90,00 %" in html
    assert 'data-kategori="Tinggi"' in html
    assert 'data-chart-capaian="grafik-tahunan-data"' in html
    chart = json_block(html, "grafik-tahunan-data")
    assert chart["labels"] == ["2025"]
    assert chart["datasets"][0]["data"] == ["80.0000"]
    assert chart["datasets"][1]["data"] == ["72.0000"]
    assert "chart-capaian.js" in html


def test_indikator_quarter_chart(client, admin, rencana):
    iku = rencana["iku"]
    for periode, nilai in (("TW1", "20"), ("TW2", "40")):
        TargetFactory(indikator=iku, periode=periode, nilai=Decimal(nilai))
    RealisasiFactory(indikator=iku, periode="TW1", nilai=Decimal("18"))
    client.force_login(admin)

    response = client.get(detail_url(iku))

    chart = json_block(response.text, "grafik-triwulan-data")
    assert chart["labels"] == ["2025 Triwulan I", "2025 Triwulan II"]
    assert chart["datasets"][1]["data"][0] == "18.0000"
    assert "belum diisi" in response.text


def test_indikator_page_without_panel(client, admin, rencana):
    panels = extensions.get_panels("indikator_detail")
    extensions.unregister_panel("indikator_detail", template_name=CAPAIAN_PANEL)
    client.force_login(admin)

    try:
        response = client.get(detail_url(rencana["iku"]))
    finally:
        for panel in panels:
            extensions.register_panel(
                "indikator_detail",
                template_name=panel.template_name,
                get_context=panel.get_context,
                order=panel.order,
            )

    assert response.status_code == 200
    assert 'id="panel-capaian"' not in response.text
    assert "Atribut indikator" in response.text


def test_perencanaan_imports_no_pengukuran():
    from pathlib import Path

    app = Path(__file__).resolve().parents[1]
    sources = [p for p in app.rglob("*.py") if "tests" not in p.parts]
    sources += list((app / "templates").rglob("*.html"))

    offenders = [
        str(p.relative_to(app)) for p in sources if "pengukuran" in p.read_text()
    ]

    assert offenders == []
