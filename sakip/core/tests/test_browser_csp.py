"""Every page works under the Content Security Policy.

Chromium opens each page of the permission matrix that returns HTML, as the
Admin Bappeda (who may open them all), with the policy of the settings. Any
console message of Chromium that names the Content Security Policy, and any
script error, fails the test, so an inline script, an event-handler
attribute, a <style> element or a vendored library that needs eval shows up
here.
"""

import pytest
from django.urls import reverse

from sakip.conftest import PASSWORD
from sakip.core.tests.permission_cases import POST_ONLY
from sakip.core.tests.test_permissions import objects, project_urls, url_cases

__all__ = ["objects"]


def html_pages(cases: dict) -> list[str]:
    """The URLs of every page that a GET may open, for the Pemda's object
    and Dinas A's. Dinas B's pages render the same templates as Dinas A's."""
    urls = []
    for name, _route in project_urls():
        case = cases.get(name)
        if case is None or case.kind == POST_ONLY:
            continue
        for scope, kwargs in case.scopes.items():
            if scope != "b":
                urls.append(reverse(name, kwargs=kwargs))
    return urls


def watch_policy(page) -> list[str]:
    """Collect the policy violations and script errors that the page reports."""
    problems = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            problems.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    return problems


@pytest.mark.browser
def test_login_page_under_csp(page, live_url, transactional_db):
    problems = watch_policy(page)

    response = page.goto(live_url + reverse("login"))

    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert problems == []


@pytest.mark.browser
def test_browsable_api_under_csp(page, live_url, transactional_db, admin, rencana):
    problems = watch_policy(page)
    page.goto(live_url + reverse("login"))
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/pengukuran/**")

    response = page.goto(live_url + reverse("api:indikator_list"))

    assert response.status == 200
    assert "text/html" in response.headers["content-type"]
    assert problems == []


@pytest.mark.browser
def test_django_admin_under_csp(page, live_url, transactional_db, admin):
    admin.is_staff = True
    admin.is_superuser = True
    admin.save()
    problems = watch_policy(page)
    page.goto(live_url + reverse("login"))
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/pengukuran/**")

    for url in [
        reverse("admin:index"),
        reverse("admin:organisasi_pengguna_changelist"),
        reverse("admin:organisasi_pengguna_change", args=[admin.pk]),
        reverse("admin:otp_totp_totpdevice_add"),
    ]:
        response = page.goto(live_url + url)
        assert response.status == 200, url

    assert problems == []


@pytest.mark.browser
def test_every_page_under_csp(page, live_url, transactional_db, admin, objects):
    problems = watch_policy(page)
    page.goto(live_url + reverse("login"))
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/pengukuran/**")

    opened = 0
    for url in html_pages(url_cases(objects)):
        # Downloads (PDF, XLSX, DOCX) are no pages; the request shares the
        # browser's session cookie.
        head = page.request.get(live_url + url, max_redirects=5)
        if not head.headers.get("content-type", "").startswith("text/html"):
            continue
        page.goto(live_url + url, wait_until="load")
        # Give scripts that run on load (charts, HTMX's first requests) time
        # to apply their styles and report.
        page.wait_for_timeout(50)
        opened += 1

    assert opened > 50
    assert problems == []
