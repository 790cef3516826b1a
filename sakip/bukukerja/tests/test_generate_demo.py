"""The generate_demo command: a generated Pemda of a known size whose pages open."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from sakip.anggaran.models import KeuanganBulanan
from sakip.bukukerja.provinsi import SKALA
from sakip.organisasi.models import Pengguna, Unit
from sakip.pengukuran.models import Realisasi
from sakip.perencanaan.checks import GALAT, check_plans
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Target
from sakip.perjanjian.models import PerjanjianKinerja

pytestmark = pytest.mark.django_db

KECIL = SKALA["kecil"]
SUB_PER_RENSTRA = (
    KECIL.program_per_opd * KECIL.kegiatan_per_program * KECIL.sub_per_kegiatan
)


@pytest.fixture
def generated():
    out = StringIO()
    call_command("generate_demo", "--scale", "kecil", stdout=out)
    return out.getvalue()


def test_small_scale_counts(generated):
    opd = KECIL.opd

    assert Unit.objects.filter(jenis=Unit.Jenis.PERANGKAT_DAERAH).count() == opd
    assert (
        Unit.objects.filter(jenis=Unit.Jenis.BIDANG, opd__isnull=False).count()
        == opd * KECIL.bidang_per_opd
    )
    assert Dokumen.objects.filter(jenis=Dokumen.Jenis.RENSTRA).count() == opd
    assert Dokumen.objects.filter(jenis=Dokumen.Jenis.RENJA).count() == opd
    # The Renstra's sub kegiatan and their copies in the Renjas.
    assert (
        Elemen.objects.filter(jenis=Elemen.Jenis.SUB_KEGIATAN).count()
        == 2 * opd * SUB_PER_RENSTRA
    )
    # Twelve months of 2025 on the Renjas and of 2023 and 2024 on the Renstras.
    assert KeuanganBulanan.objects.count() == opd * SUB_PER_RENSTRA * 12 * 3
    assert PerjanjianKinerja.objects.count() == opd + 1
    assert Indikator.objects.count() == 220
    assert Target.objects.count() == 1126
    assert Realisasi.objects.count() == 1540
    assert "realisasi" in generated


def test_small_scale_past_quarters(generated):
    renstra_indikator = Indikator.objects.filter(
        elemen__dokumen__jenis=Dokumen.Jenis.RENSTRA
    )

    for periode in ("tahunan", "TW1", "TW4"):
        rows = Realisasi.objects.filter(
            indikator__in=renstra_indikator, tahun=2024, periode=periode
        )
        assert rows.count() == renstra_indikator.count()


def test_small_scale_passes_plan_check(generated):
    temuan = check_plans(tahun=2025)

    galat = [item for item in temuan if item.tingkat == GALAT]
    assert galat == []


def test_small_scale_pages_open(client, generated):
    client.force_login(Pengguna.objects.get(username="admin-bench"))
    opd = Unit.objects.filter(jenis=Unit.Jenis.PERANGKAT_DAERAH).first()
    urls = [
        reverse("pengukuran:dasbor_pemda"),
        reverse("pengukuran:dasbor_opd", kwargs={"pk": opd.pk}),
        reverse("perencanaan:pohon_pemda"),
        reverse("perencanaan:pohon_opd", kwargs={"pk": opd.pk}),
        reverse("perencanaan:rantai_kinerja"),
    ]

    for url in urls:
        response = client.get(url, {"tahun": 2025})
        assert response.status_code == 200, url


def test_refuses_database_with_pemda(generated):
    with pytest.raises(CommandError, match="sudah berisi pemda"):
        call_command("generate_demo", "--scale", "kecil", stdout=StringIO())
