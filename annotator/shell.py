"""Quoting words for a POSIX shell command that a person copies from a file or a message.

``shlex.quote`` is right for printable text, but it leaves control characters
and line breaks raw inside the quotes, where they break the line of a Markdown
card or a terminal; such words are written in ``$'...'`` form (bash, zsh,
ksh and POSIX.1-2024 sh) with each byte of their UTF-8 as ``\\xHH``, which
needs no particular locale.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable

__all__ = ["ShellQuoteError", "join", "quote"]


class ShellQuoteError(ValueError):
    """A word no shell command line can pass (it holds a NUL character)."""


def quote(word: str) -> str:
    """``word`` as one shell word that gives back exactly ``word``."""
    if "\0" in word:
        raise ShellQuoteError("a NUL character cannot be passed on a command line")
    if word.isprintable():
        return shlex.quote(word)
    return "$'" + "".join(_escape(ch) for ch in word) + "'"


def _escape(ch: str) -> str:
    if ch in "\\'":
        return "\\" + ch
    if ch.isprintable():
        return ch
    try:  # a path's undecodable byte, as Python keeps it (U+DC80-U+DCFF), gives back that byte
        data = ch.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        data = ch.encode("utf-8", "surrogatepass")
    return "".join(f"\\x{b:02x}" for b in data)


def join(words: Iterable[str]) -> str:
    """A command line of ``words``, each quoted."""
    return " ".join(quote(w) for w in words)
