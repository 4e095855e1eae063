"""Review ▸ Agreement report: how far the annotators agree, and on which articles they part ways.

A non-modal window beside the annotation window. The reviewer ticks
annotators and whether only finished articles count; the core's
:func:`~annotator.agreement.corpus.store_report` computes the report (under a
progress dialog and a busy cursor: a big corpus takes a second or two), and
the window shows it in tabs: corpus figures per label and per pair with a
confusion heat map per pair, a per-article table that sorts by any figure
(double-click opens the article in the review view), and the method text.
*Export JSON…* writes ``report.to_dict()``.
"""

from __future__ import annotations

import json
import sqlite3
from html import escape
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...agreement import AgreementReport
from ...agreement.corpus import human_annotators, store_report
from ...files import write_text_atomic
from ...store import Store
from ...words import plural
from ..common.dialogs import resize_to_fit
from ..safekeeping.read_guard import find_guard, guarded
from .heatmap import ConfusionHeatmap
from .models import KEY_ROLE, SORT_ROLE, FiguresModel, article_table, corpus_table, pair_table

__all__ = ["AgreementWindow", "write_report"]


class _Cancelled(Exception):
    """Raised from the progress callback to stop a computation."""


def write_report(report: AgreementReport, path: Path) -> None:
    """The report as JSON (``to_dict``), written whole or not at all."""
    write_text_atomic(path, json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")


def _table_view(model: FiguresModel, sortable: bool) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(sortable)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view, proxy


class AgreementWindow(QWidget):
    """Agreement of the chosen annotators over the store's articles."""

    article_requested = Signal(int)  # open this article in the review view

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.store = store
        self.report: AgreementReport | None = None
        self.setWindowTitle("Agreement report")
        self._build()
        self.reload_annotators()
        resize_to_fit(self, 1440, 900)
        close = QAction(self)  # a window of its own: it needs its own key to close
        close.setShortcuts([QKeySequence("Ctrl+W"), QKeySequence("Escape")])
        close.triggered.connect(self.close)
        self.addAction(close)

    # -- building ---------------------------------------------------------------

    def _build(self) -> None:
        self.annotator_list = QListWidget()
        self.finished_only = QCheckBox("Only articles marked done\n(untick: any started)")
        self.finished_only.setToolTip(
            "An article counts for each annotator who marked it done (ticked) or who has a"
            " span or a status other than todo on it (unticked); it is compared when it"
            " counts for two or more. The report lists what it left out and why."
        )
        self.finished_only.setChecked(True)
        self.compute_button = QPushButton("Compute")
        self.compute_button.clicked.connect(self.compute)
        self.export_button = QPushButton("Export JSON…")
        self.export_button.clicked.connect(lambda: self.export_json())
        self.export_button.setEnabled(False)
        self.note = QLabel()
        self.note.setWordWrap(True)
        controls = QWidget()
        side = QVBoxLayout(controls)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(QLabel("<b>Annotators</b>"))
        side.addWidget(self.annotator_list)
        for widget in (self.finished_only, self.compute_button, self.export_button, self.note):
            side.addWidget(widget)
        side.addStretch(1)
        self.annotator_list.setMaximumHeight(220)
        controls.setMaximumWidth(240)
        self.summary = QLabel("No report yet.")
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._corpus_tab(), "Corpus")
        self.tabs.addTab(self._articles_tab(), "Articles")
        self.method = QPlainTextEdit()
        self.method.setReadOnly(True)
        self.tabs.addTab(self.method, "How units are built")
        right = QVBoxLayout()
        right.addWidget(self.summary)
        right.addWidget(self.tabs, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(controls)
        layout.addLayout(right, 1)

    def _corpus_tab(self) -> QWidget:
        self.corpus_model, self.pair_model = FiguresModel(self), FiguresModel(self)
        self.corpus_view, _ = _table_view(self.corpus_model, False)
        self.pair_view, _ = _table_view(self.pair_model, True)
        self.maps = QWidget()
        self.maps_layout = QHBoxLayout(self.maps)
        self.maps_layout.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidget(self.maps)
        scroll.setWidgetResizable(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for title, widget in (
            ("Per label (all annotators)", self.corpus_view),
            ("Per pair", self.pair_view),
            (
                "Confusion per pair, in tokens: blue the same label, orange different, deeper with more;"
                " hover a cell for shares",
                scroll,
            ),
        ):
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 4, 0, 0)
            inner.addWidget(QLabel(f"<b>{title}</b>"))
            inner.addWidget(widget, 1)
            splitter.addWidget(box)
        splitter.setSizes([220, 260, 320])
        return splitter

    def _articles_tab(self) -> QWidget:
        self.article_model = FiguresModel(self)
        self.article_view, self.article_proxy = _table_view(self.article_model, True)
        # The title takes what the figures leave, never their room: they are what the table is for.
        header = self.article_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 260)
        header.setStretchLastSection(True)
        self.article_view.doubleClicked.connect(self._article_activated)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(
            QLabel("Click a column to sort (undefined figures last); double-click an article to review it.")
        )
        layout.addWidget(self.article_view, 1)
        return box

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        owner = self.parent()
        if (
            event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
            and owner is not None
            and getattr(owner, "store", self.store) is not self.store
        ):
            self.close()  # the main window moved to another database

    @guarded("the annotators to compare")
    def reload_annotators(self) -> None:
        """Every annotator with work, all ticked (the gold layer is not an annotator here)."""
        self.annotator_list.clear()
        for name in human_annotators(self.store, with_work=True):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.annotator_list.addItem(item)

    def chosen(self) -> list[str]:
        items = (self.annotator_list.item(r) for r in range(self.annotator_list.count()))
        return [it.text() for it in items if it.checkState() == Qt.CheckState.Checked]

    def set_chosen(self, names: list[str]) -> None:
        for row in range(self.annotator_list.count()):
            item = self.annotator_list.item(row)
            item.setCheckState(Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked)

    # -- computing --------------------------------------------------------------------

    def compute(self) -> bool:
        """Compute the report for the ticked annotators; say why when there is nothing to compare."""
        progress = QProgressDialog("Computing agreement…", "Cancel", 0, 0, self)
        progress.setWindowTitle("Agreement report")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def report(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            QApplication.processEvents()
            if progress.wasCanceled():
                raise _Cancelled

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = store_report(
                self.store, self.chosen(), finished_only=self.finished_only.isChecked(), progress=report
            )
        except ValueError as exc:
            self._fail(
                f"{exc}."
                + (
                    " Untick “only articles marked done” to compare started work."
                    if self.finished_only.isChecked()
                    else ""
                )
            )
            return False
        except _Cancelled:
            self._fail("Cancelled.")
            return False
        except sqlite3.DatabaseError as exc:  # a damaged page: the one handler says so and offers a backup
            guard = find_guard(self)
            self._fail(str(guard.failed("the articles to compare", exc, self._fail)) if guard else str(exc))
            return False
        finally:
            QApplication.restoreOverrideCursor()
            progress.close()
        self.show_report(result)
        return True

    def _fail(self, text: str) -> None:
        self.note.setText(f"<span style='color:#c0392b'>{escape(text)}</span>")

    def show_report(self, report: AgreementReport) -> None:
        """Fill every tab from ``report``."""
        self.report = report
        self.note.setText("")
        guard = find_guard(self)
        listed = guard.read("the article list", self.store.articles, self._fail) if guard else self.store.articles()
        titles = {row.id: row.title for row in listed or []}
        self.corpus_model.set_table(corpus_table(report))
        self.pair_model.set_table(pair_table(report))
        self.pair_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.article_model.set_table(article_table(report, titles))
        self.article_view.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # worst Krippendorff's alpha first
        self._show_maps(report)
        selection = report.selection
        articles = selection.render(shown=None) + "\n\n" if selection else ""
        self.method.setPlainText(articles + report.method.replace("\n", "\n\n"))
        tokens = report.corpus.tokens
        left = (
            f"<br>{escape(selection.summary())} The list is under “How units are built”."
            if selection and (selection.left_out or selection.partial or selection.idle)
            else ""
        )
        self.summary.setText(
            f"<b>{', '.join(report.annotators)}</b> over {plural(len(report.articles), 'article')}, "
            f"{plural(tokens.units, 'token')} · Krippendorff's α "
            f"{_figure(tokens.krippendorff_alpha)} · Fleiss' κ {_figure(tokens.fleiss_kappa)}"
            f" · Gwet's AC1 {_figure(tokens.gwet_ac1)} · red below 0.667, yellow below 0.8{left}"
        )
        self.export_button.setEnabled(True)

    def _show_maps(self, report: AgreementReport) -> None:
        while self.maps_layout.count():
            widget = self.maps_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.heatmaps = [ConfusionHeatmap(a, b, matrix) for (a, b), matrix in report.confusion.items()]
        for heatmap in self.heatmaps:
            self.maps_layout.addWidget(heatmap)

    def _article_activated(self, index: QModelIndex) -> None:
        article_id = self.article_proxy.data(index, KEY_ROLE)
        if article_id is not None:
            self.article_requested.emit(int(article_id))

    def export_json(self, path: Path | None = None) -> Path | None:
        """Write the report as JSON (asks where when no path is given)."""
        if self.report is None:
            return None
        if path is None:
            start = self.store.path.parent / "agreement.json" if self.store.path else Path.home() / "agreement.json"
            name, _ = QFileDialog.getSaveFileName(self, "Export agreement report", str(start), "JSON (*.json)")
            if not name:
                return None
            path = Path(name)
        try:
            write_report(self.report, path)
        except OSError as exc:
            self._fail(f"Could not write {path}: {exc}")
            return None
        self.note.setText(f"Saved {path.name}.")
        return path


def _figure(value: float) -> str:
    return "n/a" if value != value else f"{value:.3f}"
