from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from sakip.core import extensions

TEST_TEMPLATES = Path(__file__).parent / "templates"
PANEL = "core_tests/panel.html"


@pytest.fixture
def test_templates(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [TEST_TEMPLATES]},
    ]


@pytest.fixture
def slot():
    """A slot of its own for each test, emptied afterwards."""
    name = "slot_uji"
    yield name
    extensions._panels.pop(name, None)


def render_slot(slot, obj, user):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load sakip_extensions %}{% render_panels slot obj %}")
    return template.render(Context({"slot": slot, "obj": obj, "request": request}))


def test_render_panels_renders_registered_panel(test_templates, slot, ani):
    extensions.register_panel(
        slot, template_name=PANEL, get_context=lambda request, obj: {"pesan": "halo"}
    )

    html = render_slot(slot, "objek", ani)

    assert '<p class="panel-uji">objek / halo / ani</p>' in html


def test_render_panels_empty_slot(slot, ani):
    html = render_slot(slot, "objek", ani)

    assert html == ""


def test_register_panel_twice_keeps_one(slot):
    for _ in range(2):
        extensions.register_panel(slot, template_name=PANEL, get_context=dict)

    assert len(extensions.get_panels(slot)) == 1


def test_panels_render_by_order(slot):
    extensions.register_panel(slot, template_name="b.html", get_context=dict, order=20)
    extensions.register_panel(slot, template_name="a.html", get_context=dict, order=10)

    names = [panel.template_name for panel in extensions.get_panels(slot)]

    assert names == ["a.html", "b.html"]


def test_unregister_panel(slot):
    extensions.register_panel(slot, template_name=PANEL, get_context=dict)

    extensions.unregister_panel(slot, template_name=PANEL)

    assert extensions.get_panels(slot) == []


def test_pengukuran_registers_capaian_panel():
    names = [p.template_name for p in extensions.get_panels("indikator_detail")]

    assert "pengukuran/partials/panel_capaian_indikator.html" in names
