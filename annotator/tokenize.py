"""Word and punctuation tokens with code-point offsets, shared by BIO export and agreement.

A deliberately simple, deterministic rule (no model to download): a token is
a run of word characters (letters, digits, combining marks, joined by internal
apostrophes and hyphens), an initialism such as "U.S." or a title such as "Mr." or any other
single non-space character. Emoji ZWJ sequences and flags stay whole.
"""

from __future__ import annotations

import re
from functools import partial
from itertools import accumulate, chain
from operator import itemgetter
from typing import NamedTuple

__all__ = ["Token", "sentences", "token_columns", "tokenize"]

# A word: letters and digits, with combining marks, joined by internal apostrophes and hyphens.
# Possessive (no backtracking): nothing that follows a word can give a character back to it.
_WORD = r"(?:[^\W_]++|[\u0300-\u036f]++)++(?:['’\-](?:[^\W_]++|[\u0300-\u036f]++)++)*+"
_TOKEN = re.compile(
    r"""
    (?:[^\W\d_]\.){2,}                                                                      # initialisms: U.S., U.N.
    | (?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Sgt|Capt|Gov|Sen|Rep|St|Jr|Sr|vs|etc)\.                   # titles
    | \d+(?:[.,:]\d+)+                                                                        # 3.5, 100,000, 10:30
    | WORD                                                                                   # words, don't, Kyiv-based
    | (?:[\U0001F1E6-\U0001F1FF]{2})                                                       # flags
    | (?:\S[\uFE0F\U0001F3FB-\U0001F3FF]?(?:\u200D\S[\uFE0F\U0001F3FB-\U0001F3FF]?)+)      # ZWJ sequences
    | \S[\u0300-\u036f\uFE0F]*                                                             # anything else, one char
    """.replace("WORD", _WORD),
    re.VERBOSE,
)
# The same tokens, found faster, with the white space before each: a word not followed by ".", ","
# or ":" is tried first (an initialism, title or number always is: "U.", "Mr.", "3."), and every
# non-space character belongs to a token, so the gaps are white space and findall's pieces, laid
# end to end, give every offset.
_GAP_TOKEN = re.compile(rf"(\s*+)({_WORD}(?![.,:])|{_TOKEN.pattern})", re.VERBOSE)
# A sentence ends at . ! ? or … (with any more of them and closing quotes or brackets) before white
# space, or at a line break: [.!?…]+["'”’)\]]*(?=\s)|\n, written to start with one character class
# so that the regex engine skips ahead to the candidates (five times faster on long articles).
_SENTENCE_END = re.compile(r"""[.!?…\n](?:(?<=\n)|[.!?…]*["'”’)\]]*(?=\s))""")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[^\W\d_]\.){2,}|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Sgt|Capt|Gov|Sen|Rep|St|Jr|Sr|vs|etc)\.)$"
)


class Token(NamedTuple):
    """A token's ``[start, end)`` in code points and its text."""

    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` in order; ``text[t.start:t.end] == t.text`` always."""
    return list(map(_token, zip(*token_columns(text))))


def token_columns(text: str) -> tuple[list[int], list[int], list[str]]:
    """The tokens of :func:`tokenize` as three lists, starts, ends and texts (what bulk exports need)."""
    pieces = _GAP_TOKEN.findall(text)  # [(white space, token), ...]: no match object per token
    offsets = list(accumulate(map(len, chain.from_iterable(pieces)), initial=0))
    return offsets[1::2], offsets[2::2], list(map(itemgetter(1), pieces))


_token = partial(tuple.__new__, Token)  # millions per export: no keyword handling


def sentences(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence, trimmed of surrounding white space.

    Ends at ., ! or ? followed by white space (with closing quotes kept), and at
    line breaks: news text puts one paragraph per line.
    """
    bounds: list[tuple[int, int]] = []
    pos = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group() == "." and _ABBREVIATION.search(text, max(0, match.start() - 12), match.end()):
            continue
        bounds.append((pos, match.end()))
        pos = match.end()
    bounds.append((pos, len(text)))
    trimmed = []
    for start, end in bounds:
        chunk = text[start:end]
        left = len(chunk) - len(chunk.lstrip())
        right = len(chunk.rstrip())
        if right > left:
            trimmed.append((start + left, start + right))
    return trimmed
