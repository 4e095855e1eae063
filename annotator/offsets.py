"""Code points <-> UTF-16 code units, and nothing else.

The store counts offsets in Unicode code points (Python ``str`` indices); Qt's
``QTextCursor`` and older Label Studio exports count UTF-16 code units. Every
conversion in the application goes through this module so that a character
outside the Basic Multilingual Plane (emoji, many CJK ideographs) is never
counted twice in one place and once in another.
"""

from __future__ import annotations

import re
from bisect import bisect_right

__all__ = ["Utf16Map", "from_utf16", "to_utf16", "utf16_length"]

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units."""
    return len(text) + len(_ASTRAL.findall(text))


class Utf16Map:
    """Converts offsets for one text in O(log n), after one O(n) scan.

    Only the positions of astral characters (each 2 UTF-16 units) are kept, so
    a plain-BMP article costs one scan and an empty list.
    """

    __slots__ = ("_astral", "_astral_utf16", "length", "utf16_length")

    def __init__(self, text: str) -> None:
        astral = [m.start() for m in _ASTRAL.finditer(text)]  # ~10x faster than a Python loop
        self._astral = astral
        # UTF-16 position of each astral character's first unit.
        self._astral_utf16 = [cp + n for n, cp in enumerate(astral)]
        self.length = len(text)
        self.utf16_length = len(text) + len(astral)

    def to_utf16(self, cp: int) -> int:
        """UTF-16 position of code point offset ``cp``."""
        return cp + bisect_right(self._astral, cp - 1)

    def from_utf16(self, pos: int) -> int:
        """Code point offset of UTF-16 position ``pos``.

        A position inside a surrogate pair (which Qt can report mid-drag) is
        rounded down to the start of that character.
        """
        n = bisect_right(self._astral_utf16, pos - 1)
        if n and self._astral_utf16[n - 1] == pos - 1:
            return pos - n  # low surrogate: round down to the pair's start
        return pos - n


def to_utf16(text: str, cp: int) -> int:
    """UTF-16 position of code point offset ``cp`` in ``text``."""
    return Utf16Map(text).to_utf16(cp)


def from_utf16(text: str, pos: int) -> int:
    """Code point offset of UTF-16 position ``pos`` in ``text``."""
    return Utf16Map(text).from_utf16(pos)
