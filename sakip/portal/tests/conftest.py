"""The ``publik`` fixture: the ``rencana`` plan with its RPJMD and the Renstra
of Dinas A published, the Renstra of Dinas B adopted but not published, a
draft RPJMD, a published signed PK, and the 2025 budget of both OPD."""

from decimal import Decimal

import pytest

from sakip.anggaran.models import KeuanganBulanan
from sakip.anggaran.tests.factories import keuangan, renja_anggaran
from sakip.pengukuran.models import Realisasi
from sakip.pengukuran.tests.factories import RealisasiFactory
from sakip.perencanaan.models import Dokumen, Elemen, Indikator
from sakip.perencanaan.tests.factories import (
    DokumenFactory,
    ElemenFactory,
    IndikatorFactory,
    TargetFactory,
)

from .helpers import make_signed_pk, publish

# Text that belongs only to documents that are not public; no public page or
# download may contain any of it.
RAHASIA = (
    "RPJMD-DRAFT",
    "RPJMD rancangan rahasia",
    "Sasaran rancangan rahasia",
    "Indikator rancangan rahasia",
    "RENSTRA-B",
    "Sasaran Dinas B tersembunyi",
    "Indikator Dinas B tersembunyi",
    "PK-TERSEMBUNYI",
)


@pytest.fixture
def publik(rencana, pemda, opd_a, opd_b):
    objects = dict(rencana)
    Elemen.objects.filter(pk=rencana["sasaran_b"].pk).update(
        uraian="Sasaran Dinas B tersembunyi"
    )
    Indikator.objects.filter(pk=rencana["indikator_b"].pk).update(
        uraian="Indikator Dinas B tersembunyi"
    )
    draft = DokumenFactory(
        kode="RPJMD-DRAFT",
        jenis=Dokumen.Jenis.RPJMD,
        unit=pemda,
        nama="RPJMD rancangan rahasia",
    )
    sasaran_draft = ElemenFactory(
        kode="SAS-DRAFT", dokumen=draft, uraian="Sasaran rancangan rahasia"
    )
    IndikatorFactory(
        kode="IND-DRAFT", elemen=sasaran_draft, uraian="Indikator rancangan rahasia"
    )
    objects["draft"] = draft

    # A second indikator of the published RPJMD: a realisation that is not
    # verified yet must not count.
    iku_2 = IndikatorFactory(
        kode="IKU-2", elemen=rencana["sasaran"], uraian="Persentase B", urutan=2
    )
    TargetFactory(indikator=iku_2, dokumen=rencana["rpjmd"], nilai=Decimal("50"))
    TargetFactory(
        indikator=iku_2, dokumen=rencana["rpjmd"], tahun=2026, nilai=Decimal("60")
    )
    RealisasiFactory(
        indikator=iku_2, nilai=Decimal("45"), status=Realisasi.Status.DIAJUKAN
    )
    objects["iku_2"] = iku_2

    publish(rencana["rpjmd"])
    publish(rencana["renstra_a"])
    # Adopted, but not published.
    Dokumen.objects.filter(pk=rencana["renstra_b"].pk).update(
        status=Dokumen.Status.DITETAPKAN
    )
    objects["pk"] = make_signed_pk(
        unit=pemda,
        sumber=rencana["rpjmd"],
        kode="PK-PUBLIK",
        baris=((rencana["iku"], Decimal("90")),),
    )
    # Its target counts for Dinas A's published indikator, but its code must
    # not show.
    objects["pk_tersembunyi"] = make_signed_pk(
        unit=opd_b,
        sumber=rencana["renstra_b"],
        kode="PK-TERSEMBUNYI",
        published=False,
        baris=((rencana["indikator_a"], Decimal("55")),),
    )

    for key, unit in (("a", opd_a), ("b", opd_b)):
        anggaran = renja_anggaran(unit, pagu=1_000_000)
        Dokumen.objects.filter(pk=anggaran["renja"].pk).update(
            status=Dokumen.Status.DITETAPKAN
        )
        first, second = anggaran["sub_kegiatan"]
        keuangan(first, b1=(500_000, 400_000, None), b2=(500_000, 100_000, None))
        keuangan(second, b1=(1_000_000, 250_000, None))
        objects[f"anggaran_{key}"] = anggaran
    # Verified: both months of the first sub kegiatan; the second one's
    # realisation is only submitted.
    KeuanganBulanan.objects.filter(
        elemen__in=[objects["anggaran_a"]["sub_kegiatan"][0]]
        + [objects["anggaran_b"]["sub_kegiatan"][0]]
    ).update(status=KeuanganBulanan.Status.DITERIMA)
    return objects
