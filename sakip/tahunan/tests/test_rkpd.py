"""Compiling the RKPD of a year from the RPJMD and the Renjas."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sakip.perencanaan.models import Dokumen, Elemen, Target
from sakip.perencanaan.tests.factories import ElemenFactory
from sakip.tahunan.services import renja_buat_dari_renstra, rkpd_susun

from .conftest import add_programs


@pytest.fixture
def renja_2025(rencana, renstra_a, ani, citra):
    """The 2025 Renja of Dinas A (two programs whose sasaran supports the
    RPJMD sasaran) and of Dinas B (one program under a sasaran that supports
    nothing)."""
    renstra_b = rencana["renstra_b"]
    add_programs(renstra_b, ElemenFactory(dokumen=renstra_b), count=1)
    return {
        "a": renja_buat_dari_renstra(renstra=renstra_a, tahun=2025, user=ani),
        "b": renja_buat_dari_renstra(renstra=renstra_b, tahun=2025, user=citra),
    }


def test_rkpd_document(renja_2025, admin, pemda):
    rkpd = rkpd_susun(tahun=2025, user=admin)

    assert rkpd.jenis == Dokumen.Jenis.RKPD
    assert rkpd.unit == pemda
    assert rkpd.tahun_awal == 2025
    assert rkpd.status == Dokumen.Status.DRAFT


def test_rkpd_copies_rpjmd(renja_2025, admin, rencana):
    rkpd = rkpd_susun(tahun=2025, user=admin)

    tujuan = Elemen.objects.get(dokumen=rkpd, jenis="tujuan")
    sasaran = Elemen.objects.get(dokumen=rkpd, jenis="sasaran")
    assert tujuan.induk is None
    assert sasaran.induk == tujuan
    assert sasaran.tautan_keluar.get().ke == rencana["sasaran"]
    assert sasaran.tautan_keluar.get().jenis == "berasal_dari"
    target = Target.objects.get(dokumen=rkpd)
    assert target.indikator.elemen == sasaran
    assert target.indikator.iku is True
    assert target.tahun == 2025
    assert target.nilai == Decimal("80")


def test_rkpd_programs_under_sasaran(renja_2025, admin, opd_a, opd_b):
    rkpd = rkpd_susun(tahun=2025, user=admin)

    programs = Elemen.objects.filter(dokumen=rkpd, jenis="program")
    assert programs.count() == 3
    sasaran = Elemen.objects.get(dokumen=rkpd, jenis="sasaran")
    under = programs.filter(induk=sasaran)
    assert set(under.values_list("unit_pj", flat=True)) == {opd_a.pk}
    assert {p.tautan_keluar.get().ke.dokumen for p in under} == {renja_2025["a"]}
    # Dinas B's program supports no RPJMD sasaran, so it is a root.
    root = programs.get(induk__isnull=True)
    assert root.tautan_keluar.get().ke.dokumen == renja_2025["b"]


@pytest.mark.parametrize("username", ["ani", "citra", "kadis", "vera", "bupati"])
def test_rkpd_denied(renja_2025, cast, username):
    with pytest.raises(PermissionDenied):
        rkpd_susun(tahun=2025, user=cast[username])


def test_rkpd_without_rpjmd(renja_2025, admin):
    with pytest.raises(ValidationError) as raised:
        rkpd_susun(tahun=2031, user=admin)

    assert "Tidak ada RPJMD" in raised.value.message_dict["tahun"][0]


def test_rkpd_second_refused(renja_2025, admin):
    rkpd_susun(tahun=2025, user=admin)

    with pytest.raises(ValidationError):
        rkpd_susun(tahun=2025, user=admin)


def test_rkpd_page(client, admin, renja_2025):
    client.force_login(admin)

    response = client.post(reverse("tahunan:rkpd_create"), {"tahun": "2025"})

    rkpd = Dokumen.objects.get(jenis=Dokumen.Jenis.RKPD)
    assert response.status_code == 302
    assert response.url == reverse("perencanaan:dokumen_detail", args=[rkpd.pk])


def test_rkpd_program_through_tujuan(rencana, renstra_a, admin):
    # The Renstra links at tujuan, as the Pringsewu plans do: the sasaran
    # has no link of its own and follows its tujuan's.
    sasaran_a = rencana["sasaran_a"]
    tujuan = ElemenFactory(dokumen=renstra_a, jenis=Elemen.Jenis.TUJUAN)
    sasaran_a.induk = tujuan
    sasaran_a.save()
    sasaran_a.tautan_keluar.update(dari=tujuan)
    renja_buat_dari_renstra(renstra=renstra_a, tahun=2025, user=admin)

    rkpd = rkpd_susun(tahun=2025, user=admin)

    sasaran = Elemen.objects.get(dokumen=rkpd, jenis="sasaran")
    programs = Elemen.objects.filter(dokumen=rkpd, jenis="program")
    assert programs.count() == 2
    assert set(programs.values_list("induk", flat=True)) == {sasaran.pk}
