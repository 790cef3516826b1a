from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import services
from .models import Notifikasi, validate_tautan

PER_HALAMAN = 25


@login_required
def notifikasi_list(request: HttpRequest) -> HttpResponse:
    notifikasi = Notifikasi.objects.milik(request.user).only(
        "judul", "pesan", "tautan", "dibuat_pada", "dibaca_pada"
    )
    halaman = Paginator(notifikasi, PER_HALAMAN).get_page(request.GET.get("halaman"))
    # The page's "tandai semua dibaca" button shows when the navbar's unread
    # count (context_processors.notifikasi) is not empty.
    return render(request, "notifikasi/notifikasi_list.html", {"halaman": halaman})


@require_POST
@login_required
def notifikasi_buka(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to its page, or back to the list."""
    notifikasi = get_object_or_404(Notifikasi.objects.milik(request.user), pk=pk)

    services.notifikasi_tandai_dibaca(notifikasi=notifikasi)

    # The service checks tautan, but a row written another way (the admin
    # site, a shell) is checked again before anyone is sent there.
    try:
        validate_tautan(notifikasi.tautan)
    except ValidationError:
        return redirect("notifikasi:notifikasi_list")
    return redirect(notifikasi.tautan or "notifikasi:notifikasi_list")


@require_POST
@login_required
def notifikasi_baca_semua(request: HttpRequest) -> HttpResponse:
    jumlah = services.notifikasi_tandai_semua_dibaca(pengguna=request.user)

    messages.success(
        request,
        ngettext(
            "%(jumlah)d notifikasi ditandai dibaca.",
            "%(jumlah)d notifikasi ditandai dibaca.",
            jumlah,
        )
        % {"jumlah": jumlah},
    )
    return redirect("notifikasi:notifikasi_list")
