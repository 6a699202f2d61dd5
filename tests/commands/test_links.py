"""`archive links`: statuses, the two-run rule and snapshots, against origins and a Wayback CDX on loopback."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from builder.commands.cli import main
from builder.commands.links import STATUS_FILE, Settings, check_links, unrelated
from builder.core.pipeline import check
from tests.conftest import make_archive

SLOW = 1.5  # seconds the slow origin takes; the checker gives up long before
# What the snapshot service holds: a capture of the story that moved, two of the one that is gone.
CAPTURES = {
    "/gone": ["20240101000000", "20250820120000", "20260601000000"],
    "/old-story": ["20250809000000"],
}


class _Origins(http.server.BaseHTTPRequestHandler):
    """Plays the origins (200, 301, 404, 410, 429, a timeout, a soft 404) and the Wayback Machine's CDX index."""

    agents: list[str] = []

    def do_GET(self) -> None:
        self.agents.append(self.headers.get("User-Agent", ""))
        path = urlsplit(self.path).path
        if path == "/cdx/search/cdx":
            return self._cdx(parse_qs(urlsplit(self.path).query)["url"][0])
        if path == "/slow":
            time.sleep(SLOW)
        routes = {
            "/ok": (200, None), "/slow": (200, None), "/news/old-story": (200, None), "/": (200, None),
            "/old-story": (301, "/news/old-story"), "/2025/08/removed-story": (302, "/"),
            "/gone": (404, None), "/withdrawn": (410, None), "/busy": (429, None),
        }
        code, location = routes.get(path, (200, None) if path.startswith("/web/") else (404, None))
        self.send_response(code)
        if location:
            self.send_header("Location", location)
        if code == 429:
            self.send_header("Retry-After", "0")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def _cdx(self, url: str) -> None:
        lines = [f"key {stamp} {url} text/html 200 DIGEST 1000" for stamp in CAPTURES.get(urlsplit(url).path, [])]
        body = "\n".join(lines).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """The checker hangs up on the slow origin, as it should."""


@pytest.fixture(scope="module")
def server():
    httpd = _Server(("127.0.0.1", 0), _Origins)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def source(url: str, extra: str = "") -> str:
    return f"""\
---
title: A story   # the headline as printed
kind: article
outlet: Example Daily
authors: [Ana Ruiz]
published: 2025-08-08
url: {url}
access_date: 2025-08-20
url_status: live     # live | dead | unfit | usurped
{extra}language: en
entities: [northcom]
note: A note an editor wrapped
  over two lines, which must stay as it is.
---
The Pentagon is drafting plans for strikes.
"""


PATHS = ["ok", "old-story", "gone", "withdrawn", "busy", "slow", "2025/08/removed-story"]


@pytest.fixture
def project(tmp_path, server) -> Path:
    files = {f"content/sources/s-{path.replace('/', '-')}.md": source(f"{server}/{path}") for path in PATHS}
    return make_archive(tmp_path / "a", files)


def settings(server: str) -> Settings:
    return Settings(snapshots=server, timeout=0.5, retries=1, backoff=0, per_host=0, snapshot_lookups=0)


DAY_ONE = dt.datetime(2026, 12, 1, 9, tzinfo=dt.timezone.utc)


def test_each_address_is_reported_with_its_status(project, server):
    report = check_links(project, write=False, settings=settings(server), now=DAY_ONE)
    said = {}
    for line in report.lines:  # each address's status comes first, then whether a snapshot was found
        address, what = line.split(": ", 1)
        said.setdefault(address.removeprefix(server), what)
    assert said["/ok"] == "ok (200)"
    assert said["/old-story"] == f"redirected (200), leads to {server}/news/old-story"
    assert said["/gone"] == "gone (404); failed on 1 run since 2026-12-01"
    assert said["/withdrawn"] == "gone (410); failed on 1 run since 2026-12-01"
    assert said["/busy"] == "rate-limited (429)"
    assert said["/slow"] == "timeout; failed on 1 run since 2026-12-01"
    assert said["/2025/08/removed-story"] == f"soft-404 (200), leads to {server}/; failed on 1 run since 2026-12-01"
    assert all(agent.startswith("cartel-archive-links/") for agent in _Origins.agents)


