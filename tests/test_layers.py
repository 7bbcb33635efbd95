"""The layer rules (README, "How it is built"), checked by walking each module's imports (ast)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
            names.add(node.module)
    return names


def _modules(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((ROOT / folder).rglob("*.py"))]


def _top(names: set[str]) -> set[str]:
    return {n.split(".")[0] for n in names}


STDLIB_AND_PYDANTIC = {
    "__future__",
    "pydantic",
    "pydantic_core",
    "typing",
    "enum",
    "datetime",
    "re",
    "unicodedata",
    "collections",
    "contextlib",
    "contextvars",
    "dataclasses",
    "annotated_types",
}


@pytest.mark.parametrize("path", _modules("schemas"), ids=lambda p: p.name)
def test_schemas_import_only_pydantic_and_the_standard_library(path: Path) -> None:
    assert _top(_imports(path)) - {"schemas"} <= STDLIB_AND_PYDANTIC


@pytest.mark.parametrize(
    "path", _modules("timeline", "synthetic", "schemas"), ids=lambda p: str(p.relative_to(ROOT))
)
def test_only_the_store_imports_sqlalchemy_and_only_pages_import_dash(path: Path) -> None:
    imported = _top(_imports(path))
    relative = path.relative_to(ROOT).as_posix()
    if not relative.startswith("timeline/store/"):
        assert not imported & {"sqlalchemy", "alembic"}, relative
    if not relative.startswith("timeline/pages/"):
        assert "dash" not in imported, relative


@pytest.mark.parametrize("folder", ["timeline/figures", "timeline/cycles"])
def test_pure_layers_touch_neither_dash_nor_the_database(folder: str) -> None:
    for path in _modules(folder):
        assert not _top(_imports(path)) & {"dash", "sqlalchemy", "flask", "timeline"} - {
            "timeline"
        }, path
        assert not {
            n
            for n in _imports(path)
            if n.startswith(("timeline.store", "timeline.pages", "timeline.service"))
        }, path


def test_app_py_defines_create_app_and_server_only() -> None:
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert defined == {"create_app", "__getattr__"}


def test_no_catch_all_utils_module_and_modules_stay_small() -> None:
    for path in _modules("timeline", "schemas", "synthetic"):
        assert path.stem not in {"utils", "helpers", "misc"}, path
        assert len(path.read_text(encoding="utf-8").splitlines()) < 400, path


def test_no_file_cites_a_folder_outside_the_repository() -> None:
    """The docs stand alone: the file format, the rules and the published figures are defined in
    docs/ (file-format.md, cycles.md, figures.md), never by a path outside the repository."""
    import subprocess

    outside = ("shared" + "/spec", "shared" + "/domain", "/" + "work/")
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout: no list of the repository's files")
    found = []
    for name in filter(None, listed.stdout.split("\0")):
        path = ROOT / name
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):  # binary (screenshots) or deleted in the work tree
            continue
        found += [f"{name}: {cited}" for cited in outside if cited in text]
    assert not found, found
