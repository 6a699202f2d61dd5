"""The theme's page template drawn once for a group of like pages, then filled in for each (MkDocs adapter).

Every source page of a folder with the same sections has the same contents and navigation, so Material's
template draws the very same page around it: the head, the header, the navigation, the table of contents,
the footer. Only a few values differ: the title, the address, the archive's `<head>` extras and the
content. Drawing the template was two fifths of the time of such a page.

A frame is the template drawn once for a stand-in page whose own values are markers, then split at the
markers; a page of the group is its frame joined with its own values. The template may print a value as
it is, escaped, or with its tags stripped (the `<title>`), so it is drawn a second time with probe values
full of characters those filters change: where each probe lands shows how to write the real value there.
The template may also ask about a value (Material asks whether the content has its own `<h1>`): a marker
answers as the real value of the page the frame was drawn for, and the frame keeps the question, so that
a page whose own value answers otherwise is drawn on its own. A template that uses a value in another
way (a method, a slice, a lookup by it), or a marker the probe does not explain, leaves the group drawn
page by page, as MkDocs would. What a filter does after making the value a plain string goes unseen
(`page.title | replace(...)`, `page.title ~ "" == ...`, `page.title | int`), as does a value looked for
inside another string: those work on the marker's characters, and would come out wrong only if the probe
happened to fare as the marker does. Neither Material nor theme/ uses a field so, and test_render compares
every framed page with what MkDocs' own loop renders.

Pages are grouped by their folder, their table of contents and their settings: these decide everything
else the theme reads of a page outside the navigation.
"""

from __future__ import annotations

import operator
import posixpath
import re
from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup, escape

# What differs between the pages of a group: each is drawn into the frame as a marker, then filled in.
# "meta.x" is `x` in the page's front matter: Material prints `title`; `archive_head` holds the archive's
# link-preview tags and schema.org data.
_FIELDS = ("title", "canonical_url", "content", "meta.title", "meta.archive_head")
_MARKER = re.compile("\ue000(\\d+)\ue001")
# Characters that escaping and stripping tags change, so that each filter leaves its own trace.
_PROBE = "<b>P</b> &amp; \"q\"  'x'"
# How the template may print a value: as it is, escaped (`| e`), or with its tags stripped (`| striptags`).
_WRITINGS: tuple[Callable[[str], str], ...] = (str, lambda value: str(escape(value)), lambda value: Markup(value).striptags())
_FRAMES_PER_GROUP = 4  # the most frames a group keeps, for pages whose values answer the template's questions otherwise
_QUESTIONS: dict[str, Callable] = {"contains": operator.contains, "eq": operator.eq, "ne": operator.ne, "truth": bool,
                                   "len": len, "startswith": str.startswith, "endswith": str.endswith}
_UNFOLLOWABLE = ("unfollowable",)  # a question that cannot be asked again: the frame is not used


def _marker(index: int) -> str:
    return f"\ue000{index}\ue001"


def _probe(index: int) -> str:
    return f"\ue002{index}{_PROBE}\ue003"


def _value(page, field: str):
    if field.startswith("meta."):
        return page.meta.get(field.removeprefix("meta."))
    return getattr(page, field)


Question = tuple  # (field, what was asked, its arguments, the answer)


class _Stand(str):
    """A field's marker as the template sees it. Printed, it is the marker; asked about, it answers as the
    real value would, and the question is kept, to be asked again of every page the frame is used for."""

    def __new__(cls, marker: str, field: str, real: str, questions: list[Question]):
        self = super().__new__(cls, marker)
        self._field, self._real, self._questions = field, real, questions
        return self

    def _ask(self, question: str, *arguments):
        answer = _QUESTIONS[question](self._real, *arguments)
        # Compared with another field, the answer would be asked again of the frame page's value for it.
        self._questions.append(_UNFOLLOWABLE if any(isinstance(a, _Stand) for a in arguments)
                               else (self._field, question, arguments, answer))
        return answer

    def _unfollowable(self) -> None:
        str.__getattribute__(self, "_questions").append(_UNFOLLOWABLE)

    def __contains__(self, part): return self._ask("contains", part)
    def __eq__(self, other): return self._ask("eq", other)
    def __ne__(self, other): return self._ask("ne", other)
    def __bool__(self): return self._ask("truth")
    def __len__(self): return self._ask("len")
    def startswith(self, *arguments): return self._ask("startswith", *arguments)
    def endswith(self, *arguments): return self._ask("endswith", *arguments)

    def __hash__(self):  # a lookup by the value would be the marker's, not the page's
        self._unfollowable()
        return str.__hash__(self)

    # Operators Python looks up on the type, which `__getattribute__` never sees: a slice, a comparison or
    # a format would work on the marker. Each marks the frame unfollowable, then does what str does.
    def __getitem__(self, key): return self._unfollowable() or str.__getitem__(self, key)
    def __iter__(self): return self._unfollowable() or str.__iter__(self)
    def __lt__(self, other): return self._unfollowable() or str.__lt__(self, other)
    def __le__(self, other): return self._unfollowable() or str.__le__(self, other)
    def __gt__(self, other): return self._unfollowable() or str.__gt__(self, other)
    def __ge__(self, other): return self._unfollowable() or str.__ge__(self, other)
    def __mod__(self, other): return self._unfollowable() or str.__mod__(self, other)
    def __rmod__(self, other): return self._unfollowable() or str.__rmod__(self, other)
    def __mul__(self, count): return self._unfollowable() or str.__mul__(self, count)
    def __rmul__(self, count): return self._unfollowable() or str.__rmul__(self, count)
    def __format__(self, spec): return (spec and self._unfollowable()) or str.__format__(self, spec)

    def __getattribute__(self, name: str):
        # Any other method (replace, split, encode...) would work on the marker instead of the value.
        if not name.startswith("_") and name not in ("startswith", "endswith"):
            self._unfollowable()
        return str.__getattribute__(self, name)