def test_without_write_no_editors_file_changes_but_the_status_file_records_the_run(project, server):
    before = {p: p.read_bytes() for p in (project / "content").rglob("*.md")}
    check_links(project, write=False, settings=settings(server), now=DAY_ONE)
    assert {p: p.read_bytes() for p in (project / "content").rglob("*.md")} == before
    status = yaml.safe_load((project / STATUS_FILE).read_text())
    assert status[f"{server}/gone"] == {"checked": "2026-12-01T09:00:00+00:00", "result": "gone", "http_status": 404,
                                         "failures": ["2026-12-01T09:00:00+00:00"]}
    assert status[f"{server}/old-story"]["redirect"] == f"{server}/news/old-story"


def url_status(project: Path, name: str) -> str:
    return yaml.safe_load((project / f"content/sources/{name}.md").read_text().split("---")[1])["url_status"]


def test_dead_only_after_failures_on_two_runs_a_day_apart(project, server):
    check_links(project, write=True, settings=settings(server), now=DAY_ONE)
    assert url_status(project, "s-gone") == "live"  # one failed run is not enough
    check_links(project, write=True, settings=settings(server), now=DAY_ONE + dt.timedelta(hours=12))
    assert url_status(project, "s-gone") == "live"  # two runs, but not a day apart
    check_links(project, write=True, settings=settings(server), now=DAY_ONE + dt.timedelta(days=1))
    assert [url_status(project, n) for n in ("s-gone", "s-withdrawn", "s-slow", "s-2025-08-removed-story")] == [
        "dead", "dead", "dead", "unfit"]
    assert [url_status(project, n) for n in ("s-ok", "s-old-story", "s-busy")] == ["live", "live", "live"]


def test_a_success_between_failures_starts_the_count_again(project, server):
    check_links(project, write=True, settings=settings(server), now=DAY_ONE)
    status_file = project / STATUS_FILE
    status = yaml.safe_load(status_file.read_text())
    status[f"{server}/gone"]["failures"] = []  # as if the page had answered in between
    status_file.write_text(yaml.safe_dump(status))
    check_links(project, write=True, settings=settings(server), now=DAY_ONE + dt.timedelta(days=2))
    assert url_status(project, "s-gone") == "live"


def test_write_fills_the_closest_snapshot_and_disturbs_nothing_else(project, server):
    original = (project / "content/sources/s-gone.md").read_text()
    report = check_links(project, write=True, settings=settings(server), now=DAY_ONE)
    written = (project / "content/sources/s-gone.md").read_text()
    # Read on 2025-08-20: of the three captures, the one of that day.
    expected = original.replace(
        "url_status: live     # live | dead | unfit | usurped\n",
        "url_status: live     # live | dead | unfit | usurped\n"
        f"archive_url: {server}/web/20250820120000/{server}/gone\narchive_date: 2025-08-20\n")
    assert written == expected
    assert "archive_url" not in (project / "content/sources/s-ok.md").read_text()  # nothing archived there
    assert f"content/sources/s-gone.md: archive_url: {server}/web/20250820120000/{server}/gone, archive_date: 2025-08-20" in report.changed
    check_links(project, write=True, settings=settings(server), now=DAY_ONE + dt.timedelta(days=1))
    after = (project / "content/sources/s-gone.md").read_text()
    assert after == expected.replace("url_status: live     #", "url_status: dead     #")
    assert check(project).ok  # the edited files are still valid sources


def test_the_command_line_reports_and_names_its_settings(project, server, capsys, monkeypatch):
    monkeypatch.setattr("builder.commands.cli.LinkSettings", lambda snapshots: settings(snapshots))
    assert main(["-C", str(project), "links", "--snapshots", server]) == 0
    out = capsys.readouterr().out
    assert f"{server}/ok: ok (200)" in out and out.endswith("nothing changed (run with --write to apply)\n")
    assert f"content/sources/s-gone.md: would set archive_url: {server}/web/20250820120000/{server}/gone" in out


@pytest.mark.parametrize("original, final, soft", [
    ("https://a.example/2025/08/story", "https://a.example/", True),
    ("https://a.example/2025/08/story", "https://a.example/errors/not-found", True),
    ("https://a.example/old-story", "https://a.example/news/old-story", False),
    ("http://a.example/story", "https://www.a.example/story/", False),
    ("https://a.example/", "https://a.example/home", False),
])
def test_a_soft_404_is_a_redirect_to_an_unrelated_page(original, final, soft):
    assert unrelated(original, final) is soft
