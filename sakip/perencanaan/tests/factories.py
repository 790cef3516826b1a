from decimal import Decimal

import factory

from sakip.organisasi.tests.factories import UnitFactory
from sakip.perencanaan.models import Dokumen, Elemen, Indikator, Target, TautanElemen


class DokumenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dokumen

    kode = factory.Sequence(lambda n: f"DOK-{n}")
    jenis = Dokumen.Jenis.RENSTRA
    unit = factory.SubFactory(UnitFactory)
    nama = factory.LazyAttribute(lambda o: f"{o.jenis} {o.unit.nama}")
    tahun_awal = 2025
    tahun_akhir = 2029


class ElemenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Elemen

    kode = factory.Sequence(lambda n: f"EL-{n}")
    dokumen = factory.SubFactory(DokumenFactory)
    jenis = Elemen.Jenis.SASARAN
    uraian = factory.Sequence(lambda n: f"Sasaran contoh {n}")


class TautanElemenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TautanElemen

    dari = factory.SubFactory(ElemenFactory)
    ke = factory.SubFactory(ElemenFactory)
    jenis = TautanElemen.Jenis.MENDUKUNG


class IndikatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indikator

    kode = factory.Sequence(lambda n: f"IND-{n}")
    elemen = factory.SubFactory(ElemenFactory)
    uraian = factory.Sequence(lambda n: f"Persentase contoh {n}")
    satuan = "%"
    polaritas = Indikator.Polaritas.POSITIF


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indikator = factory.SubFactory(IndikatorFactory)
    dokumen = factory.LazyAttribute(lambda o: o.indikator.elemen.dokumen)
    tahun = 2025
    periode = "tahunan"
    nilai = Decimal("80")
