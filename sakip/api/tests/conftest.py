"""Fixtures of the API tests: a client that sends a user's token, input
windows for the first quarter of 2025, and a draft PK of Dinas A whose rows
put indikator on its input page."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sakip.pengukuran.models import JadwalInput
from sakip.perencanaan.models import Dokumen
from sakip.perencanaan.tests.factories import DokumenFactory, TargetFactory
from sakip.perjanjian.models import BarisPK, Jabatan, Level, PerjanjianKinerja


@pytest.fixture(autouse=True)
def throttle_counts_cleared():
    """Start each test with no request counted against the rate limit; the
    counts live in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """Return a function that gives a client authenticated by ``user``'s
    token, or an anonymous client for None."""

    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            token, _created = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


@pytest.fixture
def tw1_terbuka(db):
    now = timezone.now()
    return JadwalInput.objects.create(
        tahun=2025,
        periode="TW1",
        mulai=now - timedelta(days=1),
        selesai=now + timedelta(days=1),
    )


@pytest.fixture
def tw1_ditutup(db):
    now = timezone.now()
    return JadwalInput.objects.create(
        tahun=2025,
        periode="TW1",
        mulai=now - timedelta(days=10),
        selesai=now - timedelta(days=1),
    )


def add_baris_pk(*indikator_list, unit, tahun: int = 2025) -> PerjanjianKinerja:
    """Put ``indikator_list`` on the rows of a draft Kepala OPD PK of ``unit``
    for ``tahun``, so that the unit's input page lists them. A draft PK's
    targets do not count in a capaian, so the indikator's capaian is as
    before."""
    perjanjian = PerjanjianKinerja.objects.filter(unit=unit, tahun=tahun).first()
    if perjanjian is None:
        dokumen = DokumenFactory(
            kode=f"PK-{unit.kode}-{tahun}",
            jenis=Dokumen.Jenis.PK,
            unit=unit,
            tahun_awal=tahun,
            tahun_akhir=tahun,
        )
        jabatan = Jabatan.objects.create(
            unit=unit, level=Level.KEPALA_OPD, nama=f"Kepala {unit.nama}"
        )
        perjanjian = PerjanjianKinerja.objects.create(
            dokumen=dokumen,
            level=Level.KEPALA_OPD,
            unit=unit,
            tahun=tahun,
            tanggal=datetime.date(tahun, 1, 15),
            sumber=indikator_list[0].elemen.dokumen,
            pihak_pertama_jabatan=jabatan,
            pihak_pertama_nama_jabatan=jabatan.nama,
            pihak_pertama_nama="Kepala",
        )
    for indikator in indikator_list:
        target = TargetFactory(
            indikator=indikator,
            dokumen=perjanjian.dokumen,
            tahun=tahun,
            nilai=Decimal("50"),
        )
        BarisPK.objects.create(
            perjanjian=perjanjian, indikator=indikator, target=target
        )
    return perjanjian


@pytest.fixture
def pk_rencana(rencana, opd_a, opd_b):
    """Draft PKs of Dinas A and B whose rows are their Renstra indikator
    IND-A and IND-B, so that the API may enter realisation on them."""
    add_baris_pk(rencana["indikator_a"], unit=opd_a)
    add_baris_pk(rencana["indikator_b"], unit=opd_b)
    return rencana
