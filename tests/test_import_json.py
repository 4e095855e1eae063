"""JSON documents: Label Studio exports, arrays, a single object, and malformed files."""

import json

from annotator.importers import import_paths
from annotator.importers.records import NO_ANNOTATOR

TEXT = "Putin denies plans to invade. 😀 He demands guarantees."


def studio_task(task_id, text, annotations, **extra):
    return {"id": task_id, "data": {"text": text, **extra}, "annotations": annotations, "predictions": []}


def labels_result(start, end, text, *labels, rid="r1"):
    return {
        "id": rid,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": text, "labels": list(labels)},
    }


def write_json(path, obj):
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2), "utf-8")
    return path


def snapshot(store):
    tables = ("articles", "spans", "annotators", "labels", "article_status")
    counts = {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    return store.stats(), counts


def test_label_studio_export(store, tmp_path):
    deny, demand = TEXT.index("denies"), TEXT.index("demands")
    export = [
        studio_task(
            1,
            TEXT,
            [
                {
                    "id": 10,
                    "completed_by": 3,
                    "result": [
                        labels_result(deny, deny + 6, "denies", "denial"),
                        labels_result(
                            demand + 1, demand + 8, "demands", "demand", rid="r2"
                        ),  # UTF-16 (after the emoji)
                        {
                            "id": "c1",
                            "type": "choices",
                            "from_name": "sentiment",
                            "to_name": "text",
                            "value": {"choices": ["negative"]},
                        },
                    ],
                }
            ],
            title="From data",
        ),
        studio_task(
            2,
            "Second task text",
            [
                {
                    "completed_by": {"id": 4, "email": "eve@example.org"},
                    "result": [labels_result(0, 6, "Second", "claim", "evidence")],
                },
                {"completed_by": 5, "was_cancelled": True, "result": []},
            ],
        ),
    ]
    path = write_json(tmp_path / "export.json", export)
    result = import_paths(store, [path])
    assert result.summary() == "2 imported, 0 duplicates skipped, 0 refused, 4 spans, 3 statuses set"
    first, second = (store.article(i) for i in store.article_ids())
    assert first.title == "From data"
    assert first.origin == f"{path}:2"  # the line where the record starts
    assert first.meta["id"] == 1 and first.meta["predictions"] == []
    assert [(s.label, s.annotator, s.text) for s in store.spans(first.id)] == [
        ("denial", "label-studio-3", "denies"),
        ("demand", "label-studio-3", "demands"),
    ]
    assert [(s.label, s.annotator) for s in store.spans(second.id)] == [
        ("claim", "eve@example.org"),
        ("evidence", "eve@example.org"),
    ]
    assert any("1 span repaired" in n for n in result.notes)
    assert any("not text spans" in n for n in result.notes)


def test_annotator_argument_replaces_completed_by(store, tmp_path):
    path = write_json(
        tmp_path / "ls.json",
        [studio_task(1, TEXT, [{"completed_by": 3, "result": [labels_result(6, 12, "denies", "denial")]}])],
    )
    import_paths(store, [path], annotator="me")
    assert [s.annotator for s in store.spans()] == ["me"]


def test_label_studio_json_min(store, tmp_path):
    path = write_json(
        tmp_path / "min.json",
        [
            {
                "id": 1,
                "text": TEXT,
                "annotator": 2,
                "label": [{"start": 6, "end": 12, "text": "denies", "labels": ["denial"]}],
            },
        ],
    )
    import_paths(store, [path])
    assert [(s.start, s.end, s.label, s.annotator) for s in store.spans()] == [(6, 12, "denial", "2")]


def test_a_single_object(store, tmp_path):
    path = write_json(tmp_path / "one.json", {"text": "Just one", "title": "One", "source": "Reuters"})
    result = import_paths(store, [path])
    assert [o for o, _ in result.imported] == [f"{path}:1"]
    article = store.article(store.article_ids()[0])
    assert (article.title, article.source) == ("One", "Reuters")


def test_json_lines_in_a_json_file(store, tmp_path):
    path = tmp_path / "misnamed.json"
    path.write_text('{"text": "one"}\n{"text": "two"}\n{bad\n', "utf-8")
    result = import_paths(store, [path])
    assert [o for o, _ in result.imported] == [f"{path}:1", f"{path}:2"]
    assert [o for o, _ in result.refused] == [f"{path}:3"]


def test_malformed_json_file_adds_nothing(store, tmp_path):
    import_paths(store, [write_json(tmp_path / "ok.json", [{"text": "already here"}])])
    before = snapshot(store)
    path = tmp_path / "broken.json"
    path.write_text('[\n{"text": "a", "label": [[0, 1, "claim"]]},\n{"text": "b",,}\n]', "utf-8")
    result = import_paths(store, [path], annotator="a")
    assert snapshot(store) == before
    ((origin, reason),) = result.refused
    assert origin == str(path) and "line 3" in reason


def test_empty_array_and_wrong_shapes(store, tmp_path):
    write_json(tmp_path / "empty.json", [])
    write_json(tmp_path / "number.json", 42)
    write_json(tmp_path / "strings.json", ["a", "b"])
    result = import_paths(store, [tmp_path])
    assert store.count_articles() == 0
    reasons = dict(result.refused)
    assert "no records" in reasons[str(tmp_path / "empty.json")]
    assert "object" in reasons[f"{tmp_path / 'number.json'}:1"]
    assert len(result.refused) == 4


def test_spans_need_an_annotator_in_a_json_file(store, tmp_path):
    path = write_json(tmp_path / "d.json", [{"text": "abc def", "label": [[0, 3, "claim"]]}])
    result = import_paths(store, [path])
    assert store.count_articles() == 1
    assert result.refused == [(f"{path}:2", f"1 span not imported: {NO_ANNOTATOR}")]


def test_records_of_a_one_line_array_are_told_apart(store, tmp_path):
    path = tmp_path / "min.json"
    path.write_text(json.dumps([{"text": "first article"}, {"text": ""}, {"text": "third article"}]), "utf-8")
    result = import_paths(store, [path])
    assert [origin for origin, _ in result.imported] == [f"{path}:1 (record 1)", f"{path}:1 (record 3)"]
    assert result.refused[0][0] == f"{path}:1 (record 2)"
