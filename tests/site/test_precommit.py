"""The pre-commit hook runs `archive check`, and passes on the archive as committed."""

import shlex
import subprocess

import yaml

from tests.conftest import REPO


def test_the_hook_runs_archive_check_and_passes_on_the_content():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    [hook] = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert hook["entry"] == ".venv/bin/archive check" and hook["pass_filenames"] is False
    result = subprocess.run(shlex.split(hook["entry"]), cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout.endswith("0 errors, 0 warnings\n")
