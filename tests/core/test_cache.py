"""The parse, scan and verdict memos: a second check reads what did not change from them and gives exactly the same result."""

import json
import os
import threading

import pytest

from builder.core import link as link_stage
from builder.core import verify as verify_stage
from builder.core.cache import CACHE_FILE, JsonMemo
from builder.core.markup import scan
from builder.core.pipeline import check
from tests.conftest import make_archive


def summary(checked):
    return ([d.format() for d in checked.diagnostics],
            {i.id: (i.meta, i.body, i.origin.body_line, i.origin.at("title")) for i in checked.items})


def test_a_second_check_gives_the_same_result_from_the_memo(tmp_path):
    project = make_archive(tmp_path / "a", {"content/sources/bad.md": "---\ntitle: [x\n---\n"})
    first = check(project)
    assert (project / CACHE_FILE).is_file()
    stored = json.loads((project / CACHE_FILE).read_text())["entries"]
    assert "content/sources/tweet.md" in stored and "content/sources/bad.md" not in stored  # only clean parses
    assert summary(check(project)) == summary(first)


def test_a_changed_file_is_parsed_again(tmp_path):
    project = make_archive(tmp_path / "a")
    check(project)
    tweet = project / "content/sources/tweet.md"
    tweet.write_text(tweet.read_text().replace("title: A post about strikes", "title: A changed title"))
    assert check(project).archive.items["tweet"].meta.title == "A changed title"


def test_a_damaged_or_foreign_memo_is_ignored(tmp_path):
    project = make_archive(tmp_path / "a")
    expected = summary(check(project))
    memo = project / CACHE_FILE
    entries = json.loads(memo.read_text())
    entries["entries"]["content/sources/tweet.md"][1] = {"data": "not a mapping"}
    memo.write_text(json.dumps(entries))
    assert summary(check(project)) == expected
    memo.write_text("{not json")
    assert summary(check(project)) == expected
    memo.write_text(json.dumps({"version": "another loader", "entries": {}}))
    assert summary(check(project)) == expected


def test_a_second_check_scans_only_the_texts_that_changed(tmp_path, monkeypatch):
    project = make_archive(tmp_path / "a")
    first = check(project)
    scanned = []
    monkeypatch.setattr(link_stage, "scan", lambda text: scanned.append(text) or scan(text))
    assert summary(check(project)) == summary(first)
    assert scanned == []  # every scan came from the memo
    planning = project / "content/explainers/planning.md"
    planning.write_text(planning.read_text().replace("[@veracruz-ref]", "[@tweet]"))
    again = check(project)
    assert len(scanned) == 1 and "[@tweet]. A post" in scanned[0]
    assert [key.id for c in again.archive.scans["planning"].citations for key in c.keys].count("tweet") == 2


def test_a_damaged_scan_memo_is_scanned_again(tmp_path):
    project = make_archive(tmp_path / "a")
    expected = check(project).archive.scans
    memo = project / CACHE_FILE.parent / "scanned.json"
    stored = json.loads(memo.read_text())
    for entry in stored["entries"].values():
        for citation in entry[0]:
            citation[1] = 10**6  # past the end of the text
    memo.write_text(json.dumps(stored))
    assert check(project).archive.scans == expected


def test_a_memo_nested_too_deeply_to_read_is_ignored(tmp_path):
    project = make_archive(tmp_path / "a")
    expected = summary(check(project))
    for name in ("parsed", "scanned", "verified", "references"):
        (project / CACHE_FILE.parent / f"{name}.json").write_text("[" * 200_000)
    assert summary(check(project)) == expected
    assert JsonMemo(project, "references").values == {}


def test_a_memo_that_cannot_be_written_leaves_no_partial_file(tmp_path):
    project = make_archive(tmp_path / "a")
    memos = project / CACHE_FILE.parent
    memos.mkdir(parents=True)
    (memos / "scanned.json").mkdir()  # in the way of the scan memo
    for _ in range(2):
        check(project)
    assert sorted(path.name for path in memos.iterdir()) == ["parsed.json", "scanned.json", "verified.json"]


QUOTING = {"content/explainers/quotes.md": (
    "---\ntitle: Quotes\nsummary: Quotes.\npublished: 2025-09-05\nauthors: [Archive editors]\nstatus: published\n---\n"
    "The article says it would be “the first time since the 19th century” [@plans-article].\n")}


def test_a_second_check_verifies_only_what_changed_or_cites_a_changed_excerpt(tmp_path, monkeypatch):
    project = make_archive(tmp_path / "a", QUOTING)
    first = check(project)
    verified = []
    real = verify_stage._verify_item
    monkeypatch.setattr(verify_stage, "_verify_item", lambda item, *rest: verified.append(item.id) or real(item, *rest))
    assert summary(check(project)) == summary(first) and first.integrity == check(project).integrity
    assert verified == []  # every verdict came from the memo
    # The quoted excerpt changes: the explainer quoting it is checked again, and its quotation no longer matches.
    article = project / "content/sources/2025/plans-article.md"
    article.write_text(article.read_text().replace("since the 19th century", "since the 1800s"))
    again = check(project)
    assert sorted(verified) == ["planning", "plans-2025", "quotes", "unfinished"]  # what cites it; not the other events
    assert [(d.path, d.code) for d in again.diagnostics] == [("content/explainers/quotes.md", "quote-mismatch")]


def test_a_verdict_follows_its_item_down_the_file(tmp_path):
    project = make_archive(tmp_path / "a", {"content/explainers/quotes.md": QUOTING["content/explainers/quotes.md"]
                                            + "\nAn uncited claim.\n"})
    check(project)
    quotes = project / "content/explainers/quotes.md"
    quotes.write_text(quotes.read_text().replace("status: published", "status: published\nupdated: 2025-09-06"))
    assert [d.format() for d in check(project).diagnostics] == [d.format() for d in check(project, cache=False).diagnostics]
    assert [d.line for d in check(project).diagnostics] == [11]


@pytest.mark.parametrize("damage", [
    lambda counts, problem: counts.update(quotations=5.0),
    lambda counts, problem: counts.update(quotations="many"),
    lambda counts, problem: problem.update(line=1.5),
    lambda counts, problem: problem.update(path=["content/explainers/quotes.md"]),
    lambda counts, problem: problem.update(hint=3),
    lambda counts, problem: problem.update(severity="fatal"),
    lambda counts, problem: problem.update(extra="field"),
])
def test_a_damaged_verdict_memo_is_verified_again(tmp_path, damage):
    project = make_archive(tmp_path / "a", {"content/explainers/quotes.md": QUOTING["content/explainers/quotes.md"]
                                            + "\nAn uncited claim.\n"})
    first = check(project)
    memo = project / CACHE_FILE.parent / "verified.json"
    stored = json.loads(memo.read_text())
    counts, problems = stored["entries"]["content/explainers/quotes.md"][1]
    damage(counts, problems[0])
    memo.write_text(json.dumps(stored))
    again = check(project)
    assert summary(again) == summary(first) and again.integrity == first.integrity


def test_a_named_pipe_in_place_of_a_memo_is_not_waited_on(tmp_path):
    project = make_archive(tmp_path / "a")
    expected = summary(check(project))
    memo = project / CACHE_FILE
    memo.unlink()
    os.mkfifo(memo)
    results = []
    reading = threading.Thread(target=lambda: results.append(summary(check(project))), daemon=True)
    reading.start()
    reading.join(timeout=60)  # opening the pipe to read it would wait for a writer forever
    assert results == [expected]
