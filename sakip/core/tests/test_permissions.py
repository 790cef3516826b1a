"""Every URL of the project, opened by every user of the cast.

The test walks the resolver, so a new URL is checked as soon as it exists,
and fails until ``url_cases`` below gives the values of its parameters. For each
URL it opens a Pemda-wide object (or the page itself when it takes no
object), one of Dinas A and one of Dinas B, and expects:

- anonymous: a redirect to the login (except the login page itself);
- a user of one OPD (ani, budi, kadis, vino of Dinas A; citra of Dinas B):
  200 on Pemda-wide objects and their own OPD's, 404 on the other OPD's;
- admin, vera (verifikator of Bappeda), evi (evaluator), bupati: 200 everywhere;
- Admin Bappeda pages: 200 for admin, 403 for everyone else.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sakip.bukukerja.models import ImporBukuKerja

SKIPPED_NAMESPACES = {"admin"}
PUBLIC = {"login"}
# LogoutView returns 405 Method Not Allowed for GET, logged in or not.
POST_ONLY = {"logout"}
# Pages for Admin Bappeda only, because the workbook holds every OPD's rows.
ADMIN_ONLY = {
    "bukukerja:impor_create",
    "bukukerja:impor_detail",
    "bukukerja:impor_progres",
    "bukukerja:ekspor",
}

# The OPD whose rows each user of one OPD may see; users not listed see all.
OWN_OPD = {"ani": "a", "budi": "a", "kadis": "a", "vino": "a", "citra": "b"}
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


def url_cases(objects: dict) -> dict[str, dict[str, dict]]:
    """For each URL name, the keyword arguments of one object per scope:
    "pemda" for a Pemda-wide object (or none), "a" and "b" for each OPD's."""
    return {
        "login": {"pemda": {}},
        "logout": {"pemda": {}},
        "beranda": {"pemda": {}},
        "perencanaan:dokumen_list": {"pemda": {}},
        "perencanaan:dokumen_detail": {
            "pemda": {"pk": objects["rpjmd"].pk},
            "a": {"pk": objects["renstra_a"].pk},
            "b": {"pk": objects["renstra_b"].pk},
        },
        "perencanaan:elemen_detail": {
            "pemda": {"pk": objects["sasaran"].pk},
            "a": {"pk": objects["sasaran_a"].pk},
            "b": {"pk": objects["sasaran_b"].pk},
        },
        "perencanaan:indikator_detail": {
            "pemda": {"pk": objects["iku"].pk},
            "a": {"pk": objects["indikator_a"].pk},
            "b": {"pk": objects["indikator_b"].pk},
        },
        "pengukuran:dasbor_pemda": {"pemda": {}},
        "pengukuran:dasbor_opd": {
            "a": {"pk": objects["opd_a"].pk},
            "b": {"pk": objects["opd_b"].pk},
        },
        "bukukerja:impor_create": {"pemda": {}},
        "bukukerja:impor_detail": {"pemda": {"pk": objects["impor"].pk}},
        "bukukerja:impor_progres": {"pemda": {"pk": objects["impor"].pk}},
        "bukukerja:ekspor": {"pemda": {}},
    }


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


def expected_status(username: str | None, name: str, scope: str) -> int | str:
    if name in POST_ONLY:
        return 405
    if username is None:
        return 200 if name in PUBLIC else "login"
    if name in ADMIN_ONLY:
        return 200 if username == "admin" else 403
    own = OWN_OPD.get(username)
    if scope == "pemda" or own is None or own == scope:
        return 200
    return 404


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
        for scope, kwargs in cases.get(name, {}).items():
            url = reverse(name, kwargs=kwargs)
            expected = expected_status(username, name, scope)
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
