"""`archive report`: what needs an editor's attention, as text or JSON."""

import json

from builder.cli import main
from tests.conftest import FIXTURE_CONTENT, make_archive

LONELY = FIXTURE_CONTENT["content/sources/refs/veracruz-ref.md"].replace("entities: [veracruz]", "entities: []")
DRAFT = FIXTURE_CONTENT["content/sources/tweet.md"].replace("language: en", "language: en\n        status: draft")


def report(tmp_path, capsys, *args):
    project = make_archive(tmp_path / "a", {"content/sources/lonely.md": LONELY, "content/sources/inbox/waiting.md": DRAFT})
    assert main(["-C", str(project), "report", *args]) == 0
    return capsys.readouterr().out


def test_report_lists_each_kind_of_gap_as_json(tmp_path, capsys):
    data = json.loads(report(tmp_path, capsys, "--format", "json"))
    ids = {key: [e["id"] for e in entries] for key, entries in data.items()}
    assert ids["orphans"] == ["lonely"]
    assert ids["no_url"] == ["lonely", "veracruz-ref"]
    assert ids["no_archived_url"] == ["tweet"]
    assert ids["shortened_links"] == ["tweet"] and data["shortened_links"][0]["detail"] == "https://t.co/abc"
    assert ids["unknown_outlet"] == ["tweet"]
    assert ids["unknown_date"] == ["lonely", "veracruz-ref"]
    assert ids["drafts"] == ["waiting"]
    assert data["explainers"] == [{
        "path": "content/explainers/planning.md", "id": "planning", "label": "What the plans say",
        "detail": "4 citations, 2 paragraphs, 2.0 per paragraph",
    }]


def test_report_as_text_has_a_count_per_section(tmp_path, capsys):
    out = report(tmp_path, capsys)
    assert "Sources nothing cites: 1\n  content/sources/lonely.md  United States occupation of Veracruz\n" in out
    assert "Draft sources waiting in the inbox: 1\n  content/sources/inbox/waiting.md  A post about strikes\n" in out
