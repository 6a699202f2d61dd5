"""Stage 2, validate: turn raw mappings into typed items, and say exactly what does not fit."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from pathlib import Path, PurePosixPath
from types import SimpleNamespace

from builder.core.diagnostics import Diagnostics, a, closest, did_you_mean
from builder.core.history import recency
from builder.core.kinds import SOURCE_KINDS
from builder.core.load import RawItem, claimed_id
from builder.core.model import META_MODEL, Item, Position, SourceMeta
from builder.core.paths import Kind, id_from_filename, id_problem, is_reserved, is_shortened

# Fields where `unknown` is a valid answer, so a missing one gets that hint.
# An access date older than this is a confirmation that has gone stale: the page may have changed since.
ACCESS_DATE_MAX_AGE = timedelta(days=730)
_UNKNOWABLE = {name for name, info in SourceMeta.model_fields.items() if "unknown" in (info.description or "")}
_TYPE_CODES = {"bad_date": "bad-date", "bad_id": "bad-id", "bad_url": "bad-url", "bad_identifier": "bad-identifier"}
# A bad date's message gives the syntax, and a bad id's what is wrong with it; a bad URL's needs a word more.
_TYPE_HINTS = {"bad_url": "write the whole address, as a browser shows it, from https://; leave the field out if none is known"}


# A raw item as last validated, by path: a preview validates only the files that loaded anew.
Known = dict[str, tuple[RawItem, Item]]


def validate(raw_items: list[RawItem], diagnostics: Diagnostics, known: Known | None = None,
             project: Path | None = None) -> list[Item]:
    """Typed items for every raw item that fits its model; ids are unique across the archive."""
    items = []
    for raw in raw_items:
        seen = known.get(raw.path) if known is not None else None
        if seen is not None and seen[0] is raw:
            items.append(seen[1])
        elif (item := validate_item(raw, diagnostics)) is not None:
            items.append(item)
            if known is not None:
                known[raw.path] = (raw, item)
    unique = _without_duplicate_ids(items, diagnostics, project)
    _report_ids_taken_by_others(raw_items, unique, diagnostics)
    return unique


def _report_ids_taken_by_others(raw_items: list[RawItem], items: list[Item], diagnostics: Diagnostics) -> None:
    """A file with other errors that asks for an id another file has: told now, with its other errors, not
    only once they are fixed (every problem at once)."""
    holders = {item.id: item.origin.path for item in items}
    valid = {item.origin.path for item in items}
    for raw in raw_items:
        wanted = claimed_id(raw)
        if raw.path not in valid and holders.get(wanted, raw.path) != raw.path:
            pos = raw.origin.at("id")
            diagnostics.error(raw.path, pos.line, pos.col, "duplicate-id", f"the id '{wanted}' is already used by {holders[wanted]}",
                              "every id must be unique across the archive: rename this file, or set its 'id:'")


def stand_in(raw: RawItem) -> Item:
    """What a file whose front matter did not validate stands for while its text is checked all the same.

    Its kind, the id it asks for, its body and where it came from; of its front matter only a `status`
    that reads right, so that a draft may still cite drafts. Nothing else may be read from its `meta`.
    """
    model = META_MODEL[raw.kind]
    status = raw.data.get("status")
    meta = model.model_construct(**({"status": status} if "status" in model.model_fields and status in ("draft", "published") else {}))
    return Item(raw.kind, claimed_id(raw), meta, raw.body, raw.origin)


def validate_item(raw: RawItem, diagnostics: Diagnostics) -> Item | None:
    model = META_MODEL[raw.kind]
    try:
        meta = model.model_validate(raw.data)
    except ValidationError as exc:
        errors = [(error, _location(error)) for error in exc.errors()]
        # A misspelled field is one mistake, told where it is misspelled and not again as a field missing
        # (at any depth: a correction's 'rigt' stands for that correction's 'right').
        misspelled = {(*loc[:-1], closest(str(loc[-1]), _fields_at(model, loc[:-1])))
                      for error, loc in errors if error["type"] == "extra_forbidden"}
        for error, loc in errors:
            if not (error["type"] == "missing" and loc in misspelled):
                _report(raw, model, error, loc, diagnostics)
        # What is missing below the front matter is told at once too, as far as the kind written says.
        written_kind = raw.data.get("kind")
        known_kind = isinstance(written_kind, str) and written_kind in SOURCE_KINDS  # `kind: []` is no kind
        if (raw.kind is not Kind.SOURCE or known_kind) and (
                problem := _body_problem(raw.kind, SimpleNamespace(kind=written_kind), raw.body)):
            code, message, hint = problem
            diagnostics.error(raw.path, raw.origin.body_line, 1, code, message, hint)
        return None
    item_id = meta.id or id_from_filename(PurePosixPath(raw.path))
    if meta.id is None and (problem := id_problem(item_id)):
        diagnostics.error(raw.path, 1, 1, "bad-id", f"the file name gives the id '{item_id}': {problem}",
                          "rename the file, or set 'id:' in the front matter")
        return None
    if is_reserved(raw.kind, item_id):
        pos = raw.origin.at("id")
        diagnostics.error(raw.path, pos.line, pos.col, "reserved-id", f"the id '{item_id}' is reserved for a section of the site",
                          "choose another file name or id")
        return None
    if problem := _body_problem(raw.kind, meta, raw.body):
        code, message, hint = problem
        pos = raw.origin.at("kind") if code == "reference-with-excerpt" else Position(raw.origin.body_line, 1)
        diagnostics.error(raw.path, pos.line, pos.col, code, message, hint)
        return None
    if raw.kind is Kind.SOURCE:
        _check_provenance(raw, meta, diagnostics)
        _check_ingest_leftovers(raw, meta, diagnostics)
    if raw.kind is Kind.EVENT:
        _check_file_name_date(raw, meta, diagnostics)
    if raw.kind is Kind.EVENT and not meta.sources:
        pos = raw.origin.at("sources")
        diagnostics.error(raw.path, pos.line, pos.col, "event-without-source", "a timeline event needs at least one source",
                          "list the source ids under 'sources:'")
        return None
    return Item(raw.kind, item_id, meta, raw.body, raw.origin)


def _check_provenance(raw: RawItem, meta: SourceMeta, diagnostics: Diagnostics) -> None:
    """What each provenance field allows alone is the model's; these are the rules between fields and dates.

    None of them stops the source from loading: each is reported where it stands.
    """
    def report(severity: str, key: str, code: str, message: str, hint: str) -> None:
        pos = raw.origin.at(key)
        getattr(diagnostics, severity)(raw.path, pos.line, pos.col, code, message, hint)

    if meta.archive_url and not meta.archive_date:
        report("error", "archive_url", "missing-field", "an archive_url needs its archive_date",
               "add 'archive_date:' with the day the snapshot was taken (Wayback addresses hold it: /web/20250203…/)")
    if meta.archive_date and not meta.archive_url:
        report("error", "archive_date", "missing-field", "an archive_date needs its archive_url",
               "add 'archive_url:' with the snapshot's address, or delete 'archive_date:'")
    today = date.today()
    for key in ("access_date", "archive_date"):
        when = getattr(meta, key)
        if when is not None and when.earliest() > today:
            report("error", key, "future-date", f"'{key}' is {when.iso()}, which has not come yet",
                   "write the day you read it, which is today at the latest")
    # A draft from `archive ingest` keeps the link its clipping gave, and ingest has said it is shortened.
    for key, url in (("url", meta.url), ("archive_url", meta.archive_url), (("via", "url"), meta.via and meta.via.url)):
        if url and is_shortened(url) and meta.status == "published":
            report("warning", key, "unresolved-url", f"{url} is a shortened link: it hides where it leads",
                   "open it, and record the address it leads to instead")
    if meta.url_status in ("dead", "unfit", "usurped") and not meta.archive_url:
        report("warning", "url_status", "dead-url-without-copy", f"the original is {meta.url_status}, and there is no archived copy",
               "find a snapshot of the original and record it in archive_url and archive_date")
    if meta.url and meta.access_date and today - meta.access_date.earliest() > ACCESS_DATE_MAX_AGE:
        report("warning", "access_date", "stale-access-date",
               f"'access_date' is {meta.access_date.iso()}, more than {ACCESS_DATE_MAX_AGE.days // 365} years ago",
               "open the url again, check that it still supports the excerpt, and set access_date to that day")


# What `archive ingest` writes for the editor to replace (commands/ingest.py writes it from here): on a
# published source, readers would see it.
INGEST_NOTE_OPENING = "Ingested from "
WORKING_TITLE_END = "…]"


def _check_ingest_leftovers(raw: RawItem, meta: SourceMeta, diagnostics: Diagnostics) -> None:
    if meta.status != "published":
        return
    if meta.note and meta.note.startswith(INGEST_NOTE_OPENING):
        pos = raw.origin.at("note")
        diagnostics.error(raw.path, pos.line, pos.col, "ingest-note",
                          "the editor's note is still the working note `archive ingest` wrote, which readers would see",
                          "write a note for readers (what qualifies or corrects the excerpt), or delete the line")
    if meta.title.startswith("[") and meta.title.endswith(WORKING_TITLE_END):
        pos = raw.origin.at("title")
        diagnostics.error(raw.path, pos.line, pos.col, "working-title",
                          "the title is still the working title `archive ingest` made from the excerpt's first words",
                          "write the work's own title, or a short description of it in brackets: [Post by …]")


_FILE_NAME_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?=-|$)")


def _check_file_name_date(raw: RawItem, meta, diagnostics: Diagnostics) -> None:
    """An event's file name that starts with a date should agree with its `date:` (a date changed, a file not renamed)."""
    named = _FILE_NAME_DATE.match(PurePosixPath(raw.path).stem)
    if not named or meta.date is None:
        return
    parts = [int(part) if part else None for part in named.groups()]
    given = [meta.date.year, meta.date.month, meta.date.day]
    if any(a is not None and b is not None and a != b for a, b in zip(parts, given)):
        pos = raw.origin.at("date")
        diagnostics.warning(raw.path, pos.line, pos.col, "date-not-file-name",
                            f"the date {meta.date.iso()} disagrees with the date {named.group(0)} in the file's name",
                            "correct the date, or rename the file to match; to keep its address, first set 'id:' to its present id")


