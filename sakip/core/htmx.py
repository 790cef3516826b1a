"""The one place that decides whether a request gets a whole page or a fragment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def is_htmx_partial(request: HttpRequest) -> bool:
    """Whether ``request`` is for a fragment: an HTMX request that is neither
    boosted nor a history restore, both of which need the whole page."""
    htmx = getattr(request, "htmx", None)
    if not htmx:
        return False
    return not htmx.boosted and not htmx.history_restore_request


def render_page_or_partial(
    request: HttpRequest,
    *,
    template_name: str,
    partial_name: str,
    context: Mapping[str, Any],
) -> HttpResponse:
    """Render the fragment ``partial_name`` for HTMX, else the whole page.

    The response varies on the HX-Request header, so that a cache never serves
    a fragment where a page was asked for, or the other way round.
    """
    name = partial_name if is_htmx_partial(request) else template_name
    response = render(request, name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
