"""Who finished what survives our own round trips: JSON Lines, Label Studio and doccano.

Every test exports and imports through the command line on real database files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.model import ArticleIn, Status
from annotator.store import Store
from tests.test_cli import run

TEXTS = [
    "Putin denied plans to invade Ukraine.",
    "NATO demanded guarantees.",
    "Nobody confirmed this one.",
    "A fourth article, read by nobody.",
]


def statuses(db: Path) -> dict[tuple[str, str], str]:
    """(annotator, article text's first word) -> status, todo left out."""
    with Store(db) as store:
        first = {i: store.article(i).text.split()[0] for i in store.article_ids()}
        return {
            (name, first[row.id]): row.status.value
            for name in store.annotators()
            for row in store.articles(name)
            if row.status is not Status.TODO
        }


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """alice: a span and done, skipped, in progress (a span); bob: done with no span; carol: nothing."""
    path = tmp_path / "team.db"
    with Store(path) as store:
        ids = [store.add_article(ArticleIn(text=t, title=f"t{n}"))[0] for n, t in enumerate(TEXTS)]
        store.add_span(ids[0], "alice", "denial", 0, 12)
        store.add_span(ids[2], "alice", "claim", 7, 16)
        store.set_status(ids[0], "alice", Status.DONE)
        store.set_status(ids[1], "alice", Status.SKIPPED)  # skipped without a span
        store.set_status(ids[0], "bob", Status.DONE)  # read it and found nothing to tag
        store.set_status(ids[1], "bob", Status.DONE)
        store.annotator_id("carol")
    assert statuses(path) == {
        ("alice", "Putin"): "done",
        ("alice", "NATO"): "skipped",
        ("alice", "Nobody"): "in progress",
        ("bob", "Putin"): "done",
        ("bob", "NATO"): "done",
    }
    return path


def export(db: Path, out: Path, fmt: str, *who: str) -> None:
    run("--db", db, "export", "--format", fmt, "--out", out, *(who or ("--all-annotators",)), "-q")


def test_json_lines_carries_statuses_and_the_round_trip_keeps_them_byte_for_byte(db, tmp_path):
    export(db, tmp_path / "one", "jsonl")
    lines = [json.loads(line) for line in (tmp_path / "one" / "all.jsonl").read_text("utf-8").splitlines()]
    assert [line["statuses"] for line in lines] == [
        {"alice": "done", "bob": "done"},
        {"alice": "skipped", "bob": "done"},
        {"alice": "in progress"},
        {},
    ]
    copy = tmp_path / "copy.db"
    proc = run("--db", copy, "import", tmp_path / "one" / "all.jsonl", "-q")
    assert proc.stdout == "4 imported, 0 duplicates skipped, 0 refused, 2 spans, 5 statuses set\n"
    assert statuses(copy) == statuses(db)
    export(copy, tmp_path / "two", "jsonl")
    assert (tmp_path / "two" / "all.jsonl").read_bytes() == (tmp_path / "one" / "all.jsonl").read_bytes()


def test_only_the_exported_annotators_statuses_are_written(db, tmp_path):
    export(db, tmp_path / "out", "jsonl", "--annotator", "bob")
    lines = [json.loads(line) for line in (tmp_path / "out" / "all.jsonl").read_text("utf-8").splitlines()]
    assert [line["statuses"] for line in lines] == [{"bob": "done"}, {"bob": "done"}, {}, {}]


def test_a_bad_status_in_our_format_is_refused_by_name_and_the_rest_kept(tmp_path):
    record = {
        "id": 1,
        "text": TEXTS[0],
        "metadata": {"title": "t", "sha256": "x", "meta": {}},
        "spans": [],
        "statuses": {"alice": "finished", "bob": "done"},
    }
    path = tmp_path / "edited.jsonl"
    path.write_text(json.dumps(record) + "\n", "utf-8")
    proc = run("--db", tmp_path / "a.db", "import", path, "-q", check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert (
        f"refused: {path}:1: 'statuses': the status 'finished' of 'alice' is not one of todo, in progress, "
        "done, skipped"
    ) in proc.stderr
    assert statuses(tmp_path / "a.db") == {("bob", "Putin"): "done"}


def _tasks(out: Path) -> list[dict]:
    return json.loads((out / "all.json").read_text("utf-8"))


def test_label_studio_writes_an_annotation_for_whoever_finished_or_skipped(db, tmp_path):
    export(db, tmp_path / "out", "label-studio")
    tasks = _tasks(tmp_path / "out")
    shape = [
        [
            (name, len(a["result"]), a.get("was_cancelled", False))
            for name, a in zip(t["data"]["annotators"], t["annotations"], strict=True)
        ]
        for t in tasks
    ]
    assert shape == [
        [("alice", 1, False), ("bob", 0, False)],  # bob finished it with no span
        [("alice", 0, True), ("bob", 0, False)],  # alice skipped it
        [("alice", 1, False)],  # in progress, with a span: Label Studio has no "in progress"
        [],
    ]
    assert [t["data"]["statuses"] for t in tasks] == [
        {"alice": "done", "bob": "done"},
        {"alice": "skipped", "bob": "done"},
        {"alice": "in progress"},
        {},
    ]


def test_label_studio_export_imported_again_keeps_who_finished_what(db, tmp_path):
    export(db, tmp_path / "out", "label-studio")
    copy = tmp_path / "copy.db"
    proc = run("--db", copy, "import", tmp_path / "out" / "all.json", "-q")
    assert proc.stdout == "4 imported, 0 duplicates skipped, 0 refused, 2 spans, 5 statuses set\n"
    assert statuses(copy) == statuses(db)
    with Store(copy) as store:
        assert store.annotators() == ["alice", "bob"]
        assert "annotators" not in store.article(1).meta and "statuses" not in store.article(1).meta


def test_the_annotations_alone_are_read_as_statuses(db, tmp_path):
    """Without data.statuses (an export of ours before it had them): completed is done, cancelled skipped."""
    export(db, tmp_path / "out", "label-studio")
    tasks = _tasks(tmp_path / "out")
    for t in tasks:
        del t["data"]["statuses"]
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps(tasks), "utf-8")
    copy = tmp_path / "copy.db"
    run("--db", copy, "import", path, "-q")
    assert statuses(copy) == {**statuses(db), ("alice", "Nobody"): "done"}  # what an annotation means there


def test_doccano_with_one_annotator_writes_is_confirmed_and_it_comes_back(db, tmp_path):
    export(db, tmp_path / "out", "doccano", "--annotator", "alice")
    lines = [json.loads(line) for line in (tmp_path / "out" / "all.jsonl").read_text("utf-8").splitlines()]
    assert [line["is_confirmed"] for line in lines] == [True, False, False, False]
    copy = tmp_path / "copy.db"
    run("--db", copy, "import", tmp_path / "out" / "all.jsonl", "--annotator", "alice", "-q")
    assert statuses(copy) == {("alice", "Putin"): "done"}  # doccano knows confirmed or not, nothing else


def test_doccano_with_several_annotators_says_nothing_it_cannot_attribute(db, tmp_path):
    export(db, tmp_path / "out", "doccano")
    lines = [json.loads(line) for line in (tmp_path / "out" / "all.jsonl").read_text("utf-8").splitlines()]
    assert all("is_confirmed" not in line for line in lines)