# Kinds whose body is what the reader comes for: an empty one is a mistake.
_BODY_NEEDED = {Kind.EXPLAINER: "the explainer's text", Kind.EVENT: "the event's paragraph", Kind.PAGE: "the page's text"}


def _body_problem(kind: Kind, meta, body: str) -> tuple[str, str, str | None] | None:
    if kind is Kind.SOURCE:
        if meta.kind == "reference" and body.strip():
            return ("reference-with-excerpt", "a reference holds no excerpt, but this one has text below its front matter",
                    "choose the kind of work the excerpt comes from, or delete the text")
        if meta.kind != "reference" and not body.strip():
            return ("missing-excerpt", f"{a(meta.kind)} source needs its excerpt below the front matter",
                    "paste the excerpt verbatim, or set 'kind: reference' for a work you cite without its text")
    elif kind in _BODY_NEEDED and not body.strip():
        return ("empty-body", f"there is nothing below the front matter; write {_BODY_NEEDED[kind]} there", None)
    return None


def _location(error: dict[str, Any]) -> tuple:
    """Where in the front matter an error is: its keys and list indexes, without pydantic's own steps."""
    return tuple(part for part in error["loc"] if not isinstance(part, str) or not part.startswith(("function-", "nullable")))


def _model_at(model: type[BaseModel], path: tuple) -> type[BaseModel] | None:
    """The model of what `path` leads to in the front matter: the item's own, or a correction's."""
    for part in path:
        if isinstance(part, int):  # an entry of a list: the list's own model, reached by its field
            continue
        annotation = model.model_fields[part].annotation if part in model.model_fields else None
        nested = [arg for arg in (annotation, *get_args(annotation)) if isinstance(arg, type) and issubclass(arg, BaseModel)]
        if not nested:
            return None
        model = nested[0]
    return model


