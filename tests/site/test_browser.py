"""The built site in a real browser (Debian's Chromium, driven by Playwright): what a reader does."""

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import sync_playwright

from builder.commands.cli import main
from tests.conftest import REPO, make_archive
from tests.support import CHROMIUM, CHROMIUM_ARGS, static_server

TOOLS = REPO / "tests" / "tools" / "node_modules"
# One page of every kind.
PAGES = ["", "explainers/", "explainers/planning/", "sources/", "sources/plans-article/", "sources/veracruz-ref/",
         "entities/", "entities/northcom/", "topics/", "topics/strike-planning/", "timeline/", "years/2025/",
         "search/", "corrections/", "data/", "404.html"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_archive(tmp_path_factory.mktemp("browser") / "archive")
    assert main(["-C", str(project), "build", "--strict"]) == 0
    return project / "site"


@pytest.fixture(scope="module")
def base(site):
    with static_server(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM, "no Chromium found: `make test` installs Debian's chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def result_titles(page) -> list[str]:
    """The titles of the results, once Pagefind has replaced their loading placeholders."""
    page.wait_for_function("""() => document.querySelectorAll('.ar-result-title').length
        && !document.querySelector('.ar-result-loading')""", timeout=15_000)
    return page.locator(".ar-result-title").all_inner_texts()


def search(page, query: str) -> list[str]:
    page.get_by_role("searchbox", name="Search the archive").fill(query)
    return result_titles(page)


def test_search_finds_a_source_by_a_phrase_from_its_excerpt(page, base):
    page.goto(base + "search/")
    assert search(page, "first time since the 19th century")[0] == "Source · Pentagon drafts strike plans"


def test_a_first_search_fetches_no_filter_table_until_the_filters_are_opened(page, base):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(base + "search/")
    assert "Source · Pentagon drafts strike plans" in search(page, "strikes")
    page.wait_for_load_state("networkidle")
    assert any("/pagefind/index/" in url for url in fetched)
    assert not any("/pagefind/filter/" in url for url in fetched)
    page.get_by_text("Filter by kind, topic or year").click()
    pane = page.locator("pagefind-filter-pane")
    pane.get_by_role("checkbox", name="Source").wait_for(timeout=15_000)
    assert any("/pagefind/filter/" in url for url in fetched)
    assert [name.lower() for name in pane.locator(".pf-filter-group-name").all_inner_texts()] == ["kind", "topic", "year"]
    everything = result_titles(page)
    pane.get_by_role("checkbox", name="Source").check()
    page.wait_for_function("n => document.querySelectorAll('.ar-result-title').length < n", arg=len(everything))
    filtered = result_titles(page)
    assert filtered and all(title.startswith("Source · ") for title in filtered)
    assert set(filtered) < set(everything)


def test_filters_chosen_before_a_search_narrow_it_by_year(page, base):
    page.goto(base + "search/")
    page.get_by_text("Filter by kind, topic or year").click()
    pane = page.locator("pagefind-filter-pane")
    pane.get_by_role("checkbox", name="Strike planning").wait_for(timeout=15_000)
    pane.get_by_role("checkbox", name="2025").check()
    found = search(page, "strikes")
    assert "Source · Pentagon drafts strike plans" in found and "Topic · Strike planning" not in found


def test_the_words_every_source_page_carries_find_no_source(page, base):
    # Section headings ("Cited in", "Related sources"), the kind line and empty-state text are the
    # templates' words, not the sources': searching for them must not list every source.
    for query in ("related", "cited", "excerpt"):
        page.goto(base + "search/?q=" + query)
        page.wait_for_function("""() => {
            const summary = document.querySelector('pagefind-summary')?.textContent || '';
            const shown = document.querySelectorAll('.ar-result-title').length;
            return /No results/.test(summary) || (/results? for/.test(summary) && shown
                && !document.querySelector('.ar-result-loading'));
        }""", timeout=15_000)
        found = page.locator(".ar-result-title").all_inner_texts()
        assert not [title for title in found if title.startswith("Source · ")], query


def test_search_reads_its_query_from_the_address(page, base):
    page.goto(base + "search/?q=NORTHCOM")
    assert "Government body · U.S. Northern Command" in result_titles(page)
    assert page.get_by_role("searchbox", name="Search the archive").input_value() == "NORTHCOM"


def test_without_javascript_search_points_to_the_indexes(browser, base):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "search/")
    fallback = page.locator(".ar-search-fallback")
    assert fallback.is_visible() and fallback.get_by_role("link", name="timeline").is_visible()
    context.close()


def test_hovering_a_citation_shows_its_source(page, base):
    page.goto(base + "explainers/planning/")
    page.hover("sup a.footnote-ref >> nth=0")
    tooltip = page.locator(".md-tooltip2__inner, .md-tooltip__inner").first
    tooltip.wait_for(state="visible", timeout=5_000)
    assert "Example Daily, “Pentagon drafts strike plans”, 8 Aug 2025, para. 1." in tooltip.inner_text()


def test_the_timeline_filters_by_topic_and_by_entity(page, base):
    page.goto(base + "timeline/")
    events = page.locator("li.ar-event")
    assert events.count() == 3 and page.locator("form.ar-filters").is_visible()
    page.select_option("select[name=entity]", "northcom")
    assert page.inner_text(".ar-filter-count") == "1 of 3 events"
    assert [e.is_visible() for e in events.all()] == [False, False, True]
    assert page.url.endswith("/timeline/?entity=northcom")
    page.select_option("select[name=entity]", "")
    page.select_option("select[name=topic]", "strike-planning")
    assert page.inner_text(".ar-filter-count") == "1 of 3 events"
    assert not page.locator("h2#year-1916").is_visible()
    # The table of contents lists only the years still shown.
    contents = page.locator(".md-sidebar--secondary li.md-nav__item > a.md-nav__link")
    assert [link.get_attribute("href") for link in contents.all() if link.is_visible()] == ["#year-1914"]
    page.select_option("select[name=topic]", "")
    assert [link.get_attribute("href") for link in contents.all() if link.is_visible()] == ["#year-1914", "#year-1916", "#year-2025"]


def test_without_javascript_the_timeline_is_the_plain_list(browser, base):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "timeline/")
    assert page.locator("li.ar-event").count() == 3
    assert all(e.is_visible() for e in page.locator("li.ar-event").all())
    assert not page.locator("form.ar-filters").is_visible()
    context.close()


