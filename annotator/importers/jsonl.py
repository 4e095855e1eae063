"""JSON Lines and JSON files: streaming lines and records into the record reader.

JSON Lines is streamed one line at a time, each line limited to
``max_bytes``, so a 1 GB file never sits in memory and a bad line costs only
that line (refused with its line number). A ``.json`` file is one document
(at most ``max_bytes``): it is parsed whole before anything is yielded, so a
malformed one adds nothing. What a record means (text, metadata, spans) is
``records``' business.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from .decode import Item, ReadOptions, Refused, bom_encoding, decode_bytes, read_bytes
from .records import records_to_items
from ..words import plural

__all__ = ["read_json", "read_jsonl"]

_SNIFF = 8192


# -- files ------------------------------------------------------------------


def read_jsonl(path: Path, opts: ReadOptions) -> Iterator[Item]:
    """Articles from a JSON Lines file, one record per line, streamed."""
    found = False
    for line_no, line, encoding in _lines(path, opts):
        origin = f"{path}:{line_no}"
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
    decoded = decode_bytes(read_bytes(path, opts.max_bytes))
    note = decoded.note(str(path))
    if note:
        opts.notes.append(note)
    records = _json_records(decoded.text)
    if records is None:  # several top-level values: JSON Lines in a .json file
        yield from _text_lines(decoded.text, path, opts, decoded.meta)
        return
    if not records:
        raise Refused("no records (an empty JSON array)")
    per_line = Counter(line for line, _ in records)
    for index, (line_no, obj) in enumerate(records, 1):
        # Records written on one line (a minified array) are told apart by their place in it.
        where = f"{path}:{line_no} (record {index})" if per_line[line_no] > 1 else f"{path}:{line_no}"
        yield from records_to_items(obj, where, opts, decoded.meta)


def _line_items(line: str, origin: str, opts: ReadOptions, meta: dict[str, Any] | None = None) -> list[Item]:
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return [(origin, f"malformed JSON: {_json_error(exc)}")]
    return records_to_items(obj, origin, opts, meta)


def _text_lines(text: str, path: Path, opts: ReadOptions, meta: dict[str, Any]) -> Iterator[Item]:
    for line_no, line in enumerate(text.split("\n"), 1):
        if line.strip():
            yield from _line_items(line, f"{path}:{line_no}", opts, meta)


def _json_error(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} (column {exc.colno})"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc)


def _json_records(text: str) -> list[tuple[int, Any]] | None:
    """``(line, record)`` for each element of a top-level array (or the one object).

    None if the text holds several top-level values (JSON Lines). A malformed
    document raises :class:`Refused` naming the line, before anything is yielded.
    """
    decoder = json.JSONDecoder()
    pos, line = _skip_ws(text, 0), 1
    try:
        if not text.startswith("[", pos):
            obj, end = decoder.raw_decode(text, pos)
            return [(text.count("\n", 0, pos) + 1, obj)] if _skip_ws(text, end) == len(text) else None
        records: list[tuple[int, Any]] = []
        last, pos = 0, _skip_ws(text, pos + 1)
        while not text.startswith("]", pos):
            line += text.count("\n", last, pos)
            last = pos
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
    except json.JSONDecodeError as exc:
        raise Refused(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    except (ValueError, RecursionError) as exc:
        raise Refused(f"malformed JSON: {_json_error(exc)}") from exc


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n\r":
        pos += 1
    return pos


# -- streaming lines --------------------------------------------------------

_Line = tuple[int, "str | Refused", "str | None"]  # line number, text or refusal, encoding if not UTF-8


def _lines(path: Path, opts: ReadOptions) -> Iterator[_Line]:
    """Each line's text, or a Refused for a line too long or undecodable."""
    if not path.is_file():
        raise Refused("no such file" if not path.exists() else "not a regular file")
    with path.open("rb") as f:
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
    line_no, odd = 0, _OddLines(str(path))
    while raw := f.readline(opts.max_bytes + 1):
        line_no += 1
        if len(raw) > opts.max_bytes and not raw.endswith(b"\n"):
            _skip_rest_of_line(f)
            yield line_no, Refused(f"record too large: over {opts.max_bytes:,} bytes"), None
            continue
        text = odd.decode(raw, line_no)
        yield line_no, text, odd.encoding if odd.lines and odd.lines[-1] == line_no else None
    odd.report(opts)


def _wide_lines(f: BinaryIO, encoding: str, opts: ReadOptions) -> Iterator[_Line]:
    """Lines of a UTF-16/32 file (byte-order-marked), the limit counted in characters."""
    stream = io.TextIOWrapper(f, encoding=encoding, newline="\n")
    line_no = 0
    try:
        while line := stream.readline(opts.max_bytes + 1):
            line_no += 1
            if len(line) > opts.max_bytes and not line.endswith("\n"):
                while (more := stream.readline(1 << 20)) and not more.endswith("\n"):
                    pass
                yield line_no, Refused(f"record too large: over {opts.max_bytes:,} characters"), None
                continue
            yield line_no, line, encoding.replace("-le", "").replace("-be", "")
    except UnicodeDecodeError as exc:
        yield line_no + 1, Refused(f"not valid {encoding} from here on ({exc.reason}); the rest was not read"), None
    finally:
        stream.detach()


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
