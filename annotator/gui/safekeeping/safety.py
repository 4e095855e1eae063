"""Nothing lost, whatever happens: the window's rolling backups, read-only notice and refresh.

Anki's rule, kept here: back up when the file opens, every few minutes of
editing when something changed, and always before a risky operation
(:func:`backup_before`). Backups use the core's :func:`take_backup` (SQLite's
online backup API), never a file copy of the live database. A backup that
cannot be written is a warning in the status bar, never an error dialog and
never a crash: the edits themselves are safe in the database.

The same object keeps the person told what state the file is in: a banner
above the article and the status bar say when it is read-only, the status
bar says when the last backup was taken, and the window re-reads the file
when it comes back to the front (another window or command may have written
to it meanwhile) or on View ▸ Refresh.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from ...backup import DEFAULT_KEEP, backup_if_changed, backup_taken, latest_backup, take_backup
from ...store import Store, StoreError

if TYPE_CHECKING:
    from ..annotate.main_window import MainWindow

__all__ = ["BACKUP_KEEP", "SafetyNet", "backup_before", "backup_or_why", "refresh", "saved_state"]

BACKUP_KEEP = DEFAULT_KEEP  # rolling backups kept beside the database (10)
_BACKUP_ERRORS = (StoreError, OSError, sqlite3.Error)
_WARN = "color: #b9770e; font-weight: bold"
_BANNER = "background: #fdebd0; color: #6e2c00; border: 1px solid #e59866; border-radius: 3px; padding: 4px 8px"


def backup_before(window: MainWindow, reason: str) -> Path | None:
    """Back up the window's database before a risky operation (merge, restore…).

    Returns the backup written, or ``None`` when none could be made (an
    in-memory or read-only database, or a failure the status bar now shows);
    :func:`backup_or_why` tells the two apart for a caller that must not go on without one.
    """
    return window.safety.backup(reason)


def backup_or_why(window: MainWindow, reason: str) -> tuple[Path | None, str]:
    """:func:`backup_before`, and why the backup could not be written (``""``: it was, or a database
    in memory or read-only has nothing to back up)."""
    store = window.store
    if store.path is None or store.readonly:
        return None, ""
    path = backup_before(window, reason)
    return path, "" if path is not None else (window.safety.last_error or "it could not be written")


def saved_state(store: Store, ok: bool, message: str) -> tuple[str, str, str]:
    """Text, tooltip and style of the status bar's "saved" indicator."""
    if store.readonly:
        return "read-only: nothing can be changed", f"{store.path} cannot be written", _WARN
    if ok:
        return "✔ all changes saved", "Every change is written to the database as you make it", ""
    short = message.replace(str(store.path), store.path.name) if store.path else message
    short = short.replace("; the last change was not saved", "")  # the indicator says so already
    if len(short) > 90:
        short = short[:89] + "…"
    return f"✘ last change NOT saved: {short}", message, "color: #c0392b; font-weight: bold"


def refresh(window: MainWindow, *, labels: bool = True) -> bool:
    """Re-read what another window or command may have written; whether the open article changed."""
    store = window.store
    if labels:
        store.labels.forget()
        window.reload_labels()
    window.reload_articles()
    doc = window.doc
    if doc is None:  # none open, or the current one could not be read: try it (or the first) again
        current = window.current_id
        window.open_article(current if current is not None else window._first_article(), force=True)
        return window.doc is not None
    annotators = None if window.settings.show_all else [window.annotator]
    fresh = window.reads.read(
        f"the spans of {window.article_name(doc.id)}", lambda: {s.id: s for s in store.spans(doc.id, annotators)}
    )
    if fresh is None or fresh == doc.spans:
        return False
    scroll = window.view.verticalScrollBar().value()
    window.open_article(doc.id, force=True)
    window.view.verticalScrollBar().setValue(scroll)
    return True


