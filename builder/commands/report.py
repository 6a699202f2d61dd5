"""`archive report`: the archive's editorial health, for editors deciding what to work on next."""

from __future__ import annotations

import json
from dataclasses import dataclass

from builder.core.markup import paragraphs
from builder.core.model import Item
from builder.core.paths import Kind, is_shortened
from builder.core.pipeline import Checked


@dataclass(frozen=True)
class Entry:
    path: str
    id: str
    label: str
    detail: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    entries: list[Entry]


def health(checked: Checked) -> list[Section]:
    archive = checked.archive
    drafts = sorted((i for i in checked.items if i.kind is Kind.SOURCE and i.is_draft), key=lambda s: s.origin.path)

    def entry(item: Item, detail: str = "") -> Entry:
        return Entry(item.origin.path, item.id, item.label, detail)

    sources = sorted(archive.sources, key=lambda s: s.origin.path)
    shortened = [entry(s, url) for s in sources for url in (s.meta.url, s.meta.archive_url, s.meta.via and s.meta.via.url) if url and is_shortened(url)]
    return [
        Section("orphans", "Sources nothing cites", [entry(s) for s in sources if not archive.cited_by.get(s.id)]),
        Section("no_url", "Sources with no address of the original", [entry(s, s.meta.kind) for s in sources if not s.meta.original]),
        Section("no_archive_url", "Sources with a URL but no archived copy",
                [entry(s) for s in sources if s.meta.original and not s.meta.archive_url]),
        Section("cited_without_excerpt", "Cited sources that hold no excerpt to check a claim against",
                [entry(s, f"cited by {len({c.citing.id for c in archive.cited_by[s.id]})}") for s in sources
                 if s.meta.kind == "reference" and archive.cited_by.get(s.id)]),
        Section("dead_links", "Sources whose original is no longer live",
                [entry(s, s.meta.url_status + ("" if s.meta.archive_url else ", no archived copy")) for s in sources
                 if s.meta.url_status != "live"]),
        Section("shortened_links", "Shortened links that cannot be resolved offline", shortened),
        Section("unknown_outlet", "Sources whose outlet is unknown", [entry(s) for s in sources if s.meta.outlet is None]),
        Section("unknown_date", "Sources whose date is unknown", [entry(s) for s in sources if s.meta.published is None]),
        Section("drafts", "Draft sources waiting in the inbox", [entry(s) for s in drafts]),
        Section("explainers", "Explainers by citations per paragraph, fewest first", _explainers(checked)),
    ]


def coverage(checked: Checked) -> list[tuple[str, str, int, int]]:
    """(key, what is counted, how many, of how many): the figures the About page's table shows too."""
    figures = checked.integrity
    return [
        ("with_url", "Sources with the original's address", figures.sources_with_url, figures.sources),
        ("with_archive", "Sources with an archived copy", figures.sources_with_archive, figures.sources),
        ("with_excerpt", "Sources holding an excerpt", figures.sources - figures.references, figures.sources),
        ("quotations_verified", "Quotations verified against their excerpt", figures.verified_quotations, figures.quotations),
    ]


def _explainers(checked: Checked) -> list[Entry]:
    ranked = []
    for explainer in checked.archive.explainers:
        claims = [p for p in paragraphs(explainer.body, checked.archive.scans[explainer.id].masked) if not p.exempt]
        citations = sum(len(c.keys) for c in checked.archive.scans[explainer.id].citations)
        ratio = citations / len(claims) if claims else 0.0
        ranked.append((ratio, explainer.id, Entry(explainer.origin.path, explainer.id, explainer.label,
                                                  f"{citations} citations, {len(claims)} paragraphs, {ratio:.1f} per paragraph")))
    return [e for _, _, e in sorted(ranked, key=lambda r: (r[0], r[1]))]


def format_text(sections: list[Section], figures: list[tuple[str, str, int, int]]) -> str:
    lines = [f"{label}: {part} of {whole}" + (f" ({round(100 * part / whole)}%)" if whole else "") for _, label, part, whole in figures]
    lines.append("")
    for section in sections:
        lines.append(f"{section.heading}: {len(section.entries)}")
        for e in section.entries:
            lines.append(f"  {e.path}  {e.label}" + (f"  ({e.detail})" if e.detail else ""))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def format_json(sections: list[Section], figures: list[tuple[str, str, int, int]]) -> str:
    data: dict = {"coverage": {key: {"count": part, "of": whole} for key, _, part, whole in figures}}
    data.update({s.key: [{"path": e.path, "id": e.id, "label": e.label, "detail": e.detail} for e in s.entries] for s in sections})
    return json.dumps(data, indent=2, ensure_ascii=False)