def test_no_page_logs_an_error_or_asks_another_host(page, base):
    errors, foreign = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: foreign.append(request.url) if not request.url.startswith(base) else None)
    for path in PAGES:
        if path == "404.html":
            continue  # served at the root here, its links point under site_url's path: checked by the link tests
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    page.goto(base + "search/?q=plans")
    result_titles(page)
    assert errors == [] and foreign == []


def test_axe_finds_no_serious_or_critical_violation(browser, base):
    axe = (TOOLS / "axe-core" / "axe.min.js").read_text()
    context = browser.new_context(bypass_csp=True)  # the site's policy rightly refuses an injected script
    page = context.new_page()
    found = {}
    for path in PAGES:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        page.add_script_tag(content=axe)
        violations = page.evaluate("async () => (await axe.run()).violations.map(v => [v.id, v.impact])")
        serious = [v for v in violations if v[1] in ("serious", "critical")]
        if serious:
            found[path] = serious
    context.close()
    assert found == {}


def test_axe_finds_no_serious_violation_in_search_results_and_filters(browser, base):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + "search/?q=strikes")
    result_titles(page)
    page.get_by_text("Filter by kind, topic or year").click()
    page.locator("pagefind-filter-pane").get_by_role("checkbox", name="Source").wait_for(timeout=15_000)
    page.add_script_tag(content=(TOOLS / "axe-core" / "axe.min.js").read_text())
    violations = page.evaluate("async () => (await axe.run()).violations.map(v => [v.id, v.impact])")
    context.close()
    assert [v for v in violations if v[1] in ("serious", "critical")] == []


