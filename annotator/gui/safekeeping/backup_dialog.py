"""File ▸ Restore backup…: the backups of the open database, newest first, to pick one from.

The dialog only chooses; :mod:`recovery` does the restoring. What a backup
is (time taken, size, why) is read from its name and the file system, never
by opening it, so the list appears at once however large the backups are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...backup import backup_dir, backup_taken, backups

__all__ = ["BackupDialog", "BackupInfo", "describe_backups"]

_REASONS = {
    "start": "database opened",
    "auto": "while editing",
    "before-restore": "before a restore",
    "before-merge": "before a merge",
}


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as the dialog lists it."""

    path: Path
    taken: datetime
    size: int
    reason: str

    def size_text(self) -> str:
        """Size in kB or MB."""
        return f"{self.size / 1024:,.0f} kB" if self.size < 10 * 1024 * 1024 else f"{self.size / 2**20:,.1f} MB"


def describe_backups(db_path: Path) -> list[BackupInfo]:
    """Every backup of ``db_path``, newest first."""
    found = []
    for path in backups(db_path):
        taken, why = backup_taken(db_path, path) or (datetime.fromtimestamp(path.stat().st_mtime).astimezone(), "")
        taken = taken.astimezone()  # shown in local time; names hold UTC
        found.append(BackupInfo(path, taken, path.stat().st_size, _REASONS.get(why, why.replace("-", " "))))
    return sorted(found, key=lambda b: b.taken, reverse=True)


class BackupDialog(QDialog):
    """Lists the backups of one database; Restore returns the chosen one."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore a backup")
        self.found = describe_backups(db_path)
        self.table = self._table()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_button.setText("Restore")
        self.restore_button.setEnabled(bool(self.found))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        intro = (
            f"Backups of <b>{db_path.name}</b> in {backup_dir(db_path)}, newest first. "
            "Restoring replaces the database with the chosen backup; the current file is kept "
            "as a backup too, so a restore can itself be undone. Close other annotator windows "
            "on this file first."
            if self.found
            else f"There are no backups of {db_path.name} yet."
        )
        text = QLabel(intro)
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def _table(self) -> QTableWidget:
        table = QTableWidget(len(self.found), 3)
        table.setHorizontalHeaderLabels(["Taken", "Size", "Why"])
        for row, info in enumerate(self.found):
            for col, text in enumerate((f"{info.taken:%Y-%m-%d %H:%M:%S}", info.size_text(), info.reason)):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                table.setItem(row, col, item)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        if self.found:
            table.selectRow(0)
        return table

    def chosen(self) -> Path | None:
        """The selected backup."""
        row = self.table.currentRow()
        return self.found[row].path if 0 <= row < len(self.found) else None

    @classmethod
    def choose(cls, db_path: Path, parent: QWidget | None = None) -> Path | None:
        """The backup the person chose to restore, or ``None``."""
        dialog = cls(db_path, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
