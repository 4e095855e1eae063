"""An import or a merge never takes a status back (done or skipped to in progress or todo, done <-> skipped):
this file's status is kept and the summary says so. Through the CLI, on real files."""

from __future__ import annotations

from merge_files import TEXT, cli, laptop

from annotator.model import ArticleIn, Status
from annotator.store import Store


def _base(tmp_path):
    db = tmp_path / "s.db"
    with Store(db) as store:
        for n in range(3):
            store.add_article(ArticleIn(text=f"{TEXT} ({n})", title=f"article {n}"))
        store.add_span(1, "alice", "claim", 0, 5)  # in progress on article 1
    return db


def _status(db, article_id, who="alice"):
    with Store(db) as store:
        return store.status(article_id, who)


def test_an_older_export_does_not_take_done_back(tmp_path):
    db = _base(tmp_path)
    out = tmp_path / "ex"
    assert cli("--db", db, "export", "--format", "jsonl", "--out", out, "--annotator", "alice", "-q").returncode == 0
    assert cli("--db", db, "status", "set", "done", "--annotator", "alice", "1").returncode == 0
    run = cli("--db", db, "import", out / "all.jsonl")
    assert run.returncode == 0, run.stderr
    assert "kept done here for 1 article" in run.stdout and "status set" not in run.stdout
    assert "kept alice's 'done' here for article 1 (the file says 'in progress')" in run.stderr
    assert _status(db, 1) is Status.DONE
    again = cli("--db", db, "import", out / "all.jsonl")  # said each time: the file still says otherwise
    assert "kept done here for 1 article" in again.stdout


def test_done_and_skipped_do_not_overwrite_each_other_but_a_step_forward_applies(tmp_path):
    db = _base(tmp_path)
    with Store(db) as store:
        store.set_status(2, "alice", Status.SKIPPED)
        store.set_status(3, "alice", Status.DONE)
    out = tmp_path / "ex"
    assert cli("--db", db, "export", "--format", "jsonl", "--out", out, "--annotator", "alice", "-q").returncode == 0
    with Store(db) as store:  # since the export: 1 done, 2 and 3 swapped
        store.set_status(1, "alice", Status.DONE)
        store.set_status(2, "alice", Status.DONE)
        store.set_status(3, "alice", Status.SKIPPED)
        store.set_status(1, "alice", Status.TODO)  # reopened: the file's 'in progress' is a step forward
    run = cli("--db", db, "import", out / "all.jsonl")
    assert "1 status set, kept done here for 1 article, kept skipped here for 1 article" in run.stdout
    assert [_status(db, n) for n in (1, 2, 3)] == [Status.IN_PROGRESS, Status.DONE, Status.SKIPPED]


def test_a_merge_of_a_newer_reopened_status_keeps_done_here(tmp_path):
    alice = laptop(tmp_path / "alice.db", "alice")  # done
    review = tmp_path / "review.db"
    assert cli("--db", review, "merge", alice).returncode == 0
    with Store(alice) as store:  # later, on her laptop, alice sets it back
        store.set_status(1, "alice", Status.IN_PROGRESS)
    run = cli("--db", review, "merge", alice)
    assert run.returncode == 0, run.stderr
    assert "0 statuses updated" in run.stdout and "kept done here for 1 article" in run.stdout
    assert _status(review, 1) is Status.DONE
    with Store(alice) as store:  # a step forward still comes in
        store.set_status(2, "alice", Status.DONE)
    assert "1 status updated" in cli("--db", review, "merge", alice).stdout
    assert _status(review, 2) is Status.DONE
