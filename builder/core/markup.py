"""Citations (`[@id]`, `[@id, locator]`, `[@a; @b]`) and wikilinks (`[[id]]`, `[[id|label]]`) in Markdown.

The scanner masks code first, so nothing inside a code span, a fenced block or an HTML comment is ever
read as a reference, and every offset it returns is an offset into the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Callable

from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor

_FENCE_OPEN = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})", re.MULTILINE)
# Python-Markdown's own code-span pattern and pairing (see `_code_spans`).
_BACKTICKS = BacktickInlineProcessor(BACKTICK_RE)
_BACKTICK_START = re.compile(BACKTICK_RE, re.DOTALL | re.UNICODE)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_LIST_MARKER = re.compile(r" {0,3}(?:[-*+]|\d+[.)])(?:\s|$)")
_CITATION = re.compile(r"\[(?=\s*@)(?P<inner>[^\[\]\n]*)\](?!\()")
_CITATION_OPENING = re.compile(r"\[\s*@")
_CITE_KEY = re.compile(r"\s*@(?P<id>[^\s,;\]]+)\s*(?:,\s*(?P<locator>[^;]*?[^;\s])\s*)?\Z")  # a comma needs a locator
_WIKILINK = re.compile(r"\[\[(?P<target>[^\[\]|\\\n]+?)(?:\\?\|(?P<label>[^\[\]\n]+?))?\]\]")
_WIKILINK_ATTEMPT = re.compile(r"\[\[[^\[\]\n]*\]\]")  # "[[…]]": meant as a wikilink, read or not
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9¿¡ÁÉÍÓÚÑ])")
# Full stops that end no sentence: initials, titles, months before a day, and the parts of the names of
# bills and laws (H.J.Res. 18, H.Con.Res. 9, Pub. L. 106-246, 114 Stat. 511).
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Gen|Lt|Col|Maj|Sgt|Adm|Sen|Rep|Gov|Pres|Mr|Mrs|Ms|Dr|St|Jr|Sr|No|vs|c|ca|approx"
    r"|Jan|Feb|Mar|Apr|Aug|Sept|Oct|Nov|Dec|Res|Con|Pub|Stat|Cong|Sess)\.)\Z")
_LONGEST_ABBREVIATION = 8


@dataclass(frozen=True)
class CiteKey:
    id: str
    locator: str | None
    offset: int  # of the '@'


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    keys: tuple[CiteKey, ...]


@dataclass(frozen=True)
class WikiLink:
    start: int
    end: int
    target: str
    label: str | None


@dataclass(frozen=True)
class Problem:
    offset: int
    code: str
    message: str
    hint: str


@dataclass(frozen=True)
class Scan:
    citations: tuple[Citation, ...]
    links: tuple[WikiLink, ...]
    problems: tuple[Problem, ...] = ()
    masked: str = field(default="", repr=False)  # the text with code blanked, as scanned

    @cached_property
    def flat(self) -> str:
        """The masked text with citations blanked and wikilinks as capitals, for finding sentences."""
        flat = list(self.masked)
        for citation in self.citations:
            flat[citation.start : citation.end] = " " * (citation.end - citation.start)
        for wikilink in self.links:
            flat[wikilink.start : wikilink.end] = "W" * (wikilink.end - wikilink.start)
        return "".join(flat)

    @cached_property
    def lines(self) -> tuple[list[str], list[int]]:
        """The masked text's lines, and the offset where each starts."""
        lines = self.masked.splitlines(keepends=True)
        starts, position = [], 0
        for line in lines:
            starts.append(position)
            position += len(line)
        return lines, starts


