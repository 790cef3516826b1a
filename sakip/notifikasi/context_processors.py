from collections.abc import Callable
from functools import cache

from django.http import HttpRequest

from .models import Notifikasi

# The badge shows "99+" above this many, so the count never scans more rows.
BADGE_MAX = 99


def notifikasi(request: HttpRequest) -> dict[str, Callable[[], str]]:
    """Put the navbar badge's text on every page: the user's unread count,
    "99+" above 99, or "" for none or for a page without a logged-in user.

    The value is a callable, which the template calls when the navbar shows
    it, so a page or fragment without the navbar runs no query.
    """

    @cache
    def belum_dibaca() -> str:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return ""
        unread = Notifikasi.objects.milik(user).belum_dibaca().order_by()
        jumlah = unread[: BADGE_MAX + 1].count()
        if jumlah > BADGE_MAX:
            return f"{BADGE_MAX}+"
        return str(jumlah) if jumlah else ""

    return {"notifikasi_belum_dibaca": belum_dibaca}