def test_the_nu_html_checker_finds_no_error(site):
    pages = [site / (path + "index.html" if not path.endswith(".html") else path) for path in PAGES]
    result = subprocess.run(["java", "-jar", str(TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"), "--errors-only",
                             "--format", "json", *map(str, pages)], capture_output=True, text=True)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [(m.get("url", "").rsplit("/site/", 1)[-1], m["message"]) for m in messages] == []


def test_a_printed_explainer_shows_its_citations_with_their_urls(page, base):
    page.goto(base + "explainers/planning/")
    page.emulate_media(media="print")
    note = page.locator("div.footnote li").first
    assert note.locator(".ar-print-url").is_visible()
    assert note.locator(".ar-print-url").inner_text().strip() == "https://example.org/sources/plans-article/"
    after = page.evaluate("""() => getComputedStyle(document.querySelector('div.footnote a.ar-external'), '::after').content""")
    assert after == '" <https://example.org/plans>"'


def test_on_a_phone_one_tap_beside_a_note_number_opens_its_source_in_place(browser, base):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(base + "explainers/planning/")
    number = page.locator("a.footnote-ref").first
    number.scroll_into_view_if_needed()
    box = number.bounding_box()
    assert box["width"] < 12  # a superscript digit: far smaller than a fingertip
    scrolled = page.evaluate("() => window.scrollY")
    page.touchscreen.tap(box["x"] - 6, box["y"] + box["height"] / 2)
    preview = page.get_by_role("dialog", name="Note 1")
    preview.wait_for(state="visible", timeout=5_000)
    # In place: no jump to the list of notes, and the preview opens just under the number, on screen.
    assert "#" not in page.url and page.evaluate("() => window.scrollY") == scrolled
    shown = preview.bounding_box()
    assert 0 <= shown["y"] - (box["y"] + box["height"]) < 30 and shown["x"] >= 0 and shown["x"] + shown["width"] <= 390
    text = preview.inner_text()
    assert "Example Daily, “Pentagon drafts strike plans”, 8 Aug 2025, para. 1." in text
    assert preview.locator(".ar-cite-passage").is_visible() and "The Pentagon is drafting plans for strikes." in text
    assert preview.locator(".ar-cite-note").is_visible() and "contradicted by" in text
    assert preview.get_by_role("link", name="Source page").is_visible()
    assert preview.get_by_role("link", name="Original").is_visible()
    page.keyboard.press("Escape")
    assert not preview.is_visible() and page.evaluate("() => document.activeElement.classList.contains('footnote-ref')")
    context.close()


def test_a_note_number_opens_its_preview_from_the_keyboard_and_closes_again(page, base):
    page.goto(base + "explainers/planning/")
    number = page.locator("a.footnote-ref").first
    number.focus()
    page.keyboard.press("Enter")
    preview = page.get_by_role("dialog", name="Note 1")
    assert preview.is_visible() and page.evaluate("() => document.activeElement.getAttribute('role')") == "dialog"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Close"
    page.keyboard.press("Enter")
    assert not preview.is_visible() and "#" not in page.url


def test_an_editors_note_is_written_out_once_per_page_and_back_links_say_where_they_go(page, base):
    page.goto(base + "explainers/planning/")
    notes = page.locator(".footnote li")
    of_plans = notes.filter(has=page.locator('[data-ar-source="plans-article"]'))
    assert of_plans.count() == 2
    assert of_plans.nth(0).locator(".ar-cite-note").is_visible()
    assert of_plans.nth(1).locator(".ar-cite-note").count() == 0
    assert "Editor’s note: see note 1." in of_plans.nth(1).inner_text()
    back = notes.first.locator("a.footnote-backref")
    assert back.is_visible()
    assert page.evaluate("(link) => getComputedStyle(link, '::after').content", back.element_handle()) == '" back to the text"'
    # The later note's preview still shows the editor's note, borrowed from the first.
    page.locator("a.footnote-ref", has_text="4").click()
    assert "contradicted by" in page.get_by_role("dialog", name="Note 4").inner_text()


def test_a_search_from_the_home_page_lands_on_its_results(page, base):
    page.goto(base)
    page.get_by_label("Search the archive").fill("Veracruz")
    page.get_by_label("Search the archive").press("Enter")
    page.wait_for_url("**/search/?q=Veracruz")
    assert any("Veracruz" in title for title in result_titles(page))


@pytest.mark.parametrize("width", [390, 1280])
def test_the_timeline_strips_year_labels_never_overlap(browser, base, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base + "timeline/")
    boxes = [box for label in page.locator(".ar-strip-axis span").all() if (box := label.bounding_box())]
    assert len(boxes) >= 2  # 1914, and 2025 where the stretch after the gap begins
    for left, right in zip(boxes, boxes[1:]):
        assert left["x"] + left["width"] <= right["x"], "two year labels overlap"
    context.close()


def test_a_timeline_bar_is_found_by_the_pointer_a_few_pixels_off(page, base):
    # A month's bar is about a pixel wide: its label shows when the pointer is near it, not only on it.
    page.goto(base + "timeline/")
    bar = page.locator("figure.ar-strip rect.ar-strip-events").first.bounding_box()
    x, y = bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2
    for offset in (0, 3, -3):
        found = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('a')?.querySelector('title')?.textContent",
                              [x + offset, y])
        assert found == "Apr 1914: 1 event", offset
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('a')", [x + 30, y]) is None


