"""Errors the core raises for the person at the keyboard, not for a programmer."""

from __future__ import annotations

__all__ = ["StoreError"]


class StoreError(Exception):
    """A problem with the database file, worded for the person who chose it."""
