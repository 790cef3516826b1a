"""House rules of the code base, checked on every model and module."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models


def _project_models():
    for model in apps.get_models():
        if model.__module__.startswith("sakip."):
            yield model


def test_no_float_field_in_any_model():
    floats = [
        f"{model.__name__}.{field.name}"
        for model in _project_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FloatField)
    ]

    assert floats == []


def test_every_model_has_a_docstring():
    undocumented = [
        model.__name__
        for model in _project_models()
        if not model.__name__.startswith("Historical")
        and (not model.__doc__ or model.__doc__.startswith(model.__name__ + "("))
    ]

    assert undocumented == []


def test_planning_and_measurement_models_keep_history():
    without_history = [
        model.__name__
        for model in _project_models()
        if model._meta.app_label
        in {
            "organisasi",
            "referensi",
            "perencanaan",
            "tahunan",
            "anggaran",
            "perjanjian",
            "pelaksanaan",
            "pengukuran",
            "pelaporan",
            "evaluasi",
        }
        and not model.__name__.startswith("Historical")
        # The budget table frozen when a PK is signed is written once and
        # never changed, so it has no history to keep. A batch of generated
        # LKjIP is a background job's progress, not data of the cycle.
        and model.__name__
        not in {
            "Pengguna",
            "NomenklaturVersi",
            "Nomenklatur",
            "BarisAnggaranPK",
            "PaketLaporanKinerja",
        }
        and not hasattr(model, "history")
    ]

    assert without_history == []


def _cycle_apps() -> list[str]:
    """The project's apps in INSTALLED_APPS order, the order of the cycle."""
    return [
        name.removeprefix("sakip.")
        for name in settings.INSTALLED_APPS
        if name.startswith("sakip.")
    ]


def _imported_apps(path: Path) -> set[str]:
    """The project apps that the module at ``path`` imports by absolute name
    when it runs (imports for type checkers only do not count)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            node.body = []
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if len(parts) > 1 and parts[0] == "sakip":
                found.add(parts[1])
    return found


def test_apps_import_only_earlier_stages():
    order = _cycle_apps()
    root = Path(apps.get_app_config("core").path).parent
    later = []
    for position, app in enumerate(order):
        for path in (root / app).rglob("*.py"):
            if "tests" in path.relative_to(root / app).parts:
                continue
            for imported in _imported_apps(path):
                if imported in order and order.index(imported) > position:
                    later.append(f"{path.relative_to(root)} imports sakip.{imported}")

    assert later == []
