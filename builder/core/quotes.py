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
    return _first_difference(passage, plain, lambda index: offsets[in_quote[index]], closest)


_TOKEN = re.compile(r"\S+")


def _first_difference(passage: str, plain: str, written_at, closest: str) -> Verdict:
    """Where the quotation's words first part from the passage's, compared word by word (a word with its
    punctuation; case aside), and the words on each side. `written_at` maps an offset in `plain` to the
    quotation as written."""
    excerpt_words = [(m.start(), m.group()) for m in _TOKEN.finditer(passage)]
    quote_words = [(m.start(), m.group()) for m in _TOKEN.finditer(plain)]

    def key(word: str) -> str:
        return word.lower().strip(_EDGE_PUNCTUATION + "\"'")

    matcher = difflib.SequenceMatcher(None, [key(w) for _, w in excerpt_words], [key(w) for _, w in quote_words], autojunk=False)
    opcodes = matcher.get_opcodes()
    # The passage's slack around the quotation is no difference: excerpt words before its first word and after its last.
    while opcodes and opcodes[0][0] == "delete" and opcodes[0][3] == 0:
        opcodes.pop(0)
    while opcodes and opcodes[-1][0] == "delete" and opcodes[-1][3] == len(quote_words):
        opcodes.pop()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        said = " ".join(word for _, word in excerpt_words[i1:i2])
        if tag == "delete":
            # Words of the excerpt the quotation leaves out, with no elision to say so: it parts at its next word.
            at = quote_words[j1][0] if j1 < len(quote_words) else quote_words[-1][0]
            return Verdict(False, closest, written_at(at), f"the excerpt has «{_words(said)}» here, which the quotation leaves out")
        quoted = " ".join(word for _, word in quote_words[j1:j2])
        at = written_at(quote_words[j1][0])
        if tag == "insert":
            return Verdict(False, closest, at, f"«{_words(quoted)}» is not in the excerpt")
        if i2 - i1 > j2 - j1 and (j1 == 0 or j2 == len(quote_words)):
            # At the quotation's first or last words, the passage's slack joins the change: of the excerpt's
            # words, those standing in the quotation's place are the ones next to where the two meet.
            said = " ".join(_in_place(excerpt_words[i1:i2], quote_words[j1:j2], at_start=j1 == 0))
        return Verdict(False, closest, at, f"«{_words(quoted)}» where the excerpt has «{_words(said)}»")
    return Verdict(False, closest, written_at(len(plain) - 1), "the excerpt goes on where the quotation stops")


def _in_place(excerpted: list[tuple[int, str]], quoted: list[tuple[int, str]], at_start: bool) -> list[str]:
    """The excerpt's words that a quotation's first (or last) words replace: from the one most like the
    quotation's first word (up to where the two meet), or else as many as the quotation has, next to it."""
    words = [word for _, word in excerpted]
    edge = (quoted[0] if at_start else quoted[-1])[1].lower()  # the quotation's word next to the slack
    likeness = [difflib.SequenceMatcher(None, word.lower(), edge).ratio() for word in words]
    best = max(range(len(words)), key=likeness.__getitem__)
    if likeness[best] < 0.6:  # no word like it: as many words as the quotation has, next to where they meet
        best = len(words) - len(quoted) if at_start else len(quoted) - 1
    return words[max(best, 0):] if at_start else words[:best + 1]


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
    """A few words, never cut inside one, without the punctuation around them."""
    text = text.strip().strip(_EDGE_PUNCTUATION + "\"'()!?")
    if len(text) <= limit:
        return text
    return text[:_word_start(text, limit)].rstrip() + "…"
