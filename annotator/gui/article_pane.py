"""The article pane: title and one line of metadata above the :class:`ArticleView`."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..model import Article
from .article_view import ArticleView

__all__ = ["ArticlePane"]


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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
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
        parts.append(f"{len(article.text):,} characters")
        if article.origin:
            parts.append(html.escape(article.origin.rsplit("/", 1)[-1]))
        self.meta.setText(" · ".join(parts))
