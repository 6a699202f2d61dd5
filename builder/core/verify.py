"""Stage 3b, verify: every quotation is in the excerpt it cites, and every claim carries a citation.

This runs on the linked archive, so every citation here already resolves. The counts it returns are
what the site's integrity summary shows; they are never typed by hand.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from builder.core.cache import text_digest
from builder.core.diagnostics import Diagnostic, Diagnostics
from builder.core.link import Archive
from builder.core.markup import Citation, Scan, line_and_col, paragraphs, quotations
from builder.core.model import Item, Source, passage_for
from builder.core.paths import Kind
from builder.core.quotes import find

_VERIFIED_KINDS = (Kind.EXPLAINER, Kind.EVENT)
ANALYSIS_HINT = "cite a source, or mark the archive's own analysis with a line '{: .analysis }' right after the paragraph"


@dataclass(frozen=True)
class Integrity:
    """What the build checked in the published archive."""

    quotations: int
    verified_quotations: int
    citations: int
    paragraphs: int
    uncited_paragraphs: int
    sources: int
    references: int  # sources held without an excerpt
    noted_sources: int  # sources carrying an editor's note
    sources_with_url: int  # the original's address is on record
    sources_with_archive: int  # a snapshot of the original is on record


# What verifying one item found: its counts, and its diagnostics; a preview keeps these for items that did not
# change and cite the very same sources.
Verdicts = dict[str, tuple[Item, tuple[Source, ...], "Counter[str]", list[Diagnostic]]]


class VerdictStore(Protocol):
    """Verdicts kept between runs (`cache.StoredVerdicts`), by file, checked against `verdict_inputs`."""

    def get(self, relative: str, inputs: str) -> tuple[Counter[str], list[Diagnostic]] | None: ...

    def put(self, relative: str, inputs: str, counts: Counter[str], problems: list[Diagnostic]) -> None: ...


def verify(archive: Archive, items: list[Item], diagnostics: Diagnostics, memo: Verdicts | None = None,
           stored: VerdictStore | None = None, text_only: Iterable[tuple[Item, Scan]] = ()) -> Integrity:
    """`memo` is a preview's, in memory; `stored` is on disk, for `archive check` and `archive build`.

    `text_only` are the files whose front matter did not validate, with the scans of their text: their
    quotations and paragraphs are checked too, but not kept in a memo nor counted, since nothing of them
    is published.
    """
    sources = {item.id: item for item in items if item.kind is Kind.SOURCE}
    excerpt_digests: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for item in items:
        if item.kind not in _VERIFIED_KINDS:
            continue
        found = archive.scans[item.id]
        cited = tuple(sources.get(key.id) for citation in found.citations for key in citation.keys)
        seen = memo.get(item.id) if memo is not None else None
        inputs = verdict_inputs(item, cited, excerpt_digests) if stored is not None else ""
        if seen is not None and seen[0] is item and seen[1] == cited:
            item_counts, problems = seen[2], seen[3]
        elif stored is not None and (kept := stored.get(item.origin.path, inputs)) is not None:
            item_counts, problems = kept
        else:
            collected = Diagnostics()
            item_counts = _verify_item(item, found, sources, collected)
            problems = collected.sorted()
            if memo is not None:
                memo[item.id] = (item, cited, item_counts, problems)
            if stored is not None:
                stored.put(item.origin.path, inputs, item_counts, problems)
        diagnostics.extend(problems)
        if item.id in archive.items:  # published
            counts.update(item_counts)
    for item, found in text_only:
        verify_one(item, found, sources, diagnostics)
    published = archive.sources
    return Integrity(counts["quotations"], counts["verified"], counts["citations"], counts["paragraphs"], counts["uncited"],
                     sources=len(published), references=sum(source.meta.kind == "reference" for source in published),
                     noted_sources=sum(bool(source.meta.note) for source in published),
                     sources_with_url=sum(bool(source.meta.original) for source in published),
                     sources_with_archive=sum(bool(source.meta.archive_url) for source in published))


def verify_one(item: Item, found: Scan, sources: dict[str, Source], diagnostics: Diagnostics) -> None:
    """One item's quotations and paragraphs, as `verify` checks them."""
    if item.kind in _VERIFIED_KINDS:
        _verify_item(item, found, sources, diagnostics)


def verdict_inputs(item: Item, cited: tuple[Source | None, ...], excerpt_digests: dict[str, str]) -> str:
    """A digest of everything an item's verdict depends on but the code: its kind, text and place in its
    file, and each source it cites with that source's excerpt (None: not a source that loads).

    `excerpt_digests` keeps each excerpt's digest for the next item that cites it.
    """
    for source in cited:
        if source is not None and source.id not in excerpt_digests:
            excerpt_digests[source.id] = text_digest(source.body)
    cited_excerpts = [None if source is None else [source.id, excerpt_digests[source.id]] for source in cited]
    return text_digest(json.dumps([item.kind.value, item.origin.body_line, item.body, cited_excerpts]))


