"""One JSON record -> one article and its spans: plain records, doccano, Label Studio, our export.

A record is one article: its text is ``text``, Label Studio's ``data.text`` or
``content``; ``title`` / ``meta.title``, ``source``, ``url`` and ``published``
(or ``date``) fill the article's fields and every other field goes to
``meta``. Spans come from doccano (``label`` / ``labels`` as ``[start, end,
label]``, or ``entities``), Label Studio (``annotations[].result[]`` of type
``labels``; its JSON-MIN ``label`` list too) or our export (``spans``). Our own
JSON Lines export (``{id, text, metadata: {..., sha256, meta}, spans}``) is read
verbatim, so export -> import -> export gives the same bytes.

Statuses (:mod:`.statuses`): doccano's ``is_confirmed: true`` marks the
article done for the record's owner (``--annotator``, else the record's
``annotator``); each Label Studio annotation marks it for its annotator
(``completed_by``, or ``--annotator``): done when completed, skipped when
``was_cancelled`` (done wins if one person has both); our exports give them
as they are (``statuses``; Label Studio's ``data.statuses``). Our Label Studio
export names each annotation's annotator in ``data.annotators``. Every
annotator the record names this way, or by a span, is named in
``ArticleIn.annotators``, so they exist after the import even when they
brought no span.

Offsets in the file count code points of the text *as the file has it*; the
stored text is CRLF-normalised, so every offset goes through
:meth:`Normalised.offset`. Where the file gives a span's text and it does not
match, the offsets are tried as UTF-16 code units (older Label Studio and
doccano wrote those) and repaired if they then match; otherwise the span is
refused with its file and line, and the article still imports.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..model import ArticleIn, SpanIn
from ..offsets import Utf16Map
from ..words import plural
from .decode import Item, Normalised, ReadOptions, Refused, is_blank, normalise
from .statuses import person, record_statuses, studio_names, studio_user
from .text import guess_title, short_title

__all__ = ["NO_ANNOTATOR", "records_to_items", "surrogate_free"]

NO_ANNOTATOR = "spans need an annotator and the file names none: import with --annotator NAME"

_SPAN_FIELDS = ("label", "labels", "entities", "spans", "annotations")
_CONSUMED = frozenset(
    {"text", "title", "source", "url", "published", "meta", "metadata", "data", "annotator", *_SPAN_FIELDS}
)


class _BadSpan(Exception):
    """One span that cannot be placed; the message is the reason."""


class _RawSpan(NamedTuple):
    """A span as the file gives it, nothing checked yet (a tuple: a record may bring thousands)."""

    start: Any
    end: Any
    label: Any
    text: Any = None
    annotator: str | None = None
    note: Any = None

    def describe(self) -> str:
        return f"span [{self.start!r}, {self.end!r}) {self.label!r}"


@dataclass
class _Placed:
    spans: list[SpanIn]
    refused: list[str]
    repaired: int = 0
    unowned: int = 0


def records_to_items(
    obj: Any, origin: str, opts: ReadOptions, meta: dict[str, Any] | None = None, *, no_surrogates: bool = False
) -> list[Item]:
    """One record's article and its refused spans, or its refusal.

    ``no_surrogates``: the reader has seen that the record's source text can hold no lone surrogate
    (see :func:`surrogate_free`), so the record need not be written out again to find one.
    """
    try:
        return _record(obj, origin, opts, meta or {}, no_surrogates)
    except Refused as exc:
        return [(origin, exc.reason)]
    except Exception as exc:  # an odd shape we did not foresee costs this record, not the file
        return [(origin, f"cannot be imported ({type(exc).__name__}: {exc})")]


# -- records ----------------------------------------------------------------


def _record(obj: Any, origin: str, opts: ReadOptions, file_meta: dict[str, Any], no_surrogates: bool) -> list[Item]:
    if not isinstance(obj, dict):
        raise Refused(f"a record must be a JSON object, not {_kind(obj)}")
    if not no_surrogates:
        _check_unicode(obj)
    key, raw = _text_of(obj)
    norm = normalise(raw)
    if is_blank(norm.text):
        raise Refused("the record's text is empty")
    spans, skipped = _raw_spans(obj)
    owner = opts.annotator or person(obj.get("annotator"))
    placed = _place_all(spans, raw, norm, owner, opts.unowned_to)
    found = record_statuses(obj, owner, opts.unowned_to, ours=_is_ours(obj))
    statuses, unowned_status = found.statuses, ", ".join(dict.fromkeys(found.unowned))
    fields = _own_fields(obj) if _is_ours(obj) else _fields(obj, key)
    article = ArticleIn(
        text=norm.text,
        title=fields.title or guess_title(norm.text, fallback=origin),
        origin=origin,
        source=fields.source,
        url=fields.url,
        published=fields.published,
        meta={**file_meta, **fields.meta},
        normalised=norm.steps,
        spans=tuple(placed.spans),
        statuses=tuple(statuses.items()),
        annotators=tuple(
            dict.fromkeys([*([owner] if owner else []), *statuses, *(s.annotator for s in placed.spans if s.annotator)])
        ),
    )
    _notes(origin, placed, skipped, opts)
    if unowned_status:
        opts.notes.append(
            f"{origin}: its status ({unowned_status}) was not set: the file names no annotator;"
            " import with --annotator NAME"
        )
    refused: list[Item] = [(origin, reason) for reason in placed.refused + found.refused]
    if placed.unowned:
        refused.append((origin, f"{plural(placed.unowned, 'span')} not imported: {NO_ANNOTATOR}"))
    return [article, *refused]


def _notes(origin: str, placed: _Placed, skipped: int, opts: ReadOptions) -> None:
    if placed.repaired:
        opts.notes.append(
            f"{origin}: {plural(placed.repaired, 'span')} repaired: their offsets counted UTF-16 code units, "
            "not characters"
        )
    if skipped:
        opts.notes.append(
            f"{origin}: {plural(skipped, 'Label Studio result')} that {'is' if skipped == 1 else 'are'} not text "
            f"spans (choices, relations, ...) {'was' if skipped == 1 else 'were'} not imported"
        )


def _kind(obj: Any) -> str:
    kinds = {dict: "an object", list: "an array", str: "a string", type(None): "null", bool: "true/false"}
    return kinds.get(type(obj), "a number")


def surrogate_free(source: str) -> bool:
    """Whether JSON text ``source`` certainly parses to strings without a lone surrogate: it holds none
    itself and no ``\\u`` escape at all (a cheap test that passes most files; the rest are checked whole)."""
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\\u" not in source


def _check_unicode(obj: Any) -> None:
    """Refuse a record carrying a lone surrogate (a ``\\ud800`` escape): it is not text."""
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = ord(exc.object[exc.start])
        raise Refused(
            f"contains a lone surrogate U+{bad:04X} (half of a UTF-16 pair, written as a \\u escape): not valid Unicode"
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise Refused(f"cannot be read: {exc}") from exc


def _text_of(obj: dict[str, Any]) -> tuple[str, str]:
    """(field name, text) of the record's text field."""
    data = obj.get("data")
    for key, value in (
        ("text", obj.get("text")),
        ("data.text", data.get("text") if isinstance(data, dict) else None),
        ("content", obj.get("content")),
    ):
        if isinstance(value, str):
            return key, value
    raise Refused("no text: a record needs a string field 'text', 'data.text' or 'content'")


