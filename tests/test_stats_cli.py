"""``annotator stats`` counts statuses per annotator, todo included, in JSON and in the table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.model import ArticleIn, Status
from annotator.store import Store
from tests.test_cli import run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    with Store(path) as store:
        ids = [
            store.add_article(ArticleIn(text=f"Article number {n} says something.", title=f"t{n}"))[0] for n in range(5)
        ]
        store.set_statuses(ids[:3], "alice", Status.DONE)
        store.add_span(ids[3], "alice", "claim", 0, 7)  # in progress
        store.set_status(ids[0], "bob", Status.SKIPPED)
        store.set_status(ids[1], "bob", Status.DONE)
        store.set_status(ids[1], "bob", Status.TODO)  # reopened: a todo row in the table
        store.annotator_id("carol")  # has not started anything
    return path


def test_json_counts_each_annotators_statuses_and_keeps_the_old_keys(db):
    stats = json.loads(run("--db", db, "stats", "--json").stdout)
    assert stats["by_annotator_status"] == {
        "alice": {"todo": 1, "in progress": 1, "done": 3, "skipped": 0},
        "bob": {"todo": 4, "in progress": 0, "done": 0, "skipped": 1},
        "carol": {"todo": 5, "in progress": 0, "done": 0, "skipped": 0},
    }
    assert stats["by_status"] == {"done": 3, "in progress": 1, "skipped": 1, "todo": 1}
    assert {k: stats[k] for k in ("articles", "spans", "annotators")} == {"articles": 5, "spans": 1, "annotators": 3}
    assert stats["by_annotator"] == {"alice": 1, "bob": 0, "carol": 0}


def test_the_table_has_a_row_per_annotator_and_a_column_per_status(db):
    out = run("--db", db, "stats").stdout.splitlines()
    table = out[out.index("by annotator and status:") + 1 :]
    assert [line.split() for line in table] == [
        ["annotator", "todo", "in", "progress", "done", "skipped"],
        ["alice", "1", "1", "3", "0"],
        ["bob", "4", "0", "0", "1"],
        ["carol", "5", "0", "0", "0"],
    ]
    assert "by status:" in out  # the sum over annotators is still shown


def test_a_database_without_annotators_says_so(tmp_path):
    db = tmp_path / "empty.db"
    with Store(db) as store:
        store.add_article(ArticleIn(text="Nobody has read this yet.", title="t"))
    out = run("--db", db, "stats").stdout
    assert out.endswith("by annotator and status:\n  (no annotators yet)\n")
    assert json.loads(run("--db", db, "stats", "--json").stdout)["by_annotator_status"] == {}
