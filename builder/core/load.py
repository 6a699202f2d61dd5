"""Stage 1, load: find every content file, decode it, and split it into front matter and body.

Nothing here knows what the fields mean; it only turns bytes into a mapping with the position of
every key, or into diagnostics that say why it could not.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import frontmatter
import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from builder.core.cache import ParseCache, digest, stat_key
from builder.core.diagnostics import Diagnostics
from builder.core.model import Origin, Position
from builder.core.paths import CONTENT_DIR, Kind, is_leftover, is_markdown, kind_of_content_path

MAX_FILE_BYTES = 2 * 1024 * 1024
# Front matter is a handful of short fields; these bounds stop alias bombs and runaway nesting.
MAX_YAML_NODES = 20_000
MAX_YAML_DEPTH = 12

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALARS = SafeConstructor()
_SCALAR_BUILDERS = {
    "tag:yaml.org,2002:str": lambda node: node.value,
    "tag:yaml.org,2002:null": _SCALARS.construct_yaml_null,
    "tag:yaml.org,2002:bool": _SCALARS.construct_yaml_bool,
    "tag:yaml.org,2002:int": _SCALARS.construct_yaml_int,
    "tag:yaml.org,2002:float": _SCALARS.construct_yaml_float,
    # Dates stay text: the model parses them with their precision, and a bad day becomes a
    # diagnostic on its key instead of a YAML crash.
    "tag:yaml.org,2002:timestamp": lambda node: node.value,
}
_FRONT_MATTER = frontmatter.YAMLHandler()


@dataclass(frozen=True)
class RawItem:
    """A content file that decoded and parsed: a mapping and a body, not yet validated."""

    kind: Kind
    data: dict[str, Any]
    body: str
    origin: Origin

    @property
    def path(self) -> str:
        return self.origin.path


def claimed_id(raw: RawItem) -> str:
    """The id a file asks for, even when the rest of it does not validate."""
    chosen = raw.data.get("id")
    return chosen if isinstance(chosen, str) else PurePosixPath(raw.path).stem


class _YamlProblem(Exception):
    def __init__(self, line: int, col: int, code: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.line, self.col, self.code, self.message, self.hint = line, col, code, message, hint


@dataclass(frozen=True)
class Loaded:
    items: list[RawItem]
    failed: list[str]  # content paths that could not be read or parsed


# A file as last seen: (modification time in ns, size) and what it loaded as.
Known = dict[str, tuple[tuple[int, int], RawItem]]


def load(project: Path, diagnostics: Diagnostics, cache: ParseCache | None = None, known: Known | None = None,
         unsaved: dict[str, str] | None = None) -> Loaded:
    """Every item under content/, in a stable order; unreadable files become diagnostics.

    With a `cache`, a file whose bytes have not changed since it last parsed cleanly is not parsed again.
    A long-running process (the preview) passes `known`, which this fills: a file that loaded cleanly and
    has the same time and size on disk is not even read again. `unsaved` holds texts an editor has open,
    by project-relative path: they are read instead of the files on disk.
    """
    content = project / CONTENT_DIR
    items, failed = [], []
    for path, relative in _content_files(content):
        if not relative.endswith(".md"):  # else an image, a PDF, a page of HTML: published as it is
            if is_markdown(relative):
                diagnostics.warning(relative, 1, 1, "stray-file",
                                    "only files ending in .md are read as items; this one is not published", "rename it to end in .md")
            elif is_leftover(relative):
                diagnostics.warning(relative, 1, 1, "stray-file", "an editor's backup or temporary file is not published",
                                    "delete it once you no longer need it")
            continue
        kind = kind_of_content_path(relative)
        if kind is None:
            diagnostics.warning(
                relative, 1, 1, "stray-file", "this file is not in a content folder and is not published",
                "move it into sources/, explainers/, entities/, timeline/, topics/ or pages/",
            )
            continue
        if unsaved is not None and relative in unsaved:
            item = parse_text(unsaved[relative], relative, kind, diagnostics)
            if item is not None:
                items.append(item)
            else:
                failed.append(relative)
            continue
        if known is not None:
            try:
                signature = stat_key(path)
            except OSError:  # a link to nowhere or to itself: load_file reports it
                signature = None
            if (seen := known.get(relative)) is not None and seen[0] == signature:
                items.append(seen[1])
                continue
        item = load_file(path, relative, kind, content, diagnostics, cache)
        if item is not None:
            items.append(item)
            if known is not None and signature is not None:
                known[relative] = (signature, item)
        else:
            failed.append(relative)
    if cache is not None:
        cache.save()
    return Loaded(items, failed)


def _content_files(content: Path) -> list[tuple[str, str]]:
    """(path, project-relative POSIX path) of every file but hidden ones, in a stable order.

    Items are .md files; the others are found so that Markdown named otherwise and an editor's leftovers
    can be told of (files such as images are published as they are, by MkDocs).

    Plain strings, not Path objects: at ten thousand files, pathlib's overhead is a visible part of
    `archive check`.
    """
    found = []
    root = os.fspath(content)
    parent = os.path.dirname(root)  # "" when the project is the current folder, given as "."
    prefix = len(parent) + 1 if parent else 0
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                path = os.path.join(folder, name)
                found.append((path, path[prefix:].replace(os.sep, "/")))
    return found


def load_file(path: str, relative: str, kind: Kind, content: Path, diagnostics: Diagnostics,
              cache: ParseCache | None = None) -> RawItem | None:
    data = _read_bytes(path, relative, content, diagnostics)
    text = decode(data, relative, diagnostics) if data is not None else None
    if text is None:
        return None
    key = digest(data) if cache is not None else ""
    if cache is not None and (stored := cache.get(relative, key)) is not None:
        try:
            return _from_stored(stored, text, relative, kind)
        except (KeyError, TypeError, IndexError, ValueError):
            pass  # a damaged memo entry: parse the file as if it were new
    if not text.strip():
        diagnostics.error(relative, 1, 1, "empty-file", "the file is empty", "start it with front matter between two '---' lines")
        return None
    item = parse_text(text, relative, kind, diagnostics)
    if item is not None and cache is not None:
        cache.put(relative, key, _to_stored(item, text))
    return item


def _to_stored(item: RawItem, text: str) -> dict:
    positions = [[*key, pos.line, pos.col] for key, pos in item.origin.positions.items()]
    return {"data": item.data, "positions": positions, "body_line": item.origin.body_line,
            "body_start": len(text) - len(item.body)}


def _from_stored(stored: dict, text: str, relative: str, kind: Kind) -> RawItem:
    origin = Origin(relative, _StoredPositions(stored["positions"]), stored["body_line"])
    return RawItem(kind, stored["data"], text[stored["body_start"]:], origin)


class _StoredPositions(Mapping):
    """Key positions from the memo, unpacked only if a diagnostic asks for one (few ever do)."""

    def __init__(self, entries: list[list]) -> None:
        self._entries = entries
        self._unpacked: dict[tuple, Position] | None = None

    def _positions(self) -> dict[tuple, Position]:
        if self._unpacked is None:
            self._unpacked = {tuple(entry[:-2]): Position(entry[-2], entry[-1]) for entry in self._entries}
        return self._unpacked

    def __getitem__(self, key: tuple) -> Position:
        return self._positions()[key]

    def __iter__(self):
        return iter(self._positions())

    def __len__(self) -> int:
        return len(self._entries)


def _read_bytes(path: str, relative: str, content: Path, diagnostics: Diagnostics) -> bytes | None:
    try:
        if os.path.islink(path) and not Path(path).resolve(strict=True).is_relative_to(content.resolve()):
            diagnostics.error(relative, 1, 1, "symlink-outside", "this link points outside content/",
                              "copy the file into content/ instead")
            return None
        with open(path, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            size = os.path.getsize(path)
            diagnostics.error(
                relative, 1, 1, "file-too-large",
                f"the file has {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}", "split it, or keep a shorter excerpt",
            )
            return None
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop, on Python 3.11
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        diagnostics.error(relative, 1, 1, "unreadable", f"cannot read the file: {reason}")
        return None
    return data


# What starts a file saved in another form of Unicode, UTF-32 first: UTF-32-LE begins as UTF-16-LE does.
UNICODE_MARKS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                 (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


def decode(data: bytes, relative: str, diagnostics: Diagnostics) -> str | None:
    """UTF-8 text, its line endings made "\n"; None, with the reason among `diagnostics`, when it is not."""
    if encoding := next((name for mark, name in UNICODE_MARKS if data.startswith(mark)), None):
        diagnostics.error(relative, 1, 1, "not-utf8", f"the file is {encoding} text, not UTF-8",
                          "save it as UTF-8: most editors offer the encoding in Save As")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        diagnostics.error(
            relative, line, col, "not-utf8", f"byte 0x{data[exc.start]:02x} is not UTF-8 text", "save the file as UTF-8"
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_text(text: str, relative: str, kind: Kind, diagnostics: Diagnostics) -> RawItem | None:
    """Split decoded text into a front-matter mapping (with key positions) and a body."""
    opening = _FRONT_MATTER.FM_BOUNDARY.match(text)
    if not opening:
        diagnostics.error(
            relative, 1, 1, "no-front-matter", "the file does not start with front matter",
            "put the fields between two lines of '---' at the very top",
        )
        return None
    try:
        front, body = _FRONT_MATTER.split(text)
    except ValueError:
        diagnostics.error(
            relative, 1, 1, "unterminated-front-matter", "the front matter has no closing '---' line",
            "end the fields with a line of '---'",
        )
        return None
    front_line = text.count("\n", 0, opening.end()) + 1
    # An empty body begins past the file's end: what is said of it (that it is missing) is said at the closing '---'.
    body_line = text.count("\n", 0, len(text) - len(body)) + 1 if body else text.rstrip().count("\n") + 1
    try:
        data, positions = _parse_yaml(front, front_line)
    except _YamlProblem as problem:
        diagnostics.error(relative, problem.line, problem.col, problem.code, problem.message, problem.hint)
        return None
    return RawItem(kind, data, body, Origin(relative, positions, body_line))


def _parse_yaml(front: str, first_line: int) -> tuple[dict[str, Any], dict[tuple, Position]]:
    try:
        root = yaml.compose(front, Loader=_YAML_LOADER)
    except yaml.MarkedYAMLError as exc:
        context, problem = exc.context or "", exc.problem or "malformed YAML"
        # An unterminated string or list is reported where it starts, not where YAML gave up looking for its end.
        unclosed = _UNCLOSED.get(context) if ("end of stream" in problem or context in _UNCLOSED) else None
        mark = exc.context_mark if unclosed and exc.context_mark else exc.problem_mark or exc.context_mark
        line, col = (mark.line + first_line, mark.column + 1) if mark else (first_line, 1)
        lines = front.split("\n")
        problem_line = lines[exc.problem_mark.line] if exc.problem_mark and exc.problem_mark.line < len(lines) else ""
        indentation = re.match(r"[ \t-]*", problem_line).group()  # list dashes included
        hint = ("indent with spaces, not tabs" if "tab" in problem or "\t" in indentation
                else unclosed or _quote_hint(problem))
        raise _YamlProblem(line, col, "yaml-syntax", f"malformed YAML: {problem}", hint) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as NUL
        line = front.count("\n", 0, exc.position) + first_line
        col = exc.position - (front.rfind("\n", 0, exc.position) + 1) + 1
        raise _YamlProblem(line, col, "yaml-syntax", f"malformed YAML: the character U+{exc.character:04X} is not allowed",
                           "delete it; it is often invisible") from None
    except yaml.YAMLError as exc:
        raise _YamlProblem(first_line, 1, "yaml-syntax", f"malformed YAML: {' '.join(str(exc).split())}") from None
    if root is None:
        return {}, {}
    if not isinstance(root, MappingNode):
        raise _YamlProblem(
            root.start_mark.line + first_line, 1, "front-matter-not-mapping", "front matter must be 'field: value' lines"
        )
    builder = _ValueBuilder(first_line)
    return builder.build(root, (), 0), builder.positions


# What YAML was reading when it met the end of the text or of a line: how to close it.
_UNCLOSED = {
    "while scanning a quoted scalar": "close the quotation with the same mark it opens with",
    "while parsing a flow sequence": "close the list with ']', and separate its entries with commas",
    "while parsing a flow mapping": "close it with '}', and separate its entries with commas",
}


def _quote_hint(problem: str) -> str | None:
    if "mapping values are not allowed" in problem or "expected <block end>" in problem:
        return "put text that contains ': ' or starts with '[', '@' or '*' in quotes"
    return None


class _ValueBuilder:
    """Turns YAML nodes into plain values, recording where each key and list entry is."""

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.positions: dict[tuple, Position] = {}
        self.nodes = 0

    def position(self, node: Node) -> Position:
        return Position(node.start_mark.line + self.first_line, node.start_mark.column + 1)

    def build(self, node: Node, key: tuple, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_YAML_NODES:
            pos = self.position(node)
            raise _YamlProblem(pos.line, pos.col, "yaml-too-large", "the front matter expands to too many values",
                               "anchors and aliases (&, *) are not needed in front matter")
        if depth > MAX_YAML_DEPTH:
            pos = self.position(node)
            raise _YamlProblem(pos.line, pos.col, "yaml-too-deep", "the front matter is nested too deeply")
        if isinstance(node, ScalarNode):
            construct = _SCALAR_BUILDERS.get(node.tag)
            if construct is None:
                self._refuse_tag(node)
            try:
                return construct(node)
            except (ValueError, yaml.YAMLError):
                return node.value
        if isinstance(node, SequenceNode):
            self._check_tag(node, "tag:yaml.org,2002:seq")
            values = []
            for index, child in enumerate(node.value):
                self.positions[key + (index,)] = self.position(child)
                values.append(self.build(child, key + (index,), depth + 1))
            return values
        assert isinstance(node, MappingNode)
        self._check_tag(node, "tag:yaml.org,2002:map")
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            name = self.build(key_node, key, depth + 1)
            pos = self.position(key_node)
            if not isinstance(name, str):
                raise _YamlProblem(pos.line, pos.col, "yaml-syntax", f"the field name {name!r} is not text",
                                   "field names are words such as 'title'")
            if name in mapping:
                first = self.positions.get(key + (name,))
                where = f" (first set on line {first.line})" if first else ""
                raise _YamlProblem(pos.line, pos.col, "duplicate-key", f"'{name}' is set twice{where}", "keep one of them")
            self.positions[key + (name,)] = pos
            mapping[name] = self.build(value_node, key + (name,), depth + 1)
        return mapping

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            self._refuse_tag(node)

    def _refuse_tag(self, node: Node) -> None:
        """Tags like !!python/object would build objects; front matter only holds plain data."""
        pos = self.position(node)
        raise _YamlProblem(pos.line, pos.col, "yaml-tag", f"the YAML tag '{node.tag}' is not allowed",
                           "write plain text, numbers, lists and dates")
