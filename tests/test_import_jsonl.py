"""JSON Lines: generic records, doccano, our own export, offsets and every malformed record."""

import json

import pytest

from annotator.importers import import_paths, read_path
from annotator.importers.records import NO_ANNOTATOR
from annotator.model import ArticleIn

GOLDEN = "💩This is an annotation."  # "annotation" is [12, 22) in code points, [13, 23) in UTF-16


def write_jsonl(path, *records, raw_lines=()):
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(raw_lines)
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def spans_of(store):
    return [(s.start, s.end, s.label, s.annotator, s.text) for s in store.spans()]


def test_generic_records_with_metadata(store, tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        {
            "text": "Putin denies it.\nMore.",
            "title": "Denial",
            "source": "AP",
            "url": "https://x/1",
            "published": "2021-12-01",
            "id": 7,
            "lang": "en",
        },
        {"content": "Second article body", "meta": {"title": "From meta", "section": "world"}},
        {"text": "Third", "date": "2022-01-02"},
    )
    result = import_paths(store, [path])
    assert result.summary() == "3 imported, 0 duplicates skipped, 0 refused"
    first, second, third = (store.article(i) for i in store.article_ids())
    assert (first.title, first.source, first.url, first.published) == ("Denial", "AP", "https://x/1", "2021-12-01")
    assert first.meta == {"id": 7, "lang": "en"}
    assert first.origin == f"{path}:1"
    assert (second.text, second.title, second.meta) == (
        "Second article body",
        "From meta",
        {"title": "From meta", "section": "world"},
    )
    assert third.published == "2022-01-02" and third.title == "Third"


def test_doccano_label_key(store, tmp_path):
    text = "Russia demands guarantees and denies plans."
    path = write_jsonl(tmp_path / "d.jsonl", {"text": text, "label": [[7, 14, "demand"], [30, 36, "denial"]]})
    result = import_paths(store, [path], annotator="ann")
    assert result.spans == 2
    assert spans_of(store) == [(7, 14, "demand", "ann", "demands"), (30, 36, "denial", "ann", "denies")]


