"""Reading the keuangan page as a browser does, so that a test posts what a
browser would: every input of the form with its value, plus the changes that
the test passes."""

from html.parser import HTMLParser

from django.urls import reverse


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name"):
            self.values[attributes["name"]] = attributes.get("value") or ""


def keuangan_url(elemen) -> str:
    return reverse("anggaran:keuangan_edit", kwargs={"pk": elemen.pk})


def form_values(html: str) -> dict[str, str]:
    """Return every named input of ``html`` with its value."""
    parser = _Inputs()
    parser.feed(html)
    return parser.values


def load_keuangan(client, elemen) -> dict[str, str]:
    """Open the keuangan page of ``elemen`` and return its inputs."""
    return form_values(client.get(keuangan_url(elemen)).content.decode())


def post_keuangan(client, elemen, loaded: dict[str, str] | None = None, **fields):
    """Post the keuangan page of ``elemen`` with ``fields`` changed: on the
    inputs ``loaded`` earlier, or else on those of the page opened now."""
    if loaded is None:
        loaded = load_keuangan(client, elemen)
    return client.post(keuangan_url(elemen), {**loaded, **fields})
