"""Find in the open article: a bar under the text, matches outlined, the current one selected.

``Ctrl+F`` opens the bar (with the selected words, if any, to look for);
typing looks from where the caret is; ``Enter`` / ``F3`` go to the next match,
``Shift+Enter`` / ``Shift+F3`` to the previous one, wrapping at the ends;
``Esc`` closes the bar and gives the article the keys back, with the match
still selected, so that a label key tags it. With no match (or an emptied
query) the selection goes back to what it was before the find began, as in a
browser, so a label key never tags a prefix match one did not look for.
Matching ignores case and counts in code points of the stored text, like every span.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from .article_view import ArticleView

__all__ = ["MAX_MATCHES", "FindBar"]

MAX_MATCHES = 100_000  # matches counted for "n of m"; beyond that the count says "more than"

_OWN_KEYS = (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _FindEdit(QLineEdit):
    """A line that keeps Esc and Enter for itself (the window binds Esc to clearing the selection)."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and event.key() in _OWN_KEYS:
            event.accept()
            return True
        return super().event(event)


class FindBar(QWidget):
    """The find bar of one :class:`ArticleView`."""

    def __init__(self, view: ArticleView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.edit = _FindEdit()
        self.edit.setPlaceholderText("Find in the article")
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        for text, tip, slot in (
            ("▲", "Previous match (Shift+Enter, Shift+F3)", lambda: self.step(-1)),
            ("▼", "Next match (Enter, F3)", lambda: self.step(1)),
            ("✕", "Close (Esc)", self.close_bar),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(slot)
            layout.addWidget(button)
        self._pattern: re.Pattern[str] | None = None
        self._starts: list[int] = []  # code-point starts of every match, in order
        # (article id, chosen span, start16, end16) when the find began
        self._before: tuple[int, int | None, int, int] | None = None
        self._ends: list[int] = []
        self.edit.textChanged.connect(self._query_changed)
        self.edit.installEventFilter(self)
        self.hide()

    # -- opening and closing ----------------------------------------------------

    def _remember_selection(self) -> None:
        """Keep the selection (or chosen span) as it was before this find, to go back to without a match."""
        if not self.isVisible() and self.view.article is not None:
            self._before = (self.view.article.id, self.view.selected_span, *self.view.selection16())

    def _restore_selection(self) -> None:
        """Back to the selection before the find (no match, or nothing to look for)."""
        if self._before is None or self.view.article is None or self._before[0] != self.view.article.id:
            return
        _article, span_id, start, end = self._before
        if span_id is not None and span_id in self.view.article.spans:
            self.view.select_span(span_id)
        elif self.view.selection16() != (start, end):
            self.view.select16(start, end)

    def open(self) -> None:
        """Show the bar with the keys in it; the selected words, if short, become the query."""
        self._remember_selection()
        doc = self.view.article
        start, end = self.view.selection16()
        if doc is not None and start < end and self.view.selected_span is None:
            words = doc.text[slice(*doc.to_cp(start, end))]
            if len(words) <= 100 and "\n" not in words:
                self.edit.setText(words)
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self._recount()

    def close_bar(self) -> None:
        """Hide the bar and its outlines; the article has the keys again, the match still selected."""
        if not self._starts:
            self._restore_selection()
        self._before = None
        self.hide()
        self.view.set_find(None)
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
                return True
        return False

    # -- searching ----------------------------------------------------------------

    def article_changed(self) -> None:
        """Another article opened (or the same one re-read): count its matches."""
        if self.isVisible():
            self._recount()

    def _query_changed(self, _text: str) -> None:
        self._recount()
        doc = self.view.article
        if doc is None or not self._starts:
            self._restore_selection()  # the last prefix match is not what is looked for now
            return
        here = doc.to_cp(*self.view.selection16())[0]  # typing looks on from where the caret is
        k = bisect_left(self._starts, here)
        self._show(k % len(self._starts))

    def _recount(self) -> None:
        query = self.edit.text()
        doc = self.view.article
        self._pattern = re.compile(re.escape(query), re.IGNORECASE) if query else None
        self._starts, self._ends = [], []
        if self._pattern is not None and doc is not None:
            for match in self._pattern.finditer(doc.text):
                if len(self._starts) >= MAX_MATCHES or match.end() == match.start():
                    break
                self._starts.append(match.start())
                self._ends.append(match.end())
        self.view.set_find(self._pattern if self.isVisible() else None)
        self._say(None)

    def step(self, direction: int) -> None:
        """The next (1) or previous (-1) match after (before) the selection, wrapping round."""
        if not self.edit.text():
            self.open()
            return
        if not self.isVisible():  # F3 after the bar was closed: the same query, the keys stay in the text
            self._remember_selection()
            self.show()
            self._recount()
        doc = self.view.article
        if doc is None or not self._starts:
            self._say(None)
            return
        start, end = doc.to_cp(*self.view.selection16())
        if direction > 0:  # a match starting after the selection's start (at the bare caret, on it)
            k = bisect_right(self._starts, start) if end > start else bisect_left(self._starts, start)
        else:
            k = bisect_left(self._starts, start) - 1
        self._show(k % len(self._starts))

    def _show(self, k: int) -> None:
        doc = self.view.article
        assert doc is not None
        self.view.select16(*doc.to_utf16(self._starts[k], self._ends[k]))
        self._say(k)

    def _say(self, k: int | None) -> None:
        n = len(self._starts)
        if not self.edit.text():
            self.count.setText("")
        elif n == 0:
            self.count.setText("no match")
        else:
            total = f"more than {n:,}" if n >= MAX_MATCHES else f"{n:,}"
            self.count.setText(f"{k + 1:,} of {total}" if k is not None else f"{total} match{'es' if n != 1 else ''}")
