"""Statuses from imported files: doccano's is_confirmed, Label Studio's completed and cancelled annotations.

Also: every annotator an import names exists afterwards, spans or not, so that agreement can count
an article they finished without tagging anything.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.importers import import_paths
from annotator.model import Status
from annotator.store import Store
from tests.test_cli import run

TEXTS = ["Putin denied plans to invade Ukraine.", "NATO demanded guarantees.", "Nobody confirmed this one."]


def _span(text: str, words: str, label: str) -> list:
    return [text.index(words), text.index(words) + len(words), label]


def _doccano(path: Path, **extra: object) -> Path:
    records = [
        {"text": TEXTS[0], "label": [_span(TEXTS[0], "Putin denied plans", "denial")], "is_confirmed": True},
        {"text": TEXTS[1], "label": [], "is_confirmed": True},  # read, nothing to tag
        {"text": TEXTS[2], "label": [], "is_confirmed": False},
    ]
    path.write_text("".join(json.dumps({**r, **extra}) + "\n" for r in records), "utf-8")
    return path


def _studio(text: str, annotations: list[dict]) -> dict:
    return {"id": 1, "data": {"text": text}, "annotations": annotations, "predictions": []}


def _result(text: str, words: str, label: str) -> dict:
    start = text.index(words)
    return {
        "id": "r1",
        "type": "labels",
        "from_name": "label",
        "to_name": "text",
        "value": {"start": start, "end": start + len(words), "text": words, "labels": [label]},
    }


def _label_studio_export(path: Path) -> Path:
    tasks = [
        _studio(
            TEXTS[0],
            [
                {
                    "id": 1,
                    "completed_by": {"id": 1, "email": "bob@news.org"},
                    "was_cancelled": False,
                    "result": [_result(TEXTS[0], "denied plans", "denial")],
                },
                {"id": 2, "completed_by": {"id": 2, "email": "carol@news.org"}, "was_cancelled": False, "result": []},
                {"id": 3, "completed_by": 7, "was_cancelled": True, "result": []},
            ],
        ),
        _studio(
            TEXTS[1],
            [
                {"id": 4, "completed_by": {"id": 1, "email": "bob@news.org"}, "was_cancelled": True, "result": []},
                {"id": 5, "completed_by": {"id": 1, "email": "bob@news.org"}, "result": []},  # done wins for bob
            ],
        ),
        _studio(TEXTS[2], []),  # nobody annotated it
    ]
    path.write_text(json.dumps(tasks, indent=1), "utf-8")
    return path


def _statuses(db: Path) -> dict[tuple[str, int], str]:
    with Store(db) as store:
        return {
            (name, row.id): row.status.value
            for name in store.annotators()
            for row in store.articles(name)
            if row.status is not Status.TODO
        }


def test_doccano_is_confirmed_marks_done_for_the_importing_annotator(tmp_path: Path) -> None:
    db, path = tmp_path / "a.db", _doccano(tmp_path / "alice.jsonl")
    proc = run("--db", db, "import", path, "--annotator", "alice", "-q")
    assert proc.stdout == "3 imported, 0 duplicates skipped, 0 refused, 1 span, 2 statuses set\n"
    assert _statuses(db) == {("alice", 1): "done", ("alice", 2): "done"}
    again = run("--db", db, "import", path, "--annotator", "alice", "-q")  # nothing changes: nothing said
    assert again.stdout == "0 imported, 3 duplicates skipped, 0 refused\n"


def test_doccano_record_annotator_owns_the_status_and_unowned_ones_are_said(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    run("--db", db, "import", _doccano(tmp_path / "dan.jsonl", annotator="dan"), "-q")
    assert _statuses(db) == {("dan", 1): "done", ("dan", 2): "done"}
    other = tmp_path / "b.db"
    bare = tmp_path / "bare.jsonl"
    bare.write_text(json.dumps({"text": TEXTS[1], "label": [], "is_confirmed": True}) + "\n", "utf-8")
    proc = run("--db", other, "import", bare, "-q")
    assert proc.returncode == 0 and proc.stdout == "1 imported, 0 duplicates skipped, 0 refused\n"
    assert f"note: {bare}:1: its status (is_confirmed) was not set: the file names no annotator;" in proc.stderr
    assert _statuses(other) == {}


def test_label_studio_completed_is_done_and_cancelled_is_skipped(tmp_path: Path) -> None:
    db, path = tmp_path / "ls.db", _label_studio_export(tmp_path / "export.json")
    proc = run("--db", db, "import", path, "-q")
    assert proc.stdout == "3 imported, 0 duplicates skipped, 0 refused, 1 span, 4 statuses set\n"
    assert _statuses(db) == {
        ("bob@news.org", 1): "done",
        ("carol@news.org", 1): "done",
        ("label-studio-7", 1): "skipped",
        ("bob@news.org", 2): "done",
    }
    with Store(db) as store:  # carol and user 7 brought no span, and exist all the same
        assert store.annotators() == ["bob@news.org", "carol@news.org", "label-studio-7"]
    # carol read article 1 and tagged nothing: agreement counts it for her, with every token "O".
    report = json.loads(
        run("--db", db, "agreement", "--annotators", "bob@news.org,carol@news.org", "--format", "json").stdout
    )
    assert [a["article_id"] for a in report["articles"]] == ["1"]
    assert report["articles"][0]["span_counts"] == {"bob@news.org": 1, "carol@news.org": 0}


def test_annotator_option_takes_every_status_done_first(tmp_path: Path, store: Store) -> None:
    result = import_paths(store, [_label_studio_export(tmp_path / "export.json")], annotator="me")
    assert result.statuses == 2 and store.annotators() == ["me"]
    assert [store.status(i, "me") for i in store.article_ids()] == [Status.DONE, Status.DONE, Status.TODO]


def test_an_annotator_imported_without_spans_exists(tmp_path: Path, store: Store) -> None:
    (tmp_path / "plain.txt").write_text("A plain article with no annotations at all.\n", "utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_text(json.dumps({"text": TEXTS[2], "label": []}) + "\n", "utf-8")
    import_paths(store, [tmp_path / "plain.txt"], annotator="bob")
    import_paths(store, [empty], annotator="carol")
    assert store.annotators() == ["bob", "carol"]
    assert store.spans() == []
    failed = import_paths(store, [tmp_path / "missing.txt"], annotator="dave")  # nothing read: nobody added
    assert failed.refused and store.annotators() == ["bob", "carol"]
