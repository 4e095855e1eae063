"""The window's menus and keyboard shortcuts, declared in one place.

Every key the window answers to is a ``QAction`` in a menu, so the Help ▸
Keyboard shortcuts sheet is generated from the menus and cannot drift from
them. Selection keys use Alt so that any letter or digit stays free to be a
label key; a label key fires only where no text is being typed (a filter box
keeps its characters).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu

from ...model import Label, Status
from ..text import selection
from .review_menu import add_merge_action, build_review_menu
from ..common.theme import THEMES

if TYPE_CHECKING:
    from .main_window import MainWindow
    from ..common.settings import Settings

__all__ = ["Actions", "FINISHING", "SELECTION_COMMANDS", "SELECTION_NAMES", "bound_keys", "build_menus",
           "label_keys", "rebuild_label_actions", "undo_redo_actions"]

Keys = str | QKeySequence | QKeySequence.StandardKey

# (menu text, keys, selection function, snap the result?)
SELECTION_COMMANDS: tuple[tuple[str, tuple[str, ...], Callable, bool], ...] = (
    ("Select sentence", ("Alt+S",), lambda t, s, e: selection.sentence_at(t, s), True),
    ("Select clause (again: next clause)", ("Alt+C",), selection.select_clause, True),
    ("Next sentence", ("Alt+Down",), selection.next_sentence, True),
    ("Previous sentence", ("Alt+Up",), selection.previous_sentence, True),
    ("Grow end by a word", ("Alt+Right",), selection.grow_end, False),
    ("Shrink end by a word", ("Alt+Left",), selection.shrink_end, False),
    ("Grow start by a word", ("Alt+Shift+Left",), selection.grow_start, False),
    ("Shrink start by a word", ("Alt+Shift+Right",), selection.shrink_start, False),
)
# The names the settings file gives them, in the same order; the review window binds them by these names too.
SELECTION_NAMES = ("select_sentence", "select_clause", "next_sentence", "previous_sentence",
                   "grow_end", "shrink_end", "grow_start", "shrink_start")
# Actions that leave an article finished: never on a key a dialog confirms with (see key_bindings).
FINISHING = ("mark_done", "mark_skipped")


def bound_keys(settings: Settings, name: str, defaults: tuple[Keys, ...]) -> tuple[list[str], list[QKeySequence]]:
    """Command ``name``'s default keys (portable text) and the keys it has now: those the annotator
    chose in Edit ▸ Key bindings (kept in ``settings``), else the defaults. Both windows ask here."""
    default = [QKeySequence(k).toString(QKeySequence.SequenceFormat.PortableText) for k in defaults]
    chosen = settings.keys(name)
    return default, [QKeySequence(k) for k in (default if chosen is None else chosen)]


@dataclass
class Actions:
    """The actions tests and other code need to reach by name."""

    undo: QAction
    redo: QAction
    delete: QAction
    note: QAction
    done: QAction
    show_all: QAction
    snap: QAction
    labels_menu: QMenu
    export: QAction | None = None
    themes: dict[str, QAction] = field(default_factory=dict)
    label_actions: dict[str, QAction] = field(default_factory=dict)
    selection: dict[str, QAction] = field(default_factory=dict)
    label_names: QAction | None = None
    by_name: dict[str, QAction] = field(default_factory=dict)


class _Builder:
    """Makes the named actions of one window, with the keys its settings bind to them."""

    def __init__(self, win: MainWindow) -> None:
        self.win = win
        self.by_name: dict[str, QAction] = {}

    def bind(self, action: QAction, name: str, keys: tuple[Keys, ...]) -> QAction:
        """Give ``action`` its settings name, its default keys, and the keys the annotator chose."""
        defaults, now = bound_keys(self.win.settings, name, keys)
        action.setObjectName(name)
        action.setProperty("defaultKeys", defaults)
        action.setShortcuts(now)
        self.by_name[name] = action
        return action

    def action(self, menu: QMenu, name: str, text: str, slot: Callable[[], object], *keys: Keys,
               tip: str = "") -> QAction:
        action = QAction(text, menu)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return self.bind(action, name, keys)

    def toggle(self, menu: QMenu, name: str, text: str, on: bool, slot: Callable[[bool], object],
               *keys: Keys) -> QAction:
        action = QAction(text, menu)
        action.setCheckable(True)
        action.setChecked(on)
        action.toggled.connect(slot)
        menu.addAction(action)
        return self.bind(action, name, keys)


def build_menus(win: MainWindow) -> Actions:
    """Create the menu bar of ``win``."""
    b = _Builder(win)
    bar = win.menuBar()
    file = bar.addMenu("&File")
    b.action(file, "open_database", "&Open or create database…", win.choose_database, "Ctrl+O")
    b.action(file, "import_files", "&Import files…", win.import_files, "Ctrl+I")
    b.action(file, "import_folder", "Import &folder…", win.import_folder, "Ctrl+Shift+I")
    export = b.action(file, "export", "&Export…", win.export, "Ctrl+E")
    b.bind(add_merge_action(win, file), "merge", ("Ctrl+Shift+M",))
    file.addSeparator()
    b.action(file, "switch_annotator", "Switch &annotator…", win.switch_annotator)
    b.action(file, "restore_backup", "&Restore backup…", win.restore_backup,
             tip="Replace the database with one of its automatic backups (the current file is kept)")
    file.addSeparator()
    b.action(file, "quit", "&Quit", win.close, "Ctrl+Q")

    edit = bar.addMenu("&Edit")
    undo, redo = undo_redo_actions(edit, win.ops.stack, "Undo")
    b.bind(undo, "undo", ("Ctrl+Z",))
    b.bind(redo, "redo", ("Ctrl+Shift+Z", "Ctrl+Y"))
    edit.addActions([undo, redo])
    edit.addSeparator()
    _span_actions(b, edit)
    edit.addSeparator()
    chosen = {}
    for name, (text, keys, fn, snap_it) in zip(SELECTION_NAMES, SELECTION_COMMANDS):
        chosen[text] = b.action(edit, name, text, lambda fn=fn, s=snap_it: win.run_selection(fn, s), *keys)
    edit.addSeparator()
    done = _article_actions(b, edit)
    edit.addSeparator()
    _find_actions(b, edit)
    edit.addSeparator()
    b.action(edit, "key_bindings", "&Key bindings…", win.edit_key_bindings,
             tip="Change the keys of the window's commands (for keys your desktop takes)")

    view = bar.addMenu("&View")
    b.action(view, "zoom_in", "Zoom &in", lambda: win.zoom(1), "Ctrl++", "Ctrl+=")
    b.action(view, "zoom_out", "Zoom &out", lambda: win.zoom(-1), "Ctrl+-")
    b.action(view, "zoom_reset", "&Actual size", lambda: win.zoom(0), "Ctrl+0")
    view.addSeparator()
    themes = _theme_menu(win, view)
    view.addSeparator()
    show_all = b.toggle(view, "show_all", "Show &everyone's spans", win.settings.show_all, win.set_show_all,
                        "Ctrl+Shift+E")
    names = b.toggle(view, "label_names", "Show &label names on spans", win.settings.label_names,
                     win.set_label_names, "Ctrl+Shift+L")
    snap = b.toggle(view, "snap", "&Snap selections to words", win.settings.snap, win.set_snap, "Ctrl+Shift+W")
    view.addSeparator()
    b.action(view, "refresh", "&Refresh from the database", win.refresh, "F5",
             tip="Show what another window or command wrote to this file")

    labels_menu = bar.addMenu("&Labels")
    review = build_review_menu(win, bar)
    b.bind(review.review, "review_article", ("Ctrl+R",))
    b.bind(review.agreement, "agreement_report", ("Ctrl+Shift+R",))
    help_menu = bar.addMenu("&Help")
    b.action(help_menu, "shortcuts", "&Keyboard shortcuts", win.show_shortcuts, "F1", "Ctrl+/")
    b.action(help_menu, "about", "&About annotator", win.show_about)
    return Actions(undo, redo, b.by_name["delete_span"], b.by_name["edit_note"], done, show_all, snap,
                   labels_menu, export, themes, selection=chosen, label_names=names, by_name=b.by_name)


def _span_actions(b: _Builder, edit: QMenu) -> None:
    win = b.win
    b.action(edit, "choose_span", "C&hoose the span at the cursor (again: the next one there)",
             win.choose_span_at_cursor, "Space")
    b.action(edit, "next_span", "Ne&xt span", lambda: win.step_span(1), "Alt+N", "F8")
    b.action(edit, "previous_span", "Pre&vious span", lambda: win.step_span(-1), "Alt+P", "Shift+F8")
    b.action(edit, "delete_span", "&Delete span", win.delete_span, "Delete", "Backspace")
    b.action(edit, "edit_note", "Edit &note…", win.edit_note, "F2", tip="Enter in the article does the same")
    b.action(edit, "clear_selection", "Clear selection", win.clear_selection, "Esc")


def _article_actions(b: _Builder, edit: QMenu) -> QAction:
    win = b.win
    done = b.action(edit, "mark_done", "&Mark done and go to next", win.mark_done, "Ctrl+D")
    b.action(edit, "mark_skipped", "Mark s&kipped and go to next", lambda: win.mark_done(Status.SKIPPED),
             "Ctrl+Shift+D")
    b.action(edit, "reopen_article", "Reopen article", lambda: win.set_status(Status.IN_PROGRESS))
    b.action(edit, "next_article", "Next article", lambda: win.step_article(1), "Ctrl+PgDown")
    b.action(edit, "previous_article", "Previous article", lambda: win.step_article(-1), "Ctrl+PgUp")
    b.action(edit, "next_unfinished", "Next unfinished article", win.next_unfinished, "Ctrl+Shift+PgDown")
    return done


def _find_actions(b: _Builder, edit: QMenu) -> None:
    win = b.win
    b.action(edit, "find", "&Find in the article…", win.find_bar.open, "Ctrl+F")
    b.action(edit, "find_next", "Find next", lambda: win.find_bar.step(1), "F3")
    b.action(edit, "find_previous", "Find previous", lambda: win.find_bar.step(-1), "Shift+F3")
    b.action(edit, "filter", "Filter the article &list…", win.focus_filter, "Ctrl+L")


def _theme_menu(win: MainWindow, view: QMenu) -> dict[str, QAction]:
    theme_menu = view.addMenu("&Theme")
    group = QActionGroup(theme_menu)
    themes = {}
    for name in THEMES:
        action = QAction("Follow the system" if name == "system" else name.capitalize(), theme_menu)
        action.setCheckable(True)
        action.setChecked(win.settings.theme == name)
        action.triggered.connect(lambda _=False, n=name: win.set_theme(n))
        group.addAction(action)
        theme_menu.addAction(action)
        themes[name] = action
    return themes


def undo_redo_actions(menu: QMenu, stack: QUndoStack, undo_sheet: str) -> tuple[QAction, QAction]:
    """Undo and redo for ``stack`` in ``menu``, with the keys every window uses."""
    undo = stack.createUndoAction(menu, "&Undo")
    undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
    redo = stack.createRedoAction(menu, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    undo.setProperty("sheetText", undo_sheet)  # their menu text names the step, e.g. "Undo Tag claim"
    redo.setProperty("sheetText", "Redo")
    return undo, redo


def label_keys(label: Label) -> list[QKeySequence]:
    """A label's key, and its keypad twin for digits."""
    if not label.key:
        return []
    keys = [QKeySequence(label.key)]
    if label.key.isdigit():
        keys.append(QKeySequence(Qt.KeyboardModifier.KeypadModifier.value | ord(label.key)))
    return keys


def rebuild_label_actions(win: MainWindow, actions: Actions, labels: list[Label]) -> None:
    """One "Tag as …" action per active label, keyed as the scheme says, then the editor."""
    menu = actions.labels_menu
    menu.clear()  # deletes the old actions: the menu owns them
    actions.label_actions.clear()
    for label in labels:
        action = QAction(f"Tag as {label.name}", menu)
        action.setShortcuts(label_keys(label))
        action.setToolTip(label.guideline)
        action.triggered.connect(lambda _=False, name=label.name: win.apply_label(name))
        menu.addAction(action)
        actions.label_actions[label.name] = action
    menu.addSeparator()
    editor = QAction("&Edit label scheme…", menu)
    editor.triggered.connect(lambda _=False: win.edit_labels())
    menu.addAction(editor)
