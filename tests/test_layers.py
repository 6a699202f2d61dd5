"""builder/ is layered (core, rendering, preview, engine adapter, commands) and imports point one way only.

The contract is pyproject.toml's [tool.importlinter]; import-linter reads every import, those inside
functions included.
"""

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--config", str(project / "pyproject.toml"), "--no-cache"],
                          cwd=project, capture_output=True, text=True)


def test_every_import_points_down_the_layers():
    result = lint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_core_importing_rendering_breaks_the_contract(tmp_path):
    shutil.copytree(REPO / "builder", tmp_path / "builder", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    model = tmp_path / "builder" / "core" / "model.py"
    model.write_text(model.read_text() + "\nfrom builder.rendering import emit  # noqa\n")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "builder.core.model -> builder.rendering.emit" in result.stdout
