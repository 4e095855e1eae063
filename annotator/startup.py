"""Opening the database a command or the window works on.

The default database lives in the user's data directory and is filled with
the sample articles the first time it is created, so that a new user sees
something to annotate; any other file is opened as it is.
"""

from __future__ import annotations

from pathlib import Path

from .paths import default_db_path, sample_articles_dir
from .store import Store

__all__ = ["open_store"]


def open_store(path: Path | None = None, *, readonly: bool = False) -> Store:
    """Open ``path``, or the default database (created with the samples on first use)."""
    if path is not None:
        return Store(path, readonly=readonly)
    path = default_db_path()
    fresh = not path.exists()
    store = Store(path, readonly=readonly)
    if fresh and not store.readonly and store.count_articles() == 0:
        from .importers import import_paths

        import_paths(store, [sample_articles_dir()])
    return store
