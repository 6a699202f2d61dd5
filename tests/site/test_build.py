"""End to end: build the fixture archive with MkDocs and read the HTML a reader gets."""

import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.commands.cli import main
from tests.conftest import FIXTURE_CONTENT, make_archive
from tests.sitecheck import broken_links, outside_requests


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_archive(tmp_path_factory.mktemp("e2e") / "archive")
    assert main(["-C", str(project), "build", "--strict"]) == 0
    return project / "site"


def test_citations_become_numbered_notes_with_provenance(site):
    explainer = page(site, "explainers/planning")
    markers = [a.get_text() for a in explainer.select("sup a.footnote-ref")]
    assert markers == ["1", "2", "3", "4"]
    notes = explainer.select("div.footnote li")
    first = notes[0]
    assert text(first).startswith("Example Daily, “Pentagon drafts strike plans”, 8 Aug 2025, para. 1.")
    links = {a.get_text(): a["href"] for a in first.select("a")}
    assert links["Source page"] == "../../sources/plans-article/"
    assert links["Original"] == "https://example.org/plans"
    assert links["Archived copy"] == "https://archive.example.org/plans"
    assert first.select_one("a.ar-external")["rel"] == ["noopener", "noreferrer"]
    # The source's editor's note travels with every citation of it.
    assert "Editor’s note: The claim about the 19th century is contradicted by" in text(first)
    # and what the note cites stays one click away, there and in the note's hover preview.
    assert [a["href"] for a in first.select(".ar-cite-note a")] == ["../../sources/veracruz-ref/"]
    # An unknown outlet and date are said to be unknown, never left blank.
    assert text(notes[2]).startswith("Outlet unknown, “A post about strikes”, c. Aug 2025.")


def test_same_source_and_locator_reuse_one_note(site):
    explainer = page(site, "explainers/planning")
    hrefs = [a["href"] for a in explainer.select("sup a.footnote-ref")]
    assert hrefs == ["#fn:cite-1", "#fn:cite-2", "#fn:cite-3", "#fn:cite-4"]  # with and without a locator differ
    notes = [text(li) for li in explainer.select("div.footnote li")]
    assert notes[3].startswith("Example Daily, “Pentagon drafts strike plans”, 8 Aug 2025. Source page")


def test_code_spans_are_not_citations(site):
    explainer = page(site, "explainers/planning")
    assert [c.get_text() for c in explainer.select("p code")] == ["[@not-a-citation]"]


def test_wikilinks_resolve_to_the_item_page_with_its_name(site):
    link = page(site, "explainers/planning").select_one("a.ar-wikilink")
    assert (link.get_text(), link["href"]) == ("U.S. Northern Command", "../../entities/northcom/")


def test_explainer_shows_dates_and_authors(site):
    byline = text(page(site, "explainers/planning").select_one(".ar-byline"))
    assert byline.startswith("By Archive editors · Published 1 Sep 2025 · Last updated 15 Sep 2025")


def test_source_page_has_provenance_excerpt_and_backlinks(site):
    source = page(site, "sources/plans-article")
    provenance = {text(d.dt): text(d.dd) for d in source.select(".ar-provenance > div")}
    assert provenance["Outlet or publisher"] == "Example Daily"
    assert provenance["Published"] == "8 Aug 2025"
    assert provenance["Authors"] == "Ana Ruiz"
    assert provenance["Language"] == "English"  # in words; the tag stays on the excerpt for screen readers
    assert source.select_one(".ar-excerpt")["lang"] == "en"
    assert [text(p) for p in source.select(".ar-excerpt p")] == [
        "The Pentagon is drafting plans for strikes.",
        "It would be the first time since the 19th century.",
    ]
    backlinks = {text(li.a): [text(q) for q in li.select("q")] for li in source.select(".ar-backlinks > li")}
    assert backlinks == {
        "What the plans say": ["The Pentagon is drafting plans.", "A post said so too."],
        "Strike plans reported": ["Plans were reported."],
    }
    assert [text(a) for a in source.select("#named-in-this-source + ul a")] == ["U.S. Northern Command"]
    assert text(source.select_one(".ar-note")).startswith("Editor’s note The claim about the 19th century")


