from pathlib import Path

from builder.core.link import alphabetical
from builder.core.pipeline import check
from tests.conftest import FIXTURE_CONTENT, make_archive


def checked(tmp_path: Path, files=None):
    return check(make_archive(tmp_path / "a", files))


def test_the_fixture_archive_is_clean(tmp_path):
    assert checked(tmp_path).diagnostics == []


def test_backlinks_are_derived_from_citations_with_the_citing_sentence(tmp_path):
    archive = checked(tmp_path).archive
    backlinks = {citing.id: [c.sentence for c in cites] for citing, cites in archive.backlinks("plans-article")}
    assert backlinks["planning"] == ["The Pentagon is drafting plans.", "A post said so too."]
    assert backlinks["plans-2025"] == ["Plans were reported."]
    # A draft's citations are not backlinks: the draft is not published.
    assert "unfinished" not in backlinks


def test_notes_citing_a_source_count_as_citations(tmp_path):
    cites = checked(tmp_path).archive.cited_by["veracruz-ref"]
    assert any(c.in_note and c.citing.id == "plans-article" for c in cites)


def test_entity_and_topic_indexes_come_from_forward_references(tmp_path):
    archive = checked(tmp_path).archive
    assert {i.id for i in archive.named_in["northcom"]} == {"plans-2025", "plans-article", "tweet", "planning"}
    assert {i.id for i in archive.tagged["strike-planning"]} == {
        "planning", "plans-article", "tweet", "veracruz-ref", "veracruz-1914"
    }


def test_events_run_in_date_order(tmp_path):
    assert [e.id for e in checked(tmp_path).archive.events] == ["veracruz-1914", "punitive-1916", "plans-2025"]


def test_related_sources_share_entities_and_topics(tmp_path):
    archive = checked(tmp_path).archive
    related = [s.id for s in archive.related_sources(archive.items["tweet"])]
    assert related == ["plans-article", "veracruz-ref"]


def test_among_many_sources_naming_the_same_entity_shared_topics_rank_them(tmp_path):
    def source(topics: str) -> str:
        return ("---\ntitle: A report\nkind: article\noutlet: unknown\nauthors: unknown\npublished: 2025\n"
                f"language: en\nentities: [northcom]\ntopics: [{topics}]\n---\nText.\n")

    files = {"content/topics/border.md": "---\nname: Border\ndescription: The border.\n---\n",
             "content/sources/target.md": source("strike-planning, border"),
             **{f"content/sources/{name}.md": source(topics) for name, topics in [
                 ("a-none", ""), ("b-border", "border"), ("c-both", "border, strike-planning"),
                 ("d-none", ""), ("e-both", "strike-planning, border")]}}
    archive = checked(tmp_path, files).archive
    related = [s.id for s in archive.related_sources(archive.items["target"])]
    # All seven others name northcom (2 points each); a shared topic adds 1; ties go alphabetically.
    assert related == ["c-both", "e-both", "b-border", "plans-article", "tweet"]


def test_references_to_a_file_that_failed_are_not_reported_twice(tmp_path):
    broken = "---\ntitle: [unclosed\n---\n"
    problems = checked(tmp_path, {"content/sources/refs/veracruz-ref.md": broken}).diagnostics
    assert [d.code for d in problems] == ["yaml-syntax"]


def test_a_file_that_failed_is_known_by_the_id_it_claims(tmp_path):
    broken = "---\nid: claimed\ntitle: No language\nkind: reference\noutlet: unknown\nauthors: unknown\npublished: unknown\n---\n"
    explainer = FIXTURE_CONTENT["content/explainers/planning.md"].replace("[@veracruz-ref]", "[@claimed] [@wrongname]")
    problems = checked(tmp_path, {"content/sources/wrongname.md": broken, "content/explainers/planning.md": explainer}).diagnostics
    assert [(d.path, d.code) for d in problems] == [
        ("content/explainers/planning.md", "unknown-citation"),  # wrongname: the file claims another id
        ("content/sources/wrongname.md", "missing-field"),
    ]



def test_a_file_whose_yaml_does_not_read_is_still_known_by_the_id_it_sets(tmp_path):
    # Half-typed YAML below an `id:` line: the file that links to it hears nothing, since the one mistake
    # is the YAML (and a hint to link to some other id would mislead).
    broken = "---\r\nid: 'claimed'\r\ntitle: A topic\r\ndescription: [unclosed\r\n---\r\n"
    explainer = FIXTURE_CONTENT["content/explainers/planning.md"].replace("[@veracruz-ref]", "[@veracruz-ref] [[claimed]]")
    problems = checked(tmp_path, {"content/topics/wrongname.md": broken, "content/explainers/planning.md": explainer}).diagnostics
    assert [(d.path, d.code) for d in problems] == [("content/topics/wrongname.md", "yaml-syntax")]


