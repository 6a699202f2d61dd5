"""One grammar: where the check's scanner finds citations and wikilinks, Python-Markdown (which renders the
page) finds text, and where the scanner sees code, Python-Markdown renders code.

The scanner (builder/core/markup.py) decides which `[@id]` and `[[id]]` are references before the page is
rendered; if it read as text what Markdown renders as code, a reference would be drawn inside a code
sample, and the other way round, a citation would be left unchecked. Generated texts mix the constructs
where the two could part: code spans of one or two backticks, fenced and indented code, comments, lists
with indented continuations, emphasis, and block quotes.
"""

import os
import re

import markdown
from bs4 import BeautifulSoup, Comment
from hypothesis import HealthCheck, given, settings, strategies as st

from builder.core.markup import scan

# `make test` runs the same examples every time (a test suite that passes or fails by chance helps no one);
# `make fuzz` looks much further, with fresh examples each run.
settings.register_profile("grammar", max_examples=300, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("grammar-fuzz", max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("grammar-fuzz" if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else "grammar")

# The Markdown extensions mkdocs.yml configures, as MkDocs' Python-Markdown runs them.
EXTENSIONS = ["footnotes", "fenced_code", "attr_list", "tables", "admonition", "toc"]
IDS = ["plans", "report-2", "tweet"]
REFERENCE = re.compile(r"\[@([a-z0-9-]+)\]|\[\[([a-z0-9-]+)\]\]")

reference = st.sampled_from([f"[@{i}]" for i in IDS] + [f"[[{i}]]" for i in IDS])
word = st.sampled_from(["plans", "the", "strike", "*said*", "_so_", "a.b", "x,", "(note)"])
inline = st.one_of(word, reference, reference.map(lambda r: f"`{r}`"), reference.map(lambda r: f"``a {r} ` b``"),
                   reference.map(lambda r: f"<!-- {r} -->"), st.just("`"))
line = st.lists(inline, min_size=1, max_size=6).map(" ".join)
paragraph = st.lists(line, min_size=1, max_size=3).map("\n".join)
block = st.one_of(
    paragraph,
    paragraph.map(lambda text: "> " + text.replace("\n", "\n> ")),
    paragraph.map(lambda text: "- " + text.replace("\n", "\n  ")),
    st.tuples(paragraph, paragraph).map(lambda pair: f"- {pair[0]}\n\n    {pair[1]}"),  # a list item's second paragraph
    paragraph.map(lambda text: "    " + text.replace("\n", "\n    ")),  # indented code
    st.tuples(st.sampled_from(["```", "~~~", "````"]), paragraph).map(lambda pair: f"{pair[0]}\n{pair[1]}\n{pair[0]}"),
)
body = st.lists(block, min_size=1, max_size=4).map("\n\n".join)


def rendered_references(text: str) -> list[str]:
    """The references Python-Markdown leaves as text: outside code, pre and comments."""
    soup = BeautifulSoup(markdown.markdown(text, extensions=EXTENSIONS), "html.parser")
    found = []
    for node in soup.find_all(string=True):
        if isinstance(node, Comment) or node.find_parent(["code", "pre"]):
            continue
        found += [m.group(1) or m.group(2) for m in REFERENCE.finditer(str(node))]
    return sorted(found)


def scanned_references(text: str) -> list[str]:
    found = scan(text)
    return sorted([key.id for citation in found.citations for key in citation.keys] + [link.target for link in found.links])


@given(body)
def test_the_scanner_and_python_markdown_find_the_same_references(text):
    assert scanned_references(text) == rendered_references(text)


def test_the_property_tells_code_from_text():
    text = "Cited [@plans], not `[@tweet]`.\n\n```\n[[report-2]]\n```\n\n    [@tweet]\n\n<!-- [@plans] -->"
    assert scanned_references(text) == rendered_references(text) == ["plans"]
