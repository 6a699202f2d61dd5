import json
import re

import pytest

from builder.rendering.metadata import json_ld, json_ld_script, open_graph, web_page
from builder.core.pipeline import check
from tests.conftest import make_archive

SITE = "https://example.org/repo/"
NAME = "Fixture Archive"
WEBSITE = {"@type": "WebSite", "name": NAME, "url": SITE}
# Every schema.org type these pages may use.
SCHEMA_ORG_TYPES = {"Article", "NewsArticle", "SocialMediaPosting", "Report", "CreativeWork", "Person", "Organization",
                    "GovernmentOrganization", "Place", "WebSite", "WebPage", "CollectionPage"}

LATER = """\
---
title: Later explainer
summary: Another account.
published: 2025-09-20
authors: [Ana Ruiz]
status: published
---
Plans were drafted [@plans-article].
"""
ABOUT = """\
---
title: About this archive
---
Who we are.
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    checked = check(make_archive(tmp_path_factory.mktemp("metadata") / "a", {
        "content/explainers/later.md": LATER, "content/pages/about.md": ABOUT,
    }))
    assert checked.ok, checked.diagnostics
    return checked.archive


def ld(archive, item_id):
    return json_ld(archive.items[item_id], archive, SITE, NAME)


def types(data):
    """Every @type anywhere in a JSON-LD tree."""
    if isinstance(data, dict):
        own = {data["@type"]} if "@type" in data else set()
        return own.union(*(types(value) for value in data.values()))
    if isinstance(data, list):
        return set().union(*(types(value) for value in data))
    return set()


def test_an_explainer_is_an_article_citing_its_sources(archive):
    url = "https://example.org/repo/explainers/planning/"
    assert ld(archive, "planning") == {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": "What the plans say",
        "description": "A short account.",
        "datePublished": "2025-09-01",
        "dateModified": "2025-09-15",
        "author": [{"@type": "Organization", "name": "Archive editors"}],
        "publisher": {"@type": "Organization", "name": NAME, "url": SITE},
        # In the order of first citation.
        "citation": [
            {"@type": "NewsArticle", "name": "Pentagon drafts strike plans",
             "url": "https://example.org/repo/sources/plans-article/"},
            {"@type": "CreativeWork", "name": "United States occupation of Veracruz",
             "url": "https://example.org/repo/sources/veracruz-ref/"},
            {"@type": "SocialMediaPosting", "name": "A post about strikes",
             "url": "https://example.org/repo/sources/tweet/"},
        ],
        "url": url,
        "mainEntityOfPage": url,
        "isPartOf": WEBSITE,
    }


def test_an_explainer_never_updated_has_no_date_modified(archive):
    later = ld(archive, "later")
    assert "dateModified" not in later
    assert later["author"] == [{"@type": "Person", "name": "Ana Ruiz"}]


def test_a_news_source_names_its_author_outlet_date_and_original(archive):
    url = "https://example.org/repo/sources/plans-article/"
    assert ld(archive, "plans-article") == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "name": "Pentagon drafts strike plans",
        "url": url,
        "author": [{"@type": "Person", "name": "Ana Ruiz"}],
        "publisher": {"@type": "Organization", "name": "Example Daily"},
        "datePublished": "2025-08-08",
        "inLanguage": "en",
        "isBasedOn": "https://example.org/plans",
        "archivedAt": "https://archive.example.org/plans",
        "mainEntityOfPage": url,
        "isPartOf": WEBSITE,
    }


def test_unknown_facts_are_left_out_of_a_source(archive):
    tweet = ld(archive, "tweet")
    assert tweet["@type"] == "SocialMediaPosting"
    assert tweet["datePublished"] == "2025-08"  # at its own precision
    assert not {"author", "publisher"} & set(tweet)
    reference = ld(archive, "veracruz-ref")
    assert reference["@type"] == "CreativeWork"
    assert not {"author", "datePublished", "isBasedOn", "archivedAt"} & set(reference)
    assert "unknown" not in json.dumps([tweet, reference]).lower()


def test_entity_and_topic_pages_are_collections_about_their_subject(archive):
    northcom = ld(archive, "northcom")
    assert northcom["@type"] == "CollectionPage"
    assert northcom["url"] == "https://example.org/repo/entities/northcom/"
    assert northcom["about"] == {"@type": "GovernmentOrganization", "name": "U.S. Northern Command",
                                 "alternateName": ["NORTHCOM"],
                                 "description": "The U.S. military command for North America."}
    assert ld(archive, "veracruz")["about"]["@type"] == "Place"
    topic = ld(archive, "strike-planning")
    assert (topic["@type"], topic["name"], topic["description"]) == ("CollectionPage", "Strike planning",
                                                                     "Plans for strikes.")


def test_a_free_standing_page_is_a_web_page(archive):
    assert ld(archive, "about") == {"@context": "https://schema.org", "@type": "WebPage", "name": "About this archive",
                                    "url": "https://example.org/repo/about/", "isPartOf": WEBSITE}


def test_a_section_page_is_a_collection():
    assert web_page("Sources", SITE + "sources/", SITE, NAME, collection=True) == {
        "@context": "https://schema.org", "@type": "CollectionPage", "name": "Sources",
        "url": "https://example.org/repo/sources/", "isPartOf": WEBSITE}


def test_events_have_no_page_of_their_own(archive):
    with pytest.raises(ValueError, match="no page"):
        ld(archive, "plans-2025")


def test_only_schema_org_types_are_used(archive):
    used = set().union(*(types(ld(archive, item.id)) for item in archive.items.values() if item.kind.value != "event"))
    assert used <= SCHEMA_ORG_TYPES


def test_the_script_element_cannot_be_broken_out_of():
    data = {"@type": "WebPage", "name": "</script><script>alert(1)</script> & <!-- \u2028"}
    script = json_ld_script(data)
    match = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', script, re.DOTALL)
    assert match and not re.search(r"[<>&\u2028]", match[1])
    assert json.loads(match[1]) == data


def test_open_graph_of_an_explainer(archive):
    url = "https://example.org/repo/explainers/planning/"
    assert open_graph(archive.items["planning"], "What the plans say", "A short account.", url, NAME) == [
        ("og:title", "What the plans say"),
        ("og:description", "A short account."),
        ("og:type", "article"),
        ("og:url", url),
        ("og:site_name", NAME),
        ("twitter:card", "summary"),
        ("twitter:title", "What the plans say"),
        ("twitter:description", "A short account."),
    ]


def test_open_graph_of_a_section_without_a_description():
    tags = dict(open_graph(None, "Sources", None, SITE + "sources/", NAME))
    assert tags["og:type"] == "website"
    assert "og:description" not in tags and "twitter:description" not in tags
