"""Small dialogs: the annotator's name, a span's note, the shortcut sheet, About.

Each is a function or a tiny class that returns what the person chose, so the
main window stays free of dialog plumbing and tests can drive them directly.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenuBar,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ... import __version__

__all__ = ["AnnotatorDialog", "NoteDialog", "ShortcutSheet", "resize_to_fit", "shortcut_rows", "show_about"]


_FRAME = (16, 48)  # px a window manager's borders and title bar commonly take


def resize_to_fit(window: QWidget, width: int, height: int) -> None:
    """Resize to ``width`` x ``height``, or less where the screen is smaller (a 1366x768 laptop).

    The window manager's frame (title bar, borders) comes on top of the size
    given here, so room is left for it: else the status bar ends below the screen.
    """
    screen = window.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width() - _FRAME[0]), min(height, room.height() - _FRAME[1])
    window.resize(width, height)


class AnnotatorDialog(QDialog):
    """Asks who is annotating; known names are offered, a new one may be typed."""

    def __init__(self, known: list[str], current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is annotating?")
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.addItems(known)
        self.combo.setCurrentText(current)
        self.combo.lineEdit().setPlaceholderText("Your name or initials")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.combo.currentTextChanged.connect(lambda text: self._ok.setEnabled(bool(text.strip())))
        self._ok.setEnabled(bool(current.strip()))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Spans are saved under this name. By default you see only your own spans,\n"
                "so that other annotators' choices do not bias yours."
            )
        )
        layout.addWidget(self.combo)
        layout.addWidget(buttons)

    def name(self) -> str:
        return self.combo.currentText().strip()

    @classmethod
    def ask(cls, known: list[str], current: str = "", parent: QWidget | None = None) -> str | None:
        """The chosen name, or ``None`` if the person cancelled."""
        dialog = cls(known, current, parent)
        return dialog.name() if dialog.exec() == QDialog.DialogCode.Accepted and dialog.name() else None


class NoteDialog(QDialog):
    """Edits the free-text note of one span; a changed note is never dropped without asking.

    Esc is also the window's "clear selection" key, pressed by reflex, and
    Enter makes a new line here: so Esc or the close button on a changed note
    asks first (Save, Discard, Cancel), and an unchanged one closes at once.
    """

    def __init__(self, excerpt: str, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Note on span")
        self._original = note.strip()
        self.edit = QPlainTextEdit(note)
        self.edit.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # Enter makes a new line in the note, so Ctrl+Enter saves it. No window key that finishes an
        # article is an Enter key (see key_bindings), so a note typed into nothing cannot finish one.
        save = QAction(self)
        save.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        save.triggered.connect(self.accept)
        self.addAction(save)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setToolTip("Save the note (Ctrl+Enter)")
        layout = QVBoxLayout(self)
        quote = QLabel(f"“{excerpt if len(excerpt) < 200 else excerpt[:199] + '…'}”")
        quote.setWordWrap(True)
        layout.addWidget(quote)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        self.resize(420, 220)

    def note(self) -> str:
        return self.edit.toPlainText().strip()

    def reject(self) -> None:
        """Esc, Cancel or the close button: a changed note asks whether to save it first."""
        if self.note() == self._original:
            super().reject()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Discard the note?",
            "The note has changes. Save them before closing?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            self.accept()
        elif answer == QMessageBox.StandardButton.Discard:
            super().reject()


def shortcut_rows(menubar: QMenuBar) -> list[tuple[str, str, str]]:
    """``(menu, action, keys)`` for every action with a shortcut, from the real menus."""
    rows = []

    def walk(title: str, actions: list[QAction]) -> None:
        for action in actions:
            if action.menu() is not None:
                walk(f"{title} ▸ {action.menu().title().replace('&', '')}", action.menu().actions())
            elif action.shortcuts():
                keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
                text = action.property("sheetText") or action.text().replace("&", "").rstrip("….")
                rows.append((title, text, keys))

    for top in menubar.actions():
        if top.menu() is not None:
            walk(top.menu().title().replace("&", ""), top.menu().actions())
    return rows


_EXTRA_KEYS = (
    ("Article", "Select text", "Shift+arrows, Shift+Ctrl+arrows, mouse"),
    ("Article", "Choose a span", "Click it or its label tag (again: the next span under the pointer)"),
    ("Article", "Edit the chosen span's note", "Enter (in the note: Ctrl+Enter saves it)"),
    ("Article", "Cancel the selection", "Esc"),
    ("Find bar", "Next / previous match, close", "Enter / Shift+Enter, Esc"),
    ("Article list filter", "Into the list", "Enter or Down"),
)


_INTRO = (
    "A sentence in two keys: <b>Alt+Down</b> selects the next sentence, "
    "a label key tags it. <b>Alt+Left</b> drops its last word first."
)


class ShortcutSheet(QDialog):
    """Every keyboard shortcut of the window, generated from its menus, and the keys no menu holds.

    The main window's extra rows and opening line are the defaults; the review
    view passes its own (it has no notes, find bar or article list).
    """

    def __init__(
        self,
        menubar: QMenuBar,
        parent: QWidget | None = None,
        *,
        extra: tuple[tuple[str, str, str], ...] = _EXTRA_KEYS,
        intro: str = _INTRO,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(menubar) + list(extra)
        table = QTableWidget(len(rows), 3)
        table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(text))
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        opening = QLabel(intro)
        opening.setWordWrap(True)
        layout.addWidget(opening)
        layout.addWidget(table)
        layout.addWidget(buttons)
        # Every row in view where the screen has room (a 1080 px screen), scrolling on a laptop.
        table.resizeColumnsToContents()
        width = table.horizontalHeader().length() + table.verticalScrollBar().sizeHint().width() + 40
        height = table.verticalHeader().length() + table.horizontalHeader().height() + 130
        resize_to_fit(self, max(640, min(width, 1000)), max(560, height))


def show_about(parent: QWidget) -> None:
    """The About box."""
    QMessageBox.about(
        parent,
        "About annotator",
        f"<h3>annotator {__version__}</h3>"
        "<p>Tag spans of news articles as claim, denial, demand or evidence.</p>"
        "<p>Every edit is saved to the database the moment you make it.</p>",
    )
