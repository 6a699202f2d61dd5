"""Checks over a built site/ folder with a real HTML parser: internal links, anchors, outside requests."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from bs4 import BeautifulSoup

LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}


@lru_cache(maxsize=None)
def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _target_file(site: Path, page: Path, href: str, base_path: str) -> Path:
    if href.startswith("/"):  # root-relative, as on the 404 page: under the site_url's path
        if not href.startswith(base_path):
            return site / "<outside the site's base path>"
        target = (site / unquote(href[len(base_path):])).resolve()
    else:
        target = (page.parent / unquote(href)).resolve() if href else page
    if target.is_dir() or href.endswith("/"):
        target = target / "index.html"
    return target


def broken_links(site: Path, base_path: str = "/") -> list[str]:
    """Every internal link or #anchor in the site that does not resolve, as 'page -> href'.

    `base_path` is the path of site_url, where root-relative links start.
    """
    problems = []
    for page in pages(site):
        for tag, attribute in LINKING.items():
            for element in parse(page).find_all(tag):
                reference = element.get(attribute)
                if not reference or urlsplit(reference).scheme or reference.startswith("//"):
                    continue
                href, anchor = urldefrag(reference)
                # A query (?kind=article) chooses what a page's script shows, not which file it is.
                target = _target_file(site, page, urlsplit(href).path, base_path)
                if not target.is_file():
                    problems.append(f"{page.relative_to(site)} -> {reference}")
                elif anchor and target.suffix == ".html":
                    if parse(target).find(id=anchor) is None and parse(target).find(attrs={"name": anchor}) is None:
                        problems.append(f"{page.relative_to(site)} -> {reference} (no such anchor)")
    return problems


def outside_requests(site: Path) -> list[str]:
    """Every resource a page would load from another host (scripts, styles, images, fonts, frames)."""
    found = []
    for page in pages(site):
        for tag, attribute in LINKING.items():
            if tag == "a":
                continue  # following a link is the reader's choice, not a request the page makes
            for element in parse(page).find_all(tag):
                reference = element.get(attribute) or ""
                if urlsplit(reference).scheme in ("http", "https") or reference.startswith("//"):
                    if tag == "link" and set(element.get("rel", [])) & {"canonical", "alternate"}:
                        continue
                    found.append(f"{page.relative_to(site)}: <{tag} {attribute}={reference}>")
    for stylesheet in site.rglob("*.css"):
        text = stylesheet.read_text(encoding="utf-8", errors="replace")
        if "fonts.googleapis" in text or "@import url(http" in text:
            found.append(f"{stylesheet.relative_to(site)} imports from another host")
    return found
