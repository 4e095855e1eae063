"""JSON Lines and JSON files: streaming lines and records into the record reader.

JSON Lines is streamed one line at a time, each line limited to
``max_bytes``, so a 1 GB file never sits in memory and a bad line costs only
that line (refused with its line number); a UTF-16 or UTF-32 file is split
into lines on its own newline code units and each line decoded alone, so one
bad code unit costs only its line too. A ``.json`` file is one document (at
most ``max_bytes``): it is parsed whole before anything is yielded, so a
malformed one adds nothing. A record nested more than
:data:`~annotator.json_depth.MAX_DEPTH` levels deep is refused with its line,
in either kind of file; one deep enough to stop the parser (which recurses
per level) is found by a scan that does not recurse, and the other records
of its array are kept. What a
record means (text, metadata, spans) is ``records``' business.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..display import shown_path
from ..json_depth import MAX_DEPTH, TOO_DEEP, deep_spots, too_deep
from ..words import plural
from .decode import Item, ReadOptions, Refused, bom_encoding, decode_bytes, open_regular, read_bytes
from .records import records_to_items, surrogate_free

__all__ = ["read_json", "read_jsonl"]

_SNIFF = 8192
_USE_JSONL = "JSON Lines (one record per line, .jsonl) is read a line at a time, with no limit on the file"


# -- files ------------------------------------------------------------------


def read_jsonl(path: Path, opts: ReadOptions) -> Iterator[Item]:
    """Articles from a JSON Lines file, one record per line, streamed."""
    found = False
    name = shown_path(path)
    for line_no, line, encoding in _lines(path, opts):
        origin = f"{name}:{line_no}"
        if isinstance(line, Refused):
            found = True
            yield origin, line.reason
        elif line.strip():
            found = True
            yield from _line_items(line, origin, opts, {"encoding": encoding} if encoding else None)
    if not found:
        raise Refused("no records (the file holds only blank lines)")


def read_json(path: Path, opts: ReadOptions) -> Iterator[Item]:
    """Articles from a JSON file: an array of records, one record, or JSON Lines misnamed."""
    name = shown_path(path)
    decoded = decode_bytes(read_bytes(path, opts.max_bytes, hint=_USE_JSONL))
    note = decoded.note(name)
    if note:
        opts.notes.append(note)
    records = _json_records(decoded.text)
    if records is None:  # several top-level values: JSON Lines in a .json file
        yield from _text_lines(decoded.text, name, opts, decoded.meta)
        return
    if not records:
        raise Refused("no records (an empty JSON array)")
    per_line = Counter(line for line, _ in records)
    for index, (line_no, obj) in enumerate(records, 1):
        # Records written on one line (a minified array) are told apart by their place in it.
        where = f"{name}:{line_no} (record {index})" if per_line[line_no] > 1 else f"{name}:{line_no}"
        if isinstance(obj, _Deep) or too_deep(obj):
            yield where, TOO_DEEP
        else:
            yield from records_to_items(obj, where, opts, decoded.meta)


def _line_items(line: str, origin: str, opts: ReadOptions, meta: dict[str, Any] | None = None) -> list[Item]:
    try:
        obj = json.loads(line)
    except RecursionError:  # the parser recurses per level: thousands of levels end here, cleanly
        return [(origin, TOO_DEEP)]
    except ValueError as exc:
        return [(origin, f"malformed JSON: {_json_error(exc)}")]
    if line.count("[") + line.count("{") > MAX_DEPTH and too_deep(obj):  # fewer brackets cannot nest deeper
        return [(origin, TOO_DEEP)]
    return records_to_items(obj, origin, opts, meta, no_surrogates=surrogate_free(line))


def _text_lines(text: str, name: str, opts: ReadOptions, meta: dict[str, Any]) -> Iterator[Item]:
    for line_no, line in enumerate(text.split("\n"), 1):
        if line.strip():
            yield from _line_items(line, f"{name}:{line_no}", opts, meta)


def _json_error(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} (column {exc.colno})"
    if isinstance(exc, RecursionError):
        return TOO_DEEP
    return str(exc)


class _Deep:
    """A record of a JSON array that nests too deeply to be parsed: refused, the others kept."""


def _json_records(text: str) -> list[tuple[int, Any]] | None:
    """``(line, record)`` for each element of a top-level array (or the one object).

    None if the text holds several top-level values (JSON Lines). A malformed
    document raises :class:`Refused` naming the line, before anything is
    yielded; a record nested too deeply stands as a :class:`_Deep`.
    """
    array = text.startswith("[", _skip_ws(text, 0))
    try:
        try:
            return _parse_records(text, {}) if array else _one_record(text)
        except RecursionError:  # some record nests thousands deep: find them, and parse around them
            deep = {start: end for start, _, end in deep_spots(text, MAX_DEPTH, 1 if array else 0)}
            if not deep:
                raise
            if not array:
                return [(text.count("\n", 0, min(deep)) + 1, _Deep())]
            return _parse_records(text, deep)
    except json.JSONDecodeError as exc:
        raise Refused(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    except (ValueError, RecursionError) as exc:
        raise Refused(f"malformed JSON: {_json_error(exc)}") from exc


def _one_record(text: str) -> list[tuple[int, Any]] | None:
    pos = _skip_ws(text, 0)
    obj, end = json.JSONDecoder().raw_decode(text, pos)
    return [(text.count("\n", 0, pos) + 1, obj)] if _skip_ws(text, end) == len(text) else None


def _parse_records(text: str, deep: dict[int, int]) -> list[tuple[int, Any]]:
    """The elements of the top-level array; those starting at a key of ``deep`` are skipped to its value."""
    decoder = json.JSONDecoder()
    records: list[tuple[int, Any]] = []
    line, last, pos = 1, 0, _skip_ws(text, _skip_ws(text, 0) + 1)
    while not text.startswith("]", pos):
        line += text.count("\n", last, pos)
        last = pos
        if pos in deep:
            obj, end = _Deep(), deep[pos]
        else:
            obj, end = decoder.raw_decode(text, pos)
        records.append((line, obj))
        pos = _skip_ws(text, end)
        if text.startswith(",", pos):
            pos = _skip_ws(text, pos + 1)
        elif not text.startswith("]", pos):
            raise json.JSONDecodeError("expected ',' or ']' between records", text, pos)
    if _skip_ws(text, pos + 1) != len(text):
        raise json.JSONDecodeError("extra data after the array", text, _skip_ws(text, pos + 1))
    return records


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n\r":
        pos += 1
    return pos


# -- streaming lines --------------------------------------------------------

_Line = tuple[int, "str | Refused", "str | None"]  # line number, text or refusal, encoding if not UTF-8


def _lines(path: Path, opts: ReadOptions) -> Iterator[_Line]:
    """Each line's text, or a Refused for a line too long or undecodable."""
    with open_regular(path) as f:
        head = f.read(_SNIFF)
        if not head:
            raise Refused("empty file")
        bom = bom_encoding(head)
        if bom is None and b"\x00" in head:
            raise Refused("binary file (contains NUL bytes), not JSON Lines")
        f.seek(bom[1] if bom else 0)
        if bom is not None and bom[0] != "utf-8":
            yield from _wide_lines(f, bom[0], opts)
        else:
            yield from _byte_lines(f, path, opts)


