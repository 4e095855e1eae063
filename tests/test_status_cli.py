"""`annotator status`: finishing articles without the window, through the command line on real files."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from annotator.model import ArticleIn, Status
from annotator.store import Store
from tests.test_cli import run

TITLES = ["Putin denies plans", "NATO demands guarantees", "Kyiv confirms talks", "Geneva hosts talks"]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    with Store(path) as store:
        for title in TITLES:
            store.add_article(ArticleIn(text=f"{title}, officials said on Monday.", title=title))
        store.annotator_id("alice")
        store.annotator_id("bob")
    return path


def _statuses(db: Path, who: str) -> dict[int, str]:
    lines = run("--db", db, "status", "list", "--annotator", who, "--json").stdout.splitlines()
    return {row["id"]: row["status"] for row in map(json.loads, lines)}


def test_set_by_ids_search_and_all_then_list(db: Path) -> None:
    assert (
        run("--db", db, "status", "set", "done", "--annotator", "alice", "1", "3").stdout
        == "alice: 2 articles set to done (2 changed)\n"
    )
    # Ids and --search together take both; an article already done is counted, not changed.
    proc = run("--db", db, "status", "set", "DONE", "--annotator", "alice", "3", "--search", "geneva")
    assert proc.stdout == "alice: 2 articles set to done (1 changed; 1 was already done)\n"
    run("--db", db, "status", "set", "in-progress", "--annotator", "bob", "--all")
    assert _statuses(db, "alice") == {1: "done", 2: "todo", 3: "done", 4: "done"}
    assert _statuses(db, "bob") == {1: "in progress", 2: "in progress", 3: "in progress", 4: "in progress"}
    table = run("--db", db, "status", "list", "--annotator", "alice").stdout.splitlines()
    assert table[0].split()[:2] == ["1", "done"] and table[-1] == "alice: 4 articles (1 todo, 3 done)"
    only = run("--db", db, "status", "list", "--annotator", "alice", "--status", "todo").stdout
    assert only.splitlines()[-1] == "alice: 1 article (1 todo)"
    # Back to todo: existing statuses are reopened; an article never started stays without a row.
    assert (
        run("--db", db, "status", "set", "todo", "--annotator", "alice", "--all").stdout
        == "alice: 4 articles set to todo (3 changed; 1 was already todo)\n"
    )


def test_an_unchanged_status_keeps_its_time(db: Path) -> None:
    run("--db", db, "status", "set", "skipped", "--annotator", "bob", "2")
    with Store(db) as store:
        first = store.conn.execute("SELECT updated_at FROM article_status").fetchall()
    run("--db", db, "status", "set", "skipped", "--annotator", "bob", "2")
    with Store(db) as store:
        assert store.conn.execute("SELECT updated_at FROM article_status").fetchall() == first
        assert store.status(2, "bob") is Status.SKIPPED


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["set", "done", "--annotator", "alice", "2", "99"], 1, "no article with id 99; nothing was changed"),
        (["set", "done", "--annotator", "alcie", "2"], 1, "no annotator named 'alcie'; known: alice, bob"),
        (["set", "done", "--annotator", "alice", "--search", "Mars"], 1, "no article's title or text contains 'Mars'"),
        (["list", "--annotator", "zed"], 1, "no annotator named 'zed'"),
        (["set", "finished", "--annotator", "alice", "2"], 2, "'finished' is not a status"),
        (["set", "done", "--annotator", "alice"], 2, "name the articles: ids, --search TEXT or --all"),
        (["set", "done", "--annotator", "alice", "--all", "2"], 2, "--all takes every article"),
        (["set", "done", "2"], 2, "Missing option '--annotator'"),
        (["set", "done", "--annotator", "alice", "two"], 2, "'two' is not a valid integer"),
    ],
)
def test_mistakes_change_nothing_and_exit_as_the_readme_says(
    db: Path, args: list[str], code: int, message: str
) -> None:
    before = db.read_bytes()
    proc = run("--db", db, "status", *args, check=False)
    assert proc.returncode == code, proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert db.read_bytes() == before


def test_a_missing_or_read_only_database_is_refused(db: Path, tmp_path: Path) -> None:
    proc = run("--db", tmp_path / "nope.db", "status", "set", "done", "--annotator", "a", "1", check=False)
    assert proc.returncode == 1 and "no such database" in proc.stderr
    assert not (tmp_path / "nope.db").exists()
    db.chmod(0o444)
    try:
        proc = run("--db", db, "status", "set", "done", "--annotator", "alice", "--all", check=False)
    finally:
        db.chmod(0o644)
    assert proc.returncode == 1 and "read-only" in proc.stderr
    assert set(_statuses(db, "alice").values()) == {"todo"}


def test_a_full_disk_sets_no_status_at_all(tmp_path: Path) -> None:
    """Every status of one command is one transaction: the disk fills half-way, none is set."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], check=True)
    try:
        db = disk / "big.db"
        with Store(db) as store:
            store.import_articles([ArticleIn(text=f"Article number {i}.", title=f"A{i}") for i in range(2000)])
            store.annotator_id("alice")
        free = os.statvfs(disk)
        (disk / "filler").write_bytes(b"\0" * (free.f_bavail * free.f_frsize - 24 * 1024))
        proc = run("--db", db, "status", "set", "done", "--annotator", "alice", "--all", check=False)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert "full" in proc.stderr.lower()
        (disk / "filler").unlink()
        with Store(db) as store:
            assert store.conn.execute("SELECT count(*) FROM article_status").fetchone()[0] == 0
            assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_status_commands_have_help() -> None:
    for command in ("set", "list"):
        assert "Usage: annotator status " + command in run("status", command, "--help").stdout
