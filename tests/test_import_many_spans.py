"""A record's spans after its first: the checks hold for every span, not only the first of a label.

Bulk imports place the common span (a label already seen, whole-number code-point offsets inside the
text) without the full path, and write a batch's spans with one statement; these tests put every
kind of bad or unusual span after good ones of the same label, and across batches.
"""

import json

from annotator.importers import import_paths
from annotator.store import Store


def write_jsonl(path, *records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def spans_of(store):
    return [(s.start, s.end, s.label, s.annotator, s.text) for s in store.spans()]


def test_bad_spans_after_good_ones_of_the_same_label_are_refused_one_by_one(store, tmp_path):
    text = "Putin said NATO must stop. Kyiv denied it."
    path = write_jsonl(
        tmp_path / "a.jsonl",
        {
            "text": text,
            "label": [
                [0, 5, "claim"],  # good: the label is checked here
                [True, 10, "claim"],  # a bool is not an offset
                [6.0, 10.0, "claim"],  # whole floats are offsets
                [11, 400, "claim"],  # outside the text
                [20, 15, "claim"],  # backwards
                [27, 31, "cl\taim"],  # not a name on one line
                [27, 31, " claim "],  # the same label, stripped
                [32, 38, 7],  # a number is a label name
            ],
        },
    )
    result = import_paths(store, [path], annotator="alice")
    assert spans_of(store) == [
        (0, 5, "claim", "alice", "Putin"),
        (6, 10, "claim", "alice", "said"),
        (27, 31, "claim", "alice", "Kyiv"),
        (32, 38, "7", "alice", "denied"),
    ]
    reasons = " | ".join(reason for _, reason in result.refused)
    assert "start True is not a whole number" in reasons
    assert "outside the text" in reasons
    assert "end 15 is not after start 20" in reasons
    assert "is not a name on one line" in reasons
    assert len(result.refused) == 4


def test_spans_with_text_crlf_and_utf16_offsets_after_good_ones(store, tmp_path):
    text = "💩 Putin said.\r\nNATO denied."
    path = write_jsonl(
        tmp_path / "a.jsonl",
        {
            "text": text,
            "spans": [
                {"start": 2, "end": 7, "label": "claim", "text": "Putin", "annotator": "bob"},
                {"start": 3, "end": 8, "label": "claim", "text": "Putin", "annotator": "bob"},  # UTF-16: repaired
                {"start": 13, "end": 14, "label": "claim", "text": "\r", "annotator": "bob"},  # only the CR
                {"start": 15, "end": 19, "label": "claim", "text": "NATO", "annotator": "bob"},  # after CRLF
                {"start": 15, "end": 19, "label": "claim", "text": "Kyiv", "annotator": "bob"},  # not its text
            ],
        },
    )
    result = import_paths(store, [path])
    stored = store.article(store.article_ids()[0]).text
    assert stored == "💩 Putin said.\nNATO denied."
    assert spans_of(store) == [(2, 7, "claim", "bob", "Putin"), (14, 18, "claim", "bob", "NATO")]
    for start, end, *_, span_text in spans_of(store):
        assert stored[start:end] == span_text
    reasons = " | ".join(reason for _, reason in result.refused)
    assert "covers only a byte-order mark or a line-ending character" in reasons
    assert "but the file says 'Kyiv'" in reasons
    assert any("UTF-16" in note for note in result.notes)


def test_a_span_deleted_here_stays_deleted_in_every_batch_and_duplicates_are_not_doubled(tmp_path):
    texts = [f"Article {n}: Putin said NATO must stop." for n in range(1200)]
    records = [{"text": t, "label": [[0, 7, "claim"], [12, 16, "denial"], [12, 16, "denial"]]} for t in texts]
    path = write_jsonl(tmp_path / "many.jsonl", *records)
    store = Store(tmp_path / "a.db")
    first = import_paths(store, [path], annotator="alice")
    assert first.spans == 2400  # the repeated span is stored once
    # Delete one span in the first batch and one in the last, then import the same file again.
    doomed = [s for s in store.spans() if s.label == "denial" and s.article_id in (1, 1100)]
    for span in doomed:
        store.delete_span(span.id)
    again = import_paths(store, [path], annotator="alice")
    assert again.spans == 0 and again.kept_deleted == 4  # each of the two deleted spans is named twice
    assert len(store.spans()) == 2398
    assert not any(s.label == "denial" and s.article_id in (1, 1100) for s in store.spans())
    store.close()
