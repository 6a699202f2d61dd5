from datetime import date, timedelta

from builder.core.diagnostics import Diagnostics
from builder.core.load import parse_text
from builder.core.paths import Kind
from builder.core.validate import ACCESS_DATE_MAX_AGE, validate

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
        "(every id must be unique across the archive: rename this file, or set its 'id:')"
    ]



def test_a_duplicate_id_is_reported_where_id_is_set_not_in_the_file_it_names():
    # b.md was there first; the editor's new a.md sets an id that b.md's name already gives it.
    _, problems = run({"content/sources/a.md": SOURCE.format(extra="id: b\n"), "content/sources/b.md": SOURCE.format(extra="")})
    assert problems == [
        "content/sources/a.md:8:1: error[duplicate-id]: the id 'b' is already used by content/sources/b.md "
        "(every id must be unique across the archive: rename this file, or set its 'id:')"
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
        "(add 'right:' with what is right, as the archive now says)",
        "content/explainers/e.md:13:5: error[unknown-field]: 'corrections.1.note' is not a field of a correction "
        "(the fields are: date, wrong, right)",
    ]


def test_provenance_fields_are_read_with_their_identifiers_as_links():
    # Read a month ago: the check warns of an access date more than two years old.
    extra = (f"url: https://example.gov/eo\naccess_date: {date.today() - timedelta(days=30)}\nurl_status: live\n"
             "archive_url: https://web.archive.example/2025/eo\narchive_date: 2025-08-30\n"
             "via:\n  outlet: A member station\n  url: https://station.example/eo\n"
             "identifiers:\n  executive_order: 14157\n  bill: 118 H.J.Res. 18\n  crs: R40135\n")
    items, problems = run({"content/sources/a.md": SOURCE.format(extra=extra)})
    assert problems == []
    meta = items[0].meta
    assert (meta.via.outlet, meta.archive_date.iso()) == ("A member station", "2025-08-30")
    assert meta.identifiers.links() == [
        ("Executive Order 14157", "https://www.federalregister.gov/executive-order/14157"),
        ("H.J.Res. 18 (118th Congress)", "https://www.congress.gov/bill/118th-congress/house-joint-resolution/18"),
        ("CRS report R40135", "https://www.congress.gov/crs-product/R40135"),
    ]


def test_provenance_rules_between_fields_are_reported_where_they_stand():
    extra = ("url: https://t.co/abc\naccess_date: 2999-01-01\nurl_status: dead\n"
             "identifiers:\n  public_law: PL 106\n")
    _, problems = run({"content/sources/a.md": SOURCE.format(extra=extra)})
    assert problems == [
        "content/sources/a.md:12:3: error[bad-identifier]: 'identifiers.public_law': 'PL 106' is not a Public Law number; "
        "it is written like '106-246'",
    ]
    _, problems = run({"content/sources/a.md": SOURCE.format(extra=extra.replace("PL 106", "106-246"))})
    assert problems == [
        "content/sources/a.md:8:1: warning[unresolved-url]: https://t.co/abc is a shortened link: it hides where it leads "
        "(open it, and record the address it leads to instead)",
        "content/sources/a.md:9:1: error[future-date]: 'access_date' is 2999-01-01, which has not come yet "
        "(write the day you read it, which is today at the latest)",
        "content/sources/a.md:10:1: warning[dead-url-without-copy]: the original is dead, and there is no archived copy "
        "(find a snapshot of the original and record it in archive_url and archive_date)",
    ]


def test_an_archived_copy_and_its_date_go_together():
    _, problems = run({"content/sources/a.md": SOURCE.format(extra="archive_url: https://web.archive.example/x\n")})
    assert problems == ["content/sources/a.md:8:1: error[missing-field]: an archive_url needs its archive_date "
                        "(add 'archive_date:' with the day the snapshot was taken (Wayback addresses hold it: /web/20250203…/))"]
    _, problems = run({"content/sources/a.md": SOURCE.format(extra="archive_date: 2025-01-02\n")})
    assert [p.split(": ", 1)[1].split(" (")[0] for p in problems] == ["error[missing-field]: an archive_date needs its archive_url"]


def test_an_identifier_stands_for_the_original_when_no_address_is_recorded():
    items, _ = run({"content/sources/a.md": SOURCE.format(extra="identifiers:\n  federal_register: 2025-02004\n"),
                    "content/sources/b.md": SOURCE.format(extra="url: https://example.gov/b\nidentifiers:\n  crs: R40135\n"),
                    "content/sources/c.md": SOURCE.format(extra="")})
    assert [item.meta.original for item in items] == ["https://www.federalregister.gov/d/2025-02004", "https://example.gov/b", None]


def test_a_published_source_cannot_keep_ingests_working_note_or_title():
    ingested = SOURCE.format(extra='note: "Ingested from h1_boats.txt, line 2, on 2026-12-01; outlet, author and date are not in the clipping."\n')
    ingested = ingested.replace("title: A title", 'title: "[Pentagon officials said on Tuesday that the…]"')
    _, problems = run({"content/sources/a.md": ingested})
    assert [problem.split(": ")[0] + ": " + problem.split(": ")[1] for problem in problems] == [
        "content/sources/a.md:2:1: error[working-title]", "content/sources/a.md:8:1: error[ingest-note]"]
    assert "readers would see" in problems[1]
    _, as_draft = run({"content/sources/a.md": ingested.replace("language: en", "language: en\nstatus: draft")})
    assert as_draft == []  # while it is a draft, they are the editor's to-do list


