"""`archive serve`: edits show up, on every page they touch, and bad content never stops the preview."""

import json
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout, sync_playwright

from builder.rendering.search import Reindexer
from tests.conftest import make_archive
from tests.support import CHROMIUM, CHROMIUM_ARGS, fetch, free_port, wait_until

WAIT = 30  # seconds for a rebuild to show; the loop ends as soon as it does


@contextmanager
def serving(project: Path, preview: dict | None = None, *options: str):
    """A running `archive serve`: its address and log. `preview` gets its "pid", and its "exit" code once stopped."""
    port = free_port()
    log = open(project / "serve.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "builder", "-C", str(project), "serve", "--dev-addr", f"127.0.0.1:{port}", *options],
                               stdout=log, stderr=subprocess.STDOUT)
    if preview is not None:
        preview["pid"] = process.pid
    try:
        yield f"http://127.0.0.1:{port}/", project / "serve.log"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
        if preview is not None:
            preview["exit"] = process.returncode


def wait_for(condition) -> bool:
    return wait_until(condition, WAIT, interval=0.3)


@contextmanager
def browser_page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": 1366, "height": 900})
        finally:
            browser.close()


def notice_on_screen(page, address: str) -> str | None:
    """The preview's notice of errors as the editor sees it on the page, or None when there is none."""
    with page.expect_response(lambda response: "archive-preview-notice.html" in response.url, timeout=WAIT * 1000):
        page.goto(address)
    notice = page.locator("body > aside.ar-preview-problems")
    try:
        notice.wait_for(state="visible", timeout=2000)
        box = notice.bounding_box()
        # On screen without scrolling: fixed along the bottom of a laptop's screen.
        assert box is not None and box["height"] > 20 and 0 <= box["y"] and box["y"] + box["height"] <= 900
        return notice.inner_text()
    except PlaywrightTimeout:
        return None
    finally:
        # Left open, the page would reload itself at the next save, in the middle of the next look.
        page.goto("about:blank")


def test_an_edit_reaches_every_page_it_touches_and_errors_keep_the_last_good_site(tmp_path):
    project = make_archive(tmp_path / "a")
    source = project / "content/sources/2025/plans-article.md"
    with serving(project) as (base, log), browser_page() as page:
        entity = base + "entities/northcom/"
        assert wait_for(lambda: "Pentagon drafts strike plans" in (fetch(entity) or ""))
        assert notice_on_screen(page, entity) is None
        # The source's new title shows on another page: the entity that lists it.
        source.write_text(source.read_text().replace("title: Pentagon drafts strike plans", "title: Pentagon revises strike plans"))
        assert wait_for(lambda: "Pentagon revises strike plans" in (fetch(entity) or ""))
        # Broken content: the diagnostics are printed and the last good site is still served.
        (project / "content/sources/broken.md").write_text("---\ntitle: [oops\n---\n")
        assert wait_for(lambda: "content/sources/broken.md:2:8: error[yaml-syntax]" in log.read_text())
        assert wait_for(lambda: "still serving the last good version" in log.read_text())
        assert "Pentagon revises strike plans" in (fetch(entity) or "")
        # The page says it is the last good version, and what is wrong.
        notice = notice_on_screen(page, entity)
        assert notice is not None and "1 error. This page is the last good version" in notice
        assert "content/sources/broken.md:2:8:" in notice
        # Fixed again: the preview carries on, and the notice is gone.
        (project / "content/sources/broken.md").unlink()
        source.write_text(source.read_text().replace("Pentagon revises", "Pentagon finalises"))
        assert wait_for(lambda: "Pentagon finalises strike plans" in (fetch(entity) or ""))
        assert notice_on_screen(page, entity) is None
        assert "No errors are left" in log.read_text()
    assert not (project / "site").exists()  # serve builds elsewhere, never over the published site
    assert "Polling for changes" not in log.read_text()  # the system told it of each save


def test_with_poll_the_preview_looks_for_saves_itself(tmp_path):
    # For folders whose changes the system does not report (a network drive, a container's shared folder).
    project = make_archive(tmp_path / "a")
    source = project / "content/sources/2025/plans-article.md"
    with serving(project, None, "--poll") as (base, log):
        page = base + "sources/plans-article/"
        assert wait_for(lambda: "Pentagon drafts strike plans" in (fetch(page) or ""))
        source.write_text(source.read_text().replace("title: Pentagon drafts strike plans", "title: Pentagon polls strike plans"))
        assert wait_for(lambda: "Pentagon polls strike plans" in (fetch(page) or ""))


