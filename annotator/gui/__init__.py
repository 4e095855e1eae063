"""The annotation window (PySide6), on top of the Qt-free core.

One subpackage per surface, each importing only those below it (``tests/test_architecture.py``
keeps the order):

- ``common``: theme, settings, the undo step, small dialogs, reading places, the keys both windows
  share (``keys``; the default keys themselves are ``annotator.command_keys``, which the CLI reads too)
  and which keys a filter or find box keeps (``text_field_keys``);
- ``text``: the article on screen (view, painting, the document and its UTF-16 map, span index,
  selection snapping, find);
- ``safekeeping``: backups, the read-only banner, restores, damaged-page reads;
- ``dialogs``: import, export, merge, key bindings;
- ``agreement``: the agreement report window;
- ``review``: the review view and its undoable gold decisions;
- ``annotate``: the annotation window, its menus, panels (``pane_splitter``: the article always the
  widest) and operations (every edit an undoable command, the only path from widgets to the store);
- ``screenshots``: the README's pictures (never imported by the application).

Beside them, ``app`` (``run()`` and ``launch()``: application, database, annotator name) and
``window_check`` (whether a window can open here, asked before Qt loads, no Qt).

Widgets never run SQL: reads use ``Store`` methods, writes go through ``annotate.operations``
(``review.operations`` for gold decisions).
"""
