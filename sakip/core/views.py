from django.http import HttpRequest, HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import redirect
from django.template import loader


def beranda(request: HttpRequest) -> HttpResponseRedirect:
    """Send a logged-in user to the Pemda dashboard, anyone else to the login."""
    if request.user.is_authenticated:
        return redirect("pengukuran:dasbor_pemda")
    return redirect("login")


def csrf_gagal(request: HttpRequest, reason: str = "") -> HttpResponseForbidden:
    """Render the page of a form whose CSRF token is missing, stale or forged.

    Django's ``CSRF_FAILURE_VIEW``. The reason is not shown, because it
    helps an attacker more than the person who sent an old form again.
    """
    template = loader.get_template("403_csrf.html")
    return HttpResponseForbidden(template.render({}, request))