def _fields_at(model: type[BaseModel], path: tuple) -> dict[str, Any]:
    found = _model_at(model, path)
    return found.model_fields if found else {}


def _report(raw: RawItem, model: type[BaseModel], error: dict[str, Any], loc: tuple, diagnostics: Diagnostics) -> None:
    field = ".".join(str(part) for part in loc) or "front matter"
    kind = error["type"]
    if kind == "missing":
        name, parent = loc[-1], ".".join(str(part) for part in loc[:-1])
        hint = (f"write '{name}: unknown' if it is not known" if raw.kind is Kind.SOURCE and name in _UNKNOWABLE
                else f"add '{name}:'" + _holding(model, loc))
        # A top-level field is missing from the whole front matter; a correction's, from that correction.
        pos = raw.origin.at(*loc[:-1]) if parent else Position(1, 1)
        where = f" from '{parent}'" if parent else ""
        diagnostics.error(raw.path, pos.line, pos.col, "missing-field", f"the required field '{name}' is missing{where}", hint)
        return
    pos = raw.origin.at(*loc)
    if kind == "empty" or (error.get("input", ...) is None and kind not in _TYPE_CODES):
        diagnostics.error(raw.path, pos.line, pos.col, "empty-field", f"'{field}' has no value", _fill_in_hint(error, model, loc))
    elif kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        fields = owner.model_fields if owner else {}
        named = a(raw.kind.value) if owner in (model, None) else a(owner.__name__.lower())  # the item's, or a correction's
        diagnostics.error(raw.path, pos.line, pos.col, "unknown-field", f"'{field}' is not a field of {named}",
                          did_you_mean(str(loc[-1]), fields) or f"the fields are: {', '.join(fields)}")
    elif kind == "literal_error":
        choices = _choices(error)
        diagnostics.error(raw.path, pos.line, pos.col, "invalid-value", f"'{field}' cannot be {error['input']!r}",
                          did_you_mean(str(error["input"]), choices) or f"choose one of: {', '.join(choices)}")
    elif kind in _TYPE_CODES:
        diagnostics.error(raw.path, pos.line, pos.col, _TYPE_CODES[kind], f"'{field}': {error['msg']}", _TYPE_HINTS.get(kind))
    elif kind.endswith("_type") or kind.endswith("_parsing"):
        diagnostics.error(raw.path, pos.line, pos.col, "wrong-type",
                          f"'{field}': {error['msg'].lower()}, not {_describe(error['input'])}", _type_hint(kind, error["input"]))
    elif kind == "unknown_in_list":
        diagnostics.error(raw.path, pos.line, pos.col, "invalid-value", f"'{field}': {error['msg']}",
                          f"write '{loc[0]}: unknown' if none is known; otherwise leave 'unknown' out of the list")
    elif kind == "too_short" and isinstance(error.get("input"), list):
        name = loc[0]
        hint = f"write '{name}: unknown' if none is known" if raw.kind is Kind.SOURCE and name in _UNKNOWABLE else "list at least one"
        diagnostics.error(raw.path, pos.line, pos.col, "empty-field", f"'{field}' is an empty list", hint)
    else:
        diagnostics.error(raw.path, pos.line, pos.col, "invalid-value", f"'{field}': {error['msg'].lower()}")


