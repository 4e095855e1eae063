"""Where the annotator was in an article: selection, caret and the line at the top of the view.

Re-reading an article (a saved note, F5, coming back to the window, a label
change, showing everyone's spans) must not throw the place away, and neither
must leaving an article and coming back to it, in the same run or after a
restart. A place is kept in code points of the stored text (what the store
speaks), so it survives a re-layout at another width or zoom: the view is
scrolled back so that the same character heads it, plus the pixels it was
scrolled past that line's top. :class:`PlaceMemory` is the main window's
part of it: noting the place on leaving an article, going back to it on opening.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ..annotate.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object

__all__ = ["KEEP_PLACES", "PlaceMemory", "ReadingPlace", "decode_places", "encode_places"]

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


class PlaceMemory(_Base):
    """Remembering and restoring the place in each article, for :class:`MainWindow`."""

    def remember_place(self) -> None:
        """Note where the open article is (selection, caret, scroll), for its next opening."""
        doc = self.doc
        if doc is None or self._place_pending:
            return
        anchor, caret, top, offset = self.view.place16()
        place = ReadingPlace(doc.umap.from_utf16(anchor), doc.umap.from_utf16(caret), doc.umap.from_utf16(top), offset)
        self.places.pop(doc.id, None)  # most recent last: the settings file keeps the newest
        self.places[doc.id] = place
        self.settings.set_places(self.store.path, self.places)

    def _go_to_place(self, chosen: int | None = None) -> None:
        place = self.places.get(self.doc.id) if self.doc is not None else None
        if place is None:
            return
        if not self.view.isVisible():
            self._place_pending = True  # laid out at its real width once shown (showEvent)
            return
        self._place_pending = False
        umap = self.doc.umap
        anchor, caret, top = (umap.to_utf16(min(cp, umap.length)) for cp in place[:3])
        self.view.go_to16(anchor, caret, top, place.offset, chosen)
        if self.view.selected_span is not None:
            self.panel.select_row_of(self.view.selected_span)
