"""The annotation window (PySide6), on top of the Qt-free core.

Map of the package:

- ``app``: ``run()`` and ``launch()``: application, database, annotator name;
- ``display``: whether a window can open here (display, Qt's system libraries), asked before Qt loads, no Qt;
- ``main_window``: the window; turns gestures into operations, applies changes;
- ``window_menus``: what File, View, Labels and Help do (database, annotator, theme, dialogs);
- ``operations``: the only path from widgets to the store; undoable commands;
- ``document``: the open article (text, UTF-16 map, shown spans), no Qt;
- ``span_index``: spans by position with underline lanes, no Qt;
- ``selection``: word snapping, grow/shrink, sentences and clauses, no Qt;
- ``article_pane``: title and metadata over ``article_view``, the read-only article with painted spans (``span_paint`` paints fills,
  underlines, outlines and label tags on the visible lines); ``find_bar``: find in the article;
- ``span_navigation``: choosing spans from the keyboard; ``reading_place``: where each article
  was left (caret, selection, scroll);
- ``key_bindings``: Edit ▸ Key bindings, and which keys a command may not take (the default keys
  themselves are ``annotator.command_keys``, which the CLI reads too); ``text_field_keys``: which keys
  a filter or find box keeps and which reach the window's commands; ``pane_splitter``: the three panes,
  the article always the widest;
- ``models``: item models for the article list and the span list;
- ``article_list``, ``tag_panel``: the side panels;
- ``actions``: menus and keys; ``dialogs``, ``label_dialog``, ``import_dialog``,
  ``export_dialog``: dialogs; ``settings``, ``theme``: what is remembered and how it looks;
- ``demo``: the README's screenshots, ``python -m annotator.gui.demo --out docs/`` (never imported by the
  application);
- ``safety``: rolling backups (on opening, every few minutes of editing, ``backup_before``
  a risky operation), the read-only banner, re-reading the file on return and on F5;
- ``recovery``, ``backup_dialog``: restoring a backup (File ▸ Restore backup…, or offered
  when a damaged database is opened).
- ``review_menus``: File ▸ Merge annotations and the Review menu, as a mixin of the window;
  ``merge_dialog``: merging other annotators' files with progress and a summary of conflicts;
- ``agreement_window``: the agreement report (``agreement_models`` its tables, ``heatmap``
  a confusion matrix per pair);
- ``review_window``: the review view (``review_lanes`` one lane per annotator and gold,
  ``review_panel`` items and candidates, ``review_navigation`` articles and annotators,
  ``review_decisions`` what the keys decide, ``review_flow`` what comes after a decision and
  the question before marking an article adjudicated, ``review_actions`` its menus and keys);
  ``review_operations``: the only path from it to the gold layer, undoable decisions;
- ``demo_review``: three demonstration annotators who disagree, for the screenshots and tests.

Widgets never run SQL: reads use ``Store`` methods, writes go through ``operations``
(``review_operations`` for gold decisions).
"""
