"""The archive's own content: clean, honest to its seed clippings, and building into a link-clean site."""

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.commands.cli import main
from builder.core.paths import Kind, is_shortened
from builder.core.pipeline import check
from tests.conftest import REPO
from tests.sitecheck import broken_links, outside_requests

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"


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


def test_the_timeline_spans_1914_to_2026_and_every_event_rests_on_an_original(checked):
    events, items = checked.archive.events, checked.archive.items
    assert events[0].meta.date.year == 1914 and events[-1].meta.date.year == 2026 and len(events) >= 70
    for event in events:
        assert any(items[source].meta.original for source in event.meta.sources), event.id


def test_every_explainer_cites_at_least_eight_sources_and_quotes_them(checked):
    explainers = checked.archive.explainers
    assert len(explainers) >= 8
    for explainer in explainers:
        cited = {key.id for c in checked.archive.scans[explainer.id].citations for key in c.keys}
        assert len(cited) >= 8, explainer.id


def test_the_archive_quotes_what_it_relies_on(checked):
    assert checked.integrity.verified_quotations >= 100
    assert checked.integrity.verified_quotations == checked.integrity.quotations
    cited = {key.id for item in (*checked.archive.explainers, *checked.archive.events)
             for c in checked.archive.scans[item.id].citations for key in c.keys}
    assert [s for s in cited if not checked.archive.items[s].body.strip()] == []


def test_readers_never_see_internal_working_files(site):
    leaks = [page.relative_to(site) for page in site.rglob("*.html")
             if re.search(r"research brief|clipping file|the brief\b", page.read_text(encoding="utf-8"), re.IGNORECASE)]
    assert leaks == []


def test_no_source_gives_a_shortened_link_as_its_address(checked):
    assert [s.id for s in checked.archive.sources if s.meta.url and is_shortened(s.meta.url)] == []


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("repo") / "archive"
    for name in ("content", "theme"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    assert main(["-C", str(project), "build", "--strict"]) == 0
    return project / "site"


def test_the_archive_builds_strictly_into_a_link_clean_site(site):
    assert broken_links(site) == []  # no site_url: the 404 page links from the root
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
    about = BeautifulSoup((site / "about" / "index.html").read_text(encoding="utf-8"), "html.parser")
    figures = {row.th.get_text(): row.td.get_text() for row in about.select("table.ar-integrity tr")}
    integrity = checked.integrity
    assert figures["Quotations checked word for word against the excerpts they cite"] == (
        f"{integrity.verified_quotations} of {integrity.quotations}"
    )
    assert figures["Citations in explainers and timeline events"] == str(integrity.citations)
    assert figures["Of those, paragraphs with no citation"] == str(integrity.uncited_paragraphs)
    sources = checked.archive.sources
    with_url = sum(1 for source in sources if source.meta.original)
    assert figures["Sources published"] == str(len(sources))
    assert figures["Sources whose original address is on record"] == f"{with_url} of {len(sources)} ({round(100 * with_url / len(sources))}%)"
    assert figures["Sources carrying an editor’s note"] == str(sum(1 for source in sources if source.meta.note))
    assert integrity.quotations > 0 and integrity.verified_quotations == integrity.quotations


def test_the_seed_claim_about_the_19th_century_carries_a_note_citing_the_history(checked):
    [source] = [s for s in checked.archive.sources if "since the 19th century" in s.body]
    cited = {key.id for c in checked.archive.note_scans[source.id].citations for key in c.keys}
    assert {"veracruz-occupation-wikipedia", "pancho-villa-expedition-wikipedia"} <= cited


def test_every_source_page_leads_a_reader_to_the_text(site, checked):
    # The original, its snapshot, an identifier's official page, or else the copy the editors read:
    # no source page is a dead end.
    for source in checked.archive.sources:
        html = (site / "sources" / source.id / "index.html").read_text(encoding="utf-8")
        lead = BeautifulSoup(html, "html.parser").select_one(".ar-original .ar-read a[href^='http']")
        assert lead is not None, source.id
