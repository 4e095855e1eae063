"""The article pane: title and one line of metadata above the :class:`ArticleView`.

Above them, hidden until needed, a notice that the database is damaged and
what cannot be read from it (see :mod:`read_guard`).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...model import Article
from ...words import plural
from ..text.article_view import ArticleView

__all__ = ["ArticlePane"]

_NOTICE = "background: #fadbd8; color: #641e16; border: 1px solid #e6b0aa; border-radius: 3px; padding: 4px 8px"


class ArticlePane(QWidget):
    """Title and metadata above the article view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setOpenExternalLinks(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.view = ArticleView()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(_NOTICE)
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.notice)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.view, 1)

    def show_header(self, article: Article | None) -> None:
        """Title and one line of metadata (source, date, link, length)."""
        if article is None:
            self.title.setText("No article")
            self.meta.setText("Import articles with File ▸ Import.")
            return
        self.title.setText(article.title or "(untitled)")
        parts = [html.escape(p) for p in (article.source, article.published) if p]
        if article.url:
            parts.append(f"<a href='{html.escape(article.url, quote=True)}'>{html.escape(article.url)}</a>")
        parts.append(plural(len(article.text), "character"))
        if article.origin:
            parts.append(html.escape(article.origin.rsplit("/", 1)[-1]))
        if article.unreadable_meta is not None:  # shown as stored, never parsed: nothing of it is lost
            raw = article.unreadable_meta
            raw = raw if len(raw) <= 120 else raw[:119] + "…"
            parts.append(
                f"metadata is not valid JSON (another program wrote it), stored text: <code>{html.escape(raw)}</code>"
            )
        self.meta.setText(" · ".join(parts))

    def show_unreadable(self, name: str) -> None:
        """The header of an article whose text or spans cannot be read."""
        self.title.setText(f"{name[:1].upper()}{name[1:]} cannot be read")
        self.meta.setText(
            "Its text or its spans lie on a damaged page of the database. "
            "The other articles can still be read and tagged."
        )

    def show_notice(self, text: str) -> None:
        """The damaged-database notice above the article (empty: hidden)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
