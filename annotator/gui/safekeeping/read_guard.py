"""Reads that fail on a damaged page: one handler for every window, and the offer of a backup.

A database can open and still hold a damaged page (an overwritten overflow
page of one article's text, a broken index): SQLite raises
``sqlite3.DatabaseError`` only on the read that touches it, long after the
file opened. Every read the windows make (opening an article, the article
list, a refresh, the span list, the review window, the agreement report, the
dialogs that list labels or annotators) runs under :func:`guarded` or
:meth:`ReadGuard.read`, so such an error reaches :meth:`ReadGuard.failed`
instead of the event loop. It names what cannot be read and, on the first
damaged read of a file, offers its newest sound backup with the offer the
launch makes (:func:`recovery.offer_restore`), once the person is not in the
middle of a dialog. Declined, the windows go on with what they can read.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ...connection import store_error
from ...errors import DamagedDatabaseError, StoreError
from ...store import Store
from .recovery import offer_restore

__all__ = ["ReadGuard", "find_guard", "guarded", "read_error"]

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
_DAMAGE = ("malformed", "not a database", "could not decode")  # what SQLite says of bytes it did not write
GOES_ON = "nothing is changed; the window goes on with the articles it can read."


def read_error(path: Path | None, what: str, exc: sqlite3.DatabaseError) -> StoreError:
    """``exc`` from reading ``what``, in words: damage (a backup may help), or another reason."""
    name = str(path) if path is not None else "the in-memory database"
    if any(word in str(exc).lower() for word in _DAMAGE):
        return DamagedDatabaseError(f"{name} is damaged: {what} cannot be read (SQLite: {exc})")
    return StoreError(f"{what} cannot be read: {store_error(path, exc)}")


class ReadGuard(QObject):
    """Where every failed read of one window's database goes; offers the newest sound backup once per file."""

    damaged = Signal(str)  # the notice: the file is damaged, and what cannot be read ("" once another opens)

    def __init__(
        self,
        parent: QWidget,
        store: Callable[[], Store],
        say: Callable[[str], None],
        restore: Callable[[Path], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self._widget = parent
        self._store = store
        self._say = say
        self._restore = restore
        self.unreadable: list[str] = []  # what could not be read from the present file
        self._seen: Store | None = None
        self._asked: set[tuple[object, ...]] = set()  # files whose backup was offered (or could not be)
        self._pending: DamagedDatabaseError | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._offer)

    def read(self, what: str, fn: Callable[[], T], say: Callable[[str], None] | None = None) -> T | None:
        """``fn()``, or ``None`` when it could not read (the handler has told the person)."""
        try:
            return fn()
        except sqlite3.DatabaseError as exc:
            self.failed(what, exc, say)
            return None

    def failed(self, what: str, exc: sqlite3.DatabaseError, say: Callable[[str], None] | None = None) -> StoreError:
        """The one handler: say what cannot be read; on damage, offer a backup (later, from the event loop)."""
        store = self._store()
        if store is not self._seen:
            self._seen, self.unreadable = store, []
        err = read_error(store.path, what, exc)
        if what not in self.unreadable:
            self.unreadable.append(what)
        (say or self._say)(str(err))
        if isinstance(err, DamagedDatabaseError):
            self.damaged.emit(self.notice())
            if _file(store) not in self._asked and self._pending is None:
                self._pending = err
                self._timer.start(0)  # not inside the read: the caller finishes first
        return err

    def idle(self) -> bool:
        """No offer waiting to be made (tests wait for this instead of for time)."""
        return self._pending is None

    def notice(self) -> str:
        """The file is damaged, what cannot be read from it, and the way back."""
        store = self._store()
        name = store.path.name if store.path is not None else "This database"
        shown = ", ".join(self.unreadable[-3:]) + (" and more" if len(self.unreadable) > 3 else "")
        return (
            f"<b>{name} is damaged</b>: {shown} cannot be read. The rest can be read and edited; "
            "File ▸ Restore backup… puts a backup back (the damaged file is kept)."
        )

    def forget(self) -> None:
        """Another file is open (File ▸ Open, a restore): nothing of it is known to be unreadable."""
        self.unreadable = []
        self._seen = self._store()
        self.damaged.emit("")

    def _offer(self) -> None:
        if QApplication.activeModalWidget() is not None:
            self._timer.start(200)  # after the dialog open now: a restore must not pull the file from under it
            return
        err, self._pending = self._pending, None
        store = self._store()
        if err is None or _file(store) in self._asked:
            return
        self._asked.add(_file(store))  # once per file, whatever the answer (a refused restore too)
        if store.path is None or store.readonly or self._restore is None:
            QMessageBox.warning(
                self._widget, "Damaged database", f"{err}\n\nThe window goes on with the articles it can read."
            )
            return
        backup = offer_restore(store.path, err, self._widget, declined=GOES_ON)
        if backup is not None:
            self._restore(backup)


def _file(store: Store) -> tuple[object, ...]:
    """The file on disk a store reads: a restore puts a new one (a new inode) under the same name."""
    if store.path is None:
        return (id(store),)
    try:
        return (str(store.path), store.path.stat().st_ino)
    except OSError:
        return (str(store.path),)


def find_guard(widget: QObject | None) -> ReadGuard | None:
    """The guard of ``widget`` or of the nearest window above it that has one."""
    while widget is not None:
        guard = getattr(widget, "reads", None)
        if isinstance(guard, ReadGuard):
            return guard
        widget = widget.parent()
    return None


def guarded(what: str | Callable[..., str]) -> Callable[[F], F]:
    """A method whose reads may fail: the error goes to the guard, and the method returns ``None``.

    ``what`` names what was being read, or computes it from the method's arguments.
    """

    def wrap(method: F) -> F:
        @functools.wraps(method)
        def run(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except sqlite3.DatabaseError as exc:
                guard = find_guard(self)
                if guard is None:
                    raise
                name = what(self, *args, **kwargs) if callable(what) else what
                guard.failed(name, exc, getattr(self, "message", None))
                return None

        return run  # type: ignore[return-value]

    return wrap
