"""The window's commands and their default keys: the one list both the window and the CLI read.

The window binds these keys (or the ones chosen in Edit ▸ Key bindings) to its
menus; the label scheme refuses a label key that one of them holds, because Qt
fires neither of two actions on the same key. Plain text, no Qt: the CLI checks
``labels add/set --key`` against the defaults here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = ["COMMANDS", "default_keys", "key_name", "label_key_refusal"]

# settings name -> (title, default keys as Qt's portable text writes them)
COMMANDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "open_database": ("Open or create database", ("Ctrl+O",)),
    "import_files": ("Import files", ("Ctrl+I",)),
    "import_folder": ("Import folder", ("Ctrl+Shift+I",)),
    "export": ("Export", ("Ctrl+E",)),
    "merge": ("Merge annotations", ("Ctrl+Shift+M",)),
    "switch_annotator": ("Switch annotator", ()),
    "restore_backup": ("Restore backup", ()),
    "quit": ("Quit", ("Ctrl+Q",)),
    "undo": ("Undo", ("Ctrl+Z",)),
    "redo": ("Redo", ("Ctrl+Shift+Z", "Ctrl+Y")),
    "choose_span": ("Choose the span at the cursor", ("Space",)),
    "next_span": ("Next span", ("Alt+N", "F8")),
    "previous_span": ("Previous span", ("Alt+P", "Shift+F8")),
    "delete_span": ("Delete span", ("Del", "Backspace")),
    "edit_note": ("Edit note", ("F2",)),
    "clear_selection": ("Clear selection", ("Esc",)),
    "select_sentence": ("Select sentence", ("Alt+S",)),
    "select_clause": ("Select clause", ("Alt+C",)),
    "next_sentence": ("Next sentence", ("Alt+Down",)),
    "previous_sentence": ("Previous sentence", ("Alt+Up",)),
    "grow_end": ("Grow end by a word", ("Alt+Right",)),
    "shrink_end": ("Shrink end by a word", ("Alt+Left",)),
    "grow_start": ("Grow start by a word", ("Alt+Shift+Left",)),
    "shrink_start": ("Shrink start by a word", ("Alt+Shift+Right",)),
    "mark_done": ("Mark done and go to next", ("Ctrl+D",)),
    "mark_skipped": ("Mark skipped and go to next", ("Ctrl+Shift+D",)),
    "reopen_article": ("Reopen article", ()),
    "next_article": ("Next article", ("Ctrl+PgDown",)),
    "previous_article": ("Previous article", ("Ctrl+PgUp",)),
    "next_unfinished": ("Next unfinished article", ("Ctrl+Shift+PgDown",)),
    "find": ("Find in the article", ("Ctrl+F",)),
    "find_next": ("Find next", ("F3",)),
    "find_previous": ("Find previous", ("Shift+F3",)),
    "filter": ("Filter the article list", ("Ctrl+L",)),
    "key_bindings": ("Key bindings", ()),
    "zoom_in": ("Zoom in", ("Ctrl++", "Ctrl+=")),
    "zoom_out": ("Zoom out", ("Ctrl+-",)),
    "zoom_reset": ("Actual size", ("Ctrl+0",)),
    "show_all": ("Show everyone's spans", ("Ctrl+Shift+E",)),
    "label_names": ("Show label names on spans", ("Ctrl+Shift+L",)),
    "snap": ("Snap selections to words", ("Ctrl+Shift+W",)),
    "refresh": ("Refresh from the database", ("F5",)),
    "review_article": ("Review article", ("Ctrl+R",)),
    "agreement_report": ("Agreement report", ("Ctrl+Shift+R",)),
    "shortcuts": ("Keyboard shortcuts", ("F1", "Ctrl+/")),
    "about": ("About annotator", ()),
}


def default_keys(name: str) -> tuple[str, ...]:
    """The keys command ``name`` has until the annotator rebinds it."""
    return COMMANDS[name][1]


def key_name(char: str) -> str:
    """A one-character label key as a key binding names it (``" "`` is ``Space``, ``a`` is ``A``)."""
    return "Space" if char == " " else char.upper()


def label_key_refusal(key: str, held: Mapping[str, Sequence[str]] | None = None) -> str | None:
    """Why a label cannot have ``key`` (``None``: it can): white space, or a window command's key.

    ``held`` maps each command's title to its keys now (the window passes its rebound
    ones); without it, the default keys of :data:`COMMANDS`.
    """
    if not key:
        return None
    if key.isspace() and key != " ":
        return f"a label key is a letter, digit or sign, not white space ({key!r})"
    if held is None:
        held = {title: keys for title, keys in COMMANDS.values()}
    name = key_name(key)
    for title, keys in held.items():
        if name in keys:
            return (
                f"{name} is the key of the window command “{title}”, and a key with two meanings does "
                "neither: give the label another key"
            )
    return None
