"""Counts in the export's summary line and its dataset card are in the right number ("1 span")."""

from __future__ import annotations

from pathlib import Path

from annotator import adjudication as adj
from annotator.model import ArticleIn, Status
from annotator.store import Store
from tests.test_cli import run

TEXT = "Putin denied the report. NATO demanded guarantees."


def test_one_re_aligned_span_is_said_in_the_singular(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Store(db) as store:
        article, _ = store.add_article(ArticleIn(text=TEXT, title="A"))
        store.add_span(article, "alice", "denial", 6, 10)  # "deni": ends mid-word, BIO widens it to the token
    out = tmp_path / "out"
    proc = run("--db", db, "export", "--format", "conll", "--out", out, "--all-annotators", "-q")
    assert proc.stdout == f"exported 1 article and 1 span as conll to {out} (1 span re-aligned; see README.md)\n"
    card = (out / "README.md").read_text("utf-8")
    assert "1 span was selected; 1 was written." in card


def test_gold_of_the_one_reviewed_article_is_said_in_the_singular(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Store(db) as store:
        article, _ = store.add_article(ArticleIn(text=TEXT, title="A"))
        for who in ("alice", "bob"):
            store.add_span(article, who, "denial", 6, 12)
        adj.accept_agreed(store, article, ["alice", "bob"])
        store.set_status(article, adj.GOLD, Status.DONE)
    out = tmp_path / "gold"
    run("--db", db, "export", "--format", "jsonl", "--out", out, "--annotator", "gold", "-q")
    card = (out / "README.md").read_text("utf-8")
    assert (
        "The one article that two or more annotators worked on is marked adjudicated, and no review item is "
        "left undecided."
    ) in card