def test_a_preview_that_starts_broken_lists_the_problems_until_they_are_fixed(tmp_path):
    project = make_archive(tmp_path / "a", {"content/sources/broken.md": "---\ntitle: [oops\n---\n"})
    with serving(project) as (base, log):
        assert wait_for(lambda: "Problems in the content" in (fetch(base) or ""))
        assert "content/sources/broken.md:2:8:</code> error[yaml-syntax]" in fetch(base)
        time.sleep(Reindexer.QUIET + 1)  # when the search index would be made, had the preview pages to search
        # The terminal tells of the problem alone: not of sections missing from the navigation, nor of an
        # index with no pages in it.
        assert [line for line in log.read_text().splitlines() if "WARNING" in line] == [
            "WARNING -  1 error found; the preview lists them until they are fixed"]
        (project / "content/sources/broken.md").unlink()
        assert wait_for(lambda: "Latest explainers" in (fetch(base) or ""))
        assert "No errors are left" in log.read_text()


NEW_SOURCE = """---
title: A new report on strike plans
kind: report
outlet: Example Institute
authors: unknown
published: 2025-10
language: en
entities: [northcom]
---
A new report on strike plans.
"""


def _indexed_pages(base: str) -> int | None:
    entry = fetch(base + "pagefind/pagefind-entry.json")
    return json.loads(entry)["languages"]["en"]["page_count"] if entry else None


def test_new_and_deleted_items_come_and_go_and_search_follows(tmp_path):
    project = make_archive(tmp_path / "a")
    with serving(project) as (base, log):
        assert wait_for(lambda: _indexed_pages(base) is not None)
        indexed = _indexed_pages(base)
        added = project / "content/sources/new-report.md"
        added.write_text(NEW_SOURCE)
        # Its own page, and the pages listing it: the entity it names and its year.
        assert wait_for(lambda: "A new report on strike plans" in (fetch(base + "sources/new-report/") or ""))
        assert "A new report on strike plans" in fetch(base + "entities/northcom/")
        assert "A new report on strike plans" in fetch(base + "years/2025/")
        assert wait_for(lambda: _indexed_pages(base) == indexed + 1)  # the search index catches up
        added.unlink()
        assert wait_for(lambda: fetch(base + "sources/new-report/") is None)
        assert "A new report on strike plans" not in fetch(base + "entities/northcom/")
        # Saves to content/ were redrawn from the dependency graph, not by a new MkDocs build.
        assert "Redrew" in log.read_text()


def test_a_preview_stopped_while_it_reindexes_stops_pagefind_and_leaves_no_scratch_folder(tmp_path):
    project = make_archive(tmp_path / "a")
    preview: dict = {}
    with serving(project, preview) as (base, log):
        assert wait_for(lambda: _indexed_pages(base) is not None)
        # A save starts a background search index run; the preview is stopped while Pagefind runs.
        source = project / "content/sources/2025/plans-article.md"
        source.write_text(source.read_text().replace("title: Pentagon drafts", "title: Pentagon weighs"))
        deadline = time.monotonic() + WAIT
        while not (indexer := _pagefind_started_by(preview["pid"])) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert indexer, "no background Pagefind run seen"
        pages = Path(indexer[indexer.index("--site") + 1])
        assert pages.is_dir()
    assert preview["exit"] == 0 and "Shutting down" in log.read_text()  # SIGTERM stops it as Ctrl-C does
    assert not pages.exists()  # the folder of pages Pagefind was reading
    assert not any(str(pages) in line for line in _processes())  # and Pagefind itself


def test_a_save_that_changes_no_page_redraws_nothing_and_starts_no_search_index(tmp_path):
    project = make_archive(tmp_path / "a")
    preview: dict = {}
    with serving(project, preview) as (base, log):
        assert wait_for(lambda: _indexed_pages(base) is not None)
        assert wait_for(lambda: _pagefind_started_by(preview["pid"]) is None)
        noticed, redrawn = log.read_text().count("Detected file changes"), log.read_text().count("Redrew")
        source = project / "content/sources/2025/plans-article.md"
        source.write_text(source.read_text())  # saved as it was
        assert wait_for(lambda: log.read_text().count("Detected file changes") > noticed)
        deadline = time.monotonic() + Reindexer.QUIET + 2
        while time.monotonic() < deadline:
            assert _pagefind_started_by(preview["pid"]) is None, "a search index run for a save that changed nothing"
            time.sleep(0.05)
        assert log.read_text().count("Redrew") == redrawn


