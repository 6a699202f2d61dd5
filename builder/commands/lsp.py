"""`archive lsp`: the checker in the editor, over the Language Server Protocol (pygls).

Diagnostics come from the same check as `archive check`, quotations included, run on what the editor
holds (saved or not) together with the rest of content/ on disk. As you type, the file is checked alone,
with the same stages, against the archive as the last full check found it; opening, saving or closing a
file runs a full check, which keeps what it read between runs (the preview's memo). Completion offers source ids after
`[@`, item ids after `[[`, and in the front matter the fields of the file's kind and their choices, from
the model. Hover on a citation or a wikilink shows what it points to; go to definition opens its file.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Literal, get_args, get_origin

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from builder.core.diagnostics import Diagnostic, Severity
from builder.core.kinds import Kind
from builder.core.markup import scan
from builder.core.model import META_MODEL, Item, passage_for
from builder.core.paths import CONTENT_DIR, kind_of_content_path
from builder.core.pipeline import Checked, Memo, check, check_one

# What the editor has typed just before the cursor.
_CITING = re.compile(r"\[[^\]\n]*@([\w-]*)$")  # in a citation: [@a; @b
_LINKING = re.compile(r"\[\[([\w-]*)$")  # a wikilink: [[id
_FIELD_NAME = re.compile(r"^([a-z_]*)$")  # a front-matter line, still a bare word
_FIELD_VALUE = re.compile(r"^([a-z_]+):\s*([\w-]*)$")  # a front-matter field's value
_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning}


class ArchiveServer(LanguageServer):
    def __init__(self, project: Path) -> None:
        super().__init__("archive", "1")
        self.project = project.resolve()
        self.memo = Memo()
        self.checked: Checked | None = None
        self.published_to: set[str] = set()  # the files that were last sent diagnostics
        self.lock = threading.Lock()

    def relative(self, uri: str) -> str | None:
        """The project-relative path of a document under content/, or None for any other document."""
        path = to_fs_path(uri)
        if path is None:
            return None
        resolved = Path(path).resolve()
        if not resolved.is_relative_to(self.project / CONTENT_DIR):
            return None
        return resolved.relative_to(self.project).as_posix()

    def unsaved(self) -> dict[str, str]:
        """The text of every open document under content/, as the editor has it."""
        texts = {}
        for uri, document in self.workspace.text_documents.items():
            if (relative := self.relative(uri)) is not None:
                texts[relative] = document.source
        return texts

    def recheck(self) -> None:
        """Check the archive as the editor has it, and send each file its diagnostics (an empty list clears them)."""
        with self.lock:
            unsaved = self.unsaved()
            self.checked = check(self.project, cache=False, memo=self.memo, unsaved=unsaved)
            by_path: dict[str, list[types.Diagnostic]] = {}
            for diagnostic in self.checked.diagnostics:
                by_path.setdefault(diagnostic.path, []).append(_lsp_diagnostic(diagnostic))
            # Every open document hears, if only that it is clean; so does each file that had problems.
            for path in self.published_to | set(by_path) | set(unsaved):
                uri = from_fs_path(str(self.project / path))
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=by_path.get(path, [])))
            self.published_to = set(by_path)

    def check_typed(self, uri: str) -> None:
        """While the editor types: this file alone, against the archive as the last full check found it."""
        relative = self.relative(uri)
        if relative is None:
            return
        if self.checked is None:
            self.recheck()
            return
        with self.lock:
            found = check_one(self.checked, relative, self.workspace.get_text_document(uri).source)
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, diagnostics=[_lsp_diagnostic(diagnostic) for diagnostic in found]))
            if found:
                self.published_to.add(relative)

    def items(self) -> dict[str, Item]:
        if self.checked is None:
            self.recheck()
        return {item.id: item for item in self.checked.items}


def _lsp_diagnostic(diagnostic: Diagnostic) -> types.Diagnostic:
    """LSP counts lines and characters from 0; the mark runs to the end of the word at the column."""
    at = types.Position(line=max(diagnostic.line - 1, 0), character=max(diagnostic.col - 1, 0))
    message = f"{diagnostic.message} ({diagnostic.hint})" if diagnostic.hint else diagnostic.message
    return types.Diagnostic(range=types.Range(start=at, end=types.Position(line=at.line, character=at.character + 1)),
                            message=message, severity=_SEVERITY[diagnostic.severity], code=diagnostic.code,
                            source="archive")


def _front_matter_end(lines: list[str]) -> int:
    """The index of the line that closes the front matter, or 0 when the text has none."""
    if not lines or lines[0].strip() != "---":
        return 0
    return next((index for index, line in enumerate(lines[1:], start=1) if line.strip() == "---"), len(lines))


def _choices(annotation) -> list[str]:
    """The values a field may take, when the model names them (a Literal, possibly optional)."""
    for candidate in (annotation, *get_args(annotation)):
        if get_origin(candidate) is Literal:
            return [str(value) for value in get_args(candidate)]
    return []


def completions(server: ArchiveServer, relative: str, lines: list[str], position: types.Position) -> list[types.CompletionItem]:
    line = lines[position.line] if position.line < len(lines) else ""
    before = line[:position.character]
    items = server.items()
    if _CITING.search(before):
        return [types.CompletionItem(label=item.id, kind=types.CompletionItemKind.Reference, detail=item.label,
                                     documentation=_source_summary(item))
                for item in items.values() if item.kind is Kind.SOURCE]
    if _LINKING.search(before):
        return [types.CompletionItem(label=item.id, kind=types.CompletionItemKind.Reference, detail=item.label)
                for item in items.values()]
    kind = kind_of_content_path(relative)
    if kind is None or not 0 < position.line < _front_matter_end(lines):
        return []
    fields = META_MODEL[kind].model_fields
    if (named := _FIELD_NAME.match(before)) is not None:
        present = {match.group(1) for other in lines[1:_front_matter_end(lines)] if (match := re.match(r"([a-z_]+):", other))}
        return [types.CompletionItem(label=name, kind=types.CompletionItemKind.Field, insert_text=f"{name}: ",
                                     documentation=field.description)
                for name, field in fields.items() if name.startswith(named.group(1)) and name not in present]
    if (valued := _FIELD_VALUE.match(before)) is not None and valued.group(1) in fields:
        return [types.CompletionItem(label=choice, kind=types.CompletionItemKind.EnumMember)
                for choice in _choices(fields[valued.group(1)].annotation)]
    return []


def _target_at(text: str, offset: int) -> tuple[str, str | None] | None:
    """The id a citation or wikilink at `offset` points to, with a citation's locator; the archive's own scanner reads them."""
    found = scan(text)
    for citation in found.citations:
        if citation.start <= offset <= citation.end:
            # Several keys: the one whose id the cursor is on, or else the first.
            key = next((key for key in citation.keys if key.id in text[max(citation.start, offset - len(key.id) - 1):offset + len(key.id) + 1]),
                       citation.keys[0])
            return key.id, key.locator
    for link in found.links:
        if link.start <= offset <= link.end:
            return link.target, None
    return None


def _source_summary(item: Item, locator: str | None = None) -> str:
    meta = item.meta
    if item.kind is not Kind.SOURCE:
        return f"**{item.label}** ({item.kind.label.lower()})"
    facts = [meta.outlet or "outlet unknown", meta.published.display() if meta.published else "date unknown"]
    shown = [f"**{meta.title}**", " · ".join(facts)]
    for passage in passage_for(item.passages, locator)[:1]:
        shown.append("> " + passage.text.strip().replace("\n", "\n> "))
    if meta.original:
        shown.append(meta.original)
    return "\n\n".join(shown)


def create_server(project: Path) -> ArchiveServer:
    server = ArchiveServer(project)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def opened(ls: ArchiveServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.recheck()

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def changed(ls: ArchiveServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.check_typed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def saved(ls: ArchiveServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.recheck()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def closed(ls: ArchiveServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.recheck()  # the file on disk counts again

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=["@", "[", ":"]))
    def complete(ls: ArchiveServer, params: types.CompletionParams) -> types.CompletionList:
        relative = ls.relative(params.text_document.uri)
        document = ls.workspace.get_text_document(params.text_document.uri)
        found = completions(ls, relative, document.lines and [line.rstrip("\r\n") for line in document.lines], params.position) if relative else []
        return types.CompletionList(is_incomplete=False, items=found)

    def target(ls: ArchiveServer, uri: str, position: types.Position) -> tuple[Item, str | None] | None:
        document = ls.workspace.get_text_document(uri)
        offset = document.offset_at_position(position)
        found = _target_at(document.source, offset)
        if found is None or (item := ls.items().get(found[0])) is None:
            return None
        return item, found[1]

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: ArchiveServer, params: types.HoverParams) -> types.Hover | None:
        found = target(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=_source_summary(*found)))

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: ArchiveServer, params: types.DefinitionParams) -> types.Location | None:
        found = target(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        start = types.Position(line=0, character=0)
        return types.Location(uri=from_fs_path(str(ls.project / found[0].origin.path)), range=types.Range(start=start, end=start))

    return server


def serve(project: Path) -> int:
    """Speak LSP over stdin and stdout until the editor closes the connection."""
    create_server(project).start_io()
    return 0
