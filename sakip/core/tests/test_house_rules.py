"""House rules of the code base, checked on every model."""

from django.apps import apps
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
            "pengukuran",
        }
        and not model.__name__.startswith("Historical")
        and model.__name__ not in {"Pengguna", "NomenklaturVersi", "Nomenklatur"}
        and not hasattr(model, "history")
    ]

    assert without_history == []
