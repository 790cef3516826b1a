"""The fixed cast of the tests: one Pemda with two OPD, a user for every role,
and a small cascaded plan, so that access tests read as short stories.

Operator ``ani`` and her colleague ``budi`` work at Dinas A; ``citra``
operates Dinas B. ``admin`` is Admin Bappeda, ``vera`` a Bappeda verifikator,
``vino`` a verifikator of Dinas A, ``kadis`` the head of Dinas A, ``evi`` an
evaluator of the Inspektorat and ``bupati`` the Pimpinan.
"""

from decimal import Decimal

import pytest

from sakip.organisasi.models import Peran, Unit
from sakip.organisasi.tests.factories import PenggunaFactory, UnitFactory
from sakip.pengukuran.tests.factories import RealisasiFactory
from sakip.perencanaan.models import Dokumen, Elemen
from sakip.perencanaan.tests.factories import (
    DokumenFactory,
    ElemenFactory,
    IndikatorFactory,
    TargetFactory,
    TautanElemenFactory,
)

PASSWORD = "rahasia-uji-123"


@pytest.fixture
def pemda(db):
    return UnitFactory(kode="PEMDA", nama="Kabupaten Contoh", jenis="pemda", induk=None)


@pytest.fixture
def opd_a(pemda):
    return UnitFactory(kode="OPD-A", nama="Dinas A", induk=pemda)


@pytest.fixture
def bidang_a(opd_a):
    return UnitFactory(
        kode="OPD-A-BID-1", nama="Bidang Satu", jenis=Unit.Jenis.BIDANG, induk=opd_a
    )


@pytest.fixture
def opd_b(pemda):
    return UnitFactory(kode="OPD-B", nama="Dinas B", induk=pemda)


def _user(username, peran, unit=None, **extra):
    return PenggunaFactory(username=username, peran=peran, unit=unit, **extra)


@pytest.fixture
def admin(pemda):
    return _user("admin", Peran.ADMIN_BAPPEDA, pemda)


@pytest.fixture
def ani(opd_a):
    return _user("ani", Peran.OPERATOR_OPD, opd_a)


@pytest.fixture
def budi(bidang_a):
    return _user("budi", Peran.OPERATOR_OPD, bidang_a)


@pytest.fixture
def citra(opd_b):
    return _user("citra", Peran.OPERATOR_OPD, opd_b)


@pytest.fixture
def kadis(opd_a):
    return _user("kadis", Peran.KEPALA_OPD, opd_a)


@pytest.fixture
def vera(pemda):
    return _user("vera", Peran.VERIFIKATOR, None)


@pytest.fixture
def vino(opd_a):
    return _user("vino", Peran.VERIFIKATOR, opd_a)


@pytest.fixture
def evi(pemda):
    return _user("evi", Peran.EVALUATOR, None)


@pytest.fixture
def bupati(pemda):
    return _user("bupati", Peran.PIMPINAN, pemda)


@pytest.fixture
def cast(admin, ani, budi, citra, kadis, vera, vino, evi, bupati):
    """Every user of the cast, by username."""
    return {
        user.username: user
        for user in (admin, ani, budi, citra, kadis, vera, vino, evi, bupati)
    }


@pytest.fixture
def rencana(pemda, opd_a, opd_b):
    """An RPJMD with one sasaran and IKU, and the Renstra of Dinas A and B,
    each with a sasaran that supports it, targets for 2025 and realisation."""
    rpjmd = DokumenFactory(
        kode="RPJMD", jenis=Dokumen.Jenis.RPJMD, unit=pemda, nama="RPJMD 2025-2029"
    )
    visi = ElemenFactory(kode="VISI", dokumen=rpjmd, jenis=Elemen.Jenis.VISI)
    misi = ElemenFactory(
        kode="MISI", dokumen=rpjmd, jenis=Elemen.Jenis.MISI, induk=visi
    )
    tujuan = ElemenFactory(
        kode="TUJ", dokumen=rpjmd, jenis=Elemen.Jenis.TUJUAN, induk=misi
    )
    sasaran = ElemenFactory(kode="SAS", dokumen=rpjmd, induk=tujuan)
    iku = IndikatorFactory(kode="IKU-1", elemen=sasaran, iku=True, uraian="Indeks A")
    TargetFactory(indikator=iku, dokumen=rpjmd, nilai=Decimal("80"))
    RealisasiFactory(indikator=iku, nilai=Decimal("72"))

    plans = {"rpjmd": rpjmd, "sasaran": sasaran, "iku": iku}
    for key, unit in (("a", opd_a), ("b", opd_b)):
        renstra = DokumenFactory(kode=f"RENSTRA-{key.upper()}", unit=unit)
        sasaran_opd = ElemenFactory(kode=f"SAS-{key.upper()}", dokumen=renstra)
        TautanElemenFactory(dari=sasaran_opd, ke=sasaran)
        indikator = IndikatorFactory(kode=f"IND-{key.upper()}", elemen=sasaran_opd)
        TargetFactory(indikator=indikator, dokumen=renstra, nilai=Decimal("50"))
        RealisasiFactory(indikator=indikator, nilai=Decimal("40"))
        plans[f"renstra_{key}"] = renstra
        plans[f"sasaran_{key}"] = sasaran_opd
        plans[f"indikator_{key}"] = indikator
    return plans
