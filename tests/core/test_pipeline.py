"""The check of one file as it is typed (`check_one`, which `archive lsp` runs) says what the full check says of it."""

from builder.core.pipeline import check, check_one
from tests.conftest import make_archive

# What only the whole archive can tell: they wait for the full check, which an editor runs on save.
ARCHIVE_WIDE = {"orphan-source", "duplicate-id"}


def test_one_file_checked_alone_gets_the_full_checks_diagnostics(tmp_path):
    broken = {
        "content/explainers/planning.md": "---\ntitle: T\nsummary: S.\npublished: 2025-09-01\nauthors: [A]\nstatus: published\n"
                                          "topics: [no-such-topic]\n---\nIt was “the first time since the 18th century” "
                                          "[@plans-article]. See [[nowhere]] and [@missing].\n\nAn uncited claim.\n",
        "content/sources/2025/plans-article.md": None,
    }
    project = make_archive(tmp_path / "a", {k: v for k, v in broken.items() if v is not None})
    checked = check(project, cache=False)
    for path in {d.path for d in checked.diagnostics} | {"content/sources/2025/plans-article.md"}:
        text = (project / path).read_text()
        full = [d.format() for d in checked.diagnostics if d.path == path and d.code not in ARCHIVE_WIDE]
        assert [d.format() for d in check_one(checked, path, text)] == full, path
    assert any(d.code == "quote-mismatch" for d in checked.diagnostics)  # the case is not empty
