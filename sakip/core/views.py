from decimal import Decimal

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseRedirect,
)
from django.shortcuts import redirect
from django.template import loader
from django.views.defaults import bad_request as django_bad_request

from sakip.core.angka import format_angka

MEBIBYTE = 1024 * 1024


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


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Render the 400 page, or for a form whose data passes
    DATA_UPLOAD_MAX_MEMORY_SIZE a page that explains the error and gives the limit.

    Like Django's own handler it renders without a request context, because
    the request may be what failed.
    """
    if not isinstance(exception, RequestDataTooBig):
        return django_bad_request(request, exception)
    batas = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    context = {
        "batas_mb": format_angka(Decimal(batas) / MEBIBYTE, 1) if batas else "",
        "batas_byte": format_angka(Decimal(batas), 0) if batas else "",
    }
    html = loader.get_template("core/data_terlalu_besar.html").render(context)
    response = HttpResponseBadRequest(html)
    # 413 Content Too Large names the error more precisely than 400.
    response.status_code = 413
    return response
