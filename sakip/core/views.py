from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect


def beranda(request: HttpRequest) -> HttpResponseRedirect:
    """Send a logged-in user to the Pemda dashboard, anyone else to the login."""
    if request.user.is_authenticated:
        return redirect("pengukuran:dasbor_pemda")
    return redirect("login")
