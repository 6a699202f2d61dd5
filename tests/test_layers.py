"""builder/ is layered (core, rendering, preview, engine adapter, commands) and imports point one way only;
only the engine adapter imports MkDocs (or ProperDocs, Material, watchdog).

The contracts are pyproject.toml's [tool.importlinter]; import-linter reads every import, those inside
functions included.
"""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), str(project / "pyproject.toml"), "--no-cache"],
                          cwd=project, capture_output=True, text=True)


def test_every_import_points_down_the_layers():
    result = lint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("module, added, broken", [
    ("core/model.py", "from builder.rendering import emit", "builder.core.model -> builder.rendering.emit"),
    ("rendering/emit.py", "import mkdocs.structure.pages", "builder.rendering.emit -> mkdocs ("),
])
def test_an_import_against_the_layers_breaks_a_contract(tmp_path, module, added, broken):
    shutil.copytree(REPO / "builder", tmp_path / "builder", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    changed = tmp_path / "builder" / module
    changed.write_text(changed.read_text() + f"\n{added}  # noqa\n")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert broken in result.stdout


def private_names_used(source: str) -> list[str]:
    """Names with a leading underscore taken from another object or module: `server._x`, `import _x`.

    An object's own (`self._x`, `cls._x`) and a module's own (`_x`) are its business; another's are not.
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                found.append(ast.unparse(node))
        elif isinstance(node, ast.ImportFrom) and node.module and not node.module.startswith("builder"):
            found += [f"{node.module}.{alias.name}" for alias in node.names if alias.name.startswith("_")]
    return found


def test_no_private_name_of_mkdocs_or_any_other_library_is_used():
    used = {str(path.relative_to(REPO)): names for path in sorted((REPO / "builder").rglob("*.py"))
            if (names := private_names_used(path.read_text(encoding="utf-8")))}
    assert used == {}


def test_a_private_name_is_found():
    assert private_names_used("server._inject_js_into_html = f") == ["server._inject_js_into_html"]
    assert private_names_used("from mkdocs.commands.build import _build_page") == ["mkdocs.commands.build._build_page"]
    assert private_names_used("self._cache = {}\nclass A:\n    def __init__(self): pass") == []
