"""The review window's menus and keys, declared in one place (as :mod:`actions` does for the main window).

Label keys take a decision with that label (a new gold span on a selection,
or the chosen candidate relabelled), so they stay what the scheme says; the
review keys are function keys, Alt+digits, Return and Delete, plus a few
letters (N, P, A, X) that are dropped when a label already uses them.
Marking an article adjudicated is Ctrl+D, the main window's mark-done key,
never a key a dialog confirms with. The gold lane's selection keys are the
main window's commands of the same names (``SELECTION_NAMES``), bound as
Edit ▸ Key bindings set them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from ...model import Label
from ..common.dialogs import ShortcutSheet
from ..common.keys import bound_keys, label_keys, undo_redo_actions
from ..text.selection_commands import SELECTION_COMMANDS, SELECTION_NAMES

if TYPE_CHECKING:
    from .window import ReviewWindow

_EXTRA_KEYS = (
    ("Lanes", "Choose a span", "Click it (again: the next span under the pointer)"),
    ("Gold lane", "Select text (new boundaries)", "Shift+arrows, mouse; a selection in any lane is copied there"),
    ("Mark adjudicated?", "Keep reviewing / mark it anyway", "Return or Esc / Alt+M"),
)
_INTRO = (
    "One key per decision: <b>Return</b> accepts the chosen span, <b>Delete</b> rejects it, and the next "
    "undecided item comes by itself. <b>Ctrl+D</b> marks the article adjudicated."
)

__all__ = ["ReviewActions", "bind_selection_keys", "build_review_window_menus", "rebuild_review_label_actions"]


@dataclass
class ReviewActions:
    """Actions tests and the side panel reach by name."""

    undo: QAction
    redo: QAction
    next_item: QAction
    previous_item: QAction
    accept: QAction
    reject: QAction
    withdraw: QAction
    accept_agreed: QAction
    adjudicated: QAction
    labels_menu: QMenu
    candidates: list[QAction] = field(default_factory=list)
    selection: dict[str, QAction] = field(default_factory=dict)  # by the names in SELECTION_NAMES
    label_actions: dict[str, QAction] = field(default_factory=dict)


def _action(menu: QMenu, text: str, slot: Callable[[], object], *keys: str, tip: str = "", button: str = "") -> QAction:
    action = QAction(text, menu)
    if button:  # the side panel's button shows this shorter text, so the panel stays narrow
        action.setIconText(button)
    if keys:
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setToolTip(f"{text} ({keys[0]})")
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def build_review_window_menus(win: ReviewWindow, label_keys: set[str]) -> ReviewActions:
    """Menus of the review window; single letters a label uses are left out."""

    def keys(*wanted: str) -> tuple[str, ...]:
        return tuple(k for k in wanted if not (len(k) == 1 and k.lower() in label_keys))

    bar = win.menuBar()
    review = bar.addMenu("&Review")
    next_item = _action(review, "&Next disagreement", lambda: win.step(1), *keys("F8", "N"), button="Next ▶")
    previous_item = _action(
        review, "&Previous disagreement", lambda: win.step(-1), *keys("Shift+F8", "P"), button="◀ Previous"
    )
    review.addSeparator()
    candidates = [
        _action(review, f"Choose candidate {n}", lambda n=n: win.choose_candidate(n - 1), f"Alt+{n}")
        for n in range(1, 10)
    ]
    review.addSeparator()
    accept = _action(
        review,
        "&Accept chosen span",
        win.accept,
        *keys("Return", "Enter", "A"),
        tip="Into gold as it is, or with the boundaries selected in the gold lane",
        button="Accept",
    )
    reject = _action(
        review,
        "&Reject chosen span",
        win.reject,
        *keys("Delete", "X"),
        tip="Decide that the chosen span stays out of gold",
        button="Reject",
    )
    withdraw = _action(
        review,
        "&Withdraw chosen gold span",
        win.withdraw,
        "Shift+Delete",
        tip="Click a span in the gold lane first",
        button="Withdraw gold",
    )
    accept_agreed = _action(review, "Accept all a&greed", win.accept_agreed, "Ctrl+Shift+A", button="Accept agreed")
    review.addSeparator()
    adjudicated = _action(
        review, "&Mark adjudicated and go to next", win.mark_adjudicated, "Ctrl+D", button="Adjudicated ✓"
    )
    _action(review, "Re&open article for review", win.reopen)
    _action(review, "Next article", lambda: win.step_article(1), "Ctrl+PgDown")
    _action(review, "Previous article", lambda: win.step_article(-1), "Ctrl+PgUp")
    review.addSeparator()
    _action(review, "&Close", win.close, "Ctrl+W")

    edit = bar.addMenu("&Edit")
    undo, redo = undo_redo_actions(edit, win.ops.stack, "Undo the last decision", win.message)
    undo.setIconText("Undo")  # its text names the step ("Undo Accept alice's claim"): too wide for a button
    edit.addActions([undo, redo])
    edit.addSeparator()
    _action(edit, "Clear choice and selection", win.clear_choice, "Esc")
    selection = {
        name: _action(edit, text + " (gold lane)", lambda fn=fn, s=snap_it: win.run_selection(fn, s))
        for name, (text, _keys, fn, snap_it) in zip(SELECTION_NAMES, SELECTION_COMMANDS)
    }

    view = bar.addMenu("&View")
    _action(view, "Zoom &in", lambda: win.zoom(1), "Ctrl++", "Ctrl+=")
    _action(view, "Zoom &out", lambda: win.zoom(-1), "Ctrl+-")
    bar.addMenu(win.annotator_menu)  # whose spans are compared; the toolbar button shows the same menu
    labels_menu = bar.addMenu("&Labels")
    help_menu = bar.addMenu("&Help")
    _action(
        help_menu,
        "&Keyboard shortcuts",
        lambda: ShortcutSheet(win.menuBar(), win, extra=_EXTRA_KEYS, intro=_INTRO).exec(),
        "F1",
    )
    actions = ReviewActions(
        undo,
        redo,
        next_item,
        previous_item,
        accept,
        reject,
        withdraw,
        accept_agreed,
        adjudicated,
        labels_menu,
        candidates,
        selection,
    )
    bind_selection_keys(win, actions)
    return actions


def bind_selection_keys(win: ReviewWindow, actions: ReviewActions) -> None:
    """The gold lane's selection keys, as Edit ▸ Key bindings in the main window set them."""
    for name, (text, defaults, _fn, _snap) in zip(SELECTION_NAMES, SELECTION_COMMANDS):
        keys = bound_keys(win.settings, name, defaults)[1]
        action = actions.selection[name]
        action.setShortcuts(keys)
        action.setToolTip(f"{text} ({keys[0].toString()})" if keys else text)


def rebuild_review_label_actions(win: ReviewWindow, actions: ReviewActions, labels: list[Label]) -> None:
    """One action per active label: a new gold span on the selection, or the candidate relabelled."""
    menu = actions.labels_menu
    menu.clear()
    actions.label_actions.clear()
    for label in labels:
        action = QAction(f"Gold {label.name}", menu)
        action.setShortcuts(label_keys(label))
        action.setStatusTip(
            f"Selection in the gold lane becomes a {label.name} gold span; "
            f"or the chosen span goes to gold as {label.name}"
        )
        action.triggered.connect(lambda _=False, name=label.name: win.apply_label(name))
        menu.addAction(action)
        actions.label_actions[label.name] = action
