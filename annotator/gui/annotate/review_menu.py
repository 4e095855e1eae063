"""Several annotators from the main window: File ▸ Merge annotations and the Review menu.

A mixin of :class:`MainWindow`, like :mod:`window_menus`, so the main window
only gains a base class and two lines in :mod:`actions`. It opens the merge
dialog, the agreement report window and the review window, and keeps them in
step with the main window: a decision in review repaints the main window's
article when it shows everyone's spans, an edit here refreshes the review
view, and a window left on another database (after File ▸ Open) is replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMenu, QMenuBar, QMessageBox, QWidget

from ...agreement.corpus import human_annotators
from ...words import plural
from ..dialogs.merge_dialog import merge_summary_box, run_merge
from ..safekeeping.read_guard import guarded
from ..safekeeping.safety import backup_or_why
from .operations import SpanChange

if TYPE_CHECKING:
    from ..agreement.window import AgreementWindow
    from ..review.window import ReviewWindow
    from .main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object

__all__ = ["ReviewCommands", "ReviewMenu", "add_merge_action", "build_review_menu"]


@dataclass
class ReviewMenu:
    """The main window's actions for several annotators."""

    merge: QAction | None
    agreement: QAction
    review: QAction


def _action(menu: QMenu, text: str, slot, key: str = "") -> QAction:  # type: ignore[no-untyped-def]
    action = QAction(text, menu)
    if key:
        action.setShortcut(QKeySequence(key))
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def add_merge_action(win: MainWindow, file_menu: QMenu) -> QAction:
    """File ▸ Merge annotations…"""
    action = _action(file_menu, "&Merge annotations…", win.merge_annotations, "Ctrl+Shift+M")
    action.setStatusTip("Bring other annotators' database files into this one")
    win.merge_action = action
    return action


def build_review_menu(win: MainWindow, bar: QMenuBar) -> ReviewMenu:
    """The Review menu."""
    menu = bar.addMenu("&Review")
    review = _action(menu, "&Review article…", win.show_review, "Ctrl+R")
    review.setStatusTip("Compare annotators on this article and decide the gold spans")
    agreement = _action(menu, "&Agreement report…", win.show_agreement, "Ctrl+Shift+R")
    win.review_menu = ReviewMenu(getattr(win, "merge_action", None), agreement, review)
    return win.review_menu


