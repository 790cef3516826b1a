from decimal import Decimal

import pytest

from sakip.perencanaan.models import Elemen
from sakip.perencanaan.tests.factories import (
    ElemenFactory,
    IndikatorFactory,
    TargetFactory,
)


def add_programs(renstra, sasaran, *, count):
    """Add ``count`` programs under ``sasaran``, each with one kegiatan of two
    sub kegiatan; every elemen has one indikator with targets for 2025 (10)
    and 2026 (20 + its number)."""
    for number in range(count):
        program = ElemenFactory(
            dokumen=renstra,
            jenis=Elemen.Jenis.PROGRAM,
            induk=sasaran,
            nomenklatur=f"1.02.{number + 1:02d}",
            unit_pj=renstra.unit,
            urutan=number,
        )
        kegiatan = ElemenFactory(
            dokumen=renstra,
            jenis=Elemen.Jenis.KEGIATAN,
            induk=program,
            nomenklatur=f"1.02.{number + 1:02d}.2.01",
        )
        sub_list = [
            ElemenFactory(
                dokumen=renstra,
                jenis=Elemen.Jenis.SUB_KEGIATAN,
                induk=kegiatan,
                nomenklatur=f"1.02.{number + 1:02d}.2.01.{sub:04d}",
                urutan=sub,
            )
            for sub in (1, 2)
        ]
        for elemen in (program, kegiatan, *sub_list):
            indikator = IndikatorFactory(elemen=elemen)
            TargetFactory(indikator=indikator, tahun=2025, nilai=Decimal("10"))
            TargetFactory(indikator=indikator, tahun=2026, nilai=Decimal(20 + number))


@pytest.fixture
def renstra_a(rencana):
    """Dinas A's Renstra of ``rencana`` with two programs under its sasaran."""
    renstra = rencana["renstra_a"]
    add_programs(renstra, rencana["sasaran_a"], count=2)
    return renstra
