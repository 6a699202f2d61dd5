"""What may reach a reader's browser: page content passes an allow list, and pages carry a CSP.

Editors' Markdown may carry raw HTML copied from anywhere. Everything Markdown makes of an editor's text is
cleaned by nh3 (the ammonia sanitizer) against the tags and attributes that Markdown and the archive's
texts use, so a pasted `<script>`, an `onclick` or a `javascript:` link never reaches the page; links in
it get rel="noopener noreferrer" (`texts.TextRenderer`). The rest of a page is the archive's templates,
which escape every value they print. The Content-Security-Policy then allows
scripts only from the site itself, plus the inline scripts of the theme, each by its hash, and the
compilation of the site's own WebAssembly (Pagefind's search).
"""

from __future__ import annotations

import base64
import hashlib
import re

import nh3

_TAGS = {
    # text and structure, as Markdown and the archive's templates write them
    "a", "abbr", "aside", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "nav", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}
# The only styles kept: how Markdown tables align their cells, and the small capitals of a formatted reference.
_STYLES = {"text-align", "font-variant"}
# Not search facets (data-pagefind-filter, -meta), nor the timeline's form and SVG strip: only the templates
# draw those, in pages that are not cleaned, and an editor's HTML should not add a filter to search.
# data-pagefind-ignore only hides a text from search, as the archive's own navigation and notes are hidden.
_GENERIC_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "aria-describedby", "hidden",
                       "data-pagefind-ignore"}
_ATTRIBUTES = {
    **{tag: set() for tag in _TAGS},
    # The Robust Links attributes of a link to a source's original and to its snapshot.
    "a": {"href", "data-originalurl", "data-versionurl", "data-versiondate"},
    "img": {"src", "alt", "width", "height", "loading"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "ol": {"start"},
    "details": {"open"},
    "span": {"style", "data-ar-source"},  # a note's source, for its preview
}
_ATTRIBUTES = {tag: _GENERIC_ATTRIBUTES | allowed for tag, allowed in _ATTRIBUTES.items()}
_URL_SCHEMES = {"http", "https", "mailto"}  # no javascript:, data: or any other scheme in a link


# Built once: handing nh3 the allow lists on every call cost more than cleaning a formatted reference.
_PAGE_CLEANER = nh3.Cleaner(tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_URL_SCHEMES,
                            filter_style_properties=_STYLES, link_rel="noopener noreferrer")


def clean(html: str) -> str:
    """Page content with anything outside the allow list removed, and safe link relations."""
    return _PAGE_CLEANER.clean(html)


# What may sit inside a sentence: an editor's note quoted in a numbered note keeps its links and emphasis.
_INLINE_TAGS = {"a", "abbr", "b", "br", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "small", "span",
                "strong", "sub", "sup", "time", "u"}


_INLINE_CLEANER = nh3.Cleaner(tags=_INLINE_TAGS, attributes={tag: _ATTRIBUTES[tag] for tag in _INLINE_TAGS},
                              url_schemes=_URL_SCHEMES, filter_style_properties=_STYLES)


def inline(html: str) -> str:
    """HTML for a phrase inside a paragraph: its blocks (paragraphs, lists) taken away, their text and links kept."""
    return _INLINE_CLEANER.clean(html).strip()


# By the time a page's policy is written its editors' texts have passed `clean` and the rest was drawn by
# the archive's own templates, so every <script> element comes from the theme or the templates, whose markup is regular: a pattern finds them far faster than an HTML
# parser (which cost 2 ms a page, half a minute at ten thousand pages).
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""\b(src|type)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def _inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would run; data blocks such as JSON-LD do not run."""
    found = []
    for match in _SCRIPT.finditer(html):
        attributes = {m.group(1).lower(): next(v for v in m.groups()[1:] if v is not None) for m in _ATTRIBUTE.finditer(match.group(1))}
        kind = attributes.get("type", "text/javascript").lower()
        if "src" not in attributes and ("javascript" in kind or kind == "module"):
            found.append(match.group(2))
    return found


def policy(html: str, preview: bool = False) -> str:
    """A Content-Security-Policy for one page: its own origin only, and its own inline scripts by hash.

    A preview's page allows any inline script instead: the preview server adds its live-reload script to
    each page as it serves it, with a different text each time.
    """
    hashes = ["'unsafe-inline'"] if preview else sorted(
        {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8", "surrogateescape")).digest()).decode() + "'"
         for s in _inline_scripts(html)})
    return "; ".join([
        "default-src 'none'",
        # WebAssembly compilation, which search needs, is not eval of strings: it runs only the site's own module.
        " ".join(["script-src 'self' 'wasm-unsafe-eval'", *hashes]),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ])


_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
_TOGGLE_NAMES = {"drawer": "Navigation menu", "search": "Search"}
_LABEL_FOR = re.compile(r'(<label\b[^>]*?)\s+for="([^"]+)"')


def tidy_theme_markup(html: str) -> str:
    """Fixes to Material's own page markup, so every page is valid and accessible HTML.

    Its menu toggles are checkboxes with autocomplete="off", which HTML allows only on text-like inputs,
    and some have no accessible name; with the navigation hidden, its table-of-contents title still
    labels a toggle that is not there.
    """
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    for toggle, name in _TOGGLE_NAMES.items():
        html = html.replace(f'data-md-toggle="{toggle}" type="checkbox"', f'data-md-toggle="{toggle}" type="checkbox" aria-label="{name}"')
    # A page has a handful of labels and thousands of ids: look each label's target up in the page.
    return _LABEL_FOR.sub(lambda m: m.group(0) if f' id="{m.group(2)}"' in html else m.group(1), html)


_HEAD = re.compile(r"<head[^>]*>", re.IGNORECASE)


def with_policy(html: str, preview: bool = False) -> str:
    """The page with its policy as the first element of <head>, so it governs everything after it."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, preview)}">'
    return _HEAD.sub(lambda m: m.group(0) + meta, html, count=1)