EVENT = """---
title: The first strike
date: {date}
sources: [a]
---
It happened.
"""


def test_an_events_date_that_disagrees_with_its_file_name_is_flagged():
    _, problems = run({"content/timeline/2025-09-02-first-strike.md": EVENT.format(date="2025-09-03")}, Kind.EVENT)
    assert problems == [
        "content/timeline/2025-09-02-first-strike.md:3:1: warning[date-not-file-name]: the date 2025-09-03 disagrees "
        "with the date 2025-09-02 in the file's name (correct the date, or rename the file to match; to keep its "
        "address, first set 'id:' to its present id)"]
    for path, written in (("content/timeline/2025-09-02-first-strike.md", "2025-09-02"),
                          ("content/timeline/2025-09-first-strike.md", "2025-09-02"),  # the name says less: no disagreement
                          ("content/timeline/first-strike.md", "2025-09-03")):  # no date in the name
        assert run({path: EVENT.format(date=written)}, Kind.EVENT)[1] == []


def test_a_required_field_left_empty_never_sends_the_editor_in_a_circle():
    topic = "---\nname: Boat strikes\n{description}---\nText.\n"
    _, missing = run({"content/topics/boats.md": topic.format(description="")}, Kind.TOPIC)
    assert missing == ["content/topics/boats.md:1:1: error[missing-field]: the required field 'description' is missing "
                       "(add 'description:' with one or two sentences that say what the topic covers)"]
    _, empty = run({"content/topics/boats.md": topic.format(description="description:\n")}, Kind.TOPIC)
    assert empty == ["content/topics/boats.md:3:1: error[empty-field]: 'description' has no value "
                     "(it is required: fill it in with one or two sentences that say what the topic covers)"]


def _committed_archive(tmp_path):
    import subprocess

    from tests.conftest import make_archive
    project = make_archive(tmp_path / "a")
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=Editor", "-c", "user.email=e@example.org", "commit", "-qm", "x"]):
        subprocess.run(["git", "-C", str(project), *command], check=True)
    return project


def test_duplicate_id_blames_the_file_not_yet_committed(tmp_path):
    from builder.core.pipeline import check
    project = _committed_archive(tmp_path)
    # A new explainer named as an old topic: the new file is the one to rename, though it sorts first.
    (project / "content/explainers/strike-planning.md").write_text(
        "---\ntitle: Planning\nsummary: S.\npublished: 2025-09-01\nauthors: [A]\nstatus: draft\n---\nText [@plans-article].\n")
    problems = [d.format() for d in check(project, cache=False).diagnostics if d.code == "duplicate-id"]
    assert problems == ["content/explainers/strike-planning.md:1:1: error[duplicate-id]: the id 'strike-planning' is already "
                        "used by content/topics/strike-planning.md (every id must be unique across the archive: rename "
                        "this file, or set its 'id:')"]


def test_one_mistaken_id_gives_one_message(tmp_path):
    from builder.core.pipeline import check
    project = _committed_archive(tmp_path)
    entity = project / "content/entities/veracruz.md"
    entity.write_text(entity.read_text().replace("---\n", "---\nid: northcom\n", 1))
    errors = [d.format() for d in check(project, cache=False).diagnostics if d.severity.name == "ERROR"]
    assert len(errors) == 1 and errors[0].startswith("content/entities/veracruz.md:2:1: error[duplicate-id]: the id 'northcom'")


def test_an_access_date_older_than_the_set_age_is_a_warning_at_its_line():
    stale = (date.today() - ACCESS_DATE_MAX_AGE - timedelta(days=1)).isoformat()
    fresh = (date.today() - ACCESS_DATE_MAX_AGE + timedelta(days=1)).isoformat()
    _, problems = run({"content/sources/a.md": SOURCE.format(extra=f"url: https://example.org/a\naccess_date: {stale}\n"),
                       "content/sources/b.md": SOURCE.format(extra=f"url: https://example.org/b\naccess_date: {fresh}\n")})
    assert problems == [
        f"content/sources/a.md:9:1: warning[stale-access-date]: 'access_date' is {stale}, more than 2 years ago "
        "(open the url again, check that it still supports the excerpt, and set access_date to that day)",
    ]


def test_a_taken_id_is_told_with_a_files_other_errors(tmp_path):
    from builder.core.pipeline import check
    from tests.conftest import make_archive
    project = make_archive(tmp_path / "a")
    # A new explainer, named as the topic, still half filled in.
    (project / "content/explainers/strike-planning.md").write_text("---\ntitle: Planning\nsummary:\n---\nText.\n")
    codes = sorted(d.code for d in check(project, cache=False).diagnostics if d.path == "content/explainers/strike-planning.md")
    assert "duplicate-id" in codes and "empty-field" in codes


def test_a_missing_excerpt_is_told_with_the_front_matters_errors():
    _, problems = run({"content/sources/a.md": SOURCE.format(extra="").replace("outlet: unknown", "outlet:").replace("Excerpt.\n", "")})
    assert [problem.split(": ")[1] for problem in problems] == ["error[empty-field]", "error[missing-excerpt]"]


def test_a_kind_that_is_a_list_is_a_wrong_type_not_a_crash():
    items, problems = run({"content/sources/a.md": SOURCE.replace("kind: article", "kind: []").format(extra="")})
    assert items == [] and any("[invalid-value]" in p or "[wrong-type]" in p for p in problems)