def test_doccano_labels_key_and_new_label_is_created(store, tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", {"text": "A rumour spread.", "labels": [[2, 8, "rumour"]]})
    import_paths(store, [path], annotator="ann")
    assert spans_of(store) == [(2, 8, "rumour", "ann", "rumour")]
    assert "rumour" in [lab.name for lab in store.labels.all()]


def test_doccano_entities(store, tmp_path):
    path = write_jsonl(
        tmp_path / "e.jsonl",
        {
            "text": "NATO denies expansion.",
            "entities": [{"id": 1, "start_offset": 5, "end_offset": 11, "label": "denial"}],
            "relations": [],
        },
    )
    import_paths(store, [path], annotator="ann")
    assert spans_of(store) == [(5, 11, "denial", "ann", "denies")]
    assert store.article(store.article_ids()[0]).meta == {"relations": []}


def test_doccano_classification_labels_go_to_meta(store, tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", {"text": "Some text", "label": ["positive", "politics"]})
    result = import_paths(store, [path])
    assert result.refused == [] and result.spans == 0
    assert store.article(store.article_ids()[0]).meta == {"label": ["positive", "politics"]}


def test_our_own_export_keeps_annotators_and_notes(store, tmp_path):
    text = "Putin claims the West lied."
    path = write_jsonl(
        tmp_path / "ours.jsonl",
        {
            "text": text,
            "title": "T",
            "spans": [
                {"start": 6, "end": 12, "label": "claim", "text": "claims", "annotator": "alice", "note": "hedged"},
                {"start": 17, "end": 26, "label": "claim", "text": "West lied", "annotator": "bob", "note": None},
            ],
        },
    )
    result = import_paths(store, [path])
    assert result.spans == 2 and result.refused == []
    spans = store.spans()
    assert [(s.annotator, s.text, s.note) for s in spans] == [("alice", "claims", "hedged"), ("bob", "West lied", None)]


def test_annotator_argument_wins_over_the_file(store, tmp_path):
    path = write_jsonl(
        tmp_path / "ours.jsonl",
        {"text": "abc def", "annotator": "carol", "spans": [{"start": 0, "end": 3, "label": "claim"}]},
    )
    import_paths(store, [path], annotator="dave")
    assert store.annotators() == ["dave"]


def test_record_level_annotator(store, tmp_path):
    path = write_jsonl(tmp_path / "r.jsonl", {"text": "abc def", "annotator": "carol", "label": [[4, 7, "claim"]]})
    import_paths(store, [path])
    assert spans_of(store) == [(4, 7, "claim", "carol", "def")]


def test_spans_without_annotator_are_refused_but_the_article_imports(store, tmp_path):
    path = write_jsonl(tmp_path / "n.jsonl", {"text": "abc def", "label": [[0, 3, "claim"], [4, 7, "demand"]]})
    result = import_paths(store, [path])
    assert store.count_articles() == 1 and store.spans() == []
    assert result.refused == [(f"{path}:1", f"2 spans not imported: {NO_ANNOTATOR}")]
    assert "--annotator NAME" in result.refused[0][1]


def test_unowned_spans_can_go_to_a_fallback_owner_without_touching_named_ones(store, tmp_path):
    path = write_jsonl(
        tmp_path / "m.jsonl",
        {"text": "abc def", "label": [[0, 3, "claim"]]},
        {"text": "ghi jkl", "annotator": "carol", "label": [[4, 7, "demand"]]},
    )
    first = import_paths(store, [path])
    assert len(first.refused) == 1 and spans_of(store) == [(4, 7, "demand", "carol", "jkl")]
    again = import_paths(store, [path], unowned_to="alice")
    assert again.refused == [] and len(again.duplicates) == 2
    assert sorted(spans_of(store)) == [(0, 3, "claim", "alice", "abc"), (4, 7, "demand", "carol", "jkl")]


def test_utf16_offsets_are_repaired_and_noted(store, tmp_path):
    path = write_jsonl(
        tmp_path / "u.jsonl",
        {
            "text": GOLDEN,
            "spans": [{"start": 13, "end": 23, "label": "claim", "text": "annotation", "annotator": "a"}],
        },
    )
    result = import_paths(store, [path])
    assert spans_of(store) == [(12, 22, "claim", "a", "annotation")]
    assert result.notes == [f"{path}:1: 1 span repaired: their offsets counted UTF-16 code units, not characters"]


def test_code_point_offsets_need_no_repair(store, tmp_path):
    path = write_jsonl(tmp_path / "u.jsonl", {"text": GOLDEN, "label": [[12, 22, "claim"]]})
    result = import_paths(store, [path], annotator="a")
    assert spans_of(store) == [(12, 22, "claim", "a", "annotation")] and result.notes == []


def test_unrepairable_offsets_are_refused_with_line(store, tmp_path):
    path = write_jsonl(
        tmp_path / "bad.jsonl",
        {"text": "first article"},
        {
            "text": GOLDEN,
            "spans": [
                {"start": 2, "end": 6, "label": "claim", "text": "nope", "annotator": "a"},
                {"start": 12, "end": 22, "label": "claim", "text": "annotation", "annotator": "a"},
            ],
        },
    )
    result = import_paths(store, [path])
    assert store.count_articles() == 2
    assert spans_of(store) == [(12, 22, "claim", "a", "annotation")]
    ((origin, reason),) = result.refused
    assert origin == f"{path}:2"
    assert "'nope'" in reason and "'his '" in reason


@pytest.mark.parametrize(
    "span, words",
    [
        ([3, 99, "claim"], "outside the text"),
        ([5, 5, "claim"], "not after start"),
        ([6, 2, "claim"], "not after start"),
        ([-1, 2, "claim"], "negative"),
        (["0", 2, "claim"], "not a whole number"),
        ([0, 2.5, "claim"], "not a whole number"),
        ([0, 2, ""], "label"),
        ([0, 2, "two\nlines"], "label"),
        ([0, 2], "not [start, end, label]"),
    ],
)
def test_bad_spans_are_refused_and_good_ones_kept(store, tmp_path, span, words):
    path = write_jsonl(tmp_path / "s.jsonl", {"text": "abc def", "label": [span, [4, 7, "claim"]]})
    result = import_paths(store, [path], annotator="a")
    assert spans_of(store) == [(4, 7, "claim", "a", "def")]
    ((origin, reason),) = result.refused
    assert origin == f"{path}:1" and words in reason


def test_float_offsets_that_are_whole_numbers_are_accepted(store, tmp_path):
    path = write_jsonl(tmp_path / "f.jsonl", {"text": "abc def", "label": [[4.0, 7.0, "claim"]]})
    import_paths(store, [path], annotator="a")
    assert spans_of(store) == [(4, 7, "claim", "a", "def")]


def test_malformed_lines_are_refused_and_the_rest_imports(store, tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_text(
        '{"text": "one"}\n'
        '{"text": "two", broken\n'
        "\n"
        "[1, 2, 3]\n"
        '{"title": "no text here"}\n'
        '{"text": "   "}\n'
        '{"text": "six"}\n',
        "utf-8",
    )
    result = import_paths(store, [path])
    assert [o for o, _ in result.imported] == [f"{path}:1", f"{path}:7"]
    refused = dict(result.refused)
    assert set(refused) == {f"{path}:2", f"{path}:4", f"{path}:5", f"{path}:6"}
    assert refused[f"{path}:2"].startswith("malformed JSON")
    assert "object" in refused[f"{path}:4"]
    assert "no text" in refused[f"{path}:5"]
    assert "empty" in refused[f"{path}:6"]


def test_lone_surrogate_escape_refuses_the_record(store, tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(
        '{"text": "ok \\ud83d\\ude00 pair"}\n{"text": "bad \\ud800 half"}\n{"text": "fine", "title": "\\udfff"}\n',
        "utf-8",
    )
    result = import_paths(store, [path])
    assert [o for o, _ in result.imported] == [f"{path}:1"]
    assert store.article(store.article_ids()[0]).text == "ok 😀 pair"
    assert [o for o, _ in result.refused] == [f"{path}:2", f"{path}:3"]
    assert "surrogate U+D800" in result.refused[0][1]


def test_crlf_text_offsets_are_mapped_to_the_stored_text(store, tmp_path):
    text = "Line one\r\nPutin denies it\r\nand demands more"
    start = text.index("denies")
    demand = text.index("demands")
    path = write_jsonl(
        tmp_path / "crlf.jsonl",
        {
            "text": text,
            "label": [[start, start + 6, "denial"], [demand, demand + 7, "demand"], [0, len(text), "claim"]],
        },
    )
    result = import_paths(store, [path], annotator="a")
    article = store.article(store.article_ids()[0])
    assert article.text == "Line one\nPutin denies it\nand demands more"
    assert article.normalised == ("crlf -> lf",)
    assert [s.text for s in store.spans()] == [article.text, "denies", "demands"]
    assert result.refused == []


def test_span_text_with_crlf_matches(store, tmp_path):
    text = "a\r\nb c"
    path = write_jsonl(
        tmp_path / "x.jsonl",
        {"text": text, "spans": [{"start": 0, "end": 4, "label": "claim", "text": "a\r\nb", "annotator": "a"}]},
    )
    import_paths(store, [path])
    assert spans_of(store) == [(0, 3, "claim", "a", "a\nb")]


def test_bom_at_the_start_of_a_text_field(store, tmp_path):
    path = write_jsonl(tmp_path / "b.jsonl", {"text": "\ufeffHello world", "label": [[1, 6, "claim"]]})
    import_paths(store, [path], annotator="a")
    assert spans_of(store) == [(0, 5, "claim", "a", "Hello")]


def test_file_bom_and_crlf_line_endings(store, tmp_path):
    path = tmp_path / "w.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "one"}\r\n{"text": "two"}\r\n')
    result = import_paths(store, [path])
    assert result.summary() == "2 imported, 0 duplicates skipped, 0 refused"


def test_utf16_file_with_bom(store, tmp_path):
    path = tmp_path / "ps.jsonl"  # what PowerShell's `>` writes
    path.write_bytes('{"text": "Заявление 😀"}\n{"text": "two"}\n'.encode("utf-16"))
    result = import_paths(store, [path])
    assert result.summary() == "2 imported, 0 duplicates skipped, 0 refused"
    assert store.article(store.article_ids()[0]).text == "Заявление 😀"


def test_cp1252_line_is_detected_and_noted(store, tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"text": "plain"}\n' + '{"text": "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e"}\n'.encode("cp1252"))
    result = import_paths(store, [path])
    assert result.refused == []
    second = store.article(store.article_ids()[1])
    assert second.text == "café crème brûlée"
    assert second.meta.get("encoding") not in (None, "utf-8")
    assert len(result.notes) == 1 and "line 2" in result.notes[0]


def test_per_record_size_limit(store, tmp_path):
    path = write_jsonl(tmp_path / "big.jsonl", {"text": "short"}, {"text": "x" * 500}, {"text": "also short"})
    result = import_paths(store, [path], max_bytes=100)
    assert [o for o, _ in result.imported] == [f"{path}:1", f"{path}:3"]
    ((origin, reason),) = result.refused
    assert origin == f"{path}:2" and "too large" in reason


def test_jsonl_is_streamed_not_read_whole(tmp_path, monkeypatch):
    path = write_jsonl(tmp_path / "s.ndjson", *({"text": f"article {i}"} for i in range(50)))
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("read whole"))
    items = read_path(path)
    first = next(items)
    assert isinstance(first, ArticleIn) and first.text == "article 0"
    assert len(list(items)) == 49


def test_binary_and_empty_jsonl_are_refused(store, tmp_path):
    (tmp_path / "bin.jsonl").write_bytes(b'{"text": "a"}\n\x00\x01\x02\xff' * 10)
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n \n\n")
    result = import_paths(store, [tmp_path])
    assert store.count_articles() == 0
    reasons = dict(result.refused)
    assert "binary" in reasons[str(tmp_path / "bin.jsonl")]
    assert "empty" in reasons[str(tmp_path / "empty.jsonl")]
    assert "no records" in reasons[str(tmp_path / "blank.jsonl")]


def test_deeply_nested_and_huge_numbers_do_not_crash(store, tmp_path):
    path = tmp_path / "n.jsonl"
    path.write_text("[" * 100000 + "\n" + '{"text": "ok", "n": ' + "9" * 5000 + "}\n" + '{"text": "fine"}\n')
    result = import_paths(store, [path])
    assert [o for o, _ in result.imported] == [f"{path}:3"]
    assert len(result.refused) == 2


def test_reimport_adds_no_duplicate_articles_or_spans(store, tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", {"text": "abc def", "label": [[0, 3, "claim"]]})
    first = import_paths(store, [path], annotator="a")
    again = import_paths(store, [path], annotator="a")
    assert (len(first.imported), first.spans) == (1, 1)
    assert (len(again.imported), len(again.duplicates), again.spans) == (0, 1, 0)
    assert len(store.spans()) == 1


def test_our_jsonl_export_format_is_read_verbatim(store, tmp_path):
    record = {
        "id": 41,
        "text": "💩This is an annotation.",
        "metadata": {
            "title": "  Spaced  title ",
            "source": "",
            "url": "https://x/0",
            "published": "",
            "sha256": "whatever",
            "meta": {"n": 0, "lang": "en"},
        },
        "spans": [
            {"start": 12, "end": 22, "label": "claim", "text": "annotation", "annotator": "bob", "note": "nested\nnote"}
        ],
    }
    path = write_jsonl(tmp_path / "all.jsonl", record)
    result = import_paths(store, [path])
    article = store.article(store.article_ids()[0])
    assert (article.title, article.source, article.url) == ("  Spaced  title ", "", "https://x/0")
    assert article.meta == {"n": 0, "lang": "en"}  # the exporting database's id and hash are not kept
    assert [(s.start, s.end, s.annotator, s.note) for s in store.spans()] == [(12, 22, "bob", "nested\nnote")]
    assert result.refused == [] and result.notes == []


def test_labels_new_to_the_scheme_are_added_and_said(store, tmp_path):
    path = tmp_path / "doccano.jsonl"
    path.write_text('{"text": "Moscow denies it.", "label": [[0, 6, "CLAIM"], [7, 13, "denial"]]}\n', "utf-8")
    result = import_paths(store, [path], annotator="ann")
    assert result.spans == 2
    assert result.notes == ["a label not in the scheme was added to it: 'CLAIM'"]
    assert [lab.name for lab in store.labels.all()][-1] == "CLAIM"
    again = import_paths(store, [path], annotator="ann")
    assert again.notes == []
