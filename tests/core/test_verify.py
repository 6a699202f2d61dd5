"""Quotations are checked against the excerpts they cite; paragraphs without a citation are flagged."""

from builder.core.markup import paragraphs, quotations, scan
from builder.core.pipeline import check
from tests.conftest import make_archive

EXPLAINER = """\
    ---
    title: Quotes
    summary: Quotes.
    published: 2025-09-05
    authors: [Archive editors]
    status: published
    ---
    {body}
    """


def diagnostics(tmp_path, body, extra=None):
    files = {"content/explainers/quotes.md": EXPLAINER.replace("{body}", body.replace("\n", "\n    "))}
    files.update(extra or {})
    return [d.format() for d in check(make_archive(tmp_path / "a", files)).diagnostics]


def test_quotations_are_attributed_to_the_citation_that_follows():
    text = (
        'He said “we will go” and left [@a]. A "scare quote" stands alone.\n\n'
        "> A block quote\n> on two lines [@b]\n\n"
        "> Another block\n\n[@c] follows it.\n\n"
        "Quoted “at the end.” [@d] Next sentence."
    )
    found = [(q.text, q.citation.keys[0].id if q.citation else None) for q in quotations(text, scan(text))]
    assert found == [
        ("we will go", "a"),
        ("scare quote", None),
        ("A block quote on two lines", "b"),
        ("Another block", "c"),
        ("at the end.", "d"),
    ]


def test_quotation_marks_in_code_links_and_html_are_not_quotations():
    text = 'See `"code"` and [x](http://a.b/"q") and <span title="t">s</span>.'
    assert quotations(text, scan(text)) == []


def test_paragraphs_that_need_no_citation():
    text = "# Heading\n\nA list intro:\n\n- item\n\nOur analysis.\n{: .analysis }\n\n!!! note \"Editor's note\"\n    Text.\n\nA claim."
    needing = [text[p.start : p.end].strip() for p in paragraphs(text) if not p.exempt]
    assert needing == ["- item", "A claim."]


def test_a_verbatim_quotation_passes(tmp_path):
    body = "The article says it would be “the first time since the 19th century” [@plans-article]."
    assert diagnostics(tmp_path, body) == []


def test_a_misquote_fails_at_the_word_that_differs_shown_beside_the_excerpts(tmp_path):
    body = "The first line cites [@plans-article].\n\nThe article says it would be “the first time since the 18th century” [@plans-article]."
    assert diagnostics(tmp_path, body) == [
        "content/explainers/quotes.md:10:56: error[quote-mismatch]: the quotation «the first time since the 18th century» "
        "is not in the excerpt of 'plans-article' («18th» where the excerpt has «19th»; closest passage: «…strikes. "
        "It would be the first time since the 19th century.»)"
    ]
    assert body.splitlines()[2][55:59] == "18th"  # line 10 of the file is the body's third line


def test_a_blockquote_is_checked_against_the_citation_after_it(tmp_path):
    body = "Intro [@plans-article].\n\n> The Pentagon is drafting plans\n> for airstrikes.\n\n[@plans-article] reported this."
    problems = diagnostics(tmp_path, body)
    # At the changed word, two lines into the blockquote, with the two words side by side.
    assert len(problems) == 1 and problems[0].startswith("content/explainers/quotes.md:11:7: error[quote-mismatch]: the quotation «The Pentagon is drafting plans for airstrikes.»")
    assert "«airstrikes» where the excerpt has «strikes»" in problems[0]


def test_quoting_a_reference_cannot_be_verified(tmp_path):
    body = "The article was titled “United States occupation of Veracruz” [@veracruz-ref]."
    assert diagnostics(tmp_path, body) == [
        "content/explainers/quotes.md:8:24: error[quote-unverifiable]: the quotation «United States occupation of Veracruz» "
        "cites only references, which hold no excerpt to check it against (cite a source whose excerpt holds these words, or paraphrase)"
    ]


def test_a_quotation_in_a_timeline_event_is_checked(tmp_path):
    event = """\
        ---
        title: Reported
        date: 2025-08
        sources: [plans-article]
        ---
        An article said the Pentagon “is drafting plans for raids” [@plans-article].
        """
    problems = check(make_archive(tmp_path / "a", {"content/timeline/reported.md": event})).diagnostics
    assert [(d.path, d.line, d.code) for d in problems] == [("content/timeline/reported.md", 6, "quote-mismatch")]


def test_an_uncited_paragraph_is_a_warning_unless_marked_as_analysis(tmp_path):
    body = "A claim with a source [@plans-article].\n\nA claim without one.\n\nOur own reading of it.\n{: .analysis }"
    assert diagnostics(tmp_path, body) == [
        "content/explainers/quotes.md:10:1: warning[uncited]: this paragraph cites no source (cite a source, or mark the "
        "archive's own analysis with a line '{: .analysis }' right after the paragraph)"
    ]


