"""Where the annotator was in an article: selection, caret and the line at the top of the view.

Re-reading an article (a saved note, F5, coming back to the window, a label
change, showing everyone's spans) must not throw the place away, and neither
must leaving an article and coming back to it, in the same run or after a
restart. A place is kept in code points of the stored text (what the store
speaks), so it survives a re-layout at another width or zoom: the view is
scrolled back so that the same character heads it, plus the pixels it was
scrolled past that line's top.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["ReadingPlace", "decode_places", "encode_places", "KEEP_PLACES"]

KEEP_PLACES = 300  # articles whose place the settings file remembers, most recent kept


class ReadingPlace(NamedTuple):
    """A selection ``[anchor, caret]``, the character heading the view and the pixels scrolled past its line."""

    anchor: int
    caret: int
    top: int
    offset: int = 0


def encode_places(places: dict[int, ReadingPlace]) -> str:
    """``id:anchor:caret:top:offset`` entries, oldest first, at most :data:`KEEP_PLACES`."""
    recent = list(places.items())[-KEEP_PLACES:]
    return ";".join(f"{aid}:{p.anchor}:{p.caret}:{p.top}:{p.offset}" for aid, p in recent)


def decode_places(text: str) -> dict[int, ReadingPlace]:
    """The places :func:`encode_places` wrote; entries that do not read are skipped."""
    places: dict[int, ReadingPlace] = {}
    for entry in text.split(";"):
        try:
            aid, anchor, caret, top, offset = (int(x) for x in entry.split(":"))
        except ValueError:
            continue
        if min(anchor, caret, top) >= 0:
            places[aid] = ReadingPlace(anchor, caret, top, offset)
    return places
