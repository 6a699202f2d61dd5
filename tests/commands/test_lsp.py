"""`archive lsp`, driven over stdio by pygls's own LSP client, as an editor would drive it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from tests.conftest import make_archive
from tests.support import Editor

EXPLAINER = "content/explainers/planning.md"


def session(project: Path, steps):
    async def run():
        async with Editor(project) as editor:
            return await steps(editor)
    return asyncio.run(run())


def test_a_misquote_typed_but_not_saved_is_reported_at_the_changed_word(tmp_path):
    project = make_archive(tmp_path / "a")
    saved = (project / EXPLAINER).read_text()
    typed = saved.rstrip("\n") + "\n\nIt would be “the first time since the 18th century” [@plans-article].\n"
    last_line = len(typed.rstrip("\n").splitlines()) - 1

    async def steps(editor: Editor):
        editor.open(EXPLAINER)
        clean = await editor.diagnostics_of(EXPLAINER, lambda found: found is not None)
        editor.type_over(EXPLAINER, typed)
        found = await editor.diagnostics_of(EXPLAINER, lambda found: found and any(d.code == "quote-mismatch" for d in found))
        return clean, found

    clean, found = session(project, steps)
    assert [d for d in clean if d.severity == types.DiagnosticSeverity.Error] == []
    (misquote,) = [d for d in found if d.code == "quote-mismatch"]
    assert misquote.severity == types.DiagnosticSeverity.Error and misquote.source == "archive"
    assert "«18th» where the excerpt has «19th»" in misquote.message
    assert misquote.range.start.line == last_line
    assert typed.splitlines()[last_line][misquote.range.start.character:].startswith("18th")
    assert (project / EXPLAINER).read_text() == saved  # the server never writes the editor's files


def test_completion_offers_source_ids_item_ids_fields_and_choices(tmp_path):
    project = make_archive(tmp_path / "a")
    source = "content/sources/2025/plans-article.md"
    lines = (project / source).read_text().splitlines()

    async def steps(editor: Editor):
        editor.open(EXPLAINER, "---\ntitle: T\n---\nAs reported [@pl\n\nSee [[nor\n")
        citing = await editor.client.text_document_completion_async(types.CompletionParams(**editor.at(EXPLAINER, 3, 16)))
        linking = await editor.client.text_document_completion_async(types.CompletionParams(**editor.at(EXPLAINER, 5, 9)))
        editor.open(source, "\n".join(lines[:1] + ["kind: ", "st"] + lines[1:]) + "\n")
        choices = await editor.client.text_document_completion_async(types.CompletionParams(**editor.at(source, 1, 6)))
        fields = await editor.client.text_document_completion_async(types.CompletionParams(**editor.at(source, 2, 2)))
        return citing, linking, choices, fields

    citing, linking, choices, fields = session(project, steps)
    sources = {item.label for item in citing.items}
    assert "plans-article" in sources and "veracruz-ref" in sources and "northcom" not in sources  # sources only
    assert {"northcom", "plans-article", "strike-planning", "veracruz"} <= {item.label for item in linking.items}
    assert {item.label for item in choices.items} == {"article", "social-post", "statement", "testimony", "report",
                                                       "document", "reference"}
    assert {item.label for item in fields.items} == {"status"}  # what the file lacks and starts with "st"


def test_hover_shows_the_source_and_definition_opens_its_file(tmp_path):
    project = make_archive(tmp_path / "a")
    text = (project / EXPLAINER).read_text()
    line_index, line = next((i, l) for i, l in enumerate(text.splitlines()) if "[@plans-article" in l)
    character = line.index("[@plans-article") + 4

    async def steps(editor: Editor):
        editor.open(EXPLAINER)
        hovered = await editor.client.text_document_hover_async(types.HoverParams(**editor.at(EXPLAINER, line_index, character)))
        went = await editor.client.text_document_definition_async(types.DefinitionParams(**editor.at(EXPLAINER, line_index, character)))
        return hovered, went

    hovered, went = session(project, steps)
    shown = hovered.contents.value
    assert "**Pentagon drafts strike plans**" in shown and "Example Daily" in shown and "8 Aug 2025" in shown
    assert "> The Pentagon is drafting plans for strikes." in shown  # the passage cited
    assert went.uri == from_fs_path(str(project / "content/sources/2025/plans-article.md"))
