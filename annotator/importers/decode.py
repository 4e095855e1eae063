"""Bytes -> the text we store, and how offsets move when we normalise it.

Every span offset in the store counts code points of the *stored* text, so the
stored text must be decided once, here, the same way for every format: the
file is decoded (UTF-8, a byte-order-marked UTF-16/32, a charset the file
declares, or else one charset-normalizer is confident about), a leading
byte-order mark is dropped and CRLF / lone CR become LF. Nothing else is
touched (no Unicode normalisation, no trimming), so the text still reads as
the file does. What was done is recorded in ``ArticleIn.normalised``.

Formats that bring their own offsets (JSON) refer to the raw text, so
:class:`Normalised` also maps a raw offset to the normalised text.

This module also holds the few things every reader shares: the
:class:`Refused` exception, :class:`ReadOptions` and the size limit.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..model import ArticleIn

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Decoded",
    "Item",
    "Normalised",
    "ReadOptions",
    "Refused",
    "decode_bytes",
    "is_blank",
    "normalise",
    "open_regular",
    "read_bytes",
    "special_kind",
]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
"""Largest plain file (and largest JSON Lines record) an import accepts."""

Item = ArticleIn | tuple[str, str]
"""What a reader yields: an article, or ``(origin, reason)`` for something refused."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Encodings charset-normalizer may propose that are never right for a file
# without a byte-order mark: UTF-16/32 text always has NUL bytes (refused as
# binary first), and EBCDIC or UTF-7 "fit" almost any short byte string.
_NEVER_GUESS = [
    "utf_16",
    "utf_16_be",
    "utf_16_le",
    "utf_32",
    "utf_32_be",
    "utf_32_le",
    "utf_7",
    "cp037",
    "cp273",
    "cp424",
    "cp500",
    "cp875",
    "cp1026",
    "cp1140",
]
# On a tie (short or ambiguous text) the commonest legacy Western encodings win.
_PREFERRED = ("cp1252", "latin_1", "iso8859_15")
_MAX_CHAOS = 0.1  # charset-normalizer's "mess" ratio above which we do not trust a guess

_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")
# C0 control characters other than tab, LF, VT, FF, CR and ESC: text has almost none.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


class Refused(Exception):
    """A file or record that cannot be imported; ``reason`` says why, for a person."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class ReadOptions:
    """What every reader needs besides the path."""

    annotator: str | None = None  # --annotator NAME: owner of every imported span
    max_bytes: int = DEFAULT_MAX_BYTES
    notes: list[str] = field(default_factory=list)  # repairs and guesses, for ImportResult.notes
    unowned_to: str | None = None  # owner of the spans a file attributes to no one (the window's user)


@dataclass(frozen=True)
class Normalised:
    """A text after BOM removal and LF line endings, with the raw positions that were dropped."""

    text: str
    steps: tuple[str, ...]
    removed: tuple[int, ...] = ()  # raw offsets of the characters removed (BOM, the CR of CRLF)

    def offset(self, raw: int) -> int:
        """Offset in :attr:`text` of raw offset ``raw`` (code points of the raw text)."""
        return raw - bisect_left(self.removed, raw)


@dataclass(frozen=True)
class Decoded:
    """A decoded, normalised file."""

    text: str
    encoding: str  # "utf-8", a BOM's encoding, or the one detected / declared
    steps: tuple[str, ...]
    how: str = ""  # "" for UTF-8 or a BOM; else "detected" or "declared"

    @property
    def meta(self) -> dict[str, str]:
        """What goes in ArticleIn.meta: the encoding, when it is not UTF-8."""
        return {} if self.encoding == "utf-8" else {"encoding": self.encoding}

    def note(self, origin: str) -> str | None:
        """The ImportResult note for a guessed or declared encoding, if any."""
        if not self.how:
            return None
        by = "charset-normalizer" if self.how == "detected" else "the file's charset declaration"
        return f"{origin}: not valid UTF-8; read as {self.encoding} ({self.how} by {by})"


def open_regular(path: Path) -> BinaryIO:
    """``path`` open for reading, refused unless it is a regular file.

    A named pipe would block the import forever and a device never ends, so
    the file is opened without blocking and checked after it is open (a check
    before opening could be raced). A file that vanished or cannot be read is
    refused with the reason.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as exc:
        raise Refused("no such file" if not os.path.lexists(path) else "a link to a file that does not exist") from exc
    except OSError as exc:
        raise Refused(f"cannot be read: {exc.strerror or exc}") from exc
    kind = _special_kind(os.fstat(fd).st_mode)
    if kind:
        os.close(fd)
        raise Refused(f"not a regular file ({kind})")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def special_kind(path: Path) -> str:
    """ "" for a regular file (or a link to one), else what it is, for a refusal ("a named pipe")."""
    try:
        return _special_kind(os.stat(path).st_mode)
    except OSError:
        return ""  # opening it says why


