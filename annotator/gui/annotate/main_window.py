"""The annotation window: article list, article, tag panel, status bar.

The window turns gestures into :class:`Operations` calls and applies the
changes those report to its views, one span at a time: the open article's
:class:`OpenArticle`, the span list, the label counts and one row of the
article list. Nothing here runs SQL; reads go through ``Store`` methods.
What the File, View, Labels and Help menus do lives in :mod:`window_menus`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
)

from ...model import Span, Status
from ...paths import resources_dir
from ...store import Store, StoreError
from ...words import plural
from ..common.dialogs import NoteDialog, resize_to_fit
from ..common.keys import held_keys
from ..common.reading_place import PlaceMemory
from ..common.settings import Settings
from ..common.text_field_keys import WindowKeysFirst
from ..safekeeping.read_guard import ReadGuard, guarded
from ..safekeeping.recovery import restore_into
from ..safekeeping.safety import SafetyNet, refresh, saved_state
from ..text import selection
from ..text.article_view import ArticleView
from ..text.document import OpenArticle
from ..text.find_bar import FindBar
from .actions import build_menus, rebuild_label_actions
from .article_list import ArticleListPanel
from .article_navigation import ArticleNavigation
from .article_pane import ArticlePane
from .operations import Operations, SpanChange
from .pane_splitter import SIDE_MINIMUM, PaneSplitter
from .review_menu import ReviewCommands
from .span_navigation import SpanNavigation
from .tag_panel import TagPanel
from .window_menus import MenuCommands

__all__ = ["MainWindow", "app_icon", "pane_sizes"]


def pane_sizes(width: int) -> list[int]:
    """Article list, article and tag panel widths for a first start ``width`` px wide.

    The side panes take a share of a narrow window instead of their full
    width, so that at 1024 px the article is the widest of the three.
    """
    listing = min(max(width * 22 // 100, 200), 360)
    panel = min(max(width * 24 // 100, 250), 340)
    return [listing, max(width - listing - panel, 200), panel]


def app_icon() -> QIcon:
    """The application icon from ``resources/``."""
    return QIcon(str(resources_dir() / "annotator.svg"))


class MainWindow(ReviewCommands, MenuCommands, ArticleNavigation, SpanNavigation, PlaceMemory, QMainWindow):
    """One annotator working through the articles of one database."""

    def __init__(self, store: Store, settings: Settings, annotator: str) -> None:
        super().__init__()
        self.settings = settings
        self.ops = Operations(store, annotator, self)
        # Every read that fails (a damaged page) ends here, not in the event loop: see read_guard.
        self.reads = ReadGuard(self, lambda: self.store, self.message, lambda backup: restore_into(self, backup))
        self.doc: OpenArticle | None = None
        self.places = settings.places(store.path)
        self._place_pending = False
        self._splitter_restored = False
        self.setWindowIcon(app_icon())
        self._build()
        self.actions_ = build_menus(self)
        self.ops.held_keys = lambda: held_keys(self.actions_.by_name)
        self._window_keys = WindowKeysFirst(lambda: self.actions_.by_name.values(), self)
        for field in (self.articles.search, self.find_bar.edit):
            field.installEventFilter(self._window_keys)
        self._connect()
        self.pane.view.set_point_size(settings.point_size)
        self.pane.view.set_snap(settings.snap)
        self.pane.view.set_label_names(settings.label_names)
        self.panel.show_annotators(settings.show_all)
        self._style_selection()
        self.reload_labels()
        self.reload_articles()
        self._restore_layout()
        self._update_title()
        self.open_article(self._start_article())
        self.safety = SafetyNet(self)  # backups, read-only notice, refresh on return

    # -- building -----------------------------------------------------------

    def _build(self) -> None:
        self.articles = ArticleListPanel()
        self.pane = ArticlePane()
        self.find_bar = FindBar(self.pane.view)
        # The span list follows the chosen span just after the article is repainted: a tag is
        # highlighted first, and the list's row (a table repaint) comes in the next frame.
        self._row_follows = QTimer(self)
        self._row_follows.setSingleShot(True)
        self._row_follows.setInterval(0)
        self._row_follows.timeout.connect(lambda: self.panel.select_row_of(self.view.selected_span))
        self.pane.layout().addWidget(self.find_bar)
        self.panel = TagPanel()
        self.splitter = PaneSplitter()
        for widget, stretch in ((self.articles, 0), (self.pane, 1), (self.panel, 0)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.pane.setMinimumWidth(320)  # a squeezed window takes room from the side panes first
        for side in (self.articles, self.panel):
            side.setMinimumWidth(SIDE_MINIMUM)  # else their size hints (~400 px) outweigh the article
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setCollapsible(0, True)  # the list can be dragged shut for a wider article
        self.splitter.setSizes(pane_sizes(1340))
        self.setCentralWidget(self.splitter)
        bar = self.statusBar()
        self.who = QLabel()
        self.position = QLabel()
        self.span_count = QLabel()
        self.saved = QLabel()
        for label in (self.who, self.position, self.span_count, self.saved):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)
        self._set_saved(True, "")
        resize_to_fit(self, 1340, 820)

    def _connect(self) -> None:
        self.ops.spans_changed.connect(self._on_spans_changed)
        self.ops.status_changed.connect(self._on_status_changed)
        self.ops.labels_changed.connect(self._on_labels_changed)
        self.ops.saved.connect(self._set_saved)
        self.ops.failed.connect(self._on_failed)
        self.reads.damaged.connect(self.pane.show_notice)
        self.ops.outdated.connect(lambda: refresh(self, labels=False))
        self.articles.filter_changed.connect(self.reload_articles)
        self.articles.article_chosen.connect(self.open_article)
        self.articles.done_here.connect(lambda: self.view.setFocus(Qt.FocusReason.OtherFocusReason))
        self.panel.label_clicked.connect(self.apply_label)
        self.panel.span_activated.connect(self.choose_span)
        self.panel.span_current.connect(lambda span_id: self.choose_span(span_id, focus=False))
        self.pane.view.span_clicked.connect(self.choose_span)
        self.pane.view.selectionChanged.connect(self._choice_may_have_gone)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.pane.view, context=Qt.ShortcutContext.WidgetShortcut)
            enter.activated.connect(self.edit_note)

    # -- properties -----------------------------------------------------------

    @property
    def store(self) -> Store:
        return self.ops.store

    @property
    def annotator(self) -> str:
        return self.ops.annotator

    @property
    def view(self) -> ArticleView:
        return self.pane.view

    # -- loading --------------------------------------------------------------

    @guarded("the label scheme")
    def reload_labels(self) -> None:
        """Re-read the scheme: buttons, keys, colours."""
        active = self.store.labels.all()
        colors = {lab.name: lab.color for lab in self.store.labels.all(include_retired=True)}
        self.panel.set_labels(active)
        self.panel.spans.set_colors(colors)
        self.view.set_label_colors(colors)
        rebuild_label_actions(self, self.actions_, active)
        if self.doc is not None:
            self.panel.set_counts(self.doc.counts)

    @guarded(
        lambda self: (
            "the article list"
            + (f" filtered by “{self.articles.search_text()}”" if self.articles.search_text() else "")
        )
    )
    def reload_articles(self) -> None:
        """Re-query the article list with the current filters (no texts are loaded)."""
        rows = self.store.articles(
            self.annotator, status=self.articles.status_filter(), search=self.articles.search_text()
        )
        self.articles.set_rows(rows)
        self.articles.show_current(self.current_id)
        self._update_status()

    def _start_article(self) -> int | None:
        """Where the last session on this database left off, else the first unfinished article."""
        last = self.settings.last_article(self.store.path)
        if last is not None and self.articles.model.row_of(last) is not None:
            return last
        return self._first_article()

    def open_article(self, article_id: int | None, *, force: bool = False) -> None:
        """Show an article with the spans this view shows (own, or everyone's), where it was left.

        Re-reading the open article (``force``) keeps the selection, the chosen
        span and the scroll position; another article opens at its own place.
        """
        if not force and article_id is not None and self.current_id == article_id:
            return
        chosen = self.view.selected_span if self.doc is not None and self.doc.id == article_id else None
        self.remember_place()
        self.doc = self._load(article_id) if article_id is not None else None
        self.unreadable_id = article_id if self.doc is None else None
        if self.unreadable_id is not None:
            self.pane.show_unreadable(self.article_name(self.unreadable_id))
        else:
            self.pane.show_header(self.doc.article if self.doc else None)
        self.view.set_article(self.doc)
        self.panel.spans.set_spans(list(self.doc.spans.values()) if self.doc else [])
        self.panel.set_counts(self.doc.counts if self.doc else {})
        self.articles.show_current(article_id)
        if self.doc is not None:
            self.settings.set_last_article(self.store.path, self.doc.id)
            self._go_to_place(chosen)
        self.find_bar.article_changed()
        self._update_status()

    @guarded(lambda self, article_id: self.article_name(article_id))
    def _load(self, article_id: int) -> OpenArticle:
        annotators = None if self.settings.show_all else [self.annotator]
        return OpenArticle.load(self.store.article(article_id), self.store.spans(article_id, annotators))

    # -- annotating -------------------------------------------------------------

    def message(self, text: str) -> None:
        """A short note in the status bar."""
        self.statusBar().showMessage(text, 5000)

    def _mine(self, span: Span) -> bool:
        if span.annotator != self.annotator:
            self.message(f"That span is {span.annotator}'s; you can change only your own.")
            return False
        return True

    def apply_label(self, name: str) -> None:
        """Tag the selection with ``name``, or relabel the chosen span."""
        doc = self.doc
        if doc is None:
            return
        if self.view.selected_span is not None:
            self._relabel(doc.spans[self.view.selected_span], name)
            return
        start16, end16 = self.view.selection16()
        if start16 == end16:
            self.message("Select some text first.")
            return
        target = doc.target(start16, end16, self.settings.snap)
        if target is None:
            self.message("Select some words first (or turn off View ▸ Snap selections to words).")
            return
        start, end = target
        existing = doc.find(self.annotator, name, start, end)
        if existing is not None:
            self.choose_span(existing.id)
            self.message(f"That text is already tagged {name}.")
            return
        span = self.ops.add_span(doc.id, doc.text, name, start, end)
        if span is not None:
            self.choose_span(span.id)  # so that Enter, Delete or another label key act on it at once

    def _relabel(self, span: Span, name: str) -> None:
        if not self._mine(span) or span.label == name:
            return
        assert self.doc is not None
        if self.doc.find(self.annotator, name, span.start, span.end) is not None:
            self.message(f"There is already a {name} span on exactly that text.")
            return
        if self.ops.relabel(span, name) is not None:
            self.choose_span(span.id)

    def delete_span(self) -> None:
        """Delete the chosen span."""
        span = self._chosen()
        if span is not None and self._mine(span):
            self.ops.delete(span)

    def edit_note(self) -> None:
        """Open the note of the chosen span (none chosen: of your innermost span at the caret)."""
        if self.view.selected_span is None and self.doc is not None:
            mine = [m for m in self.doc.index.at(self._caret_point()) if m.annotator == self.annotator]
            if mine:
                self.choose_span(mine[0].span_id)
        span = self._chosen()
        if span is None or not self._mine(span):
            return
        dialog = NoteDialog(span.text, span.note or "", self)
        changed = dialog.exec() and dialog.note() != (span.note or "")
        if changed and self.ops.set_note(span, dialog.note()) is not None:
            self.choose_span(span.id)

    def _chosen(self) -> Span | None:
        sid = self.view.selected_span
        if sid is None or self.doc is None or sid not in self.doc.spans:
            self.message(
                f"Choose a span first: click it, press {self.key_text('choose_span')} on it, or step to "
                f"it with {self.key_text('next_span')} / {self.key_text('previous_span')}."
            )
            return None
        return self.doc.spans[sid]

    def key_text(self, action: str) -> str:
        """The first key bound to a named action, as the keyboard shows it (for messages)."""
        found = self.actions_.by_name.get(action) if hasattr(self, "actions_") else None
        keys = found.shortcuts() if found is not None else []
        return keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else "(no key)"

    def choose_span(self, span_id: int, *, focus: bool = True) -> None:
        """Select a span in the view and the list (the article takes the keys, with ``focus``)."""
        self.view.select_span(span_id)
        self._row_follows.start()
        if focus:
            self.view.setFocus()
        span = self.doc.spans.get(span_id) if self.doc else None
        if span is not None:
            note = f" · note: {span.note}" if span.note else ""
            excerpt = span.text if len(span.text) <= 60 else span.text[:59] + "…"
            self.message(f"{span.label} by {span.annotator}: “{excerpt}”{note}")

    def _choice_may_have_gone(self) -> None:
        if self.view.selected_span is None:
            self._row_follows.start()  # no row stays highlighted for a span no longer chosen

    def clear_selection(self) -> None:
        """Drop the selection and the chosen span."""
        cursor = self.view.textCursor()
        cursor.clearSelection()
        self.view.setTextCursor(cursor)
        self.view.select_span(None)
        self.panel.select_row_of(None)

    def run_selection(self, fn: Callable[[str, int, int], tuple[int, int] | None], snap_result: bool) -> None:
        """Apply a :mod:`selection` function to the current selection."""
        doc = self.doc
        if doc is None:
            return
        start, end = doc.to_cp(*self.view.selection16())
        found = fn(doc.text, start, end)
        if found is None:
            self.message("Nothing further in that direction.")
            return
        if snap_result and self.settings.snap:
            found = selection.snap(doc.text, *found) or found
        self.view.setFocus()
        self.view.select16(*doc.to_utf16(*found))

    # -- the article list ------------------------------------------------------------

    def focus_filter(self) -> None:
        """The article list's filter box (the list is opened again if it was dragged shut)."""
        sizes = self.splitter.sizes()
        if sizes[0] == 0:
            listing = pane_sizes(self.splitter.width())[0]
            self.splitter.setSizes([listing, max(sizes[1] - listing, 200), sizes[2]])
        self.articles.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.articles.search.selectAll()

    # -- reacting to operations ---------------------------------------------------------

    def _on_spans_changed(self, change: SpanChange) -> None:
        doc = self.doc
        if change.replay and (doc is None or doc.id != change.article_id):
            self.open_article(change.article_id)  # undo brings you to where the edit was
            doc = self.doc
        if doc is not None and doc.id == change.article_id:
            self._apply_change(doc, change)
        mine = sum(s.annotator == self.annotator for s in change.added)
        mine -= sum(s.annotator == self.annotator for s in change.removed)
        row = self.articles.model.update(change.article_id, span_delta=mine)
        if row is not None and row.status is Status.TODO and mine > 0:
            status = self.reads.read(
                f"the status of {self.article_name(change.article_id)}",
                lambda: self.store.status(change.article_id, self.annotator),
            )
            if status is not None:
                self.articles.model.update(change.article_id, status=status)
        self._update_status()

    def _apply_change(self, doc: OpenArticle, change: SpanChange) -> None:
        for span in change.removed:
            doc.remove(span.id)
            self.panel.spans.remove(span.id)
        for span in change.added:
            if self.settings.show_all or span.annotator == self.annotator:
                span = self._as_stored(span)
                doc.add(span)
                self.panel.spans.add(span)
        self.view.spans_changed()
        if self.view.selected_span is None:
            self.panel.select_row_of(None)  # the list must not show a deleted span's neighbour as chosen
        self.panel.set_counts(doc.counts)
        if change.replay:
            if change.added and change.added[0].id in doc.spans:
                self.choose_span(change.added[0].id)
            elif change.removed:
                self.view.select16(*doc.to_utf16(change.removed[0].start, change.removed[0].end))

    def _as_stored(self, span: Span) -> Span:
        """The span as the file now holds it (a relabel or a note also changed its time there).

        Kept as stored, the open article equals what a re-read would give, so that
        coming back to the window (which re-reads) finds nothing changed.
        """
        try:
            return self.store.span(span.id)
        except (KeyError, sqlite3.Error, StoreError):
            return span

    def _on_status_changed(self, article_id: int, status: Status) -> None:
        self.articles.model.update(article_id, status=status)
        self._update_status()

    def _on_labels_changed(self) -> None:
        self.reload_labels()
        if self.doc is not None:
            self.open_article(self.doc.id, force=True)  # keeps the place

    def _on_failed(self, text: str) -> None:
        self.message(text)

    def _set_saved(self, ok: bool, message: str) -> None:
        text, tip, style = saved_state(self.store, ok, message)
        self.saved.setText(text)
        self.saved.setToolTip(tip)
        self.saved.setStyleSheet(style)

    def _update_status(self) -> None:
        self.who.setText(f"Annotator: {self.annotator}")
        model = self.articles.model
        here = model.row_of(self.current_id) if self.current_id is not None else None
        where = "–" if here is None else str(here + 1)
        self.position.setText(f"Article {where} of {model.rowCount()}")
        self.span_count.setText(plural(len(self.doc.spans) if self.doc else 0, "span"))

    def _update_title(self) -> None:
        name = self.store.path.name if self.store.path else "in memory"
        readonly = " (read-only)" if self.store.readonly else ""
        self.setWindowTitle(f"annotator — {name}{readonly} — {self.annotator}")

    # -- layout memory -------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.settings.blob("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._splitter_restored:
            # Restored once the window has its real size, or the splitter squeezes the middle.
            self._splitter_restored = True
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)  # a label key tags, not types into the filter
            state = self.settings.blob("window/splitter")
            if state is None or not self.splitter.restoreState(state):
                self.splitter.setSizes(pane_sizes(self.splitter.width()))
        if self._place_pending:
            QTimer.singleShot(0, self._go_to_place)  # once the view has its real width

    def save_layout(self) -> None:
        """Remember geometry, splitter positions and the place in the article for the next start."""
        self.remember_place()
        self.settings.set_blob("window/geometry", self.saveGeometry())
        self.settings.set_blob("window/splitter", self.splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
