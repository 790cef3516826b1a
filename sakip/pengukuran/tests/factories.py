from decimal import Decimal

import factory

from sakip.pengukuran.models import Realisasi
from sakip.perencanaan.tests.factories import IndikatorFactory


class RealisasiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Realisasi

    indikator = factory.SubFactory(IndikatorFactory)
    tahun = 2025
    periode = "tahunan"
    nilai = Decimal("72")
    status = Realisasi.Status.DITERIMA
