from builder.markup import citing_sentence, line_and_col, mask_code, scan


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


def test_citing_sentence_names_wikilinks_by_label():
    text = "[[donald-trump]] said so [@a]."
    found = scan(text)
    assert citing_sentence(text, found.citations[0].start, found, lambda i: "Donald Trump") == "Donald Trump said so."
