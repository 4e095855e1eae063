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

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from ...command_keys import default_keys, label_key_refusal
from ...model import Label, Status
from ..common.keys import bound_keys, held_keys, label_keys, undo_redo_actions
from ..common.theme import THEMES
from ..text.selection_commands import SELECTION_COMMANDS, SELECTION_NAMES
from .review_menu import add_merge_action, build_review_menu

if TYPE_CHECKING:
    from .main_window import MainWindow

__all__ = ["Actions", "build_menus", "rebuild_label_actions"]


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

    def bind(self, action: QAction, name: str) -> QAction:
        """Give ``action`` its settings name, its default keys (:mod:`command_keys`), and the keys the
        annotator chose."""
        defaults, now = bound_keys(self.win.settings, name, default_keys(name))
        action.setObjectName(name)
        action.setProperty("defaultKeys", defaults)
        action.setShortcuts(now)
        self.by_name[name] = action
        return action

    def action(self, menu: QMenu, name: str, text: str, slot: Callable[[], object], tip: str = "") -> QAction:
        action = QAction(text, menu)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return self.bind(action, name)

    def toggle(self, menu: QMenu, name: str, text: str, on: bool, slot: Callable[[bool], object]) -> QAction:
        action = QAction(text, menu)
        action.setCheckable(True)
        action.setChecked(on)
        action.toggled.connect(slot)
        menu.addAction(action)
        return self.bind(action, name)


def build_menus(win: MainWindow) -> Actions:
    """Create the menu bar of ``win``."""
    b = _Builder(win)
    bar = win.menuBar()
    file = bar.addMenu("&File")
    b.action(file, "open_database", "&Open or create database…", win.choose_database)
    b.action(file, "import_files", "&Import files…", win.import_files)
    b.action(file, "import_folder", "Import &folder…", win.import_folder)
    export = b.action(file, "export", "&Export…", win.export)
    b.bind(add_merge_action(win, file), "merge")
    file.addSeparator()
    b.action(file, "switch_annotator", "Switch &annotator…", win.switch_annotator)
    b.action(
        file,
        "restore_backup",
        "&Restore backup…",
        win.restore_backup,
        tip="Replace the database with one of its automatic backups (the current file is kept)",
    )
    file.addSeparator()
    b.action(file, "quit", "&Quit", win.close)

    edit = bar.addMenu("&Edit")
    undo, redo = undo_redo_actions(edit, win.ops.stack, "Undo", win.message)
    b.bind(undo, "undo")
    b.bind(redo, "redo")
    edit.addActions([undo, redo])
    edit.addSeparator()
    _span_actions(b, edit)
    edit.addSeparator()
    chosen = {}
    for name, (text, _keys, fn, snap_it) in zip(SELECTION_NAMES, SELECTION_COMMANDS):
        chosen[text] = b.action(edit, name, text, lambda fn=fn, s=snap_it: win.run_selection(fn, s))
    edit.addSeparator()
    done = _article_actions(b, edit)
    edit.addSeparator()
    _find_actions(b, edit)
    edit.addSeparator()
    b.action(
        edit,
        "key_bindings",
        "&Key bindings…",
        win.edit_key_bindings,
        tip="Change the keys of the window's commands (for keys your desktop takes)",
    )

    view = bar.addMenu("&View")
    b.action(view, "zoom_in", "Zoom &in", lambda: win.zoom(1))
    b.action(view, "zoom_out", "Zoom &out", lambda: win.zoom(-1))
    b.action(view, "zoom_reset", "&Actual size", lambda: win.zoom(0))
    view.addSeparator()
    themes = _theme_menu(win, view)
    view.addSeparator()
    show_all = b.toggle(view, "show_all", "Show &everyone's spans", win.settings.show_all, win.set_show_all)
    names = b.toggle(view, "label_names", "Show &label names on spans", win.settings.label_names, win.set_label_names)
    snap = b.toggle(view, "snap", "&Snap selections to words", win.settings.snap, win.set_snap)
    view.addSeparator()
    b.action(
        view,
        "refresh",
        "&Refresh from the database",
        win.refresh,
        tip="Show what another window or command wrote to this file",
    )

    labels_menu = bar.addMenu("&Labels")
    review = build_review_menu(win, bar)
    b.bind(review.review, "review_article")
    b.bind(review.agreement, "agreement_report")
    help_menu = bar.addMenu("&Help")
    b.action(help_menu, "shortcuts", "&Keyboard shortcuts", win.show_shortcuts)
    b.action(help_menu, "about", "&About annotator", win.show_about)
    return Actions(
        undo,
        redo,
        b.by_name["delete_span"],
        b.by_name["edit_note"],
        done,
        show_all,
        snap,
        labels_menu,
        export,
        themes,
        selection=chosen,
        label_names=names,
        by_name=b.by_name,
    )


def _span_actions(b: _Builder, edit: QMenu) -> None:
    win = b.win
    b.action(
        edit, "choose_span", "C&hoose the span at the cursor (again: the next one there)", win.choose_span_at_cursor
    )
    b.action(edit, "next_span", "Ne&xt span", lambda: win.step_span(1))
    b.action(edit, "previous_span", "Pre&vious span", lambda: win.step_span(-1))
    b.action(edit, "delete_span", "&Delete span", win.delete_span)
    b.action(edit, "edit_note", "Edit &note…", win.edit_note, tip="Enter in the article does the same")
    b.action(edit, "clear_selection", "Clear selection", win.clear_selection)


def _article_actions(b: _Builder, edit: QMenu) -> QAction:
    win = b.win
    done = b.action(edit, "mark_done", "&Mark done and go to next", win.mark_done)
    b.action(edit, "mark_skipped", "Mark s&kipped and go to next", lambda: win.mark_done(Status.SKIPPED))
    b.action(edit, "reopen_article", "Reopen article", lambda: win.set_status(Status.IN_PROGRESS))
    b.action(edit, "next_article", "Next article", lambda: win.step_article(1))
    b.action(edit, "previous_article", "Previous article", lambda: win.step_article(-1))
    b.action(edit, "next_unfinished", "Next unfinished article", win.next_unfinished)
    return done


def _find_actions(b: _Builder, edit: QMenu) -> None:
    win = b.win
    b.action(edit, "find", "&Find in the article…", win.find_bar.open)
    b.action(edit, "find_next", "Find next", lambda: win.find_bar.step(1))
    b.action(edit, "find_previous", "Find previous", lambda: win.find_bar.step(-1))
    b.action(edit, "filter", "Filter the article &list…", win.focus_filter)


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


def rebuild_label_actions(win: MainWindow, actions: Actions, labels: list[Label]) -> None:
    """One "Tag as …" action per active label, keyed as the scheme says, then the editor."""
    menu = actions.labels_menu
    menu.clear()  # deletes the old actions: the menu owns them
    actions.label_actions.clear()
    held = held_keys(actions.by_name)
    for label in labels:
        action = QAction(f"Tag as {label.name}", menu)
        clash = label_key_refusal(label.key, held)  # a scheme from before the check, or a settings file
        if clash is None:
            action.setShortcuts(label_keys(label))
        else:
            win.message(f"The key of label {label.name} is left unbound: {clash}.")
        action.setToolTip(label.guideline)
        action.triggered.connect(lambda _=False, name=label.name: win.apply_label(name))
        menu.addAction(action)
        actions.label_actions[label.name] = action
    menu.addSeparator()
    editor = QAction("&Edit label scheme…", menu)
    editor.triggered.connect(lambda _=False: win.edit_labels())
    menu.addAction(editor)