def test_unknown_facts_are_said_once(site):
    source = page(site, "sources/tweet")
    provenance = {text(d.dt): text(d.dd) for d in source.select(".ar-provenance > div")}
    assert provenance == {"Published": "c. Aug 2025", "Language": "English"}
    assert text(source.select_one(".ar-unknown-facts")) == "Not known: the outlet and the author."
    assert "unknown" not in text(source.select_one(".ar-provenance")) + text(source.select_one(".ar-original"))


def test_a_source_page_leads_with_the_original_and_its_snapshot(site):
    source = page(site, "sources/plans-article")
    read = source.select_one(".ar-original .ar-read")
    assert text(read) == "Read the original at Example Daily or the archived copy of 9 Aug 2025"
    original, snapshot = read.select("a")
    assert (original["href"], original["data-versionurl"], original["data-versiondate"]) == (
        "https://example.org/plans", "https://archive.example.org/plans", "2025-08-09")
    assert (snapshot["href"], snapshot["data-originalurl"], snapshot["data-versiondate"]) == (
        "https://archive.example.org/plans", "https://example.org/plans", "2025-08-09")
    # It comes before everything else the page says of the source, its excerpt included.
    assert str(source).index("ar-original") < str(source).index("ar-provenance") < str(source).index("ar-excerpt")


def test_every_link_to_a_sources_original_carries_robust_links_attributes(site):
    explainer = page(site, "explainers/planning")
    outbound = [a for a in explainer.select(".ar-cite a.ar-external")]
    assert outbound and all(a.has_attr("data-originalurl") or a.has_attr("data-versionurl") for a in outbound)
    assert {a["href"] for a in outbound} >= {"https://example.org/plans", "https://archive.example.org/plans"}


def test_markup_in_an_excerpt_is_shown_as_text(site):
    source = page(site, "sources/tweet")
    assert source.select(".ar-excerpt script") == []
    assert "<script>alert(1)</script>" in text(source.select_one(".ar-excerpt"))


def test_related_sources_are_listed(site):
    related = [text(a) for a in page(site, "sources/tweet").select("#related-sources + ul a")]
    assert related == ["Pentagon drafts strike plans", "United States occupation of Veracruz"]


def test_entity_page_lists_what_names_it(site):
    entity = page(site, "entities/northcom")
    assert text(entity.select_one(".ar-aliases")) == "Also named: NORTHCOM"
    sections = {text(h2).rstrip("¶").strip(): [text(a) for a in h2.find_next_sibling("ul").select(":scope > li > a")]
                for h2 in entity.select("h2") if h2.find_next_sibling("ul")}
    assert sections["Explainers"] == ["What the plans say"]
    assert sections["On the timeline"] == ["Strike plans reported"]
    assert sorted(sections["Sources"]) == ["A post about strikes", "Pentagon drafts strike plans"]


def test_topic_page_lists_its_members(site):
    topic = page(site, "topics/strike-planning")
    assert "What the plans say" in text(topic) and "United States occupation of Veracruz" in text(topic)


def test_timeline_runs_in_date_order_at_each_dates_precision(site):
    timeline = page(site, "timeline")
    events = timeline.select("li.ar-event")
    assert [e.h3["id"] for e in events] == ["event-veracruz-1914", "event-punitive-1916", "event-plans-2025"]
    assert [text(e.select_one("time")) for e in events] == ["Apr 1914", "c. 1916", "8 Aug 2025"]
    assert [e.select_one("time")["datetime"] for e in events] == ["1914-04", "1916", "2025-08-08"]
    assert [text(h) for h in timeline.select("h2")] == ["1914 ¶", "1916 ¶", "2025 ¶"]
    # The 1916 event's text cites nothing: its source is listed under it.
    sources = events[1].select(".ar-event-sources a")
    assert text(events[1].select_one(".ar-event-sources")) == "Sources: United States occupation of Veracruz"
    assert [(text(a), a["href"]) for a in sources] == [("United States occupation of Veracruz", "../sources/veracruz-ref/")]


