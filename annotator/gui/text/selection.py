"""Selection logic for annotating: pure functions over ``(text, start, end)`` in code points.

Kept free of Qt so that every rule is unit-tested on plain strings; the article
view converts Qt's UTF-16 positions with :class:`annotator.offsets.Utf16Map`
before and after calling these. Words are the tokens of
:func:`annotator.tokenize.tokenize` and sentences those of
:func:`annotator.tokenize.sentences`, so that what the window selects is what
export, BIO and agreement count as a word or a sentence.

Every function looks only at a window around the selection (tokens never
contain white space, and sentences never cross a line break), so a keystroke
costs the same on a 1 MB article as on a short one.
"""

from __future__ import annotations

import re
import unicodedata

from ...tokenize import Token, sentences, tokenize

__all__ = [
    "Range",
    "clause_at",
    "grow_end",
    "grow_start",
    "next_sentence",
    "previous_sentence",
    "select_clause",
    "sentence_at",
    "shrink_end",
    "shrink_start",
    "snap",
]

Range = tuple[int, int]

_MARGIN = 256  # code points of context read around a selection
_MAX_PARAGRAPH = 20_000  # a longer "paragraph" is read in a window around the position
_CLAUSE_BREAK = re.compile(r"""[,;:]+["'”’)\]]*(?=\s)|\s+[-–—]+\s+|[–—]+|[()\[\]]""")


def _is_punct(token: Token) -> bool:
    return all(unicodedata.category(ch).startswith("P") for ch in token.text)


def _window(text: str, start: int, end: int, margin: int = _MARGIN) -> Range:
    """``[lo, hi)`` around ``[start, end)`` cut at white space, where no token can be split."""
    lo, hi = max(0, start - margin), min(len(text), end + margin)
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return lo, hi


def _words(text: str, lo: int, hi: int) -> list[Token]:
    """Word tokens (not punctuation-only) of ``text[lo:hi]``, with offsets into ``text``."""
    return [Token(t.start + lo, t.end + lo, t.text) for t in tokenize(text[lo:hi]) if not _is_punct(t)]


def snap(text: str, start: int, end: int) -> Range | None:
    """Widen to whole words and drop surrounding white space and punctuation.

    ``None`` when the selection holds no word (empty, or only spaces and
    punctuation). Symbols such as ``$`` or emoji count as words.
    """
    start, end = sorted((max(0, start), min(len(text), end)))
    if start == end:
        return None
    lo, hi = _window(text, start, end, 0)
    inside = [t for t in _words(text, lo, hi) if t.end > start and t.start < end]
    if not inside:
        return None
    return _balance(text, inside[0].start, inside[-1].end)


_PAIRS = {"«": "»", "“": "”", "(": ")", "[": "]"}


def _balance(text: str, start: int, end: int) -> Range:
    """Take in the quote or bracket that closes (or opens) one left open inside the span.

    Trimming punctuation would otherwise turn ``said «NATO»`` into ``said «NATO``.
    """
    inner = text[start:end]
    for opener, closer in _PAIRS.items():
        if inner.count(opener) > inner.count(closer) and text[end : end + 1] == closer:
            end += 1
        elif inner.count(closer) > inner.count(opener) and start > 0 and text[start - 1] == opener:
            start -= 1
    if inner.count('"') % 2 == 1:
        if text[end : end + 1] == '"':
            end += 1
        elif start > 0 and text[start - 1] == '"':
            start -= 1
    return start, end


def _word_after(text: str, pos: int) -> Token | None:
    margin = _MARGIN
    while True:
        lo, hi = _window(text, pos, pos, margin)
        for token in _words(text, lo, hi):
            if token.start >= pos:
                return token
        if hi >= len(text):
            return None
        margin *= 4


def _word_before(text: str, pos: int) -> Token | None:
    margin = _MARGIN
    while True:
        lo, hi = _window(text, pos, pos, margin)
        for token in reversed(_words(text, lo, hi)):
            if token.end <= pos:
                return token
        if lo <= 0:
            return None
        margin *= 4


def _word_at_or_after(text: str, pos: int) -> Range | None:
    lo, hi = _window(text, pos, pos, 0)
    for token in _words(text, lo, hi):
        if token.start <= pos < token.end:
            return token.start, token.end
    token = _word_after(text, pos)
    return (token.start, token.end) if token else None


