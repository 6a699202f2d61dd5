"""Does a quotation appear in an excerpt? The matcher behind quote verification.

Typography is forgiven, words are not. The comparison ignores whitespace and line wrapping, straight
versus curly quotes and apostrophes, hyphen and dash variants, and the case of the first letter. An
elision (`…`, `...`, `[…]`) matches any text in between, in order; a bracketed insertion such as
`[the Pentagon]` matches any short span.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

INSERTION_MAX = 60  # characters an editor's [insertion] may stand for
CONTEXT = 40  # characters of the excerpt shown around a near miss

_TYPOGRAPHY = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})
_ELISION = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\s*")
_INSERTION = re.compile(r"\[[^\[\]]*\]")
_EDGE_PUNCTUATION = ",.;:"


def normalize(text: str) -> str:
    """Text with its typography folded, for comparison only."""
    text = unicodedata.normalize("NFC", text).translate(_TYPOGRAPHY)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Verdict:
    found: bool
    closest: str = ""  # the nearest passage of the excerpt, when not found
    differs_at: int = 0  # offset in the quotation where it first parts from that passage

    def explain(self, quotation: str) -> str:
        if not self.closest:
            return "no passage of the excerpt comes close"
        quote = normalize(quotation).strip(_EDGE_PUNCTUATION + " ")
        where = (f"they part at «{quote[self.differs_at:self.differs_at + 20]}»" if self.differs_at < len(quote)
                 else "the excerpt's word goes on where the quotation stops")
        return f"closest passage: «{self.closest}»; {where}"


def find(quotation: str, excerpt: str) -> Verdict:
    """Whether `quotation` appears in `excerpt`, and if not, the nearest passage."""
    quote, text = normalize(quotation), normalize(excerpt)
    quote = quote.strip(_EDGE_PUNCTUATION + " ")
    pattern = _pattern(quote)
    if pattern is None or re.search(pattern, text, re.DOTALL):
        return Verdict(True)
    return _near_miss(quote, text)


def _pattern(quote: str) -> str | None:
    pieces = [piece for piece in _ELISION.split(quote) if piece.strip(_EDGE_PUNCTUATION + " ")]
    if not pieces:
        return None
    parts = []
    for index, piece in enumerate(pieces):
        piece = piece.strip(" ") if len(pieces) > 1 else piece
        parts.append(_piece_pattern(piece, first=index == 0))
    # Whole words only: "target package" is not in "target packages".
    return r"(?<!\w)" + ".*?".join(parts) + r"(?!\w)"


def _piece_pattern(piece: str, first: bool) -> str:
    """A run of quoted words; bracketed insertions stand for any short span."""
    out, position = [], 0
    for insertion in _INSERTION.finditer(piece):
        out.append(_literal(piece[position : insertion.start()]))
        out.append(f".{{1,{INSERTION_MAX}}}?")
        position = insertion.end()
    out.append(_literal(piece[position:]))
    pattern = "".join(out)
    if first and piece[:1].isalpha() and not piece.startswith("["):
        # The first letter's case may change when a quotation starts mid-sentence.
        pattern = f"[{re.escape(piece[0].lower())}{re.escape(piece[0].upper())}]" + pattern[len(re.escape(piece[0])):]
    return pattern


def _literal(text: str) -> str:
    return re.escape(text)


def _near_miss(quote: str, text: str) -> Verdict:
    """The excerpt's passage most like the quotation, and where the two first differ."""
    plain = _ELISION.sub(" ", _INSERTION.sub("", quote)).strip()
    if not plain or not text:
        return Verdict(False)
    anchor = difflib.SequenceMatcher(None, text.lower(), plain.lower(), autojunk=False).find_longest_match()
    # Eight shared characters mark a near miss; a short quotation needs fewer ("remains a secret" shares
    # "remain" with "remain secret"), but never fewer than five, or any common word would do.
    if anchor.size < min(8, len(plain), max(5, len(plain) // 3)):
        return Verdict(False)
    # The passage the quotation would occupy if the longest shared run lines up, with some slack.
    start = max(0, anchor.a - anchor.b - CONTEXT // 2)
    end = min(len(text), anchor.a + (len(plain) - anchor.b) + CONTEXT // 2)
    passage = text[start:end]
    differs_at = len(plain)
    for tag, _, _, j1, _ in difflib.SequenceMatcher(None, passage.lower(), plain.lower(), autojunk=False).get_opcodes():
        if tag == "equal" or (tag == "delete" and j1 in (0, len(plain))):
            continue  # shared text, or the passage's slack around the quotation
        differs_at = j1
        break
    closest = ("…" if start else "") + passage.strip() + ("…" if end < len(text) else "")
    if differs_at < len(plain) and plain[differs_at:] in quote:
        differs_at = quote.find(plain[differs_at:])
    elif differs_at >= len(plain):
        differs_at = len(quote)
    return Verdict(False, closest, differs_at)