def _type_hint(kind: str, value: Any) -> str | None:
    """How to write a value YAML read as the wrong type."""
    if isinstance(value, bool):
        return "put it in quotes: YAML reads yes, no, on and off as true or false"
    if kind == "list_type" and isinstance(value, str):
        return f"write it as a list: [{value}]"
    if kind == "string_type" and isinstance(value, (int, float)):
        return f'put it in quotes, or YAML reads it as a number: "{value}"'
    return None


def _fill_in_hint(error: dict[str, Any], model: type[BaseModel], loc: tuple) -> str:
    if error["type"] == "empty":
        return "write 'unknown' if it is not known"
    if error["type"] == "literal_error":
        return "choose one of: " + ", ".join(_choices(error))
    declared = _fields_at(model, loc[:-1]).get(str(loc[-1]))
    if declared is not None and declared.is_required():
        # Never "delete the line": that only brings the error back as a missing field.
        return f"it is required: fill it in{_holding(model, loc)}"
    return "fill it in, or delete the line"


def _holding(model: type[BaseModel], loc: tuple) -> str:
    """What a field holds, from the model's description of it, for a hint: " with …"."""
    declared = _fields_at(model, loc[:-1]).get(str(loc[-1]))
    description = declared.description if declared is not None else None
    return f" with {description[0].lower()}{description[1:].rstrip('.')}" if description else ""


def _choices(error: dict[str, Any]) -> list[str]:
    return [choice for part in error["ctx"]["expected"].replace("'", "").split(" or ") for choice in part.split(", ")]


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    if value is None:
        return "nothing"
    return f"{value!r}"


def _without_duplicate_ids(items: list[Item], diagnostics: Diagnostics, project: Path | None) -> list[Item]:
    """The items with one file kept for each id; each other file with that id is reported, once.

    The file reported is the one to change: the one with changes not yet committed (a new file, or an
    `id:` just set), or else the newer one; without git, a file that sets `id:` to an id already taken
    is the likelier slip than a file named as it always was.
    """
    # Ids are lowercase ASCII, so ids that differ only in case or Unicode form never reach here.
    sharing: dict[str, list[Item]] = {}
    for item in items:
        sharing.setdefault(item.id, []).append(item)
    clashes = [group for group in sharing.values() if len(group) > 1]
    if not clashes:
        return items
    paths = [item.origin.path for group in clashes for item in group]
    changed = recency(project, paths) if project is not None else {path: (False, 0.0) for path in paths}

    def to_keep(item: Item) -> tuple:
        pending, when = changed[item.origin.path]
        return (pending, _sets_its_id(item), when, item.origin.path)

    kept_for = {group[0].id: min(group, key=to_keep) for group in clashes}
    unique = []
    for item in items:
        kept = kept_for.get(item.id, item)
        if kept is item:
            unique.append(item)
            continue
        pos = item.origin.at("id")
        diagnostics.error(item.origin.path, pos.line, pos.col, "duplicate-id",
                          f"the id '{item.id}' is already used by {kept.origin.path}",
                          "every id must be unique across the archive: rename this file, or set its 'id:'")
    return unique


def _sets_its_id(item: Item) -> bool:
    return ("id",) in item.origin.positions
