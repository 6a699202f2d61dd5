"""`archive new`: a file from its template, with every field present, never over an existing one."""

import datetime as dt

import pytest

from builder.commands.cli import main
from builder.core.pipeline import check
from builder.commands.scaffold import new_item
from builder.core.paths import Kind
from tests.conftest import make_archive


@pytest.mark.parametrize(
    "kind, title, date, path",
    [
        (Kind.SOURCE, "Pentagon drafts strike plans", "2025-08-08", "content/sources/2025-08-08-pentagon-drafts-strike-plans.md"),
        (Kind.SOURCE, "Undated clipping", None, "content/sources/undated-clipping.md"),
        (Kind.EVENT, "Mérida Initiative announced", "2007-10-22", "content/timeline/2007-10-22-merida-initiative-announced.md"),
        (Kind.EXPLAINER, "What the plans say, and don't", None, "content/explainers/what-the-plans-say-and-don-t.md"),
        (Kind.ENTITY, "Gregory Guillot", None, "content/entities/gregory-guillot.md"),
        (Kind.TOPIC, "Strike planning", None, "content/topics/strike-planning.md"),
        (Kind.PAGE, "Method notes", None, "content/pages/method-notes.md"),
    ],
)
def test_new_writes_the_template_with_an_id_from_title_and_date(tmp_path, kind, title, date, path):
    project = make_archive(tmp_path / "a")
    if (project / path).exists():
        (project / path).unlink()
    outcome = new_item(project, kind, title, date, today=dt.date(2026, 1, 2))
    assert outcome.error is None and outcome.path == project / path
    text = outcome.path.read_text()
    assert text.startswith(f"---\n# yaml-language-server: $schema=../../schemas/{kind.value}.schema.json\n")
    assert title in text


def test_a_new_source_lists_every_field_and_marks_what_to_fill_in(tmp_path):
    project = make_archive(tmp_path / "a")
    path = new_item(project, Kind.SOURCE, "A new source", "2025-08").path
    text = path.read_text()
    for name in ("title", "kind", "outlet", "authors", "published", "url", "access_date", "url_status", "archive_url", "archive_date", "via", "identifiers",
                 "language", "entities", "topics", "note"):
        assert f"\n{name}:" in text
    assert "published: 2025-08\n" in text and text.count("# FILL IN:") == 3
    # Until the editor fills it in, check says exactly what is missing.
    problems = [(d.path, d.line, d.code) for d in check(project).diagnostics if d.path.endswith("a-new-source.md")]
    assert problems == [(f"content/sources/{path.name}", 6, "empty-field"), (f"content/sources/{path.name}", 7, "empty-field"),
                        (f"content/sources/{path.name}", 8, "empty-field")]


def test_new_never_overwrites_and_names_the_file(tmp_path, capsys):
    project = make_archive(tmp_path / "a")
    before = (project / "content/sources/tweet.md").read_bytes()
    assert main(["-C", str(project), "new", "source", "Tweet"]) == 1
    assert capsys.readouterr().err == (
        "archive new: content/sources/tweet.md already has the id 'tweet'; nothing was written "
        "(give this one another id, such as --id tweet-source)\n"
    )
    assert (project / "content/sources/tweet.md").read_bytes() == before


def test_an_event_and_its_report_with_one_title_take_the_proposed_free_id(tmp_path, capsys):
    project = make_archive(tmp_path / "a")
    assert main(["-C", str(project), "new", "source", "Strike on a boat", "--date", "2025-09-02"]) == 0
    capsys.readouterr()
    assert main(["-C", str(project), "new", "event", "Strike on a boat", "--date", "2025-09-02"]) == 1
    assert "such as --id 2025-09-02-strike-on-a-boat-event" in capsys.readouterr().err
    assert main(["-C", str(project), "new", "event", "Strike on a boat", "--date", "2025-09-02",
                 "--id", "2025-09-02-strike-on-a-boat-event"]) == 0
    assert capsys.readouterr().out.strip() == "content/timeline/2025-09-02-strike-on-a-boat-event.md"
    assert main(["-C", str(project), "new", "topic", "Anything", "--id", "Not An Id"]) == 1
    assert "--id: an id is lowercase letters" in capsys.readouterr().err


def test_new_prints_the_path_it_wrote(tmp_path, capsys):
    project = make_archive(tmp_path / "a")
    assert main(["-C", str(project), "new", "topic", "Air power"]) == 0
    assert capsys.readouterr().out == "content/topics/air-power.md\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["new", "topic", ""], "archive new: the title needs at least one letter or digit to make an id from\n"),
        (["new", "topic", "¡¿!…"], "archive new: the title needs at least one letter or digit to make an id from\n"),
        (["new", "event", "No date"], "archive new: an event needs its date: add --date 2025-08-08 (or 2025-08, 2025, ~1916)\n"),
        (["new", "source", "Bad date", "--date", "2025-02-30"],
         "archive new: --date: '2025-02-30' is not a day of the calendar\n"),
        (["new", "page", "Search"], "archive new: the id 'search' is reserved for a section of the site: choose another title, or give one with --id\n"),
    ],
)
def test_new_explains_what_it_cannot_do(tmp_path, capsys, args, message):
    project = make_archive(tmp_path / "a")
    assert main(["-C", str(project), *args]) == 1
    assert capsys.readouterr().err == message


def test_a_title_of_any_length_gives_an_id_that_fits_a_file_name(tmp_path, capsys):
    project = make_archive(tmp_path / "a")
    title = "The plans the Pentagon drafted for strikes on cartel laboratories " * 12  # some 800 characters
    assert main(["-C", str(project), "new", "explainer", title]) == 0
    written = capsys.readouterr().out.strip()
    assert written == "content/explainers/the-plans-the-pentagon-drafted-for-strikes-on-cartel.md"
    assert main(["-C", str(project), "new", "source", "x" * 300, "--date", "2025-08-08"]) == 0
    assert capsys.readouterr().out.strip() == f"content/sources/2025-08-08-{'x' * 60}.md"


def test_a_new_page_cannot_be_published_with_its_placeholder_text(tmp_path):
    project = make_archive(tmp_path / "a")
    path = new_item(project, Kind.PAGE, "Method notes").path
    problems = [(d.line, d.code) for d in check(project).diagnostics if d.path == "content/pages/method-notes.md"]
    assert problems == [(6, "unknown-citation")]  # the template's example citation, until the text is written
    assert path.read_text().startswith("---\n# yaml-language-server: $schema=../../schemas/page.schema.json\n")


def test_new_knows_ids_set_with_id_and_names_the_file_that_holds_one(tmp_path, capsys):
    project = make_archive(tmp_path / "a")
    # The topic's file is named for its id; an explainer whose file is named otherwise sets the same one.
    (project / "content/explainers/kept-name.md").write_text(
        "---\nid: cartel-policy\ntitle: T\nsummary: S.\npublished: 2025-09-01\nauthors: [A]\nstatus: draft\n---\nText.\n")
    assert main(["-C", str(project), "new", "explainer", "Cartel policy"]) == 1
    assert capsys.readouterr().err.startswith("archive new: content/explainers/kept-name.md already has the id 'cartel-policy'")
    assert not (project / "content/explainers/cartel-policy.md").exists()
    # A file of the very name that asks for another id: the name is taken, and said so.
    assert main(["-C", str(project), "new", "explainer", "Kept name"]) == 1
    assert capsys.readouterr().err.startswith(
        "archive new: content/explainers/kept-name.md already exists, with another id; nothing was written "
        "(give this one another id, such as --id kept-name-explainer)")
