"""The selection commands (select a sentence or clause, step by sentence, grow and shrink by a word):
their names in the settings file, menu texts, default keys and the functions they call.

The annotation window and the review view bind them by the same names.
"""

from __future__ import annotations

from collections.abc import Callable

from ...command_keys import default_keys
from . import selection

__all__ = ["SELECTION_COMMANDS", "SELECTION_NAMES"]

# The names the settings file gives them, in the same order; the review window binds them by these names too.
SELECTION_NAMES = (
    "select_sentence",
    "select_clause",
    "next_sentence",
    "previous_sentence",
    "grow_end",
    "shrink_end",
    "grow_start",
    "shrink_start",
)
# (menu text, default keys (from command_keys), selection function, snap the result?)
SELECTION_COMMANDS: tuple[tuple[str, tuple[str, ...], Callable, bool], ...] = tuple(
    (text, default_keys(name), fn, snap_it)
    for name, (text, fn, snap_it) in zip(
        SELECTION_NAMES,
        (
            ("Select sentence", lambda t, s, e: selection.sentence_at(t, s), True),
            ("Select clause (again: next clause)", selection.select_clause, True),
            ("Next sentence", selection.next_sentence, True),
            ("Previous sentence", selection.previous_sentence, True),
            ("Grow end by a word", selection.grow_end, False),
            ("Shrink end by a word", selection.shrink_end, False),
            ("Grow start by a word", selection.grow_start, False),
            ("Shrink start by a word", selection.shrink_start, False),
        ),
    )
)
