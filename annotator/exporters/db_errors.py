"""SQLite errors met while an export reads the store, as sentences for the person exporting.

A damaged page (a disk fault, a file copied while written) surfaces only when
the export reaches it, as ``sqlite3.DatabaseError: database disk image is
malformed``, perhaps deep inside ``datasets``. Whatever the format, the person
learns which file is damaged and how to put a backup back, and nothing is
left under ``--out`` (the temporary folder is removed on the way out). The
backup named is the newest one that passes the check, the one ``restore``
puts back; newer ones that fail it are named with the reason.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..backup import how_to_restore
from ..connection import store_error
from ..errors import DamagedDatabaseError
from ..store import Store
from .base import ExportError
from .source import undecodable_text

__all__ = ["readable"]


@contextlib.contextmanager
def readable(store: Store) -> Iterator[None]:
    """Run an export's reads; a database error becomes an ``ExportError`` naming the file."""
    where = str(store.path) if store.path is not None else "the in-memory database"
    # The window reads bytes another program stored as lone surrogates (to show the rest); an export
    # must not write them, so it reads strictly and names the row that holds them.
    lenient, store.conn.text_factory = store.conn.text_factory, str
    try:
        with undecodable_text(f"{where}: a label or annotator"):
            yield
    except sqlite3.DatabaseError as exc:
        raise ExportError(_message(store, exc)) from exc
    finally:
        store.conn.text_factory = lenient


def _message(store: Store, exc: sqlite3.DatabaseError) -> str:
    error = store_error(store.path, exc)
    if not isinstance(error, DamagedDatabaseError) or store.path is None:
        return f"{error}; nothing was exported"
    db = os.path.abspath(store.path)
    return (
        f"{db} is damaged: the export stopped reading it ({exc}) and nothing was exported. {how_to_restore(Path(db))}"
    )
