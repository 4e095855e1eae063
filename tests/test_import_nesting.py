"""JSON nested deeper than Python's recursion limit, and metadata nested deeper than anything needs.

Python's parser recurses once per level, so how deep it gets depends on the
caller's stack: these files are imported with the real command, in .jsonl and
.json, and every too-deep record must be refused with its file and line while
the good records around it are kept.
"""

import json
import os
import sqlite3
import subprocess
import sys

from annotator.importers import import_paths
from annotator.json_depth import MAX_DEPTH, TOO_DEEP


def nested(levels):
    """A value of ``levels`` arrays and objects inside each other."""
    return (
        "[" * (levels // 2)
        + '{"a": ' * (levels - levels // 2)
        + "1"
        + "}" * (levels - levels // 2)
        + "]" * (levels // 2)
    )


def deep_record(levels, text="A record whose metadata nests"):
    return f'{{"text": "{text}", "meta": {{"x": {nested(levels)}}}}}'


def cli_import(db, path):
    env = {k: v for k, v in os.environ.items() if k != "ANNOTATOR_DB"}
    return subprocess.run(
        [sys.executable, "-m", "annotator", "--db", db, "import", "-q", path],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def texts(db):
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute("SELECT text FROM articles ORDER BY id")]
    finally:
        conn.close()


def test_a_jsonl_record_nested_2000_deep_is_refused_with_its_line(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text(
        "\n".join(
            [
                '{"text": "Good one."}',
                deep_record(2000),
                '{"text": "Good two."}',
                f'{{"text": "Deep object", "x": {nested(3000)}}}',
                '{"text": "Good three."}',
            ]
        )
        + "\n"
    )
    proc = cli_import(tmp_path / "a.db", path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.splitlines() == [f"refused: {path}:2: {TOO_DEEP}", f"refused: {path}:4: {TOO_DEEP}"]
    assert texts(tmp_path / "a.db") == ["Good one.", "Good two.", "Good three."]


def test_a_json_array_record_nested_2000_deep_is_refused_and_the_rest_kept(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text(
        "[\n"
        + ",\n".join(
            [
                '{"text": "Good one."}',
                deep_record(2000, 'with \\"quotes\\" \\\\ [ and { inside'),
                '{"text": "Good two."}',
            ]
        )
        + "\n]\n"
    )
    proc = cli_import(tmp_path / "a.db", path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.splitlines() == [f"refused: {path}:3: {TOO_DEEP}"]
    assert texts(tmp_path / "a.db") == ["Good one.", "Good two."]


def test_a_json_object_nested_2000_deep_is_refused_with_its_line(tmp_path):
    path = tmp_path / "one.json"
    path.write_text("\n\n" + deep_record(2000) + "\n")
    proc = cli_import(tmp_path / "a.db", path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.splitlines() == [f"refused: {path}:3: {TOO_DEEP}"]


def test_metadata_deeper_than_the_limit_is_refused_and_a_sane_depth_kept(store, tmp_path):
    path = tmp_path / "meta.jsonl"
    path.write_text(
        "\n".join(
            [
                deep_record(150, "Too deep"),
                deep_record(MAX_DEPTH - 2, "Deep but fine"),
                deep_record(MAX_DEPTH - 1, "One level too deep"),
            ]
        )
        + "\n"
    )
    result = import_paths(store, [path])
    assert result.refused == [(f"{path}:1", TOO_DEEP), (f"{path}:3", TOO_DEEP)]
    (article_id,) = store.article_ids()
    article = store.article(article_id)
    assert article.text == "Deep but fine" and article.meta == {"x": json.loads(nested(MAX_DEPTH - 2))}


def test_brackets_inside_strings_do_not_count_as_nesting(store, tmp_path):
    path = tmp_path / "brackets.json"
    brackets = "[" * 500 + "{" * 500
    path.write_text(
        "[\n"
        + ",\n".join(
            [
                json.dumps({"text": f'Odd text {brackets} " \\ end'}),
                deep_record(3000),
                json.dumps({"text": "Good two.", "note": brackets}),
            ]
        )
        + "\n]\n"
    )
    result = import_paths(store, [path])
    assert result.refused == [(f"{path}:3", TOO_DEEP)]
    assert [store.article(i).text for i in store.article_ids()] == [f'Odd text {brackets} " \\ end', "Good two."]