def _byte_lines(f: BinaryIO, path: Path, opts: ReadOptions) -> Iterator[_Line]:
    """UTF-8 lines (a line in another encoding is detected and noted)."""
    line_no, odd = 0, _OddLines(shown_path(path))
    while raw := f.readline(opts.max_bytes + 1):
        line_no += 1
        if len(raw) > opts.max_bytes and not raw.endswith(b"\n"):
            _skip_rest_of_line(f)
            yield line_no, Refused(f"record too large: over {opts.max_bytes:,} bytes"), None
            continue
        text = odd.decode(raw, line_no)
        yield line_no, text, odd.encoding if odd.lines and odd.lines[-1] == line_no else None
    odd.report(opts)


_NEWLINES = {
    "utf-16-le": b"\n\x00",
    "utf-16-be": b"\x00\n",
    "utf-32-le": b"\n\x00\x00\x00",
    "utf-32-be": b"\x00\x00\x00\n",
}


def _wide_lines(f: BinaryIO, encoding: str, opts: ReadOptions) -> Iterator[_Line]:
    """Lines of a UTF-16/32 file (byte-order-marked), each decoded on its own.

    A decoder reading ahead would fail on one bad code unit with every line of
    its chunk still unread; a line split on its newline code unit fails alone.
    """
    name = encoding.replace("-le", "").replace("-be", "")
    for line_no, raw in enumerate(_unit_lines(f, _NEWLINES[encoding], opts.max_bytes), 1):
        if raw is None:
            yield line_no, Refused(f"record too large: over {opts.max_bytes:,} bytes"), None
            continue
        try:
            yield line_no, raw.decode(encoding), name
        except UnicodeDecodeError as exc:
            where = f"code unit {exc.start // len(_NEWLINES[encoding]) + 1} of the line"
            yield line_no, Refused(f"not valid {name}: {exc.reason} ({where})"), None


