"""The review view: one lane per annotator and gold (``lanes``), items and candidates (``panel``),
articles and annotators (``navigation``), what the keys decide (``decisions``), what follows a
decision (``flow``), its menus and keys (``actions``), and the only path to the gold layer,
undoable decisions (``operations``).

Imports the lower subpackages, never the annotation window.
"""
