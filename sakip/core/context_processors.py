from django.http import HttpRequest

from sakip.organisasi.models import Pengaturan, Unit


def pemda(request: HttpRequest) -> dict:
    """Put the Pemda's name on every page, for the header and the title."""
    pengaturan = Pengaturan.objects.filter(pk=1).only("nama_pemda").first()
    nama = pengaturan.nama_pemda if pengaturan else ""
    if not nama:
        unit = Unit.objects.filter(jenis=Unit.Jenis.PEMDA).only("nama").first()
        nama = unit.nama if unit else ""
    return {"nama_pemda": nama}
