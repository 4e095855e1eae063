"""The annotation window: the window itself (``main_window``), its menus and keys (``actions``,
``window_menus``, ``review_menu`` which opens the review view and the agreement report), the side
panels (``article_list``, ``tag_panel`` over ``models``), the article pane, keyboard navigation of
spans and articles, the label dialog, and ``operations``, the only path from widgets to the store,
every edit an undoable command.

The top surface: it may import every other subpackage; none imports it.
"""
