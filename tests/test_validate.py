from builder.diagnostics import Diagnostics
from builder.load import parse_text
from builder.paths import Kind
from builder.validate import validate

SOURCE = """---
title: A title
kind: article
outlet: unknown
authors: [A. Writer]
published: 2025-08
language: en
{extra}---
Excerpt.
"""


def run(texts: dict[str, str], kind=Kind.SOURCE):
    diagnostics = Diagnostics()
    raws = [parse_text(text, path, kind, diagnostics) for path, text in texts.items()]
    items = validate([r for r in raws if r], diagnostics)
    return items, [d.format() for d in diagnostics.sorted()]


def test_a_valid_source_becomes_a_typed_item_with_unknowns_as_none():
    items, problems = run({"content/sources/a.md": SOURCE.format(extra="")})
    assert problems == []
    source = items[0]
    assert source.id == "a" and source.meta.outlet is None and source.meta.published.display() == "Aug 2025"


def test_front_matter_id_overrides_the_file_name():
    items, _ = run({"content/sources/A File.md": SOURCE.format(extra="id: chosen-id\n")})
    assert items[0].id == "chosen-id"


def test_an_unusable_file_name_needs_an_id():
    _, problems = run({"content/sources/A File.md": SOURCE.format(extra="")})
    assert problems == [
        "content/sources/A File.md:1:1: error[bad-id]: the file name gives the id 'A File': an id is lowercase letters, "
        "digits and single hyphens, such as 'northcom-strike-options' (rename the file, or set 'id:' in the front matter)"
    ]


def test_empty_value_is_not_unknown():
    _, problems = run({"content/sources/a.md": SOURCE.format(extra="").replace("outlet: unknown", "outlet:")})
    assert problems == ["content/sources/a.md:4:1: error[empty-field]: 'outlet' has no value (write 'unknown' if it is not known)"]


def test_invalid_choice_suggests_the_closest():
    _, problems = run({"content/sources/a.md": SOURCE.format(extra="").replace("kind: article", "kind: artcle")})
    assert problems == ["content/sources/a.md:3:1: error[invalid-value]: 'kind' cannot be 'artcle' (did you mean 'article'?)"]


def test_urls_must_be_http():
    _, problems = run({"content/sources/a.md": SOURCE.format(extra="url: javascript:alert(1)\n")})
    assert problems == ["content/sources/a.md:8:1: error[bad-url]: 'url': 'javascript:alert(1)' is not an http(s) URL "
                        "(write the whole address, as a browser shows it, from https://; leave the field out if none is known)"]


def test_bad_entries_in_lists_point_at_the_entry():
    _, problems = run({"content/sources/a.md": SOURCE.format(extra="entities:\n  - good\n  - Bad/Id\n")})
    assert problems == [
        "content/sources/a.md:10:5: error[bad-id]: 'entities.1': 'Bad/Id' is not a valid id: an id cannot contain a path separator"
    ]


def test_duplicate_ids_name_the_first_file():
    first = SOURCE.format(extra="id: cafe\n")
    _, problems = run({"content/sources/a.md": first, "content/sources/b.md": first})
    assert problems == [
        "content/sources/b.md:8:1: error[duplicate-id]: the id 'cafe' is already used by content/sources/a.md "
        "(every id must be unique across the archive; rename one file or set 'id:')"
    ]



def test_a_duplicate_id_is_reported_where_id_is_set_not_in_the_file_it_names():
    # b.md was there first; the editor's new a.md sets an id that b.md's name already gives it.
    _, problems = run({"content/sources/a.md": SOURCE.format(extra="id: b\n"), "content/sources/b.md": SOURCE.format(extra="")})
    assert problems == [
        "content/sources/a.md:8:1: error[duplicate-id]: the id 'b' is already used by content/sources/b.md "
        "(every id must be unique across the archive; rename one file or set 'id:')"
    ]


