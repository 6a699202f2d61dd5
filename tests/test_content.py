"""The archive's own content: clean, honest to its seed clippings, and building into a link-clean site."""

import re
import shutil
from pathlib import Path

import pytest

from builder.cli import main
from builder.paths import Kind
from builder.pipeline import check
from tests.conftest import REPO
from tests.sitecheck import broken_links, outside_requests

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


@pytest.fixture(scope="module")
def checked():
    return check(REPO)


def test_content_checks_clean(checked):
    assert [d.format() for d in checked.diagnostics] == []


def test_every_seed_character_is_in_exactly_one_seed_source(checked):
    seed_text = re.sub(r"\s+", "", "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))))
    covered = [0] * len(seed_text)
    for source in checked.archive.sources:
        if "/seeds/" not in source.origin.path:
            continue
        excerpt = re.sub(r"\s+", "", source.body)
        start = seed_text.find(excerpt)
        assert excerpt and start != -1, f"{source.origin.path}: the excerpt is not verbatim from the clippings"
        for i in range(start, start + len(excerpt)):
            covered[i] += 1
    assert set(covered) == {1}, "some clipping text is missing from, or repeated across, the seed sources"


def test_the_timeline_spans_1914_to_2025_and_every_event_is_sourced(checked):
    events = checked.archive.events
    assert events[0].meta.date.year == 1914 and events[-1].meta.date.year == 2025
    assert all(event.meta.sources for event in events)


def test_there_are_explainers_citing_sources(checked):
    explainers = checked.archive.explainers
    assert len(explainers) >= 2
    for explainer in explainers:
        assert len(checked.archive.scans[explainer.id].citations) >= 10, explainer.id


def test_no_reference_source_invents_a_url(checked):
    references = [s for s in checked.archive.sources if s.meta.kind == "reference"]
    assert references and all(s.meta.url is None and not s.body.strip() for s in references)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("repo") / "archive"
    for name in ("content", "theme"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    assert main(["-C", str(project), "build", "--strict"]) == 0
    return project / "site"


def test_the_archive_builds_strictly_into_a_link_clean_site(site):
    assert broken_links(site, base_path="/cartel-archive/") == []
    assert outside_requests(site) == []


def test_every_item_has_its_page(site, checked):
    for item in checked.archive.items.values():
        if item.kind is Kind.EVENT:
            continue
        folder = "" if item.kind is Kind.PAGE else f"{item.kind.folder}/"
        assert (site / f"{folder}{item.id}" / "index.html").is_file(), item.id
    for section in ("timeline", "sources", "explainers", "entities", "topics", "about"):
        assert (site / section / "index.html").is_file(), section


def test_the_integrity_summary_on_the_about_page_is_true(site, checked):
    from bs4 import BeautifulSoup

    about = BeautifulSoup((site / "about" / "index.html").read_text(encoding="utf-8"), "html.parser")
    figures = {row.th.get_text(): row.td.get_text() for row in about.select("table.ar-integrity tr")}
    integrity = checked.integrity
    assert figures["Quotations checked word for word against the excerpts they cite"] == (
        f"{integrity.verified_quotations} of {integrity.quotations}"
    )
    assert figures["Citations in explainers and timeline events"] == str(integrity.citations)
    assert figures["Of those, paragraphs with no citation"] == str(integrity.uncited_paragraphs)
    sources = checked.archive.sources
    references = [source for source in sources if source.meta.kind == "reference"]
    assert figures["Sources, of which references held without an excerpt"] == f"{len(sources)}, {len(references)}"
    assert figures["Sources carrying an editor’s note"] == str(sum(1 for source in sources if source.meta.note))
    assert integrity.quotations > 0 and integrity.verified_quotations == integrity.quotations


def test_the_seed_claim_about_the_19th_century_carries_a_note_citing_the_history(checked):
    [source] = [s for s in checked.archive.sources if "since the 19th century" in s.body]
    cited = {key.id for c in checked.archive.note_scans[source.id].citations for key in c.keys}
    assert {"veracruz-occupation-wikipedia", "pancho-villa-expedition-wikipedia"} <= cited
