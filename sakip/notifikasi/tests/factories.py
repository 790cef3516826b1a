import factory

from sakip.notifikasi.models import Notifikasi
from sakip.organisasi.tests.factories import PenggunaFactory


class NotifikasiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notifikasi

    penerima = factory.SubFactory(PenggunaFactory)
    judul = factory.Sequence(lambda n: f"Notifikasi {n}")
    pesan = "Isi pesan."
    tautan = "/pengukuran/dasbor/"
