"""A build renders the pages outside the navigation on both cores, sharing what they have alike: the pages MkDocs makes."""

import textwrap
from pathlib import Path

import pytest

from builder.core import parallel
from builder.engine import plugin
from builder.commands.cli import main
from builder.engine.plugin import ArchivePlugin
from builder.engine.render import share_fragments
from tests.conftest import make_archive
from tests.support import tree

# Enough pages outside the navigation that they are spread over forked workers, not rendered in-process.
MANY_SOURCES = {f"content/sources/many/report-{number:02d}.md": textwrap.dedent(f"""\
    ---
    title: Report number {number} on strike plans
    kind: report
    outlet: Example Institute
    authors: unknown
    published: 2025-{number % 12 + 1:02d}
    language: en
    entities: [northcom]
    ---
    Report {number} says the plans were *revised* [again](https://example.org/{number}).
    """) for number in range(40)}
# Two pages of one folder with the very same Markdown, which a worker converts once for both: each must
# still come out as MkDocs renders it, with its own heading's anchor (the about page links to one).
TWIN = "---\ntitle: Twin {letter}\n---\n## Part one\n\nThe same words on two pages.\n"
MANY_SOURCES.update({f"content/pages/twin-{letter}.md": TWIN.format(letter=letter) for letter in "ab"})
MANY_SOURCES["content/explainers/reports.md"] = textwrap.dedent("""\
    ---
    title: What the reports say
    summary: Forty reports.
    published: 2025-10-01
    authors: [Archive editors]
    status: published
    ---
    """) + "".join(f"Report {number} was revised [@report-{number:02d}].\n\n" for number in range(40))


# A page in the navigation that links to a page rendered by a worker, and to an anchor on it; the home
# page left out of the navigation, so that pages of the top folder differ only in depth from it.
ABOUT = """---
title: About
---
Read [report 7](sources/report-07.md) and [where it is cited](sources/report-07.md#cited-in), and the
[second twin's part one](twin-b.md#part-one).
"""
NAV = "nav:\n  - About: about.md\n  - Sources: sources/index.md\n  - Search: search.md\n"


def with_about_in_nav(project: Path) -> Path:
    """The project with NAV for its navigation, and links to missing anchors reported as warnings."""
    config = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(config[:config.index("nav:")] + NAV + "validation:\n  anchors: warn\n")
    return project


def build(tmp_path, name: str) -> Path:
    project = with_about_in_nav(make_archive(tmp_path / name, {**MANY_SOURCES, "content/pages/about.md": ABOUT}))
    assert main(["-C", str(project), "build", "--strict"]) == 0
    return project / "site"


@pytest.fixture(autouse=True)
def two_cores(monkeypatch):
    """Workers even on a one-core machine, where the pages would otherwise be rendered in-process."""
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)


def test_pages_rendered_on_both_cores_are_those_mkdocs_renders(tmp_path, monkeypatch):
    forked_site = build(tmp_path, "forked")
    # The same site from MkDocs' own loop, with every part of every page drawn afresh (nothing `shared`).
    monkeypatch.setattr(ArchivePlugin, "_rendered_in_parallel", lambda self, documents: [])

    def drawn_every_time(env):
        share_fragments(env)
        env.globals["shared"] = lambda name, caller: caller()
    monkeypatch.setattr(plugin, "share_fragments", drawn_every_time)
    mkdocs_site = build(tmp_path, "mkdocs")
    forked, by_mkdocs = tree(forked_site), tree(mkdocs_site)
    pages = {path for path in forked if path.endswith(".html")}
    assert len(pages) > 50 and "sources/report-07/index.html" in pages
    assert {path: forked[path] for path in pages} == {path: by_mkdocs[path] for path in pages}
    # The sitemap lists the same pages either way (MkDocs lists its own first).
    sitemap = (forked_site / "sitemap.xml").read_text()
    assert sorted(sitemap.splitlines()) == sorted((mkdocs_site / "sitemap.xml").read_text().splitlines())
    assert "<loc>https://example.org/sources/report-07/</loc>" in sitemap
    # The link from a page MkDocs renders to a page a worker renders resolves, anchor included.
    about = (forked_site / "about/index.html").read_text()
    assert 'href="../sources/report-07/"' in about and 'href="../sources/report-07/#cited-in"' in about


def test_rendering_on_one_core_or_two_gives_the_same_bytes_search_index_included(tmp_path, monkeypatch):
    forked = tree(build(tmp_path, "forked"))
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 1)
    in_process = tree(build(tmp_path, "one-core"))
    assert any(path.startswith("pagefind/index/") for path in forked)
    assert forked == in_process


def test_links_to_missing_pages_and_parts_are_reported_where_the_editor_wrote_them(tmp_path, capsys):
    project = make_archive(tmp_path / "a", {
        **MANY_SOURCES,
        "content/pages/about.md": ABOUT.replace("#cited-in", "#no-such-part"),
        "content/explainers/reports.md": MANY_SOURCES["content/explainers/reports.md"]
        + "The about page says so [@report-02]; see [its end](../about.md#nowhere).\n"})
    with_about_in_nav(project)
    assert main(["-C", str(project), "build", "--strict"]) == 1
    err = capsys.readouterr().err
    # Where the editor wrote each link, in the check's own format.
    assert ("content/pages/about.md:4:63: warning[broken-link]: a link to sources/report-07.md#no-such-part leads to its page, "
            "but the page has no part #no-such-part") in err
    assert "content/explainers/reports.md:88:52: warning[broken-link]: a link to ../about.md#nowhere" in err
    assert "Aborted with 2 warnings in strict mode" in err


def test_a_warning_on_a_page_rendered_by_a_worker_is_shown_once_and_fails_a_strict_build(tmp_path, capsys):
    project = make_archive(tmp_path / "a", {
        **MANY_SOURCES,
        "content/explainers/reports.md": MANY_SOURCES["content/explainers/reports.md"] + "A memo followed [@report-01]; see [the memo](memo.md).\n"})
    assert main(["-C", str(project), "build", "--strict"]) == 1
    err = capsys.readouterr().err
    assert err.count("warning[broken-link]: a link to memo.md leads nowhere: the site has no page explainers/memo.md") == 1
    assert "Aborted with 1 warnings in strict mode" in err and "Traceback" not in err


def test_a_broken_theme_template_stops_the_build_with_the_page_and_the_reason(tmp_path, capsys):
    project = make_archive(tmp_path / "a", MANY_SOURCES)
    assert main(["-C", str(project), "build"]) == 0
    before = tree(project / "site")
    main_template = project / "theme/main.html"
    main_template.write_text(main_template.read_text().replace("{% block extrahead %}", "{% block extrahead %}{{ page.meta.x.y }}"))
    assert main(["-C", str(project), "build"]) == 1
    err = capsys.readouterr().err
    assert "pages could not be rendered" in err and "has no attribute 'x'" in err
    assert "archive: build failed" in err and "Traceback" not in err
    assert err.count("Error building page") == 1  # the same error on every page is shown once
    assert tree(project / "site") == before


def test_without_a_site_url_the_sitemap_lists_no_page(tmp_path):
    # MkDocs' own sitemap leaves out pages that have no address; so does the archive's.
    project = make_archive(tmp_path / "a", MANY_SOURCES)
    config = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(config.replace("site_url: https://example.org/\n", ""))
    assert main(["-C", str(project), "build"]) == 0
    sitemap = (project / "site/sitemap.xml").read_text()
    assert "<urlset" in sitemap and "<url>" not in sitemap and "None" not in sitemap
