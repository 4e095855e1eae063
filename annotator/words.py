"""Counts in messages, in the right number: ``1 article``, ``2 articles``."""

from __future__ import annotations

__all__ = ["plural"]


def plural(n: int, word: str, words: str | None = None) -> str:
    """``n`` and ``word``, or ``words`` (default: ``word`` + "s") unless ``n`` is 1."""
    return f"{n:,} {word if n == 1 else words or word + 's'}"
