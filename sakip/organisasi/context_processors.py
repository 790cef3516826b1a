from django.http import HttpRequest

from sakip.organisasi.models import Pengaturan, Unit


def pemda(request: HttpRequest) -> dict:
    """Put the Pemda's name and the current page's URL name on every page,
    for the header, the title and the navbar."""
    # Read once per request: a page that renders a panel per row (the LKE
    # sheet) runs the context processors once per panel.
    nama = getattr(request, "_sakip_nama_pemda", None)
    if nama is None:
        nama = _nama_pemda()
        request._sakip_nama_pemda = nama
    # An error page (404, 500) has no resolver match, and the navbar must
    # still render there.
    match = request.resolver_match
    namespace = (match.namespace or "") if match else ""
    url_name = (match.url_name or "") if match else ""
    return {
        "nama_pemda": nama,
        "nav_namespace": namespace,
        "nav_url_name": url_name,
        "nav_aktif": f"{namespace}:{url_name}" if match else "",
    }


def _nama_pemda() -> str:
    pengaturan = Pengaturan.objects.filter(pk=1).only("nama_pemda").first()
    nama = pengaturan.nama_pemda if pengaturan else ""
    if not nama:
        unit = Unit.objects.filter(jenis=Unit.Jenis.PEMDA).only("nama").first()
        nama = unit.nama if unit else ""
    return nama