def test_a_note_citing_its_own_source_is_flagged_and_not_a_citation(tmp_path):
    source = FIXTURE_CONTENT["content/sources/tweet.md"].replace("language: en", "language: en\n        note: See [@tweet].")
    result = checked(tmp_path, {"content/sources/tweet.md": source})
    assert [(d.code, d.severity.value) for d in result.diagnostics] == [("self-citation", "warning")]
    assert all(c.citing.id != "tweet" for c in result.archive.cited_by["tweet"])


def test_wikilinks_to_drafts_read_as_the_drafts_title(tmp_path):
    explainer = FIXTURE_CONTENT["content/explainers/planning.md"].replace(
        "The Pentagon is drafting plans", "[[unfinished]] says the Pentagon is drafting plans")
    result = checked(tmp_path, {"content/explainers/planning.md": explainer})
    assert [d.code for d in result.diagnostics] == ["link-to-draft"]
    backlinks = {citing.id: cites for citing, cites in result.archive.backlinks("plans-article")}
    assert backlinks["planning"][0].sentence == "Unfinished draft says the Pentagon is drafting plans."


def test_messages_use_the_right_article(tmp_path):
    explainer = FIXTURE_CONTENT["content/explainers/planning.md"].replace("[@veracruz-ref]", "[@northcom]")
    [problem] = checked(tmp_path, {"content/explainers/planning.md": explainer}).diagnostics
    assert problem.message == "'northcom' is an entity; only sources can be cited"


def test_sources_are_not_called_orphans_while_a_file_that_may_cite_them_does_not_load(tmp_path):
    broken = FIXTURE_CONTENT["content/explainers/planning.md"].replace("status: published", "status: [published")
    codes = [d.code for d in checked(tmp_path, {"content/explainers/planning.md": broken}).diagnostics]
    assert codes == ["yaml-syntax"]


def test_listings_sort_as_an_index_does_brackets_and_accents_aside():
    labels = ["[Reports of a secret order]", "Mérida Initiative", "Merida", "MS-13", "“Quoted” title", "Air power"]
    assert sorted(labels, key=alphabetical) == [
        "Air power", "Merida", "Mérida Initiative", "MS-13", "“Quoted” title", "[Reports of a secret order]"]


def test_a_source_listed_by_an_event_that_does_not_validate_is_not_called_an_orphan(tmp_path):
    lonely = FIXTURE_CONTENT["content/sources/2025/plans-article.md"].replace("Pentagon drafts strike plans", "Lonely")
    event = "---\ntitle: Strikes\ndate: 2025-02-30\nsources: [lonely]\n---\nStrikes were reported.\n"
    diagnostics = checked(tmp_path, {"content/sources/lonely.md": lonely, "content/timeline/bad.md": event}).diagnostics
    assert [d.code for d in diagnostics] == ["bad-date"]


def test_an_unclosed_wikilink_to_an_item_that_exists_is_reported(tmp_path):
    planning = FIXTURE_CONTENT["content/explainers/planning.md"]
    body = "[[northcom] would lead, as [[northcom would; [[the] plans] and [[nobody] are prose."
    problems = [d.format() for d in checked(tmp_path, {"content/explainers/planning.md": planning + body + "\n"}).diagnostics]
    assert [p.split(": ")[1] for p in problems] == ["error[malformed-link]", "error[malformed-link]"]
    assert all("the wikilink to 'northcom' is not closed" in p for p in problems)


def test_a_source_only_drafts_cite_is_told_so_not_that_nothing_cites_it(tmp_path):
    lonely = FIXTURE_CONTENT["content/sources/2025/plans-article.md"].replace("title: Pentagon drafts strike plans", "title: Lonely")
    draft = FIXTURE_CONTENT["content/explainers/unfinished.md"].replace("[@plans-article]", "[@plans-article] [@lonely]")
    problems = [d.format() for d in checked(tmp_path, {"content/sources/lonely.md": lonely,
                                                      "content/explainers/unfinished.md": draft}).diagnostics]
    assert problems == ["content/sources/lonely.md:1:1: warning[orphan-source]: only drafts cite the source 'lonely' (it is cited "
                        "once a draft that cites it is published, or cite it from a published page)"]
