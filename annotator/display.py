"""File names as people read them, and as they can be stored and printed.

A Linux file name is any bytes: Python hands the ones that are not UTF-8 over
as lone surrogates (``b'caf\\xe9.txt'`` becomes ``'caf\\udce9.txt'``), which
SQLite, a terminal and Qt all refuse. :func:`shown_path` writes such bytes,
and control characters (a newline or an escape sequence in a name would break
a summary line or repaint a terminal), as ``\\xNN`` escapes: ``caf\\xe9.txt``.
That one string is what an import stores as an article's origin, what a
refusal names and what the window lists.
"""

from __future__ import annotations

import codecs
import os
import re

__all__ = ["PRINT_ERRORS", "shown_path", "shown_text"]

_UNSHOWABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def shown_path(path: str | os.PathLike[str] | bytes) -> str:
    """``path`` as a readable string: undecodable bytes and control characters escaped."""
    if isinstance(path, bytes):
        raw = path
    else:
        text = os.fspath(path)
        if isinstance(text, bytes):
            raw = text
        else:
            try:
                raw = os.fsencode(text)
            except UnicodeEncodeError:  # a lone surrogate that no file name byte makes
                return shown_text(text)
    return shown_text(raw.decode("utf-8", "surrogateescape"))


def shown_text(text: str) -> str:
    """``text`` with control characters and lone surrogates written as escapes."""
    if not _UNSHOWABLE.search(text):
        return text
    return _UNSHOWABLE.sub(_escape, text)


def _escape(match: re.Match[str] | str) -> str:
    code = ord(match if isinstance(match, str) else match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, smuggled in by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _printable(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(_escape(ch) for ch in exc.object[exc.start : exc.end]), exc.end


PRINT_ERRORS = "annotator-shown"
"""An error handler for output streams: what cannot be printed is written as :func:`shown_text` writes it
(``caf\\xe9``), so a name reads the same in every message, whichever path printed it."""
codecs.register_error(PRINT_ERRORS, _printable)