def test_a_citation_on_the_timeline_names_the_outlet(site):
    event = page(site, "timeline").select_one("#event-plans-2025").find_parent("li")
    cite = event.select_one(".ar-inline-cite a")
    assert (text(cite), cite["href"]) == ("Example Daily", "../sources/plans-article/")
    assert event.select("a.ar-has-note") == []  # the source's page carries its editor's note


def test_an_event_lists_under_its_text_only_the_sources_and_names_the_text_does_not_link(site):
    timeline = page(site, "timeline")
    lines = {e.h3["id"]: [text(p) for p in e.select(".ar-event-sources, .ar-event-entities")] for e in timeline.select("li.ar-event")}
    assert lines == {"event-veracruz-1914": [],  # cites its source and links its place
                     "event-punitive-1916": ["Sources: United States occupation of Veracruz"],
                     "event-plans-2025": ["See also: U.S. Northern Command"]}  # cites its source, names no one
    # Every source and every name of an event is one link away from it, in its text or under it.
    for event, listed in (("veracruz-1914", {"sources/veracruz-ref", "entities/veracruz"}),
                          ("punitive-1916", {"sources/veracruz-ref"}),
                          ("plans-2025", {"sources/plans-article", "entities/northcom"})):
        links = {a["href"].strip("./") for a in timeline.select_one(f"#event-{event}").find_parent("li").select("a")}
        assert listed <= links, event


def test_drafts_are_not_published(site):
    assert not (site / "explainers" / "unfinished").exists()
    assert "Unfinished draft" not in text(page(site, "explainers"))


def test_home_leads_to_every_section(site):
    home = page(site, "")
    assert [text(a) for a in home.select("h2#using-the-archive + ul a")] == ["About this archive", "Corrections", "Data and feeds"]
    assert len(home.select("h2")) == len({h.get("id") for h in home.select("h2")})  # no section twice
    cards = {text(a.strong): a["href"] for a in page(site, "").select(".ar-cards a")}
    assert cards == {
        "Explainers": "explainers/", "Timeline": "timeline/", "Sources": "sources/", "People and organizations": "entities/",
    }



def test_the_home_page_is_titled_once_and_other_pages_after_their_item(site):
    assert text(page(site, "").title) == "Fixture Archive"
    assert text(page(site, "sources/plans-article").title) == "Pentagon drafts strike plans - Fixture Archive"

def test_year_pages_reach_every_source(site):
    years = page(site, "sources").select("h2#by-year + ul a")
    assert [(text(a), a["href"]) for a in years] == [("2025 2", "../years/2025/"), ("Date unknown 1", "../years/undated/")]
    assert "United States occupation of Veracruz" in text(page(site, "years/undated"))


def test_a_year_page_says_what_it_holds_like_the_other_index_pages(site):
    year = page(site, "years/2025")
    events, sources = (len(year.select_one(heading).find_next("ul").select("li")) for heading in ("#on-the-timeline", "#sources"))
    assert (events, sources) == (1, 2)
    assert text(year.select_one(".ar-kicker")) == "By year"
    assert text(year.select_one(".ar-lede")) == "1 event on the timeline, and 2 sources published that year."
    assert text(page(site, "years/undated").select_one(".ar-lede")) == "1 source whose publication date is not known."


def test_every_internal_link_and_anchor_resolves(site):
    assert broken_links(site) == []


def test_no_request_leaves_the_site(site):
    assert outside_requests(site) == []
    assert "fonts.googleapis.com" not in (site / "index.html").read_text()


def test_moving_a_file_between_subfolders_keeps_its_url(tmp_path):
    moved = make_archive(tmp_path / "moved")
    (moved / "content/sources/2025/plans-article.md").rename(moved / "content/sources/plans-article.md")
    assert main(["-C", str(moved), "build"]) == 0
    assert (moved / "site/sources/plans-article/index.html").is_file()


