"""A build renders the pages outside the navigation on both cores, sharing what they have alike: the pages MkDocs makes."""

import textwrap
from pathlib import Path

from builder import parallel, plugin
from builder.cli import main
from builder.plugin import ArchivePlugin
from builder.render import share_fragments
from tests.conftest import make_archive
from tests.test_publishing import tree

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
MANY_SOURCES["content/explainers/reports.md"] = textwrap.dedent("""\
    ---
    title: What the reports say
    summary: Forty reports.
    published: 2025-10-01
    authors: [Archive editors]
    status: published
    ---
    """) + "".join(f"Report {number} was revised [@report-{number:02d}].\n\n" for number in range(40))


def build(tmp_path, name: str) -> Path:
    project = make_archive(tmp_path / name, MANY_SOURCES)
    assert main(["-C", str(project), "build", "--strict"]) == 0
    return project / "site"


def test_pages_rendered_on_both_cores_are_those_mkdocs_renders(tmp_path, monkeypatch):
    forked_site = build(tmp_path, "forked")
    # The same site from MkDocs' own loop, with every part of every page drawn afresh (nothing `shared`).
    monkeypatch.setattr(ArchivePlugin, "_rendered_here", lambda self, documents: [])

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


def test_rendering_on_one_core_or_two_gives_the_same_bytes_search_index_included(tmp_path, monkeypatch):
    forked = tree(build(tmp_path, "forked"))
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 1)
    in_process = tree(build(tmp_path, "one-core"))
    assert any(path.startswith("pagefind/index/") for path in forked)
    assert forked == in_process


def test_a_warning_on_a_page_rendered_by_a_worker_is_shown_once_and_fails_a_strict_build(tmp_path, capsys):
    project = make_archive(tmp_path / "a", {
        **MANY_SOURCES,
        "content/explainers/reports.md": MANY_SOURCES["content/explainers/reports.md"] + "A memo followed [@report-01]; see [the memo](memo.md).\n"})
    assert main(["-C", str(project), "build", "--strict"]) == 1
    err = capsys.readouterr().err
    assert err.count("'explainers/reports.md' contains a link 'memo.md'") == 1
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
    assert tree(project / "site") == before