def test_the_integrity_counts_come_from_the_build(tmp_path):
    body = "It would be “the first time since the 19th century” [@plans-article].\n\nUncited claim."
    integrity = check(make_archive(tmp_path / "a", {"content/explainers/quotes.md": EXPLAINER.replace("{body}", body.replace("\n", "\n    "))})).integrity
    assert (integrity.quotations, integrity.verified_quotations, integrity.uncited_paragraphs) == (1, 1, 1)
    assert integrity.citations == 4 + 2 + 1  # the fixture explainer, its events, and this quotation


def test_a_quotation_citing_what_is_not_a_valid_source_is_reported_once_where_it_is_cited(tmp_path):
    broken_source = "---\ntitle: Drafted plans\nkind: article\npublished: 2025-02-30\nlanguage: en\n---\nThe plans remain secret.\n"
    body = ("Officials said the plans “remain secret” [@nope]. They “remain secret” [@broken-source]. "
            "They “remain secret” [@northcom].")
    problems = diagnostics(tmp_path, body, {"content/sources/broken-source.md": broken_source})
    # The broken source's own errors are reported in its file; nothing about the quotations that cite it.
    assert [p.split(": ")[1] for p in problems if p.startswith("content/explainers/")] == [
        "error[unknown-citation]", "error[cite-non-source]"]
    assert any(p.startswith("content/sources/broken-source.md:4:1: error[bad-date]") for p in problems)


def test_a_paragraph_whose_citation_cannot_be_read_is_not_also_called_uncited(tmp_path):
    problems = diagnostics(tmp_path, "The plans were drafted [@].")
    assert [p.split(": ")[1] for p in problems] == ["error[malformed-citation]"]


def test_a_paragraph_whose_only_trouble_is_an_uncited_quotation_is_warned_about_once(tmp_path):
    problems = diagnostics(tmp_path, "Officials called it “the first time since the 19th century” and moved on.")
    assert [p.split(": ")[1] for p in problems] == ["warning[quote-uncited]"]


def test_a_file_whose_front_matter_is_wrong_still_has_its_text_checked(tmp_path):
    # Every problem at once: the misspelled field, and the citation and quotation below it.
    broken = EXPLAINER.replace("summary: Quotes.", "sumary: Quotes.").replace("{body}", (
        "The article says it would be “the first time since the 18th century” [@plans-article]. "
        "Officials said so [@no-such-source].").replace("\n", "\n    "))
    problems = check(make_archive(tmp_path / "a", {"content/explainers/quotes.md": broken})).diagnostics
    assert [(d.path, d.line, d.code) for d in problems if d.path == "content/explainers/quotes.md"] == [
        ("content/explainers/quotes.md", 3, "unknown-field"),
        ("content/explainers/quotes.md", 8, "quote-mismatch"),
        ("content/explainers/quotes.md", 8, "unknown-citation"),
    ]


def test_a_draft_whose_front_matter_is_wrong_may_still_cite_drafts(tmp_path):
    draft_source = "---\ntitle: Drafted\nkind: article\noutlet: unknown\nauthors: unknown\npublished: unknown\nlanguage: en\nstatus: draft\n---\nText.\n"
    broken = EXPLAINER.replace("summary: Quotes.", "sumary: Quotes.").replace("status: published", "status: draft")
    files = {"content/explainers/quotes.md": broken.replace("{body}", "It was drafted [@drafted]."),
             "content/sources/drafted.md": draft_source}
    problems = check(make_archive(tmp_path / "a", files)).diagnostics
    assert [d.code for d in problems if d.path == "content/explainers/quotes.md"] == ["unknown-field"]
    # Published, it may not.
    files["content/explainers/quotes.md"] = files["content/explainers/quotes.md"].replace("status: draft", "status: published")
    problems = check(make_archive(tmp_path / "b", files)).diagnostics
    assert [d.code for d in problems if d.path == "content/explainers/quotes.md"] == ["unknown-field", "cite-draft"]


PASSAGES = """\
    ---
    title: An order
    kind: document
    outlet: Federal Register
    authors: unknown
    published: 2025-01-20
    language: en
    ---
    == Sec. 1 ==
    The cartels functionally control the territory.

    == Sec. 2 ==
    It is the policy of the United States to ensure the total elimination of these organizations.
    """


def test_a_quotation_is_found_in_the_passage_its_locator_names(tmp_path):
    extra = {"content/sources/order.md": PASSAGES}
    assert diagnostics(tmp_path / "1", 'The order calls for the "total elimination" [@order, Sec. 2].', extra) == []
    wrong_section = diagnostics(tmp_path / "2", 'The order calls for the "total elimination" [@order, Sec. 1].', extra)
    assert len(wrong_section) == 1 and "quote-mismatch" in wrong_section[0]
    # Without a locator any passage will do, but an elision never runs from one passage into the next.
    assert diagnostics(tmp_path / "3", 'It says the cartels "control the territory" [@order].', extra) == []
    bridged = diagnostics(tmp_path / "4", 'It says "the cartels … total elimination" [@order].', extra)
    assert len(bridged) == 1 and "quote-mismatch" in bridged[0]