def test_a_failing_build_leaves_the_previous_site_untouched(tmp_path, capsys):
    project = make_archive(tmp_path / "atomic")
    assert main(["-C", str(project), "build"]) == 0
    before = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    (project / "content/sources/tweet.md").write_text("---\ntitle: [broken\n---\n")
    assert main(["-C", str(project), "build"]) == 1
    err = capsys.readouterr().err
    assert "content/sources/tweet.md:2:8: error[yaml-syntax]" in err and "Traceback" not in err
    after = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []


EDGE_EXPLAINER = """\
    ---
    title: Edge cases
    summary: Structure survives citations.
    published: 2025-09-03
    authors: [Archive editors]
    status: published
    ---
    ## Sub
    [@plans-article] begins a paragraph under a heading.

    ```
    code
    ```
    [@veracruz-ref] comes right after a fence.

    An aside of my own[^mine] and a claim
    [@tweet] on the next line.

    [^mine]: My own footnote.
    """

ODD_TITLE = """\
    ---
    title: The *real* story_of_x [draft](http://evil.example)
    kind: reference
    outlet: "*Bold* Press"
    authors: unknown
    published: unknown
    language: en
    ---
    """


@pytest.fixture(scope="module")
def edge_site(tmp_path_factory) -> Path:
    project = make_archive(tmp_path_factory.mktemp("edge") / "archive", {
        "content/explainers/edge.md": EDGE_EXPLAINER,
        "content/sources/odd.md": ODD_TITLE,
        "content/sources/untitled.md": "---\ntitle: \"[Clipping on strike plans]\"\nkind: reference\noutlet: unknown\n"
                                       "authors: unknown\npublished: unknown\nlanguage: en\n---\n",
        "content/explainers/planning.md": FIXTURE_CONTENT["content/explainers/planning.md"].replace(
            "[@tweet; @plans-article]", "[@tweet; @plans-article] and [[odd]] [@odd, p. *2*]"),
        "content/timeline/partly-cited.md": "---\ntitle: Partly cited\ndate: 2025-09\n"
                                            "sources: [plans-article, veracruz-ref, untitled]\nentities: [veracruz, northcom]\n---\n"
                                            "Plans for [[veracruz]] were reported [@plans-article, para. 1].\n",
    })
    assert main(["-C", str(project), "build"]) == 0
    return project / "site"


def test_an_event_whose_text_cites_some_of_its_sources_lists_the_others_under_it(edge_site):
    event = page(edge_site, "timeline").select_one("#event-partly-cited").find_parent("li")
    assert [text(p) for p in event.select(".ar-event-sources, .ar-event-entities")] == [
        "More sources: United States occupation of Veracruz · Clipping on strike plans", "See also: U.S. Northern Command"]
    assert {a["href"] for a in event.select("a")} >= {"../sources/plans-article/", "../sources/veracruz-ref/", "../sources/untitled/",
                                                      "../entities/veracruz/", "../entities/northcom/"}


def test_citations_never_merge_a_paragraph_into_a_heading_or_a_fence(edge_site):
    edge = page(edge_site, "explainers/edge")
    heading = edge.select_one("h2#sub")
    assert text(heading) == "Sub ¶"
    assert text(heading.find_next_sibling()).endswith("begins a paragraph under a heading.")
    fence = edge.select_one("pre")
    assert text(fence) == "code"
    assert text(fence.find_next_sibling()).endswith("comes right after a fence.")


def test_a_citation_on_the_next_line_hugs_the_word_before_it(edge_site):
    paragraph = next(p for p in page(edge_site, "explainers/edge").select("p") if "An aside" in p.get_text())
    assert "claim<sup" in str(paragraph).replace("\n", "")


