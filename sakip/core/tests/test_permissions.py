"""Every URL of the project, opened by every user of the cast.

The test walks the resolver, so a new URL is checked as soon as it exists,
and fails until ``url_cases`` below gives the values of its parameters. For each
URL it opens a Pemda-wide object (or the page itself when it takes no
object), one of Dinas A and one of Dinas B, and expects:

- anonymous: a redirect to the login (except the login page itself);
- a user of one OPD (ani, budi, kadis, vino of Dinas A; citra of Dinas B):
  200 on Pemda-wide objects and their own OPD's, 404 on the other OPD's;
- admin, vera (verifikator of Bappeda), evi (evaluator), bupati: 200 everywhere;
- Admin Bappeda pages: 200 for admin, 403 for everyone else;
- pages that create an object: 200 for admin and the Operator OPD, 403 for
  everyone else;
- pages that manage evaluations: 200 for admin and evi (evaluator), 403 for
  other users who may see the object, 404 where they may not;
- edit pages: 200 for admin, and for an Operator OPD on their own OPD's
  objects; 403 for other users who may see the object, 404 where they may not.
"""

from __future__ import annotations

import importlib

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sakip.bukukerja.models import ImporBukuKerja
from sakip.core.tests.permission_cases import (
    ADMIN,
    CREATE,
    EVALUATOR,
    POST_ONLY,
    PUBLIC,
    READ,
    Case,
)

SKIPPED_NAMESPACES = {"admin"}
# Each app lists its URLs in ``tests/permission_cases.py``: ``url_cases(objects)``
# gives, per URL name, the kind of page and the keyword arguments of one
# object per scope.
CASE_MODULES = [
    "sakip.core.tests.permission_cases",
    "sakip.organisasi.tests.permission_cases",
    "sakip.notifikasi.tests.permission_cases",
    "sakip.perencanaan.tests.permission_cases",
    "sakip.tahunan.tests.permission_cases",
    "sakip.perjanjian.tests.permission_cases",
    "sakip.pelaksanaan.tests.permission_cases",
    "sakip.anggaran.tests.permission_cases",
    "sakip.pengukuran.tests.permission_cases",
    "sakip.pelaporan.tests.permission_cases_lkjip",
    "sakip.pelaporan.tests.permission_cases_evaluasi",
    "sakip.evaluasi.tests.permission_cases_penilaian",
    "sakip.evaluasi.tests.permission_cases_hasil",
    "sakip.arsip.tests.permission_cases",
    "sakip.portal.tests.permission_cases",
    "sakip.api.tests.permission_cases",
    "sakip.bukukerja.tests.permission_cases",
]

# The OPD whose rows each user of one OPD may see; users not listed see all.
OWN_OPD = {"ani": "a", "budi": "a", "kadis": "a", "vino": "a", "citra": "b"}
# Users who may change their own OPD's drafts (besides admin, who may change
# everything).
EDITORS = {"ani", "budi", "citra"}
# Users who may manage evaluations and write recommendations.
EVALUATORS = {"admin", "evi"}
USERS = [
    None,
    "admin",
    "ani",
    "budi",
    "citra",
    "kadis",
    "vera",
    "vino",
    "evi",
    "bupati",
]


@pytest.fixture
def objects(rencana, opd_a, opd_b):
    """The ``rencana`` plan, both OPD and a workbook import, by name."""
    impor = ImporBukuKerja.objects.create(
        nama_berkas="uji.xlsx", berkas="bukukerja/uji.xlsx"
    )
    return {**rencana, "opd_a": opd_a, "opd_b": opd_b, "impor": impor}


def url_cases(objects: dict) -> dict[str, Case]:
    """Every app's cases, merged; a URL listed twice is an error."""
    merged: dict[str, Case] = {}
    for module_name in CASE_MODULES:
        module = importlib.import_module(module_name)
        for name, case in module.url_cases(objects).items():
            assert name not in merged, f"{name} is listed twice"
            merged[name] = case
    return merged


def project_urls() -> list[tuple[str | None, str]]:
    """List (name, route) of every URL pattern, except the skipped namespaces
    and the static and media files."""
    skipped_prefixes = tuple(
        prefix.lstrip("/")
        for prefix in (settings.STATIC_URL, settings.MEDIA_URL)
        if prefix
    )

    def walk(patterns, namespace: str | None, prefix: str):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in SKIPPED_NAMESPACES:
                    continue
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                yield from walk(
                    pattern.url_patterns, inner or None, prefix + str(pattern.pattern)
                )
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if route.lstrip("^").startswith(skipped_prefixes):
                    continue
                name = pattern.name
                if name and namespace:
                    name = f"{namespace}:{name}"
                yield name, route

    return list(walk(get_resolver().url_patterns, None, ""))


def expected_status(username: str | None, name: str, kind: str, scope: str):
    """The outcome a user should get on a GET of a page of that kind."""
    if kind == POST_ONLY:
        return 405
    if username is None:
        return 200 if kind == PUBLIC else "login"
    if kind == PUBLIC:
        return 200
    if kind == ADMIN:
        return 200 if username == "admin" else 403
    own = OWN_OPD.get(username)
    visible = scope == "pemda" or own is None or own == scope
    if not visible:
        return 404
    if kind == READ:
        return 200
    if kind == CREATE:
        return 200 if username == "admin" or username in EDITORS else 403
    if kind == EVALUATOR:
        return 200 if username in EVALUATORS else 403
    # EDIT: admin everywhere; an editor only on their own OPD's objects.
    if username == "admin":
        return 200
    if username in EDITORS and scope == own:
        return 200
    return 403


def describe(response) -> int | str:
    """The outcome of a request, in the terms of ``expected_status``."""
    login_url = reverse("login")
    if response.status_code == 302 and response.url.startswith(login_url):
        return "login"
    if response.status_code == 302:
        return f"302 to {response.url}"
    return response.status_code


def test_every_url_has_cases(objects):
    cases = url_cases(objects)

    unknown = [(name, route) for name, route in project_urls() if name not in cases]

    assert unknown == [], (
        "These URL patterns have no entry in url_cases() of test_permissions.py; "
        "add one with a Pemda-wide object and an object of each OPD: "
        f"{unknown}"
    )


def test_every_case_is_a_url(objects):
    names = {name for name, _route in project_urls()}

    stale = sorted(set(url_cases(objects)) - names)

    assert stale == []


@pytest.mark.parametrize("username", USERS, ids=lambda name: name or "anonim")
def test_url_access(client, cast, objects, username):
    if username is not None:
        client.force_login(cast[username])
    cases = url_cases(objects)

    mismatches = []
    for name, _route in project_urls():
        case = cases.get(name)
        if case is None:
            continue
        for scope, kwargs in case.scopes.items():
            url = reverse(name, kwargs=kwargs)
            expected = expected_status(username, name, case.kind, scope)
            # A page may redirect a logged-in user to another page they may
            # see (the Pemda dashboard sends an OPD user to their OPD's).
            follow = expected == 200
            response = client.get(url, follow=follow)
            actual = describe(response)
            if follow and actual == 200 and response.redirect_chain:
                final = response.redirect_chain[-1][0]
                if final.startswith(reverse("login")):
                    actual = "login"
            if actual != expected:
                mismatches.append(
                    f"{name} [{scope}] {url}: {actual}, expected {expected}"
                )

    assert mismatches == []