def test_on_a_phone_a_tap_on_a_strip_bar_goes_to_its_event(browser, base):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(base + "timeline/")
    bar = page.locator("figure.ar-strip rect.ar-strip-events").last.bounding_box()
    page.touchscreen.tap(bar["x"] + bar["width"] / 2 + 2, bar["y"] + bar["height"] / 2)
    page.wait_for_url("**#event-plans-2025")
    assert page.locator("#event-plans-2025").is_visible()
    # The same counts, as a table for a reader who does not see the strip.
    page.get_by_text("The strip as a table").click()
    rows = page.locator("details.ar-strip-table tbody tr")
    assert [row.inner_text().split() for row in rows.all()] == [["1914", "1", "0"], ["1916", "1", "0"], ["2025", "1", "2"]]
    context.close()


def test_the_home_page_is_not_a_search_result(page, base):
    page.goto(base + "search/?q=archive")  # in the home page's description, and in other pages' text
    titles = result_titles(page)
    assert titles and not any("Fixture Archive" in title for title in titles)


# Enough on one page to reach past the first screen: a search that finds twenty sources, and a year of the
# timeline that holds events a filter keeps and events it hides.
DENSE = {f"content/sources/dense/veracruz-{n:02d}.md": f"""\
    ---
    title: Report {n} on the port of Veracruz
    kind: article
    outlet: Example Daily
    authors: unknown
    published: 2025-09-{n:02d}
    url: https://example.org/veracruz/{n}
    language: en
    ---
    Report {n}: the occupation of the port of Veracruz, told again in a long paragraph of its own.
    """ for n in range(1, 21)}
DENSE.update({f"content/timeline/dense-{n:02d}.md": f"""\
    ---
    title: A later event {n}
    date: 2025-09-{n:02d}
    sources: [veracruz-{n:02d}]
    ---
    Something happened [@veracruz-{n:02d}].
    """ for n in range(1, 6)})
# A statement read only as another site's copy: no address of the original is known.
DENSE["content/sources/dense/copied-statement.md"] = """\
    ---
    title: A statement read as a copy
    kind: statement
    outlet: Example Ministry
    authors: unknown
    published: 2025-10-01
    via:
      outlet: A member station
      url: https://station.example/statement
    language: en
    ---
    We will not allow it.
    """
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def dense_base(tmp_path_factory):
    project = make_archive(tmp_path_factory.mktemp("dense") / "archive", DENSE)
    # The navigation the archive's own mkdocs.yml gives readers: tabs on a desktop, a drawer on a phone.
    config = project / "mkdocs.yml"
    features = "".join(f"    - {feature}\n" for feature in yaml.safe_load((REPO / "mkdocs.yml").read_text().replace("!ENV", ""))["theme"]["features"])
    config.write_text(config.read_text().replace("    - content.footnote.tooltips\n    - content.code.copy\n", features))
    assert main(["-C", str(project), "build"]) == 0
    with static_server(project / "site") as url:
        yield url


@pytest.fixture(params=sorted(SIZES))
def sized_page(browser, request):
    context = browser.new_context(viewport=SIZES[request.param], has_touch=request.param == "phone")
    opened = context.new_page()
    yield opened
    context.close()


