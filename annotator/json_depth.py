"""How deeply JSON nests, measured without recursion.

Python's JSON parser and ``json.dumps`` recurse once per level, so a record
of a few thousand nested arrays raises ``RecursionError`` in one place and not
in another (it depends on how deep the caller's stack already is). Nothing we
store needs more than a few levels, so anything deeper than :data:`MAX_DEPTH`
is refused where it comes in (an import, a merge), with a message that says
so, and nothing deeper ever reaches the store or an export.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["MAX_DEPTH", "TOO_DEEP", "deep_spots", "too_deep"]

MAX_DEPTH = 100
"""Most levels of nested arrays and objects a record (or an article's metadata) may have."""

TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep (arrays or objects inside each other; the limit is {MAX_DEPTH})"

_SPECIAL = re.compile(r'["\\\[\]{}]')


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether a parsed JSON value nests more than ``limit`` arrays and objects (walked, not recursed)."""
    level = [value] if isinstance(value, (dict, list, tuple)) else []
    depth = 1
    while level:  # one level of containers at a time: a record's long flat lists cost one pass each
        if depth > limit:
            return True
        inner: list[Any] = []
        for item in level:
            children: Iterable[Any] = item.values() if isinstance(item, dict) else item
            inner += [child for child in children if isinstance(child, (dict, list, tuple))]
        level, depth = inner, depth + 1
    return False


def deep_spots(text: str, limit: int = MAX_DEPTH, base: int = 0) -> list[tuple[int, int, int]]:
    """``(start, first_too_deep, end)`` of each value in ``text`` that nests deeper than ``limit``.

    Values are those at level ``base`` (0: the document itself; 1: the
    elements of a top-level array), so that a JSON array's records can be
    refused one by one. ``end`` is the offset after the value, or ``len(text)``
    when it never closes. Strings are skipped, escapes included.
    """
    if text.count("[") + text.count("{") <= limit:
        return []  # cannot nest deeper than it has brackets
    spots: list[tuple[int, int, int]] = []
    depth, in_string, skip, start, bad = 0, False, -1, 0, -1
    for match in _SPECIAL.finditer(text):
        pos = match.start()
        char = text[pos]
        if pos == skip:
            continue
        if in_string:
            if char == "\\":
                skip = pos + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            if depth == base:
                start = pos
            depth += 1
            if depth - base > limit and bad < 0:
                bad = pos
        elif char in "]}":
            depth -= 1
            if depth == base and bad >= 0:
                spots.append((start, bad, pos + 1))
                bad = -1
    if bad >= 0:
        spots.append((start, bad, len(text)))
    return spots
