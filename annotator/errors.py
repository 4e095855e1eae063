"""Errors the core raises for the person at the keyboard, not for a programmer."""

from __future__ import annotations

__all__ = ["ChangedElsewhereError", "DamagedDatabaseError", "StoreError"]


class StoreError(Exception):
    """A problem with the database file, worded for the person who chose it."""


class DamagedDatabaseError(StoreError):
    """The file is truncated, overwritten or not a database: a backup may restore it."""


class ChangedElsewhereError(StoreError):
    """The row an edit or undo step names is no longer what that step saw: nothing was changed."""