def test_an_editors_own_footnote_survives_beside_the_citations(edge_site):
    notes = [text(li) for li in page(edge_site, "explainers/edge").select("div.footnote li")]
    assert any(note.startswith("My own footnote.") for note in notes)
    assert sum(note.startswith(("Example Daily", "Wikipedia", "Outlet unknown")) for note in notes) == 3


def test_markdown_in_titles_and_outlets_stays_literal_everywhere(edge_site):
    planning = page(edge_site, "explainers/planning")
    wikilink = next(a for a in planning.select("a.ar-wikilink") if "story" in a.get_text())
    assert wikilink.get_text() == "The *real* story_of_x [draft](http://evil.example)"
    note = next(li for li in planning.select("div.footnote li") if "Bold" in li.get_text())
    assert text(note).startswith("*Bold* Press, “The *real* story_of_x [draft](http://evil.example)”, date unknown, p. *2*.")
    assert note.select("em") == [] and [a["href"] for a in note.select("a")][0] == "../../sources/odd/"
    assert not any("evil.example" in a.get("href", "") for a in planning.select("a"))
    assert text(page(edge_site, "sources/odd").select_one("h1")) == "The *real* story_of_x [draft](http://evil.example)"


def test_a_failed_strict_build_leaves_the_previous_site_untouched(tmp_path):
    project = make_archive(tmp_path / "strict")
    assert main(["-C", str(project), "build"]) == 0
    before = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*"))
    orphan = FIXTURE_CONTENT["content/sources/refs/veracruz-ref.md"].replace("entities: [veracruz]", "entities: []")
    (project / "content/sources/orphan.md").write_text(textwrap.dedent(orphan))
    assert main(["-C", str(project), "build", "--strict"]) == 1
    assert sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*")) == before
    assert not (project / "site/sources/orphan").exists()
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []


def test_apostrophes_and_adjacent_notes_read_naturally(tmp_path):
    project = make_archive(tmp_path / "a", {
        "content/sources/tweet.md": FIXTURE_CONTENT["content/sources/tweet.md"].replace(
            "title: A post about strikes", "title: \"O'Reilly's post\""),
    })
    assert main(["-C", str(project), "build"]) == 0
    explainer = page(project / "site", "explainers/planning")
    notes = [text(li) for li in explainer.select("div.footnote li")]
    assert notes[2].startswith("Outlet unknown, “O'Reilly's post”")
    group = next(p for p in explainer.select("p") if "A post said so too" in p.get_text())
    assert "saidsotoo3,4." in text(group).replace(" ", "")


def test_timeline_events_carry_their_topics_and_entities_for_the_filters(site):
    timeline = page(site, "timeline")
    event = timeline.select_one("#event-veracruz-1914").find_parent("li")
    assert (event["data-ar-topics"], event["data-ar-entities"]) == ("strike-planning", "veracruz")
    form = timeline.select_one("form.ar-filters")
    assert form.has_attr("data-ar-waiting")  # unseen until its script runs: without JavaScript, the plain list
    assert [o["value"] for o in form.select("select[name=topic] option")] == ["", "strike-planning"]
    assert [o["value"] for o in form.select("select[name=entity] option")] == ["", "northcom", "veracruz"]


def test_the_strip_counts_events_and_sources_per_month(site):
    strip = page(site, "timeline").select_one("figure.ar-strip svg")
    bars = [(a.title.get_text(), a["href"]) for a in strip.select("a")]
    assert bars == [("Apr 1914: 1 event", "#event-veracruz-1914"), ("1916, month not known: 1 event", "#event-punitive-1916"),
                    ("Aug 2025: 1 event", "#event-plans-2025"), ("Aug 2025: 2 sources", "../years/2025/")]
    assert text(strip.select_one("title#strip-summary")).startswith(
        "Events and sources per month, 1914 to 2025: 3 events and 2 dated sources.")


CORRECTED = FIXTURE_CONTENT["content/explainers/planning.md"].replace("status: published", """status: published
        corrections:
          - date: 2025-09-20
            wrong: It said the plans were final.
            right: They were drafts.""")


