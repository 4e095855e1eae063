"""Getting back to a good file: a backup restored into the window, a damaged file on opening.

:func:`offer_restore` is the one offer of the newest sound backup: at launch
and File ▸ Open (:func:`recover`) and when a read in the window meets a
damaged page (:mod:`read_guard`, which then restores with :func:`restore_into`).

Both paths end in the core's :func:`restore_backup`, which keeps the file it
replaces (a safety copy, or the damaged bytes set aside), so nothing here can
lose data: the message at the end says where the previous file went. A file
from a newer version, or a damaged one without backups, is refused with the
core's message and left untouched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from ...backup import backup_taken, newest_sound_backup, passed_over_text, restore_backup
from ...errors import DamagedDatabaseError
from ...store import Store, StoreError
from .backup_dialog import BackupDialog

if TYPE_CHECKING:
    from ..annotate.main_window import MainWindow

__all__ = [
    "adopt_store",
    "is_damaged",
    "offer_restore",
    "open_or_recover",
    "recover",
    "restore_from_menu",
    "restore_into",
]

_RESTORE_ERRORS = (StoreError, OSError, sqlite3.Error)
Opener = Callable[[Path], Store]


def is_damaged(exc: StoreError) -> bool:
    """Truncated or garbage, as opposed to newer or busy: a backup may help."""
    return isinstance(exc, DamagedDatabaseError)


def open_or_recover(path: Path, parent: QWidget | None, opener: Opener = Store) -> Store | None:
    """Open ``path``; if it is damaged and a backup exists, offer to restore it."""
    try:
        return opener(path)
    except StoreError as exc:
        return recover(path, exc, parent, opener)


def recover(path: Path, exc: StoreError, parent: QWidget | None, opener: Opener = Store) -> Store | None:
    """After ``exc`` opening ``path``: the message, and the offer to restore the newest sound backup."""
    backup = offer_restore(path, exc, parent)
    if backup is None:
        return None
    taken = describe(path, backup)
    try:
        restored = restore_backup(path, backup)
        store = opener(path)
    except _RESTORE_ERRORS as err:
        QMessageBox.critical(parent, "annotator", f"The backup could not be restored: {err}")
        return None
    QMessageBox.information(
        parent,
        "Backup restored",
        f"{path.name} was restored from {backup.name}, the backup of {taken}.\n"
        f"The damaged file was kept as {restored.kept}.",
    )
    return store


def offer_restore(
    path: Path, exc: StoreError, parent: QWidget | None, *, declined: str = "nothing is changed."
) -> Path | None:
    """``exc`` in a message and, for a damaged file, the offer of its newest sound backup: the one accepted.

    ``declined`` says what happens on No (at launch nothing opens; in the window it reads on).
    """
    backup, passed_over = newest_sound_backup(path) if is_damaged(exc) else (None, [])
    if backup is None:
        none = (
            "\n\nNo backup of it passes SQLite's integrity check:\n" + passed_over_text(passed_over)
            if passed_over
            else ""
        )
        QMessageBox.critical(parent, "annotator", f"{exc}{none}")
        return None
    skipped = (
        "\n\nNewer backups that fail SQLite's integrity check are passed over:\n" + passed_over_text(passed_over)
        if passed_over
        else ""
    )
    answer = QMessageBox.question(
        parent,
        "Damaged database",
        f"{exc}\n\nThe newest sound backup of {path.name} was taken {describe(path, backup)}. "
        f"Restore it?{skipped}\n\n"
        "Yes: the damaged file is kept aside, untouched, and the backup opens.\n"
        f"No: {declined}",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return backup if answer == QMessageBox.StandardButton.Yes else None


def describe(db_path: Path, backup: Path) -> str:
    """When a backup was taken, as a person reads it."""
    found = backup_taken(db_path, backup)
    return f"{found[0].astimezone():%Y-%m-%d %H:%M}" if found else backup.name


def adopt_store(window: MainWindow, store: Store, *, backup_reason: str | None = "start") -> None:
    """Make ``store`` the window's database: undo history cleared, everything re-read.

    The open article reopens where it is now (its place is noted before the
    window lets go of it), not where it was when last left.
    """
    shown = window.current_id
    window.remember_place()
    window.ops.stack.clear()  # its steps describe the previous file
    window.ops.store = store
    window.doc = None
    window.reads.forget()
    window.close_other_windows()  # the review and the report read the previous file
    window.reload_labels()
    window.reload_articles()
    still_there = shown is not None and window.articles.model.row_of(shown) is not None
    window.open_article(shown if still_there else window._first_article(), force=True)
    window._update_title()
    window.safety.store_changed(backup_reason)


def restore_from_menu(window: MainWindow) -> Path | None:
    """File ▸ Restore backup…: choose one and restore it; the safety copy's path."""
    path = window.store.path
    if path is None or window.store.readonly:
        window.message("Backups can be restored only into a database file that can be written.")
        return None
    backup = BackupDialog.choose(path, window)
    return restore_into(window, backup) if backup is not None else None


def restore_into(window: MainWindow, backup: Path) -> Path | None:
    """Replace the window's database with ``backup``; where the previous file was kept."""
    old = window.store
    path = old.path
    if path is None or old.readonly:
        window.message("Backups can be restored only into a database file that can be written.")
        return None
    old.close()  # the core restores only a file nobody has open
    error: Exception | None = None
    kept = None
    try:
        kept = restore_backup(path, backup).kept
    except _RESTORE_ERRORS as exc:
        error = exc
    try:
        store = Store(path)
    except StoreError as exc:  # neither the restored nor the previous file opens: nothing left to show
        QMessageBox.critical(window, "annotator", f"{exc}\nThe window closes; the backups are in {backup.parent}.")
        window.close()
        return None
    adopt_store(window, store, backup_reason=None)
    if error is not None:
        QMessageBox.warning(
            window, "Restore backup", f"The backup was not restored: {error}\nThe database is as it was."
        )
        return None
    _tell_restored(window, backup, kept)
    return kept


def _tell_restored(window: MainWindow, backup: Path, kept: Path | None) -> QMessageBox:
    where = f"The previous file was kept as {kept}." if kept else "There was no previous file to keep."
    window.message(f"Restored from {backup.name}. {where}")
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "Backup restored",
        f"{window.store.path} was restored from {backup.name}.\n\n{where}\nThe undo history was cleared.",
        QMessageBox.StandardButton.Ok,
        window,
    )
    box.open()  # not modal to the application: the window is already usable
    return box