class SafetyNet(QObject):
    """Backups, the read-only banner and refresh-on-return for one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.last_backup: Path | None = None
        self.last_error = ""
        self._backed_up_state: tuple[int, ...] = ()
        self.label = QLabel()
        self.label.setContentsMargins(8, 0, 8, 0)
        window.statusBar().addPermanentWidget(self.label)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(_BANNER)
        layout = window.pane.layout()
        assert layout is not None
        layout.insertWidget(0, self.banner)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.set_interval(window.settings.backup_minutes)
        self._left = False  # set when the window loses the focus; coming back refreshes
        window.installEventFilter(self)
        self.store_changed()

    # -- the database ------------------------------------------------------------

    def store_changed(self, backup_reason: str | None = "start") -> None:
        """A database was opened (at start, File ▸ Open, restore): the notice, and a first backup."""
        store = self.window.store
        self.banner.setVisible(store.readonly)
        self.banner.setText(
            f"<b>{store.path.name if store.path else 'This database'} is open read-only</b>: "
            "the file or its folder cannot be written. You can read and export; "
            "tagging and other changes are refused."
        )
        self.window._set_saved(True, "")
        self.last_backup, self.last_error = None, ""
        self._backed_up_state = store.change_marker()  # backed up (or restored) as it is now
        if store.path is None or store.readonly:
            self.label.setText("" if store.path is None else "no backups (read-only)")
            self.label.setStyleSheet("")
            return
        self.label.setText("")
        if backup_reason:
            self.backup(backup_reason)

    # -- backups --------------------------------------------------------------------

    def set_interval(self, minutes: float) -> None:
        """Back up every ``minutes`` of editing (0 turns the timer off)."""
        if minutes > 0:
            self.timer.start(int(minutes * 60_000))
        else:
            self.timer.stop()

    def changed_since_backup(self) -> bool:
        """Whether the file was written since the last backup (by anyone, imports included)."""
        return self.window.store.change_marker() != self._backed_up_state

    def tick(self) -> Path | None:
        """The timer: a rolling backup if something changed since the last one."""
        store = self.window.store
        if store.path is None or store.readonly or not self.changed_since_backup():
            return None
        if QApplication.activeModalWidget() is not None:
            return None  # an import may be half-way through a batch: the next tick backs up
        return self.backup("auto")

    def backup(self, reason: str) -> Path | None:
        """Take a rolling backup now; a failure is a status-bar warning."""
        store = self.window.store
        if store.path is None or store.readonly:
            return None
        state = store.change_marker()
        try:
            if reason == "start":  # opening a file changes nothing: no copy of what the newest backup holds
                path = backup_if_changed(store, keep=BACKUP_KEEP, reason=reason) or latest_backup(store.path)
            else:
                path = take_backup(store, keep=BACKUP_KEEP, reason=_slug(reason))
        except _BACKUP_ERRORS as exc:
            self._failed(str(exc) or type(exc).__name__)
            return None
        assert path is not None
        self._backed_up_state = state
        self.last_backup, self.last_error = path, ""
        taken = backup_taken(store.path, path)
        self.label.setText(f"Backed up {(taken[0].astimezone() if taken else datetime.now()):%H:%M}")
        self.label.setToolTip(f"Last backup: {path}\n(File ▸ Restore backup… lists them all)")
        self.label.setStyleSheet("")
        return path

    def _failed(self, reason: str) -> None:
        self.last_error = reason
        self.label.setText("⚠ backup failed")
        self.label.setToolTip(reason)
        self.label.setStyleSheet(_WARN)
        self.window.message(f"Could not back up the database: {reason}. Your edits are still saved.")

    # -- coming back to the window ------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.timer.stop()  # the store may be closed next; nothing more to back up from here
        elif watched is self.window and event.type() == QEvent.Type.ActivationChange:
            if not self.window.isActiveWindow():
                self._left = True
            elif self._left:  # back from elsewhere: another instance may have written meanwhile
                self._left = False
                try:
                    refresh(self.window, labels=False)  # its reads report their own failures (read_guard)
                except StoreError as exc:
                    self.window.message(f"Could not re-read the database: {exc}")
        return False


def _slug(reason: str) -> str:
    """A reason fit for a file name: ``before merge`` becomes ``before-merge``."""
    return re.sub(r"[^A-Za-z0-9_]+", "-", reason).strip("-")[:40]