class _StandIn:
    """A page as its frame is drawn: its fields `_Stand`s, everything else read from the page."""

    def __init__(self, page, stands: dict[str, _Stand]) -> None:
        self._page = page
        self.meta = {**page.meta, **{field.removeprefix("meta."): stand for field, stand in stands.items() if field.startswith("meta.")}}
        for field, stand in stands.items():
            if not field.startswith("meta."):
                setattr(self, field, stand)

    def __getattr__(self, name: str):
        return getattr(self._page, name)


@dataclass(frozen=True)
class Frame:
    """A page split at its fields (text, field, text, ...) and the questions its drawing asked of them."""

    text: tuple[str, ...]
    fields: tuple[tuple[str, Callable[[str], str]], ...]  # each field, and how it is written
    questions: frozenset[Question]

    def fits(self, page) -> bool:
        """Whether the page's own values answer the template's questions as the frame's page did."""
        return all(_QUESTIONS[question](_value(page, field), *arguments) == answer
                   for field, question, arguments, answer in self.questions)

    def fill(self, page) -> str:
        parts = [self.text[0]]
        for (field, writing), text in zip(self.fields, self.text[1:]):
            parts += (writing(_value(page, field)), text)
        return "".join(parts)


def draw_frame(template, context: dict) -> Frame | None:
    """The frame of the page in `context`; None if the template does not use every field in a way a frame follows."""
    page, questions = context["page"], []

    def drawn(value: Callable[[int], str]) -> str:
        stands = {field: _Stand(value(i), field, _value(page, field), questions) for i, field in enumerate(_FIELDS)}
        return template.render({**context, "page": _StandIn(page, stands)})

    try:
        marked, probed = drawn(_marker), drawn(_probe)
    except Exception:  # drawn on its own, the page shows the error, if it is one
        return None
    try:
        asked = frozenset(questions)
    except TypeError:  # a question with an argument that cannot be kept (a list)
        return None
    pieces = _MARKER.split(marked)
    text, indexes = pieces[0::2], [int(index) for index in pieces[1::2]]
    if _UNFOLLOWABLE in questions or not probed.startswith(text[0]) or any("\ue000" in t or "\ue002" in t for t in text):
        return None
    fields, at = [], len(text[0])
    for index, after in zip(indexes, text[1:]):
        # The writing of the probe found here, followed by the frame's next text (the end, if that is empty).
        for writing in _WRITINGS:
            end = at + len(written := writing(_probe(index)))
            if probed.startswith(written, at) and probed.startswith(after, end) and (after or end == len(probed)):
                fields.append((_FIELDS[index], writing))
                at = end + len(after)
                break
        else:
            return None
    return Frame(tuple(text), tuple(fields), asked) if at == len(probed) else None


def frame_key(page) -> tuple | None:
    """Pages with the same key may share a frame; None for a page that is drawn on its own."""
    if not all(isinstance(_value(page, field), str) for field in _FIELDS):
        return None
    # What else of a page Material reads: on a page outside the navigation they are the same for every page.
    if page.previous_page or page.next_page or page.edit_url or page.ancestors or page.is_homepage:
        return None
    settings = tuple(sorted((key, repr(value)) for key, value in page.meta.items() if f"meta.{key}" not in _FIELDS))
    return folder_of(page), _contents(page.toc), settings


def folder_of(page) -> str:
    """The folder of a page's address: "sources" for sources/x/, "" for about/ and for the home page."""
    return posixpath.dirname(page.url.rstrip("/"))


def _contents(entries) -> tuple:
    return tuple((entry.title, entry.id, entry.level, _contents(entry.children)) for entry in entries)


class FramingTemplates:
    """The theme's templates as `render.draw_page` uses them, each drawing like pages in a frame."""

    def __init__(self, env) -> None:
        self._env = env
        self._templates: dict[str, _FramedTemplate] = {}

    def get_template(self, name: str) -> "_FramedTemplate":
        if name not in self._templates:
            self._templates[name] = _FramedTemplate(self._env.get_template(name))
        return self._templates[name]


class _FramedTemplate:
    def __init__(self, template) -> None:
        self._template = template
        # The frames of each group; None once the template has proved unframeable for it. A frame costs two
        # drawings, so a group's first page is drawn on its own (a group may have one page), and the frame is
        # drawn for its second.
        self._frames: dict[tuple, list[Frame] | None] = {}

    def render(self, context: dict) -> str:
        page = context["page"]
        if (key := frame_key(page)) is None:
            return self._template.render(context)
        if key not in self._frames:
            self._frames[key] = []
            return self._template.render(context)
        if (frames := self._frames[key]) is None:
            return self._template.render(context)
        if fitting := next((frame for frame in frames if frame.fits(page)), None):
            return fitting.fill(page)
        if len(frames) >= _FRAMES_PER_GROUP:
            return self._template.render(context)
        if (frame := draw_frame(self._template, context)) is None:
            self._frames[key] = None
            return self._template.render(context)
        frames.append(frame)
        return frame.fill(page)
