import json

import pytest

from builder.core.markup import citing_sentence, line_and_col, mask_code, plain_text, scan, scan_from_stored, stored_scan


def keys(text):
    return [(k.id, k.locator) for c in scan(text).citations for k in c.keys]


def test_pandoc_citations_with_locators_and_groups():
    assert keys("A [@one]. B [@two, p. 4]. C [@three; @four, ch. 2].") == [
        ("one", None), ("two", "p. 4"), ("three", None), ("four", "ch. 2")
    ]


def test_code_is_never_a_citation():
    text = "Use `[@inline]` here.\n\n```\n[@fenced]\n```\n\n~~~~\n[[also-fenced]]\n~~~~\n\n<!-- [@comment] -->\nReal [@real]."
    assert keys(text) == [("real", None)]
    assert scan(text).links == ()


def test_masking_keeps_offsets_and_lines():
    text = "a `[@x]` b\n```\ncode\n```\nc"
    masked = mask_code(text)
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    assert "[@x]" not in masked and "code" not in masked and masked.endswith("c")


def test_links_and_footnotes_are_not_citations():
    assert keys("[@handle](https://example.org) and [^1] and [see this](x)") == []


def test_wikilinks_with_and_without_labels():
    links = scan("See [[donald-trump]] and [[us-northern-command|NORTHCOM]].").links
    assert [(w.target, w.label) for w in links] == [("donald-trump", None), ("us-northern-command", "NORTHCOM")]


def test_positions_are_line_and_column_of_the_key():
    text = "First line.\nSecond [@missing] line."
    key = scan(text).citations[0].keys[0]
    assert line_and_col(text, key.offset) == (2, 9)


def test_citing_sentence_is_the_plain_sentence_around_the_citation():
    text = (
        "Intro sentence. U.S. forces entered [[veracruz|Veracruz]] in 1914 [@a, p. 4]. Gen. Pershing followed [@b].\n\n"
        "Next paragraph [@c]."
    )
    found = scan(text)
    sentences = [citing_sentence(text, c.start, found, str.upper) for c in found.citations]
    assert sentences == [
        "U.S. forces entered Veracruz in 1914.",
        "Gen. Pershing followed.",
        "Next paragraph.",
    ]



def test_the_names_of_bills_and_laws_and_abbreviated_months_end_no_sentence():
    text = ("Two members introduced H.J.Res. 18, an authorization, on Jan. 20 [@a]. It cites Pub. L. 106-246 "
            "and 114 Stat. 511 [@b]. Done.")
    found = scan(text)
    assert [citing_sentence(text, c.start, found, str) for c in found.citations] == [
        "Two members introduced H.J.Res. 18, an authorization, on Jan. 20.",
        "It cites Pub. L. 106-246 and 114 Stat. 511.",
    ]

def test_citing_sentence_names_wikilinks_by_label():
    text = "[[donald-trump]] said so [@a]."
    found = scan(text)
    assert citing_sentence(text, found.citations[0].start, found, lambda i: "Donald Trump") == "Donald Trump said so."


def problems(text):
    return [(text[p.offset : p.offset + 6], p.code) for p in scan(text).problems]


def test_unreadable_citations_are_reported_not_dropped():
    assert problems("A [@] b [@a; b] c [@a, p. [3]] d") == [
        ("[@] b ", "malformed-citation"), ("[@a; b", "malformed-citation"), ("[@a, p", "malformed-citation")
    ]
    assert problems("[@handle](https://example.org)") == []
    assert problems("A [@a, ] b") == [("[@a, ]", "malformed-citation")]  # a comma with no locator after it


def test_unreadable_wikilinks_are_reported_not_shown_as_brackets():
    assert problems("A [[northcom|]] b [[|x]]") == [("[[nort", "malformed-link"), ("[[|x]]", "malformed-link")]
    assert problems("[[[northcom]]] and `[[code|]]`") == []
    # Brackets inside brackets are text, or a link's text: no wikilink was meant.
    assert problems("See [[The] Pentagon plan](https://example.org/x) and “[[the] plans] were drafted”.") == []


def test_adjacent_citations_and_links_are_all_read():
    assert keys("[@a][@b]") == [("a", None), ("b", None)]
    assert [w.target for w in scan("[@a][[e]]").links] == ["e"] and keys("[@a][[e]]") == [("a", None)]


def test_references_inside_link_text_are_reported():
    assert problems("[the [@x]](https://a.org) and [[[e]]](https://b.org)") == [
        ("[@x]](", "reference-in-link"), ("[[e]]]", "reference-in-link")
    ]


def test_a_stray_backtick_does_not_hide_later_paragraphs():
    text = "The memo was 12` long [@a].\n\nLater [@b].\n\nThe field `target_list` names them [@c]."
    assert keys(text) == [("a", None), ("b", None), ("c", None)]


def test_indented_code_is_code_but_a_list_continuation_is_not():
    assert keys("Text.\n\n    indented code [@no]\n\nMore [@yes].") == [("yes", None)]
    assert keys("- item\n\n    continued [@yes]") == [("yes", None)]


def test_wikilink_label_may_escape_its_pipe_as_in_a_table():
    assert [(w.target, w.label) for w in scan(r"[[donald-trump\|Trump]]").links] == [("donald-trump", "Trump")]


def test_a_citation_after_the_full_stop_belongs_to_that_sentence():
    text = "Claim one. [@a] Second sentence here."
    found = scan(text)
    assert citing_sentence(text, found.citations[0].start, found, str) == "Claim one."


def test_a_sentence_never_reaches_into_a_heading_or_code_block():
    text = "## Sub\n[@a] begins a paragraph.\n\n```\ncode\n```\n[@b] right after a fence."
    found = scan(text)
    assert [citing_sentence(text, c.start, found, str) for c in found.citations] == [
        "begins a paragraph.", "right after a fence."
    ]


def test_plain_text_keeps_snake_case_and_drops_table_rules():
    assert plain_text("the *story_of_x* here") == "the story_of_x here"
    assert plain_text("| a | b |\n|---|---|\n| c | d |") == "a b c d"


STORED_TEXT = "`[@code]` and [@one, p. 4; @two] with [[entity|Label]], [[bare]], [@bad key] and [[broken|]].\n"


def test_a_scan_comes_back_from_the_memo_as_it_was_made():
    found = scan(STORED_TEXT)
    assert found.citations and found.links and found.problems and found.masked != STORED_TEXT  # all of it is stored
    assert scan_from_stored(json.loads(json.dumps(stored_scan(found, STORED_TEXT))), STORED_TEXT) == found


@pytest.mark.parametrize("damage", [
    lambda s: s[0][0].__setitem__(1, 10_000),  # a citation ending past the text
    lambda s: s[1][0].__setitem__(0, -1),  # a link starting before it
    lambda s: s[0][0][2][0].__setitem__(0, 7),  # a key id that is not text
    lambda s: s[1][0].__setitem__(3, ["Label"]),  # a label that is not text
    lambda s: s.__setitem__(3, "too short"),  # a masked text of another length
    lambda s: s.pop(),  # an entry of another shape
])
def test_a_damaged_memo_entry_is_refused(damage):
    stored = json.loads(json.dumps(stored_scan(scan(STORED_TEXT), STORED_TEXT)))
    damage(stored)
    with pytest.raises((ValueError, TypeError)):
        scan_from_stored(stored, STORED_TEXT)