def grow_end(text: str, start: int, end: int) -> Range:
    """Take in the next word after the end (from a bare cursor: the word at it)."""
    if start == end:
        return _word_at_or_after(text, start) or (start, end)
    token = _word_after(text, end)
    return (start, token.end) if token else (start, end)


def grow_start(text: str, start: int, end: int) -> Range:
    """Take in the word before the start (from a bare cursor: the word at it)."""
    if start == end:
        return _word_at_or_after(text, start) or (start, end)
    token = _word_before(text, start)
    return (token.start, end) if token else (start, end)


def shrink_end(text: str, start: int, end: int) -> Range:
    """Give back the last word (and what follows it); one word always stays."""
    words = [t for t in _words(text, *_window(text, start, end, 0)) if t.start >= start and t.end <= end]
    return (start, words[-2].end) if len(words) >= 2 else (start, end)


def shrink_start(text: str, start: int, end: int) -> Range:
    """Give back the first word (and what precedes it); one word always stays."""
    words = [t for t in _words(text, *_window(text, start, end, 0)) if t.start >= start and t.end <= end]
    return (words[1].start, end) if len(words) >= 2 else (start, end)


# -- sentences ------------------------------------------------------------


def _paragraph(text: str, pos: int) -> Range:
    """The line holding ``pos`` (news text puts one paragraph per line), capped in length."""
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    hi = len(text) if hi < 0 else hi
    if hi - lo > _MAX_PARAGRAPH:
        lo, hi = _window(text, pos, pos, _MAX_PARAGRAPH // 2)
    return lo, hi


def _sentences_in(text: str, lo: int, hi: int) -> list[Range]:
    return [(s + lo, e + lo) for s, e in sentences(text[lo:hi])]


def sentence_at(text: str, pos: int) -> Range | None:
    """The sentence holding ``pos``; between sentences, the next one (else the previous)."""
    pos = max(0, min(pos, len(text)))
    lo, hi = _paragraph(text, pos)
    found = _sentences_in(text, lo, hi)
    for s, e in found:
        if pos < e:
            return s, e
    if found:
        return found[-1]
    return next_sentence(text, pos, pos)


def next_sentence(text: str, start: int, end: int) -> Range | None:
    """The first sentence beginning at or after the selection's end (or the cursor)."""
    anchor = max(start, end)
    lo, hi = _paragraph(text, min(anchor, len(text)))
    while True:
        for s, e in _sentences_in(text, lo, hi):
            if s >= anchor:
                return s, e
        if hi >= len(text):
            return None
        lo, hi = _paragraph(text, hi + 1)


def previous_sentence(text: str, start: int, end: int) -> Range | None:
    """The last sentence ending at or before the selection's start (or the cursor)."""
    anchor = min(start, end)
    lo, hi = _paragraph(text, min(anchor, len(text)))
    while True:
        for s, e in reversed(_sentences_in(text, lo, hi)):
            if e <= anchor:
                return s, e
        if lo <= 0:
            return None
        lo, hi = _paragraph(text, lo - 1)


# -- clauses --------------------------------------------------------------


def _clauses(text: str, sentence: Range) -> list[Range]:
    """Pieces of a sentence between commas, semicolons, colons, dashes and brackets."""
    s, e = sentence
    pieces, pos = [], s
    for match in _CLAUSE_BREAK.finditer(text, s, e):
        pieces.append((pos, match.start()))
        pos = match.end()
    pieces.append((pos, e))
    out = []
    for a, b in pieces:
        chunk = text[a:b]
        left = len(chunk) - len(chunk.lstrip())
        right = len(chunk.rstrip())
        if right > left and snap(text, a + left, a + right):
            out.append((a + left, a + right))
    return out


def clause_at(text: str, pos: int) -> Range | None:
    """The clause holding ``pos`` (or the next one in its sentence)."""
    sentence = sentence_at(text, pos)
    if sentence is None:
        return None
    clauses = _clauses(text, sentence)
    for a, b in clauses:
        if pos < b:
            return a, b
    return clauses[-1] if clauses else sentence


def select_clause(text: str, start: int, end: int) -> Range | None:
    """The clause at the cursor; if that clause is already selected, the one after it."""
    current = clause_at(text, start)
    if current is None:
        return None
    if (start, end) not in (current, snap(text, *current)) or start == end:
        return current
    sentence = sentence_at(text, start)
    assert sentence is not None
    for a, b in _clauses(text, sentence):
        if a >= current[1]:
            return a, b
    following = next_sentence(text, start, sentence[1])
    return _clauses(text, following)[0] if following and _clauses(text, following) else current