class ReviewCommands(_Base):
    """Merge, agreement report and review, for :class:`MainWindow`."""

    review_window: ReviewWindow | None = None
    agreement_window: AgreementWindow | None = None
    last_merge_box: QMessageBox | None = None
    review_progress: QLabel | None = None  # "Adjudicated n / N" in the status bar, once review was opened

    # -- merging ------------------------------------------------------------------

    def merge_annotations(self) -> None:
        folder = str(self.store.path.parent if self.store.path else Path.home())
        files, _ = QFileDialog.getOpenFileNames(
            self, "Merge annotations from database files", folder, "Annotator databases (*.db *.sqlite);;All files (*)"
        )
        if files:
            self.merge_paths([Path(f) for f in files])

    def merge_paths(self, paths: list[Path]) -> QMessageBox:
        """Back up, merge ``paths``, refresh everything shown, and open the summary (returned)."""
        backup, failed = backup_or_why(self, "merge") if getattr(self, "safety", None) is not None else (None, "")
        if failed:  # nothing merged without a copy to go back to
            return self._refuse_merge(failed)
        outcome = run_merge(self, self.store, paths)
        if outcome.merged:
            self.reload_labels()
            self.reload_articles()
            self.open_article(self.current_id if self.current_id is not None else self._first_article(), force=True)
            for window in (self.review_window, self.agreement_window):
                if window is not None:
                    window.close()  # their annotators and articles changed; reopen for fresh ones
        box = merge_summary_box(self, outcome)
        if backup is not None and outcome.merged:
            box.setText(box.text() + f"\n\nThe database was backed up first: {backup.name}")
        box.open()
        self.last_merge_box = box
        self.message(f"Merged {plural(len(outcome.merged), 'file')}; {plural(outcome.conflicts, 'conflict')}.")
        return box

    # -- agreement report -------------------------------------------------------------

    @guarded("the annotators to compare")
    def show_agreement(self) -> AgreementWindow | None:
        """The agreement window (computed on opening)."""
        from ..agreement.window import AgreementWindow

        window = self.agreement_window
        fresh = window is None or window.store is not self.store or not window.isVisible()
        if fresh:
            if window is not None:
                window.deleteLater()
            window = self.agreement_window = AgreementWindow(self.store, self)
            window.article_requested.connect(self._review_from_report)
        assert window is not None
        _bring_up(window)
        if fresh and len(human_annotators(self.store, with_work=True)) >= 2:
            window.compute()
        elif fresh:
            window.note.setText(
                "Agreement needs two or more annotators: merge their files first (File ▸ Merge annotations…)."
            )
        return window

    def _review_from_report(self, article_id: int) -> None:
        report = self.agreement_window.report if self.agreement_window else None
        self.show_review(article_id, list(report.annotators) if report else None)

    # -- review ---------------------------------------------------------------------

    @guarded("the annotators to compare")
    def show_review(self, article_id: int | None = None, annotators: list[str] | None = None) -> ReviewWindow | None:
        """The review view on ``article_id`` (default: the article open here), comparing ``annotators``."""
        if len(human_annotators(self.store, with_work=True)) < 2:
            QMessageBox.information(
                self,
                "Review",
                "Review compares two or more annotators, and this database "
                "has fewer. Merge their files first (File ▸ Merge annotations…).",
            )
            return None
        window = self._review_window()
        if annotators and len(annotators) >= 2 and annotators != window.chosen:
            window.set_annotators(annotators)
        target = article_id if article_id is not None else self.current_id
        if target is None:
            target = window.reviewable[0] if window.reviewable else None
        window.open_article(target)
        _bring_up(window)
        QApplication.processEvents()  # lay the lanes out at their real size before scrolling
        window.reveal_current()
        return window

    def _review_window(self) -> ReviewWindow:
        from ..review.window import ReviewWindow

        window = self.review_window
        if window is not None and window.store is self.store and window.ops.reviewer == self.annotator:
            if not window.isVisible():
                window.scan_articles()
            return window
        if window is not None:
            window.close()
            window.deleteLater()
        window = self.review_window = ReviewWindow(self.store, self.settings, self.annotator, self)
        window.ops.changed.connect(self._gold_changed)
        window.progress_changed.connect(self._show_review_progress)
        self.ops.labels_changed.connect(window.reload_labels)
        if not getattr(self, "_review_hooked", False):
            self.ops.spans_changed.connect(self._annotators_changed)
            self._review_hooked = True
        return window

    def _refuse_merge(self, why: str) -> QMessageBox:
        text = (
            f"Nothing was merged: the backup of {self.store.path.name} before the merge could not be "
            f"written ({why}). Make room or fix the backups folder, then merge again."
        )
        box = QMessageBox(QMessageBox.Icon.Warning, "Merge not started", text, QMessageBox.StandardButton.Ok, self)
        box.open()
        self.last_merge_box = box
        self.message(text)
        return box

    def close_other_windows(self) -> None:
        """Close the review and the report (their store is about to be replaced)."""
        for window in (self.review_window, self.agreement_window):
            if window is not None:
                window.close()
        self.review_window = self.agreement_window = None  # the next Ctrl+R opens one on the new store

    def _show_review_progress(self, done: int, total: int) -> None:
        label = self.review_progress
        if label is None:
            label = self.review_progress = QLabel()
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)
        label.setText(f"Adjudicated {done} / {total}")

    def _gold_changed(self, article_id: int) -> None:
        if self.settings.show_all and self.doc is not None and self.doc.id == article_id:
            scroll = self.view.verticalScrollBar().value()
            self.open_article(article_id, force=True)
            self.view.verticalScrollBar().setValue(scroll)

    def _annotators_changed(self, change: SpanChange) -> None:
        window = self.review_window
        if (
            window is not None
            and window.isVisible()
            and window.store is self.store
            and window.article_id == change.article_id
        ):
            window.open_article(change.article_id, keep_scroll=True)


def _bring_up(window: QWidget) -> None:
    window.show()
    window.raise_()
    window.activateWindow()
