"""`archive report`: what needs an editor's attention, as text or JSON."""

import json

from builder.commands.cli import main
from tests.conftest import FIXTURE_CONTENT, make_archive

LONELY = FIXTURE_CONTENT["content/sources/refs/veracruz-ref.md"].replace("entities: [veracruz]", "entities: []")
DRAFT = FIXTURE_CONTENT["content/sources/tweet.md"].replace("language: en", "language: en\n        status: draft")
SHORTENED = LONELY.replace("kind: reference", "kind: reference\n        url: https://t.co/abc")


def report(tmp_path, capsys, *args):
    project = make_archive(tmp_path / "a", {"content/sources/lonely.md": SHORTENED, "content/sources/inbox/waiting.md": DRAFT})
    assert main(["-C", str(project), "report", *args]) == 0
    return capsys.readouterr().out


def test_report_lists_each_kind_of_gap_as_json(tmp_path, capsys):
    data = json.loads(report(tmp_path, capsys, "--format", "json"))
    # The figures the About page shows too: of the four published sources, three give the original's address.
    assert data.pop("coverage") == {"with_url": {"count": 3, "of": 4}, "with_archive": {"count": 1, "of": 4},
                                    "with_excerpt": {"count": 2, "of": 4}, "quotations_verified": {"count": 0, "of": 0}}
    ids = {key: [e["id"] for e in entries] for key, entries in data.items()}
    assert ids["orphans"] == ["lonely"]
    assert ids["no_url"] == ["veracruz-ref"]
    assert sorted(ids["no_archive_url"]) == ["lonely", "tweet"]
    assert ids["cited_without_excerpt"] == ["veracruz-ref"] and data["cited_without_excerpt"][0]["detail"] == "cited by 4"
    assert ids["dead_links"] == []
    assert ids["shortened_links"] == ["lonely"] and data["shortened_links"][0]["detail"] == "https://t.co/abc"
    assert ids["unknown_outlet"] == ["tweet"]
    assert ids["unknown_date"] == ["lonely", "veracruz-ref"]
    assert ids["drafts"] == ["waiting"]
    assert data["explainers"] == [{
        "path": "content/explainers/planning.md", "id": "planning", "label": "What the plans say",
        "detail": "4 citations, 2 paragraphs, 2.0 per paragraph",
    }]


def test_report_as_text_has_a_count_per_section(tmp_path, capsys):
    out = report(tmp_path, capsys)
    assert out.startswith("Sources with the original's address: 3 of 4 (75%)\n")
    assert "Sources nothing cites: 1\n  content/sources/lonely.md  United States occupation of Veracruz\n" in out
    assert "Draft sources waiting in the inbox: 1\n  content/sources/inbox/waiting.md  A post about strikes\n" in out