def test_a_broken_mkdocs_yml_or_theme_keeps_the_last_good_site_served_with_the_notice(tmp_path):
    project = make_archive(tmp_path / "a")
    config, partial, not_found = project / "mkdocs.yml", project / "theme/partials/copyright.html", project / "theme/404.html"
    good_config, good_partial, good_not_found = config.read_text(), partial.read_text(), not_found.read_text()
    page = "sources/plans-article/"
    with serving(project) as (base, log), browser_page() as browser:
        assert wait_for(lambda: "Pentagon drafts strike plans" in (fetch(base + page) or ""))
        # The partial is drawn by the plugin's workers, 404.html by MkDocs itself; mkdocs.yml's YAML is told
        # where YAML finds it wrong (the list opened on line 1 meets a key on line 2), not at 1:1.
        for broken, good, place in (
                (config, good_config, "mkdocs.yml:2:10: error[settings-error]"),
                (partial, good_partial, f"theme/partials/copyright.html:{len(good_partial.splitlines()) + 1}:1: error[template-error]"),
                (not_found, good_not_found, f"theme/404.html:{len(good_not_found.splitlines()) + 1}:1: error[template-error]")):
            broken.write_text("nav_extra: [unclosed\n" + good if broken is config else good + "{{ foo( }}\n")
            assert wait_for(lambda: place in log.read_text() and "still serving the last good version" in log.read_text().split(place)[-1])
            served = fetch(base + page, timeout=5)  # answered, not held until the settings are fixed
            assert served and "Pentagon drafts strike plans" in served
            assert place.split(": ")[0] in (notice_on_screen(browser, base + page) or "")
            broken.write_text(good)
            assert wait_for(lambda: notice_on_screen(browser, base + page) is None)
    assert "Traceback" not in log.read_text()


def _processes() -> list[str]:
    return subprocess.run(["ps", "-ww", "-eo", "ppid,args"], capture_output=True, text=True).stdout.splitlines()


def _pagefind_started_by(pid: int) -> list[str] | None:
    """The command line of a Pagefind run that process `pid` started, if one is running."""
    for line in _processes():
        parent, *command = line.split()
        if parent == str(pid) and "pagefind" in command and "--site" in command:
            return command
    return None


def test_settings_and_templates_changes_show_on_every_page(tmp_path):
    project = make_archive(tmp_path / "a")
    with serving(project) as (base, _):
        assert wait_for(lambda: "Pentagon drafts strike plans" in (fetch(base + "sources/plans-article/") or ""))
        template = project / "theme/archive/source.html"
        template.write_text(template.read_text().replace('section("Cited in"', 'section("Cited by"'))
        assert wait_for(lambda: "Cited by" in (fetch(base + "sources/tweet/") or ""))
        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace("site_name: Fixture Archive", "site_name: Renamed Archive"))
        assert wait_for(lambda: "Renamed Archive" in (fetch(base + "sources/tweet/") or ""))
        assert "Cited by" in fetch(base + "sources/tweet/")
        # The theme's page shell changes every page, though no document changed.
        shell = project / "theme/main.html"
        shell.write_text(shell.read_text().replace("{{ super() }}", '{{ super() }}\n  <meta name="x-edited" content="yes">', 1))
        assert wait_for(lambda: 'name="x-edited"' in (fetch(base + "sources/tweet/") or ""))
        assert 'name="x-edited"' in fetch(base + "entities/northcom/")


def test_an_open_page_reloads_itself_after_a_save(tmp_path):
    project = make_archive(tmp_path / "a")
    source = project / "content/sources/2025/plans-article.md"
    with serving(project) as (base, log), sync_playwright() as playwright:
        address = base + "sources/plans-article/"
        assert wait_for(lambda: "Pentagon drafts strike plans" in (fetch(address) or ""))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        refused = []
        page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
        page.goto(address)
        page.wait_for_load_state("load")
        source.write_text(source.read_text().replace("title: Pentagon drafts strike plans", "title: Pentagon revises strike plans"))
        # Nobody reloads the page: MkDocs' live-reload script, allowed by the page's policy, does.
        page.locator("h1", has_text="Pentagon revises strike plans").wait_for(timeout=WAIT * 1000)
        browser.close()
    assert refused == []


def test_a_static_page_in_content_is_served_as_the_build_publishes_it(tmp_path):
    project = make_archive(tmp_path / "a")
    own_policy = '<meta http-equiv="Content-Security-Policy" content="default-src \'self\' https://cdn.example">'
    (project / "content/legacy.html").write_bytes(
        f"<html><head>{own_policy}</head><body>Caf\xe9 <script>var caf\xe9 = 1;</script></body></html>".encode("latin-1"))
    with serving(project) as (base, log):
        assert wait_for(lambda: fetch(base + "legacy.html") is not None)
        served = fetch(base + "legacy.html")
    # Served as the build publishes it: its own policy, no other; its bytes are not UTF-8, and that is no error.
    assert served.count("Content-Security-Policy") == 1 and own_policy in served

