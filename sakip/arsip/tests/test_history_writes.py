"""No code path changes an audited model in bulk without writing its history.

``QuerySet.update()``, ``bulk_update()`` and ``bulk_create()`` skip
``save()``, so django-simple-history records nothing. The test reads every
module of the project and lists each such call on an audited model's
manager (or on a model held in a variable); each one must be in ALLOWED with
the reason its history is safe.
"""

import ast
from pathlib import Path

import pytest

from sakip.arsip.selectors import audited_models

ROOT = Path(__file__).resolve().parents[2]
BULK_METHODS = {"update", "bulk_update", "bulk_create"}

# (module, enclosing function): why the history is not lost there.
ALLOWED = {
    # The generated province of `sakip generate_demo` and the benchmarks is
    # written in bulk into a database that has no Pemda yet, so it has no
    # earlier state whose change a history row would record.
    **{
        ("bukukerja/provinsi.py", function): "generated data for an empty database"
        for function in (
            "build_provinsi",
            "_adopt_plans",
            "_yearly_documents",
            "_quarterly_targets_and_realisasi",
            "_budget",
            "rpjmd",
            "renstra",
            "flush",
            "realisasi_renstra",
        )
    },
    ("perencanaan/services.py", "_change_status"): (
        "conditional UPDATE against double submits; bulk_history_create follows"
    ),
    ("perencanaan/services.py", "_change_publikasi"): (
        "conditional UPDATE against double submits; bulk_history_create follows"
    ),
    ("perjanjian/services.py", "pk_tandatangani"): (
        "conditional UPDATE against double submits; the signing writes its "
        "history rows by hand after it"
    ),
    ("perjanjian/services.py", "_store_berkas"): (
        "sets the stored PDF's name inside the signing, whose one history "
        "record is written by the caller"
    ),
    ("pelaksanaan/services.py", "rencana_aksi_tetapkan"): (
        "conditional UPDATE against double submits; bulk_history_create follows"
    ),
    ("bukukerja/writer.py", "_insert"): (
        "workbook import; every caller passes the rows to _history"
    ),
    ("bukukerja/writer.py", "_save_changes"): (
        "workbook import; every caller passes the rows to _history"
    ),
    ("bukukerja/writer.py", "_fix_opd"): (
        "workbook import; returns the units it changed, which the caller "
        "passes to _history"
    ),
    # The demo loader fills an empty database once; its rows have no
    # earlier state to record.
    ("bukukerja/demo_siklus.py", "_move_programs_to_renstra"): "demo data only",
    ("bukukerja/demo_siklus.py", "_add_indikator"): "demo data only",
    ("bukukerja/demo_siklus.py", "_fill_dpa"): "demo data only",
}


def _root_and_chain(node: ast.AST) -> tuple[str | None, list[str]]:
    """The name a call chain starts from and the attributes along it."""
    chain = []
    while True:
        if isinstance(node, ast.Attribute):
            chain.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Name):
            return node.id, chain
        else:
            return None, chain


def _bulk_writes(path: Path, audited: set[str]):
    tree = ast.parse(path.read_text(), filename=str(path))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in BULK_METHODS
            ):
                continue
            root, chain = _root_and_chain(node.func.value)
            on_manager = "objects" in chain or "_base_manager" in chain
            if not on_manager:
                continue
            model_in_variable = root is not None and root[:1].islower()
            if root in audited or model_in_variable:
                yield function.name, node.lineno, root, node.func.attr


def test_no_bulk_write_skips_history():
    audited = {model.__name__ for model in audited_models()}
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative:
            continue
        if relative.startswith("arsip/backup.py"):
            continue
        for function, line, root, method in _bulk_writes(path, audited):
            if (relative, function) not in ALLOWED:
                found.append(f"{relative}:{line} {function}: {root}….{method}()")

    assert found == [], (
        "These calls change audited rows without writing their history. Use "
        "save(), bulk_create_with_history / bulk_update_with_history, or write "
        "the history by hand and add the place to ALLOWED with the reason: "
        f"{found}"
    )


@pytest.mark.parametrize("key", sorted(ALLOWED))
def test_allowed_place_still_exists(key):
    relative, function = key
    tree = ast.parse((ROOT / relative).read_text())

    names = {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }

    assert function in names
