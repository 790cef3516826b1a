"""The browser setup works on its own: Chromium renders a page from loopback.

These tests need no database and no Django page, so they show whether the
browser fixtures and the vendored front-end files work before blaming the
application.
"""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

VENDOR_DIR = Path(__file__).resolve().parents[1] / "static" / "vendor"

PAGE_HTML = """<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><title>Uji asap SAKIP</title></head>
<body>
<h1 id="judul">Skrip belum berjalan</h1>
<script>document.getElementById("judul").textContent = "Skrip berjalan";</script>
{extra}
</body>
</html>
"""
# 127.0.0.2 is a loopback address too, but the page fixture allows only
# 127.0.0.1, localhost and ::1, so this image stands for any other host.
OTHER_HOST_IMAGE = '<img src="http://127.0.0.2:9/logo.png" alt="">'
VENDOR_TAGS = """
<link rel="stylesheet" href="/bootstrap/bootstrap.min.css">
<p id="tersembunyi" class="d-none">x</p>
<script src="/htmx/htmx.min.js"></script>
<script src="/bootstrap/bootstrap.bundle.min.js"></script>
<script src="/chartjs/chart.umd.min.js"></script>
"""
PAGES = {"/": "", "/other-host": OTHER_HOST_IMAGE, "/vendor": VENDOR_TAGS}


class PageHandler(SimpleHTTPRequestHandler):
    """Serves the pages in PAGES, and any other path from VENDOR_DIR."""

    def do_GET(self):
        if self.path not in PAGES:
            super().do_GET()
            return
        body = PAGE_HTML.format(extra=PAGES[self.path]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


def vendored_version(folder):
    """The version on the first line of a vendored folder's VERSION file."""
    first_line = (VENDOR_DIR / folder / "VERSION").read_text().splitlines()[0]
    return first_line.split()[1]


@pytest.fixture
def static_server():
    """A plain HTTP server on 127.0.0.1 and a free port, given as its base URL."""
    handler = functools.partial(PageHandler, directory=VENDOR_DIR)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_chromium_renders_page(page, static_server):
    page.goto(static_server + "/")

    assert page.title() == "Uji asap SAKIP"
    assert page.locator("#judul").text_content() == "Skrip berjalan"


@pytest.mark.browser
def test_page_blocks_other_hosts(page, static_server, blocked_requests):
    page.goto(static_server + "/other-host")

    assert blocked_requests == ["http://127.0.0.2:9/logo.png"]
    # Emptied so that the page fixture does not fail this test at teardown.
    blocked_requests.clear()


@pytest.mark.browser
def test_vendored_files_load(page, static_server):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(static_server + "/vendor")
    versions = page.evaluate(
        "() => ({htmx: htmx.version, bootstrap: bootstrap.Modal.VERSION,"
        " chartjs: Chart.version})"
    )

    assert errors == []
    assert versions["htmx"] == vendored_version("htmx")
    assert versions["bootstrap"] == vendored_version("bootstrap")
    assert versions["chartjs"] == vendored_version("chartjs")
    assert page.locator("#tersembunyi").is_hidden()
