"""What another program may have put in a file we are asked to open: its own tables, or code.

A SQLite file without our ``schema_version`` table but with tables is another
program's database (a browser's history, an app's store): turning it into
ours would change that program's data, so it is refused untouched. A trigger
or a view is code annotator never makes; a trigger runs on every edit (one
that deletes other annotators' spans when a span is added is three lines), so
a file holding one is refused too, with the way to remove it.
"""

from __future__ import annotations

import sqlite3

from .display import shown_text

__all__ = ["foreign_code", "foreign_tables"]


def foreign_tables(conn: sqlite3.Connection) -> list[str]:
    """Names of the tables (and other objects) of a file that holds no annotator schema."""
    return [
        shown_text(name)
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
    ]


def foreign_code(conn: sqlite3.Connection) -> str:
    """A sentence naming the triggers and views in the file, or ``""``: annotator makes none."""
    found = [
        f"{kind} '{shown_text(name)}'"
        for kind, name in conn.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY type, name"
        )
    ]
    if not found:
        return ""
    them = "them" if len(found) > 1 else "it"
    return f"it holds {', '.join(found)}, which annotator never makes (another program added {them})"
