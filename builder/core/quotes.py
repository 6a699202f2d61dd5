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
    differs_at: int = 0  # offset in the quotation, as written, of the first word that parts from that passage
    difference: str = ""  # the words that differ, side by side

    def explain(self, quotation: str) -> str:
        if not self.closest:
            return "no passage of the excerpt comes close"
        return f"{self.difference}; closest passage: «{self.closest}»"


def find(quotation: str, excerpt: str) -> Verdict:
    """Whether `quotation` appears in `excerpt`, and if not, the nearest passage and where they part."""
    quote, offsets = _normalized_with_offsets(quotation)
    lead = len(quote) - len(quote.lstrip(_EDGE_PUNCTUATION + " "))
    quote = quote.strip(_EDGE_PUNCTUATION + " ")
    pattern = _pattern(quote)
    if pattern is None or re.search(pattern, normalize(excerpt), re.DOTALL):
        return Verdict(True)
    return _near_miss(quote, normalize(excerpt), offsets[lead:lead + len(quote)] + [len(quotation)])


def _normalized_with_offsets(text: str) -> tuple[str, list[int]]:
    """`normalize(text)`, with the offset in `text` of each of its characters."""
    text = unicodedata.normalize("NFC", text)
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text.translate(_TYPOGRAPHY)):
        if char.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                offsets.append(index)
            continue
        chars.append(char)
        offsets.append(index)
    if chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return "".join(chars), offsets


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
    """A run of quoted words; a bracketed insertion stands for any short span.

    Between two words (`led by [the] Joint Task Force`) the span may also be nothing: an editor's word
    the original does not have.
    """
    out, position = [], 0
    for insertion in _INSERTION.finditer(piece):
        before = piece[position : insertion.start()]
        if before.endswith(" ") and piece[insertion.end():].startswith(" "):
            out.append(_literal(before[:-1]) + f"(?: .{{1,{INSERTION_MAX}}}?)?")
        else:
            out.append(_literal(before) + f".{{1,{INSERTION_MAX}}}?")
        position = insertion.end()
    out.append(_literal(piece[position:]))
    pattern = "".join(out)
    if first and piece[:1].isalpha() and not piece.startswith("["):
        # The first letter's case may change when a quotation starts mid-sentence.
        pattern = f"[{re.escape(piece[0].lower())}{re.escape(piece[0].upper())}]" + pattern[len(re.escape(piece[0])):]
    return pattern


def _literal(text: str) -> str:
    return re.escape(text)


def _near_miss(quote: str, text: str, offsets: list[int]) -> Verdict:
    """The excerpt's passage most like the quotation, and the words where the two first differ.

    `offsets` gives, for each character of `quote`, its place in the quotation as written.
    """
    plain, in_quote = _plain_with_offsets(quote)
    if not plain or not text:
        return Verdict(False)
    anchor = difflib.SequenceMatcher(None, text.lower(), plain.lower(), autojunk=False).find_longest_match()
    # Eight shared characters mark a near miss; a short quotation needs fewer ("remains a secret" shares
    # "remain" with "remain secret"), but never fewer than five, or any common word would do.
    if anchor.size < min(8, len(plain), max(5, len(plain) // 3)):
        return Verdict(False)
    # The passage the quotation would occupy if the longest shared run lines up, with some slack, in whole words.
    start = _word_start(text, max(0, anchor.a - anchor.b - CONTEXT // 2))
    end = _word_end(text, min(len(text), anchor.a + (len(plain) - anchor.b) + CONTEXT // 2))
    passage = text[start:end]
    closest = ("…" if start else "") + passage.strip() + ("…" if end < len(text) else "")
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, passage.lower(), plain.lower(), autojunk=False).get_opcodes():
        if tag == "equal" or (tag == "delete" and j1 in (0, len(plain))):
            if tag == "delete" and j1 == len(plain) and j1 > 0 and passage[i1 - 1:i1].isalnum() and passage[i1:i1 + 1].isalnum():
                # The excerpt's word goes on where the quotation stops ("target package" in "target packages").
                word_start = _word_start(plain, j1)
                excerpt_word = passage[_word_start(passage, i1):_word_end(passage, i1)]
                return Verdict(False, closest, offsets[in_quote[word_start]],
                               f"«{plain[word_start:j1]}» where the excerpt has «{excerpt_word}»")
            continue  # shared text, or the passage's slack around the quotation
        at_boundary = not plain[j1 - 1:j1].isalnum() or not plain[j1:j1 + 1].isalnum()
        left_out = passage[i1:i2]
        whole_words = ((not left_out[:1].isalnum() or not passage[i1 - 1:i1].isalnum())
                       and (not left_out[-1:].isalnum() or not passage[i2:i2 + 1].isalnum()))
        if tag == "delete" and at_boundary and whole_words:
            # Whole words of the excerpt that the quotation leaves out, with no elision to say so: the
            # quotation's next word is where it parts.
            next_word = len(plain) - len(plain[j1:].lstrip()) if j1 < len(plain) else len(plain) - 1
            return Verdict(False, closest, offsets[in_quote[min(next_word, len(plain) - 1)]],
                           f"the excerpt has «{_words(passage[i1:i2])}» here, which the quotation leaves out")
        # The whole words the difference falls in, on each side (where one side has nothing, the word it is in).
        quote_start, quote_end = _word_start(plain, j1), _word_end(plain, max(j1, j2 - 1))
        excerpt_start, excerpt_end = _word_start(passage, i1), _word_end(passage, max(i1, i2 - 1))
        at = offsets[in_quote[min(quote_start, len(plain) - 1)]]
        quoted, excerpted = _words(plain[quote_start:quote_end]), _words(passage[excerpt_start:excerpt_end])
        return Verdict(False, closest, at, f"«{quoted}» where the excerpt has «{excerpted}»" if excerpted
                       else f"«{quoted}» is not in the excerpt")
    return Verdict(False, closest, offsets[-1], "the excerpt goes on where the quotation stops")


def _plain_with_offsets(quote: str) -> tuple[str, list[int]]:
    """The quotation's own words: insertions taken out, elisions as a space; with each character's offset in `quote`."""
    chars: list[str] = []
    offsets: list[int] = []
    position = 0
    for mark in re.finditer(f"{_INSERTION.pattern}|{_ELISION.pattern}", quote):
        chars += quote[position:mark.start()]
        offsets += range(position, mark.start())
        if not mark.group(0).lstrip().startswith("[") or _ELISION.fullmatch(mark.group(0)):
            chars.append(" ")
            offsets.append(mark.start())
        position = mark.end()
    chars += quote[position:]
    offsets += range(position, len(quote))
    plain = "".join(chars)
    lead = len(plain) - len(plain.lstrip())
    plain = plain.strip()
    return plain, offsets[lead:lead + len(plain)]


def _word_start(text: str, index: int) -> int:
    while 0 < index <= len(text) and text[index - 1].isalnum():
        index -= 1
    return index


def _word_end(text: str, index: int) -> int:
    while index < len(text) and text[index].isalnum():
        index += 1
    return index


def _words(text: str, limit: int = 60) -> str:
    """A few words, never cut inside one."""
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[:_word_start(text, limit)].rstrip() + "…"
