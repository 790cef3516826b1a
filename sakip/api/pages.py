"""The page where a user creates and revokes their API token.

The token is shown once, in the response to its creation. Afterwards the
page shows only that a token exists and since when.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from . import services


@login_required
def token_detail(request: HttpRequest) -> HttpResponse:
    token = Token.objects.filter(user=request.user).only("created").first()
    return render(request, "api/token_detail.html", {"token": token})


@never_cache
@require_POST
@login_required
def token_buat(request: HttpRequest) -> HttpResponse:
    token = services.token_buat(user=request.user)

    # Rendered, not redirected: the key leaves the server this once, in a
    # response that no cache keeps.
    context = {"token": token, "kunci_baru": token.key}
    return render(request, "api/token_detail.html", context)


@require_POST
@login_required
def token_cabut(request: HttpRequest) -> HttpResponse:
    if services.token_cabut(user=request.user):
        messages.success(
            request,
            _("Token API dicabut. Aplikasi yang memakainya ditolak mulai kini."),
        )
    return redirect("api:token_detail")
