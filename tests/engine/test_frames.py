"""Pages drawn in a shared frame come out exactly as the template draws each of them on its own."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from jinja2 import DictLoader, Environment

from builder.engine.frames import FramingTemplates, draw_frame

# Like Material's: the title printed as it is, escaped and with its tags stripped; a question about the
# content; the archive's head extras.
PAGE = """<head>{{ page.meta.archive_head }}<title>{{ page.title | striptags }} - Site</title>
<link rel="canonical" href="{{ page.canonical_url }}"><meta name="t" content="{{ page.meta.title | e }}"></head>
<header>{{ page.title }}</header>
{% if "<h1" not in page.content %}<h1>{{ page.title }}</h1>{% endif %}{{ page.content }}<footer>{{ page.meta.hide }}</footer>"""


@dataclass
class Entry:
    """An entry of a page's table of contents, as MkDocs gives it."""

    title: str
    id: str
    level: int = 2
    children: list = field(default_factory=list)


@dataclass
class FakePage:
    title: str
    content: str = "<h1>Heading</h1><p>Text</p>"
    meta: dict = field(default_factory=dict)
    toc: list = field(default_factory=lambda: [Entry("Excerpt", "excerpt")])
    url: str = "sources/x/"
    previous_page = next_page = edit_url = None
    ancestors: tuple = ()
    is_homepage: bool = False

    def __post_init__(self) -> None:
        slug = self.title.split()[0].lower()
        self.canonical_url = f"https://example.org/sources/{slug}/"
        self.meta = {"title": self.title, "archive_head": f'<meta property="og:title" content="{slug}">', "hide": ["navigation"], **self.meta}


def framed_as_drawn(pages: list[FakePage], template_text: str = PAGE) -> tuple[list[str], int]:
    """The pages as the framing templates give them, asserted to be what the template draws for each on its
    own, and how many times the framing templates drew the template."""
    env = Environment(loader=DictLoader({"main.html": template_text}))
    template = env.get_template("main.html")
    draw, drawn = template.render, []
    template.render = lambda *args, **kwargs: drawn.append(1) or draw(*args, **kwargs)  # counted: the frames' drawings
    framing = FramingTemplates(env).get_template("main.html")
    framed = [framing.render({"page": page}) for page in pages]
    assert framed == [draw({"page": page}) for page in pages]
    return framed, len(drawn)


PAGES = [FakePage("First & <i>best</i>"), FakePage("Second \"quoted\" 'title'"), FakePage("Third  spaced   title"),
         FakePage("AT&amp;T <b>bold</b>"), FakePage("Fifth", content="<p>No heading of its own</p>"), FakePage("Sixth")]


def test_framed_pages_are_the_pages_the_template_draws():
    framed, drawn = framed_as_drawn(PAGES)
    # Each page's own values are in its page: escaped, stripped or as they are.
    assert "<title>Second \"quoted\" 'title' - Site</title>" in framed[1]
    assert 'content="AT&amp;amp;T &lt;b&gt;bold&lt;/b&gt;"' in framed[3]
    assert "<h1>Fifth</h1><p>No heading of its own</p>" in framed[4]
    # Drawn for the first page, twice for the frame (markers and probes), twice more for the page whose
    # content answers "has it an <h1>?" otherwise: not once for each of the six pages.
    assert drawn == 5


def test_pages_of_other_groups_get_frames_of_their_own():
    others = [FakePage("One", url="entities/one/"), FakePage("Two", url="entities/two/"),
              FakePage("Three", toc=[Entry("Named", "named")]), FakePage("Four", toc=[Entry("Named", "named")]),
              FakePage("Five", meta={"hide": ["navigation", "toc"]}), FakePage("Six", meta={"hide": ["navigation", "toc"]})]
    framed_as_drawn(PAGES + others)


@pytest.mark.parametrize("use", [
    "{{ page.title.replace('Second', '2nd') }}",  # a method would work on the marker, not the title
    "{{ {'Second': 'x'}[page.title] }}",  # so would a lookup by it
    "{{ page.title | truncate(12) }}",  # and a filter the frame does not know
    "{{ page.content | wordcount }}",
    # Operators, which Python looks up on the type:
    "{{ page.title[:30] }}",  # longer than the marker and the probe: only the slice itself shows it
    "{% if page.title < 'N' %}early{% endif %}",
    "{{ '%-40s|' % page.title }}",
    "{% if page.title == page.meta.title %}same{% endif %}",  # asked again, it would compare the frame page's title
    "{% if page.title == [] %}never{% endif %}",
])
def test_a_template_using_a_value_in_another_way_leaves_the_page_drawn_on_its_own(use):
    template_text = PAGE + use
    env = Environment(loader=DictLoader({"main.html": template_text}))
    assert draw_frame(env.get_template("main.html"), {"page": PAGES[1]}) is None
    framed_as_drawn(PAGES + [FakePage("A title much longer than any slice of thirty characters")], template_text)


def test_pages_in_the_navigation_are_drawn_on_their_own():
    pages = [FakePage(f"Explainer {n}") for n in range(4)]
    for page in pages:
        page.ancestors = ("Explainers",)
    assert framed_as_drawn(pages)[1] == 4
