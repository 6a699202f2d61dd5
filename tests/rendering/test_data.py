import csv
import io
import json
import textwrap

import jsonschema
import pytest

from builder.rendering.citation import all_sources_csl
from builder.rendering.data import data_files
from builder.core.pipeline import check
from tests.conftest import FIXTURE_CONTENT, make_archive

SITE = "https://example.org/repo/"
TABLES = ("sources", "explainers", "entities", "events")

PLANNING_CORRECTED = textwrap.dedent(FIXTURE_CONTENT["content/explainers/planning.md"]).replace(
    "status: published\n",
    "status: published\n"
    "corrections:\n"
    "  - date: 2025-09-10\n"
    "    wrong: The plans were final; approved\n"
    "    right: The plans were drafts\n",
)
ACCESSED = """\
---
title: Orders issued
kind: document
outlet: unknown
authors: [Ana Ruiz, Luis Gómez]
published: ~1916
access_date: 2025-08
language: es
---
Órdenes.
"""


def build(root):
    checked = check(make_archive(root, {"content/explainers/planning.md": PLANNING_CORRECTED,
                                        "content/sources/orders.md": ACCESSED}))
    assert checked.ok, checked.diagnostics
    return checked.archive


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build(tmp_path_factory.mktemp("data") / "a")


@pytest.fixture(scope="module")
def files(archive):
    return data_files(archive, SITE)


def records(files, table):
    return {record["id"]: record for record in json.loads(files[f"data/{table}.json"])}


def rows(files, table):
    text = files[f"data/{table}.csv"].decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_every_table_comes_as_json_csv_and_schema(files):
    expected = {f"data/{table}.{ext}" for table in TABLES for ext in ("json", "csv", "schema.json")}
    assert set(files) == expected | {"data/sources.csl.json"}


def test_a_source_record_holds_every_field_its_page_and_excerpt(files):
    assert records(files, "sources")["plans-article"] == {
        "id": "plans-article",
        "page_url": "https://example.org/repo/sources/plans-article/",
        "title": "Pentagon drafts strike plans",
        "kind": "article",
        "outlet": "Example Daily",
        "authors": ["Ana Ruiz"],
        "published": "2025-08-08",
        "published_precision": "day",
        "published_approximate": False,
        "url": "https://example.org/plans",
        "url_status": "live",
        "archive_url": "https://archive.example.org/plans",
        "archive_date": "2025-08-09",
        "archive_date_precision": "day",
        "archive_date_approximate": False,
        "access_date": None,
        "access_date_precision": None,
        "access_date_approximate": None,
        "via_outlet": None,
        "via_url": None,
        "identifiers": {},
        "language": "en",
        "entities": ["northcom"],
        "topics": ["strike-planning"],
        "note": "The claim about the 19th century is contradicted by [@veracruz-ref].",
        "excerpt": "The Pentagon is drafting plans for strikes.\n\nIt would be the first time since the 19th century.",
    }


def test_unknown_is_null_and_dates_keep_their_precision(files):
    sources = records(files, "sources")
    reference = sources["veracruz-ref"]
    assert (reference["authors"], reference["published"], reference["published_precision"], reference["excerpt"]) == (
        None, None, None, None)
    assert sources["tweet"]["outlet"] is None
    orders = sources["orders"]
    assert (orders["published"], orders["published_precision"], orders["published_approximate"]) == (
        "1916", "year", True)
    assert (orders["access_date"], orders["access_date_precision"]) == ("2025-08", "month")


def test_records_are_ordered_by_id_and_drafts_left_out(files):
    assert [r["id"] for r in json.loads(files["data/sources.json"])] == ["orders", "plans-article", "tweet",
                                                                         "veracruz-ref"]
    assert [r["id"] for r in json.loads(files["data/explainers.json"])] == ["planning"]  # not the draft


def test_an_explainer_record_lists_its_sources_and_corrections(files):
    planning = records(files, "explainers")["planning"]
    assert planning["sources"] == ["plans-article", "veracruz-ref", "tweet"]
    assert planning["corrections"] == [{"date": "2025-09-10", "date_precision": "day", "date_approximate": False,
                                        "wrong": "The plans were final; approved", "right": "The plans were drafts"}]
    assert (planning["updated"], planning["updated_precision"]) == ("2025-09-15", "day")


def test_an_event_record_has_its_sources_and_its_place_on_the_timeline(files):
    events = records(files, "events")
    assert events["veracruz-1914"]["sources"] == ["veracruz-ref"]
    assert events["veracruz-1914"]["page_url"] == "https://example.org/repo/timeline/#event-veracruz-1914"
    assert (events["punitive-1916"]["date"], events["punitive-1916"]["date_approximate"]) == ("1916", True)


def test_entity_records(files):
    assert records(files, "entities")["northcom"] == {
        "id": "northcom", "page_url": "https://example.org/repo/entities/northcom/", "name": "U.S. Northern Command",
        "kind": "government-body", "aliases": ["NORTHCOM"],
        "description": "The U.S. military command for North America."}


@pytest.mark.parametrize("table", TABLES)
def test_csv_has_a_header_and_one_row_per_record(files, table):
    data = json.loads(files[f"data/{table}.json"])
    table_rows = rows(files, table)
    assert list(table_rows[0]) == list(data[0])  # the same columns, in the same order
    assert [row["id"] for row in table_rows] == [record["id"] for record in data]
    # Line endings are "\n"; a carriage return could only come from the content.
    assert b"\r" not in files[f"data/{table}.csv"]


def test_csv_cells_join_lists_and_leave_unknowns_empty(files):
    sources = {row["id"]: row for row in rows(files, "sources")}
    assert sources["orders"]["authors"] == "Ana Ruiz; Luis Gómez"
    assert sources["orders"]["published_approximate"] == "true"
    assert sources["veracruz-ref"]["published"] == ""
    # A multi-line excerpt survives in one quoted cell.
    assert sources["plans-article"]["excerpt"] == records(files, "sources")["plans-article"]["excerpt"]
    planning = rows(files, "explainers")[0]
    assert planning["corrections"] == (
        "2025-09-10: was “The plans were final; approved”, now “The plans were drafts”")


@pytest.mark.parametrize("table", TABLES)
def test_each_schema_is_valid_and_validates_its_data(files, table):
    schema = json.loads(files[f"data/{table}.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    validator.validate(json.loads(files[f"data/{table}.json"]))
    assert schema["$id"] == f"https://example.org/repo/data/{table}.schema.json"


def test_a_schema_rejects_what_the_archive_never_writes(files):
    schema = json.loads(files["data/sources.schema.json"])
    record = json.loads(files["data/sources.json"])[0]
    for wrong in ({"published": "unknown"}, {"published_precision": "week"}, {"extra": 1}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate([{**record, **wrong}], schema)
    without_title = {key: value for key, value in record.items() if key != "title"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([without_title], schema)


def test_sources_as_csl_json(files, archive):
    assert json.loads(files["data/sources.csl.json"]) == all_sources_csl(archive, SITE)


def test_two_builds_give_identical_bytes(files, tmp_path):
    assert data_files(build(tmp_path / "again"), SITE) == files
