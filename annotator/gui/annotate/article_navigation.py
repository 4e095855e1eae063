"""Moving between articles and finishing them, as a mixin of the main window.

The *current* article is the one the list shows as open: normally the open
:class:`OpenArticle`, but also an article whose text cannot be read (a
damaged page), so that the next and previous keys step past it instead of
trying it again and again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import Status

if TYPE_CHECKING:
    from .main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object

__all__ = ["UNFINISHED", "ArticleNavigation"]

UNFINISHED = (Status.TODO, Status.IN_PROGRESS)


class ArticleNavigation(_Base):
    """Next, previous and next unfinished article; done and skipped, for :class:`MainWindow`."""

    unreadable_id: int | None = None  # the current article, when its text could not be read

    @property
    def current_id(self) -> int | None:
        """The article the window is on: open, or chosen but unreadable."""
        return self.doc.id if self.doc is not None else self.unreadable_id

    def article_name(self, article_id: int) -> str:
        """``article 3 “Title”``, from the list (which holds titles, not texts)."""
        model = self.articles.model
        row = model.row_of(article_id)
        title = model.row(row).title if row is not None else ""
        return f"article {article_id} “{title}”" if title else f"article {article_id}"

    def _first_article(self) -> int | None:
        model = self.articles.model
        for row in range(model.rowCount()):
            if model.row(row).status in UNFINISHED:
                return model.row(row).id
        return model.row(0).id if model.rowCount() else None

    def set_status(self, status: Status) -> None:
        if self.doc is not None:
            self.ops.set_status(self.doc.id, status)

    def mark_done(self, status: Status = Status.DONE) -> None:
        """Mark the article done (or skipped) and open the next unfinished one."""
        if self.doc is None:
            return
        if self.ops.set_status(self.doc.id, status) is not None:
            self.next_unfinished()

    def next_unfinished(self) -> None:
        """The next article in the list that is neither done nor skipped."""
        model = self.articles.model
        n = model.rowCount()
        current = self.current_id
        here = model.row_of(current) if current is not None else None
        first = 0 if here is None else here + 1
        for k in range(n):
            row = model.row((first + k) % n)
            if row.status in UNFINISHED and row.id != current:
                self.open_article(row.id)
                return
        self.message("Every article in the list is done or skipped.")

    def step_article(self, step: int) -> None:
        """Next (1) or previous (-1) article in the list."""
        model = self.articles.model
        current = self.current_id
        here = model.row_of(current) if current is not None else None
        row = 0 if here is None else here + step
        if 0 <= row < model.rowCount():
            self.open_article(model.row(row).id)