def test_corrections_show_on_the_explainer_and_on_their_page(tmp_path):
    project = make_archive(tmp_path / "a", {"content/explainers/planning.md": CORRECTED})
    assert main(["-C", str(project), "build"]) == 0
    note = page(project / "site", "explainers/planning").select_one("#corrections")
    assert " ".join(note.get_text().split()) == "Corrected 20 Sep 2025. What was wrong: It said the plans were final. What is right: They were drafts."
    listed = page(project / "site", "corrections").select_one("article li")
    assert text(listed).startswith("20 Sep 2025 · Explainer What the plans say")
    assert listed.a["href"] == "../explainers/planning/#corrections"


def test_every_page_leads_to_the_corrections_and_the_data_from_its_footer(site):
    for path in ("", "sources/plans-article", "explainers/planning", "topics/strike-planning"):
        footer = {text(a): a["href"] for a in page(site, path).select("footer .ar-footer-links a")}
        targets = {name: (site / path / href).resolve() for name, href in footer.items()}
        assert targets == {"Corrections": (site / "corrections").resolve(), "Data and feeds": (site / "data").resolve()}


def test_a_listing_says_which_fact_is_unknown(edge_site):
    row = next(li for li in page(edge_site, "years/undated").select(".ar-list li") if "real" in li.get_text())
    assert text(row.select_one(".ar-meta")) == "Reference · *Bold* Press · date unknown"


def test_the_sources_index_leads_with_the_most_cited(site):
    listed = [a["href"] for a in page(site, "sources").select(".ar-list li > a")]
    assert listed, "no source listed"
    citing = [len(page(site, f"sources/{href}").select(".ar-backlinks > li")) for href in listed]
    assert citing == sorted(citing, reverse=True) and citing[-1] > 0


def test_a_title_in_brackets_says_the_editors_supplied_it(edge_site):
    assert "supplied by the editors" in text(page(edge_site, "sources/untitled").select_one(".ar-supplied"))
    assert page(edge_site, "sources/odd").select_one(".ar-supplied") is None


@pytest.mark.parametrize("home", ["  - Home: index.md\n", "  - The archive:\n    - index.md\n"])
def test_the_home_page_has_its_search_field_wherever_the_navigation_puts_it(tmp_path, home):
    project = make_archive(tmp_path / "a")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - Home: index.md\n", home))
    assert main(["-C", str(project), "build"]) == 0
    home_page = page(project / "site", "")
    assert home_page.select_one("form.ar-home-search input[name=q]") is not None
    assert home_page.select_one(".ar-search-slot") is None


def test_markdown_named_otherwise_and_editors_leftovers_are_told_of_and_never_published(tmp_path, capsys):
    leftovers = {"content/sources/draft-notes.markdown": "---\ntitle: Notes\n---\nPrivate notes.\n",
                 "content/explainers/planning.md~": "an editor's backup", "content/explainers/planning.md.orig": "a merge's"}
    project = make_archive(tmp_path / "a", {**leftovers, "content/files/map.svg": "<svg/>"})
    assert main(["-C", str(project), "build"]) == 0
    err = capsys.readouterr().err
    assert [path for path in leftovers if f"{path}:1:1: warning[stray-file]" not in err] == []
    assert not [path for path in (project / "site").rglob("*") if "notes" in path.name or "planning.md" in path.name]
    assert (project / "site/files/map.svg").read_text() == "<svg/>"  # other files are published as they are


def test_the_home_page_states_its_span_of_years_from_the_timeline(site):
    span = text(page(site, "").select_one(".ar-span"))
    assert span == "Its timeline runs from 1914 to 2025."


