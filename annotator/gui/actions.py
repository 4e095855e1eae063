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

from ..model import Label, Status
from . import selection
from .review_menus import add_merge_action, build_review_menu
from .theme import THEMES

if TYPE_CHECKING:
    from .main_window import MainWindow

__all__ = ["Actions", "build_menus", "label_keys", "rebuild_label_actions", "undo_redo_actions"]

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


def _action(menu: QMenu, text: str, slot: Callable[[], object], *keys: Keys,
            tip: str = "") -> QAction:
    action = QAction(text, menu)
    if keys:
        action.setShortcuts([QKeySequence(k) for k in keys])
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def _toggle(menu: QMenu, text: str, on: bool, slot: Callable[[bool], object], key: str = "") -> QAction:
    action = QAction(text, menu)
    action.setCheckable(True)
    action.setChecked(on)
    if key:
        action.setShortcut(QKeySequence(key))
    action.toggled.connect(slot)
    menu.addAction(action)
    return action


def build_menus(win: MainWindow) -> Actions:
    """Create the menu bar of ``win``."""
    bar = win.menuBar()
    file = bar.addMenu("&File")
    _action(file, "&Open or create database…", win.choose_database, QKeySequence.StandardKey.Open)
    _action(file, "&Import files…", win.import_files, "Ctrl+I")
    _action(file, "Import &folder…", win.import_folder, "Ctrl+Shift+I")
    export = _action(file, "&Export…", win.export, "Ctrl+E")
    add_merge_action(win, file)
    file.addSeparator()
    _action(file, "Switch &annotator…", win.switch_annotator)
    _action(file, "&Restore backup…", win.restore_backup,
            tip="Replace the database with one of its automatic backups (the current file is kept)")
    file.addSeparator()
    _action(file, "&Quit", win.close, "Ctrl+Q")

    edit = bar.addMenu("&Edit")
    undo, redo = undo_redo_actions(edit, win.ops.stack, "Undo")
    edit.addActions([undo, redo])
    edit.addSeparator()
    delete = _action(edit, "&Delete span", win.delete_span, "Delete", "Backspace")
    note = _action(edit, "Edit &note…", win.edit_note, "F2", tip="Enter in the article does the same")
    _action(edit, "Clear selection", win.clear_selection, "Esc")
    edit.addSeparator()
    chosen = {}
    for text, keys, fn, snap_it in SELECTION_COMMANDS:
        chosen[text] = _action(edit, text, lambda fn=fn, s=snap_it: win.run_selection(fn, s), *keys)
    edit.addSeparator()
    done = _action(edit, "&Mark done and go to next", win.mark_done, "Ctrl+Return", "Ctrl+Enter")
    _action(edit, "Mark s&kipped and go to next", lambda: win.mark_done(Status.SKIPPED), "Ctrl+Shift+Return",
            "Ctrl+Shift+Enter")
    _action(edit, "Reopen article", lambda: win.set_status(Status.IN_PROGRESS))
    _action(edit, "Next article", lambda: win.step_article(1), "Ctrl+PgDown")
    _action(edit, "Previous article", lambda: win.step_article(-1), "Ctrl+PgUp")
    _action(edit, "Next unfinished article", win.next_unfinished, "Ctrl+Shift+PgDown")
    _action(edit, "&Find article…", win.focus_filter, QKeySequence.StandardKey.Find)

    view = bar.addMenu("&View")
    _action(view, "Zoom &in", lambda: win.zoom(1), QKeySequence.StandardKey.ZoomIn, "Ctrl+=")
    _action(view, "Zoom &out", lambda: win.zoom(-1), QKeySequence.StandardKey.ZoomOut)
    _action(view, "&Actual size", lambda: win.zoom(0), "Ctrl+0")
    view.addSeparator()
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
    view.addSeparator()
    show_all = _toggle(view, "Show &everyone's spans", win.settings.show_all, win.set_show_all, "Ctrl+Shift+E")
    snap = _toggle(view, "&Snap selections to words", win.settings.snap, win.set_snap, "Ctrl+Shift+W")
    view.addSeparator()
    _action(view, "&Refresh from the database", win.refresh, "F5",
            tip="Show what another window or command wrote to this file")

    labels_menu = bar.addMenu("&Labels")
    build_review_menu(win, bar)
    help_menu = bar.addMenu("&Help")
    _action(help_menu, "&Keyboard shortcuts", win.show_shortcuts, QKeySequence.StandardKey.HelpContents, "Ctrl+/")
    _action(help_menu, "&About annotator", win.show_about)
    return Actions(undo, redo, delete, note, done, show_all, snap, labels_menu, export, themes,
                   selection=chosen)


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
    _action(menu, "&Edit label scheme…", win.edit_labels)
