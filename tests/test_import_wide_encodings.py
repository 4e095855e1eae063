"""JSON Lines in UTF-16 and UTF-32 (what PowerShell and Notepad write): one bad code unit costs one line.

A decoder that reads ahead fails on a bad code unit with a whole chunk of good
lines unread; these files put an unpaired surrogate at a known line and check
that every other record is kept and the refusal names that line.
"""

import codecs
import json

import pytest

from annotator.importers import import_paths

BOMS = {
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}
LONE_HIGH_SURROGATE = {
    "utf-16-le": b"\x00\xd8",
    "utf-16-be": b"\xd8\x00",
    "utf-32-le": b"\x00\xd8\x00\x00",
    "utf-32-be": b"\x00\x00\xd8\x00",
}


def record(n):
    return json.dumps({"text": f"Record number {n} says the Kremlin denied it. Заявление 😀"}, ensure_ascii=False)


def wide_file(path, encoding, bad_lines, total):
    """``total`` records, those on ``bad_lines`` (1-based) carrying an unpaired surrogate inside their text."""
    data = BOMS[encoding]
    for n in range(1, total + 1):
        line = record(n)
        if n in bad_lines:
            cut = line.index("says")
            data += line[:cut].encode(encoding) + LONE_HIGH_SURROGATE[encoding] + (line[cut:] + "\n").encode(encoding)
        else:
            data += (line + "\n").encode(encoding)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", sorted(BOMS))
def test_a_bad_code_unit_on_the_last_line_costs_only_that_line(store, tmp_path, encoding):
    path = wide_file(tmp_path / "powershell.jsonl", encoding, {24}, 24)
    result = import_paths(store, [path])
    assert len(result.imported) == 23
    assert [origin for origin, _ in result.imported] == [f"{path}:{n}" for n in range(1, 24)]
    ((origin, reason),) = result.refused
    assert origin == f"{path}:24"
    assert reason.startswith(f"not valid {encoding[:6]}: ") and "surrogate" in reason
    assert reason.endswith(f"(code unit {record(24).index('says') + 1} of the line)")
    assert store.article(store.article_ids()[22]).text == json.loads(record(23))["text"]


def test_bad_code_units_in_the_middle_cost_their_lines_only(store, tmp_path):
    path = wide_file(tmp_path / "notepad.jsonl", "utf-16-le", {2, 300}, 400)  # lines far apart: several chunks
    result = import_paths(store, [path])
    assert [origin for origin, _ in result.refused] == [f"{path}:2", f"{path}:300"]
    assert len(result.imported) == 398


def test_a_file_cut_inside_a_code_unit_keeps_every_whole_line(store, tmp_path):
    path = tmp_path / "cut.jsonl"
    path.write_bytes(codecs.BOM_UTF16_LE + "".join(record(n) + "\n" for n in range(1, 6)).encode("utf-16-le") + b"{")
    result = import_paths(store, [path])
    assert len(result.imported) == 5
    assert [(origin, reason.split(":")[0]) for origin, reason in result.refused] == [(f"{path}:6", "not valid utf-16")]


def test_a_wide_line_over_the_limit_is_refused_and_the_next_kept(store, tmp_path):
    path = tmp_path / "big.jsonl"
    lines = [record(1), json.dumps({"text": "x" * 5000}), record(3)]
    path.write_bytes(codecs.BOM_UTF16_LE + "\n".join(lines).encode("utf-16-le"))
    result = import_paths(store, [path], max_bytes=1000)
    assert [origin for origin, _ in result.imported] == [f"{path}:1", f"{path}:3"]
    assert result.refused == [(f"{path}:2", "record too large: over 1,000 bytes")]
