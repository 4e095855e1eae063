"""Property: whatever bytes a file holds, importing it never raises and never stores half an article."""

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotator.importers import import_paths
from annotator.importers.decode import is_blank, normalise
from annotator.store import Store

SUFFIXES = [".txt", ".md", ".html", ".jsonl", ".json", ".bin", ""]

# Bytes that look like the formats, mixed with noise, so that more than the first check is reached.
_fragments = st.sampled_from(
    [
        b'{"text": "',
        b'"}\n',
        b'", "label": [[0, 3, "claim"]]}\n',
        b"\r\n",
        b"\xef\xbb\xbf",
        b"\x00",
        b"\xff\xfe",
        b"\\ud800",
        "😀".encode(),
        "é".encode("latin-1"),
        b"[",
        b"]",
        b",",
        b"---\n",
        b"<html><body><p>",
        b"</p></body></html>",
        b"# title\n",
        b"word ",
    ]
)
contents = st.one_of(
    st.binary(max_size=400),
    st.lists(st.one_of(_fragments, st.binary(max_size=8)), max_size=30).map(b"".join),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
)


def snapshot(store):
    tables = ("articles", "spans", "annotators", "labels", "article_status")
    return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=contents, suffix=st.sampled_from(SUFFIXES), annotator=st.sampled_from([None, "ann"]))
def test_arbitrary_bytes_never_raise_nor_leave_partial_articles(data, suffix, annotator):
    with tempfile.TemporaryDirectory() as tmp, Store() as store:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        before = snapshot(store)
        result = import_paths(store, [path], annotator=annotator, max_bytes=300)
        after = snapshot(store)

        assert after["articles"] - before["articles"] == len(result.imported)
        assert after["spans"] == result.spans
        assert len(result.imported) + len(result.refused) + len(result.duplicates) >= 1
        for _, reason in result.refused:
            assert isinstance(reason, str) and reason
        for _, article_id in result.imported:
            article = store.article(article_id)
            assert not is_blank(article.text)
            assert "\r" not in article.text
            if suffix in (".txt", ".md", ".bin", ""):
                _assert_whole_file(data, article.text, suffix)
        for span in store.spans():
            text = store.article(span.article_id).text
            assert 0 <= span.start < span.end <= len(text) and span.text == text[span.start : span.end]


def _assert_whole_file(data, stored, suffix):
    """A plain file that is valid UTF-8 is stored whole: only BOM and line endings change."""
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    expected = normalise(raw.removeprefix("\ufeff")).text
    if suffix == ".md" and expected.startswith("---\n"):
        assert expected.endswith(stored)  # front matter may be cut, never anything else
    else:
        assert stored == expected


@settings(max_examples=200, deadline=None)
@given(text=st.text(min_size=1, max_size=60), cuts=st.lists(st.integers(-2, 70), min_size=2, max_size=8))
@example(text="\xad", cuts=[0, 0, 0, 0])  # a soft hyphen alone is blank text to the importer
def test_every_json_span_is_either_stored_exactly_or_refused(text, cuts):
    text = text.replace("\r", " ").replace("\ufeff", " ")  # offsets then count the stored text
    labels = [[a, b, "claim"] for a, b in zip(cuts[::2], cuts[1::2])]
    with tempfile.TemporaryDirectory() as tmp, Store() as store:
        path = Path(tmp) / "r.jsonl"
        path.write_text(json.dumps({"text": text, "label": labels}) + "\n", "utf-8")
        result = import_paths(store, [path], annotator="a")
        if is_blank(text):  # whitespace and invisible characters only (a soft hyphen alone)
            assert store.count_articles() == 0 and len(result.refused) == 1
            return
        valid = {(a, b) for a, b, _ in labels if 0 <= a < b <= len(text)}
        assert {(s.start, s.end) for s in store.spans()} == valid
        assert all(s.text == text[s.start : s.end] for s in store.spans())
        assert len(result.refused) == sum(1 for a, b, _ in labels if not 0 <= a < b <= len(text))


_keys = st.sampled_from(
    [
        "text",
        "content",
        "data",
        "title",
        "meta",
        "label",
        "labels",
        "entities",
        "spans",
        "annotations",
        "result",
        "value",
        "start",
        "end",
        "start_offset",
        "end_offset",
        "completed_by",
        "annotator",
        "type",
        "labels",
        "note",
        "url",
        "date",
        "x",
    ]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 40) | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=5),
    max_leaves=25,
)

_span_lists = st.lists(st.lists(st.integers(-1, 12) | st.text(max_size=3), max_size=4), max_size=3)
records_with_text = st.builds(
    lambda extra, text, spans, studio: {**extra, "text": text, "label": spans, "annotations": studio},
    st.dictionaries(_keys, json_values, max_size=3),
    st.text(min_size=1, max_size=20),
    _span_lists,
    st.lists(st.dictionaries(st.sampled_from(["completed_by", "result", "was_cancelled"]), json_values), max_size=2),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=st.lists(json_values | records_with_text, min_size=1, max_size=4), annotator=st.sampled_from([None, "ann"])
)
def test_any_json_shape_costs_at_most_its_own_record(records, annotator):
    with tempfile.TemporaryDirectory() as tmp, Store() as store:
        path = Path(tmp) / "r.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
        result = import_paths(store, [path], annotator=annotator)
        origins = {o.rsplit(":", 1)[1] for o, _ in result.imported + result.duplicates + result.refused}
        assert origins == {str(n) for n in range(1, len(records) + 1)}  # every line accounted for
        assert not any("cannot be imported" in reason for _, reason in result.refused), result.refused
        assert snapshot(store)["articles"] == len(result.imported)
