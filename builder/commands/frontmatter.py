"""Setting fields in an editor's file without disturbing anything else in it.

ruamel.yaml reads the front matter round trip, which tells where each key stands and what comment follows
it; only the line of the field that changes is rewritten (its value as ruamel writes it, its comment
kept), and a new field is one line added after the field it belongs with. Everything else, the editor's
line wrapping, quoting, comments and order, and the body, stays byte for byte: a whole re-dump would
re-wrap every long note.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase

# The opening '---' (after a byte-order mark, if any), the front matter, and the closing '---' line.
_FRONT_MATTER = re.compile(r"\A(\ufeff?---[ \t]*\r?\n)(.*?\r?\n)(---[ \t]*(?:\r?\n|\Z))", re.DOTALL)


class NotEditable(ValueError):
    """The file's front matter cannot be edited line by line: none, or the field is not a one-line value."""


def set_fields(path: Path, fields: dict[str, Any], after: dict[str, tuple[str, ...]] | None = None) -> None:
    """Set `fields` in the file's front matter. A field already there is rewritten on its own line; a new
    one goes after the first of `after[field]` that the file has, else at the end. Dates are written bare."""
    text = path.read_bytes().decode("utf-8")
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise NotEditable(f"{path} has no front matter")
    opening, front, closing = match.groups()
    for key, value in fields.items():
        front = _set(front, key, value, (after or {}).get(key, ()))
    path.write_bytes((opening + front + closing + text[match.end():]).encode("utf-8"))


def _set(front: str, key: str, value: Any, after: tuple[str, ...]) -> str:
    newline = "\r\n" if front.endswith("\r\n") else "\n"
    lines = front.splitlines(keepends=True)
    data = YAML().load(front)
    written = _written(key, value)
    if key in data:
        row, _ = data.lc.key(key)
        if isinstance(data[key], CommentedBase) or _continuation_end(lines, row) != row + 1:
            raise NotEditable(f"'{key}' is not a one-line value")
        comment = (data.ca.items.get(key) or [None, None, None])[2]
        kept = ""
        if comment is not None and comment.start_mark.line == row:  # a comment on the same line stays, where it was
            kept = " " * max(1, comment.column - len(written)) + lines[row][comment.column:].rstrip("\r\n")
        lines[row] = written + kept + newline
    else:
        anchor = next((k for k in after if k in data), None)
        position = _continuation_end(lines, data.lc.key(anchor)[0]) if anchor else len(lines)
        lines.insert(position, written + newline)
    return "".join(lines)


def _written(key: str, value: Any) -> str:
    """`key: value` as ruamel.yaml writes it, quoted where YAML needs it."""
    out = io.StringIO()
    yaml = YAML()
    yaml.width = 4096  # an address is never folded onto a second line
    yaml.dump({key: value}, out)
    return out.getvalue().rstrip("\n")


def _continuation_end(lines: list[str], row: int) -> int:
    """The row after a top-level key's value: its own line and the indented lines that continue it."""
    end = row + 1
    while end < len(lines) and lines[end][:1] in (" ", "\t"):
        end += 1
    return end
