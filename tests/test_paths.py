import os
import shutil
import subprocess
import sys

import pytest

from builder.paths import Kind, scratch_folder, slugify, document_of, id_problem, item_url, relative_url, url_of


def test_urls_depend_only_on_kind_and_id():
    assert url_of(document_of(Kind.SOURCE, "x")) == "sources/x/"
    assert url_of(document_of(Kind.EXPLAINER, "x")) == "explainers/x/"
    assert url_of(document_of(Kind.ENTITY, "x")) == "entities/x/"
    assert url_of(document_of(Kind.TOPIC, "x")) == "topics/x/"
    assert url_of(document_of(Kind.PAGE, "about")) == "about/"
    assert item_url(Kind.EVENT, "veracruz-1914") == ("timeline/", "event-veracruz-1914")
    assert url_of("index.md") == "" and url_of("sources/index.md") == "sources/"


@pytest.mark.parametrize(
    "source, target, anchor, expected",
    [
        ("sources/a.md", "sources/b/", None, "../b/"),
        ("explainers/a.md", "sources/b/", None, "../../sources/b/"),
        ("index.md", "sources/b/", None, "sources/b/"),
        ("sources/index.md", "timeline/", "event-x", "../timeline/#event-x"),
        ("timeline.md", "timeline/", "event-x", "./#event-x"),
        ("sources/a.md", "", None, "../../"),
    ],
)
def test_relative_links_work_under_any_sub_path(source, target, anchor, expected):
    assert relative_url(source, target, anchor) == expected


@pytest.mark.parametrize(
    "text, problem",
    [
        ("good-id-2", None),
        ("a/b", "path separator"),
        ("..", "start with a dot"),
        (".hidden", "start with a dot"),
        ("/etc/passwd", "path separator"),
        ("Upper", "lowercase"),
        ("double--hyphen", "lowercase"),
        ("", "empty"),
    ],
)
def test_ids_are_safe_url_segments(text, problem):
    found = id_problem(text)
    assert (found is None) if problem is None else (problem in found)


def test_ids_cannot_differ_only_in_case_or_unicode_form():
    # Only one spelling of an id is valid, so two files can never collide that way.
    assert id_problem("Cafe") and id_problem("café") and id_problem("cafe\u0301")


def test_slugify_makes_ascii_ids_from_titles():
    assert slugify("Mérida Initiative: 2007–2008!") == "merida-initiative-2007-2008"
    assert slugify("¡¿!") == ""


def test_a_scratch_folder_sweeps_away_those_of_killed_processes():
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(ended.stdout)
    first = scratch_folder("archive-test-")
    left_by_dead = first.parent / f"archive-test-{dead_pid}-abc"
    (left_by_dead / "pages").mkdir(parents=True)
    second = scratch_folder("archive-test-")
    try:
        assert not left_by_dead.exists()
        assert first.is_dir() and second.is_dir()  # this process is alive: its folders stay
        assert first.name.startswith(f"archive-test-{os.getpid()}-")
    finally:
        shutil.rmtree(first), shutil.rmtree(second)
