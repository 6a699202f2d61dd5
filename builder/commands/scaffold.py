"""`archive new`: start an item from its template in theme/new/, never overwriting anything."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from builder.core.cache import ParseCache
from builder.core.dates import FuzzyDate
from builder.core.diagnostics import Diagnostics
from builder.core.load import claimed_id, load
from builder.core.paths import Kind, content_path, id_from_title, id_problem, is_reserved, schema_path

SCAFFOLDS = Path("theme") / "new"
# Sources and events are dated, so their ids lead with the date and sort in time order.
DATED_IDS = (Kind.SOURCE, Kind.EVENT)
KINDS = {kind.value: kind for kind in (Kind.SOURCE, Kind.EXPLAINER, Kind.ENTITY, Kind.EVENT, Kind.TOPIC, Kind.PAGE)}


@dataclass(frozen=True)
class Outcome:
    path: Path | None
    error: str | None = None


def new_item(project: Path, kind: Kind, title: str, date: str | None = None, today: dt.date | None = None,
             item_id: str | None = None) -> Outcome:
    """A new item from its kind's template; its id is `item_id`, or else made from the title (and date)."""
    title = " ".join(title.split())
    slug = id_from_title(title)
    if item_id is not None and (problem := id_problem(item_id)):
        return Outcome(None, f"--id: {problem}")
    if not slug and item_id is None:
        return Outcome(None, "the title needs at least one letter or digit to make an id from")
    when = None
    if date:
        try:
            when = FuzzyDate.parse(date)
        except ValueError as exc:
            return Outcome(None, f"--date: {exc}")
    if kind is Kind.EVENT and when is None:
        return Outcome(None, "an event needs its date: add --date 2025-08-08 (or 2025-08, 2025, ~1916)")
    chosen = item_id is not None
    if not chosen:
        item_id = f"{when.iso()}-{slug}" if when and kind in DATED_IDS else slug
    if is_reserved(kind, item_id):  # as `check` would say
        return Outcome(None, f"the id '{item_id}' is reserved for a section of the site: choose another "
                             f"{'id' if chosen else 'title'}, or give one with --id")
    relative = content_path(kind, item_id)
    held = _ids_held(project)
    existing = held.get(item_id)
    if existing:
        # The usual case: an event and the report of it, with the same title and date.
        return Outcome(None, f"{existing.relative_to(project)} already has the id '{item_id}'; nothing was written "
                             f"(give this one another id, such as --id {_free_id(held, item_id, kind)})")
    text = template(project, f"{kind.value}.md").render(
        title=title, date=str(when) if when else None, today=(today or dt.date.today()).isoformat(),
        schema=schema_link(kind, relative))
    target = project / relative
    if not create(target, text):  # a file of that name that asks for another id
        return Outcome(None, f"{relative} already exists, with another id; nothing was written "
                             f"(give this one another id, such as --id {_free_id(held, item_id, kind)})")
    return Outcome(target)


def _ids_held(project: Path) -> dict[str, Path]:
    """Every id the content's files ask for (by `id:`, or else by their name), with the file that asks."""
    loaded = load(project, Diagnostics(), ParseCache(project))
    return {claimed_id(raw): project / raw.path for raw in sorted(loaded.items, key=lambda raw: raw.path)}


def _free_id(held: dict[str, Path], taken: str, kind: Kind) -> str:
    """An id like `taken` that nothing has: with the kind's name, else numbered."""
    candidates = [f"{taken}-{kind.value}", *(f"{taken}-{number}" for number in range(2, 100))]
    return next(candidate for candidate in candidates if candidate not in held)


def template(project: Path, name: str) -> Template:
    """A template of theme/new/, where `yaml_text` writes a value as a quoted YAML string."""
    env = Environment(loader=FileSystemLoader(project / SCAFFOLDS), undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["yaml_text"] = lambda value: json.dumps(value, ensure_ascii=False)
    return env.get_template(name)


def schema_link(kind: Kind, relative: PurePosixPath) -> str:
    """The yaml-language-server link from a new file to its kind's schema."""
    return posixpath.relpath(str(schema_path(kind)), str(relative.parent))


def create(target: Path, text: str) -> bool:
    """Write a new file; False, and nothing written, if it already exists. Never overwrites, even in a race."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        return False
    return True
