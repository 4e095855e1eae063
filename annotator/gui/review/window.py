"""The review view: chosen annotators' spans on one article side by side, and the gold layer decided there.

A window of its own (opened from Review ▸ Review article…) so that the
annotation window stays as it was. Lanes (:mod:`review_lanes`) show each
annotator's spans and the gold layer on the same lines; the side panel
(:mod:`review_panel`) lists the items of :func:`annotator.adjudication.items`
and the current item's candidate spans. Every decision goes through
:class:`ReviewOperations` (written at once, undoable in this window), and the
window redraws from what the store then says. Nothing here runs SQL.

The *working range* of a decision is the selection in the gold lane: choosing
a candidate selects its text there, Alt+arrows grow or shrink it, and a
selection dragged in any lane is copied there.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ... import adjudication as adj
from ...adjudication import GOLD, Item
from ...model import Span, Status
from ...store import Store
from ...words import plural
from ..common.settings import Settings
from ..safekeeping.read_guard import ReadGuard, find_guard, guarded
from ..text.document import OpenArticle
from .actions import bind_selection_keys, build_review_window_menus, rebuild_review_label_actions
from .decisions import ReviewDecisions
from .flow import ReviewFlow
from .lanes import KINDS, LaneItem, LaneView, ReviewLanes, legend_html
from .navigation import ReviewNavigation
from .operations import ReviewOperations
from .panel import ReviewPanel, describe

__all__ = ["ReviewWindow"]

# Short: a lane can be 150 px wide, and a header that wrapped would shift that lane's lines off the others'.
_GOLD_HEADER = "<span style='color:#9a7b10'>★</span> <b>gold</b>"


class ReviewWindow(ReviewDecisions, ReviewFlow, ReviewNavigation, QMainWindow):
    """Adjudication of one article at a time by one reviewer."""

    progress_changed = Signal(int, int)  # articles adjudicated, articles to adjudicate

    def __init__(self, store: Store, settings: Settings, reviewer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.settings = settings
        self.ops = ReviewOperations(store, reviewer, self)
        # A failed read goes to the main window's handler (one offer of a backup for both windows).
        self.reads = find_guard(parent) or ReadGuard(self, lambda: self.store, self.message)
        self.presence, self.adjudicated, self.reviewable, self._titles, self._colors = {}, set(), [], {}, {}
        self.chosen: list[str] = self._all_humans() or []  # ticked in the Annotators menu
        self.annotators: list[str] = []  # those shown on this article
        self.docs: dict[str, OpenArticle] = {}
        self.items: list[Item] = []
        self.current: int | None = None
        self.candidate: int | None = None
        self._point_size = max(settings.point_size - 1.0, 8.0)
        self._build()
        labels = self.reads.read("the label scheme", store.labels.all, self.message) or []
        self.actions_ = build_review_window_menus(self, {lab.key.lower() for lab in labels if lab.key})
        a = self.actions_
        self.panel.add_buttons(
            [a.accept, a.reject, a.previous_item, a.next_item, a.accept_agreed, a.adjudicated, a.withdraw, a.undo]
        )
        self.reload_labels()
        self.ops.changed.connect(self._on_changed)
        self.ops.status_changed.connect(self._on_status_changed)
        self.ops.failed.connect(self.message)
        self.scan_articles()
        self._fit_screen()

    def _fit_screen(self, width: int = 1440, height: int = 860) -> None:
        """``width`` x ``height`` where the screen has room for it and a frame; maximised on a smaller
        screen (a laptop), where the window manager fits the frame in too."""
        screen = self.screen()
        room = screen.availableGeometry() if screen is not None else None
        small = room is not None and (room.width() < width + 40 or room.height() < height + 80)
        if room is not None and small:
            width, height = min(width, room.width() - 40), min(height, room.height() - 80)  # restored size
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        self.resize(width, height)
        # The side panel takes a quarter at most, so that on a laptop the lanes keep their words whole.
        panel = min(360, max(self.panel.minimumSizeHint().width(), (room.width() if small else width) // 4))
        self.splitter.setSizes([width - panel, panel])

    # -- building ---------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.legend = QLabel(legend_html())
        self.legend.setWordWrap(True)
        self.lanes = ReviewLanes()
        self.panel = ReviewPanel()
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(6, 4, 0, 0)
        box.addWidget(self.title)
        box.addWidget(self.legend)
        box.addWidget(self.lanes, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self._build_toolbar()
        self.progress = QLabel()
        self.progress.setContentsMargins(8, 0, 8, 0)
        self.statusBar().addPermanentWidget(self.progress)
        self.lanes.span_clicked.connect(self._span_clicked)
        self.lanes.item_clicked.connect(self.set_current)
        self.lanes.selected.connect(self._lane_selected)
        self.panel.item_chosen.connect(self.set_current)
        self.panel.candidate_chosen.connect(self.choose_candidate)
        self.panel.show_agreed_changed.connect(lambda _on: self._show_items())

    def _build_toolbar(self) -> None:
        bar = self.addToolBar("Review")
        bar.setMovable(False)
        bar.addWidget(QLabel(" Article: "))
        self.article_box = QComboBox()
        self.article_box.setMinimumContentsLength(48)
        self.article_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.article_box.activated.connect(lambda row: self.open_article(self.article_box.itemData(row)))
        bar.addWidget(self.article_box)
        bar.addSeparator()
        self.annotator_button = QToolButton()
        self.annotator_button.setText("Annotators ▾")
        self.annotator_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # Its text ends in ▾ already; Qt's own small arrow beside it made two.
        self.annotator_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.annotator_menu = QMenu("&Annotators", self)  # also in the menu bar: see review_actions
        self.annotator_button.setMenu(self.annotator_menu)
        bar.addWidget(self.annotator_button)

    @property
    def store(self) -> Store:
        return self.ops.store

    @property
    def gold_lane(self) -> LaneView:
        return self.lanes.lanes[GOLD]

    @guarded("the label scheme")
    def reload_labels(self) -> None:
        """Label colours and keys, as the scheme now says."""
        self._colors = {lab.name: lab.color for lab in self.store.labels.all(include_retired=True)}
        rebuild_review_label_actions(self, self.actions_, self.store.labels.all())
        for view in self.lanes.lanes.values():
            view.set_label_colors(self._colors)

    def message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def rebind_keys(self) -> None:
        """The selection keys again, after Edit ▸ Key bindings changed them in the main window."""
        bind_selection_keys(self, self.actions_)

    # -- showing an article -------------------------------------------------------------

    def open_article(self, article_id: int | None, *, keep_scroll: bool = False) -> None:
        """Show ``article_id`` with the chosen annotators who worked on it, and gold."""
        if article_id is None:
            return
        present = self.presence.get(article_id, set())
        shown = [a for a in self.chosen if a in present]
        self.annotators = shown if len(shown) >= 2 else list(self.chosen)
        names = [*self.annotators, GOLD]
        if list(self.lanes.lanes) != names:
            self.lanes.set_lanes(names, self._colors, self._point_size)
        scroll = self.gold_lane.verticalScrollBar().value() if keep_scroll and self.docs else 0
        docs = self._read_article(article_id, names)
        if docs is None:
            self._show_unreadable(article_id)
            return
        article = docs[GOLD].article
        self.docs = docs
        self.lanes.show_docs(self.docs)
        self.lanes.scroll_to(scroll)
        self.title.setText(article.title or "(untitled)")
        self.setWindowTitle(f"Review — {article.title[:60]} — {self.ops.reviewer}")
        self._load_items()
        self.candidate = None
        self.current = next(
            (k for k, it in enumerate(self.items) if not it.agreed and not it.resolved),
            next((k for k, it in enumerate(self.items) if not it.agreed), None),
        )
        self._show_items()
        self._show_current(reveal=not keep_scroll)
        self.show_in_box(article_id)
        self.update_progress()
        if len(shown) < 2:
            only = ", ".join(shown) or "nobody"
            self.message(f"Of the chosen annotators only {only} worked on this article.")

    @guarded(lambda self, article_id, _names: f"article {article_id} “{self._titles.get(article_id, '')}”")
    def _read_article(self, article_id: int, names: list[str]) -> dict[str, OpenArticle]:
        article = self.store.article(article_id)
        by_name: dict[str, list[Span]] = {n: [] for n in names}
        for span in self.store.spans(article_id, names):
            by_name[span.annotator].append(span)
        return {n: OpenArticle.load(article, by_name[n]) for n in names}

    def _show_unreadable(self, article_id: int) -> None:
        """Empty lanes and the reason; the article box stays on it, so the next-article key steps past it."""
        self.docs, self.items, self.current, self.candidate = {}, [], None, None
        self.lanes.show_docs({})
        self.title.setText(
            f"Article {article_id} “{self._titles.get(article_id, '')}” cannot be read: "
            "the database is damaged where it is stored"
        )
        self._show_items()
        self._show_current(reveal=False)
        self.show_in_box(article_id)

    @property
    def article_id(self) -> int | None:
        doc = self.docs.get(GOLD)
        return doc.id if doc else None

    def _load_items(self) -> None:
        doc = self.docs.get(GOLD)
        if doc is None or len(self.annotators) < 2:
            self.items = []
            return
        self.items = (
            self.reads.read(
                f"the review items of article {doc.id}",
                lambda: adj.items(self.store, doc.id, self.annotators),
                self.message,
            )
            or []
        )

    def _lane_items(self) -> list[LaneItem]:
        doc = self.docs[GOLD]
        out = []
        for item in self.items:
            meaning = KINDS.get(item.kind, KINDS["agreed"])[2]
            who = html.escape(describe(item, self.annotators))
            tip = f"<b>{meaning}</b>{' (decided)' if item.resolved else ''}<br>{who}"
            out.append(LaneItem(*doc.to_utf16(item.start, item.end), item.kind, item.resolved, item.missing, tip))
        return out

    def _show_items(self) -> None:
        self.lanes.set_items(self._lane_items() if self.docs else [], self.current)
        text = self.docs[GOLD].text if self.docs else ""
        self.panel.set_items(self.items, text, self.annotators, self.current)
        for name, header in self.lanes.headers.items():
            count = len(self.docs[name].spans) if name in self.docs else 0
            what = _GOLD_HEADER if name == GOLD else f"<b>{html.escape(name)}</b>"
            header.setText(f"{what} · {plural(count, 'span')}")
            header.setToolTip(
                "The gold layer: the spans your decisions put there" if name == GOLD else f"{name}'s spans"
            )

    @guarded("the gold layer of this article")
    def refresh(self) -> None:
        """Re-read items and the gold lane after a decision (or an undo) on this article."""
        doc = self.docs.get(GOLD)
        if doc is None:
            return
        here = self.items[self.current] if self.current is not None and self.current < len(self.items) else None
        fresh = {s.id: s for s in self.store.spans(doc.id, [GOLD])}
        for span_id in [i for i in doc.spans if i not in fresh]:
            doc.remove(span_id)
        for span in fresh.values():
            if doc.spans.get(span.id) != span:
                doc.add(span)
        self.gold_lane.spans_changed()
        self._load_items()
        self.current = _same_place(self.items, here)
        self.clear_choice()  # a decision used the choice up; a lingering selection would be taken again
        self._show_items()
        self._show_current(reveal=False)
        self.update_progress()

    def _on_changed(self, article_id: int) -> None:
        if article_id == self.article_id:
            self.refresh()
        else:  # undo brings you to where the decision was
            self.open_article(article_id)

    def _on_status_changed(self, article_id: int, status: Status) -> None:
        (self.adjudicated.add if status is Status.DONE else self.adjudicated.discard)(article_id)
        self.show_in_box(article_id)
        self.update_progress()

    @guarded("the review's progress")
    def update_progress(self) -> None:
        """Articles adjudicated n / N, here and in the status bar."""
        done, total = adj.progress(self.store)
        open_items = sum(1 for it in self.items if not it.agreed and not it.resolved)
        disputed = sum(1 for it in self.items if not it.agreed)
        state = "adjudicated ✓" if self.article_id in self.adjudicated else "not adjudicated yet"
        self.progress.setText(f"Adjudicated {done} / {plural(total, 'article')}")
        self.progress_changed.emit(done, total)
        self.panel.progress.setText(
            f"<b>Adjudicated {done} / {plural(total, 'article')}</b><br>This article: {state}; "
            f"{disputed - open_items} of {plural(disputed, 'disagreement')} decided"
        )

    # -- the current item -----------------------------------------------------------------

    def set_current(self, k: int | None, *, reveal: bool = True) -> None:
        """Make item ``k`` current: outlined in every lane, its spans offered as candidates."""
        self.current = k if k is None or 0 <= k < len(self.items) else None
        self.candidate = None
        self.clear_choice()
        self.lanes.set_items(self._lane_items(), self.current)
        self.panel.show_current(self.current)
        self._show_current(reveal=reveal)

    def _show_current(self, *, reveal: bool) -> None:
        item = self.current_item
        if item is None:
            self.panel.set_candidates("No disagreement here." if self.docs else "No article.", [], self._colors, None)
            return
        disputed = [k for k, it in enumerate(self.items) if not it.agreed]
        where = f"{disputed.index(self.current) + 1} of {len(disputed)}" if self.current in disputed else "agreed"
        meaning = KINDS.get(item.kind, KINDS["agreed"])[2]
        done = " — decided ✓" if item.resolved else ""
        who = html.escape(describe(item, self.annotators))
        self.panel.set_candidates(
            f"<b>Item {where}</b>: {meaning}{done}<br>{who}", self.candidates(), self._colors, self.candidate
        )
        if reveal:
            self._reveal(item.start)

    @property
    def current_item(self) -> Item | None:
        return self.items[self.current] if self.current is not None and self.current < len(self.items) else None

    def candidates(self) -> list[Span]:
        """The current item's spans, by annotator then position."""
        item = self.current_item
        if item is None:
            return []
        order = {name: n for n, name in enumerate(self.annotators)}
        return sorted(item.spans, key=lambda s: (order.get(s.annotator, 99), s.start, s.end, s.id))

    def reveal_current(self) -> None:
        """Scroll the current item into view (once the window has its real size)."""
        item = self.current_item
        if item is not None:
            self._reveal(item.start)

    def _reveal(self, start: int) -> None:
        view = self.gold_lane
        doc = self.docs[GOLD]
        cursor = view.textCursor()
        cursor.setPosition(doc.to_utf16(start, start)[0])
        top = view.cursorRect(cursor).top()
        bar = view.verticalScrollBar()
        if not 0 <= top <= view.viewport().height() * 0.8:
            self.lanes.scroll_to(bar.value() + top - view.viewport().height() // 4)

    def step(self, direction: int) -> None:
        """Next (1) or previous (-1) disagreement, wrapping round."""
        disputed = [k for k, it in enumerate(self.items) if not it.agreed]
        if not disputed:
            self.message("No disagreements on this article." if self.items else "Nothing to review here.")
            return
        if self.current is None:
            target = disputed[0] if direction > 0 else disputed[-1]
        elif direction > 0:
            target = next((k for k in disputed if k > self.current), disputed[0])
        else:
            target = next((k for k in reversed(disputed) if k < self.current), disputed[-1])
        self.set_current(target)
        item = self.items[target]
        self.message(f"{KINDS[item.kind][2]}: {describe(item, self.annotators)}")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and _orphaned(self, self.store):
            self.close()  # the main window moved to another database

    def zoom(self, step: int) -> None:
        self._point_size = min(max(self._point_size + step, 6.0), 40.0)
        self.lanes.set_point_size(self._point_size)


def _orphaned(window: QWidget, store: Store) -> bool:
    """Whether the window's owner now works on another store than ``store``."""
    owner = window.parent()
    return owner is not None and getattr(owner, "store", store) is not store


def _same_place(items: list[Item], old: Item | None) -> int | None:
    """The item at the place ``old`` was (after a refresh), else the nearest disputed one."""
    if old is None:
        return None
    for k, item in enumerate(items):
        if (item.start, item.end, item.kind) == (old.start, old.end, old.kind):
            return k
    near = [k for k, it in enumerate(items) if not it.agreed and it.end > old.start]
    return near[0] if near else None