@dataclass(frozen=True)
class _Fields:
    """The article's own fields, and everything else for ``meta``."""

    title: str
    source: str
    url: str
    published: str
    meta: dict[str, Any]


def _is_ours(obj: dict[str, Any]) -> bool:
    """Our JSON Lines export: ``{id, text, metadata: {title, ..., sha256, meta}, spans}``."""
    metadata = obj.get("metadata")
    return isinstance(metadata, dict) and "sha256" in metadata


def _own_fields(obj: dict[str, Any]) -> _Fields:
    """Taken verbatim, so that export -> import -> export gives the same bytes.

    ``id`` and ``sha256`` belong to the exporting database and are not kept.
    """
    metadata = obj["metadata"]
    meta = dict(metadata["meta"]) if isinstance(metadata.get("meta"), dict) else {}
    meta.update({k: v for k, v in obj.items() if k not in _CONSUMED and k not in ("id", "metadata", "statuses")})

    def text(key: str) -> str:
        value = metadata.get(key)
        return value if isinstance(value, str) else ""

    return _Fields(text("title"), text("source"), text("url"), text("published"), meta)


def _fields(obj: dict[str, Any], text_key: str) -> _Fields:
    return _Fields(
        short_title(_first(obj, "title")),
        _first(obj, "source"),
        _first(obj, "url"),
        _first(obj, "published", "date"),
        _meta(obj, text_key),
    )


