import factory

from sakip.organisasi.models import Pengguna, Peran, Unit


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("kode",)

    kode = factory.Sequence(lambda n: f"OPD-{n}")
    nama = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    jenis = Unit.Jenis.PERANGKAT_DAERAH
    induk = factory.LazyFunction(
        lambda: UnitFactory(
            kode="PEMDA", nama="Kabupaten Contoh", jenis="pemda", induk=None
        )
    )


class PenggunaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pengguna
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    peran = Peran.OPERATOR_OPD
    password = factory.PostGenerationMethodCall("set_password", "rahasia-uji-123")

    @factory.post_generation
    def simpan(obj, create, extracted, **kwargs):
        if create:
            obj.save()
