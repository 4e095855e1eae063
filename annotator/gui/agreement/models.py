"""The agreement report's figures as tables: plain rows, and one Qt model that shows and sorts them.

The core computes an :class:`~annotator.agreement.report.AgreementReport`;
this module only picks figures out of it (``corpus_table``, ``pair_table``,
``article_table``) as rows of numbers and text, and :class:`FiguresModel`
shows any such table: three decimals or *n/a*, a tint where a coefficient is
below Krippendorff's thresholds (0.667 and 0.8), and a sort key per cell so
that every column sorts numerically with undefined figures last.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from ...agreement import AgreementReport, Figures, MatchCounts
from ..common.theme import is_dark

__all__ = ["SORT_ROLE", "FiguresModel", "Table", "article_table", "corpus_table", "fmt", "pair_table"]

Cell = str | int | float
Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
LENIENT = "type"  # SemEval "type": the spans overlap and share the label

TIPS = {
    "Tokens": "Units: tokens of the articles compared",
    "Agree": "Share of agreeing annotator pairs per token",
    "Fleiss κ": "Fleiss' kappa over all annotators (Gwet's form for missing values)",
    "Kripp. α": "Krippendorff's alpha, nominal, on tokens",
    "Gwet AC1": "Gwet's AC1: steadier than kappa when one label dominates",
    "α_U": "Krippendorff's unitizing alpha on characters",
    "F1 strict": "Span F1, same boundaries and label, pairs pooled",
    "F1 lenient": "Span F1, overlapping with the same label (SemEval 'type'), pairs pooled",
}


@dataclass(frozen=True)
class Table:
    """Header, rows of cells, and optionally a key per row (an article id)."""

    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    keys: list[int] = field(default_factory=list)

    def column(self, name: str) -> list[Cell]:
        k = self.header.index(name)
        return [row[k] for row in self.rows]


def fmt(value: Cell) -> str:
    """Three decimals for figures, thousands separators for counts, n/a for undefined."""
    if isinstance(value, float):
        if math.isnan(value):
            return "n/a"
        return f"{value:.3f}".replace("-0.000", "0.000")  # a tiny negative is no disagreement to show
    if isinstance(value, int):
        return f"{value:,}"
    return value


def _f1(pairs: Mapping[Any, Mapping[str, MatchCounts]], scheme: str) -> float:
    return MatchCounts.total(c[scheme] for c in pairs.values()).f1 if pairs else math.nan


def _label_rows(f: Figures, labels: tuple[str, ...]) -> list[tuple[str, Any, Any, Mapping[Any, Any]]]:
    """(name, token figures, alpha_U, span figures) overall, then per label."""
    u = f.unitizing
    rows = [("(all labels)", f.tokens, u.overall if u else None, f.spans)]
    for label in labels:
        rows.append(
            (label, f.tokens_by_label[label], u.categories.get(label) if u else None, f.spans_by_label.get(label, {}))
        )
    return rows


def corpus_table(report: AgreementReport) -> Table:
    """Per label and overall: token coefficients, alpha_U, Cohen per pair, span F1."""
    pairs = list(report.corpus.tokens.cohen_kappa)
    header = (
        "Label",
        "Tokens",
        "Agree",
        "Fleiss κ",
        "Kripp. α",
        "Gwet AC1",
        "α_U",
        *(f"Cohen κ {a}/{b}" for a, b in pairs),
        "F1 strict",
        "F1 lenient",
    )
    rows = []
    for name, tokens, alpha_u, spans in _label_rows(report.corpus, report.labels):
        rows.append(
            (
                name,
                tokens.units,
                tokens.percent_agreement,
                tokens.fleiss_kappa,
                tokens.krippendorff_alpha,
                tokens.gwet_ac1,
                alpha_u.alpha if alpha_u else math.nan,
                *(tokens.cohen_kappa.get(p, math.nan) for p in pairs),
                _f1(spans, "strict"),
                _f1(spans, LENIENT),
            )
        )
    return Table(header, rows)


def pair_table(report: AgreementReport) -> Table:
    """Per pair and label: Cohen's kappa and span F1 under every matching scheme."""
    header = ("Pair", "Label", "Cohen κ", "F1 strict", "F1 exact", "F1 partial", "F1 lenient")
    rows: list[tuple[Cell, ...]] = []
    for name, tokens, _alpha, spans in _label_rows(report.corpus, report.labels):
        for pair, kappa in tokens.cohen_kappa.items():
            counts = spans.get(pair)
            f1s = [counts[s].f1 if counts else math.nan for s in ("strict", "exact", "partial", LENIENT)]
            rows.append((f"{pair[0]} / {pair[1]}", name, kappa, *f1s))
    return Table(header, rows)


def article_table(report: AgreementReport, titles: Mapping[int, str]) -> Table:
    """One row per article: its main figures; the keys are article ids."""
    header = ("Article", "Tokens", "Agree", "Fleiss κ", "Kripp. α", "Gwet AC1", "α_U", "F1 strict", "F1 lenient")
    metrics = (
        "percent_agreement",
        "fleiss_kappa",
        "krippendorff_alpha",
        "gwet_ac1",
        "unitizing_alpha",
        "f1_strict",
        f"f1_{LENIENT}",
    )
    rows, keys = [], []
    for art in report.articles:
        article_id = int(art.article_id)
        rows.append((titles.get(article_id, art.article_id), art.tokens, *(art.figures.score(m) for m in metrics)))
        keys.append(article_id)
    return Table(header, rows, keys)


def _tint(value: float) -> tuple[QColor, QColor] | None:
    """Background and text colours for a weak figure, muted on a dark palette."""
    if math.isnan(value) or value >= 0.8:
        return None
    if is_dark(QApplication.palette()):
        return (QColor("#5c2b27") if value < 0.667 else QColor("#554515")), QColor("#f0f0f0")
    return (QColor("#f8d0cc") if value < 0.667 else QColor("#fbe7b5")), QColor("#1b1b1b")


class FiguresModel(QAbstractTableModel):
    """Shows a :class:`Table`; :data:`SORT_ROLE` gives numbers to sort by, undefined last."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.table = Table((), [])

    def set_table(self, table: Table) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.table.header)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or section >= len(self.table.header):
            return None
        name = self.table.header[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return name
        if role == Qt.ItemDataRole.ToolTipRole:
            return TIPS.get(name, "Cohen's kappa of this pair" if name.startswith("Cohen") else None)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return fmt(value)
        if role == SORT_ROLE:
            if isinstance(value, str):
                return value.lower()
            return math.inf if isinstance(value, float) and math.isnan(value) else float(value)
        if role == KEY_ROLE and self.table.keys:
            return self.table.keys[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and not isinstance(value, str):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str):
            return value
        tint = _tint(value) if isinstance(value, float) else None
        if tint and role == Qt.ItemDataRole.BackgroundRole:
            return tint[0]
        if tint and role == Qt.ItemDataRole.ForegroundRole:
            return tint[1]
        return None
