import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from citeproc import CitationStylesStyle
from pybtex.database import parse_string

from builder.rendering import citation
from builder.rendering.citation import (
    LOCALE, STYLE_FILE, all_sources_csl, bibtex, csl_json, formatted, formatted_many, is_person, page_url, split_name,
)
from builder.core.pipeline import check
from tests.conftest import REPO, make_archive

SITE = "https://example.org/repo/"

# A statement with every awkward character, an organization among its authors, and an access date.
STATEMENT = """\
---
title: 'Statement on <strikes> & 50% {braces} $x$ #1 </script> \\ back'
kind: statement
outlet: The White House
authors: [Associated Press, "Ruiz, Ana", Andrés Manuel López Obrador]
published: 2025
url: https://example.org/a_b%20c?x=1&y=2#top
access_date: 2025-08-20
language: en
---
We will act.
"""
ASSOCIATED_PRESS = """\
---
name: Associated Press
kind: organization
description: A news agency.
---
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    checked = check(make_archive(tmp_path_factory.mktemp("citation") / "a", {
        "content/sources/statement.md": STATEMENT,
        "content/entities/associated-press.md": ASSOCIATED_PRESS,
    }))
    assert checked.ok, checked.diagnostics
    return checked.archive


@pytest.mark.parametrize(("site_url", "expected"), [
    ("https://example.org/repo", "https://example.org/repo/sources/tweet/"),
    ("https://example.org/?utm=1#top", "https://example.org/sources/tweet/"),  # the site's query and fragment are dropped
    ("https://example.org/a/../repo/", "https://example.org/repo/sources/tweet/"),
    ("", "/sources/tweet/"),
])
def test_a_page_url_is_the_page_under_the_site_address_however_it_is_written(archive, site_url, expected):
    assert page_url(archive.items["tweet"], site_url) == expected


def csl(archive, item_id):
    return csl_json(archive.items[item_id], archive, SITE, "Fixture Archive")


def test_a_news_article_has_its_outlet_author_date_and_url(archive):
    assert csl(archive, "plans-article") == {
        "id": "plans-article",
        "type": "article-newspaper",
        "title": "Pentagon drafts strike plans",
        "container-title": "Example Daily",
        "author": [{"family": "Ruiz", "given": "Ana"}],
        "issued": {"date-parts": [[2025, 8, 8]]},
        "URL": "https://example.org/plans",
        "language": "en",
        # The editor's note as text: its citation reads as the cited source's title.
        "note": "The claim about the 19th century is contradicted by (United States occupation of Veracruz).",
    }


def test_unknown_facts_are_left_out(archive):
    reference = csl(archive, "veracruz-ref")
    # Without a URL nothing says a reference is a web page: it is a document, and its outlet its publisher.
    assert reference == {"id": "veracruz-ref", "type": "document", "title": "United States occupation of Veracruz",
                         "publisher": "Wikipedia", "language": "en"}
    assert "unknown" not in json.dumps(all_sources_csl(archive, SITE)).lower()


def test_dates_keep_their_precision(archive):
    assert csl(archive, "tweet")["issued"] == {"date-parts": [[2025, 8]], "circa": True}
    assert csl(archive, "statement")["issued"] == {"date-parts": [[2025]]}
    assert csl(archive, "statement")["accessed"] == {"date-parts": [[2025, 8, 20]]}


def test_a_statement_is_a_speech_issued_by_its_outlet(archive):
    statement = csl(archive, "statement")
    assert (statement["type"], statement["genre"], statement["publisher"]) == ("speech", "Statement", "The White House")
    assert "container-title" not in statement


def test_names_are_split_only_when_that_is_safe(archive):
    assert csl(archive, "statement")["author"] == [
        {"literal": "Associated Press"},  # an organization in the archive
        {"family": "Ruiz", "given": "Ana"},  # written family first
        {"literal": "Andrés Manuel López Obrador"},  # which words are the family name is not guessed
    ]
    assert split_name("Ana Ruiz", archive) == ("Ana", "Ruiz")
    assert split_name("Archive editors", archive) is None
    assert [is_person(name, archive) for name in ("Associated Press", "Ana Ruiz", "Archive editors")] == [
        False, True, False]


def test_an_explainer_is_a_page_of_the_site(archive):
    assert csl(archive, "planning") == {
        "id": "planning",
        "type": "webpage",
        "title": "What the plans say",
        "container-title": "Fixture Archive",
        "author": [{"literal": "Archive editors"}],
        "issued": {"date-parts": [[2025, 9, 1]]},
        "URL": "https://example.org/repo/explainers/planning/",
        "abstract": "A short account.",
    }


def test_only_sources_and_explainers_are_cited(archive):
    with pytest.raises(ValueError, match="northcom"):
        csl_json(archive.items["northcom"], archive, SITE)


def test_every_published_source_by_id(archive):
    assert [item["id"] for item in all_sources_csl(archive, SITE)] == [
        "plans-article", "statement", "tweet", "veracruz-ref"]


def test_the_style_is_a_valid_csl_file_on_disk():
    assert STYLE_FILE.is_file()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # citeproc-py warns when a style fails the CSL schema
        CitationStylesStyle(str(STYLE_FILE), locale=LOCALE)


def test_the_formatted_reference_names_author_year_title_and_outlet(archive):
    assert formatted(csl(archive, "plans-article")) == (
        "Ruiz, A. (2025) ‘Pentagon drafts strike plans’, <i>Example Daily</i>, 8 August. "
        "Available at: https://example.org/plans.")


def test_a_title_standing_in_for_the_author_is_not_repeated(archive):
    reference = formatted(csl(archive, "tweet"))
    assert reference == "‘A post about strikes’ (2025). Available at: https://x.example/ana/status/1."


def test_an_explainer_reference_names_the_site(archive):
    assert formatted(csl(archive, "planning")) == (
        "Archive editors (2025) <i>What the plans say</i>, <i>Fixture Archive</i>. "
        "Available at: https://example.org/repo/explainers/planning/.")


def test_the_formatted_reference_escapes_markup(archive):
    reference = formatted(csl(archive, "statement"))
    assert "&lt;/script&gt;" in reference and "</script>" not in reference
    assert "&lt;strikes&gt; &amp; 50%" in reference
    assert "(Accessed: 20 August 2025)" in reference


def test_bibtex_parses_back_with_its_fields(archive):
    entry = parse_string(bibtex(csl(archive, "plans-article"), "plans-article"), "bibtex").entries["plans-article"]
    assert entry.type == "article"
    assert [str(person) for person in entry.persons["author"]] == ["Ruiz, Ana"]
    assert dict(entry.fields) == {
        "title": "{Pentagon drafts strike plans}",
        "journal": "Example Daily",
        "year": "2025",
        "month": "August",  # the `aug` macro, expanded by the parser
        "url": "https://example.org/plans",
        "note": "The claim about the 19th century is contradicted by (United States occupation of Veracruz).",
    }


def test_bibtex_escapes_latex_but_not_urls(archive):
    text = bibtex(csl(archive, "statement"), "statement")
    entry = parse_string(text, "bibtex").entries["statement"]
    assert entry.type == "misc"
    assert entry.fields["title"] == (
        r"{Statement on <strikes> \& 50\% \{braces\} \$x\$ \#1 </script> \textbackslash{} back}")
    assert entry.fields["howpublished"] == "The White House"
    assert entry.fields["url"] == "https://example.org/a_b%20c?x=1&y=2#top"
    assert entry.fields["urldate"] == "2025-08-20"
    assert "month" not in entry.fields  # the date is a year
    # A literal name is braced, so BibTeX keeps it whole.
    assert [str(person) for person in entry.persons["author"]] == [
        "{Associated Press}", "Ruiz, Ana", "{Andrés Manuel López Obrador}"]


def test_bibtex_of_an_unknown_date_and_author_has_no_such_fields(archive):
    entry = parse_string(bibtex(csl(archive, "veracruz-ref"), "veracruz-ref"), "bibtex").entries["veracruz-ref"]
    assert set(entry.fields) == {"title", "howpublished"}
    assert not entry.persons


# References of every type and shape the archive makes: with and without authors, dates at each
# precision, approximate dates, access dates, genres, publishers and notes.
VARIED_REFERENCES = [
    {"id": f"r{number}", "type": kind, "title": f"Title {number}",
     **({"author": authors} if authors else {}),
     **({"issued": {"date-parts": [date], **({"circa": True} if number % 5 == 0 else {})}} if date else {}),
     **({"container-title": "Example Daily"} if kind in ("article-newspaper", "post", "webpage") else {"publisher": "Example Office"}),
     **({"URL": f"https://example.org/{number}", "accessed": {"date-parts": [[2025, 9, number % 28 + 1]]}} if number % 2 else {}),
     **({"genre": "Statement"} if kind == "speech" else {}), **({"note": "An editor's note."} if number % 3 == 0 else {})}
    for number, (kind, authors, date) in enumerate(
        (kind, authors, date)
        for kind in ("article-newspaper", "post", "speech", "report", "document", "webpage")
        for authors in ([], [{"family": "Ruiz", "given": "Ana"}], [{"literal": "Archive editors"}, {"family": "Li", "given": "Wei"}])
        for date in ([], [2025], [2025, 8], [2025, 8, 8]))
]


def test_remembering_the_styles_lookups_changes_no_reference():
    # citeproc-py as it is, in a fresh process where the lookups are not remembered, against this process.
    script = ("import json, sys; from builder.rendering import citation; citation._remember_style_lookups = lambda: None; "
              "print(json.dumps([citation.formatted(item) for item in json.load(sys.stdin)]))")
    plain = subprocess.run([sys.executable, "-c", script], input=json.dumps(VARIED_REFERENCES), capture_output=True,
                           text=True, cwd=REPO, check=True)
    assert [formatted(item) for item in VARIED_REFERENCES] == json.loads(plain.stdout)
    assert len(set(json.loads(plain.stdout))) == len(VARIED_REFERENCES)


def test_a_reference_memo_made_by_another_version_of_the_formatter_is_not_read(tmp_path, monkeypatch):
    memo: dict[str, str] = {}
    [fresh] = formatted_many([VARIED_REFERENCES[0]], memo)
    memo.update(dict.fromkeys(memo, "stale: from an older formatter"))
    assert formatted_many([VARIED_REFERENCES[0]], memo) == ["stale: from an older formatter"]  # the same code reads it
    changed = tmp_path / "citation.py"
    changed.write_bytes(Path(citation.__file__).read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(citation, "FORMAT_INPUTS", (STYLE_FILE, changed))
    assert formatted_many([VARIED_REFERENCES[0]], memo) == [fresh]


def test_an_article_by_nobody_known_is_led_by_its_outlet_once_or_by_its_title():
    article = {"id": "a", "type": "article-newspaper", "title": "Pentagon drafts strike plans",
               "container-title": "Example Daily", "issued": {"date-parts": [[2025, 8, 8]]}}
    assert formatted(article) == "<i>Example Daily</i> (2025) ‘Pentagon drafts strike plans’, 8 August."
    unknown_outlet = {"id": "b", "type": "article-newspaper", "title": "[Pentagon drafting operational plans]"}
    assert formatted(unknown_outlet) == "[Pentagon drafting operational plans] (no date)."


def test_an_editors_description_is_not_quoted_as_a_title():
    from builder.rendering.citation import formatted
    reference = formatted({"id": "x", "type": "webpage", "title": "[Statement on the strikes]", "publisher": "Office of a Senator"})
    assert "[Statement on the strikes]" in reference and "‘[" not in reference
