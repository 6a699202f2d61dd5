"""The benchmark's synthetic archive is one the archive accepts as it is: a benchmark of an archive full of
errors would time the error messages, not the work."""

from pathlib import Path

from bench.generate import generate
from builder.core.pipeline import check


def test_a_generated_archive_checks_clean(tmp_path: Path):
    project = tmp_path / "archive"
    generate(300, project)
    checked = check(project, cache=False)
    assert [d.format() for d in checked.diagnostics] == []
    assert len(checked.archive.sources) > 250