def test_a_misspelled_required_field_is_one_message_where_it_is_misspelled():
    _, problems = run({"content/sources/a.md": SOURCE.replace("outlet:", "outlte:").format(extra="")})
    assert problems == [
        "content/sources/a.md:4:1: error[unknown-field]: 'outlte' is not a field of a source (did you mean 'outlet'?)"]

def test_reserved_page_ids():
    _, problems = run({"content/pages/timeline.md": "---\ntitle: T\n---\n"}, kind=Kind.PAGE)
    assert problems == [
        "content/pages/timeline.md:1:1: error[reserved-id]: the id 'timeline' is reserved for a section of the site "
        "(choose another file name or id)"
    ]


def test_no_item_may_be_called_index():
    _, problems = run({"content/topics/index.md": "---\nname: Index\ndescription: clashes\n---\n"}, kind=Kind.TOPIC)
    assert [p.split(": ", 2)[1] for p in problems] == ["error[reserved-id]"]


def test_yaml_booleans_get_a_hint_to_quote_them():
    _, problems = run({"content/sources/a.md": SOURCE.format(extra="").replace("language: en", "language: no")})
    assert problems == [
        "content/sources/a.md:7:1: error[wrong-type]: 'language': input should be a valid string, not False "
        "(put it in quotes: YAML reads yes, no, on and off as true or false)"
    ]


def test_a_value_of_the_wrong_shape_gets_the_spelling_that_works():
    text = SOURCE.format(extra="entities: northcom\n").replace("title: A title", "title: 1914")
    _, problems = run({"content/sources/a.md": text})
    assert problems == [
        "content/sources/a.md:2:1: error[wrong-type]: 'title': input should be a valid string, not 1914 "
        '(put it in quotes, or YAML reads it as a number: "1914")',
        "content/sources/a.md:8:1: error[wrong-type]: 'entities': input should be a valid list, not 'northcom' "
        "(write it as a list: [northcom])",
    ]


def test_unknown_authors_are_said_once_for_the_field_not_as_a_name_or_an_empty_list():
    _, problems = run({"content/sources/a.md": SOURCE.format(extra="").replace("[A. Writer]", "[]"),
                       "content/sources/b.md": SOURCE.format(extra="").replace("[A. Writer]", "[unknown, A. Writer]")})
    assert problems == [
        "content/sources/a.md:5:1: error[empty-field]: 'authors' is an empty list (write 'authors: unknown' if none is known)",
        "content/sources/b.md:5:11: error[invalid-value]: 'authors.0': 'unknown' cannot stand among names "
        "(write 'authors: unknown' if none is known; otherwise leave 'unknown' out of the list)",
    ]


def test_unknown_is_unknown_in_any_case():
    items, problems = run({"content/sources/a.md": SOURCE.format(extra="").replace("[A. Writer]", "Unknown")})
    assert problems == [] and items[0].meta.authors is None


CORRECTED = """---
title: T
summary: S.
published: 2025-09-01
authors: [A]
status: published
corrections:
  - date: 2025-09-10
    wrong: A.
    {first}
  - date: 2025-09-11
    wrong: B.
    {second}
---
Text.
"""


def test_a_misspelled_field_of_a_correction_is_one_message_and_another_correction_keeps_its_own():
    text = CORRECTED.format(first="rigt: C.", second="note: D.")
    _, problems = run({"content/explainers/e.md": text}, kind=Kind.EXPLAINER)
    assert problems == [
        "content/explainers/e.md:10:5: error[unknown-field]: 'corrections.0.rigt' is not a field of a correction "
        "(did you mean 'right'?)",
        # The second correction's stray field does not hide its missing one.
        "content/explainers/e.md:11:5: error[missing-field]: the required field 'right' is missing from 'corrections.1' "
        "(add 'right:')",
        "content/explainers/e.md:13:5: error[unknown-field]: 'corrections.1.note' is not a field of a correction "
        "(the fields are: date, wrong, right)",
    ]