def mask_code(text: str) -> str:
    """The text with code and comments blanked out, newlines kept, so offsets and lines still match."""
    chars = list(text)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    position = 0
    fences = []  # where each fenced block starts: it ends any list before it
    while match := _FENCE_OPEN.search(text, position):
        fence = match["fence"]
        closing = re.compile(rf"^ {{0,3}}{fence[0]}{{{len(fence)},}}[ \t]*$", re.MULTILINE)
        line_end = text.find("\n", match.end())
        close = closing.search(text, line_end + 1) if line_end != -1 else None
        end = close.end() if close else len(text)
        blank(match.start(), end)
        fences.append(match.start())
        position = end
    # A comment that opens a line is a block of its own when the page is rendered: it ends the paragraph
    # before it, and what follows it on its line starts another (so no code span reaches across it).
    breaks = []
    for match in _COMMENT.finditer("".join(chars)):
        blank(match.start(), match.end())
        line_start = text.rfind("\n", 0, match.start()) + 1
        if len(text[line_start:match.start()]) <= 3 and not text[line_start:match.start()].strip():
            breaks += [match.start(), match.end()]
    previous_block, previous_end = "", 0
    for start, end in blocks("".join(chars)):
        if any(previous_end <= fence < start for fence in fences):
            previous_block = ""
        previous_end = end
        block = "".join(chars[start:end])
        # A block that opens with indented lines opens with code, unless it continues a list item; the
        # code ends at the first line that is not indented (a paragraph, which cannot continue code).
        # Indentation is read in the text as written: a comment blanked at a line's start is no indent.
        written = text[start:end]
        if written.startswith(("    ", "\t")) and not _LIST_MARKER.match(previous_block):
            code_end = start
            for line in written.splitlines(keepends=True):
                if not line.startswith(("    ", "\t")):
                    break
                code_end += len(line)
            blank(start, code_end)
            block = "".join(chars[code_end:end])
            if not block.strip():
                continue
        if any(start < cut <= end for cut in breaks):  # after a comment that opens a line, a list has ended
            previous_block = ""
        elif not (written.startswith(("    ", "\t")) and _LIST_MARKER.match(previous_block)):
            previous_block = block  # an indented block inside a list item keeps the list going
    for start, end in blocks("".join(chars)):
        edges = [start, *(cut for cut in breaks if start < cut < end), end]
        for piece_start, piece_end in zip(edges, edges[1:]):
            for span_start, span_end in _code_spans("".join(chars[piece_start:piece_end])):
                blank(piece_start + span_start, piece_start + span_end)
    return "".join(chars)


def blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of non-blank lines."""
    found, start, position = [], None, 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            start = position if start is None else start
        elif start is not None:
            found.append((start, position))
            start = None
        position += len(line)
    if start is not None:
        found.append((start, position))
    return found


def _code_spans(block: str) -> list[tuple[int, int]]:
    """Code spans in one block, found as Python-Markdown finds them when it renders the page: with its own
    pattern and its own pairing of backtick runs (`BacktickInlineProcessor`), so that the check and the page
    never disagree on what is code."""
    spans, position = [], 0
    while (opening := _BACKTICK_START.search(block, position)) is not None:
        if opening.group(1):  # backslashes escaped before a backtick, which then opens nothing
            position = opening.end()
            continue
        start, end = _BACKTICKS.find_code_spans(opening.start(), block)
        if end is None:  # no run closes it: the backticks are text
            position = start
            continue
        spans.append((opening.start(), end + (start - opening.start())))
        position = spans[-1][1]
    return spans


def scan(text: str) -> Scan:
    masked = mask_code(text)
    citations, problems, covered = [], [], set()
    for match in _CITATION.finditer(masked):
        keys, offset = [], match.start("inner")
        for part in match["inner"].split(";"):
            key = _CITE_KEY.match(part)
            if key is None:
                break
            keys.append(CiteKey(key["id"], (key["locator"] or "").strip() or None, offset + part.index("@")))
            offset += len(part) + 1
        else:
            citations.append(Citation(match.start(), match.end(), tuple(keys)))
            covered.add(match.start())
    links = [
        WikiLink(m.start(), m.end(), m["target"].strip(), m["label"].strip() if m["label"] else None)
        for m in _WIKILINK.finditer(masked)
    ]
    for match in _CITATION_OPENING.finditer(masked):
        if match.start() not in covered and not masked.startswith("](", _closing_bracket(masked, match.start())):
            problems.append(Problem(match.start(), "malformed-citation", "this citation cannot be read",
                                    "write [@id], [@id, locator] or [@one; @two]"))
    linked = {link.start for link in links}
    for match in _WIKILINK_ATTEMPT.finditer(masked):
        if match.start() not in linked:
            problems.append(Problem(match.start(), "malformed-link", "this wikilink cannot be read",
                                    "write [[id]] or [[id|the words to show]]"))
    for reference in (*citations, *links):
        if masked.startswith("](", reference.end):
            problems.append(Problem(reference.start, "reference-in-link", "a citation or wikilink cannot sit inside a link's text",
                                    "move it after the link"))
    return Scan(tuple(citations), tuple(links), tuple(problems), masked)


def stored_scan(found: Scan, text: str) -> list:
    """A scan as plain JSON values, for the memo in .cache/ (`cache.StoredScans`); the masked text is kept
    only where code made it differ from the text."""
    return [[[c.start, c.end, [[k.id, k.locator, k.offset] for k in c.keys]] for c in found.citations],
            [[w.start, w.end, w.target, w.label] for w in found.links],
            [[p.offset, p.code, p.message, p.hint] for p in found.problems],
            None if found.masked == text else found.masked]


def scan_from_stored(stored: list, text: str) -> Scan:
    """The scan of `text` back from the memo.

    Raises ValueError or TypeError for an entry of the wrong shape or types, or with an offset outside the
    text: the memo is a file on disk, and a damaged one must not make the check fail. (Entries are found by
    the text's digest, so one that passes these checks but is wrong has been edited by hand.)
    """
    citations, links, problems, masked = stored
    masked = text if masked is None else _text(masked)
    if len(masked) != len(text):
        raise ValueError("the masked text does not match")

    def offset(value: object) -> int:
        if type(value) is not int or not 0 <= value <= len(text):
            raise ValueError(f"{value!r} is not an offset into the text")
        return value

    return Scan(
        tuple(Citation(offset(start), offset(end), tuple(CiteKey(_text(key), _text(locator, optional=True), offset(at))
                                                           for key, locator, at in keys))
              for start, end, keys in citations),
        tuple(WikiLink(offset(start), offset(end), _text(target), _text(label, optional=True)) for start, end, target, label in links),
        tuple(Problem(offset(at), _text(code), _text(message), _text(hint)) for at, code, message, hint in problems),
        masked,
    )


def _text(value: object, optional: bool = False) -> str | None:
    if isinstance(value, str) or (optional and value is None):
        return value
    raise TypeError(f"{value!r} is not text")


def _closing_bracket(text: str, start: int) -> int:
    end = text.find("]", start)
    return len(text) if end == -1 else end


def line_and_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset, relative to the start of `text`."""
    line = text.count("\n", 0, offset)
    return line + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def substitute(text: str, found: Scan, citation: Callable[[Citation], str], link: Callable[[WikiLink], str]) -> str:
    """The text with every citation and wikilink replaced by what the callbacks render."""
    spans = [(c.start, c.end, citation(c)) for c in found.citations]
    spans += [(w.start, w.end, link(w)) for w in found.links]
    pieces, position = [], 0
    for start, end, replacement in sorted(spans):
        pieces += [text[position:start], replacement]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def sentence_bounds(text: str, offset: int, found: Scan) -> tuple[int, int]:
    """Start and end of the sentence around `offset`, never leaving its paragraph or heading.

    A citation right after a full stop belongs to the sentence the full stop ends.
    """
    if not found.masked:
        found = Scan(found.citations, found.links, found.problems, mask_code(text))
    start, end = _block_around(found, offset)
    # Breaks are looked for with citations blanked out, so "p. 4" in a locator ends no sentence, and
    # with wikilinks as capitals, so a sentence may start with one.
    flat_text = found.flat
    sentence_start, sentence_end = start, end
    for match in _SENTENCE_BREAK.finditer(flat_text, start, end):
        if _ABBREVIATION.search(flat_text, max(start, match.start() - _LONGEST_ABBREVIATION), match.start()):
            continue
        if match.end() <= offset:
            sentence_start = match.end()
        else:
            sentence_end = match.start()
            break
    return sentence_start, sentence_end


def _block_around(found: Scan, offset: int) -> tuple[int, int]:
    """The paragraph holding `offset`: its run of lines, where a heading stands alone."""
    lines, starts = found.lines
    index = max(0, bisect_right(starts, offset) - 1)

    def alone(i: int) -> bool:
        return lines[i].lstrip().startswith("#")

    if not lines or alone(index):
        return (starts[index], starts[index] + len(lines[index].rstrip("\n"))) if lines else (0, 0)
    first = index
    while first > 0 and lines[first - 1].strip() and not alone(first - 1):
        first -= 1
    last = index
    while last + 1 < len(lines) and lines[last + 1].strip() and not alone(last + 1):
        last += 1
    return starts[first], starts[last] + len(lines[last].rstrip("\n"))


def citing_sentence(text: str, offset: int, found: Scan, label_of: Callable[[str], str]) -> str:
    """The plain-text sentence around `offset`: what a backlink quotes to show why a source is cited.

    `label_of` names a wikilink's target, so `[[donald-trump]]` reads "Donald Trump".
    """
    sentence_start, sentence_end = sentence_bounds(text, offset, found)
    inside = Scan(
        tuple(_shifted(c, -sentence_start) for c in found.citations if sentence_start <= c.start < sentence_end),
        tuple(_shifted(w, -sentence_start) for w in found.links if sentence_start <= w.start < sentence_end),
    )
    piece = text[sentence_start:sentence_end]
    return plain_text(substitute(piece, inside, lambda c: "", lambda w: w.label or label_of(w.target)))


def _shifted(reference, by: int):
    return replace(reference, start=reference.start + by, end=reference.end + by)


def plain_text(markdown: str) -> str:
    """Markdown reduced to readable text for quoting in listings."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", "", text, flags=re.MULTILINE)
    text = re.sub(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)|`", "", text)  # emphasis marks, not snake_case
    text = re.sub(r"^\s*\|?[\s:|-]*-[\s:|-]*$", "", text, flags=re.MULTILINE).replace("|", " ")  # table rules
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s+", " ", text)).strip()


# Quotations and paragraphs, for verification ---------------------------------------------------------

_BLOCKQUOTE_LINE = re.compile(r"^ {0,3}>[ ]?", re.MULTILINE)
_INLINE_QUOTE = re.compile(r"“(?P<curly>[^“”]+?)”|\"(?P<straight>[^\"]+?)\"")
_HTML_TAG = re.compile(r"<[^<>\n]+>")
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
_ANALYSIS_MARK = re.compile(r"^\{:?[^}\n]*\.analysis\b[^}\n]*\}\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Quotation:
    text: str  # the quoted words, without quotation marks, '>' markers or citations
    start: int  # offset of the opening mark, or of the blockquote's first '>'
    citation: Citation | None  # the citation it is attributed to


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    exempt: bool  # a heading, a list intro, an editor's note, a table, HTML, or marked analysis


def quotations(text: str, found: Scan) -> list[Quotation]:
    """Every quotation in a Markdown body, each with the citation that attributes it, if any."""
    masked = list(found.masked or mask_code(text))

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if masked[i] != "\n":
                masked[i] = " "

    quotes = []
    for block_start, block_end, last_line in _blockquotes("".join(masked)):
        inside = [c for c in found.citations if block_start <= c.start < block_end]
        citation = next((c for c in inside if c.start >= last_line), None) or _citation_opening(text, block_end, found)
        words = substitute(text[block_start:block_end], Scan(tuple(_shifted(c, -block_start) for c in inside), ()),
                           lambda c: "", lambda w: "")
        quotes.append(Quotation(plain_text(_BLOCKQUOTE_LINE.sub("", words)), block_start, citation))
        blank(block_start, block_end)
    for pattern in (_HTML_TAG, _LINK_TARGET):
        for match in pattern.finditer("".join(masked)):
            blank(match.start(), match.end())
    for reference in (*found.citations, *found.links):
        blank(reference.start, reference.end)
    flat = "".join(masked)
    for match in _INLINE_QUOTE.finditer(flat):
        if "\n\n" in match.group():
            continue
        inner = match.start("curly") if match["curly"] is not None else match.start("straight")
        words = plain_text(text[inner : match.end() - 1])
        quotes.append(Quotation(words, match.start(), _attributing(text, match.end(), found)))
    return sorted(quotes, key=lambda q: q.start)


def _blockquotes(masked: str) -> list[tuple[int, int, int]]:
    """(start, end, start of last line) of each run of '>' lines."""
    runs, position = [], 0
    lines = masked.splitlines(keepends=True)
    current: list[int] | None = None
    for line in lines:
        if _BLOCKQUOTE_LINE.match(line):
            if current is None:
                current = [position, position + len(line.rstrip("\n")), position]
            else:
                current[1:] = [position + len(line.rstrip("\n")), position]
        elif current is not None:
            runs.append(tuple(current))
            current = None
        position += len(line)
    if current is not None:
        runs.append(tuple(current))
    return runs


def _citation_opening(text: str, after: int, found: Scan) -> Citation | None:
    """A citation that opens the next non-blank line after a blockquote."""
    rest = text[after:]
    offset = after + len(rest) - len(rest.lstrip())
    return next((c for c in found.citations if c.start == offset), None)


def _attributing(text: str, quote_end: int, found: Scan) -> Citation | None:
    """The first citation after a quotation in its sentence, or right after it."""
    _, sentence_end = sentence_bounds(text, quote_end - 1, found)
    for citation in found.citations:
        if citation.start < quote_end:
            continue
        if citation.start < sentence_end or not text[quote_end : citation.start].strip(" \t\n.,;:"):
            return citation
        break
    return None


def paragraphs(text: str, masked: str | None = None) -> list[Paragraph]:
    """The blocks of a Markdown body, each marked whether it must carry a citation.

    `masked` is the body as `mask_code` gives it, when the caller has it already.
    """
    masked = masked or mask_code(text)
    spans = blocks(masked)
    found = []
    for index, (begin, end) in enumerate(spans):
        block = masked[begin:end]
        following = masked[spans[index + 1][0] : spans[index + 1][1]] if index + 1 < len(spans) else ""
        exempt = (
            block.lstrip().startswith(("#", ">", "!!!", "???", "|", "<", "[^"))
            or (block.rstrip().endswith(":") and bool(_LIST_MARKER.match(following)))
            or bool(_ANALYSIS_MARK.search(block))
        )
        found.append(Paragraph(begin, end, exempt))
    return found