def _verify_item(item: Item, found: Scan, sources: dict[str, Source], diagnostics: Diagnostics) -> Counter[str]:
    counts: Counter[str] = Counter()
    uncited_quotations = []
    for quotation in quotations(item.body, found):
        counts["quotations"] += 1
        counts["verified"] += _check_quotation(item, quotation.text, quotation.start, quotation.citation, sources, diagnostics)
        if quotation.citation is None:
            uncited_quotations.append(quotation.start)
    counts["citations"] += sum(len(c.keys) for c in found.citations)
    if item.kind is Kind.EXPLAINER:
        counts["paragraphs"], counts["uncited"] = _check_paragraphs(item, found, uncited_quotations, diagnostics)
    return counts


def _check_quotation(item: Item, words: str, offset: int, citation: Citation | None,
                     sources: dict[str, Source], diagnostics: Diagnostics) -> bool:
    line, col = _position(item, offset)
    if citation is None:
        diagnostics.warning(item.origin.path, line, col, "quote-uncited", f"the quotation «{_short(words)}» cites no source",
                            "put the citation of the source it quotes right after it, in the same sentence")
        return False
    if any(key.id not in sources for key in citation.keys):
        # It cites what is not a source that loads (a missing id, a file with errors, an entity): that is
        # reported where it is cited, and the quotation is checked once the citation is fixed.
        return False
    with_text = [(sources[key.id], key.locator) for key in citation.keys if sources[key.id].body.strip()]
    if not with_text:
        diagnostics.error(item.origin.path, line, col, "quote-unverifiable",
                          f"the quotation «{_short(words)}» cites only references, which hold no excerpt to check it against",
                          "cite a source whose excerpt holds these words, or paraphrase")
        return False
    # Each passage on its own, so that an elision never bridges two passages of a work.
    verdicts = [(source, find(words, passage.text))
                for source, locator in with_text for passage in passage_for(source.passages, locator)]
    if any(verdict.found for _, verdict in verdicts):
        return True
    source, verdict = max(verdicts, key=lambda pair: len(pair[1].closest))
    line, col = _position(item, _in_body(item.body, offset, words[verdict.differs_at:]))
    diagnostics.error(item.origin.path, line, col, "quote-mismatch",
                      f"the quotation «{_short(words)}» is not in the excerpt of '{source.id}'", verdict.explain(words))
    return False


def _in_body(body: str, start: int, rest: str) -> int:
    """Where, at or after `start`, the body has the quotation's words from where it parts from the excerpt.

    The quotation was read out of the body (a blockquote's '>' markers and line breaks taken out, Markdown
    emphasis too), so its next few words are looked for, across any line break; the quotation's own start
    when they cannot be found.
    """
    words = rest.split()[:3]
    if not words:
        return start
    gap = r"(?:\s|>|[*_])+"
    found = re.compile(gap.join(re.escape(word) for word in words)).search(body, start)
    return found.start() if found else start


def _check_paragraphs(item: Item, found: Scan, uncited_quotations: list[int], diagnostics: Diagnostics) -> tuple[int, int]:
    """Warn about every claim-making paragraph with no citation; return (paragraphs, uncited).

    A paragraph whose quotation cites nothing has had its warning, at the quotation (`uncited_quotations`,
    their offsets): it is counted, not warned about again.
    """
    total = uncited = 0
    for paragraph in paragraphs(item.body, found.masked):
        if paragraph.exempt:
            continue
        total += 1
        if any(paragraph.start <= c.start < paragraph.end for c in found.citations):
            continue
        if any(paragraph.start <= p.offset < paragraph.end for p in found.problems if p.code == "malformed-citation"):
            continue  # it has a citation, which cannot be read yet: that error is enough
        uncited += 1
        if any(paragraph.start <= offset < paragraph.end for offset in uncited_quotations):
            continue
        line, col = _position(item, paragraph.start)
        diagnostics.warning(item.origin.path, line, col, "uncited", "this paragraph cites no source", ANALYSIS_HINT)
    return total, uncited


def _position(item: Item, offset: int) -> tuple[int, int]:
    line, col = line_and_col(item.body, offset)
    return item.origin.body_line + line - 1, col


def _short(words: str, limit: int = 60) -> str:
    """The quotation as the message shows it: whole, or cut after its last whole word within the limit."""
    if len(words) <= limit:
        return words
    cut = words[:limit]
    return (cut.rsplit(" ", 1)[0] if words[limit:limit + 1] not in (" ", "") else cut).rstrip(" ,;:") + "…"