def _unit_lines(f: BinaryIO, newline: bytes, limit: int) -> Iterator[bytes | None]:
    """The lines of ``f`` split on ``newline`` at code-unit boundaries; None for one over ``limit`` bytes."""
    unit, buf, start, search, too_long = len(newline), b"", 0, 0, False
    while True:
        pos = buf.find(newline, max(start, search))
        while pos >= 0 and pos % unit:  # a newline byte pattern astride two code units
            pos = buf.find(newline, pos + 1)
        if pos >= 0:
            end = pos + unit
            yield None if too_long or end - start > limit else buf[start:end]
            start, too_long = end, False
            continue
        if len(buf) - start > limit:  # no end in sight: drop what we hold of the line, whole code units
            too_long = True
            start = len(buf) - (len(buf) - start) % unit
        chunk = f.read(1 << 20)
        if not chunk:
            if start < len(buf):
                yield None if too_long or len(buf) - start > limit else buf[start:]
            return
        buf, start = buf[start:] + chunk, 0
        search = (len(buf) - len(chunk)) // unit * unit


def _skip_rest_of_line(f: BinaryIO) -> None:
    while (chunk := f.readline(1 << 20)) and not chunk.endswith(b"\n"):
        pass


class _OddLines:
    """Decodes lines that are not UTF-8 and remembers them for one note per file."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.encoding: str | None = None
        self.lines: list[int] = []

    def decode(self, raw: bytes, line_no: int) -> str | Refused:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        try:
            text = raw.decode(self.encoding) if self.encoding else None
        except UnicodeDecodeError:
            text = None
        if text is None:
            try:
                decoded = decode_bytes(raw)
            except Refused as exc:
                return Refused(f"not valid UTF-8: {exc.reason}")
            if decoded.encoding != "utf-8":
                self.encoding = decoded.encoding
            text = decoded.text
        self.lines.append(line_no)
        return text

    def report(self, opts: ReadOptions) -> None:
        if self.lines:
            shown = ", ".join(map(str, self.lines[:5])) + (" ..." if len(self.lines) > 5 else "")
            opts.notes.append(
                f"{self.origin}: {plural(len(self.lines), 'line')} not valid UTF-8 "
                f"({'line' if len(self.lines) == 1 else 'lines'} {shown}); "
                f"read as {self.encoding or 'a detected encoding'} (detected by charset-normalizer)"
            )
