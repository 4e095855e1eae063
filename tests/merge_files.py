"""Annotators' database files for the merge tests, built the way the application writes them.

Imported by name (pytest puts this folder on the path).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from annotator.model import ArticleIn, Status
from annotator.store import Store

TEXT = "Putin denied any plan to invade Ukraine. NATO must stop, he demanded. Troops massed at the border."
OTHER = "The Kremlin said troops were on exercises and would go home."


def laptop(
    path: Path,
    who: str = "alice",
    words=(("denial", "denied"), ("threat", "Troops massed")),
    texts=(TEXT, OTHER),
    status: Status | None = Status.DONE,
) -> Path:
    """``who``'s own file: the articles, their spans (label 'threat' is new to a default scheme), done."""
    with Store(path) as store:
        if "threat" not in {lab.name for lab in store.labels.all()}:
            store.labels.add("threat", "#AA0000", "5", "Warns of harm.")
        ids = [store.add_article(ArticleIn(text=t, title=t[:30], origin=f"{who}.txt"))[0] for t in texts]
        for label, word in words:
            at = texts[0].index(word)
            store.add_span(ids[0], who, label, at, at + len(word), note=f"{who}'s note")
        if status is not None:
            store.set_status(ids[0], who, status)
    return path


def tamper(path: Path, sql: str) -> None:
    """Change the file behind the application's back (another program, or a hostile sender)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.executescript(sql)
        conn.commit()
    finally:
        conn.close()


def dump(path: Path) -> list[str]:
    """Every row and schema statement of a database, to compare before and after."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def folder_state(folder: Path) -> dict[str, str]:
    """Name -> SHA-1 of every file in ``folder``, side files included.

    An ``-shm`` that was there counts by its name only: it is SQLite's shared
    memory, in which every reader, even a read-only one, marks what it reads.
    """
    return {
        p.name: "shared memory" if p.name.endswith("-shm") else hashlib.sha1(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def cli(*args, env_extra=None):
    """``annotator ARGS`` in a real process, as a user runs it."""
    env = {k: v for k, v in os.environ.items() if k != "ANNOTATOR_DB"}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True, env=env, timeout=120
    )


_KILLED_WRITER = """
import os, signal, sys
from annotator.model import ArticleIn, Status
from annotator.store import Store
store = Store(sys.argv[1])
text = sys.argv[2]
article_id, _ = store.add_article(ArticleIn(text=text, title=text[:30]))
for word in ("denied", "demanded", "Troops massed"):
    at = text.index(word)
    store.add_span(article_id, "alice", "claim", at, at + len(word))
store.set_status(article_id, "alice", Status.DONE)
os.kill(os.getpid(), signal.SIGKILL)  # the window killed: its WAL (and -shm) stay, holding all of the above
"""


def killed_laptop(path: Path, keep_shm: bool = True) -> Path:
    """alice's file as a killed window leaves it: every transaction still in the ``-wal``.

    ``keep_shm=False``: as copied from her laptop with its WAL but not the ``-shm``.
    """
    subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(path), TEXT], timeout=60)
    assert path.with_name(path.name + "-wal").stat().st_size > 0
    if not keep_shm:
        path.with_name(path.name + "-shm").unlink()
    return path