@pytest.mark.parametrize("filters_open", [False, True])
def test_every_search_result_is_drawn_as_it_scrolls_into_view(sized_page, dense_base, filters_open):
    page = sized_page
    page.goto(dense_base + "search/?q=veracruz")
    page.wait_for_function("() => document.querySelectorAll('pagefind-results li').length >= 20", timeout=15_000)
    if filters_open:
        page.get_by_text("Filter by kind, topic or year").click()
        page.wait_for_selector("pagefind-filter-pane", state="visible", timeout=15_000)
        # The filter tables loaded and the results drawn again for them, before the reader scrolls.
        page.wait_for_function("() => !document.querySelector('.ar-search-filters-status').textContent", timeout=30_000)
    # Down the page as a reader scrolls it, half a screen at a time, to the end of the results.
    while page.evaluate("() => window.scrollY + window.innerHeight < document.documentElement.scrollHeight - 2"):
        page.evaluate("() => window.scrollBy(0, window.innerHeight / 2)")
        page.wait_for_timeout(100)
    page.wait_for_function("() => !document.querySelector('.ar-result-loading')", timeout=15_000)
    titles = page.locator(".ar-result-title")
    assert titles.count() >= 20
    # Each one drawn: a visible title with words, not a grey bar.
    for index in range(titles.count()):
        title = titles.nth(index)
        title.scroll_into_view_if_needed()
        box = title.bounding_box()
        assert title.is_visible() and box and box["height"] > 5 and title.inner_text().strip()


def test_the_timeline_filter_hides_the_events_it_leaves_out(sized_page, dense_base):
    page = sized_page
    page.goto(dense_base + "timeline/?entity=northcom")
    events = page.locator("li.ar-event")
    assert page.inner_text(".ar-filter-count") == "1 of 8 events"
    shown = [event.locator(".ar-event-title").inner_text() for event in events.all() if event.is_visible()]
    assert shown == ["Strike plans reported"]
    # The events left out take no room on the page: the year shows one event's height, not six.
    year = page.locator("h2#year-2025 + ol.ar-timeline")
    only = events.filter(has_text="Strike plans reported").bounding_box()
    assert abs(year.bounding_box()["height"] - only["height"]) < 40
    page.select_option("select[name=entity]", "")
    assert sum(event.is_visible() for event in events.all()) == 8


def test_a_link_to_an_event_far_down_the_timeline_lands_on_it_drawn_and_shaded(sized_page, dense_base):
    # Events off screen wait to be laid out (content-visibility); a link to one still brings it on screen.
    page = sized_page
    page.goto(dense_base + "timeline/#event-dense-04")
    title = page.locator("#event-dense-04")
    page.wait_for_function("() => document.getElementById('event-dense-04').checkVisibility({contentVisibilityAuto: true})")
    box = title.bounding_box()
    assert page.evaluate("scrollY") > 0 and 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]
    # Shaded, it alone: its title's box is stretched over the whole event.
    shade = """(id) => { const title = document.getElementById(id), shade = getComputedStyle(title, '::before');
        return shade.content === 'none' ? null : [shade.backgroundColor, Math.abs(parseFloat(shade.height) - title.closest('li').clientHeight) < 1]; }"""
    assert page.evaluate(shade, "event-dense-04") == ["rgb(246, 239, 226)", True]
    assert page.evaluate(shade, "event-dense-05") is None


# Many events of many lengths before 2025, for links into a long timeline whose events off screen are
# laid out only as they come near.
LONG_TIMELINE = {**DENSE, **{f"content/timeline/long-{n:02d}.md": f"""\
    ---
    title: An earlier event {n}
    date: {1960 + n}-03-01
    sources: [veracruz-{n % 20 + 1:02d}]
    ---
    {"Something was reported at length, and then reported again. " * (1 + 7 * (n % 5))}It is cited [@veracruz-{n % 20 + 1:02d}].
    """ for n in range(40)}}


@pytest.fixture(scope="module")
def long_timeline_base(tmp_path_factory):
    project = make_archive(tmp_path_factory.mktemp("long") / "archive", LONG_TIMELINE)
    assert main(["-C", str(project), "build"]) == 0
    with static_server(project / "site") as url:
        yield url


