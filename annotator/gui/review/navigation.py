"""Which articles and annotators the review window offers, as a mixin of :class:`ReviewWindow`.

Kept apart from the decisions because it answers *where* the reviewer works:
the articles two or more chosen annotators worked on (the article box, next
and previous article, the next one not yet adjudicated) and which annotators
are chosen. It reads the article list once per change of annotators (one
store query per annotator, no texts), not once per article.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction

from ...adjudication import GOLD
from ...agreement.corpus import human_annotators
from ...model import Status
from ..safekeeping.read_guard import guarded

if TYPE_CHECKING:
    from .window import ReviewWindow

    _Base = ReviewWindow
else:
    _Base = object

__all__ = ["ReviewNavigation"]


class ReviewNavigation(_Base):
    """Articles to review and the annotators compared."""

    presence: dict[int, set[str]]  # article id -> chosen annotators who worked on it
    adjudicated: set[int]
    reviewable: list[int]

    @guarded("the articles to review")
    def scan_articles(self) -> None:
        """Who worked on what, which articles are adjudicated; refill the article box and menu."""
        rows = self.store.articles()
        self.presence = {}
        for name in self.chosen:
            for row in self.store.articles(name):
                if row.span_count or row.status is Status.DONE:
                    self.presence.setdefault(row.id, set()).add(name)
        self.adjudicated = set()
        if GOLD in self.store.annotators():  # asking for gold's statuses would create the gold annotator
            self.adjudicated = {r.id for r in self.store.articles(GOLD) if r.status is Status.DONE}
        self._titles = {r.id: r.title for r in rows}
        self.reviewable = [r.id for r in rows if len(self.presence.get(r.id, ())) >= 2]
        self._fill_article_box()
        self._fill_annotator_menu()

    def _fill_article_box(self) -> None:
        box = self.article_box
        box.blockSignals(True)
        box.clear()
        shown = list(self.reviewable)
        current = self.article_id
        if current is not None and current not in shown:
            shown = sorted([*shown, current])
        for article_id in shown:
            box.addItem(self._box_text(article_id), article_id)
        box.blockSignals(False)
        if current is not None:
            self.show_in_box(current)

    def _box_text(self, article_id: int) -> str:
        mark = "✓" if article_id in self.adjudicated else "  "
        title = self._titles.get(article_id, str(article_id))
        return f"{mark} {title[:90]}"

    def show_in_box(self, article_id: int | None) -> None:
        """Select the article in the box and refresh its ✓."""
        row = self.article_box.findData(article_id)
        if row >= 0:
            self.article_box.setItemText(row, self._box_text(article_id))  # type: ignore[arg-type]
            self.article_box.setCurrentIndex(row)

    def step_article(self, step: int) -> None:
        """Next (1) or previous (-1) article in the box."""
        row = self.article_box.currentIndex() + step
        if 0 <= row < self.article_box.count():
            self.open_article(self.article_box.itemData(row))
        else:
            self.message("No further article in that direction.")

    def next_unadjudicated(self) -> bool:
        """Open the next reviewable article not yet adjudicated (wrapping); ``False`` if none is left."""
        ids = self.reviewable
        here = ids.index(self.article_id) if self.article_id in ids else -1
        for k in range(1, len(ids) + 1):
            candidate = ids[(here + k) % len(ids)]
            if candidate not in self.adjudicated and candidate != self.article_id:
                self.open_article(candidate)
                return True
        return False

    # -- annotators ----------------------------------------------------------------------

    def _fill_annotator_menu(self) -> None:
        # One menu, shown by the toolbar button and in the menu bar (Alt+A), so the keyboard reaches it too.
        menu = self.annotator_menu
        menu.clear()
        for name in self._all_humans() or []:
            action = QAction(name, menu)
            action.setCheckable(True)
            action.setChecked(name in self.chosen)
            action.toggled.connect(lambda on, n=name: self._toggle_annotator(n, on))
            menu.addAction(action)
        self.annotator_button.setText(f"Annotators: {', '.join(self.chosen) or 'none'} ▾")

    @guarded("the annotators to compare")
    def _all_humans(self) -> list[str]:
        return human_annotators(self.store, with_work=True)

    def _toggle_annotator(self, name: str, on: bool) -> None:
        chosen = [n for n in self._all_humans() or [] if (n in self.chosen or n == name) and (on or n != name)]
        # Later: the menu is refilled, which deletes the action whose signal is being delivered now.
        QTimer.singleShot(0, lambda: self.set_annotators(chosen))

    def set_annotators(self, names: list[str]) -> None:
        """Compare these annotators (two or more) from now on."""
        if len(names) < 2:
            self.message("Review needs at least two annotators.")
            self._fill_annotator_menu()
            return
        self.chosen = list(names)
        here = self.article_id
        self.scan_articles()
        target = here if here is not None else (self.reviewable[0] if self.reviewable else None)
        self.open_article(target)
