import pytest

from sakip.bukukerja.tests.workbooks import base_sheets, write_workbook


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep uploaded workbooks in the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def base_workbook(tmp_path):
    return write_workbook(tmp_path / "base.xlsx", base_sheets())
