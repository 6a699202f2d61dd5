import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from builder.core.paths import Kind, remove_scratch_folder, scratch_folder, slugify, document_of, id_problem, item_url, relative_url, url_of


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


MAKE_SCRATCH = "from builder.core.paths import scratch_folder; print(scratch_folder('archive-test-'), flush=True)"


def test_a_scratch_folder_sweeps_away_those_of_ended_processes_only():
    # One process is still running; another ends without removing its folder (as if killed).
    running = subprocess.Popen([sys.executable, "-c", MAKE_SCRATCH + "; import time; time.sleep(60)"],
                               stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        in_use = Path(running.stdout.readline().strip())
        ended = subprocess.run([sys.executable, "-c", MAKE_SCRATCH], capture_output=True, text=True, cwd=REPO)
        left_behind = Path(ended.stdout.strip())
        assert left_behind.is_dir() and in_use.is_dir()
        mine = scratch_folder("archive-test-")
        assert not left_behind.exists()
        assert in_use.is_dir() and mine.is_dir()
        another = scratch_folder("archive-test-")
        assert another.is_dir() and mine.is_dir()  # a process's own folders stay too
    finally:
        running.kill()
        running.wait()
    remove_scratch_folder(mine)
    assert not mine.exists()
    last = scratch_folder("archive-test-")  # the killed process's folder goes with the next one
    assert not in_use.exists()
    for folder in (another, last):
        remove_scratch_folder(folder)