def _first(obj: dict[str, Any], *keys: str) -> str:
    """A metadata field from the record, its ``meta`` / ``metadata`` or its Label Studio ``data``."""
    for holder in (obj, obj.get("meta"), obj.get("metadata"), obj.get("data")):
        if isinstance(holder, dict):
            for key in keys:
                value = holder.get(key)
                if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
                    return " ".join(str(value).split())
    return ""


def _meta(obj: dict[str, Any], text_key: str) -> dict[str, Any]:
    """Everything the article's own fields and the spans did not take."""
    meta: dict[str, Any] = {}
    for holder in ("metadata", "meta"):
        value = obj.get(holder)
        if isinstance(value, dict):
            meta.update(value)
        elif holder in obj:
            meta[holder] = value
    data = obj.get("data")
    if isinstance(data, dict):
        # Our Label Studio export's names and statuses are read as the annotations' owners and statuses.
        ours = ("annotators", "statuses") if studio_names(obj) is not None else ()
        meta.update({k: v for k, v in data.items() if not (k == "text" and text_key == "data.text") and k not in ours})
    elif "data" in obj:
        meta["data"] = data
    for key, value in obj.items():
        if key not in _CONSUMED and not (key == "content" and text_key == "content"):
            meta[key] = value
    for key in ("label", "labels"):  # doccano text classification: document labels, not spans
        value = obj.get(key)
        if isinstance(value, str) or (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
            meta[key] = value
    return meta


# -- spans ------------------------------------------------------------------


def _raw_spans(obj: dict[str, Any]) -> tuple[list[_RawSpan | str], int]:
    """Every span the record brings, in any of the formats; a str is a malformed entry."""
    spans: list[_RawSpan | str] = []
    for key in ("label", "labels"):
        spans += _doccano(obj.get(key), key)
    spans += _entities(obj.get("entities"))
    spans += _ours(obj.get("spans"))
    studio, skipped = _label_studio(obj.get("annotations"), studio_names(obj) or [])
    return spans + studio, skipped


def _items(value: Any, key: str) -> tuple[list[Any], list[_RawSpan | str]]:
    """The entries of a span list, or the reason it is not one."""
    if value is None or (key in ("label", "labels") and isinstance(value, str)):
        return [], []  # absent, or a doccano document label (kept in meta)
    if not isinstance(value, list):
        return [], [f"'{key}' must be a list, not {_kind(value)}"]
    return value, []


_raw = tuple.__new__  # a _RawSpan of all six fields, without the generated __new__'s keyword handling


def _doccano(value: Any, key: str) -> list[_RawSpan | str]:
    items, out = _items(value, key)
    for item in items:
        if isinstance(item, (list, tuple)) and len(item) >= 3:
            out.append(_raw(_RawSpan, (item[0], item[1], item[2], None, None, None)))  # the common case, made fast
        elif isinstance(item, dict) and "start" in item:  # Label Studio JSON-MIN
            for label in _labels(item):
                out.append(_RawSpan(item.get("start"), item.get("end"), label, item.get("text")))
        elif not isinstance(item, str):  # a bare string is a document label (kept in meta)
            out.append(f"'{key}' entry {_clip(repr(item))} is not [start, end, label]")
    return out


def _labels(value: dict[str, Any]) -> list[Any]:
    labels = value.get("labels", value.get("label"))
    return labels if isinstance(labels, list) and labels else [labels]


def _entities(value: Any) -> list[_RawSpan | str]:
    items, out = _items(value, "entities")
    for item in items:
        if isinstance(item, dict):
            out.append(_RawSpan(item.get("start_offset"), item.get("end_offset"), item.get("label"), item.get("text")))
        else:
            out.append(f"'entities' entry {_clip(repr(item))} is not an object")
    return out


def _ours(value: Any) -> list[_RawSpan | str]:
    items, out = _items(value, "spans")
    for item in items:
        if isinstance(item, dict):
            out.append(
                _RawSpan(
                    item.get("start"),
                    item.get("end"),
                    item.get("label"),
                    item.get("text"),
                    person(item.get("annotator")),
                    item.get("note"),
                )
            )
        else:
            out.append(f"'spans' entry {_clip(repr(item))} is not an object")
    return out


def _label_studio(value: Any, names: list[str | None]) -> tuple[list[_RawSpan | str], int]:
    """Spans of the annotations; a cancelled one's only where our own export wrote it (``names``)."""
    annotations, out = _items(value, "annotations")
    skipped = 0
    for n, annotation in enumerate(annotations):
        if not isinstance(annotation, dict):
            out.append(f"'annotations' entry {_clip(repr(annotation))} is not an object")
            continue
        ours = names[n] if n < len(names) else None
        if annotation.get("was_cancelled") and ours is None:
            continue
        who = studio_user(annotation.get("completed_by")) or ours
        results = annotation.get("result")
        for result in results if isinstance(results, list) else []:
            value_ = result.get("value") if isinstance(result, dict) else None
            if not isinstance(value_, dict) or result.get("type", "labels") != "labels" or "start" not in value_:
                skipped += 1
                continue
            for label in _labels(value_):
                out.append(_RawSpan(value_.get("start"), value_.get("end"), label, value_.get("text"), who))
    return out, skipped


def _place_all(
    spans: list[_RawSpan | str], raw: str, norm: Normalised, owner: str | None, unowned_to: str | None = None
) -> _Placed:
    """Check every span against the text, repair UTF-16 offsets, map them to the stored text."""
    placed = _Placed([], [])
    umap: list[Utf16Map] = []

    def utf16() -> Utf16Map:
        if not umap:
            umap.append(Utf16Map(raw))
        return umap[0]

    names: dict[str, str] = {}  # label values already checked: a record repeats a few labels many times
    length, shift = len(raw), norm.offset if norm.removed else None
    out, make = placed.spans, tuple.__new__
    for span in spans:
        if isinstance(span, str):
            placed.refused.append(span)
            continue
        start, end, label, given, person_, note = span
        label = names.get(label) if type(label) is str else None
        if (
            label is not None
            and type(start) is int  # exactly int: not a bool, not a float
            and type(end) is int
            and 0 <= start < end <= length
            and (given is None or raw[start:end] == given)
        ):
            # The common case: every check _place makes holds already (the label was checked on its
            # first span, the offsets are code points of the raw text), so only the mapping remains.
            if shift is not None:
                start, end = shift(start), shift(end)
            if start < end:
                who = owner or person_ or unowned_to
                if who is None:
                    placed.unowned += 1
                else:
                    out.append(make(SpanIn, (start, end, label, who, None if note is None else _note(note))))
                continue
        try:
            start, end, repaired, label = _place(span, raw, norm, utf16)
            if type(span.label) is str:
                names[span.label] = label
        except _BadSpan as exc:
            placed.refused.append(f"{span.describe()}: {exc}")
            continue
        who = owner or span.annotator or unowned_to
        if who is None:
            placed.unowned += 1
            continue
        placed.repaired += repaired
        out.append(SpanIn(start, end, label, who, _note(span.note)))
    return placed


def _place(span: _RawSpan, raw: str, norm: Normalised, utf16: Callable[[], Utf16Map]) -> tuple[int, int, bool, str]:
    """(start, end) in the stored text, whether UTF-16 offsets were repaired, and the label."""
    label = _label(span.label)
    start, end = _offset(span.start, "start"), _offset(span.end, "end")
    if end <= start:
        raise _BadSpan(f"end {end} is not after start {start}")
    start, end, repaired = _match(span, start, end, raw, utf16)
    new_start, new_end = norm.offset(start), norm.offset(end)
    if new_end <= new_start:
        raise _BadSpan("it covers only a byte-order mark or a line-ending character")
    return new_start, new_end, repaired, label


def _match(span: _RawSpan, start: int, end: int, raw: str, utf16: Callable[[], Utf16Map]) -> tuple[int, int, bool]:
    want = _lf(span.text) if isinstance(span.text, str) else None
    if end <= len(raw) and (want is None or _lf(raw[start:end]) == want):
        return start, end, False
    if want is not None:
        umap = utf16()
        if end <= umap.utf16_length:
            s, e = umap.from_utf16(start), umap.from_utf16(end)
            exact = umap.to_utf16(s) == start and umap.to_utf16(e) == end
            if exact and _lf(raw[s:e]) == want:
                return s, e, True
    if end > len(raw):
        raise _BadSpan(f"outside the text (length {len(raw)})")
    raise _BadSpan(f"the text there is {_clip(raw[start:end])!r}, but the file says {_clip(span.text)!r}")


def _offset(value: Any, what: str) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise _BadSpan(f"{what} {value!r} is not a whole number")
    if value < 0:
        raise _BadSpan(f"{what} {value} is negative")
    return value


def _label(value: Any) -> str:
    name = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if not name or any(ch in name for ch in "\t\n\r"):
        raise _BadSpan(f"label {value!r} is not a name on one line")
    return name


def _note(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _lf(text: str) -> str:
    return normalise(text).text


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
