"""`archive check`: every problem at once, one per line, at the exact file and line."""

import json
import os
from pathlib import Path

from builder.commands.cli import main
from tests.conftest import make_archive

BROKEN = {
    # malformed YAML
    "content/entities/broken-yaml.md": """\
        ---
        name: Broken
        kind: [person
        ---
        """,
    # a missing field, a field of the wrong type, an unknown field and a bad date, in one file
    "content/sources/bad-fields.md": """\
        ---
        title: Bad fields
        kind: article
        authors: Jane Doe
        published: 2025-02-30
        language: en
        edition: morning
        ---
        Text.
        """,
    # a duplicate id (the fixture already has plans-article)
    "content/sources/other/plans-article.md": """\
        ---
        title: Same id
        kind: reference
        outlet: unknown
        authors: unknown
        published: unknown
        language: en
        ---
        """,
    # a citation and a wikilink to unknown ids
    "content/explainers/typos.md": """\
        ---
        title: Typos
        summary: Has typos.
        published: 2025-09-03
        authors: [Archive editors]
        status: published
        ---
        First paragraph cites a typo [@plans-artcle].

        Then a link to [[northcon]] [@plans-article].
        """,
    # an event with no source
    "content/timeline/no-source.md": """\
        ---
        title: Unsourced
        date: 2025-01
        ---
        Text.
        """,
    # a source that nothing cites
    "content/sources/lonely.md": """\
        ---
        title: Lonely
        kind: reference
        outlet: unknown
        authors: unknown
        published: unknown
        language: en
        ---
        """,
}

EXPECTED = """\
content/entities/broken-yaml.md:3:7: error[yaml-syntax]: malformed YAML: did not find expected ',' or ']' (close the list with ']', and separate its entries with commas)
content/explainers/typos.md:8:31: error[unknown-citation]: no source has the id 'plans-artcle' (did you mean 'plans-article'?)
content/explainers/typos.md:10:18: error[unknown-link]: nothing has the id 'northcon' (did you mean 'northcom'?)
content/sources/bad-fields.md:1:1: error[missing-field]: the required field 'outlet' is missing (write 'outlet: unknown' if it is not known)
content/sources/bad-fields.md:4:1: error[wrong-type]: 'authors': input should be a valid list, not 'Jane Doe' (write it as a list: [Jane Doe])
content/sources/bad-fields.md:5:1: error[bad-date]: 'published': '2025-02-30' is not a day of the calendar (write 2025-08-08, 2025-08, 2025 or ~1916)
content/sources/bad-fields.md:7:1: error[unknown-field]: 'edition' is not a field of a source (the fields are: id, title, kind, outlet, authors, published, url, archive_url, archive_date, access_date, url_status, via, identifiers, language, entities, topics, note, status, corrections)
content/sources/lonely.md:1:1: warning[orphan-source]: nothing cites the source 'lonely' (cite it from an explainer or a timeline event, or remove it)
content/sources/other/plans-article.md:1:1: error[duplicate-id]: the id 'plans-article' is already used by content/sources/2025/plans-article.md (every id must be unique across the archive: rename this file, or set its 'id:')
content/timeline/no-source.md:1:1: error[event-without-source]: a timeline event needs at least one source (list the source ids under 'sources:')
9 errors, 1 warning
"""


def test_check_reports_every_problem_with_path_line_and_hint(tmp_path, capsys):
    project = make_archive(tmp_path / "a", BROKEN)
    assert main(["-C", str(project), "check"]) == 1
    assert capsys.readouterr().out == EXPECTED


def test_check_as_json_has_the_same_diagnostics(tmp_path, capsys):
    project = make_archive(tmp_path / "a", BROKEN)
    assert main(["-C", str(project), "check", "--format", "json"]) == 1
    records = json.loads(capsys.readouterr().out)
    assert set(records[0]) == {"path", "line", "col", "severity", "code", "message", "hint"}
    assert [f"{r['path']}:{r['line']}:{r['col']}: {r['severity']}[{r['code']}]" for r in records] == [
        line.split(": ", 2)[0] + ": " + line.split(": ", 2)[1] for line in EXPECTED.splitlines()[:-1]
    ]


def test_warnings_alone_do_not_fail_the_check(tmp_path, capsys):
    project = make_archive(tmp_path / "a", {"content/sources/lonely.md": BROKEN["content/sources/lonely.md"]})
    assert main(["-C", str(project), "check"]) == 0
    assert capsys.readouterr().out.endswith("0 errors, 1 warning\n")


