"""Editors' texts are converted once, by Python-Markdown, with what the templates draw for citations and
wikilinks set in as finished HTML that Markdown never reads."""

import textwrap

from builder.core.paths import INDEX_OF, Kind
from builder.rendering.build import build
from builder.rendering.emit import SiteInfo
from builder.rendering.texts import Heading, TextRenderer
from tests.conftest import FIXTURE_CONTENT, make_archive

SITE = SiteInfo("Fixture Archive", "A small archive for tests.", "https://example.org/")
PLANNING = "content/explainers/planning.md"


def documents(tmp_path, files=None):
    documents, checked = build(make_archive(tmp_path / "a", files), SITE)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    return {document.path: document for document in documents}, checked


def test_a_fragment_set_into_a_text_comes_out_as_drawn_whatever_markdown_would_make_of_it():
    texts = TextRenderer()
    fragments = texts.fragments(lambda href: None)
    drawn = '<span class="ar-cite">*not emphasis* [not a link](x.md) `not code`</span>'
    rendered = texts.render(f"A claim {fragments.place(drawn)} and *emphasis*.")
    assert rendered.html == f"<p>A claim {drawn} and <em>emphasis</em>.</p>"


def test_a_placeholder_an_editor_types_is_not_a_place_for_a_fragment():
    texts = TextRenderer()
    texts.fragments(lambda href: None).place("<b>drawn</b>")
    rendered = texts.render("Typed: \ue000deadbeef:0\ue001.")
    assert "<b>drawn</b>" not in rendered.html


def test_headings_come_with_their_anchors_for_the_table_of_contents():
    texts = TextRenderer()
    texts.fragments(lambda href: None)
    rendered = texts.render("## Background\n\nText.\n\n### Earlier plans\n\nMore.\n")
    assert rendered.headings == (Heading(2, "background", "Background", (Heading(3, "earlier-plans", "Earlier plans"),)),)
    assert '<h2 id="background">Background<a class="headerlink" data-pagefind-ignore="" href="#background"' in rendered.html


def test_an_editors_raw_html_is_cleaned():
    texts = TextRenderer()
    texts.fragments(lambda href: None)
    html = texts.render('Text <script>alert(1)</script><a href="javascript:x()" onclick="y()">link</a>.').html
    assert "<script" not in html and "javascript:" not in html and "onclick" not in html


def test_markdown_in_a_source_title_shows_as_written_in_the_notes_that_cite_it(tmp_path):
    title = "A *starred* [bracketed] `ticked` title"
    plans = textwrap.dedent(FIXTURE_CONTENT["content/sources/2025/plans-article.md"])
    site, _ = documents(tmp_path, {"content/sources/2025/plans-article.md": plans.replace(
        "title: Pentagon drafts strike plans", f'title: "{title}"')})
    explainer = site["explainers/planning.md"].content
    assert f"“{title}”" in explainer  # not made emphasis, a link or code
    assert "<em>starred</em>" not in explainer


def test_a_page_has_its_sections_and_an_editors_headings_in_its_table_of_contents(tmp_path):
    planning = textwrap.dedent(FIXTURE_CONTENT[PLANNING]).replace("Code such as", "## Notes\n\nCode such as")
    site, _ = documents(tmp_path, {PLANNING: planning})
    headings = [(heading.id, heading.title) for heading in site["explainers/planning.md"].headings]
    # The list of notes keeps its anchor, #notes, which other pages link to; the editor's heading takes the next.
    assert headings == [("notes_1", "Notes"), ("notes", "Notes"), ("cite-this", "Cite this")]
    assert [heading.id for heading in site["sources/plans-article.md"].headings][:2] == ["excerpt", "cited-in"]
    assert not site["index.md"].table_of_contents and site[INDEX_OF[Kind.SOURCE]].table_of_contents


def test_a_link_to_another_page_by_its_markdown_path_leads_to_it_and_a_broken_one_is_told_where_it_is(tmp_path):
    planning = textwrap.dedent(FIXTURE_CONTENT[PLANNING]) + (
        "\nSee [the sources](../sources/index.md#all-sources), [a part](../sources/index.md#nowhere) "
        "and [a page](../gone.md) [@tweet].\n")
    site, checked = documents(tmp_path, {PLANNING: planning})
    assert '<a href="../../sources/#all-sources" rel="noopener noreferrer">the sources</a>' in site["explainers/planning.md"].content
    problems = [d.format() for d in checked.diagnostics if d.code == "broken-link"]
    assert problems == [
        "content/explainers/planning.md:17:62: warning[broken-link]: a link to ../sources/index.md#nowhere leads to its "
        "page, but the page has no part #nowhere (link to an item with [[its-id]], which the check follows; or fix the "
        "path, relative to this page)",
        "content/explainers/planning.md:17:104: warning[broken-link]: a link to ../gone.md leads nowhere: the site has "
        "no page gone.md (link to an item with [[its-id]], which the check follows; or fix the path, relative to this page)",
    ]
