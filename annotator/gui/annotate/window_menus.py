"""What the File, View, Labels and Help menus do, as a mixin of the main window.

Kept apart from :mod:`main_window` (which turns gestures into edits) because
these commands change *where* the window works: which database, which
annotator, how the article looks, which dialog is open. They rely on the
window's ``ops``, ``settings``, ``store``, views and loaders.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from ...words import plural
from ..common.dialogs import AnnotatorDialog, ShortcutSheet, show_about
from ..common.settings import DEFAULT_POINT_SIZE
from ..common.theme import apply_theme
from ..dialogs.import_dialog import run_import, summary_box, unowned_spans
from ..dialogs.key_bindings import KeyBindingsDialog
from ..safekeeping.read_guard import guarded
from ..safekeeping.recovery import open_or_recover, restore_from_menu
from ..safekeeping.safety import refresh
from .label_dialog import LabelSchemeDialog

if TYPE_CHECKING:
    from .main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object

__all__ = ["MenuCommands"]


class MenuCommands(_Base):
    """File, View, Labels and Help commands of :class:`MainWindow`."""

    # -- view settings ---------------------------------------------------------------

    def zoom(self, step: int) -> None:
        """Bigger (1), smaller (-1) or default (0) article text."""
        size = DEFAULT_POINT_SIZE if step == 0 else min(max(self.view.point_size() + step, 6.0), 48.0)
        self.view.set_point_size(size)
        self.settings.point_size = size

    def set_theme(self, theme: str) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        apply_theme(app, theme)
        self.settings.theme = theme
        self._style_selection()
        self.reload_labels()  # the label buttons have style sheets: they take a new palette only when rebuilt

    def _system_scheme_changed(self) -> None:
        if self.settings.theme == "system":
            self.set_theme("system")

    def _style_selection(self) -> None:
        self.view.restyle_selection()

    def set_show_all(self, on: bool) -> None:
        self.settings.show_all = on
        self.panel.show_annotators(on)
        if self.doc is not None:
            self.open_article(self.doc.id, force=True)

    def set_snap(self, on: bool) -> None:
        self.settings.snap = on
        self.view.set_snap(on)  # the dashed outline shows what a label key will tag
        self.message("Selections snap to whole words." if on else "Selections are taken character by character.")

    def set_label_names(self, on: bool) -> None:
        """View ▸ Show label names on spans: a tag with its label's name above each span."""
        self.settings.label_names = on
        self.view.set_label_names(on)

    # -- annotator and database ------------------------------------------------------------

    @guarded("the list of annotators")
    def switch_annotator(self) -> None:
        name = AnnotatorDialog.ask(self.store.annotators(), self.annotator, self)
        if name:
            self.set_annotator(name)

    def set_annotator(self, name: str) -> None:
        """Work as ``name`` from now on (the undo history belongs to the previous one)."""
        self.ops.stack.clear()
        self.ops.annotator = name
        self.settings.annotator = name
        self.reload_articles()
        self.open_article(self.current_id if self.current_id is not None else self._first_article(), force=True)
        self._update_title()

    def choose_database(self) -> None:
        """Pick an existing database, or type a new name to create one."""
        dialog = QFileDialog(
            self,
            "Open or create a database",
            str(self.store.path.parent if self.store.path else Path.home()),
            "Annotator databases (*.db *.sqlite);;All files (*)",
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)  # so that a new name is accepted
        dialog.setOption(QFileDialog.Option.DontConfirmOverwrite)  # an existing file is opened, not replaced
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, "Open")
        dialog.setDefaultSuffix("db")
        if dialog.exec() and dialog.selectedFiles():
            self.open_database(Path(dialog.selectedFiles()[0]))

    def open_database(self, path: Path) -> bool:
        """Switch to another database file (created if it does not exist)."""
        store = open_or_recover(path, self)  # a damaged file: its message, and a backup offered
        if store is None:
            return False
        old = self.store
        self.remember_place()  # of the article left in the old file
        self.close_other_windows()  # the review and the report read the file about to be closed
        self.ops.stack.clear()
        self.ops.store = store
        self.doc = None
        self.reads.forget()
        old.close()
        self.settings.last_database = path
        self.places = self.settings.places(store.path)
        self.reload_labels()
        self.reload_articles()
        self.open_article(self._first_article(), force=True)
        self._update_title()
        self.safety.store_changed()
        return True

    def restore_backup(self) -> None:
        """File ▸ Restore backup…"""
        restore_from_menu(self)

    def refresh(self) -> None:
        """View ▸ Refresh: re-read what another window or command wrote to the file."""
        refresh(self)
        self.message("Re-read the database.")

    def refuse_readonly(self) -> bool:
        """Say so, and return ``True``, when the database cannot be changed."""
        if self.store.readonly:
            self.message(f"{self.store.path} is open read-only; nothing can be changed.")
        return self.store.readonly

    def import_paths(self, paths: list[Path]) -> QMessageBox | None:
        """Import files or folders, then show what happened (the summary box is returned)."""
        if self.refuse_readonly():
            return None
        result = run_import(self, self.store, paths)
        if result is None:
            return None
        if unowned_spans(result) and self._take_unowned_spans(unowned_spans(result)):
            # The articles are duplicates now; only the unowned spans are added, as ours.
            again = run_import(self, self.store, paths, unowned_to=self.annotator)
            result = again if again is not None else result
        self.reload_articles()
        if self.doc is None:
            self.open_article(self._first_article())
        box = summary_box(self, result)
        box.open()
        return box

    def _take_unowned_spans(self, records: int) -> bool:
        answer = QMessageBox.question(
            self,
            "Spans without an annotator",
            f"In {plural(records, 'record')} the file names no annotator for its spans. Import those spans as yours "
            f"({self.annotator})?",
        )
        return answer == QMessageBox.StandardButton.Yes

    def import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            "Import articles",
            str(Path.home()),
            "Articles (*.txt *.md *.html *.htm *.json *.jsonl);;All files (*)",
        )
        if files:
            self.import_paths([Path(f) for f in files])

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of articles", str(Path.home()))
        if folder:
            self.import_paths([Path(folder)])

    @guarded("the annotators and labels to export")
    def export(self) -> None:
        from ..dialogs.export_dialog import ExportDialog

        ExportDialog(self.store, self.annotator, self).exec()

    # -- dialogs ---------------------------------------------------------------------

    @guarded("the label scheme")
    def edit_labels(self) -> None:
        if self.refuse_readonly():
            return
        LabelSchemeDialog(self.ops, self).exec()

    @guarded("the label keys")
    def edit_key_bindings(self) -> KeyBindingsDialog | None:
        """Edit ▸ Key bindings…: change the keys of the window's commands (remembered)."""
        labels = {lab.name: lab.key for lab in self.store.labels.all() if lab.key}
        dialog = KeyBindingsDialog(self.actions_.by_name, labels, self)
        dialog.accepted.connect(lambda: self.apply_key_bindings(dialog.changes()))
        dialog.open()
        return dialog

    def apply_key_bindings(self, changes: dict[str, list[str] | None]) -> None:
        """Bind the keys ``changes`` names (``None``: the defaults again) and remember them."""
        for name, keys in changes.items():
            action = self.actions_.by_name[name]
            self.settings.set_keys(name, keys)
            chosen = keys if keys is not None else list(action.property("defaultKeys") or [])
            action.setShortcuts([QKeySequence(k) for k in chosen])
        self.settings.sync()
        if self.review_window is not None:
            self.review_window.rebind_keys()  # its gold lane has the selection commands too
        if changes:
            self.message(f"Changed the keys of {plural(len(changes), 'command')}.")

    def show_shortcuts(self) -> None:
        ShortcutSheet(self.menuBar(), self).exec()

    def show_about(self) -> None:
        show_about(self)
