"""Machine-readable metadata for pages: schema.org JSON-LD, Open Graph and Twitter card tags.

Only schema.org types and properties that exist are used, and a fact the archive does not know is
left out rather than written as "unknown".
"""

from __future__ import annotations

import json
from typing import Any

from builder.rendering.citation import cited_sources, is_person, page_url, site_root
from builder.core.link import Archive
from builder.core.kinds import ENTITY_KINDS, SOURCE_KINDS
from builder.core.model import Entity, Explainer, Item, Source, Topic
from builder.core.paths import Kind

CONTEXT = "https://schema.org"

# The most specific schema.org type that is true of every source of a kind.
# Characters that could end the <script> element or start markup, as JSON escapes; U+2028 and U+2029
# end a line in older JavaScript parsers.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_ld(item: Item, archive: Archive, site_url: str, site_name: str) -> dict[str, Any]:
    """The JSON-LD of an item's page. Events have no page of their own: see `web_page`."""
    if item.kind is Kind.EXPLAINER:
        return _article(item, archive, site_url, site_name)
    if item.kind is Kind.SOURCE:
        return _source(item, archive, site_url, site_name)
    if item.kind is Kind.ENTITY:
        return _entity_page(item, site_url, site_name)
    if item.kind is Kind.TOPIC:
        return _topic_page(item, site_url, site_name)
    if item.kind is Kind.PAGE:
        return web_page(item.label, page_url(item, site_url), site_url, site_name)
    raise ValueError(f"{item.kind.value} '{item.id}' has no page of its own")


def web_page(name: str, url: str, site_url: str, site_name: str, *, collection: bool = False,
             description: str | None = None) -> dict[str, Any]:
    """A plain page, or with `collection` a page that lists items (a section, the timeline, a year)."""
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "CollectionPage" if collection else "WebPage",
                            "name": name, "url": url}
    if description:
        data["description"] = description
    data["isPartOf"] = _website(site_url, site_name)
    return data


def _absolute(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def without_site_addresses(data: Any) -> Any:
    """JSON-LD for a build with no public address: the addresses on the site, which would only be relative,
    left out (an original's address, absolute, stays)."""
    if isinstance(data, dict):
        return {key: without_site_addresses(value) for key, value in data.items()
                if not (key in ("url", "mainEntityOfPage") and isinstance(value, str) and not _absolute(value))}
    if isinstance(data, list):
        return [without_site_addresses(value) for value in data]
    return data


def json_ld_script(data: dict[str, Any]) -> str:
    """The <script type="application/ld+json"> element, safe to place anywhere in an HTML page."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)
    return f'<script type="application/ld+json">{text}</script>'


def open_graph(item: Item | None, title: str, description: str | None, url: str,
               site_name: str) -> list[tuple[str, str]]:
    """(property, content) pairs for <meta> tags, in order.

    `og:` pairs go in `property=`, `twitter:` pairs in `name=`, as each protocol specifies.
    """
    og_type = "article" if item is not None and item.kind in (Kind.EXPLAINER, Kind.SOURCE) else "website"
    described = [("og:description", description)] if description else []
    twitter_described = [("twitter:description", description)] if description else []
    addressed = [("og:url", url)] if _absolute(url) else []  # no address, no og:url
    return [("og:title", title), *described, ("og:type", og_type), *addressed, ("og:site_name", site_name),
            ("twitter:card", "summary"), ("twitter:title", title), *twitter_described]


def _website(site_url: str, site_name: str) -> dict[str, str]:
    return {"@type": "WebSite", "name": site_name, "url": site_root(site_url)}


def _article(explainer: Explainer, archive: Archive, site_url: str, site_name: str) -> dict[str, Any]:
    meta, url = explainer.meta, page_url(explainer, site_url)
    data: dict[str, Any] = {
        "@context": CONTEXT, "@type": "Article", "headline": meta.title, "description": meta.summary,
        "datePublished": meta.published.iso(),
    }
    if meta.updated:
        data["dateModified"] = meta.updated.iso()
    data["author"] = _agents(meta.authors, archive)
    data["publisher"] = {"@type": "Organization", "name": site_name, "url": site_root(site_url)}
    cited = cited_sources(explainer, archive)
    if cited:
        data["citation"] = [_work(source, site_url) for source in cited]
    data.update(url=url, mainEntityOfPage=url, isPartOf=_website(site_url, site_name))
    return data


def _work(source: Source, site_url: str) -> dict[str, str]:
    return {"@type": SOURCE_KINDS[source.meta.kind].schema_type, "name": source.meta.title,
            "url": page_url(source, site_url)}


def _source(source: Source, archive: Archive, site_url: str, site_name: str) -> dict[str, Any]:
    meta, url = source.meta, page_url(source, site_url)
    data: dict[str, Any] = {"@context": CONTEXT, **_work(source, site_url)}
    if meta.authors:
        data["author"] = _agents(meta.authors, archive)
    if meta.outlet:
        data["publisher"] = {"@type": "Organization", "name": meta.outlet}
    if meta.published:
        data["datePublished"] = meta.published.iso()
    data["inLanguage"] = meta.language
    if meta.original:
        data["isBasedOn"] = meta.original  # the page describes the archive's excerpt of the original
    if meta.archive_url:
        data["archivedAt"] = meta.archive_url
    data.update(mainEntityOfPage=url, isPartOf=_website(site_url, site_name))
    return data


def _agents(names: list[str], archive: Archive) -> list[dict[str, str]]:
    return [{"@type": "Person" if is_person(name, archive) else "Organization", "name": name} for name in names]


def _entity_page(entity: Entity, site_url: str, site_name: str) -> dict[str, Any]:
    meta = entity.meta
    about: dict[str, Any] = {"@type": ENTITY_KINDS[meta.kind].schema_type, "name": meta.name}
    if meta.aliases:
        about["alternateName"] = list(meta.aliases)
    about["description"] = meta.description
    data = web_page(meta.name, page_url(entity, site_url), site_url, site_name, collection=True,
                    description=meta.description)
    data["about"] = about
    return data


def _topic_page(topic: Topic, site_url: str, site_name: str) -> dict[str, Any]:
    return web_page(topic.meta.name, page_url(topic, site_url), site_url, site_name, collection=True,
                    description=topic.meta.description)
