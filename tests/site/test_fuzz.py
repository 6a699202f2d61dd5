"""Property tests: whatever the input, the loader and validator give an item or diagnostics, never an exception.

`make test` runs a modest number of examples; `make fuzz` runs the same properties for much longer
(HYPOTHESIS_PROFILE=fuzz).
"""

import os
import string

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from builder.core.diagnostics import Diagnostics
from builder.core.load import load_file, parse_text
from builder.core.markup import citing_sentence, paragraphs, quotations, scan
from builder.core.model import META_MODEL
from builder.core.paths import Kind
from builder.core.pipeline import check
from builder.core.validate import validate_item
from tests.conftest import make_archive

settings.register_profile("default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=20_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

KINDS = st.sampled_from(list(Kind))
FIELDS = sorted({name for model in META_MODEL.values() for name in model.model_fields} | {"titel", "Title", ""})
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
                    st.sampled_from(["unknown", "2025-08-08", "2025-02-30", "~1916", "article", "https://t.co/x",
                                     "javascript:alert(1)", "a/b", "..", "published", "draft"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                      max_leaves=12)
MARKDOWN = st.text(alphabet=string.ascii_letters + string.digits + " \n\t[]@;,.|`*_>#!:-~\"“”'…()<>{}/\\^" + "é🚨", max_size=300)


def assert_item_or_diagnostics(item, diagnostics: Diagnostics) -> None:
    found = diagnostics.sorted()
    assert item is not None or found, "a file was dropped without a word"
    for diagnostic in found:
        assert diagnostic.line >= 1 and diagnostic.col >= 1 and "\n" not in diagnostic.format()


@given(kind=KINDS, data=st.binary(max_size=400))
def test_any_bytes_load_to_an_item_or_diagnostics(tmp_path_factory, kind, data):
    path = tmp_path_factory.mktemp("bytes") / "content" / kind.folder / "x.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    diagnostics = Diagnostics()
    item = load_file(str(path), f"content/{kind.folder}/x.md", kind, path.parent.parent, diagnostics)
    assert_item_or_diagnostics(item, diagnostics)


@given(kind=KINDS, front=st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=10), body=MARKDOWN)
def test_any_front_matter_validates_to_an_item_or_diagnostics(kind, front, body):
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    diagnostics = Diagnostics()
    raw = parse_text(text, f"content/{kind.folder}/x.md", kind, diagnostics)
    item = validate_item(raw, diagnostics) if raw is not None else None
    assert_item_or_diagnostics(item, diagnostics)


@given(front=st.text(max_size=200), body=MARKDOWN)
def test_any_front_matter_text_parses_or_is_reported(front, body):
    diagnostics = Diagnostics()
    raw = parse_text("---\n" + front + "\n---\n" + body, "content/sources/x.md", Kind.SOURCE, diagnostics)
    assert_item_or_diagnostics(raw, diagnostics)


@given(body=MARKDOWN)
def test_any_markdown_scans_without_error(body):
    found = scan(body)
    for citation in found.citations:
        assert body[citation.start] == "[" and body[citation.end - 1] == "]"
        citing_sentence(body, citation.start, found, str)
    quotations(body, found)
    paragraphs(body, found.masked)


@settings(max_examples=int(os.environ.get("FUZZ_BUILDS", "15")))
@given(body=MARKDOWN, note=st.text(max_size=80))
def test_any_explainer_body_checks_without_error(tmp_path_factory, body, note):
    """The whole check (load, validate, link, verify) on random explainer text and a random note."""
    explainer = ("---\ntitle: Fuzz\nsummary: S.\npublished: 2025-01-01\nauthors: [A]\nstatus: published\n---\n"
                 f"{body}\n\nA claim [@tweet].\n")
    note_yaml = yaml.safe_dump({"note": note}, allow_unicode=True) if note.strip() else ""
    project = make_archive(tmp_path_factory.mktemp("fuzz") / "a", {
        "content/explainers/fuzz.md": explainer,
        "content/topics/fuzz-note.md": "---\nname: N\ndescription: D.\n---\n",
        "content/sources/noted.md": "---\ntitle: T\nkind: reference\noutlet: unknown\nauthors: unknown\n"
                                    f"published: unknown\nlanguage: en\n{note_yaml}---\n",
    })
    checked = check(project, cache=False)
    assert all(d.line >= 1 for d in checked.diagnostics)
