import pytest

from sakip.evaluasi.lke import lke_bawaan_load
from sakip.evaluasi.services import evaluasi_create, evaluator_assign
from sakip.organisasi.models import Peran
from sakip.organisasi.tests.factories import PenggunaFactory, UnitFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Evidence files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def lke(db):
    return lke_bawaan_load()


@pytest.fixture
def inspektorat(pemda):
    return UnitFactory(kode="INSPEKTORAT", nama="Inspektorat", induk=pemda)


@pytest.fixture
def iwan(inspektorat):
    """An evaluator who works at the Inspektorat itself."""
    return PenggunaFactory(username="iwan", peran=Peran.EVALUATOR, unit=inspektorat)


@pytest.fixture
def mutu(pemda):
    """The pengendali mutu of the Inspektorat."""
    return PenggunaFactory(username="mutu", peran=Peran.EVALUATOR, unit=None)


@pytest.fixture
def evaluasi_a(lke, opd_a, evi, mutu):
    """The 2025 evaluation of Dinas A with evi as evaluator and mutu as
    pengendali mutu."""
    evaluasi = evaluasi_create(user=evi, unit=opd_a, tahun=2025, template=lke)
    evaluator_assign(user=evi, evaluasi=evaluasi, evaluator=evi)
    evaluator_assign(
        user=evi, evaluasi=evaluasi, evaluator=mutu, peran="pengendali_mutu"
    )
    return evaluasi
