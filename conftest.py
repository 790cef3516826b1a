"""Fixtures for the browser tests: Playwright driving a headless Chromium.

Playwright cannot download its own browser here, so the tests drive Debian's
Chromium at /usr/bin/chromium, which ``scripts/setup.sh --test`` installs.
``SAKIP_CHROMIUM`` names another binary. A missing browser fails the tests
instead of skipping them. Mark browser tests with ``@pytest.mark.browser``.

A page may load only from loopback: a request to any other host is aborted and
fails the test, so a page that needs a CDN or the internet cannot pass.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, settings

# The property tests check results, not speed. On a machine shared with other
# work, input generation and single examples are sometimes slower than
# Hypothesis's defaults allow, which failed correct tests at random.
settings.register_profile(
    "sakip", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("sakip")

CHROMIUM = Path(os.environ.get("SAKIP_CHROMIUM", "/usr/bin/chromium"))
# Without the networking flags Chromium keeps trying to reach Google's hosts,
# which a closed network refuses. --no-sandbox is needed to run as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Playwright's default is 30 s. A page served from loopback needs far less, so
# a missing element fails the test sooner.
DEFAULT_TIMEOUT_MS = 10_000
SCREENSHOT_DIR = Path(__file__).resolve().parent / "test-results"

failed_key = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Record whether the test body failed, for the ``page`` fixture."""
    report = yield
    if report.when == "call":
        item.stash[failed_key] = report.failed
    return report


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium shared by the whole session.

    Playwright's ``launch`` gives the browser a new, empty profile in a
    temporary directory and deletes it when the browser closes.
    """
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install it with "
            "'apt-get install chromium' or run 'scripts/setup.sh --test'.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio event loop in this thread, and
    # Django rejects database calls from such a thread unless this is set.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def blocked_requests() -> list[str]:
    """URLs that the current test's page requested from non-loopback hosts."""
    return []


@pytest.fixture
def page(browser, blocked_requests, request):
    """A page in a new browser context, in Indonesian and Jakarta time.

    When the test fails, a screenshot is saved under test-results/.
    """
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)

    def allow_loopback_only(route):
        if urlsplit(route.request.url).hostname in LOOPBACK_HOSTS:
            route.continue_()
        else:
            blocked_requests.append(route.request.url)
            route.abort()

    context.route("**/*", allow_loopback_only)
    page = context.new_page()
    yield page

    if request.node.stash.get(failed_key, False):
        SCREENSHOT_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=SCREENSHOT_DIR / f"{name}.png", full_page=True)
    context.close()
    if blocked_requests:
        pytest.fail(
            "The page requested hosts outside loopback, which were blocked: "
            + ", ".join(blocked_requests),
            pytrace=False,
        )


@pytest.fixture
def live_url(live_server) -> str:
    """The base URL of pytest-django's live server, e.g. http://127.0.0.1:40123.

    pyproject.toml passes --liveserver=127.0.0.1, so it listens on loopback.
    """
    return live_server.url