@pytest.mark.parametrize("target", ["year-2025", "event-dense-03", "year-1990"])
def test_a_link_into_a_long_timeline_shows_its_target_under_the_header(sized_page, long_timeline_base, target):
    # Links to a year come from the strip and the table of contents; events above it are laid out late.
    page = sized_page
    page.goto(long_timeline_base + f"timeline/#{target}")
    page.wait_for_load_state("load")
    page.wait_for_timeout(1500)
    header = page.locator("header.md-header").bounding_box()
    box = page.locator(f"#{target}").bounding_box()
    assert header["y"] + header["height"] <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]


def test_the_full_list_of_sources_filters_and_sorts_what_it_shows(sized_page, dense_base):
    page = sized_page
    page.goto(dense_base + "sources/?kind=reference#all-sources")
    rows = page.locator("ol.ar-source-list > li")
    assert page.inner_text("form.ar-source-filters .ar-filter-count") == "1 of 24 sources"
    assert [row.locator("a").first.inner_text() for row in rows.all() if row.is_visible()] == ["United States occupation of Veracruz"]
    page.select_option("select[name=kind]", "article")
    page.select_option("select[name=sort]", "title")
    shown = [row.locator("a").first.inner_text() for row in rows.all() if row.is_visible()]
    assert len(shown) == 21 and shown[0] == "Pentagon drafts strike plans" and shown[1] == "Report 1 on the port of Veracruz"
    assert "kind=article" in page.url and "sort=title" in page.url
    # Every row still reads on a phone: its name is on screen, not pushed past the edge.
    first = rows.filter(has_text="Pentagon drafts strike plans").locator("a").first.bounding_box()
    assert first["x"] >= 0 and first["x"] + first["width"] <= page.viewport_size["width"]


def test_the_menu_reaches_every_section_at_both_sizes(sized_page, dense_base):
    page = sized_page
    page.goto(dense_base)
    phone = page.viewport_size["width"] < 500
    if phone:  # on a phone the sections sit in a drawer behind the menu button
        page.locator("label.md-header__button[for='__drawer']").click()
        link = page.locator("nav.md-nav--primary").get_by_role("link", name="Timeline", exact=True)
    else:
        link = page.locator("nav.md-tabs").get_by_role("link", name="Timeline", exact=True)
    link.wait_for(state="visible", timeout=5_000)
    # Once the drawer has slid in, the link is all on screen.
    page.wait_for_function("(link) => link.getBoundingClientRect().left >= 0", arg=link.element_handle(), timeout=5_000)
    box = link.bounding_box()
    assert box and 0 <= box["x"] and box["x"] + box["width"] <= page.viewport_size["width"]
    link.click()
    page.wait_for_url("**/timeline/")
    assert page.locator("h1").inner_text() == "Timeline"


def test_the_feeds_and_data_are_one_tap_from_every_page(sized_page, dense_base):
    page = sized_page
    page.goto(dense_base + "explainers/planning/")
    footer_link = page.locator("footer").get_by_role("link", name="Data and feeds")
    footer_link.scroll_into_view_if_needed()
    assert footer_link.is_visible()
    footer_link.click()
    page.wait_for_url("**/data/")
    for name in ("sources.csv", "explainers.atom"):
        link = page.locator(f"a[href$='{name}']").first
        link.scroll_into_view_if_needed()
        assert link.is_visible()
        response = page.request.get(link.evaluate("(a) => a.href"))
        assert response.ok and response.body()


def test_a_source_known_only_as_a_copy_leads_the_reader_to_that_copy(sized_page, dense_base):
    page = sized_page
    page.goto(dense_base + "sources/copied-statement/")
    lead = page.locator(".ar-original .ar-read a")
    assert lead.count() == 1 and lead.is_visible() and lead.inner_text() == "Read the copy at A member station"
    box = lead.bounding_box()
    assert box["y"] < page.viewport_size["height"] and box["x"] + box["width"] <= page.viewport_size["width"]
    assert lead.get_attribute("href") == "https://station.example/statement"
    assert page.locator(".ar-unknown-facts").inner_text() == "Not known: the author and the address of the original."