def test_a_clean_archive_checks_clean(archive_dir, capsys):
    assert main(["-C", str(archive_dir), "check"]) == 0
    assert capsys.readouterr().out == "0 errors, 0 warnings\n"


def test_outside_an_archive_the_command_says_where_to_run(tmp_path, capsys, monkeypatch):
    assert main(["-C", str(tmp_path), "check"]) == 2
    assert f"no mkdocs.yml in {tmp_path};" in capsys.readouterr().err
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert f"no mkdocs.yml in {tmp_path} or any folder above it;" in capsys.readouterr().err


def test_in_a_folder_of_the_archive_the_command_finds_the_archive(archive_dir, capsys, monkeypatch):
    # As git finds its repository: an editor in content/explainers/ need not go up, nor pass -C.
    monkeypatch.chdir(archive_dir / "content" / "explainers")
    assert main(["check"]) == 0
    assert capsys.readouterr().out == "0 errors, 0 warnings\n"


def test_another_mkdocs_project_around_the_folder_is_not_taken_for_the_archive(tmp_path, capsys, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text("site_name: Some other documentation\n")
    (tmp_path / "docs" / "guide").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "docs" / "guide")
    assert main(["check"]) == 2
    assert "no mkdocs.yml in" in capsys.readouterr().err


def test_github_format_makes_inline_annotations_and_is_automatic_in_actions(tmp_path, capsys, monkeypatch):
    project = make_archive(tmp_path / "a", {"content/sources/lonely.md": BROKEN["content/sources/lonely.md"],
                                            "content/timeline/no-source.md": BROKEN["content/timeline/no-source.md"]})
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["-C", str(project), "check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "::warning file=content/sources/lonely.md,line=1,col=1,title=orphan-source::nothing cites the source 'lonely' "
        "(cite it from an explainer or a timeline event, or remove it)",
        "::error file=content/timeline/no-source.md,line=1,col=1,title=event-without-source::a timeline event needs at "
        "least one source (list the source ids under 'sources:')",
    ]
    assert main(["-C", str(project), "check", "--format", "text"]) == 1
    assert capsys.readouterr().out.endswith("1 error, 1 warning\n")


def test_github_format_escapes_what_would_break_a_workflow_command():
    from builder.core.diagnostics import Diagnostic, Severity, format_github

    line = format_github([Diagnostic("a,b:c.md", 2, 3, Severity.ERROR, "x", "100% sure\nnext", None)])
    assert line == "::error file=a%2Cb%3Ac.md,line=2,col=3,title=x::100%25 sure%0Anext"


def test_archive_runs_from_any_folder_of_the_project_and_prints_paths_from_there(tmp_path):
    import subprocess
    import sys

    project = make_archive(tmp_path / "a")
    topic = project / "content/topics/strike-planning.md"
    topic.write_text(topic.read_text().replace("name: Strike planning", "name:"))
    # The README's one line that puts the command on PATH: the virtual environment's bin/ folder.
    path = f"{Path(sys.executable).parent}:{os.environ['PATH']}"
    shown = subprocess.run(["archive", "check"], cwd=project / "content/topics", capture_output=True, text=True,
                           env={**os.environ, "PATH": path})
    assert shown.returncode == 1
    assert shown.stdout.splitlines()[0].startswith("strike-planning.md:2:1: error[empty-field]")
    from_root = subprocess.run(["archive", "check"], cwd=project, capture_output=True, text=True, env={**os.environ, "PATH": path})
    assert from_root.stdout.splitlines()[0].startswith("content/topics/strike-planning.md:2:1: error[empty-field]")


def test_build_says_where_the_site_is(tmp_path, capsys):
    project = make_archive(tmp_path / "a")
    assert main(["-C", str(project), "build"]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == f"archive: built {project / 'site'}"


def test_a_reader_that_goes_away_stops_the_command_quietly(tmp_path):
    import subprocess
    import sys

    # Far more diagnostics than a pipe holds, so that the command is still writing when `head` has gone.
    project = make_archive(tmp_path / "a", {f"content/sources/lonely-{n}.md": "---\ntitle: T\n---\n" for n in range(400)})
    piped = subprocess.run(f"{sys.executable} -m builder -C {project} check --format json | head -c 10",
                           shell=True, capture_output=True, text=True)
    assert "Traceback" not in piped.stderr and "BrokenPipe" not in piped.stderr
