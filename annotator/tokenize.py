"""Word and punctuation tokens with code-point offsets, shared by BIO export and agreement.

A deliberately simple, deterministic rule (no model to download): a token is
a run of word characters (letters, digits, combining marks, joined by internal
apostrophes and hyphens), an initialism such as "U.S." or a title such as "Mr." or any other
single non-space character. Emoji ZWJ sequences and flags stay whole.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Token", "sentences", "tokenize"]

_TOKEN = re.compile(
    r"""
    (?:[^\W\d_]\.){2,}                                                                      # initialisms: U.S., U.N.
    | (?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Sgt|Capt|Gov|Sen|Rep|St|Jr|Sr|vs|etc)\.                   # titles
    | \d+(?:[.,:]\d+)+                                                                        # 3.5, 100,000, 10:30
    | (?:[^\W_]|[\u0300-\u036f])+(?:['’\-](?:[^\W_]|[\u0300-\u036f])+)*                      # words, don't, Kyiv-based
    | (?:[\U0001F1E6-\U0001F1FF]{2})                                                       # flags
    | (?:\S[\uFE0F\U0001F3FB-\U0001F3FF]?(?:\u200D\S[\uFE0F\U0001F3FB-\U0001F3FF]?)+)      # ZWJ sequences
    | \S[\u0300-\u036f\uFE0F]*                                                             # anything else, one char
    """,
    re.VERBOSE,
)
_SENTENCE_END = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s)|\n""")
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
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


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
