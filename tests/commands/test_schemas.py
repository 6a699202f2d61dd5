"""The JSON Schemas editors' tools use are generated from the model and committed; stale ones fail."""

import json
import re

import jsonschema
import pytest

from builder.commands.cli import main
from builder.core.paths import Kind, schema_path
from builder.commands.schemas import schema_of, stale_schemas
from tests.conftest import REPO


def test_committed_schemas_match_the_model():
    assert stale_schemas(REPO) == [], "run `.venv/bin/archive schemas` and commit schemas/"


def test_a_changed_schema_is_reported_stale(tmp_path):
    for kind in Kind:
        target = tmp_path / schema_path(kind)
        target.parent.mkdir(exist_ok=True)
        target.write_text(schema_of(kind))
    (tmp_path / schema_path(Kind.TOPIC)).write_text("{}")
    assert stale_schemas(tmp_path) == [tmp_path / schema_path(Kind.TOPIC)]


def test_unknown_is_a_valid_answer_and_dates_and_ids_have_patterns():
    source = json.loads(schema_of(Kind.SOURCE))
    authors = {"type": "object", "properties": {"authors": source["properties"]["authors"]}}
    for answer in ("unknown", "Unknown", ["Ana Ruiz"]):  # in any case, as the build reads it
        jsonschema.validate({"authors": answer}, authors)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"authors": "Ana Ruiz"}, authors)  # one name is a list of one
    assert set(source["required"]) == {"title", "kind", "outlet", "authors", "published", "language"}
    assert source["additionalProperties"] is False
    date = json.loads(schema_of(Kind.EVENT))["properties"]["date"]
    assert re.match(date["pattern"], "~1916") and not re.match(date["pattern"], "August 2025")
    assert source["properties"]["entities"]["items"]["pattern"] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"


def test_the_editor_settings_shipped_start_the_language_server_for_markdown():
    """What the README's editor setup relies on: VS Code (with the Generic LSP Client) and Helix run `archive lsp`."""
    import tomllib

    vscode = json.loads((REPO / ".vscode" / "settings.json").read_text())
    assert [vscode["glspc.server.command"], *vscode["glspc.server.commandArguments"]] == ["archive", "lsp"]
    assert vscode["glspc.server.languageId"] == ["markdown"]
    assert json.loads((REPO / ".vscode" / "extensions.json").read_text())["recommendations"] == ["zsol.vscode-glspc"]
    helix = tomllib.loads((REPO / ".helix" / "languages.toml").read_text())
    assert helix["language-server"]["archive"] == {"command": "archive", "args": ["lsp"]}
    assert helix["language"] == [{"name": "markdown", "language-servers": ["archive"]}]


def test_the_schemas_command_says_what_is_stale_missing_or_fine(tmp_path, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: S\n")
    assert main(["-C", str(tmp_path), "schemas"]) == 0
    assert capsys.readouterr().out.splitlines() == [str(schema_path(kind)) for kind in Kind]
    assert main(["-C", str(tmp_path), "schemas", "--check"]) == 0
    assert capsys.readouterr().out == "archive schemas: every schema is up to date\n"
    (tmp_path / schema_path(Kind.TOPIC)).write_text("{}")
    (tmp_path / schema_path(Kind.EVENT)).unlink()
    assert main(["-C", str(tmp_path), "schemas", "--check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"archive schemas: {schema_path(Kind.EVENT)} is missing; run `archive schemas`",
        f"archive schemas: {schema_path(Kind.TOPIC)} is out of date; run `archive schemas`",
    ]
    assert main(["-C", str(tmp_path), "schemas"]) == 0
    assert main(["-C", str(tmp_path), "schemas"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "archive schemas: every schema is up to date; nothing written"