def test_the_sources_page_lists_every_source_and_its_counts_lead_to_them(site, edge_site):
    sources = page(site, "sources")
    rows = sources.select("ol.ar-source-list > li")
    assert len(rows) == len(list((site / "sources").glob("*/index.html")))
    assert [tr["data-date"] for tr in rows] == sorted((tr["data-date"] for tr in rows), reverse=True)  # newest first
    kinds = {text(a): a["href"] for a in sources.select("h2#by-kind + ul a")}
    assert kinds == {"Articles 1": "?kind=article#all-sources", "References 1": "?kind=reference#all-sources",
                     "Social posts 1": "?kind=social-post#all-sources"}
    # An editors' description in brackets is set as a description, not as the work's name.
    untitled = next(tr for tr in page(edge_site, "sources").select("ol.ar-source-list > li") if "untitled" in tr.a["href"])
    assert "[" not in text(untitled.a) and untitled.a.select_one(".ar-described")


def test_search_filters_by_the_years_an_item_is_about_not_when_it_was_written(tmp_path):
    later = FIXTURE_CONTENT["content/explainers/planning.md"].replace("published: 2025-09-01", "published: 2026-11-01")
    project = make_archive(tmp_path / "a", {"content/explainers/planning.md": later})
    assert main(["-C", str(project), "build"]) == 0

    def years(document: str) -> list[str]:
        return [text(span) for span in page(project / "site", document).select('.ar-facets [data-pagefind-filter="year"]')]

    assert years("explainers/planning") == ["2025"]  # its sources' year, not 2026
    assert years("timeline") == ["1914", "1916", "2025"]
    assert years("sources/plans-article") == ["2025"] and years("sources/veracruz-ref") == []


def test_the_footer_says_how_to_reach_the_editors_once_an_address_is_set(tmp_path, monkeypatch):
    project = make_archive(tmp_path / "a")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "extra:\n  contact: editors@news.test\n")
    assert main(["-C", str(project), "build"]) == 0
    link = page(project / "site", "explainers/planning").select_one("footer .ar-footer-links a[href^='mailto:']")
    assert (text(link), link["href"]) == ("Write to the editors", "mailto:editors@news.test")


def test_with_no_address_of_the_original_the_copy_the_editors_read_leads(tmp_path):
    copied = FIXTURE_CONTENT["content/sources/tweet.md"].replace(
        "url: https://x.example/ana/status/1\n", "via:\n          outlet: A member station\n          url: https://station.example/post\n")
    project = make_archive(tmp_path / "a", {"content/sources/tweet.md": copied})
    assert main(["-C", str(project), "build"]) == 0
    read = page(project / "site", "sources/tweet").select_one(".ar-original .ar-read a")
    assert (text(read), read["href"]) == ("Read the copy at A member station", "https://station.example/post")
    # That the original's address is not known is said once, with the source's other unknowns.
    assert text(page(project / "site", "sources/tweet").select_one(".ar-unknown-facts")) == (
        "Not known: the outlet, the author, and the address of the original.")
    assert page(project / "site", "sources/tweet").select(".ar-original .ar-status") == []


def test_a_quotation_cited_without_a_locator_gets_the_passage_that_holds_it(tmp_path):
    source = FIXTURE_CONTENT["content/sources/2025/plans-article.md"].replace(
        "The Pentagon is drafting plans for strikes.\n\n        It would be",
        "== para. 1 ==\n        The Pentagon is drafting plans for strikes.\n\n        == para. 5 ==\n        It would be")
    explainer = FIXTURE_CONTENT["content/explainers/planning.md"].replace(
        "The occupation of 1914 came first [@veracruz-ref].",
        "It would be “the first time since the 19th century” [@plans-article]. The occupation of 1914 came first [@veracruz-ref].")
    project = make_archive(tmp_path / "a", {"content/sources/2025/plans-article.md": source,
                                            "content/explainers/planning.md": explainer})
    assert main(["-C", str(project), "build", "--strict"]) == 0
    notes = page(project / "site", "explainers/planning").select("div.footnote li")
    quoting = next(li for li in notes if "the 19th century" in text(li.select_one(".ar-cite-passage") or li))
    assert text(quoting).startswith("Example Daily, “Pentagon drafts strike plans”, 8 Aug 2025, para. 5.")
    assert text(quoting.select_one(".ar-cite-passage")) == "It would be the first time since the 19th century."