def _special_kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return ""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "not a file")


def read_bytes(path: Path, max_bytes: int, *, hint: str = "") -> bytes:
    """The file's bytes, refusing a file over ``max_bytes`` before reading it."""
    with open_regular(path) as f:
        size = os.fstat(f.fileno()).st_size
        if size > max_bytes:
            raise Refused(f"too large: {size:,} bytes (the limit is {max_bytes:,})" + (f"; {hint}" if hint else ""))
        data = f.read(max_bytes + 1)  # the file may have grown since fstat()
    if len(data) > max_bytes:
        raise Refused(f"too large: over {max_bytes:,} bytes")
    if not data:
        raise Refused("empty file")
    return data


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode and normalise a whole file; raise :class:`Refused` for binary or undecodable data."""
    text, encoding, how, bom = _decode(data, declared)
    if "\x00" in text or _looks_binary(text):
        raise Refused("binary file (control characters or NUL bytes), not text")
    norm = normalise(text, offsets=False)
    steps = (("bom removed",) if bom else ()) + norm.steps
    if is_blank(norm.text):
        raise Refused("empty file (only whitespace)")
    return Decoded(norm.text, encoding, steps, how)


def normalise(text: str, *, offsets: bool = True) -> Normalised:
    """Drop a leading BOM and turn CRLF and lone CR into LF, remembering what moved.

    With ``offsets=False`` the removed positions are not kept (a whole file
    needs no offset map, and a 50 MB one would make a long list).
    """
    steps: list[str] = []
    removed: list[int] = []
    bom = text.startswith("\ufeff")
    if bom:
        steps.append("bom removed")
        removed.append(0)
    if "\r" in text:
        crlf = text.count("\r\n")
        if crlf:
            steps.append("crlf -> lf")
            if offsets:
                removed.extend(m.start() for m in re.finditer("\r\n", text))
        if text.count("\r") > crlf:
            steps.append("cr -> lf")
    out = text[1:] if bom else text
    if "\r" in out:
        out = out.replace("\r\n", "\n").replace("\r", "\n")
    return Normalised(out, tuple(steps), tuple(removed) if offsets else ())


def is_blank(text: str) -> bool:
    """Nothing to annotate: only whitespace and invisible format characters (ZWSP, BOM, ...)."""
    return all(ch.isspace() or ch in _INVISIBLE for ch in text)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """Encoding named by a byte-order mark at the start of ``data``, and the mark's length."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def _decode(data: bytes, declared: str | None) -> tuple[str, str, str, bool]:
    """(text without BOM, encoding, how, had a BOM)."""
    found = bom_encoding(data)
    if found is not None:
        encoding, length = found
        try:
            return data[length:].decode(encoding), encoding.replace("-le", "").replace("-be", ""), "", True
        except UnicodeDecodeError as exc:
            raise Refused(f"starts with a {encoding} byte-order mark but is not {encoding}: {exc.reason}") from exc
    if b"\x00" in data:
        raise Refused("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8", "", False
    except UnicodeDecodeError:
        pass
    if declared:
        text = _try_declared(data, declared)
        if text is not None:
            return text, codecs.lookup(declared).name, "declared", False
    text, encoding = _detect(data)
    return text, encoding, "detected", False


def _try_declared(data: bytes, declared: str) -> str | None:
    try:
        if codecs.lookup(declared).name in ("utf-8", "utf-16", "utf-32"):
            return None  # the declaration is wrong: we just failed to read it as such
        return data.decode(declared)
    except (LookupError, UnicodeDecodeError):
        return None


def _detect(data: bytes) -> tuple[str, str]:
    """Text and encoding as charset-normalizer sees them; refuse if it is not confident."""
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(data, cp_exclusion=_NEVER_GUESS) if m.chaos <= _MAX_CHAOS]
    if not matches:
        raise Refused("not valid UTF-8, and no other text encoding fits it with confidence (binary?)")
    best = min(m.chaos for m in matches)
    top = max(m.coherence for m in matches if m.chaos <= best + 0.01)
    tied = [m for m in matches if m.chaos <= best + 0.01 and m.coherence >= top - 0.05]
    for name in _PREFERRED:  # matches decoding to the same text are folded into one
        for match in tied:
            if name in match.could_be_from_charset:
                return str(match), name
    return str(tied[0]), tied[0].encoding


def _looks_binary(text: str) -> bool:
    """More than 1 % control characters (other than whitespace and ESC): not a text file."""
    bad = len(_CONTROL.findall(text, 0, 1 << 20))
    return bad > 0 and bad * 100 > min(len(text), 1 << 20)
