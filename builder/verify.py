"""Stage 3b, verify: every quotation is in the excerpt it cites, and every claim carries a citation.

This runs on the linked archive, so every citation here already resolves. The counts it returns are
what the site's integrity summary shows; they are never typed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.diagnostics import Diagnostics
from builder.link import Archive
from builder.markup import Citation, Scan, line_and_col, paragraphs, quotations
from builder.model import Item, Source
from builder.paths import Kind
from builder.quotes import find

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


def verify(archive: Archive, items: list[Item], diagnostics: Diagnostics) -> Integrity:
    sources = {item.id: item for item in items if item.kind is Kind.SOURCE}
    counts = {"quotations": 0, "verified": 0, "citations": 0, "paragraphs": 0, "uncited": 0}
    for item in items:
        if item.kind not in _VERIFIED_KINDS:
            continue
        published = item.id in archive.items
        found = archive.scans[item.id]
        for quotation in quotations(item.body, found):
            verified = _check_quotation(item, quotation.text, quotation.start, quotation.citation, sources, diagnostics)
            if published:
                counts["quotations"] += 1
                counts["verified"] += verified
        if item.kind is Kind.EXPLAINER:
            uncited = _check_paragraphs(item, found, diagnostics)
            if published:
                counts["citations"] += sum(len(c.keys) for c in found.citations)
                counts["paragraphs"] += uncited[0]
                counts["uncited"] += uncited[1]
        elif published:
            counts["citations"] += sum(len(c.keys) for c in found.citations)
    return Integrity(counts["quotations"], counts["verified"], counts["citations"], counts["paragraphs"], counts["uncited"])


def _check_quotation(item: Item, words: str, offset: int, citation: Citation | None,
                     sources: dict[str, Source], diagnostics: Diagnostics) -> bool:
    line, col = _position(item, offset)
    if citation is None:
        diagnostics.warning(item.origin.path, line, col, "quote-uncited", f"the quotation «{_short(words)}» cites no source",
                            "put the citation of the source it quotes right after it, in the same sentence")
        return False
    cited = [sources[key.id] for key in citation.keys if key.id in sources]
    with_text = [source for source in cited if source.body.strip()]
    if not with_text:
        diagnostics.error(item.origin.path, line, col, "quote-unverifiable",
                          f"the quotation «{_short(words)}» cites only references, which hold no excerpt to check it against",
                          "cite a source whose excerpt holds these words, or paraphrase")
        return False
    verdicts = [(source, find(words, source.body)) for source in with_text]
    if any(verdict.found for _, verdict in verdicts):
        return True
    source, verdict = max(verdicts, key=lambda pair: len(pair[1].closest))
    diagnostics.error(item.origin.path, line, col, "quote-mismatch",
                      f"the quotation «{_short(words)}» is not in the excerpt of '{source.id}'", verdict.explain(words))
    return False


def _check_paragraphs(item: Item, found: Scan, diagnostics: Diagnostics) -> tuple[int, int]:
    """Warn about every claim-making paragraph with no citation; return (paragraphs, uncited)."""
    total = uncited = 0
    for paragraph in paragraphs(item.body, found.masked):
        if paragraph.exempt:
            continue
        total += 1
        if any(paragraph.start <= c.start < paragraph.end for c in found.citations):
            continue
        uncited += 1
        line, col = _position(item, paragraph.start)
        diagnostics.warning(item.origin.path, line, col, "uncited", "this paragraph cites no source", ANALYSIS_HINT)
    return total, uncited


def _position(item: Item, offset: int) -> tuple[int, int]:
    line, col = line_and_col(item.body, offset)
    return item.origin.body_line + line - 1, col


def _short(words: str, limit: int = 60) -> str:
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
